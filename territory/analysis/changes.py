"""Changes of control by period: km² that came under Russian control, km² that left it, net, and the rate.

A range is a run of days, ``start`` to ``end``, both included: each day's change is its map against the map
of the series day before it (:mod:`territory.data.flows`), so the range compares the map of the day before
``start`` with the map of ``end``. Grouped by period (day, ISO week, month, quarter, year), each period is
clipped to the range: "November 2025" is the map of 30 November against the map of 31 October, as DeepState
counts its months.

Two counts, never mixed in one figure: ``land`` (the units' land, per unit and for Ukraine) and
``deepstate`` (DeepState's occupied polygon, waters included, for Ukraine only: how DeepState's own totals
are counted). Gained and lost are sums of day-to-day flows (an area taken and lost again within a period
counts on both sides); the net is the change of the area held.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from territory.data.flows import Flows

PERIODS = ("day", "week", "month", "quarter", "year")
COUNTS = ("land", "deepstate")
UKRAINE = "UA"


@dataclass(frozen=True)
class Period:
    """One period of a range: its label and first and last day (clipped to the range)."""

    label: str
    first: dt.date
    last: dt.date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


@dataclass(frozen=True)
class Change:
    """Gained, lost and net km² of one area (a unit, or Ukraine) over one period, in one count."""

    period: Period
    area: str
    count: str
    gained_km2: float
    lost_km2: float

    @property
    def net_km2(self) -> float:
        return round(self.gained_km2 - self.lost_km2, 2)

    @property
    def km2_per_day(self) -> float:
        return round(self.net_km2 / self.period.days, 2)


def period_bounds(day: dt.date, by: str) -> tuple[str, dt.date, dt.date]:
    """The label, first and last day of the period of ``by`` that holds ``day``."""
    if by == "day":
        return day.isoformat(), day, day
    if by == "week":
        year, week, weekday = day.isocalendar()
        first = day - dt.timedelta(days=weekday - 1)
        return f"{year}-W{week:02d}", first, first + dt.timedelta(days=6)
    if by == "month":
        first = day.replace(day=1)
        following = (first + dt.timedelta(days=32)).replace(day=1)
        return f"{day:%Y-%m}", first, following - dt.timedelta(days=1)
    if by == "quarter":
        quarter = (day.month - 1) // 3 + 1
        first = dt.date(day.year, 3 * quarter - 2, 1)
        following = dt.date(day.year + 1, 1, 1) if quarter == 4 else dt.date(day.year, 3 * quarter + 1, 1)
        return f"{day.year}-Q{quarter}", first, following - dt.timedelta(days=1)
    if by == "year":
        return str(day.year), dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    raise ValueError(f"unknown period {by!r}; choose one of {', '.join(PERIODS)}")


def periods(start: dt.date, end: dt.date, by: str) -> list[Period]:
    """The periods of the days ``start`` to ``end`` (both included), in order, each clipped to them."""
    result: list[Period] = []
    day = start
    while day <= end:
        label, _first, last = period_bounds(day, by)
        result.append(Period(label, day, min(last, end)))
        day = min(last, end) + dt.timedelta(days=1)
    return result


def map_days(flows: Flows, start: dt.date, end: dt.date) -> list[Period]:
    """By day, the days that have a map of their own: each runs from the day after the previous map (so a day
    without a map, 99 of them in the series, is counted with the next day that has one, and never shown as a day
    when nothing moved)."""
    spans = []
    for day in flows.polygon:
        if start <= day.day <= end:
            first = max(day.previous_day + dt.timedelta(days=1), start)
            spans.append(Period(day.day.isoformat(), first, day.day))
    return spans


def _sums(rows: Iterable[tuple[dt.date, str, float, float]], spans: list[Period]) -> dict:
    """(period index, area) -> [gained, lost] for flow rows (day, area, gained, lost) inside the spans."""
    index: dict[dt.date, int] = {}
    for number, span in enumerate(spans):
        for offset in range(span.days):
            index[span.first + dt.timedelta(days=offset)] = number
    totals: dict = defaultdict(lambda: [0.0, 0.0])
    for day, area, gained, lost in rows:
        period = index.get(day)
        if period is not None:
            totals[period, area][0] += gained
            totals[period, area][1] += lost
    return totals


def changes(flows: Flows, start: dt.date, end: dt.date, by: str = "month", units: Iterable[str] | None = None,
            count: str = "land") -> list[Change]:
    """Per period: one Change per chosen unit (land count only) and one for Ukraine, in the chosen count.

    Parameters
    ----------
    flows
        The series' day-to-day flows (:func:`territory.data.flows.load_flows`).
    start, end
        The range's first and last day (``start`` <= ``end``): the map of the day before ``start`` against the
        map of ``end``.
    by
        One of PERIODS.
    units
        ISO codes to list beside Ukraine (land count only); None lists none.
    count
        ``land`` or ``deepstate``.
    """
    if count not in COUNTS:
        raise ValueError(f"unknown count {count!r}; choose one of {', '.join(COUNTS)}")
    spans = map_days(flows, start, end) if by == "day" else periods(start, end, by)
    chosen = list(units or [])
    if chosen and count == "deepstate":
        raise ValueError("the deepstate count is for Ukraine as a whole: DeepState's polygon is not cut by unit")
    if count == "deepstate":
        rows = [(p.day, UKRAINE, p.gained_km2, p.lost_km2) for p in flows.polygon]
    else:
        rows = [(u.day, u.unit, u.gained_km2, u.lost_km2) for u in flows.units]
        rows += [(u.day, UKRAINE, u.gained_km2, u.lost_km2) for u in flows.units]
    totals = _sums(rows, spans)
    result = []
    for number, span in enumerate(spans):
        for area in [*chosen, UKRAINE]:
            gained, lost = totals.get((number, area), (0.0, 0.0))
            result.append(Change(span, area, count, round(gained, 2), round(lost, 2)))
    return result


def range_total(flows: Flows, start: dt.date, end: dt.date, area: str = UKRAINE, count: str = "land") -> Change:
    """The whole range as one period (labelled "range"), for one unit (land count) or Ukraine."""
    span = Period("range", start, end)
    if count == "deepstate":
        rows = [(p.gained_km2, p.lost_km2) for p in flows.polygon if span.first <= p.day <= end]
    else:
        rows = [(u.gained_km2, u.lost_km2) for u in flows.units
                if span.first <= u.day <= end and area in (UKRAINE, u.unit)]
    return Change(span, area, count, round(sum(g for g, _ in rows), 2), round(sum(lo for _, lo in rows), 2))


def coverage(flows: Flows) -> tuple[dt.date, dt.date]:
    """The first and last day a range can hold: the series' second day (its first has no day before) and its
    last."""
    return flows.polygon[0].day, flows.polygon[-1].day


def days_to_take(held_by_ukraine_km2: float, rate_km2_per_day: float) -> float | None:
    """Days the area still held by Ukraine would last at a net rate of gain; None if the rate is not a gain."""
    if rate_km2_per_day <= 0:
        return None
    return held_by_ukraine_km2 / rate_km2_per_day
