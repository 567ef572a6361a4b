"""What a new user tripped on (issue 23), each acted out as a person would in Chromium: keys, clicks, links and
page changes, then what the page shows. Expected values come from the loaded data."""

from __future__ import annotations

import pytest

from territory.base import palette
from territory.data.dataset import load_dataset
from territory.present.view import REUTERS_UNITS

from .conftest import CONTROL_MAP, artifacts
from .test_browser import FILLS_JS, folium_frames
from .test_interactions import slider, wait_value

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


def wait_fills(page, accept, timeout: float = 30_000) -> dict:
    """Wait until the first map's fills satisfy ``accept`` (a JS predicate over {iso: fill}); return them."""
    frame = folium_frames(page)[0]
    frame.wait_for_function(f"() => {{ const f = ({FILLS_JS})(); return Object.keys(f).length === 27 && ({accept})(f); }}",
                            timeout=timeout)
    return frame.evaluate(FILLS_JS)


def pick(page, label: str, option: str) -> None:
    """Pick an option of a select box as a person would with the keyboard: click it, type, press Enter."""
    box = page.get_by_role("combobox", name=label).first
    box.click()
    page.keyboard.type(option)
    page.keyboard.press("Enter")


def test_peace_plan_view_is_in_the_link_and_the_filters_apply_to_it(chromium, server, dataset):
    plan = dataset.scenarios[0]
    context = chromium.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    page.goto(server + "/")
    folium_frames(page)
    page.get_by_role("button", name="The 7 regions of the Reuters report").click()
    page.get_by_text(f"Selected units ({len(REUTERS_UNITS)})", exact=False).first.wait_for(timeout=20_000)
    slider(page, "Minimum share under Russian control").focus()
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    wait_value(page, "Minimum share under Russian control", "10")
    thumb = page.locator("[data-testid='stSlider']").filter(has_text="Minimum share")
    assert thumb.locator("[data-testid='stSliderThumbValue']").first.inner_text() == "10"  # not "10.00"
    pick(page, "Show a peace plan's outcome on the map", plan.title)
    page.get_by_text("Showing the outcome of", exact=False).first.wait_for(timeout=20_000)
    page.wait_for_function(f"() => location.search.includes('plan={plan.id}')", timeout=20_000)
    latest = dataset.snapshots.snapshots[-1]
    hidden = [iso for iso in latest.figures if iso not in REUTERS_UNITS]
    fills = wait_fills(page, f"f => {hidden!r}.every(i => f[i] === {palette.FILTERED_COLOUR!r})")
    assert all(fills[iso] != palette.FILTERED_COLOUR for iso in REUTERS_UNITS
               if latest.figures.get(iso) and latest.figures[iso].controlled_pct >= 10), fills
    url = page.url
    page.screenshot(path=str(artifacts() / "plan-with-filters.png"))
    context.close()

    fresh = chromium.new_context(viewport={"width": 1440, "height": 1000})
    page = fresh.new_page()
    page.goto(url)
    page.get_by_text("Showing the outcome of", exact=False).first.wait_for(timeout=30_000)
    wait_fills(page, f"f => {hidden!r}.every(i => f[i] === {palette.FILTERED_COLOUR!r})")
    fresh.close()


GRID_JS = """(marker) => { for (const t of document.querySelectorAll("[data-testid='stDataFrame']")) {
    const heads = [...t.querySelectorAll('[role=columnheader]')].map(h => h.textContent);
    const s = t.querySelector('.dvn-scroller');
    if (s && heads.includes(marker)) return {heads, scroll: s.scrollWidth, width: s.clientWidth}; }
  return null; }"""


def grid(page, marker: str) -> dict:
    """The data grid with a column named ``marker``: its column headers in order and its scroll and visible
    widths, once drawn."""
    page.wait_for_function(f"() => ({GRID_JS})({marker!r}) !== null", timeout=30_000)
    return page.evaluate(GRID_JS, marker)


@pytest.mark.parametrize("width", [1440, 390])
def test_the_change_in_km2_is_seen_without_scrolling_sideways(chromium, server, dataset, width):
    dates = [s.date for s in dataset.snapshots.snapshots]
    context = chromium.new_context(viewport={"width": width, "height": 900}, is_mobile=width < 600,
                                   has_touch=width < 600)
    page = context.new_page()
    page.goto(server + f"/compare?from={dates[0]}&to={dates[-1]}")
    table = grid(page, "Change (km²)")
    assert table["heads"][:3] == ["Unit", "Change (km²)", "Change (pp)"], table
    if width >= 1440:
        assert table["scroll"] <= table["width"] + 1, table  # every column in view
    page.locator("[data-testid='stDataFrame']").last.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts() / f"compare-table-{width}.png"))
    context.close()


def test_territorial_demands_show_the_km2_first(page, server):
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.goto(server + "/demands")
    page.get_by_role("tab", name="Territorial demands").click()
    table = grid(page, "Ukraine would cede (km²)")
    assert table["heads"][:3] == ["Entry", "Ukraine would cede (km²)", "Russia would leave (km²)"], table
    page.locator("[data-testid='stDataFrame']").first.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts() / "territorial-demands-table.png"))


