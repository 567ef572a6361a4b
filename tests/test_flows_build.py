"""``territory series changes``: the flows of a built series, from the same archive, byte for byte."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from territory.cli import main
from territory.flows import flows_dir, load_flows
from territory.units import load_units

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
