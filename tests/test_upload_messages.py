"""The data page's upload messages: every text that comes from an uploaded file (or is typed beside it) is shown
literally, and a date read from a file name is bounded like the snapshot upload's (2014 to today)."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from types import SimpleNamespace

import pytest

from app import uploads
from territory.base.textsafe import code_span
from territory.build import overlay

#: Markdown and HTML that would fetch an image, draw a link or a tag if rendered.
PAYLOADS = ["![](http://127.0.0.1:9/t.png)", "[Session expired: log in](http://e.ex/)", "<img src=x onerror=alert(1)>",
            "**bold** _x_ `c` $x$"]
SQUARE = {"type": "Polygon", "coordinates": [[[37.5, 47.5], [37.6, 47.5], [37.6, 47.6], [37.5, 47.6], [37.5, 47.5]]]}


def feature_collection(**extra) -> dict:
    return {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"status": "occupied"},
                                                       "geometry": SQUARE}], **extra}


def in_process(data, label, date, filters=None, **_):
    """The worker's work without the worker (same functions, same problems)."""
    area = overlay.read_control_area(None, filters, data=data, label=label)
    return overlay.derive_shares(area, date), overlay.area_geojson(area)


@pytest.fixture
def shown(monkeypatch):
    """Every message the derive section shows, by kind."""
    import streamlit as st

    from territory.build import overlay_worker

    seen: list[tuple[str, str]] = []
    for kind in ("error", "warning", "success", "caption", "markdown", "info"):
        monkeypatch.setattr(st, kind, lambda text, *a, _k=kind, **k: seen.append((_k, str(text))))
    monkeypatch.setattr(st, "spinner", lambda *a, **k: contextlib.nullcontext())
    monkeypatch.setattr(overlay_worker, "derive_in_worker", in_process)
    return seen


def upload(doc: dict | str, name: str = "map.geojson") -> SimpleNamespace:
    raw = doc if isinstance(doc, str) else json.dumps(doc)
    return SimpleNamespace(name=name, getvalue=lambda: raw.encode())


def code_spans(markdown: str) -> tuple[list[str], str]:
    """CommonMark's inline code spans of ``markdown`` (their contents) and the text outside them."""
    spans, outside, i = [], [], 0
    while i < len(markdown):
        run = re.match(r"`+", markdown[i:])
        if not run:
            outside.append(markdown[i])
            i += 1
            continue
        fence = run.group(0)
        close = re.search(rf"(?<!`){fence}(?!`)", markdown[i + len(fence):])
        if not close:
            outside.append(fence)
            i += len(fence)
            continue
        inner = markdown[i + len(fence):i + len(fence) + close.start()]
        if inner.startswith(" ") and inner.endswith(" ") and inner.strip():
            inner = inner[1:-1]
        spans.append(inner)
        i += len(fence) + close.end()
    return spans, "".join(outside)


def assert_literal(seen, payload: str) -> None:
    errors = [text for kind, text in seen if kind in ("error", "warning")]
    assert errors, seen
    spans, outside = code_spans("\n".join(errors))
    assert any(payload[:30] in span for span in spans), errors  # echoed exactly, in a code span: never parsed
    assert payload[:8] not in outside, errors


@pytest.mark.parametrize("text", ["plain", "`tick`", "a ``b`` c", " lead", "trail ", "``", "http://e.ex/ www.e.ex",
                                  "<b>x</b>", "line\nbreak", "$x$ ![](http://e.ex/a.png)"])
def test_a_code_span_gives_back_the_text_exactly(text):
    spans, outside = code_spans(code_span(text))
    assert spans == [text.replace("\n", " ")] and outside == ""


@pytest.mark.parametrize("payload", PAYLOADS)
def test_geojson_type_is_shown_literally(shown, payload):
    uploads.derive_from_upload(upload({"type": payload}), "", dt.date(2025, 5, 28))
    assert_literal(shown, payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_crs_name_is_shown_literally(shown, payload):
    doc = feature_collection(crs={"type": "name", "properties": {"name": payload}})
    uploads.derive_from_upload(upload(doc), "", dt.date(2025, 5, 28))
    assert_literal(shown, payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_filter_text_is_shown_literally(shown, payload):
    uploads.derive_from_upload(upload(feature_collection()), f"status={payload}", dt.date(2025, 5, 28))
    assert_literal(shown, payload)


@pytest.mark.parametrize("name", ["map_2099-12-31.geojson", "map_1900-01-01.geojson", "map_2013-12-31.geojson"])
def test_a_date_from_the_file_name_outside_2014_to_today_is_refused(shown, name):
    uploads.derive_from_upload(upload(feature_collection(), name), "", None)
    assert not [text for kind, text in shown if kind == "success"], shown
    assert any(kind in ("error", "warning") and "2014" in text for kind, text in shown), shown


def test_a_date_from_the_file_name_inside_the_bounds_is_taken(shown, monkeypatch):
    import streamlit_folium

    monkeypatch.setattr(streamlit_folium, "st_folium", lambda *a, **k: None)
    for kind in ("dataframe", "download_button"):
        monkeypatch.setattr(uploads.st, kind, lambda *a, **k: None)
    uploads.derive_from_upload(upload(feature_collection(), "map_2025-05-28.geojson"), "", None)
    assert any(kind == "success" and "28 May 2025" in text for kind, text in shown), shown
