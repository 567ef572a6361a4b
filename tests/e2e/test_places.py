"""Raions, hromadas and settlements in a real browser, as a person uses them (issue 25), in one journey: click
Donetsk oblast on the control map and follow the panel's link to its hromadas for the same date, step the
date there and see the heading and a hromada's share follow the data, search a settlement in Ukrainian and in an
old English name, download the table, switch to raions and to Ukrainian, go back to the control map and find
the date kept, then list on the Compare page the settlements that changed hands between two dates."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from playwright.sync_api import expect

from territory.base.text import date_label, format_number
from territory.data.settlements import changed_between, ledger
from territory.data.subunit_series import series_days, summary_rows
from territory.export.exports import places_bytes, places_file_name, settlements_bytes, settlements_file_name

from .conftest import CONTROL_MAP, artifacts
from .waits import TIMEOUT_MS, app_idle, map_value

pytestmark = pytest.mark.browser
UNIT = "UA-14"

#: The share in the tooltip of one place on the places map (its layer found by its code).
TOOLTIP_JS = """(code) => { let text = null; if (!window.map) return null;
  window.map.eachLayer(l => { const p = l.feature && l.feature.properties;
    if (p && p.code === code) text = p.tooltip; });
  return text; }"""


#: The places map's zoom level (st_folium's Leaflet map).
ZOOM_JS = "() => window.map ? window.map.getZoom() : null"

#: A unit's centre on the control map, in pixels from the map's corner (ISO: the unit's code).
CENTRE_JS = """() => { let pt = null; if (!window.map) return null; window.map.eachLayer(l => {
  const p = l.feature && l.feature.properties;
  if (p && p.iso === 'ISO') pt = window.map.latLngToContainerPoint(l.getBounds().getCenter()); });
  return pt && {x: pt.x, y: pt.y}; }"""


def _step_with_a_change() -> tuple[dt.date, dt.date, dict, dict]:
    """A day of the series' last year and the next map's day, with Donetsk's hromada whose share moves most
    between them (at least half a point): taken from the data."""
    days = series_days()
    for before, after in zip(days[len(days) * 3 // 4:], days[len(days) * 3 // 4 + 1:], strict=False):
        old = {r["code"]: r for r in summary_rows(before, "hromada", UNIT)}
        new = {r["code"]: r for r in summary_rows(after, "hromada", UNIT)}
        code = max(old, key=lambda c: abs(new[c]["controlled_pct"] - old[c]["controlled_pct"]))
        if abs(new[code]["controlled_pct"] - old[code]["controlled_pct"]) >= 0.5:
            return before, after, old[code], new[code]
    raise AssertionError("no step of Donetsk's hromadas moves by half a point")


def _tooltip(page, code: str, pct: float) -> str:
    """The places map's tooltip of ``code`` once it shows ``pct`` (the map redraws after a step)."""
    wanted = f"{format_number(pct, 2)} %"
    return map_value(page, f"() => ({TOOLTIP_JS})({code!r})", lambda text: bool(text) and wanted in str(text))


