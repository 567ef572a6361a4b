"""Hostile and broken input: only a clean load or a `file:line: message` error, never another exception;
nothing lost on a failed write; limits and deployment settings that must stay on."""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from territory.base.atomic import write_bytes_atomic
from territory.base.paths import REPO_ROOT, data_paths
from territory.base.problems import MAX_PROBLEMS_PER_FILE, DataError
from territory.build import overlay
from territory.data.demands import parse_demands
from territory.data.snapshots import parse_snapshot
from territory.data.sources import parse_sources

PROBLEM = re.compile(r"^[^:\n]+:\d+: \S.*$")
#: The number of examples comes from the profile (tests/conftest.py: small by default, 300 in CI).
EXAMPLES = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
DATA = data_paths(REPO_ROOT)
GOOD_SNAPSHOT = (DATA.snapshot_dir / "2022-03-21.csv").read_text(encoding="utf-8")
GOOD_SOURCES = DATA.sources_csv.read_text(encoding="utf-8")
GOOD_DEMANDS = DATA.demands_yaml.read_text(encoding="utf-8")

NASTY_TOKENS = ["nan", "NaN", "inf", "-inf", "1e400", "99999999999999999999", "", " ", "\x00", ";", ",,", '"',
                "70,4", "\ufeff", "\r", "\r\n", "\n", "unit", "UA-14", "=cmd|' /C calc'!A0", "<script>", "é", "🙂"]


def mutate(text: str, data) -> bytes:
    """Apply a few random edits of the kinds people make by hand (or tools make for them)."""
    lines = text.splitlines(keepends=True)
    for _ in range(data.draw(st.integers(0, 4))):
        op = data.draw(st.sampled_from(["replace", "insert", "delete", "dup_header", "semicolons", "crlf", "token"]))
        if not lines:
            break
        i = data.draw(st.integers(0, len(lines) - 1))
        if op == "replace":
            lines[i] = data.draw(st.text(max_size=60)) + "\n"
        elif op == "insert":
            lines.insert(i, data.draw(st.text(max_size=60)) + "\n")
        elif op == "delete":
            del lines[i]
        elif op == "dup_header":
            lines.insert(1, lines[0])
        elif op == "semicolons":
            lines[i] = lines[i].replace(",", ";")
        elif op == "crlf":
            lines[i] = lines[i].rstrip("\n") + "\r\n"
        else:
            parts = lines[i].split(",")
            j = data.draw(st.integers(0, len(parts) - 1))
            parts[j] = data.draw(st.sampled_from(NASTY_TOKENS))
            lines[i] = ",".join(parts)
    out = "".join(lines)
    encoding = data.draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "latin-1"]))
    return out.encode(encoding, errors="replace")


def assert_clean(call):
    try:
        call()
    except DataError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert PROBLEM.match(str(problem)), str(problem)


@EXAMPLES
@given(st.data())
def test_snapshot_parser_mutations(sources, data):
    raw = mutate(GOOD_SNAPSHOT, data)
    assert_clean(lambda: parse_snapshot(raw, "snap.csv", dt.date(2025, 5, 28), sources))


@EXAMPLES
@given(st.binary(max_size=2000))
def test_snapshot_parser_random_bytes(sources, raw):
    assert_clean(lambda: parse_snapshot(raw, "snap.csv", dt.date(2025, 5, 28), sources))


@EXAMPLES
@given(st.data())
def test_sources_parser_mutations(data):
    raw = mutate(GOOD_SOURCES, data)
    assert_clean(lambda: parse_sources(raw, "sources.csv"))


@EXAMPLES
@given(st.binary(max_size=2000))
def test_sources_parser_random_bytes(raw):
    assert_clean(lambda: parse_sources(raw, "sources.csv"))


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30) | st.dates(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=20)


@EXAMPLES
@given(yaml_values)
def test_demands_parser_random_documents(sources, doc):
    raw = yaml.safe_dump({"entries": doc} if isinstance(doc, list) else doc, allow_unicode=True).encode()
    assert_clean(lambda: parse_demands(raw, "demands.yaml", sources))


@EXAMPLES
@given(st.data())
def test_demands_parser_mutations(sources, data):
    raw = mutate(GOOD_DEMANDS, data)
    assert_clean(lambda: parse_demands(raw, "demands.yaml", sources))


coords = st.lists(st.tuples(st.floats(-1e7, 1e7, allow_nan=False), st.floats(-1e7, 1e7, allow_nan=False)),
                  min_size=0, max_size=8)
near_ukraine = st.lists(st.tuples(st.floats(30, 40), st.floats(45, 52), st.floats(-10, 10)), min_size=0, max_size=8)
geometry = st.one_of(
    st.builds(lambda ring: {"type": "Polygon", "coordinates": [[list(p) for p in ring]]}, coords),
    st.builds(lambda ring: {"type": "Polygon", "coordinates": [[list(p) for p in ring]]}, near_ukraine),
    st.builds(lambda ring: {"type": "MultiPolygon", "coordinates": [[[list(p) for p in ring]]]}, near_ukraine),
    st.builds(lambda ring: {"type": "GeometryCollection", "geometries": [
        {"type": "GeometryCollection", "geometries": [{"type": "Polygon", "coordinates": [[list(p) for p in ring]]}]}]},
        near_ukraine),
    st.builds(lambda p: {"type": "Point", "coordinates": list(p)}, st.tuples(st.floats(30, 40), st.floats(45, 52))),
    st.just({"type": "Polygon", "coordinates": []}),
    st.just(None),
    st.dictionaries(st.text(max_size=8), st.text(max_size=8), max_size=3),
)


