"""Raions and hromadas (geodata/subunits*.geojson): they tile their unit, carry codes and names in both
languages, and the gaps of the source are named, not dropped."""

from __future__ import annotations

import json
from collections import Counter

import pytest
import shapely

from territory.data.subunits import hromadas, raions, subunit_table
from territory.data.units import load_units


@pytest.fixture(scope="module")
def table():
    return subunit_table("hromada")


def test_hromada_areas_add_up_to_each_unit(table):
    units = load_units()
    sums = table.groupby("unit")["area_km2"].sum()
    assert set(sums.index) == set(units)
    for iso, unit in units.items():
        assert sums[iso] == pytest.approx(unit.area_km2, rel=0.005), iso


def test_codes_nest_and_are_unique(table):
    assert table["code"].is_unique
    for row in table.itertuples():
        if row.kind in ("hromada", "gap"):
            assert row.code.startswith(row.raion), row.code
        if row.kind == "hromada":
            assert row.katotth.startswith(row.code) and len(row.katotth) == 19


def test_every_feature_has_names_in_both_languages(table):
    assert (table["name_en"].str.len() > 0).all()
    assert (table["name_uk"].str.len() > 0).all()
    assert table["name_uk"].str.contains("[а-яіїєґ]", regex=True).all()


def test_gaps_are_named_not_dropped(table):
    gaps = table[table["kind"] == "gap"].set_index("code")
    assert {"UA3212007", "UA5108001", "UA2110027"} <= set(gaps.index)
    assert "Chornobyl" in " ".join(gaps["name_en"])
    kinds = Counter(table["kind"])
    assert kinds["city"] == 2 and kinds["raion"] == 10  # Kyiv, Sevastopol; Crimea's raions stand in


def test_raions_dissolve_from_hromadas():
    frame = subunit_table("raion")
    assert frame["code"].is_unique
    assert 130 <= len(frame) <= 140
    assert frame["area_km2"].sum() == pytest.approx(subunit_table("hromada")["area_km2"].sum(), abs=1)
    gdf = raions("web")
    assert len(gdf) == len(frame)


def test_web_and_full_files_agree_on_features():
    full, web = hromadas("full"), hromadas("web")
    assert list(full["code"]) == list(web["code"])
    assert full.geometry.is_valid.all() and web.geometry.is_valid.all()


def test_hromadas_do_not_overlap_much():
    gdf = hromadas("web")
    donetsk = gdf[gdf["unit"] == "UA-14"].to_crs("EPSG:3035")
    union = shapely.union_all(list(donetsk.geometry))
    assert union.area == pytest.approx(donetsk.geometry.area.sum(), rel=0.001)


def test_files_credit_openstreetmap():
    from territory.data.subunits import subunits_path

    head = subunits_path("web").read_text(encoding="utf-8")[:400]
    assert "OpenStreetMap" in json.loads(head[: head.index('"features"')].rstrip(",") + "}")["source"]


@pytest.mark.parametrize(("change", "message"), [
    (lambda p: p.update(unit="UA-99"), "unit UA-99 is not in geodata/units.csv"),
    (lambda p: p.update(code="UA9999001"), "code is not inside its raion"),
    (lambda p: p.update(name_en=""), "name_en"),
    (lambda p: p.update(area_km2=-1), "area_km2"),
])
def test_validate_refuses_a_broken_subunit_with_file_and_feature(tmp_path, capsys, change, message):
    """``territory validate`` knows a subunits file by its content and names the broken feature."""
    from territory.base.paths import data_root
    from territory.cli.main import main

    data = json.loads((data_root() / "geodata" / "subunits_web.geojson").read_text(encoding="utf-8"))
    change(data["features"][5]["properties"])
    broken = tmp_path / "hromadas.geojson"
    broken.write_text(json.dumps(data), encoding="utf-8")
    assert main(["validate", str(broken)]) == 1
    out = capsys.readouterr()
    text = out.out + out.err
    assert "hromadas.geojson:1: features.5 (" in text and message in text, text[-500:]


def test_validate_accepts_the_subunit_files(capsys):
    from territory.base.paths import data_root
    from territory.cli.main import main

    geodata = data_root() / "geodata"
    assert main(["validate", str(geodata / "subunits_web.geojson"), str(geodata / "settlements.csv"),
                 str(data_root() / "series" / "subunits")]) == 0
    assert "OK: 4 file(s)" in capsys.readouterr().out
