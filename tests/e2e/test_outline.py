"""The occupied-area outline and the published figures on the control map, in a real Chromium: a person steps
the date slider with an arrow key and hovers a unit. Dates, units and expected texts come from the shipped
series, its outlines and published/figures.csv, never from constants."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
import shapely
from shapely.geometry import shape

from territory.base.paths import data_paths
from territory.base.text import date_label, format_pct
from territory.data.dataset import load_dataset
from territory.data.geodata import unit_geometries
from territory.data.outlines import outline_for
from territory.data.published import PublishedFigure, published_near

from .conftest import CONTROL_MAP, artifacts
from .test_browser import FILLS_JS, app_errors, folium_frames
from .waits import until

pytestmark = pytest.mark.browser

#: The SVG path ``d`` of each outline feature Leaflet drew (occupied, grey), by kind.
OUTLINE_PATHS_JS = """() => {
  const out = {};
  if (!window.map) return out;
  window.map.eachLayer(l => {
    const p = l.feature && l.feature.properties;
    if (p && (p.kind === 'occupied' || p.kind === 'grey') && l._path) out[p.kind] = l._path.getAttribute('d');
  });
  return out;
}"""
#: Where a point (lat, lng) of the map is inside the map's frame, in CSS pixels.
POINT_IN_FRAME_JS = """([lat, lng]) => {
  const p = window.map.latLngToContainerPoint([lat, lng]);
  const r = window.map.getContainer().getBoundingClientRect();
  return [p.x + r.left, p.y + r.top];
}"""
TOOLTIP_JS = "() => Array.from(document.querySelectorAll('.leaflet-tooltip')).map(t => t.innerText).join('\\n')"


@dataclass(frozen=True)
class Case:
    """A day with a published figure beside the derived one, and the next day, whose outline differs."""

    day: dt.date
    next_day: dt.date
    iso: str
    derived_pct: float
    published: list[tuple[PublishedFigure, str]]  # each figure near the day, with its publishers' names
    hover_point: tuple[float, float]  # lat, lng inside the unit's drawn shape


def _outline_shape(day: dt.date, series_directory) -> shapely.Geometry | None:
    outline = outline_for(day, series_directory)
    if outline is None:
        return None
    return shapely.union_all([shape(f["geometry"]) for f in outline["features"]])


def _hover_unit(dataset, day: dt.date, web) -> str | None:
    """The largest unit (easiest to hover) with a derived figure on ``day`` and a published one near it."""
    near = published_near(dataset.published, day)
    figures = dataset.snapshot(day).figures
    candidates = [iso for iso in near if iso in figures and figures[iso].controlled_pct is not None]
    return max(candidates, key=lambda iso: web[iso].area) if candidates else None


@pytest.fixture(scope="module")
def case() -> Case:
    """Of the days next to a published figure, the one whose outline moves most by the next day (so the move
    shows at the map's scale), with the unit to hover."""
    dataset = load_dataset()
    series_directory = data_paths(dataset.root).series_dir
    dates = dataset.dates
    web = unit_geometries("web").set_index("iso").geometry
    published_days = {f.date for f in dataset.published}
    moves = []
    for index, day in enumerate(dates[:-1]):
        if not any(abs((day - p).days) <= 1 for p in published_days) or _hover_unit(dataset, day, web) is None:
            continue
        here, there = _outline_shape(day, series_directory), _outline_shape(dates[index + 1], series_directory)
        if here is not None and there is not None:
            moves.append((here.symmetric_difference(there).area, day, dates[index + 1]))
    assert moves, "no day with a published figure and outlines on it and the next day"
    _, day, next_day = max(moves)
    iso = _hover_unit(dataset, day, web)
    point = web[iso].representative_point()
    published = [(f, "; ".join(dict.fromkeys(dataset.sources[s].short_publisher if s in dataset.sources else s
                                             for s in f.sources)))
                 for f in published_near(dataset.published, day)[iso]]
    return Case(day, next_day, iso, dataset.snapshot(day).figures[iso].controlled_pct, published,
                (point.y, point.x))


def _wait(frame_getter, script: str, accept, timeout: float = 30):
    seen: list = [None]

    def accepted() -> bool:
        try:
            seen[0] = frame_getter().evaluate(script)
        except Exception:  # the map's frame is being redrawn
            seen[0] = None
        return seen[0] is not None and accept(seen[0])

    if not until(accepted, timeout=timeout * 1000):
        raise AssertionError(f"timed out; last value {seen[0]!r}")
    return seen[0]


def test_arrow_key_moves_the_outline_and_the_units_stay_drawn(page, server, case):
    page.goto(f"{server}/?date={case.day.isoformat()}")
    page.wait_for_selector(f"input[type='range'][aria-valuetext='{case.day.isoformat()}']", state="attached",
                           timeout=60_000)
    frame = lambda: folium_frames(page)[0]  # noqa: E731 (the frame is replaced on each step)
    before = _wait(frame, OUTLINE_PATHS_JS, lambda v: bool(v.get("occupied")))
    assert len(frame().evaluate(FILLS_JS)) == 27
    page.screenshot(path=str(artifacts() / f"outline-{case.day}.png"))

    page.locator("input[type='range'][aria-label='Date (map state)']").first.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_selector(f"input[type='range'][aria-valuetext='{case.next_day.isoformat()}']", state="attached")
    after = _wait(frame, OUTLINE_PATHS_JS, lambda v: bool(v.get("occupied")) and v != before)
    assert after != before
    fills = frame().evaluate(FILLS_JS)
    assert len(fills) == 27 and all(fills.values()), fills
    page.screenshot(path=str(artifacts() / f"outline-{case.next_day}.png"))
    assert app_errors(page) == []
    assert page.blocked == [], page.blocked


def test_hovering_a_unit_shows_the_published_figure_beside_the_derived_one(page, server, case):
    page.goto(f"{server}/?date={case.day.isoformat()}")
    page.wait_for_selector(f"input[type='range'][aria-valuetext='{case.day.isoformat()}']", state="attached",
                           timeout=60_000)
    frame = folium_frames(page)[0]
    _wait(lambda: frame, OUTLINE_PATHS_JS, lambda v: bool(v.get("occupied")))
    page.locator(CONTROL_MAP).first.scroll_into_view_if_needed()
    # the map is in the page itself since issue 26 (no iframe to offset by): the point is the page's
    x, y = frame.evaluate(POINT_IN_FRAME_JS, list(case.hover_point))
    page.mouse.move(x - 5, y - 5)
    page.mouse.move(x, y)
    derived = f"Under Russian control: {format_pct(case.derived_pct)}"
    tooltip = _wait(lambda: frame, TOOLTIP_JS, lambda text: derived in text, timeout=15)
    for figure, publishers in case.published:
        line = f"{publishers} published {format_pct(figure.pct)} for {date_label(figure.date)}"
        assert line in tooltip, (line, tooltip)
    page.screenshot(path=str(artifacts() / f"tooltip-published-{case.day}-{case.iso}.png"))
