"""The command line: validate, summary; expected values come from the loaded data, never from today's."""

import json
import subprocess
import sys

import pytest

from territory.base.paths import REPO_ROOT, data_paths

DATA = data_paths(REPO_ROOT)


def test_validate_repository_passes(cli, dataset):
    code, out, err = cli("validate")
    assert code == 0, err
    first, last = dataset.dates[0], dataset.dates[-1]
    assert out.startswith("OK: ") and f"{len(dataset.dates)} snapshots from {first} to {last}" in out
    assert f"{len(dataset.units)} units" in out and out.count("\n") == 1


def test_python_dash_m_territory_runs(tmp_path):
    """``python -m territory`` from another folder finds the package (run from the project root) and the data."""
    proc = subprocess.run([sys.executable, "-m", "territory", "validate", DATA.census_csv], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and proc.stdout.startswith("OK"), proc.stderr


def test_validate_rejects_broken_snapshot(cli, tmp_path):
    bad = tmp_path / "2025-05-28.csv"
    text = (DATA.snapshot_dir / "2022-03-21.csv").read_text(encoding="utf-8")
    text, share_line = broken_copy(text, "UA-14,", "UA-14,170.92")
    atlantis_line = next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith("UA-09,"))
    bad.write_text(text.replace("\nUA-09,", "\nAtlantis,"), encoding="utf-8")
    code, out, err = cli("validate", bad)
    assert code == 1
    lines = err.strip().splitlines()
    assert any(line.startswith(f"{bad}:{atlantis_line}: unit: unknown unit 'Atlantis'") for line in lines), err
    assert any(line.startswith(f"{bad}:{share_line}: controlled_pct: 170.92 is outside 0-100") for line in lines), err


def test_validate_rejects_broken_sources(cli, tmp_path):
    bad = tmp_path / "sources.csv"
    bad.write_text(DATA.sources_csv.read_text(encoding="utf-8") + "reuters-2025-05-28,X,Y,2025,,,published,\n",
                   encoding="utf-8")
    code, _, err = cli("validate", bad)
    assert code == 1 and "duplicate source id 'reuters-2025-05-28'" in err and f"{bad}:" in err


def test_validate_rejects_broken_demands(cli, tmp_path):
    bad = tmp_path / "demands.yaml"
    bad.write_text(DATA.demands_yaml.read_text(encoding="utf-8").replace("category: assets", "category: money", 1),
                   encoding="utf-8")
    code, _, err = cli("validate", bad)
    assert code == 1 and f"{bad}:" in err and "category" in err


def test_validate_usage_error(cli):
    code, _, _ = cli("validate", "--bogus")
    assert code == 2


def test_summary_json_shape(cli, snap):
    code, out, _ = cli("summary", "--date", "2025-05-28", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["date"] == "2025-05-28"
    donetsk = next(u for u in data["units"] if u["iso"] == "UA-14")
    assert set(donetsk) >= {"iso", "name", "controlled_pct", "low_pct", "high_pct", "controlled_km2", "sources"}
    assert donetsk["name"] == "Donetsk"
    assert donetsk["controlled_pct"] == snap("2025-05-28").figures["UA-14"].controlled_pct
    assert set(data["total"]) >= {"controlled_km2", "pct_of_ukraine"}
    assert len(data["units"]) == 27


@pytest.mark.parametrize("fmt, marker", [("table", "Total:"), ("csv", "date,iso,name")])
def test_summary_formats(cli, fmt, marker):
    code, out, _ = cli("summary", "--date", "2025-05-28", "--format", fmt)
    assert code == 0 and marker in out


def test_summary_date_outside_the_data_lists_nearest(cli, snapshot_set):
    import datetime as dt
    missing = snapshot_set.dates[-1] + dt.timedelta(days=1)
    assert snapshot_set.get(missing) is None
    nearest = ", ".join(d.isoformat() for d in snapshot_set.nearest_dates(missing))
    code, out, err = cli("summary", "--date", missing.isoformat())
    assert code == 1 and f"nearest snapshot dates: {nearest}" in err


def test_summary_of_a_day_without_a_map_shows_the_last_map_before_it(cli, snapshot_set):
    """DeepState's archives have no map for some days (issue 23): the day before's map, saying so."""
    import datetime as dt
    dates = snapshot_set.dates
    shown, missing = next((d, d + dt.timedelta(days=1)) for d, after in zip(dates, dates[1:], strict=False)
                          if (after - d).days > 1)
    code, out, err = cli("summary", "--date", missing.isoformat(), "--format", "json")
    assert code == 0, err
    assert json.loads(out)["date"] == shown.isoformat()
    assert f"no map for {missing}; showing the map of {shown}, the last one before it" in err
    code, out, _ = cli("summary", "--date", missing.isoformat())
    assert code == 0 and out.startswith(f"Russian control on {shown} (the last map on or before {missing})")


def test_summary_bad_date_is_usage_error(cli):
    code, _, err = cli("summary", "--date", "May 2025")
    assert code == 2 and "YYYY-MM-DD" in err


def broken_copy(template: str, unit_line: str, new_line: str) -> tuple[str, int]:
    """``template`` with the line starting ``unit_line`` replaced by ``new_line``, and that line's number."""
    lines = template.splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith(unit_line))
    lines[index] = new_line + line_rest(lines[index])
    return "\n".join(lines) + "\n", index + 1


def line_rest(line: str) -> str:
    """Everything after a snapshot row's unit and share (the range, kind, sources, note)."""
    return "," + line.split(",", 2)[2]