def test_jump_to_follows_the_slider(page, server, dataset):
    from app.data import AppData

    data = AppData(dataset)
    dates = data.dates
    key = next(d for d in data.key_dates if d.year == 2022 and dates.index(d) + 1 < len(dates))
    following = dates[dates.index(key) + 1]
    page.goto(server + "/")
    folium_frames(page)
    pick(page, "Jump to", key.isoformat())
    wait_value(page, "Date (map state)", key.isoformat())
    jump = page.get_by_role("combobox", name="Jump to").first
    assert jump.input_value() == key.isoformat()
    slider(page, "Date (map state)").focus()
    page.keyboard.press("ArrowRight")
    wait_value(page, "Date (map state)", following.isoformat())
    page.wait_for_function("(old) => document.querySelector(`input[aria-label='Jump to']`).value !== old",
                           arg=key.isoformat(), timeout=20_000)


def test_a_phone_reaches_an_exact_day_and_a_day_without_a_map_says_whose_map_it_is(chromium, server, dataset):
    import datetime as dt

    dates = [s.date for s in dataset.snapshots.snapshots]
    before, _after = next((a, b) for a, b in zip(dates, dates[1:], strict=False)
                          if (b - a).days >= 2 and a >= dt.date(2022, 4, 3))  # a gap in DeepState's archives
    missing = before + dt.timedelta(days=1)
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(server + "/")
    folium_frames(page)
    page.get_by_role("spinbutton", name="year, Go to a day").first.click()
    page.keyboard.type(missing.strftime("%Y%m%d"))  # the field moves from year to month to day as one types
    page.get_by_role("grid").get_by_text(str(missing.day), exact=True).first.click()  # and the calendar's day
    wait_value(page, "Date (map state)", before.isoformat())
    page.get_by_text("this is the map of", exact=False).first.wait_for(timeout=20_000)
    page.screenshot(path=str(artifacts() / "phone-exact-day.png"))
    context.close()


AFTER_JS = """(selector) => [...document.querySelectorAll(selector)].map(e => {
  const shown = getComputedStyle(e).fontSize === '0px' ? '' : e.textContent;
  const after = getComputedStyle(e, '::after').content;
  return (shown + (after && after !== 'none' ? JSON.parse(after) : '')).trim(); })"""


def test_the_snapshot_drop_zone_speaks_ukrainian_and_names_its_own_limit(page, server):
    from territory.data.snapshots import MAX_SNAPSHOT_BYTES

    page.goto(server + "/data?lang=uk")
    page.get_by_role("tab", name="Надіслати зріз").click()
    zone = page.locator(".st-key-snapshot_upload [data-testid='stFileUploaderDropzone']")
    zone.wait_for(timeout=30_000)
    button = page.evaluate(AFTER_JS, ".st-key-snapshot_upload [data-testid='stFileUploaderDropzone'] button p")
    limit = page.evaluate(AFTER_JS, ".st-key-snapshot_upload [data-testid='stFileUploaderDropzoneInstructions'] span")
    assert button == ["Надіслати файл"], button
    assert limit == [f"CSV, не більше {MAX_SNAPSHOT_BYTES // 1000} КБ"], limit
    zone.screenshot(path=str(artifacts() / "upload-zone-uk.png"))


OVERLAP_JS = """() => { const box = document.querySelector('.leaflet-control-attribution').getBoundingClientRect();
  const hit = []; window.map.eachLayer(l => { const p = l.feature && l.feature.properties;
    if (p && (p.iso === 'UA-43' || p.iso === 'UA-40') && l._path) { const r = l._path.getBoundingClientRect();
      if (r.left < box.right && box.left < r.right && r.top < box.bottom && box.top < r.bottom)
        hit.push([p.iso, Math.round(r.bottom), Math.round(box.top)]); } }); return hit; }"""


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_the_credit_box_leaves_crimea_and_sevastopol_uncovered(page, server, lang):
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.goto(server + f"/demands?lang={lang}")
    page.get_by_role("tab").nth(1).click()  # peace-plan scenarios
    frames = folium_frames(page, count=4)
    covered = {i: f.evaluate(OVERLAP_JS) for i, f in enumerate(frames)}
    page.screenshot(path=str(artifacts() / f"scenario-maps-credit-{lang}.png"), full_page=True)
    assert not any(covered.values()), covered


