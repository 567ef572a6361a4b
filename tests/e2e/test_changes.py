"""The Changes page in a real browser, used as a person would: a range from the link, a grouping and a count
picked from the widgets, a unit chosen, the table downloaded, the link reopened, and the page in Ukrainian.
Every figure it shows is checked against the library (the same figures as ``territory changes``)."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from territory.analysis.changes import UKRAINE, changes, coverage, range_total
from territory.base.i18n import gettext_for
from territory.base.paths import data_paths
from territory.base.text import format_km2
from territory.data.flows import load_flows
from territory.data.units import load_units
from territory.export.exports import changes_bytes, changes_file_name
from territory.present.changes_view import table_rows

from .conftest import artifacts

pytestmark = pytest.mark.browser
TIMEOUT = 30_000


@pytest.fixture(scope="module")
def flows():
    return load_flows(data_paths().series_dir, load_units())


@pytest.fixture(scope="module")
def span(flows) -> tuple[dt.date, dt.date]:
    """Six whole months that end with the series' last whole month (first and last day included)."""
    _first, last = coverage(flows)
    end = last.replace(day=1) - dt.timedelta(days=1)
    start = (end.replace(day=1) - dt.timedelta(days=150)).replace(day=1)
    return start, end


def _metric(page, label: str):
    label_is = page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True)
    return page.get_by_test_id("stMetric").filter(has=label_is).get_by_test_id("stMetricValue")


def _open(page, url: str, title: str = "Changes by period") -> None:
    page.goto(url)
    expect(page.get_by_role("heading", name=title)).to_be_visible(timeout=TIMEOUT)


def _pick(page, label: str, option: str) -> None:
    page.get_by_label(label).first.click()
    page.get_by_role("option", name=option, exact=True).click()


def test_range_grouping_count_and_unit_move_the_figures_and_the_link(page, server, flows, span):
    start, end = span
    _open(page, f"{server}/changes?from={start}&to={end}")
    land = range_total(flows, start, end, UKRAINE, "land")
    expect(_metric(page, "Net")).to_have_text(format_km2(land.net_km2, "en", signed=True), timeout=TIMEOUT)
    expect(_metric(page, "Came under Russian control")).to_have_text(format_km2(land.gained_km2, "en"))

    _pick(page, "Group by", "quarter")
    page.wait_for_function("() => location.search.includes('by=quarter')", timeout=TIMEOUT)
    quarters = [c.period.label for c in changes(flows, start, end, "quarter")]

    page.get_by_text("as DeepState counts", exact=True).click()
    deepstate = range_total(flows, start, end, UKRAINE, "deepstate")
    expect(_metric(page, "Net")).to_have_text(format_km2(deepstate.net_km2, "en", signed=True), timeout=TIMEOUT)
    page.wait_for_function("() => location.search.includes('count=deepstate')", timeout=TIMEOUT)
    expect(page.get_by_role("combobox", name="By unit (land area)")).to_be_disabled()

    page.get_by_text("land area", exact=True).first.click()
    expect(_metric(page, "Net")).to_have_text(format_km2(land.net_km2, "en", signed=True), timeout=TIMEOUT)
    units = page.get_by_role("combobox", name="By unit (land area)")
    units.click()
    units.fill("Donetsk")
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search.includes('units=UA-14')", timeout=TIMEOUT)
    page.keyboard.press("Escape")
    expect(page.get_by_role("button", name="Data (CSV)")).to_be_visible(timeout=TIMEOUT)

    with page.expect_download(timeout=TIMEOUT) as download:
        page.get_by_role("button", name="Data (CSV)").click()
    rows = [c for c in changes(flows, start, end, "quarter", ["UA-14"]) if c.area == "UA-14"]
    assert download.value.suggested_filename == changes_file_name(start, end, "quarter", "land", "csv", ("UA-14",))
    assert download.value.path().read_bytes() == changes_bytes("csv", rows, start, end, "quarter")
    assert [r["Period"] for r in table_rows(rows, "en")] == quarters
    page.screenshot(path=str(artifacts() / "changes-page.png"), full_page=False)

    link = page.url
    reopened = page.context.new_page()
    _open(reopened, link)
    expect(_metric(reopened, "Net")).to_have_text(format_km2(land.net_km2, "en", signed=True), timeout=TIMEOUT)
    expect(reopened.get_by_role("combobox", name="Group by")).to_have_value("quarter")
    expect(reopened.get_by_text("Donetsk", exact=True).first).to_be_visible(timeout=TIMEOUT)
    reopened.close()


def test_the_page_in_ukrainian_keeps_the_range_and_formats_its_figures(page, server, flows, span):
    start, end = span
    _ = gettext_for("uk")
    _open(page, f"{server}/changes?from={start}&to={end}&count=deepstate&lang=uk", _("Changes by period"))
    deepstate = range_total(flows, start, end, UKRAINE, "deepstate")
    expect(_metric(page, _("Net"))).to_have_text(format_km2(deepstate.net_km2, "uk", signed=True), timeout=TIMEOUT)
    expect(page.get_by_text(_("Beside what others published"))).to_be_visible()
    page.screenshot(path=str(artifacts() / "changes-page-uk.png"), full_page=False)
