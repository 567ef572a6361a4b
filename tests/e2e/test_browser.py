"""The dashboard in a real headless Chromium, with every request outside localhost aborted."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from territory.base import palette

from .conftest import CONTROL_MAP, ROOT, artifacts
from .waits import TIMEOUT_MS, app_idle, map_frames, map_value, until


def _last_date() -> str:
    from territory.data.dataset import load_dataset

    return load_dataset().dates[-1].isoformat()


pytestmark = pytest.mark.browser

FILLS_JS = """() => {
  const out = {};
  if (!window.map) return out;
  window.map.eachLayer(l => {
    const p = l.feature && l.feature.properties;
    if (p && typeof p.iso === 'string' && p.iso.startsWith('UA-') && l.options && l.options.fillColor)
      out[p.iso] = l.options.fillColor;
  });
  return out;
}"""
#: Streamlit's frontend probes <subpath>/_stcore/health before finding the server root: not an app error.
KNOWN_NOISE = ("/_stcore/health", "/_stcore/host-config")


def folium_frames(page, count: int = 1, timeout: float = 45):
    """The maps, once each has drawn all 27 units: the control map's timeline (in the page itself, issue 26) and
    the st_folium iframes of the other pages."""
    ready: list = []

    def drawn() -> bool:
        ready.clear()
        for frame in map_frames(page):
            try:
                if len(frame.evaluate(FILLS_JS)) == 27:
                    ready.append(frame)
            except Exception:  # frame still loading
                pass
        return len(ready) >= count

    if not until(drawn, page, timeout * 1000):
        raise AssertionError(f"fewer than {count} maps drew 27 units within {timeout} s")
    return ready


def app_errors(page) -> list[str]:
    return [e for e in page.console_errors if not any(n in e for n in KNOWN_NOISE)]


def date_slider(page, label: str):
    return page.locator(f"input[type='range'][aria-label='{label}']").first


def test_control_map_draws_offline_and_slider_recolours_kyiv_oblast(page, server):
    page.goto(server + "/")
    frame = folium_frames(page)[0]
    fills = frame.evaluate(FILLS_JS)
    assert len(fills) == 27
    assert fills["UA-32"] == palette.ZERO_COLOUR  # Kyiv oblast, latest date
    page.screenshot(path=str(artifacts() / "control-map.png"))

    slider = date_slider(page, "Date (map state)")
    assert slider.get_attribute("aria-valuetext") == _last_date()
    slider.focus()
    page.keyboard.press("Home")      # 2022-02-23
    page.keyboard.press("ArrowRight")  # 2022-03-21
    page.wait_for_selector("input[type='range'][aria-valuetext='2022-03-21']", state="attached")
    fills = map_value(page, FILLS_JS, lambda f: f.get("UA-32") == palette.control_colour(23.9))
    assert fills["UA-32"] == palette.control_colour(23.9), fills.get("UA-32")
    page.screenshot(path=str(artifacts() / "control-map-2022-03-21.png"))
    assert page.blocked == [], page.blocked
    assert app_errors(page) == []
    assert page.dialogs == []


def test_demands_panel_beside_the_map_and_click_filters_it(page, server):
    page.goto(server + "/?date=2025-05-28")
    frame = folium_frames(page)[0]
    iframe = page.locator(CONTROL_MAP).first
    # A map cut by the window's edge scrolls into view when clicked (the iframe takes focus), so the press and
    # the release land on different units and no click is seen: a person scrolls to the map first.
    iframe.scroll_into_view_if_needed()
    expect(iframe).to_be_in_viewport(ratio=0.5)
    panel = page.locator(".st-key-demands_panel").first
    map_box, panel_box = iframe.bounding_box(), panel.bounding_box()
    assert panel_box["x"] >= map_box["x"] + map_box["width"] - 5  # to the right of the map
    assert panel_box["y"] < map_box["y"] + map_box["height"] and map_box["y"] < panel_box["y"] + panel_box["height"]

    # click Kherson oblast at its centre (computed by Leaflet in the iframe)
    point = frame.evaluate("""() => { let pt = null; window.map.eachLayer(l => {
        const p = l.feature && l.feature.properties;
        if (p && p.iso === 'UA-65') pt = window.map.latLngToContainerPoint(l.getBounds().getCenter()); });
        return pt && {x: pt.x, y: pt.y}; }""")
    page.mouse.click(map_box["x"] + point["x"], map_box["y"] + point["y"])
    page.get_by_text("Showing entries about Kherson").wait_for(timeout=20_000)
    assert page.get_by_text("Kherson:", exact=False).count() > 0
    page.screenshot(path=str(artifacts() / "control-map-clicked-kherson.png"))
    assert app_errors(page) == []


def test_compare_page_draws_its_maps(page, server):
    page.goto(server + "/compare?from=2022-03-21&to=2022-04-07")
    from territory.data.dataset import load_dataset

    snapshots = load_dataset().snapshots
    before, after = (snapshots.get(dt.date.fromisoformat(d)).figures["UA-32"].controlled_pct
                     for d in ("2022-03-21", "2022-04-07"))
    frames = folium_frames(page, count=3)
    kyiv_fills = {f.evaluate(FILLS_JS)["UA-32"] for f in frames}  # the frames load in any order
    assert palette.control_colour(before) in kyiv_fills
    assert palette.control_colour(after) in kyiv_fills
    assert palette.change_colour(after - before) in kyiv_fills  # a loss: blue
    page.screenshot(path=str(artifacts() / "compare.png"), full_page=True)
    assert page.blocked == []
    assert app_errors(page) == []


def test_demands_page_nato_map(page, server):
    page.goto(server + "/demands")
    page.get_by_role("tab", name="NATO and the non-enlargement demand").click()
    colours = map_value(page, """() => { const o = {}; if (!window.map) return o;
        window.map.eachLayer(l => { const p = l.feature && l.feature.properties;
        if (p && p.iso && l.options.fillColor) o[p.iso] = l.options.fillColor; }); return o; }""",
                        lambda c: "UKR" in c)
    assert colours.get("UKR") == palette.NATO_EXCLUDED_COLOUR
    assert colours.get("FIN") == palette.NATO_MEMBER_COLOURS["2023-2024"]
    page.screenshot(path=str(artifacts() / "demands-nato.png"))
    assert app_errors(page) == []


def test_scenario_outcome_map_draws(page, server):
    page.goto(server + "/demands")
    page.get_by_role("tab", name="Peace-plan scenarios").click()
    # Russia's June 2024 terms: all of Donetsk and Zaporizhzhia, so both are in the 95-100 % class
    fills = map_value(page, FILLS_JS, lambda f: len(f) == 27 and f["UA-14"] == palette.control_colour(100) == f["UA-23"])
    assert fills["UA-14"] == palette.control_colour(100) == fills["UA-23"]
    page.screenshot(path=str(artifacts() / "scenarios.png"))
    assert app_errors(page) == []


def test_data_page_derives_a_real_map(page, server):
    page.set_viewport_size({"width": 1500, "height": 1900})
    page.goto(server + "/data")
    page.get_by_role("tab", name="Derive from a map").click()
    page.locator("[data-testid='stFileUploader'] input[type='file']").nth(1).set_input_files(
        str(ROOT / "tests" / "fixtures" / "deepstate" / "deepstatemap_data_20260101.geojson"))
    from territory.base.text import date_label

    page.get_by_text(f"km² under control on {date_label(dt.date(2025, 12, 30))}", exact=False).wait_for(
        timeout=45_000)  # the map of 30 December, fetched early on 1 January (the archive's rule)
    drawn = map_value(page, "() => !!window.map && document.querySelectorAll('path.leaflet-interactive').length > 0",
                      bool)
    assert drawn, "the uploaded area was not drawn"
    app_idle(page)
    page.screenshot(path=str(artifacts() / "data-derive-deepstate.png"), full_page=True)
    assert app_errors(page) == []


def test_slider_step_keeps_pan_and_zoom(page, server):
    page.goto(server + "/")
    frame = folium_frames(page)[0]
    frame.evaluate("() => window.map.setView([47.9, 37.6], 8, {animate: false})")  # zoom to Donetsk
    before = frame.evaluate("() => [window.map.getZoom(), window.map.getCenter().lat, window.map.getCenter().lng]")
    slider = date_slider(page, "Date (map state)")
    last = _last_date()
    slider.focus()
    page.keyboard.press("ArrowLeft")
    expect(slider).not_to_have_attribute("aria-valuetext", last)
    day = slider.get_attribute("aria-valuetext")
    expect(page).to_have_url(re.compile(f"date={day}"), timeout=TIMEOUT_MS)  # the page followed the rested day
    app_idle(page)  # and its rerun, which must leave the map's view alone
    frame = folium_frames(page)[0]
    after = frame.evaluate("() => [window.map.getZoom(), window.map.getCenter().lat, window.map.getCenter().lng]")
    assert after[0] == before[0] == 8
    assert abs(after[1] - before[1]) < 1e-6 and abs(after[2] - before[2]) < 1e-6
    page.screenshot(path=str(artifacts() / "control-map-zoomed-after-step.png"))


def test_uploaded_snapshot_becomes_a_date_for_this_session(page, server, tmp_path):
    csv = tmp_path / "2026-09-30.csv"
    csv.write_text("unit,controlled_pct,low_pct,high_pct,kind,sources,note\n"
                   "UA-14,81.0,,,estimate,deepstate-derived-daily,my own estimate\n", encoding="utf-8")
    page.goto(server + "/data")
    page.get_by_role("tab", name="Upload a snapshot").click()
    page.locator(".st-key-snapshot_upload input[type='file']").set_input_files(str(csv))
    from territory.base.text import date_label

    page.get_by_text(f"Valid: 1 unit for {date_label(dt.date(2026, 9, 30))}", exact=False).wait_for(timeout=60_000)
    page.get_by_role("link", name="Control map").click()
    page.wait_for_selector("input[type='range'][aria-label='Date (map state)'][aria-valuetext='2026-09-30']",
                           state="attached", timeout=30_000)
    fills = folium_frames(page)[0].evaluate(FILLS_JS)
    assert fills["UA-14"] == palette.control_colour(81.0)
    assert fills["UA-09"] == palette.NO_FIGURE_COLOUR  # absent from the upload: no figure, not 0 %
    page.screenshot(path=str(artifacts() / "uploaded-snapshot.png"))
