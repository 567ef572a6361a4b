import json
import subprocess
import sys

import pytest
from shapely.geometry import mapping

from territory.geodata import unit_geometries
from territory.paths import REPO_ROOT


def run(*args):
    proc = subprocess.run([sys.executable, "-m", "territory", *map(str, args)], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=300)
    return proc.returncode, proc.stdout, proc.stderr


@pytest.fixture(scope="module")
def maps(tmp_path_factory):
    folder = tmp_path_factory.mktemp("maps")
    units = dict(zip(*[unit_geometries("full")[c] for c in ("iso", "geometry")], strict=True))
    for name, isos in [("deepstatemap_data_20250528.geojson", ["UA-43", "UA-40", "UA-09"]),
                       ("2025-05-31.geojson", ["UA-43", "UA-40", "UA-09", "UA-14"])]:
        doc = {"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"status": "occupied"}, "geometry": mapping(units[i])} for i in isos]}
        (folder / name).write_text(json.dumps(doc), encoding="utf-8")
    return folder


def test_json_uses_the_summary_keys(maps):
    code, out, err = run("derive", maps / "deepstatemap_data_20250528.geojson", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["date"] == "2025-05-28"
    unit = next(u for u in data["units"] if u["iso"] == "UA-09")
    assert set(unit) >= {"iso", "name", "controlled_pct", "low_pct", "high_pct", "controlled_km2", "sources"}
    assert unit["controlled_pct"] == 100
    assert set(data["total"]) >= {"controlled_km2", "pct_of_ukraine"}


def test_needs_a_date(tmp_path, maps):
    nameless = tmp_path / "map.geojson"
    nameless.write_bytes((maps / "2025-05-31.geojson").read_bytes())
    code, _, err = run("derive", nameless)
    assert code == 1 and "no date: give --date" in err
    code, out, _ = run("derive", nameless, "--date", "2025-06-01", "--format", "csv")
    assert code == 0 and "2025-06-01,map.geojson,UA-14" in out


def test_many_files_to_a_folder_make_valid_snapshots(tmp_path, maps):
    out = tmp_path / "snapshots"
    out.mkdir()
    code, stdout, err = run("derive", maps, "--filter", "status=occupied", "--out", out)
    assert code == 0, err
    assert "[1/2]" in err and "[2/2]" in err  # progress
    assert sorted(p.name for p in out.iterdir()) == ["2025-05-28.csv", "2025-05-31.csv", "sources.csv"]
    code, stdout, err = run("validate", out)
    assert code == 0, err
    assert "2 snapshots" in stdout
    sources = (out / "sources.csv").read_text()
    assert "deepstatemap_data_20250528.geojson" in sources and "estimate" in sources
    # never overwritten without --force
    before = (out / "2025-05-28.csv").read_bytes()
    code, _, err = run("derive", maps, "--out", out)
    assert code == 1 and "exists; not replaced (use --force)" in err
    assert (out / "2025-05-28.csv").read_bytes() == before
    code, _, err = run("derive", maps, "--out", out, "--force")
    assert code == 0, err


def test_bad_input_exit_1_with_message(tmp_path):
    bad = tmp_path / "points_20250528.geojson"
    bad.write_text(json.dumps({"type": "Feature", "properties": {},
                               "geometry": {"type": "Point", "coordinates": [35, 48]}}))
    code, _, err = run("derive", bad)
    assert code == 1 and "not a polygon layer" in err and "Traceback" not in err
