"""What the user sets is what the page shows: each test acts like a person (keys, mouse, links) in Chromium and
then asserts what the page shows (figures, dates, fills, zoom). Expected values come from the loaded data.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from territory.analysis.figures import national_total
from territory.base import palette
from territory.base.text import date_label, format_km2
from territory.present.view import REUTERS_UNITS

from .conftest import CONTROL_MAP, artifacts
from .test_browser import FILLS_JS, folium_frames
from .waits import TIMEOUT_MS, app_idle, map_value, until

pytestmark = pytest.mark.browser

VIEW_JS = "() => [window.map.getZoom(), window.map.getCenter().lat, window.map.getCenter().lng]"


class Loaded:
    """The repository's snapshots, as the app loads them: dates in order and a snapshot by date."""

    def __init__(self) -> None:
        from territory.data.dataset import load_dataset

        self.snapshots = load_dataset().snapshots.snapshots
        self.dates = [s.date for s in self.snapshots]
        self._by_date = {s.date: s for s in self.snapshots}

    def snapshot(self, date: dt.date):
        return self._by_date[date]


@pytest.fixture(scope="module")
def data() -> Loaded:
    loaded = Loaded()
    assert len(loaded.dates) >= 3
    return loaded


def slider(page, label: str, index: int = 0):
    """The slider's thumb: ``index`` 0 or 1 on a range slider (labelled "… — start" and "… — end")."""
    return page.locator(f"input[type='range'][aria-label^='{label}']").nth(index)


def wait_value(page, label: str, value: str, index: int = 0, timeout: float = 20_000) -> None:
    page.wait_for_function(
        "([label, index, value]) => { const s = document.querySelectorAll(`input[type='range'][aria-label^='${label}']`);"
        " return s.length > index && s[index].getAttribute('aria-valuetext') === value; }",
        arg=[label, index, value], timeout=timeout)


def metric_texts(page) -> list[str]:
    return page.locator("[data-testid='stMetric']").all_inner_texts()


def wait_metric(page, text: str, timeout: float = 20.0) -> list[str]:
    expect(page.locator("[data-testid='stMetric']").filter(has_text=text).first).to_be_visible(timeout=timeout * 1000)
    return metric_texts(page)


def map_view(frame) -> list[float]:
    return frame.evaluate(VIEW_JS)


def wait_fills(page, expected: dict[str, str], count: int = 1, timeout: float = 30) -> list[dict]:
    """Wait until one of the maps shows the expected fills for the named units; return every map's fills."""
    fills: list = []

    def shown() -> bool:
        fills[:] = [f.evaluate(FILLS_JS) for f in folium_frames(page, count)]
        return any(all(f.get(iso) == colour for iso, colour in expected.items()) for f in fills)

    if not until(shown, page, timeout * 1000):
        raise AssertionError(f"no map shows {expected}: {fills}")
    return fills


def nav(page, title: str) -> None:
    """Click the navigation link to a page, as a person would."""
    page.get_by_role("link", name=title, exact=True).first.click()


# --- 1. compare dates shows the dates the user picked ---------------------------------------------------------

def test_compare_slider_moved_by_keys_moves_figures_maps_and_table(page, server, data):
    dates = data.dates
    page.goto(server + "/compare")
    folium_frames(page, count=3)
    first, second = slider(page, "Earlier and later date", 0), slider(page, "Earlier and later date", 1)
    first.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    before = dates[2]
    wait_value(page, "Earlier and later date", before.isoformat(), 0)
    second.focus()
    page.keyboard.press("ArrowLeft")
    after = dates[-2]
    wait_value(page, "Earlier and later date", after.isoformat(), 1)

    total_before = national_total(data.snapshot(before))
    total_after = national_total(data.snapshot(after))
    texts = wait_metric(page, f"Under Russian control on {date_label(after)}")
    assert any(f"Under Russian control on {date_label(before)}" in t and format_km2(total_before.controlled_km2) in t
               for t in texts), texts
    assert any(format_km2(total_after.controlled_km2) in t for t in texts), texts
    # the map titles and the change map follow the slider
    page.get_by_text(f"Change from {date_label(before)} to {date_label(after)}").first.wait_for(timeout=20_000)
    changed = {iso: palette.change_colour(data.snapshot(after).figures[iso].controlled_pct
                                          - data.snapshot(before).figures[iso].controlled_pct)
               for iso in ("UA-14", "UA-09", "UA-32")
               if iso in data.snapshot(after).figures and iso in data.snapshot(before).figures}
    wait_fills(page, changed, count=3)
    assert page.url.endswith(f"from={before}&to={after}") or (f"from={before}" in page.url and f"to={after}" in page.url)
    page.screenshot(path=str(artifacts() / "compare-after-keys.png"), full_page=True)


