"""Payloads in every text field reach the real browser as text: no dialog opens, no script runs."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.payloads import PAYLOADS, build_payload_data

from .conftest import CHROMIUM, CONTROL_MAP, artifacts, block_external, start_server, stop_server
from .test_browser import folium_frames
from .waits import TIMEOUT_MS, app_idle

pytestmark = [pytest.mark.browser, pytest.mark.slow]  # its own server (see "slow" in pyproject.toml)


@pytest.fixture(scope="module")
def hostile_server(chromium, tmp_path_factory):
    folder = tmp_path_factory.mktemp("payload-data")
    proc, url = start_server(env={"TERRITORY_DATA_ROOT": str(build_payload_data(folder))})
    yield url
    stop_server(proc)


def _page(chromium):
    context = chromium.new_context(viewport={"width": 1500, "height": 1100})
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    block_external(page, [])
    return page


def test_map_tooltip_and_demands_panel_show_payloads_literally(chromium, hostile_server):
    page = _page(chromium)
    page.goto(hostile_server + "/?date=2025-05-28")
    frame = folium_frames(page)[0]
    # the tooltip of Donetsk, opened by hovering it, shows the publisher text literally
    iframe = page.locator(CONTROL_MAP).first.bounding_box()
    point = frame.evaluate("""() => { let pt = null; window.map.eachLayer(l => {
        const p = l.feature && l.feature.properties;
        if (p && p.iso === 'UA-14') pt = window.map.latLngToContainerPoint(l.getBounds().getCenter()); });
        return {x: pt.x, y: pt.y}; }""")
    page.mouse.move(iframe["x"] + point["x"], iframe["y"] + point["y"])
    tooltip = frame.locator(".leaflet-tooltip").first
    tooltip.wait_for(timeout=10_000)
    text = tooltip.inner_text()
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(1)>" in text
    assert frame.locator(".leaflet-tooltip img, .leaflet-tooltip script, .leaflet-tooltip svg").count() == 0
    panel = page.locator(".st-key-demands_panel").first
    assert "<img src=x onerror=alert(1)> <script>alert(1)</script>" in panel.inner_text()  # literal text
    assert "&lt;" not in panel.inner_text()  # and not double-escaped
    assert page.locator("[data-testid='stMain'] img[src='x']").count() == 0
    app_idle(page)
    page.screenshot(path=str(artifacts() / "hostile-control-map.png"))
    assert page.dialogs == []


@pytest.mark.parametrize("path", ["/compare", "/demands", "/data"])
def test_other_pages_open_no_dialog(chromium, hostile_server, path):
    page = _page(chromium)
    page.goto(hostile_server + path)
    expect(page.get_by_role("heading").first).to_be_visible(timeout=TIMEOUT_MS)
    app_idle(page)
    assert page.locator("[data-testid='stMain'] img[src='x'], [data-testid='stMain'] svg[onload]").count() == 0
    assert page.dialogs == []


def test_uploaded_polygon_properties_are_not_run(chromium, hostile_server, tmp_path):
    polygon = {"type": "FeatureCollection", "features": [{"type": "Feature",
               "properties": {p: p for p in PAYLOADS},
               "geometry": {"type": "Polygon", "coordinates": [[[37, 47.5], [38, 47.5], [38, 48.5], [37, 48.5], [37, 47.5]]]}}]}
    upload = tmp_path / f"{PAYLOADS[0][:4]}_20250528.geojson"
    upload.write_text(json.dumps(polygon))
    page = _page(chromium)
    page.goto(hostile_server + "/data")
    page.get_by_role("tab", name="Derive from a map").click()
    page.locator("[data-testid='stFileUploader'] input[type='file']").nth(1).set_input_files(str(upload))
    import datetime as dt

    from territory.base.text import date_label

    page.get_by_text(f"km² under control on {date_label(dt.date(2025, 5, 28))}", exact=False).wait_for(timeout=30_000)
    app_idle(page)
    page.screenshot(path=str(artifacts() / "hostile-derive-upload.png"), full_page=True)
    assert page.dialogs == []


def test_exported_html_map_runs_no_payload(chromium, tmp_path):
    import datetime as dt

    from territory.data.snapshots import Snapshot, UnitFigure
    from territory.data.sources import Source
    from territory.present.view import ViewFilter
    from territory.web import webmap

    payload = " ".join(PAYLOADS)
    sources = {"evil": Source("evil", payload, payload, "2025", "", payload, "published", "")}
    snapshot = Snapshot(dt.date(2025, 5, 28), {"UA-14": UnitFigure("UA-14", 50, None, None, "published", ("evil",), payload)})
    html = webmap.standalone_html(webmap.control_geojson(snapshot, None, ViewFilter(), None, sources), payload)
    path = tmp_path / "map.html"
    path.write_text(html, encoding="utf-8")
    page = _page(chromium)
    page.goto(path.as_uri())
    page.wait_for_function("() => document.querySelectorAll('path.leaflet-interactive').length >= 27")
    assert page.title() == payload  # the title shows the payload as text
    assert page.dialogs == []
    assert CHROMIUM
