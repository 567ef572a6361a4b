"""The places page in a real browser, as a person uses it: open Donetsk's hromadas from a link, search a
settlement in Ukrainian and in an old English name, switch to raions, leave the page and come back."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from territory.data.subunit_series import summary_rows

from .conftest import artifacts, map_frame

pytestmark = pytest.mark.browser
TIMEOUT = 60_000
DAY = dt.date(2025, 11, 1)


def test_hromadas_search_and_raions(page, server):
    hromadas = summary_rows(DAY, "hromada", "UA-14")
    raions = summary_rows(DAY, "raion", "UA-14")
    page.goto(f"{server}/places?unit=UA-14&level=hromada&date={DAY.isoformat()}")
    expect(page.get_by_role("heading", name="Raions, hromadas and settlements")).to_be_visible(timeout=TIMEOUT)
    frame = map_frame(page, TIMEOUT)
    paths = frame.locator("path.leaflet-interactive")
    expect(paths.nth(len(hromadas) - 1)).to_be_attached(timeout=TIMEOUT)
    box = page.get_by_label("Find a settlement (English or Ukrainian)")
    box.fill("Покровськ")
    box.press("Enter")
    expect(page.get_by_text("First inside the occupied area on DeepState's map of")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("Population 60,127 (GeoNames, pre-war estimate)", exact=False)).to_be_visible()
    page.screenshot(path=str(artifacts() / "places-pokrovsk.png"), full_page=True)
    box.fill("Krasnoarmeisk")
    box.press("Enter")
    expect(page.get_by_role("heading", name="Pokrovsk (Donetsk)")).to_be_visible(timeout=TIMEOUT)
    page.get_by_text("Raions", exact=True).click()
    expect(page.get_by_text("Donetsk: share of each raion inside the occupied area")).to_be_visible(timeout=TIMEOUT)
    expect(map_frame(page, TIMEOUT).locator("path.leaflet-interactive").nth(len(raions) - 1)).to_be_attached(
        timeout=TIMEOUT)
    page.get_by_role("link", name="Compare dates").click()
    expect(page.get_by_role("heading", name="Compare two dates")).to_be_visible(timeout=TIMEOUT)
    page.get_by_role("link", name="Raions, hromadas and settlements").click()
    expect(page.get_by_text("Donetsk: share of each raion inside the occupied area")).to_be_visible(timeout=TIMEOUT)
    noise = ("/_stcore/health", "/_stcore/host-config")  # Streamlit's own probes (as in test_browser.py)
    assert [e for e in page.console_errors if not any(n in e for n in noise)] == []
