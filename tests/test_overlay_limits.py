"""Each limit on a map file holds, checked while reading, with a crafted file per limit; files open only as what
their extension claims; hostile content ends in a clear problem, never another exception or a network request."""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import socket
import sqlite3
import threading
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from territory.base.problems import DataError
from territory.build import mapfiles, overlay, overlay_worker
from territory.build.geomcheck import count_crossings

DATE = dt.date(2025, 5, 28)
SQUARE = [[35, 47], [36, 47], [36, 48], [35, 48], [35, 47]]
FEW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def feature(ring=SQUARE, **props) -> dict:
    return {"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": [ring]}}


def collection(features) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def refused(path: Path, match: str):
    with pytest.raises(DataError, match=match) as info:
        overlay.derive_file(path, DATE)
    return info.value


def kml(placemarks: str) -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
            + placemarks.encode() + b"</Document></kml>")


def placemark(ring=SQUARE) -> str:
    coords = " ".join(f"{x},{y}" for x, y in ring)
    return (f"<Placemark><Polygon><outerBoundaryIs><LinearRing><coordinates>{coords}</coordinates></LinearRing>"
            "</outerBoundaryIs></Polygon></Placemark>")


def kmz(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


# --- one test per limit -------------------------------------------------------------------------------------

def test_feature_limit_is_checked_while_reading_geojson(tmp_path, monkeypatch):
    monkeypatch.setattr(overlay, "MAX_FEATURES", 5)
    path = tmp_path / "many.geojson"
    # six features, then broken JSON: the limit stops the parser before it reaches the end
    path.write_bytes(collection([feature()] * 6)[:-2] + b", {broken")
    refused(path, "more than 5 features; the limit is 5")


def test_vertex_limit_is_checked_while_reading_geojson(tmp_path, monkeypatch):
    monkeypatch.setattr(overlay, "MAX_VERTICES", 100)
    ring = [[35 + i / 1000, 47 + (i % 2) / 1000] for i in range(1_000)] + [[35, 47]]
    path = tmp_path / "dense.geojson"
    path.write_bytes(collection([feature(ring)])[:-2] + b", {broken")
    refused(path, "more than 100 vertices; the limit is 100")


def test_ring_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(overlay, "MAX_RINGS", 50)
    holes = [[[35.1 + i / 100, 47.1], [35.105 + i / 100, 47.1], [35.105 + i / 100, 47.105], [35.1 + i / 100, 47.1]]
             for i in range(60)]
    path = tmp_path / "holes.geojson"
    path.write_text(json.dumps({"type": "Polygon", "coordinates": [SQUARE, *holes]}))
    refused(path, "more than 50 polygon rings; the limit is 50")


def random_ring(n: int, seed: int = 1) -> list[list[float]]:
    rng = random.Random(seed)
    ring = [[rng.uniform(33, 39), rng.uniform(46, 51)] for _ in range(n)]
    return ring + [ring[0]]


def test_a_hopelessly_self_intersecting_ring_is_refused_not_repaired(tmp_path):
    path = tmp_path / "tangle.geojson"
    path.write_bytes(collection([feature(random_ring(3_000))]))
    refused(path, r"crosses itself at more than 10,000 points .*repair it in a GIS first")


def test_a_few_crossings_are_repaired(tmp_path, monkeypatch):
    monkeypatch.setattr(overlay, "MAX_CROSSINGS", 10)
    bowtie = [[35, 47], [37, 49], [37, 47], [35, 49], [35, 47]]
    path = tmp_path / "bowtie.geojson"
    path.write_bytes(collection([feature(bowtie)]))
    assert any("repaired" in n for n in overlay.derive_file(path, DATE).notes)
    path.write_bytes(collection([feature(random_ring(40))]))
    refused(path, "crosses itself at more than 10 points")


def test_crossings_are_counted_exactly_for_small_cases():
    import shapely
    assert count_crossings(shapely.Polygon([(35, 47), (37, 49), (37, 47), (35, 49)]), 100) == 1
    assert count_crossings(shapely.box(0, 0, 1, 1), 100) == 0
    assert count_crossings(shapely.MultiPolygon([shapely.box(0, 0, 2, 2), shapely.box(1, 1, 3, 3)]), 100) == 2


def test_file_size_limit_for_every_format(tmp_path, monkeypatch):
    monkeypatch.setattr(overlay, "MAX_FILE_BYTES", 1_000)
    for name in ("big.geojson", "big.kml", "big.kmz", "big.gpkg"):
        (tmp_path / name).write_bytes(b" " * 1_001)
        refused(tmp_path / name, "file is 1,001 bytes; the limit is 1,000 bytes")


def test_kmz_member_size_is_checked_before_inflating(tmp_path, monkeypatch):
    monkeypatch.setattr(overlay, "MAX_FILE_BYTES", 100_000)
    path = tmp_path / "bomb.kmz"
    path.write_bytes(kmz({"doc.kml": kml("") + b" " * 2_000_000}))  # 2 KB that inflate to 2 MB
    assert path.stat().st_size < 100_000
    refused(path, r"doc.kml inflates to 2,000,\d+ bytes; the limit is 100,000 bytes")


def test_kmz_with_a_false_declared_size_stops_at_the_declared_size(tmp_path):
    data = bytearray(kmz({"doc.kml": kml(placemark()) + b" " * 50_000}))
    # shrink the uncompressed size in the local header and the central directory to 100 bytes
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(signature)
        data[at + offset:at + offset + 4] = (100).to_bytes(4, "little")
    path = tmp_path / "liar.kmz"
    path.write_bytes(bytes(data))
    refused(path, "not a valid KMZ")


def test_kmz_with_too_many_members(tmp_path):
    path = tmp_path / "members.kmz"
    path.write_bytes(kmz({f"f{i}.txt": b"" for i in range(mapfiles.MAX_KMZ_MEMBERS + 1)}))
    refused(path, "1,001 files; the limit is 1,000")


def test_placemark_and_vertex_limits_are_checked_before_gdal_parses_kml(tmp_path, monkeypatch):
    monkeypatch.setattr(overlay, "MAX_FEATURES", 3)
    path = tmp_path / "many.kml"
    path.write_bytes(kml(placemark() * 4))
    refused(path, "4 placemarks; the limit is 3 features")
    monkeypatch.setattr(overlay, "MAX_FEATURES", 100)
    monkeypatch.setattr(overlay, "MAX_VERTICES", 12)
    path.write_bytes(kml(placemark() * 3))
    refused(path, "more than 12 vertices; the limit is 12")
    path.write_bytes(kml(placemark() * 2))
    assert overlay.read_control_area(path).features_used == 2


@pytest.mark.parametrize("value", [1e308, -1e308, "NaN", "Infinity"])
def test_coordinates_out_of_range_are_refused(tmp_path, value):
    path = tmp_path / "huge.geojson"
    number = json.dumps(value) if isinstance(value, float) else value
    path.write_text('{"type": "Polygon", "coordinates": [[[35, 47], [36, 47], [N, 48], [35, 47]]]}'.replace("N", number))
    refused(path, "coordinates out of range")


def test_a_4400_digit_integer_in_the_properties_is_just_text(tmp_path):
    path = tmp_path / "digits.geojson"
    digits = "9" * 4_400
    path.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"n": DIGITS, '
                    '"status": "occupied"}, "geometry": {"type": "Polygon", "coordinates": RINGS}}]}'
                    .replace("DIGITS", digits).replace("RINGS", json.dumps([SQUARE])))
    assert overlay.derive_file(path, DATE, {"n": "9" * 4_400}).total_km2 > 5_000
    path.write_text('{"type": "Polygon", "coordinates": [[[N, 47], [36, 47], [36, 48], [35, 47]]]}'.replace("N", digits))
    refused(path, "feature 1: (malformed geometry|coordinates out of range)")


