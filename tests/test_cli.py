import json
import subprocess
import sys

import pytest

from territory.paths import DEMANDS_PATH, REPO_ROOT, SNAPSHOT_DIR, SOURCES_PATH


def run(*args, cwd=REPO_ROOT):
    proc = subprocess.run([sys.executable, "-m", "territory", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=120)
    return proc.returncode, proc.stdout, proc.stderr


def test_validate_repository_passes():
    code, out, err = run("validate")
    assert code == 0, err
    assert out.startswith("OK: ") and "snapshots from 2022-02-23 to 2026-08-21" in out and "27 units" in out
    assert out.count("\n") == 1
    assert "Traceback" not in err


def test_validate_rejects_broken_snapshot(tmp_path):
    bad = tmp_path / "2025-05-28.csv"
    text = (SNAPSHOT_DIR / "2025-05-28.csv").read_text(encoding="utf-8")
    bad.write_text(text.replace("UA-14,70.92", "UA-14,170.92").replace("UA-09,", "Atlantis,"), encoding="utf-8")
    code, out, err = run("validate", bad)
    assert code == 1
    lines = err.strip().splitlines()
    assert any(line.startswith(f"{bad}:4: unknown unit 'Atlantis'") for line in lines), err
    assert any(line.startswith(f"{bad}:6: controlled_pct: 170.92 is outside 0-100") for line in lines), err
    assert "Traceback" not in err


def test_validate_rejects_broken_sources(tmp_path):
    bad = tmp_path / "sources.csv"
    bad.write_text(SOURCES_PATH.read_text(encoding="utf-8") + "reuters-2025-05-28,X,Y,2025,,,published,\n",
                   encoding="utf-8")
    code, _, err = run("validate", bad)
    assert code == 1 and "duplicate source id 'reuters-2025-05-28'" in err and f"{bad}:" in err


def test_validate_rejects_broken_demands(tmp_path):
    bad = tmp_path / "demands.yaml"
    bad.write_text(DEMANDS_PATH.read_text(encoding="utf-8").replace("category: assets", "category: money", 1),
                   encoding="utf-8")
    code, _, err = run("validate", bad)
    assert code == 1 and f"{bad}:" in err and "category" in err


def test_validate_rejects_broken_geojson(tmp_path):
    bad = tmp_path / "ukraine_units.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    code, _, err = run("validate", bad)
    assert code == 1 and f"{bad}:1: not readable GeoJSON" in err


def test_validate_usage_error():
    code, _, err = run("validate", "--bogus")
    assert code == 2


def test_summary_json_shape():
    code, out, _ = run("summary", "--date", "2025-05-28", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["date"] == "2025-05-28"
    donetsk = next(u for u in data["units"] if u["iso"] == "UA-14")
    assert set(donetsk) >= {"iso", "name", "controlled_pct", "low_pct", "high_pct", "controlled_km2", "sources"}
    assert donetsk["name"] == "Donetsk" and donetsk["controlled_pct"] == 70.92
    assert set(data["total"]) >= {"controlled_km2", "pct_of_ukraine"}
    assert len(data["units"]) == 27


@pytest.mark.parametrize("fmt, marker", [("table", "Total:"), ("csv", "date,iso,name")])
def test_summary_formats(fmt, marker):
    code, out, _ = run("summary", "--date", "2025-05-28", "--format", fmt)
    assert code == 0 and marker in out


def test_summary_unknown_date_lists_nearest():
    code, out, err = run("summary", "--date", "2025-05-29")
    assert code == 1 and "nearest snapshot dates: 2025-05-20, 2025-05-28, 2025-05-31" in err


def test_summary_bad_date_is_usage_error():
    code, _, err = run("summary", "--date", "May 2025")
    assert code == 2 and "YYYY-MM-DD" in err
