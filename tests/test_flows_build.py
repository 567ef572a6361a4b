"""``territory series changes``: the flows of a built series, from the same archive, byte for byte."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from territory.cli.main import main
from territory.data.flows import flows_dir, load_flows
from territory.data.units import load_units

FIXTURES = Path(__file__).parent / "fixtures" / "deepstate"


@pytest.fixture
def built(tmp_path):
    """A two-day series built from two real maps: the end of 2022 and a map named by the next day."""
    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(FIXTURES / "1672528847.geojson", archive)
    shutil.copy(FIXTURES / "deepstatemap_data_20260101.geojson", archive / "map_2023-01-01.geojson")
    out = tmp_path / "series"
    assert main(["series", "build", str(archive), "--out", str(out), "--jobs", "1"]) == 0
    return archive, out


def test_changes_are_written_beside_the_series_and_rebuilt_byte_for_byte(built, capsys):
    archive, out = built
    assert main(["series", "changes", str(archive), "--series", str(out)]) == 0
    assert "(written)" in capsys.readouterr().out
    flows = load_flows(out, load_units())
    assert [(p.previous_day.isoformat(), p.day.isoformat()) for p in flows.polygon] == [("2022-12-31", "2023-01-01")]
    assert any(r.unit == "UA-14" and r.gained_km2 > 1000 for r in flows.units)
    written = {p.name: p.read_bytes() for p in flows_dir(out).iterdir()}
    assert main(["series", "changes", str(archive), "--series", str(out)]) == 0
    assert "(unchanged)" in capsys.readouterr().out
    assert {p.name: p.read_bytes() for p in flows_dir(out).iterdir()} == written
    assert main(["validate", str(flows_dir(out) / "land.csv"), str(flows_dir(out) / "deepstate-area.csv")]) == 0


def test_a_map_the_archives_lack_is_named_and_nothing_is_written(built, tmp_path, capsys):
    _archive, out = built
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(FIXTURES / "1672528847.geojson", other)
    assert main(["series", "changes", str(other), "--series", str(out)]) == 1
    assert "the series names map_2023-01-01.geojson, which no archive given holds" in capsys.readouterr().err
    assert not flows_dir(out).exists()


def test_validate_finds_flows_that_skip_a_series_day_but_lets_them_end_early(tmp_path):
    from territory.data.validate import validate_repository
    from tests.dataroot import copy_data_root

    paths = copy_data_root(tmp_path / "root")
    folder = paths.series_dir / "changes"
    area, land = folder / "deepstate-area.csv", folder / "land.csv"
    days = [line.split(",", 1)[0] for line in area.read_text(encoding="utf-8").splitlines()[1:]]

    def keep(path: Path, wanted) -> None:
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text(lines[0] + "".join(line for line in lines[1:] if wanted(line.split(",", 1)[0])),
                        encoding="utf-8")

    # days added by `series update` since the flows were built: the flows end early, which is allowed
    keep(area, lambda day: day < days[-5])
    keep(land, lambda day: day < days[-5])
    assert not [p for p in validate_repository(paths.root).problems if "changes" in p.path]
    # a day of the series skipped inside the flows is a problem
    keep(area, lambda day: day != days[2])
    keep(land, lambda day: day != days[2])
    problems = [str(p) for p in validate_repository(paths.root).problems]
    assert any("deepstate-area.csv" in p and "out of order or leaves a gap" in p for p in problems), problems
