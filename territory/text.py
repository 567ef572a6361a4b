"""The one place that turns numbers, dates and outcomes into words: shares, km², changes, dates, headlines.

Every text the library shows goes through here, so a translation (a Ukrainian interface) has one module to
cover. Escaping for HTML, Markdown and spreadsheets is ``textsafe``'s job; this module only formats.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol


class HasRange(Protocol):
    pct: float | None
    low_pct: float | None
    high_pct: float | None


def format_pct(value: float | None) -> str:
    """A share: "70.9 %", "0.42 %", "0 %", or "no figure"."""
    if value is None:
        return "no figure"
    if value == 0:
        return "0 %"
    if value < 1:
        return f"{value:.2f} %"
    return f"{value:.1f} %"


def format_km2(value: float | None) -> str:
    return "no figure" if value is None else f"{value:,.0f} km²"


def format_change(pp: float | None, km2: float | None = None) -> str:
    """A change in percentage points, with km² when given: "+19.5 pp (+5,210 km²)"; "n/a" without a figure."""
    if pp is None:
        return "n/a"
    text = f"{pp:+.1f} pp" if abs(pp) >= 0.05 or pp == 0 else f"{pp:+.2f} pp"
    if km2 is not None:
        text += f" ({km2:+,.0f} km²)"
    return text


def about_km2(value: float) -> str:
    """km² rounded for "about": to 100 above 1,000, to 10 above 100."""
    step = 100 if value >= 1000 else 10 if value >= 100 else 1
    return f"{round(value / step) * step:,.0f}"


def range_text(row: HasRange) -> str:
    """"48.0 % – 54.4 %" where sources disagree; "" without a range."""
    if row.low_pct is None and row.high_pct is None:
        return ""
    low = row.low_pct if row.low_pct is not None else row.pct
    high = row.high_pct if row.high_pct is not None else row.pct
    return f"{format_pct(low)} – {format_pct(high)}"


def date_label(date: dt.date) -> str:
    """"28 May 2025"."""
    return f"{date.day} {date:%B %Y}"


def scenario_headline(outcome) -> str:
    """One sentence on a peace plan applied to a date: land ceded, land left, units without a figure."""
    zone = f" (about {about_km2(outcome.to_zone_km2)} km² of it to a zone)" if outcome.to_zone_km2 >= 1 else ""
    text = (f"Under this plan Ukraine would cede about {about_km2(outcome.ceded_km2)} km² it holds on "
            f"{outcome.date}{zone}; Russia would leave about {about_km2(outcome.left_km2)} km².")
    if outcome.unknown_units:
        text += f" No figure for {', '.join(outcome.unknown_units)} on that date."
    return text


PROJECT = "Ukraine territorial-control dashboard"


def control_map_title(date: dt.date) -> str:
    return f"Russian control of Ukraine by region, {date_label(date)}"


def map_credit(publishers: str, what: str = "Figures") -> str:
    """The credit line of a map: boundaries and the publishers of its figures (DeepState where derived)."""
    return f"Boundaries: geoBoundaries, Natural Earth. {what}: {publishers or 'none'}."