# --- 2. pan and zoom survive every kind of step ---------------------------------------------------------------

@pytest.mark.parametrize("action", ["arrow", "long-jump", "filter", "mouse"])
def test_zoom_then_step_keeps_the_view(page, server, data, action):
    page.set_viewport_size({"width": 1600, "height": 1000})
    page.goto(server + "/")
    frame = folium_frames(page)[0]
    first = map_value(page, VIEW_JS, lambda view: view[0] > 0)  # the map's own first view
    page.locator(
        "a.leaflet-control-zoom-in").click()
    # the zoom the click asked for: the first view may already be over 5 (a view read before the click took
    # effect was taken for the zoomed one, and the step then "changed" the zoom: CI, 2 December 2026)
    before = map_value(page, VIEW_JS, lambda view: view[0] > first[0])
    date = slider(page, "Date (map state)")
    latest = data.dates[-1]
    if action == "arrow":
        date.focus()
        page.keyboard.press("ArrowLeft")
        target = data.dates[-2]
    elif action == "long-jump":
        date.focus()
        page.keyboard.press("Home")
        target = data.dates[0]
    elif action == "mouse":
        box = date.bounding_box()  # the timeline's slider (issue 26; it was Streamlit's)
        page.mouse.click(box["x"] + 4, box["y"] + box["height"] / 2)  # the start of the track
        target = None
    else:
        page.get_by_role("button", name="The 7 regions of the Reuters report").click()
        page.get_by_text("Selected units", exact=False).first.wait_for(timeout=20_000)
        target = latest
    if target is not None:
        wait_value(page, "Date (map state)", target.isoformat())
    else:
        page.wait_for_function("() => document.querySelector(\"input[type='range'][aria-label='Date (map state)']\")"
                               f".getAttribute('aria-valuetext') !== '{latest}'", timeout=20_000)
    shown = date.get_attribute("aria-valuetext")
    expect(page).to_have_url(re.compile(f"date={shown}|^(?!.*date=)"), timeout=TIMEOUT_MS)  # the page followed
    app_idle(page)  # the rerun, which must leave the map's view alone
    frame = folium_frames(page)[0]
    after = map_view(frame)
    assert after[0] == before[0] > 5, (before, after)
    assert abs(after[1] - before[1]) < 1e-6 and abs(after[2] - before[2]) < 1e-6, (before, after)
    if action == "long-jump":
        page.screenshot(path=str(artifacts() / "control-map-zoom-then-long-jump.png"))


# --- 3. leaving a page keeps its state ------------------------------------------------------------------------

def test_leaving_the_control_map_and_coming_back_keeps_date_and_filter(page, server, data):
    page.goto(server + "/")
    folium_frames(page)
    date = slider(page, "Date (map state)")
    date.focus()
    page.keyboard.press("Home")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    chosen = data.dates[3]
    wait_value(page, "Date (map state)", chosen.isoformat())
    expect(page).to_have_url(re.compile(f"date={chosen}"), timeout=TIMEOUT_MS)  # the page followed the rested day
    page.get_by_role("button", name="The 7 regions of the Reuters report").click()
    page.get_by_text("Selected units", exact=False).first.wait_for(timeout=20_000)

    nav(page, "Demands and positions")
    page.get_by_role("heading", name="Demands and positions").wait_for(timeout=20_000)
    nav(page, "Control map")
    wait_value(page, "Date (map state)", chosen.isoformat())
    page.get_by_text(f"Selected units ({len(REUTERS_UNITS)})", exact=False).first.wait_for(timeout=20_000)
    assert f"date={chosen}" in page.url
    # the map shows the kept date
    expected = {iso: palette.control_colour(f.controlled_pct) for iso, f in data.snapshot(chosen).figures.items()
                if iso in REUTERS_UNITS}
    wait_fills(page, dict(list(expected.items())[:3]))


# --- 4. the NATO map draws at a useful zoom in its tab --------------------------------------------------------