def test_zoom_and_panning_stay_on_the_region(page, server):
    """At zoom 14 a unit filled the map as a red square (issue 23): zoom in as far as the buttons go and drag
    far away; the map stops at its limits and Ukraine stays in reach."""
    from territory.web.webmap import MAP_LIMITS

    page.set_viewport_size({"width": 1440, "height": 1000})
    page.goto(server + "/")
    frame = folium_frames(page)[0]
    zoom_in = page.locator(".leaflet-control-zoom-in")
    for _ in range(16):  # a person clicks "+" until it greys out
        if zoom_in.get_attribute("aria-disabled") == "true":
            break
        zoom_in.click()
        frame.wait_for_function("() => !window.map._animatingZoom", timeout=10_000)
    frame.wait_for_function(f"() => window.map.getZoom() === {MAP_LIMITS['maxZoom']}", timeout=20_000)
    frame.evaluate("() => window.map.setZoom(window.map.getMinZoom(), {animate: false})")
    box = page.locator(CONTROL_MAP).first.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 2000, y + 1500, steps=20)
    page.mouse.up()
    south, west, north, east = MAP_LIMITS["maxBounds"][0] + MAP_LIMITS["maxBounds"][1]
    frame.wait_for_function(f"""() => {{ const c = window.map.getCenter();
        return c.lat >= {south} && c.lat <= {north} && c.lng >= {west} && c.lng <= {east}; }}""", timeout=20_000)


def test_spring_2022_days_say_the_map_was_still_being_drawn_in(page, server, dataset):
    from territory.base.text import SPRING_2022

    dates = [s.date for s in dataset.snapshots.snapshots]
    inside = [d for d in dates if SPRING_2022[0] <= d <= SPRING_2022[1]]
    page.goto(server + f"/?date={inside[len(inside) // 2]}")
    page.get_by_text("still drawing in areas taken since February", exact=False).first.wait_for(timeout=30_000)
    page.goto(server + f"/compare?from={inside[0]}&to={dates[-1]}")
    page.get_by_text("still drawing in areas taken since February", exact=False).first.wait_for(timeout=30_000)


@pytest.mark.slow  # its own server, started for the test
def test_the_first_visitor_after_a_start_sees_the_frame_and_a_progress_message_at_once(chromium):
    """The first visitor after a server start waited up to 42 s on a loaded machine before anything showed
    (issue 23): the menu and a progress message come first, then the map, and the message goes."""
    from .conftest import start_server, stop_server

    proc, url = start_server()
    context = chromium.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    try:
        page.goto(url + "/")
        page.get_by_text("Loading the page", exact=False).first.wait_for(timeout=60_000)
        assert page.locator(CONTROL_MAP).count() == 0  # before the map
        assert page.get_by_role("link", name="Compare dates").first.is_visible()  # the frame is there
        folium_frames(page, timeout=90)
        page.get_by_text("Loading the page", exact=False).first.wait_for(state="detached", timeout=30_000)
    finally:
        context.close()
        stop_server(proc)


def test_a_snapshot_with_a_wrong_name_and_a_bad_row_is_refused_with_both_problems(page, server, tmp_path):
    """A wrong file name was reported alone, and the content's problems only after renaming (issue 23)."""
    bad = tmp_path / "my-figures.csv"
    bad.write_text("unit,controlled_pct,low_pct,high_pct,kind,sources,note\n"
                   "UA-14,181.0,,,estimate,deepstate-derived-daily,\n", encoding="utf-8")
    page.goto(server + "/data")
    page.get_by_role("tab", name="Upload a snapshot").click()
    page.locator(".st-key-snapshot_upload input[type='file']").set_input_files(str(bad))
    page.get_by_text("The file was refused: 2 problems.", exact=False).first.wait_for(timeout=60_000)
    problems = page.locator("[data-testid='stCode']").last.inner_text()
    assert "file name must be YYYY-MM-DD.csv" in problems and ":2:" in problems, problems


def test_the_ukrainian_map_has_its_zoom_buttons_and_scale(page, server):
    """Found on the walk: in Ukrainian the zoom buttons and the scale bar were missing (their script ran
    before the map existed)."""
    page.goto(server + "/?lang=uk")
    folium_frames(page)
    frame = page
    frame.locator("a.leaflet-control-zoom-in[title='Наблизити']").wait_for(timeout=20_000)
    frame.locator(".leaflet-control-scale-line", has_text="км").first.wait_for(timeout=20_000)


def test_a_plans_km2_changing_hands_are_in_view(page, server):
    """Found on the walk: the plan's table had "Ukraine cedes (km²)" and "Russia leaves (km²)" off-screen."""
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.goto(server + "/demands")
    page.get_by_role("tab", name="Peace-plan scenarios").click()
    table = grid(page, "Ukraine cedes (km²)")
    assert table["heads"][:3] == ["Unit", "Ukraine cedes (km²)", "Russia leaves (km²)"], table


def test_the_data_pages_share_and_km2_come_first_on_a_phone(chromium, server):
    """Found on the walk: on a phone the figures table showed the unit, its ISO code and the share; km² was
    off-screen."""
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(server + "/data")
    table = grid(page, "km²")
    assert table["heads"][:3] == ["Unit", "Share %", "km²"], table
    context.close()


def test_an_empty_date_box_speaks_ukrainian(page, server):
    """Found on the walk: "Go to a day" showed "yyyy-mm-dd" on the Ukrainian page."""
    page.goto(server + "/?lang=uk")
    folium_frames(page)
    parts = page.evaluate(AFTER_JS, "[data-testid='stDateInputField'] [data-placeholder='true']")
    assert parts[:3] == ["рррр", "мм", "дд"], parts
