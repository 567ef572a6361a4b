"""Chart specifications (Vega-Lite dictionaries), built without Streamlit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from . import palette
from .analysis import control_series
from .geodata import load_units
from .snapshots import Snapshot

#: Without a unit filter the chart shows the units that were ever at least this much under Russian control.
CHART_MIN_PCT = 5.0


def chart_units(snapshots: Sequence[Snapshot], units: Sequence[str] | None) -> tuple[str, ...]:
    """The units to chart: those chosen, else every unit ever at least CHART_MIN_PCT under Russian control."""
    if units:
        return tuple(units)
    ever = {iso for s in snapshots for iso, f in s.figures.items() if f.controlled_pct >= CHART_MIN_PCT}
    return tuple(iso for iso in load_units() if iso in ever)[:len(palette.SERIES_COLOURS)]


def control_chart_spec(snapshots: Sequence[Snapshot], units: Sequence[str] | None,
                       selected: dt.date | None = None) -> dict:
    """Line chart of each unit's share over time, the ``selected`` date marked if given; {} if there is no figure.

    Without a selected date the spec does not change when the map's date does, so a page can send it once.
    """
    isos = chart_units(snapshots, units)
    rows = [{"date": r["date"].isoformat(), "name": r["name"], "pct": r["pct"]} for r in control_series(snapshots, isos)]
    if not rows:
        return {}
    names = list(dict.fromkeys(load_units()[iso].name_en for iso in isos))
    colours = list(palette.SERIES_COLOURS[:len(names)])
    layers = [
        {"data": {"values": rows}, "mark": {"type": "line", "interpolate": "linear", "clip": True},
         "encoding": {
             "x": {"field": "date", "type": "temporal", "title": None},
             "y": {"field": "pct", "type": "quantitative", "title": "% of unit under Russian control",
                   "scale": {"domain": [0, 100], "clamp": True, "nice": False}},
             "color": {"field": "name", "type": "nominal", "title": "Unit",
                       "scale": {"domain": names, "range": colours},
                       "legend": {"symbolLimit": 0, "values": names}},
             "tooltip": [{"field": "name", "title": "Unit"}, {"field": "date", "type": "temporal"},
                         {"field": "pct", "type": "quantitative", "format": ".2f", "title": "%"}]}}]
    if selected is not None:
        layers.append({"data": {"values": [{"date": selected.isoformat()}]},
                       "mark": {"type": "rule", "color": palette.SELECTED_DATE_RULE, "strokeDash": [4, 3]},
                       "encoding": {"x": {"field": "date", "type": "temporal"}}})
    return {"height": 320, "layer": layers}