def test_nato_map_in_its_tab_shows_europe(page, server):
    page.goto(server + "/demands")
    page.get_by_role("tab", name="NATO and the non-enlargement demand").click()
    zoom, *size = map_value(page, "() => window.map && document.querySelector('path.leaflet-interactive') ?"
                            " [window.map.getZoom(), window.map.getSize().x, window.map.getSize().y] : null", bool)
    assert zoom is not None and zoom >= 3, zoom
    assert size[0] > 300 and size[1] > 300, size
    page.set_viewport_size({"width": 1200, "height": 900})
    app_idle(page)
    page.screenshot(path=str(artifacts() / "demands-nato-map.png"))


# --- 5. mobile ------------------------------------------------------------------------------------------------

def test_mobile_map_above_the_fold_whole_ukraine_and_no_overlap(chromium, server):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                   has_touch=True)
    page = context.new_page()
    try:
        page.goto(server + "/")
        frame = folium_frames(page)[0]
        app_idle(page)
        iframe = page.locator(CONTROL_MAP).first.bounding_box()
        assert iframe["y"] < 844 - 150, iframe  # the map starts on the first screen, with some of it visible
        width = frame.evaluate("() => window.map.getSize().x")
        # left and right of each unit within the map (the map is in the page itself since issue 26, not at the
        # left edge of an iframe of its own)
        out = frame.evaluate("""() => { const out = []; const box = window.map.getContainer().getBoundingClientRect();
            window.map.eachLayer(l => {
            const p = l.feature && l.feature.properties;
            if (p && typeof p.iso === 'string' && p.iso.startsWith('UA-') && l._path) {
              const r = l._path.getBoundingClientRect(); out.push([p.iso, r.left - box.left, r.right - box.left]); } });
            return out; }""")
        cut = [iso for iso, left, right in out if left < -1 or right > width + 1]
        assert not cut, cut  # Luhansk and Donetsk included
        boxes = frame.evaluate("""() => ['.leaflet-control-attribution', '.leaflet-control-scale'].map(s => {
            const r = document.querySelector(s).getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })""")
        (a_left, a_top, a_right, a_bottom), (s_left, s_top, s_right, s_bottom) = boxes
        overlap = a_left < s_right and s_left < a_right and a_top < s_bottom and s_top < a_bottom
        assert not overlap, boxes
        page.screenshot(path=str(artifacts() / "mobile-control-map.png"))
    finally:
        context.close()


# --- 6. the chart: one colour per line, every line in the legend, nothing outside 0-100 -----------------------

def test_chart_legend_names_every_line_in_distinct_colours(page, server):
    page.goto(server + "/")
    folium_frames(page)
    assert page.locator("[data-testid='stVegaLiteChart']").count() == 0  # its tab is closed: not rendered
    page.get_by_role("tab", name="Control over time").click()
    chart = page.locator("[data-testid='stVegaLiteChart']").first
    chart.scroll_into_view_if_needed()
    page.wait_for_function("() => { const c = document.querySelector(\"[data-testid='stVegaLiteChart']\");"
                           " return c && (c.querySelector('canvas') || c.querySelector('svg')); }", timeout=30_000)
    app_idle(page)
    chart.screenshot(path=str(artifacts() / "control-over-time-chart.png"))
    assert "tab=chart" in page.url
    from territory.data.dataset import load_dataset
    from territory.present.charts import chart_units, control_chart_spec

    snapshots = load_dataset().snapshots.snapshots
    built = control_chart_spec(snapshots, None, snapshots[-1].date)
    colour = built["layer"][0]["encoding"]["color"]
    names = {row["name"] for row in built["layer"][0]["data"]["values"]}
    assert set(colour["scale"]["domain"]) == names == set(colour["legend"]["values"])
    assert len(set(colour["scale"]["range"])) == len(names) == len(chart_units(snapshots, None))
    assert built["layer"][0]["mark"]["clip"] is True


# --- 7. the change map tells large changes apart --------------------------------------------------------------

def test_change_map_fills_follow_the_finer_classes(page, server, data):
    before, after = data.dates[0], data.dates[-1]
    page.goto(server + f"/compare?from={before}&to={after}")
    expected = {iso: palette.change_colour(data.snapshot(after).figures[iso].controlled_pct
                                          - data.snapshot(before).figures[iso].controlled_pct)
                for iso in data.snapshot(after).figures if iso in data.snapshot(before).figures}
    fills = wait_fills(page, expected, count=3)
    change_map = next(f for f in fills if all(f.get(i) == c for i, c in expected.items()))
    assert len(set(change_map.values())) == len(set(expected.values()))


# --- 8. essentials on the first screen ------------------------------------------------------------------------