@EXAMPLES
@given(st.lists(st.tuples(geometry, st.dictionaries(st.text(max_size=10), st.text(max_size=20), max_size=3)),
                max_size=4), st.sampled_from([None, "EPSG:4326", "EPSG:3857", "urn:ogc:def:crs:OGC:1.3:CRS84", "nonsense"]))
def test_polygon_import_random_features(features, crs):
    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": props, "geometry": geom} for geom, props in features]}
    if crs:
        doc["crs"] = {"type": "name", "properties": {"name": crs}}
    raw = json.dumps(doc).encode()

    def run():
        area = overlay.read_control_area(overlay.Path("x.geojson"), data=raw, label="upload.geojson")
        overlay.derive_shares(area, dt.date(2025, 5, 28))
    assert_clean(run)


def test_at_most_50_problems_per_file_plus_a_count(sources):
    rows = "".join(f"Nowhere{i},1,,,estimate,deepstate-derived-daily,\n" for i in range(120))
    with pytest.raises(DataError) as info:
        parse_snapshot(("unit,controlled_pct,low_pct,high_pct,kind,sources,note\n" + rows).encode(), "s.csv",
                       dt.date(2025, 5, 28), sources)
    problems = [str(p) for p in info.value.problems]
    assert len(problems) == MAX_PROBLEMS_PER_FILE + 1
    assert problems[-1] == "s.csv:0: and 70 more problems"


def test_oversized_files_refused_before_parsing(tmp_path, sources):
    from territory.data.snapshots import MAX_SNAPSHOT_BYTES, load_snapshot_file
    big = tmp_path / "2025-05-28.csv"
    big.write_bytes(b"unit," + b"x" * (MAX_SNAPSHOT_BYTES + 10))
    with pytest.raises(DataError, match=f"the limit is {MAX_SNAPSHOT_BYTES:,} bytes"):
        load_snapshot_file(big, sources)


def test_failed_write_leaves_nothing_half_written(tmp_path, monkeypatch):
    import os
    target = tmp_path / "2025-05-28.csv"
    target.write_bytes(b"original")

    def full_disk(fd):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError):
        write_bytes_atomic(target, b"new contents " * 1000, overwrite=True)
    monkeypatch.undo()
    assert target.read_bytes() == b"original"
    assert [p.name for p in tmp_path.iterdir()] == ["2025-05-28.csv"]


def test_no_overwrite_without_permission(tmp_path):
    from territory.base.atomic import FileExistsRefused
    target = tmp_path / "a.csv"
    target.write_bytes(b"keep")
    with pytest.raises(FileExistsRefused):
        write_bytes_atomic(target, b"new")
    assert target.read_bytes() == b"keep"


def test_csv_exports_neutralise_formulas():
    from territory.export.export_data import rows_to_csv
    text = rows_to_csv([{"a": "=HYPERLINK(\"x\")", "b": "+1", "c": "-cmd", "d": "@SUM(A1)", "e": -3.5, "f": "ok"}]).decode()
    assert text.splitlines()[1] == '"\'=HYPERLINK(""x"")",\'+1,\'-cmd,\'@SUM(A1),-3.5,ok'
    assert "'+1" in text and "'-cmd" in text and "'@SUM" in text and ",-3.5," in text


def test_deployment_settings_stay_on():
    config = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["maxUploadSize"] <= 10
    assert config["server"]["maxMessageSize"] <= 100
    assert config["server"]["enableStaticServing"] is True
    assert config["client"]["showErrorDetails"] in ("none", False)
    assert config["browser"]["gatherUsageStats"] is False


def test_svg_text_from_data_is_escaped(snapshot_set):
    from territory.data.sources import Source
    from territory.present import render
    from territory.present.view import ViewFilter
    payload = "--><script>alert(1)</script><!-- <img src=x onerror=alert(1)>"
    snapshot = snapshot_set.snapshots[-1]
    sources = {sid: Source(sid, payload, payload, "2025", "", payload, "published", "") for sid in snapshot.source_ids}
    svg = render.render_control_map(snapshot, None, ViewFilter(), None, sources, "svg").decode()
    assert "<script>" not in svg and "<img" not in svg


def test_markdown_escape_shows_text_literally_without_double_escaping():
    from territory.base.textsafe import md_escape
    assert md_escape("<b>x</b> & [a](javascript:x)") == "\\<b\\>x\\<\\/b\\> \\& \\[a\\]\\(javascript\\:x\\)".replace("\\/", "/")
    assert "&lt;" not in md_escape("<img>")
