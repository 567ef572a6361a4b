"""What the Changes page and its exports show, in English or Ukrainian: the chart's spec, the tables, the
published figures beside ours with the difference in words, and the "at this pace" sentence.

Everything here is plain data and text (no Streamlit); the page lays it out and the exports draw it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from territory.analysis.changes import UKRAINE, Change, changes, days_to_take, range_total
from territory.base import palette
from territory.base.i18n import N_, gettext_for
from territory.base.text import date_label, format_km2, format_number
from territory.data.flows import Flows
from territory.data.published_changes import PublishedChange, published_for
from territory.data.sources import Source
from territory.data.units import unit_name
from territory.present.charts import vega_locale

PERIOD_NAMES = {"day": N_("day"), "week": N_("week"), "month": N_("month"), "quarter": N_("quarter"),
                "year": N_("year")}
COUNT_NAMES = {"land": N_("land area"), "deepstate": N_("as DeepState counts")}
COUNT_HELP = {
    "land": N_("The units' land, as the shares on the map: lagoons, estuaries and the sea are left out."),
    "deepstate": N_("DeepState's occupied polygon itself, waters included: how DeepState counts its own totals. "
                    "For Ukraine as a whole only."),
}
PUBLISHED_COUNTS = {"controlled": N_("area held on the publisher's map"),
                    "assessed + claimed": N_("area assessed as held, plus areas Russia claims")}


def area_name(area: str, lang: str) -> str:
    _ = gettext_for(lang)
    return _("Ukraine") if area == UKRAINE else unit_name(area, lang)


# --- the chart ----------------------------------------------------------------------------------------------

def chart_rows(rows: list[Change], lang: str) -> list[dict]:
    """One row per period, area and side: gained above zero, lost below, for the chart and its tooltips."""
    _ = gettext_for(lang)
    out = []
    for change in rows:
        base = {"period": change.period.label, "area": area_name(change.area, lang),
                "first": date_label(change.period.first, lang), "last": date_label(change.period.last, lang),
                "net": change.net_km2, "rate": change.km2_per_day}
        out.append({**base, "side": _("came under Russian control"), "km2": change.gained_km2})
        out.append({**base, "side": _("left Russian control"), "km2": -change.lost_km2})
    return out


def changes_chart_spec(rows: list[Change], lang: str, by_unit: bool = False) -> dict:
    """Vega-Lite: bars of km² gained (above zero) and lost (below) per period, the net as a dark tick; with
    ``by_unit``, each unit's net as stacked bars. {} without rows."""
    _ = gettext_for(lang)
    shown = [c for c in rows if (c.area != UKRAINE) == by_unit]
    if not shown:
        return {}
    order = list(dict.fromkeys(c.period.label for c in shown))
    x = {"field": "period", "type": "ordinal", "sort": order, "title": None, "axis": {"labelAngle": -45}}
    tooltip = [{"field": "area", "title": _("Area")}, {"field": "period", "title": _("Period")},
               {"field": "first", "title": _("From")}, {"field": "last", "title": _("To")},
               {"field": "net", "type": "quantitative", "format": ",.2f", "title": _("Net km²")},
               {"field": "rate", "type": "quantitative", "format": ",.2f", "title": _("km² per day")}]
    y_title = _("km²")
    if by_unit:
        names = list(dict.fromkeys(area_name(c.area, lang) for c in shown))
        values = [{"period": c.period.label, "area": area_name(c.area, lang), "net": c.net_km2,
                   "rate": c.km2_per_day, "first": date_label(c.period.first, lang),
                   "last": date_label(c.period.last, lang)} for c in shown]
        layer = [{"data": {"values": values}, "mark": {"type": "bar"},
                  "encoding": {"x": x, "y": {"field": "net", "type": "quantitative", "title": _("Net km²")},
                               "color": {"field": "area", "type": "nominal", "title": _("Unit"),
                                         "scale": {"domain": names,
                                                   "range": list(palette.SERIES_COLOURS[:len(names)])}},
                               "tooltip": tooltip}}]
    else:
        sides = [_("came under Russian control"), _("left Russian control")]
        layer = [{"data": {"values": chart_rows(shown, lang)}, "mark": {"type": "bar"},
                  "encoding": {"x": x, "y": {"field": "km2", "type": "quantitative", "title": y_title},
                               "color": {"field": "side", "type": "nominal", "title": None,
                                         "scale": {"domain": sides,
                                                   "range": [palette.GAINED_COLOUR, palette.LOST_COLOUR]},
                                         "legend": {"orient": "top", "labelLimit": 400}},
                               "tooltip": [*tooltip, {"field": "km2", "type": "quantitative", "format": ",.2f",
                                                      "title": _("km²")}]}},
                 {"data": {"values": [{"period": c.period.label, "net": c.net_km2} for c in shown]},
                  "mark": {"type": "tick", "color": palette.NET_COLOUR, "thickness": 2},
                  "encoding": {"x": x, "y": {"field": "net", "type": "quantitative"}}}]
    spec: dict = {"height": 300, "layer": layer}
    if lang != "en":
        spec["config"] = {"locale": vega_locale(lang)}
    return spec