def test_legend_gap_and_selection_subtotal_on_the_first_screen(page, server, data):
    page.set_viewport_size({"width": 1600, "height": 1000})
    page.goto(server + "/")
    folium_frames(page)
    legend = page.get_by_text("Share of unit under Russian control:", exact=False).first
    assert legend.bounding_box()["y"] + legend.bounding_box()["height"] < 1000
    gap = page.locator(".st-key-demand_gap_summary").first
    gap.get_by_text("would cede", exact=False).first.wait_for(timeout=20_000)
    assert gap.bounding_box()["y"] < 1000
    page.get_by_role("button", name="The 7 regions of the Reuters report").click()
    latest = data.snapshot(data.dates[-1])
    from territory.data.geodata import load_units

    units = load_units()
    sub = national_total(latest, {iso: units[iso] for iso in REUTERS_UNITS})
    page.get_by_text(f"Selected units ({len(REUTERS_UNITS)})", exact=False).first.wait_for(timeout=20_000)
    text = page.locator(".st-key-headline_details").first.inner_text()
    assert f"{sub.controlled_km2:,.0f} km²" in text and f"{sub.pct_of_ukraine:.2f} %" in text, text
    page.screenshot(path=str(artifacts() / "control-map-reuters-selection.png"))


# --- 10. a link to a day without a map shows the last map before it, saying so; outside the data, the nearest ----

def test_link_to_a_date_without_a_map_shows_the_last_map_before_it(page, server, data):
    dates = data.dates
    gap = next((a, b) for a, b in zip(dates, dates[1:], strict=False) if (b - a).days >= 2)
    wanted = gap[0] + dt.timedelta(days=1)
    page.goto(server + f"/?date={wanted}")
    wait_value(page, "Date (map state)", gap[0].isoformat())
    page.get_by_text(f"showing the map of {gap[0]}, the last one before it", exact=False).first.wait_for(timeout=10_000)
    page.goto(server + f"/?date={dates[-1] + dt.timedelta(days=3)}")
    wait_value(page, "Date (map state)", dates[-1].isoformat())
    page.get_by_text(f"showing the nearest date, {dates[-1]}", exact=False).first.wait_for(timeout=10_000)


def test_direct_link_markdown_in_a_parameter_is_shown_literally(page, server):
    page.goto(server + "/?units=**BIG**,[a](b)")
    folium_frames(page)
    notice = page.get_by_text("**BIG**", exact=False).first
    notice.wait_for(timeout=20_000)
    assert page.locator("[data-testid='stAlert'] strong", has_text=re.compile("BIG")).count() == 0


# --- 4. a slider step repaints fills and tooltips; the geometry comes once --------------------------------------

def _hover_tooltip(page, frame, iso: str) -> str:
    """Move the mouse off the map, then onto the centre of unit ``iso``; the tooltip's text."""
    page.mouse.move(5, 5)
    iframe = page.locator(CONTROL_MAP).first.bounding_box()
    point = frame.evaluate("""(iso) => { let pt = null; window.map.eachLayer(l => {
        const p = l.feature && l.feature.properties;
        if (p && p.iso === iso) pt = window.map.latLngToContainerPoint(l.getBounds().getCenter()); });
        return {x: pt.x, y: pt.y}; }""", iso)
    page.mouse.move(iframe["x"] + point["x"], iframe["y"] + point["y"])
    tooltip = page.locator(".leaflet-tooltip").first
    tooltip.wait_for(timeout=10_000)
    return tooltip.inner_text()


#: True when DeepState's outline (the paths that are not interactive) is drawn over every unit (interactive).
OUTLINE_ON_TOP_JS = """() => { const paths = [...document.querySelectorAll('.leaflet-overlay-pane path')];
  const units = paths.map(p => p.classList.contains('leaflet-interactive'));
  const firstOutline = units.indexOf(false);
  return units.filter(Boolean).length === 27 && firstOutline > units.lastIndexOf(true); }"""


