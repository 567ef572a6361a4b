"""Chart specifications (Vega-Lite dictionaries), built without Streamlit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from territory.analysis.figures import control_series
from territory.base import palette
from territory.base.i18n import LOCALES, gettext_for
from territory.base.text import date_label
from territory.data.geodata import load_units
from territory.data.snapshots import Snapshot
from territory.data.units import unit_name

#: Without a unit filter the chart shows the units that were ever at least this much under Russian control.
CHART_MIN_PCT = 5.0


def chart_units(snapshots: Sequence[Snapshot], units: Sequence[str] | None) -> tuple[str, ...]:
    """The units to chart: those chosen, else every unit ever at least CHART_MIN_PCT under Russian control."""
    if units:
        return tuple(units)
    ever = {iso for s in snapshots for iso, f in s.figures.items() if f.controlled_pct >= CHART_MIN_PCT}
    return tuple(iso for iso in load_units() if iso in ever)[:len(palette.SERIES_COLOURS)]


def vega_locale(lang: str) -> dict:
    """Vega's number and time format locale for ``lang`` (month and day names from Babel), so chart axes
    read "травень 2023" and "12 345,6" in Ukrainian; {} for English (Vega's default)."""
    if lang == "en":
        return {}
    from babel import Locale

    loc = Locale.parse(LOCALES[lang])
    symbols = loc.number_symbols["latn"]
    months = loc.months["stand-alone"]
    days = loc.days["stand-alone"]
    week = [6, 0, 1, 2, 3, 4, 5]  # Vega lists days from Sunday; Babel numbers them from Monday
    return {
        "number": {"decimal": symbols["decimal"], "thousands": symbols["group"], "grouping": [3],
                   "currency": ["", " ₴"]},
        "time": {"dateTime": "%A, %e %B %Y %X", "date": "%d.%m.%Y", "time": "%H:%M:%S", "periods": ["AM", "PM"],
                 "days": [days["wide"][i] for i in week], "shortDays": [days["abbreviated"][i] for i in week],
                 "months": [months["wide"][i] for i in range(1, 13)],
                 "shortMonths": [months["abbreviated"][i] for i in range(1, 13)]},
    }


#: A daily series is charted by the last day of each ISO week: ~230 points a line instead of ~1,600, the same
#: shape at the chart's width.
WEEK = "%G-%V"


def weekly(snapshots: Sequence[Snapshot]) -> list[Snapshot]:
    """The last snapshot of each ISO week, in date order (every curated date before a daily series is its own)."""
    last_of: dict[str, Snapshot] = {}
    for snapshot in snapshots:
        last_of[snapshot.date.strftime(WEEK)] = snapshot
    return sorted(last_of.values(), key=lambda s: s.date)


def control_chart_spec(snapshots: Sequence[Snapshot], units: Sequence[str] | None,
                       selected: dt.date | None = None, lang: str = "en") -> dict:
    """Line chart of each unit's share over time, weekly, with the selected date marked if given; {} if there
    is no figure. Without ``selected`` the spec depends on the units only, so the browser keeps it across
    date steps. Unit names, axis titles and tooltips in ``lang``; the data's dates stay ISO (Vega parses them)."""
    _ = gettext_for(lang)
    isos = chart_units(snapshots, units)
    rows = [{"date": r["date"].isoformat(), "day": date_label(r["date"], lang), "name": unit_name(r["iso"], lang),
             "pct": r["pct"]} for r in control_series(weekly(snapshots), isos)]
    if not rows:
        return {}
    names = list(dict.fromkeys(unit_name(iso, lang) for iso in isos))
    colours = list(palette.SERIES_COLOURS[:len(names)])
    spec: dict[str, Any] = {
        "height": 320,
        "layer": [
            {"data": {"values": rows}, "mark": {"type": "line", "interpolate": "linear", "clip": True},
             "encoding": {
                 # the year on every label (Vega's default names it only at January ticks)
                 "x": {"field": "date", "type": "temporal", "title": None,
                       "axis": {"format": "%b %Y", "labelOverlap": True}},
                 "y": {"field": "pct", "type": "quantitative", "title": _("% of unit under Russian control"),
                       "scale": {"domain": [0, 100], "clamp": True, "nice": False}},
                 "color": {"field": "name", "type": "nominal", "title": _("Unit"),
                           "scale": {"domain": names, "range": colours},
                           "legend": {"symbolLimit": 0, "values": names}},
                 "tooltip": [{"field": "name", "title": _("Unit")}, {"field": "day", "title": _("Date")},
                             {"field": "pct", "type": "quantitative", "format": ".2f", "title": "%"}]}},
        ],
    }
    if lang != "en":
        spec["config"] = {"locale": vega_locale(lang)}
    if selected is not None:
        spec["layer"].append({"data": {"values": [{"date": selected.isoformat()}]},
                              "mark": {"type": "rule", "color": palette.SELECTED_DATE_RULE, "strokeDash": [4, 3]},
                              "encoding": {"x": {"field": "date", "type": "temporal"}}})
    return spec
