import datetime as dt
import json
from pathlib import Path

import pytest
import shapely
from shapely.geometry import box, mapping

from territory.base.filedates import date_from_name
from territory.base.problems import DataError
from territory.build import overlay
from territory.data.geodata import unit_geometries

DATE = dt.date(2025, 5, 28)


@pytest.fixture(scope="module")
def units():
    gdf = unit_geometries("full")
    return dict(zip(gdf["iso"], gdf.geometry, strict=True))


def write(path: Path, geoms, props=None, crs=None) -> Path:
    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": (props or [{}] * len(geoms))[i], "geometry": mapping(g)}
        for i, g in enumerate(geoms)]}
    if crs:
        doc["crs"] = {"type": "name", "properties": {"name": crs}}
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def shares(path, **kw) -> dict[str, float]:
    derived = overlay.derive_file(path, DATE, **kw)
    return {s.iso: s.share_pct for s in derived.shares}


def test_half_an_oblast_cut_by_a_meridian(tmp_path, units):
    kharkiv = units["UA-63"]
    minx, miny, maxx, maxy = kharkiv.bounds
    lo, hi = minx, maxx

    def west_share(lon):
        part = tmp_path / "probe.geojson"
        write(part, [kharkiv.intersection(box(minx - 1, miny - 1, lon, maxy + 1))])
        return shares(part)["UA-63"]
    for _ in range(18):  # bisection for the meridian that halves the area
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if west_share(mid) < 50 else (lo, mid)
    result = shares(tmp_path / "probe.geojson")
    assert abs(result["UA-63"] - 50) < 0.5
    assert all(v == 0 for iso, v in result.items() if iso != "UA-63")


def test_crimea_and_the_sea_around_it(tmp_path, units):
    crimea = shapely.union_all([units["UA-43"], units["UA-40"]])
    others = shapely.union_all([g for iso, g in units.items() if iso not in ("UA-43", "UA-40")])
    polygon = crimea.buffer(0.25).difference(others)
    result = shares(write(tmp_path / "crimea.geojson", [polygon]))
    assert result["UA-43"] == 100 and result["UA-40"] == 100
    assert result["UA-65"] == 0


def test_slightly_short_of_the_coast_is_still_100(tmp_path, units):
    short = units["UA-43"].buffer(-0.003)  # about 220-330 m short all round
    derived = overlay.derive_file(write(tmp_path / "short.geojson", [short]), DATE)
    result = {s.iso: s for s in derived.shares}
    assert result["UA-43"].raw_pct < 99.5
    assert result["UA-43"].share_pct == 100
    assert any("rounded to 100" in n for n in derived.notes)


def test_slivers_along_an_oblast_border_do_not_leak(tmp_path, units):
    result = shares(write(tmp_path / "wide.geojson", [units["UA-63"].buffer(0.005)]))  # ~500 m beyond the border
    assert result["UA-63"] == 100
    for neighbour in ("UA-59", "UA-53", "UA-12", "UA-14", "UA-09"):
        assert result[neighbour] == 0, neighbour


def test_empty_polygon_gives_zero_everywhere(tmp_path):
    path = tmp_path / "empty.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": []}}]}))
    assert set(shares(path).values()) == {0}


def test_total_is_the_sum_of_units(tmp_path, units):
    derived = overlay.derive_file(write(tmp_path / "two.geojson", [units["UA-14"].buffer(-0.2), units["UA-09"]]), DATE)
    assert derived.total_km2 == pytest.approx(sum(s.controlled_km2 for s in derived.shares))
    assert derived.snapshot().figures["UA-09"].controlled_pct == 100


def test_filter_on_a_property(tmp_path, units):
    path = write(tmp_path / "f.geojson", [units["UA-14"], units["UA-09"]],
                 props=[{"status": "occupied"}, {"status": "liberated"}])
    result = shares(path, filters={"status": "Occupied"})
    assert result["UA-14"] == 100 and result["UA-09"] == 0
    with pytest.raises(DataError, match="no feature matches the filter status=grey"):
        shares(path, filters={"status": "grey"})


def test_true_overlay_not_centroids(tmp_path, units):
    # a polygon whose centre lies in Zaporizhzhia but covers only a tenth of it
    z = units["UA-23"]
    minx, miny, maxx, maxy = z.bounds
    strip = z.intersection(box(minx, miny, minx + (maxx - minx) * 0.4, maxy))
    result = shares(write(tmp_path / "strip.geojson", [strip]))
    assert 5 < result["UA-23"] < 50


