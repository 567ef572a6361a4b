"""The control map's timeline (issue 26), used as a person uses it: press play, let it run, pause; step with the
keys. What the page shows is checked against the loaded data: the day on the map, the units' fills, DeepState's
outline of that day, then the headline and the link, and the zoom the person set."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re

import pytest
from playwright.sync_api import expect

from territory.analysis.figures import national_total
from territory.base import palette
from territory.base.text import date_label, format_km2

from .conftest import CONTROL_MAP, artifacts
from .test_browser import FILLS_JS, app_errors, folium_frames

pytestmark = pytest.mark.browser

#: Units named in the assertions: Donetsk, Zaporizhzhia, Kherson, Kharkiv, Kyiv oblast.
NAMED = ("UA-14", "UA-23", "UA-65", "UA-63", "UA-32")
VIEW_JS = "() => [window.map.getZoom(), window.map.getCenter().lat, window.map.getCenter().lng]"
#: The outline drawn on the map: the number of vertices of each kind.
OUTLINE_JS = """() => { const out = {}; window.__territoryTimeline.outlineGroup.eachLayer(g => g.eachLayer(l => {
  const kind = (l.feature.properties || {}).kind; const rings = l.getLatLngs().flat(3);
  out[kind] = (out[kind] || 0) + rings.length; })); return out; }"""


class Loaded:
    def __init__(self) -> None:
        from territory.base.paths import data_paths
        from territory.data.dataset import load_dataset

        dataset = load_dataset()
        self.snapshots = dataset.snapshots.snapshots
        self.dates = [s.date for s in self.snapshots]
        self.series_dir = data_paths(dataset.root).series_dir

    def snapshot(self, day: dt.date):
        return self.snapshots[self.dates.index(day)]

    def outline_vertices(self, day: dt.date) -> dict[str, int]:
        """Vertices of each kind in the day's outline file, as Leaflet counts them (a ring's last point, the
        same as its first, is left out)."""
        path = self.series_dir / "outlines" / str(day.year) / f"{day.isoformat()}.geojson.gz"
        data = json.loads(gzip.decompress(path.read_bytes()))
        out: dict[str, int] = {}
        for feature in data["features"]:
            coords = feature["geometry"]["coordinates"]
            polygons = coords if feature["geometry"]["type"] == "MultiPolygon" else [coords]
            out[feature["properties"]["kind"]] = out.get(feature["properties"]["kind"], 0) + sum(
                len(ring) - 1 for polygon in polygons for ring in polygon)
        return out


@pytest.fixture(scope="module")
def data() -> Loaded:
    return Loaded()


def fills_for(data: Loaded, day: dt.date) -> dict[str, str]:
    figures = data.snapshot(day).figures
    return {iso: palette.control_colour(figures[iso].controlled_pct) for iso in NAMED if iso in figures}


def test_play_then_pause_shows_one_day_everywhere_and_keeps_the_zoom(page, server, data):
    start = dt.date(2025, 1, 1)
    assert start in data.dates
    page.goto(f"{server}/?date={start}")
    frame = folium_frames(page)[0]
    timeline = page.locator(".tl-root")
    expect(timeline).to_have_attribute("data-painted-day", start.isoformat(), timeout=30_000)
    # a person zooms in once, then presses play
    first_zoom = frame.evaluate("() => window.map.getZoom()")  # may already be over 5: wait for the click's
    page.locator(CONTROL_MAP).locator("a.leaflet-control-zoom-in").click()
    frame.wait_for_function("(first) => !window.map._animatingZoom && window.map.getZoom() > first", arg=first_zoom)
    before = frame.evaluate(VIEW_JS)
    page.get_by_role("button", name="Play").click()
    expect(timeline).to_have_attribute("data-playing", "1")
    later = data.dates[data.dates.index(start) + 10]
    frame.wait_for_function("(day) => document.querySelector('.tl-root').dataset.paintedDay >= day",
                            arg=later.isoformat(), timeout=30_000)
    page.get_by_role("button", name="Pause").click()
    expect(timeline).to_have_attribute("data-playing", "0")

    shown = dt.date.fromisoformat(page.locator(".tl-slider").get_attribute("aria-valuetext"))
    assert shown >= later
    # every day from the start to the pause was painted, none skipped
    painted = frame.evaluate("() => window.__territoryTimeline.painted")
    first = data.dates.index(start) + 1
    assert painted == [d.isoformat() for d in data.dates[first:data.dates.index(shown) + 1]], painted[:5]
    # the map: the day in large type, the fills of the named units, DeepState's outline of that day
    expect(page.locator(".tl-date")).to_have_text(date_label(shown))
    expect(timeline).to_have_attribute("data-outline-day", shown.isoformat())
    assert {iso: c for iso, c in frame.evaluate(FILLS_JS).items() if iso in NAMED} == fills_for(data, shown)
    assert frame.evaluate(OUTLINE_JS) == data.outline_vertices(shown)
    # the rest of the page follows once the hand rests: the headline, then the link
    total = national_total(data.snapshot(shown))
    expect(page.locator("[data-testid='stMetric']").nth(1)).to_contain_text(format_km2(total.controlled_km2),
                                                                           timeout=20_000)
    expect(page.get_by_text(f"Stated on or before {date_label(shown)}", exact=False)).to_be_visible()
    expect(page).to_have_url(re.compile(f"date={shown.isoformat()}"))
    # and the zoom the person set survived the whole run
    after = frame.evaluate(VIEW_JS)
    assert after[0] == before[0] and abs(after[1] - before[1]) < 1e-9 and abs(after[2] - before[2]) < 1e-9
    page.screenshot(path=str(artifacts() / "timeline-paused.png"))
    assert app_errors(page) == []


def test_keys_step_the_map_without_the_server_and_the_page_follows_on_rest(page, server, data):
    page.goto(f"{server}/")
    frame = folium_frames(page)[0]
    timeline = page.locator(".tl-root")
    expect(timeline).to_have_attribute("data-painted-day", data.dates[-1].isoformat(), timeout=30_000)
    slider = page.locator(".tl-slider")
    slider.focus()
    page.keyboard.press("Home")
    # Home: the first day, drawn in the browser (the bytes and times of a step are the bench's: bench/browser.py)
    expect(timeline).to_have_attribute("data-painted-day", data.dates[0].isoformat())
    assert {iso: c for iso, c in frame.evaluate(FILLS_JS).items() if iso in NAMED} == fills_for(data, data.dates[0])
    page.keyboard.press("End")
    page.keyboard.press("ArrowLeft")
    day = data.dates[-2]
    expect(timeline).to_have_attribute("data-painted-day", day.isoformat())
    expect(page.locator(".tl-date")).to_have_text(date_label(day))
    # then the hand rests: the page follows
    expect(page).to_have_url(re.compile(f"date={day.isoformat()}"), timeout=20_000)
    total = national_total(data.snapshot(day))
    expect(page.locator("[data-testid='stMetric']").nth(1)).to_contain_text(format_km2(total.controlled_km2))
    assert app_errors(page) == []
