"""The Ukrainian interface in a real browser: with ``?lang=uk`` every page (each of its tabs) shows no English
interface text apart from proper names, the sources' own titles, quotes in their original words, marked
untranslated data, numbers, dates and codes; the language survives a click to another page and a slider step, and the choice switches it.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from territory.base.i18n import gettext_for, untranslated_mark

from .conftest import artifacts
from .test_browser import folium_frames
from .test_interactions import slider
from .waits import app_idle

pytestmark = pytest.mark.browser

_ = gettext_for("uk")
MARK = untranslated_mark("uk")
PAGES = {"/": _("Russian control of Ukraine, by region"), "/compare": _("Compare two dates"),
         "/changes": _("Changes by period"), "/demands": _("Demands and positions"),
         "/data": _("Data and sources")}
#: Proper names and codes that stay in Latin letters in Ukrainian text.
PROPER_NAMES = {"DeepState", "deepstatemap.live", "Python", "PARQUET", "Parquet", "territory.analysis.frames.series_frame", "geoBoundaries", "Natural", "Earth", "OpenStreetMap", "Reuters", "NATO", "EATA", "English", "ISO", "CSV",
                "GeoJSON", "PNG", "SVG", "PDF", "HTML", "GIF", "UTF", "KB", "MB", "YYYY", "MM", "DD", "KEY", "VALUE",
                "python", "territory", "validate", "status", "occupied", "your-source-id", "control_snapshots",
                "sources.csv", "geojson", "csv", "json", "yyyy", "mm", "dd"}
#: Streamlit's own widget chrome, which the app cannot translate: the file uploader's drop zone and its icon
#: (a ligature of the icon font, shown as a picture).
STREAMLIT_CHROME = ("Drag and drop a file here", "Drag and drop file here", "Browse files", "Upload",
                    "per file", "Limit")
ICON_NAMES = {"upload", "keyboard_arrow_right", "keyboard_arrow_down", "expand_more", "expand_less"}


def _allowed_words() -> set[str]:
    """Every word of the sources' publishers, titles and ids (their own names), and the proper names above."""
    from territory.data.dataset import load_dataset

    dataset = load_dataset()
    words = set(PROPER_NAMES)
    for source in dataset.sources.values():
        words |= set(re.findall(r"[A-Za-z][A-Za-z0-9'’.\-]*", f"{source.publisher} {source.title} {source.id}"))
    words |= {iso for iso in dataset.units} | {iso.split("-")[0] for iso in dataset.units}
    return {w.strip(".-") for w in words}


def english_lines(text: str, allowed: set[str]) -> list[str]:
    """Lines of ``text`` with a Latin-letter word that is no proper name, title, code or marked English data."""
    found = []
    for line in text.splitlines():
        line = line.strip()
        if not line or MARK in line or any(chrome in line for chrome in STREAMLIT_CHROME):
            continue
        if line.startswith("“") and line.endswith("”"):
            continue  # a quote, in its original words (its translation follows, marked as one)
        if line in ICON_NAMES:
            continue
        words = [w.strip(".-/") for w in re.findall(r"[A-Za-z][A-Za-z0-9'’.\-_/]*", line)]
        unknown = [w for w in words if w not in allowed and len(w) > 1
                   and not re.fullmatch(r"[A-Z]{2,3}(-\d+)?|UA-\d\d|[\w/-]+\.(csv|geojson|json)", w)
                   and not (f"{w}…" in line and any(a.startswith(w) for a in allowed))]  # a name cut short
        if unknown:
            found.append(f"{line[:120]}  <- {unknown[:5]}")
    return found


def _visible_text(page) -> str:
    parts = page.locator("[data-testid='stMain'], [data-testid='stSidebar']").all_inner_texts()
    return "\n".join(parts)


def _wait_page(page, title: str) -> None:
    page.get_by_role("heading", name=title).first.wait_for(timeout=30_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
                           " && !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=30_000)
    app_idle(page)


@pytest.fixture(scope="module")
def allowed() -> set[str]:
    return _allowed_words()


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_in_ukrainian_shows_no_english_interface_text(page, server, path, allowed):
    page.goto(f"{server}{path}?lang=uk")
    if path in ("/", "/compare"):
        folium_frames(page, count=1 if path == "/" else 3)
    _wait_page(page, PAGES[path])
    texts = [_visible_text(page)]
    tabs = page.get_by_role("tab")
    for i in range(tabs.count()):
        tabs.nth(i).click()
        expect(tabs.nth(i)).to_have_attribute("aria-selected", "true")
        app_idle(page)
        texts.append(_visible_text(page))
    for frame in page.frames:  # the maps' own text: attribution and zoom buttons' titles
        if "streamlit_folium" in frame.url:
            texts.append(frame.locator("body").inner_text())
    problems = english_lines("\n".join(texts), allowed)
    assert not problems, "English interface text on a Ukrainian page:\n" + "\n".join(problems)
    assert "lang=uk" in page.url
    if path == "/":
        page.screenshot(path=str(artifacts() / "control-map-uk.png"), full_page=False)


def test_language_survives_a_slider_step_and_a_page_change(page, server):
    page.goto(server + "/?lang=uk")
    folium_frames(page)
    _wait_page(page, PAGES["/"])
    date = slider(page, _("Date (map state)"))
    before = date.get_attribute("aria-valuetext")
    date.focus()
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("([label, value]) => document.querySelector(`input[type='range'][aria-label^='${label}']`)"
                           ".getAttribute('aria-valuetext') !== value", arg=[_("Date (map state)"), before],
                           timeout=20_000)
    page.get_by_role("heading", name=PAGES["/"]).first.wait_for(timeout=20_000)
    page.get_by_text(_("Share of Ukraine"), exact=True).first.wait_for(timeout=20_000)
    assert "lang=uk" in page.url

    page.get_by_role("link", name=_("Compare dates"), exact=True).first.click()
    page.get_by_role("heading", name=PAGES["/compare"]).first.wait_for(timeout=30_000)
    page.wait_for_function("() => location.search.includes('lang=uk')", timeout=20_000)
    page.get_by_role("link", name=_("Control map"), exact=True).first.click()
    page.get_by_role("heading", name=PAGES["/"]).first.wait_for(timeout=30_000)
    assert "lang=uk" in page.url


def test_the_language_choice_switches_the_interface_and_keeps_the_filters(page, server):
    page.goto(server + "/")
    page.get_by_role("heading", name="Russian control of Ukraine, by region").first.wait_for(timeout=30_000)
    page.get_by_role("button", name="The 7 regions of the Reuters report").click()
    page.wait_for_function("() => location.search.includes('units=')", timeout=20_000)
    units = re.search(r"units=[^&]+", page.url).group(0)
    page.get_by_text("Українська", exact=True).first.click()
    page.get_by_role("heading", name=PAGES["/"]).first.wait_for(timeout=30_000)
    page.wait_for_function("() => location.search.includes('lang=uk')", timeout=20_000)
    page.get_by_text("Луганська область (UA-09)", exact=True).first.wait_for(timeout=20_000)  # a chosen unit
    page.get_by_text("English", exact=True).first.click()
    page.get_by_role("heading", name="Russian control of Ukraine, by region").first.wait_for(timeout=30_000)
    page.get_by_text("Luhansk (UA-09)", exact=True).first.wait_for(timeout=20_000)
    assert units in page.url and page.locator("[data-testid='stException']").count() == 0