@pytest.mark.parametrize("content, message", [
    (b"", "file is empty"),
    (b"{not json", "not valid JSON"),
    (json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [35, 48]}}]}).encode(),
     "not a polygon layer: found Point"),
    (json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": {
        "type": "Polygon", "coordinates": [[[3_500_000, 2_800_000], [3_600_000, 2_800_000],
                                            [3_600_000, 2_900_000], [3_500_000, 2_800_000]]]}}]}).encode(),
     "look like projected metres"),
    (json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": {
        "type": "Polygon", "coordinates": [[[15, 50], [20, 50], [20, 53], [15, 53], [15, 50]]]}}]}).encode(),
     "% of the polygons lie inside Ukraine"),
    (json.dumps({"type": "Topology"}).encode(), "not GeoJSON"),
])
def test_bad_inputs(tmp_path, content, message):
    path = tmp_path / "bad.geojson"
    path.write_bytes(content)
    with pytest.raises(DataError) as info:
        overlay.derive_file(path, DATE)
    assert message in str(info.value)


def test_self_intersection_is_repaired_and_reported(tmp_path):
    bowtie = {"type": "Polygon", "coordinates": [[[35, 47], [37, 49], [37, 47], [35, 49], [35, 47]]]}
    path = tmp_path / "bowtie.geojson"
    path.write_text(json.dumps({"type": "Feature", "properties": {}, "geometry": bowtie}))
    derived = overlay.derive_file(path, DATE)
    assert any("repaired with make_valid" in n for n in derived.notes)
    assert derived.total_km2 > 1000


def test_projected_coordinates_with_a_declared_crs_are_fine(tmp_path, units):
    from pyproj import Transformer
    t = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
    geom = shapely.transform(units["UA-09"], lambda xy: __import__("numpy").column_stack(t.transform(xy[:, 0], xy[:, 1])))
    result = shares(write(tmp_path / "merc.geojson", [geom], crs="EPSG:3857"))
    assert result["UA-09"] == 100


def test_too_large_file_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(overlay, "MAX_FILE_BYTES", 100)
    path = tmp_path / "big.geojson"
    path.write_bytes(b" " * 200)
    with pytest.raises(DataError, match="the limit is 100 bytes"):
        overlay.derive_file(path, DATE)


@pytest.mark.parametrize("name, expected", [
    ("deepstatemap_data_20250528.geojson", dt.date(2025, 5, 28)), ("2025-05-28.geojson", dt.date(2025, 5, 28)),
    ("map.geojson", None), ("x_20251399.geojson", None),
])
def test_dates_from_file_names(name, expected):
    assert date_from_name(name) == expected


def test_kml_when_gdal_reads_it(tmp_path, units):
    pyogrio = pytest.importorskip("pyogrio")
    if "KML" not in pyogrio.list_drivers() and "LIBKML" not in pyogrio.list_drivers():
        pytest.skip("the installed GDAL has no KML driver")
    ring = " ".join(f"{x},{y}" for x, y in units["UA-09"].exterior.coords) if units["UA-09"].geom_type == "Polygon" \
        else " ".join(f"{x},{y}" for x, y in max(units["UA-09"].geoms, key=lambda g: g.area).exterior.coords)
    kml = (f'<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
           f'<Placemark><name>area</name><Polygon><outerBoundaryIs><LinearRing><coordinates>{ring}</coordinates>'
           f'</LinearRing></outerBoundaryIs></Polygon></Placemark></Document></kml>')
    path = tmp_path / "luhansk_20250528.kml"
    path.write_text(kml, encoding="utf-8")
    assert overlay.derive_file(path).shares[2].share_pct > 99


@pytest.mark.parametrize("cap, value, message", [("MAX_FEATURES", 1, "features; the limit is 1"),
                                                 ("MAX_VERTICES", 10, "vertices; the limit is 10")])
def test_feature_and_vertex_caps(tmp_path, units, monkeypatch, cap, value, message):
    monkeypatch.setattr(overlay, cap, value)
    path = write(tmp_path / "caps.geojson", [units["UA-14"], units["UA-09"]])
    with pytest.raises(DataError, match=message):
        overlay.derive_file(path, DATE)
