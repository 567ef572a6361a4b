"""Small command-line points of issue 25's review: the summary's rows carry the same keys at every level, a
closed pipe ends quietly, ``export`` takes ``--unit`` as ``summary`` and ``settlements`` do, ``validate`` names
the files below the oblast it checked, and a file-level problem is not put on line 0."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from territory.base.paths import data_root
from territory.cli.main import main
from territory.data.subunit_series import series_days
from territory.data.units import unit_name

KEYS = {"code", "name_en", "name_uk", "controlled_pct", "controlled_km2"}


@pytest.mark.parametrize("level", ["oblast", "raion", "hromada"])
def test_summary_json_rows_carry_code_names_and_figures_at_every_level(level, capsys):
    day = series_days()[-1]
    assert main(["summary", "--date", day.isoformat(), "--level", level, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    rows = data["units"] if level == "oblast" else data["rows"]
    assert rows and all(KEYS <= set(r) for r in rows)
    if level == "oblast":  # the keys it always had stay
        assert all({"iso", "name", "low_pct", "high_pct", "kind", "sources"} <= set(r) for r in rows)
        donetsk = next(r for r in rows if r["code"] == "UA-14")
        assert (donetsk["name_en"], donetsk["name_uk"]) == (unit_name("UA-14", "en"), unit_name("UA-14", "uk"))


def test_a_closed_pipe_ends_quietly():
    """``territory settlements ... | head -1``: no BrokenPipeError traceback."""
    proc = subprocess.Popen([sys.executable, "-m", "territory", "settlements", "--unit", "UA-14", "--format", "json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert "Traceback" not in err and "BrokenPipeError" not in err, err


def test_export_takes_unit_as_an_alias_of_units():
    from territory.cli.main import _register_extra_commands, build_parser

    _register_extra_commands()
    args = build_parser().parse_args(["export", "--unit", "UA-14", "--format", "csv", "--out", "x.csv"])
    assert args.units == "UA-14"


def test_validate_names_the_files_below_the_oblast_it_checked(capsys):
    root = data_root()
    files = [root / "geodata" / "settlements.csv", root / "series" / "subunits" / "settlements.csv",
             root / "series" / "subunits" / "hromadas.csv"]
    assert main(["validate", *map(str, files)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK")
    for name in ("geodata/settlements.csv", "series/subunits/settlements.csv", "series/subunits/hromadas.csv"):
        assert name in out, out


def test_a_missing_sibling_file_is_not_reported_on_line_0(tmp_path, capsys):
    series = tmp_path / "series" / "subunits"
    series.mkdir(parents=True)
    (tmp_path / "geodata").mkdir()
    shutil.copy(data_root() / "series" / "subunits" / "hromadas.csv", series / "hromadas.csv")
    assert main(["validate", str(series / "hromadas.csv")]) == 1
    err = capsys.readouterr().err
    assert "hromadas.csv:1: needs subunits_web.geojson" in err, err
    assert ":0:" not in err