def rate_chart_spec(rows: list[Change], lang: str) -> dict:
    """Vega-Lite: Ukraine's net km² per day in each period, as a line. {} without rows."""
    _ = gettext_for(lang)
    shown = [c for c in rows if c.area == UKRAINE]
    if not shown:
        return {}
    order = [c.period.label for c in shown]
    values = [{"period": c.period.label, "rate": c.km2_per_day} for c in shown]
    spec: dict = {"height": 140, "data": {"values": values},
                  "mark": {"type": "line", "point": True, "color": palette.RATE_COLOUR},
                  "encoding": {"x": {"field": "period", "type": "ordinal", "sort": order, "title": None,
                                     "axis": {"labelAngle": -45}},
                               "y": {"field": "rate", "type": "quantitative", "title": _("Ukraine, net km²/day")},
                               "tooltip": [{"field": "period", "title": _("Period")},
                                           {"field": "rate", "type": "quantitative", "format": ",.2f",
                                            "title": _("km² per day")}]}}
    if lang != "en":
        spec["config"] = {"locale": vega_locale(lang)}
    return spec


# --- tables --------------------------------------------------------------------------------------------------

def table_rows(rows: list[Change], lang: str) -> list[dict]:
    """The figures per period and area, with column names in ``lang`` (the page's table and the CSV)."""
    _ = gettext_for(lang)
    return [{_("Period"): c.period.label, _("From the map of"): (c.period.first - dt.timedelta(days=1)).isoformat(),
             _("To the map of"): c.period.last.isoformat(), _("Area"): area_name(c.area, lang),
             _("Count"): _(COUNT_NAMES[c.count]), _("Came under Russian control (km²)"): c.gained_km2,
             _("Left Russian control (km²)"): c.lost_km2, _("Net (km²)"): c.net_km2,
             _("Net km² per day"): c.km2_per_day} for c in rows]


def largest_changes(rows: list[Change], count: int = 10) -> list[Change]:
    """The units' periods with the largest net change (either sign), largest first."""
    units = [c for c in rows if c.area != UKRAINE and c.net_km2 != 0]
    return sorted(units, key=lambda c: (-abs(c.net_km2), c.period.first, c.area))[:count]


@dataclass(frozen=True)
class Beside:
    """A published figure for a period and ours for the same days, in both counts."""

    published: PublishedChange
    publisher: str
    ours_deepstate_km2: float
    ours_land_km2: float


def published_beside(published: list[PublishedChange], flows: Flows, sources: dict[str, Source],
                     start: dt.date, end: dt.date, by: str) -> list[Beside]:
    """Every published figure for exactly a period of the range (or the whole range), with ours beside it."""
    spans = {(c.period.first, c.period.last) for c in changes(flows, start, end, by)}
    spans.add((start, end))
    found = []
    for first, last in sorted(spans):
        for item in published_for(published, first, last):
            ours = {count: range_total(flows, first, last, count=count).net_km2 for count in ("deepstate", "land")}
            publisher = "; ".join(sources[s].publisher for s in item.sources if s in sources)
            found.append(Beside(item, publisher, round(ours["deepstate"], 2), round(ours["land"], 2)))
    return found


def difference_text(beside: Beside, lang: str) -> str:
    """Why the published figure and ours differ, in words."""
    _ = gettext_for(lang)
    item = beside.published
    if item.counts == "assessed + claimed":
        return _("ISW also counts areas Russia claims, and AFP measures ISW's map, not DeepState's: its figures "
                 "run higher than a count of the area held. Where the measure is the area taken, it is not net of "
                 "what was lost.")
    if item.measure != "net area taken by Russia":
        return _("The publisher gives the area taken, not the net change.")
    if beside.publisher.startswith("DeepState"):
        difference = beside.ours_deepstate_km2 - item.value_km2
        return _("DeepState's own count of the same map: ours differs by {km2} ({pct} of its figure); "
                 "a larger gap means the map that closes the period is dated differently.").format(
            km2=format_km2(difference, lang, signed=True),
            pct=f"{format_number(100 * difference / item.value_km2, 1, lang, signed=True)} %"
            if item.value_km2 else "–")
    return _("Another map than DeepState's: differences come from where each draws the line.")


def published_rows(found: list[Beside], lang: str) -> list[dict]:
    _ = gettext_for(lang)
    return [{_("Period"): f"{b.published.period_start} – {b.published.period_end}",
             _("Published (km²)"): b.published.value_km2,
             _("Ours, as DeepState counts (km²)"): b.ours_deepstate_km2, _("Ours, land (km²)"): b.ours_land_km2,
             _("Publisher"): b.publisher, _("What it counts"): _(PUBLISHED_COUNTS[b.published.counts]),
             _("Why they differ"): difference_text(b, lang)} for b in found]


# --- at this pace ------------------------------------------------------------------------------------------------

def pace_sentence(unit: str, held_by_russia_km2: float, unit_area_km2: float, total: Change, on: dt.date,
                  lang: str) -> str:
    """How long the rest of a unit would last at the net rate of one period, with the assumption said in the
    same sentence; no projection where the occupied area did not grow."""
    _ = gettext_for(lang)
    rest = max(unit_area_km2 - held_by_russia_km2, 0.0)
    name = unit_name(unit, lang)
    first = date_label(total.period.first, lang)
    last = date_label(total.period.last, lang)
    days = days_to_take(rest, total.km2_per_day)
    if days is None:
        return _("From {first} to {last} the area under Russian control in {unit} did not grow on DeepState's map "
                 "(net {net}), so there is no pace to project.").format(
            first=first, last=last, unit=name, net=format_km2(total.net_km2, lang, signed=True))
    return _("If the net pace of {first} to {last} ({rate} km² a day in {unit} on DeepState's map) held, the "
             "{rest} of {unit} outside the occupied area on {on} would take about {days} days (about {years} "
             "years). This is arithmetic on one period's pace, not a forecast.").format(
        first=first, last=last, rate=format_number(total.km2_per_day, 1, lang), unit=name,
        rest=format_km2(rest, lang), on=date_label(on, lang), days=format_number(days, 0, lang),
        years=format_number(days / 365.25, 1, lang))