def test_drill_down_step_search_download_back_and_compare(page, server):
    day, next_day, hromada, moved = _step_with_a_change()

    # the control map of that day: click Donetsk oblast, then the panel's link to its hromadas
    page.goto(f"{server}/?date={day.isoformat()}")
    _open_places(page, UNIT, "Donetsk")

    heading = "Donetsk: share of each hromada inside the occupied area on DeepState's map of {date}"
    expect(page.get_by_role("heading", name=heading.format(date=date_label(day)))).to_be_visible(timeout=TIMEOUT_MS)
    assert f"date={day.isoformat()}" in page.url and "unit=UA-14" in page.url and "via=" not in page.url
    assert html_free(_tooltip(page, hromada["code"], hromada["controlled_pct"])).startswith(hromada["name_en"])

    # zoom in, then step the date: the heading and the hromada's share follow the data, the zoom stays
    fitted = map_value(page, ZOOM_JS, lambda zoom: zoom is not None)
    page.frame_locator("iframe[title='streamlit_folium.st_folium']").first.locator("a.leaflet-control-zoom-in").click()
    zoomed = map_value(page, ZOOM_JS, lambda zoom: zoom is not None and zoom > fitted)
    page.get_by_role("button", name="Next map").click()
    expect(page.get_by_role("heading", name=heading.format(date=date_label(next_day)))).to_be_visible(
        timeout=TIMEOUT_MS)
    assert html_free(_tooltip(page, moved["code"], moved["controlled_pct"])).startswith(moved["name_en"])
    assert map_value(page, ZOOM_JS, lambda zoom: zoom is not None) == zoomed  # the new day's layers, same view
    expect(page).to_have_url(re.compile(f"date={next_day.isoformat()}"))

    # a settlement, in Ukrainian and by its old English name
    search = page.get_by_label("Find a settlement (English or Ukrainian)")
    search.fill("Покровськ")
    search.press("Enter")
    expect(page.get_by_role("heading", name="Pokrovsk (Donetsk)")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text("Population 60,127 (GeoNames, pre-war estimate)", exact=False)).to_be_visible()
    search.fill("Krasnoarmeisk")
    search.press("Enter")
    app_idle(page)
    expect(page.get_by_role("heading", name="Pokrovsk (Donetsk)")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text("First inside the occupied area on DeepState's map of", exact=False)).to_be_visible()
    page.screenshot(path=str(artifacts() / "places-en.png"))
    page.get_by_role("heading", name="Pokrovsk (Donetsk)").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts() / "places-en-settlement.png"))

    # the table as CSV: the figures of the day shown
    with page.expect_download(timeout=TIMEOUT_MS) as download:
        page.get_by_role("button", name="Data (CSV)").click()
    assert download.value.suggested_filename == places_file_name(UNIT, "hromada", next_day, "csv")
    data = download.value.path().read_bytes()
    assert data == places_bytes("csv", UNIT, "hromada", next_day)
    rows = {r["code"]: r for r in csv.DictReader(io.StringIO(data.decode("utf-8")))}
    assert float(rows[moved["code"]]["controlled_pct"]) == moved["controlled_pct"]

    # raions, then the page in Ukrainian
    page.get_by_text("Raions", exact=True).click()
    expect(page.get_by_role("heading", name=f"Donetsk: share of each raion inside the occupied area on DeepState's "
                                            f"map of {date_label(next_day)}")).to_be_visible(timeout=TIMEOUT_MS)
    page.get_by_text("Українська", exact=True).first.click()
    expect(page.get_by_role("heading", name="Райони, громади та населені пункти")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text(date_label(next_day, "uk"), exact=False).first).to_be_visible(timeout=TIMEOUT_MS)
    app_idle(page)
    page.screenshot(path=str(artifacts() / "places-uk.png"))
    page.get_by_role("heading", name="Завантажити цей вигляд").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts() / "places-uk-table.png"))
    page.get_by_text("English", exact=True).first.click()
    expect(page.get_by_role("heading", name="Raions, hromadas and settlements")).to_be_visible(timeout=TIMEOUT_MS)

    # back to the control map: the date shown on the places page
    page.get_by_role("link", name="Back to the control map").click()
    expect(page.locator(f"input[type='range'][aria-valuetext='{next_day.isoformat()}']")).to_be_attached(
        timeout=TIMEOUT_MS)
    expect(page).to_have_url(re.compile(f"date={next_day.isoformat()}"))
    # and a second unit from there: the link's unit and date win over what the Places page kept
    _open_places(page, "UA-23", "Zaporizhzhia")
    expect(page.get_by_role("heading", name=f"Zaporizhzhia: share of each hromada inside the occupied area on "
                                            f"DeepState's map of {date_label(next_day)}")).to_be_visible(
        timeout=TIMEOUT_MS)
    # a settlement of another oblast: the page opens that oblast, so the map shows it; the legend says what grey is
    search = page.get_by_label("Find a settlement (English or Ukrainian)")
    search.fill("Kupiansk")
    search.press("Enter")
    expect(page.get_by_role("heading", name="Kupiansk (Kharkiv)")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_role("heading", name=f"Kharkiv: share of each hromada inside the occupied area on "
                                            f"DeepState's map of {date_label(next_day)}")).to_be_visible()
    expect(page).to_have_url(re.compile("unit=UA-63"))
    expect(page.get_by_text("other oblasts (pick one above)")).to_be_visible()
    app_idle(page)
    page.screenshot(path=str(artifacts() / "places-other-oblast.png"))

    # Compare: the settlements that changed hands between two dates, with their total
    book_days = sorted(set(ledger()["date"]))
    before, after = book_days[len(book_days) // 2], book_days[-1]
    changed = changed_between(before, after)
    page.get_by_role("link", name="Compare dates").click()
    expect(page.get_by_role("heading", name="Compare two dates")).to_be_visible(timeout=TIMEOUT_MS)
    page.goto(f"{server}/compare?from={before.isoformat()}&to={after.isoformat()}")
    expect(page.get_by_text("Settlements whose status on DeepState's map changed between these dates")).to_be_visible(
        timeout=TIMEOUT_MS)
    total = f"{len(changed)} settlements; {int(changed['population_prewar'].sum()):,} people by GeoNames' pre-war"
    caption = page.get_by_text(total, exact=False)
    expect(caption).to_be_visible(timeout=TIMEOUT_MS)
    app_idle(page)
    caption.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts() / "compare-settlements.png"), full_page=False)
    with page.expect_download(timeout=TIMEOUT_MS) as download:
        page.get_by_role("button", name="Settlements whose status changed (CSV)").click()
    assert download.value.suggested_filename == settlements_file_name(before, after)
    assert download.value.path().read_bytes() == settlements_bytes("csv", before, after)
    noise = ("/_stcore/health", "/_stcore/host-config")  # Streamlit's own probes (as in test_browser.py)
    assert [e for e in page.console_errors if not any(n in e for n in noise)] == []


def _open_places(page, iso: str, name: str) -> None:
    """On the control map: click the unit at its centre, then the panel's link to its raions and hromadas."""
    box = page.locator(CONTROL_MAP).first
    expect(box).to_be_visible(timeout=TIMEOUT_MS)
    box.scroll_into_view_if_needed()
    expect(box).to_be_in_viewport(ratio=0.5)
    point = map_value(page, CENTRE_JS.replace("ISO", iso), lambda pt: bool(pt))
    map_box = box.bounding_box()
    page.mouse.click(map_box["x"] + point["x"], map_box["y"] + point["y"])
    expect(page.get_by_text(f"Showing entries about {name}")).to_be_visible(timeout=TIMEOUT_MS)
    page.get_by_role("link", name=f"Open {name}'s raions and hromadas").click()


def html_free(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text)
