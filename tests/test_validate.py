"""``validate``: every kind of bad data file gives ``file:line: message`` lines and exit 1, never a traceback;
files are recognised by their content, not their names."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from territory.base.paths import REPO_ROOT, data_paths
from territory.data.validate import file_kind

DATA = data_paths(REPO_ROOT)
PROBLEM = re.compile(r"^[^\n]+:\d+: \S.*$")


def assert_problems(code: int, err: str, *expected: str) -> None:
    assert code == 1, err
    lines = err.strip().splitlines()
    assert lines[-1].endswith("problem(s) found") and "Traceback" not in err
    for line in lines[:-1]:
        assert PROBLEM.match(line), line
    for text in expected:
        assert any(text in line for line in lines), (text, err)


def test_census_value_that_is_not_a_number_or_above_100(cli, tmp_path):
    bad = tmp_path / "russian_native_2001.csv"
    text = DATA.census_csv.read_text(encoding="utf-8").splitlines()
    text[1] = re.sub(r"^(UA-\d\d),[^,]*,", r"\1,abc,", text[1])
    text[2] = re.sub(r"^(UA-\d\d),[^,]*,", r"\1,250,", text[2])
    bad.write_text("\n".join(text) + "\n", encoding="utf-8")
    code, _, err = cli("validate", bad)
    assert_problems(code, err, f"{bad}:2: russian_native_pct: 'abc' is not a number",
                    f"{bad}:3: russian_native_pct: 250 is outside 0-100")


def test_reference_tables_are_checked_by_content_whatever_their_place(cli, tmp_path):
    for source in (DATA.census_csv, DATA.nato_csv, DATA.totals_csv, DATA.scenarios_yaml):
        copy = tmp_path / source.name
        shutil.copy(source, copy)
        code, out, err = cli("validate", copy)
        assert code == 0 and out.startswith("OK"), (source.name, err)
        code, out, err = cli("validate", source)
        assert code == 0 and out.startswith("OK"), (source.name, err)


@pytest.mark.parametrize("path, kind", [
    (DATA.census_csv, "census"), (DATA.nato_csv, "nato"), (DATA.totals_csv, "totals"), (DATA.sources_csv, "sources"),
    (DATA.units_csv, "units"), (DATA.demands_yaml, "demands"), (DATA.scenarios_yaml, "scenarios"),
    (DATA.snapshot_dir / "2025-05-28.csv", "snapshot"), (DATA.web_geojson, "geojson"),
    (DATA.published_changes_csv, "published changes"), (DATA.series_dir / "changes" / "land.csv", "flows"),
    (DATA.series_dir / "changes" / "deepstate-area.csv", "deepstate area"),
])
def test_file_kinds(path, kind):
    assert file_kind(path) == kind


def test_wrongly_named_snapshot_reports_its_rows_too(cli, tmp_path):
    bad = tmp_path / "snapshot-may.csv"
    from tests.test_cli import broken_copy

    text, _line = broken_copy((DATA.snapshot_dir / "2022-03-21.csv").read_text(encoding="utf-8"), "UA-14,",
                              "UA-14,170.92")
    bad.write_text(text, encoding="utf-8")
    code, _, err = cli("validate", bad)
    assert_problems(code, err, f"{bad}:0: file name must be YYYY-MM-DD.csv", "controlled_pct: 170.92 is outside 0-100")


def _feature_collection(**feature) -> str:
    base = {"type": "Feature", "properties": {"iso": "UA-14"}, "geometry": {"type": "Polygon", "coordinates": []}}
    return json.dumps({"type": "FeatureCollection", "features": [{**base, **feature}]})


@pytest.mark.parametrize("text, expected", [
    ('{"a":' * 50_000 + "1" + "}" * 50_000, ":1: not readable GeoJSON: nested too deeply"),
    (_feature_collection(properties=None), ":1: features.0.properties:"),
    (_feature_collection(properties={"iso": ["UA-14"]}), ":1: features.0.properties.iso:"),
    ('{"type": "FeatureCollection", "features": [], "n": ' + "9" * 4400 + "}", "a number has too many digits"),
    ('{"type": "FeatureCollection", "features": [', ":1: not readable GeoJSON"),
    (_feature_collection(), "units do not match geodata/units.csv"),
])
def test_hostile_geojson(cli, tmp_path, text, expected):
    bad = tmp_path / "ukraine_units.geojson"
    bad.write_text(text, encoding="utf-8")
    code, _, err = cli("validate", bad)
    assert_problems(code, err, expected)


def test_units_table_with_missing_columns(cli, tmp_path):
    bad = tmp_path / "units.csv"
    import csv
    import io

    rows = list(csv.reader(io.StringIO(DATA.units_csv.read_text(encoding="utf-8"))))
    drop = {rows[0].index("area_km2"), rows[0].index("official_area_km2")}
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([[v for i, v in enumerate(r) if i not in drop] for r in rows])
    bad.write_text(out.getvalue(), encoding="utf-8")
    code, _, err = cli("validate", bad)
    assert_problems(code, err, f"{bad}:1: missing column(s): area_km2, official_area_km2")


def test_units_table_that_is_not_utf8(cli, tmp_path):
    bad = tmp_path / "units.csv"
    bad.write_bytes(DATA.units_csv.read_text(encoding="utf-8").encode("cp1251", errors="replace"))
    code, _, err = cli("validate", bad)
    assert_problems(code, err, "not valid UTF-8")


@pytest.mark.parametrize("name, text, expected", [
    ("2025-05-28.csv", "unit,controlled_pct,kind,sources\nUA-14," + "9" * 4400 + ",estimate,deepstate-derived-daily\n",
     ":2: controlled_pct: "),
    ("demands.yaml", "entries:\n  - id: a\n    date: " + "9" * 4400 + "\n", "demands.yaml:"),
    ("published_totals.csv", "date,controlled_km2,sources\n2025-01-01," + "9" * 4400 + ",deepstate-derived-daily\n",
     ":2: controlled_km2: "),
])
def test_numbers_of_thousands_of_digits(cli, tmp_path, name, text, expected):
    bad = tmp_path / name
    bad.write_text(text, encoding="utf-8")
    code, _, err = cli("validate", bad)
    assert_problems(code, err, expected)


def test_the_whole_data_root_from_a_setting(cli, tmp_path, monkeypatch):
    from tests.dataroot import copy_data_root
    paths = copy_data_root(tmp_path / "root")
    (paths.census_csv).write_text(paths.census_csv.read_text(encoding="utf-8").replace(",verified,", ",sure,", 1),
                                  encoding="utf-8")
    monkeypatch.setenv("TERRITORY_DATA_ROOT", str(paths.root))
    code, _, err = cli("validate")
    assert_problems(code, err, "demands/russian_native_2001.csv:", "status: must be one of")
