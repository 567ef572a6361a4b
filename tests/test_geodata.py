import json

import pycountry
import pytest
import shapely

from territory.base.paths import data_paths
from territory.data.geodata import country_outlines, load_units, ukraine_area_km2, unit_geometries

AREA_TOLERANCE = 0.02


def test_27_units_with_pycountry_codes_and_names():
    units = load_units()
    official = {s.code: s.name for s in pycountry.subdivisions.get(country_code="UA")}
    assert sorted(units) == sorted(official)
    for iso, unit in units.items():
        assert unit.name_official == official[iso]
        assert unit.name_uk and unit.name_en


@pytest.mark.parametrize("iso", sorted(load_units()))
def test_area_close_to_official(iso):
    """Within 2 % of the official area; for units with large water bodies (lagoons, estuaries), of the
    official area less the water: an independent land measurement, recorded in geodata/unit_names.csv."""
    unit = load_units()[iso]
    expected = unit.reference_land_area_km2 or unit.official_area_km2
    assert abs(unit.area_km2 - expected) / expected <= AREA_TOLERANCE, (unit.area_km2, expected)


def test_water_units_are_smaller_than_their_official_area():
    for unit in load_units().values():
        if unit.reference_land_area_km2 is not None:
            assert unit.area_km2 < unit.official_area_km2


def test_total_area_close_to_official_total():
    assert abs(ukraine_area_km2() - 603_628) / 603_628 < 0.01


def test_web_geometry_is_small_and_a_clean_coverage():
    assert data_paths().web_geojson.stat().st_size <= 110_000
    web = unit_geometries("web")
    assert len(web) == 27 and web.is_valid.all()
    # coverage: neighbours share borders, so overlaps are negligible
    geoms = list(web.geometry)
    overlap = sum(geoms[i].intersection(geoms[j]).area for i in range(27) for j in range(i + 1, 27))
    assert overlap < 1e-6
    union_area = shapely.union_all(geoms).area
    assert abs(union_area - sum(g.area for g in geoms)) < 1e-6


def test_full_geometry_valid_and_matches_units():
    data = json.loads(data_paths().full_geojson.read_text(encoding="utf-8"))
    assert sorted(f["properties"]["iso"] for f in data["features"]) == sorted(load_units())
    assert unit_geometries("full").is_valid.all()


def test_country_outlines_have_neighbours_and_nato_members():
    iso3 = set(country_outlines()["iso3"])
    assert {"POL", "ROU", "RUS", "BLR", "MDA", "HUN", "SVK", "FIN", "SWE", "GEO", "TUR"} <= iso3


def test_no_country_outline_is_a_band_across_the_map():
    """A ring crossing the antimeridian (Russia's Chukotka) once became a grey band over Scandinavia and the
    Arctic; no land polygon in the map's window is anywhere near as wide as the window (75°)."""
    outlines = country_outlines()
    for iso3, geom in zip(outlines["iso3"], outlines.geometry, strict=True):
        for poly in getattr(geom, "geoms", [geom]):
            west, _, east, _ = poly.bounds
            assert east - west < 35, (iso3, poly.bounds)