# --- files open only as what they claim ----------------------------------------------------------------------

@pytest.fixture
def listener():
    """A local HTTP listener that records every connection (a map file must never cause one)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    seen: list[bytes] = []
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    seen.append(conn.recv(1000))
                except OSError:
                    seen.append(b"")
    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1], seen
    stop.set()
    thread.join(2)
    server.close()


def vrt(port: int) -> bytes:
    return (f'<OGRVRTDataSource><OGRVRTLayer name="x"><SrcDataSource>/vsicurl/http://127.0.0.1:{port}/area.geojson'
            '</SrcDataSource></OGRVRTLayer></OGRVRTDataSource>').encode()


@pytest.mark.parametrize("name", ["map.kml", "map.geojson", "map.json", "map.gpkg", "map.kmz", "map.vrt", "map"])
def test_vrt_content_is_refused_in_any_extension_without_a_request(tmp_path, listener, name):
    port, seen = listener
    data = vrt(port)
    if name.endswith(".kmz"):
        data = kmz({"doc.kml": data})
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(DataError):
        overlay.derive_file(path, DATE)
    csv_wrapper = tmp_path / "passwd.kml"
    csv_wrapper.write_text('<OGRVRTDataSource><OGRVRTLayer name="p"><SrcDataSource>CSV:/etc/passwd</SrcDataSource>'
                           "</OGRVRTLayer></OGRVRTDataSource>")
    with pytest.raises(DataError, match="not a KML file"):
        overlay.derive_file(csv_wrapper, DATE)
    assert seen == []


def test_kml_with_a_network_link_makes_no_request(tmp_path, listener):
    port, seen = listener
    path = tmp_path / "linked.kml"
    path.write_bytes(kml(f"<NetworkLink><Link><href>http://127.0.0.1:{port}/more.kml</href></Link></NetworkLink>"
                         + placemark()))
    assert overlay.derive_file(path, DATE).total_km2 > 5_000
    assert seen == []


def test_kml_with_a_doctype_is_refused(tmp_path):
    path = tmp_path / "entities.kml"
    path.write_bytes(b'<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY a "aaaa">]><kml><Document/></kml>')
    refused(path, "DOCTYPE")


def test_geopackage_must_be_a_geopackage(tmp_path):
    plain = tmp_path / "plain.gpkg"
    with sqlite3.connect(plain) as db:
        db.execute("create table t (a)")
    refused(plain, "not a GeoPackage")


def test_geopackage_with_only_an_attribute_table(tmp_path):
    pyogrio = pytest.importorskip("pyogrio")
    import pandas as pd
    path = tmp_path / "attributes.gpkg"
    pyogrio.write_dataframe(pd.DataFrame({"a": [1, 2]}), path, driver="GPKG")
    refused(path, "no layer with geometries")


def test_geopackage_with_polygons_is_read(tmp_path):
    pytest.importorskip("pyogrio")
    import geopandas as gpd
    import shapely
    path = tmp_path / "area.gpkg"
    gpd.GeoDataFrame({"status": ["occupied"]}, geometry=[shapely.Polygon(SQUARE)], crs="EPSG:4326").to_file(path)
    assert overlay.derive_file(path, DATE, {"status": "occupied"}).total_km2 > 5_000


def test_other_extensions_and_special_files_are_refused(tmp_path):
    (tmp_path / "map.shp").write_bytes(b"x")
    refused(tmp_path / "map.shp", "unsupported file type '.shp'")
    import os
    os.mkfifo(tmp_path / "fifo.geojson")
    refused(tmp_path / "fifo.geojson", "not a regular file")  # and it did not block on the FIFO


# --- the worker ----------------------------------------------------------------------------------------------

def test_worker_derives_the_same_figures_as_in_process(tmp_path):
    data = collection([feature()])
    derived, layer = overlay_worker.derive_in_worker(data, "uploaded map", DATE)
    path = tmp_path / "same.geojson"
    path.write_bytes(data)
    direct = overlay.derive_file(path, DATE)
    assert [(s.iso, round(s.share_pct, 6)) for s in derived.shares] == \
           [(s.iso, round(s.share_pct, 6)) for s in direct.shares]
    assert layer["features"][0]["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_worker_gets_all_of_a_map_larger_than_a_pipe_while_the_caller_polls(monkeypatch):
    # The caller polls every _POLL_S seconds; the map must reach the worker whole however slowly it starts
    # (a retried communicate() stopped feeding it after 64 KB: the app's server then waited 60 s).
    monkeypatch.setattr(overlay_worker, "_POLL_S", 0.001)
    data = collection([feature(note="x" * 1_000_000)])
    derived, _ = overlay_worker.derive_in_worker(data, "uploaded map", DATE)
    assert derived.total_km2 > 5_000


def test_worker_refuses_with_the_reader_s_message():
    with pytest.raises(DataError, match="crosses itself"):
        overlay_worker.derive_in_worker(collection([feature(random_ring(3_000))]), "uploaded map", DATE)


def test_worker_memory_limit_ends_in_a_message():
    with pytest.raises(DataError, match="memory"):
        overlay_worker.derive_in_worker(collection([feature()]), "uploaded map", DATE, memory_bytes=200_000_000)


def test_worker_is_stopped_when_cancelled():
    with pytest.raises(DataError, match="cancelled"):
        overlay_worker.derive_in_worker(collection([feature()]), "uploaded map", DATE, cancelled=lambda: True)


# --- fuzzing: every reader ends in the data or a DataError ---------------------------------------------------

@FEW
@given(st.sampled_from(["GeoJSON", "KML", "KMZ", "GeoPackage"]), st.binary(max_size=400))
def test_random_bytes_in_every_format(kind, data):
    limits = mapfiles.Limits(10_000, 10, 100)
    try:
        mapfiles.read_map(data, kind, "x", limits)
    except DataError as exc:
        assert exc.problems


json_numbers = st.one_of(st.integers(), st.floats(allow_nan=False), st.text("0123456789", min_size=1, max_size=5000))


@FEW
@given(st.lists(st.tuples(json_numbers, json_numbers), min_size=3, max_size=6), json_numbers)
def test_numbers_of_any_size_in_geojson(points, prop):
    body = ", ".join(f"[{x}, {y}]" for x, y in points)
    raw = ('{"type": "Feature", "properties": {"p": PROP}, "geometry": {"type": "Polygon", "coordinates": [[BODY]]}}'
           .replace("PROP", str(prop)).replace("BODY", body)).encode()
    try:
        area = overlay.read_control_area(Path("x.geojson"), data=raw, label="upload.geojson")
        overlay.derive_shares(area, DATE)
    except DataError as exc:
        assert exc.problems


@FEW
@given(st.text(max_size=200))
def test_kml_text_around_a_placemark(noise):
    data = kml(noise.replace("<", "&lt;") + placemark())
    try:
        mapfiles.read_map(data, "KML", "x.kml", mapfiles.Limits(100_000, 10, 1000))
    except DataError as exc:
        assert exc.problems
