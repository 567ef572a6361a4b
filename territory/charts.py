"""Chart specifications (Vega-Lite dictionaries), built without Streamlit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from .analysis import control_series
from .snapshots import Snapshot


def control_chart_spec(snapshots: Sequence[Snapshot], isos: Sequence[str], selected: dt.date) -> dict:
    """Line chart of each unit's share over time with the selected date marked; {} if there is no figure."""
    rows = [{"date": r["date"].isoformat(), "name": r["name"], "pct": r["pct"]} for r in control_series(snapshots, isos)]
    if not rows:
        return {}
    return {
        "height": 320,
        "layer": [
            {"data": {"values": rows}, "mark": {"type": "line", "point": {"size": 14}},
             "encoding": {
                 "x": {"field": "date", "type": "temporal", "title": None},
                 "y": {"field": "pct", "type": "quantitative", "title": "% of unit under Russian control",
                       "scale": {"domain": [0, 100]}},
                 "color": {"field": "name", "type": "nominal", "title": "Unit", "scale": {"scheme": "tableau10"}},
                 "tooltip": [{"field": "name", "title": "Unit"}, {"field": "date", "type": "temporal"},
                             {"field": "pct", "type": "quantitative", "format": ".2f", "title": "%"}]}},
            {"data": {"values": [{"date": selected.isoformat()}]},
             "mark": {"type": "rule", "color": "#3f007d", "strokeDash": [4, 3]},
             "encoding": {"x": {"field": "date", "type": "temporal"}}},
        ],
    }