def test_step_repaints_fills_and_tooltips_with_the_geometry_fetched_once(page, server, data):
    from territory.base.text import date_label as label
    from territory.base.text import format_pct
    from territory.data.dataset import load_dataset

    loaded = load_dataset()
    dates = set(data.dates)
    # a published figure for a unit, on a date two steps after a date without one for that unit
    figure = next(f for f in loaded.published if f.date in dates and data.dates.index(f.date) >= 2
                  and f.iso in data.snapshot(f.date).figures
                  and not any(g.iso == f.iso and abs((g.date - data.dates[data.dates.index(f.date) - 2]).days) <= 1
                              for g in loaded.published))
    start = data.dates[data.dates.index(figure.date) - 2]
    from territory.base.paths import data_paths
    from territory.data.outlines import outline_for

    assert outline_for(start, data_paths(loaded.root).series_dir) is not None  # so its place can be checked
    geometry_requests = []
    page.on("request", lambda r: geometry_requests.append(r.url) if "/vendor/geo/units-" in r.url else None)
    page.set_viewport_size({"width": 1600, "height": 1100})
    page.goto(server + f"/?date={start}")
    frame = folium_frames(page)[0]
    assert frame.evaluate(OUTLINE_ON_TOP_JS)  # the units arrive after the outline, and go under it
    publishers = "; ".join(dict.fromkeys(loaded.sources[s].short_publisher for s in figure.sources))
    published_line = f"{publishers} published {format_pct(figure.pct)} for {label(figure.date)}"
    assert published_line not in _hover_tooltip(page, frame, figure.iso)

    date = slider(page, "Date (map state)")
    date.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    wait_value(page, "Date (map state)", figure.date.isoformat())
    after = data.snapshot(figure.date)
    expected = {iso: palette.control_colour(f.controlled_pct) for iso, f in after.figures.items()}
    wait_fills(page, expected)  # the colour classes may be the same on both days: wait for the new tooltips too
    hovered: list[str] = [""]

    def shows_published() -> bool:
        hovered[0] = _hover_tooltip(page, folium_frames(page)[0], figure.iso)
        return published_line in hovered[0]

    until(shows_published, page)
    text = hovered[0]
    assert published_line in text, text
    assert format_pct(after.figures[figure.iso].controlled_pct) in text
    assert folium_frames(page)[0].evaluate(OUTLINE_ON_TOP_JS)
    assert len(geometry_requests) == 1, geometry_requests


# --- 7. what a step sends (issue 14) ------------------------------------------------------------------------------

SIDEBAR = 1  # Streamlit's root containers: 0 the main area, 1 the sidebar


class ForwardMessages:
    """The messages the page receives from the server, decoded (Chrome DevTools Protocol)."""

    def __init__(self, page) -> None:
        self.received: list = []
        session = page.context.new_cdp_session(page)
        session.on("Network.webSocketFrameReceived", self._frame)
        session.send("Network.enable")

    def _frame(self, event: dict) -> None:
        import base64

        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        response = event["response"]
        if response.get("opcode") == 2:
            message = ForwardMsg()
            message.ParseFromString(base64.b64decode(response["payloadData"]))
            self.received.append(message)

    def delta_paths(self) -> list[tuple[int, ...]]:
        return [tuple(m.metadata.delta_path) for m in self.received if m.WhichOneof("type") == "delta"]

    def finished(self) -> bool:
        return any(m.WhichOneof("type") == "script_finished" for m in self.received)


def test_a_date_step_sends_the_dated_part_only_and_the_timelapse_opens_on_demand(page, server, data):
    from territory.export.exports import timelapse_frames

    start = data.dates[len(data.dates) // 2]
    page.goto(server + f"/?date={start}")
    folium_frames(page)
    page.get_by_text("Timelapse (animated GIF)").wait_for()
    messages = ForwardMessages(page)
    date = slider(page, "Date (map state)")
    date.focus()
    page.keyboard.press("ArrowRight")
    wait_value(page, "Date (map state)", data.dates[data.dates.index(start) + 1].isoformat())
    until(messages.finished, page)
    paths = messages.delta_paths()
    # the step redrew the headline, the map, the panel and the open tab, and left the sidebar alone
    assert len(paths) > 10 and all(path[0] != SIDEBAR for path in paths), paths
    assert page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").count() == 1

    # the timelapse's controls are made when it is opened, with the month-by-month default
    options = page.locator("[data-testid='stRadioOption']")
    assert options.count() == 0
    page.get_by_text("Timelapse (animated GIF)").click()
    frames = len(timelapse_frames(data.snapshots, "month"))
    page.get_by_text(f"Timelapse of {frames} dates (GIF)").wait_for(timeout=20_000)
    options.first.wait_for(timeout=20_000)  # each kind of widget's script loads when first shown
    assert options.all_inner_texts() == ["week", "month", "date"]
    assert page.locator("[data-testid='stRadioOption']:has(input:checked)").inner_text() == "month"
    page.screenshot(path=str(artifacts() / "control-map-timelapse-open.png"))
