"""The Changes chart and table as files (territory/present/changes_render.py, exports.changes_bytes): what the page shows."""

from __future__ import annotations

import datetime as dt

from territory.analysis.changes import UKRAINE, changes
from territory.data.flows import Flows, PolygonDay, UnitFlow
from territory.export.exports import changes_bytes
from territory.present.changes_render import changes_figure

D = dt.date


def _flows() -> Flows:
    units = (UnitFlow(D(2025, 11, 2), D(2025, 11, 1), "UA-14", 10.0, 1.0),
             UnitFlow(D(2025, 11, 2), D(2025, 11, 1), "UA-23", 4.0, 0.0))
    return Flows(units, (PolygonDay(D(2025, 11, 2), D(2025, 11, 1), 100.0, 14.0, 1.0),))


def _texts(fig) -> str:
    return " ".join(t.get_text() for t in fig.texts) + " " + " ".join(
        t.get_text() for ax in fig.axes for t in (ax.get_legend().get_texts() if ax.get_legend() else []))


def test_several_units_are_drawn_and_written_each_with_its_own_figures():
    rows = [c for c in changes(_flows(), D(2025, 11, 1), D(2025, 11, 30), "month", ["UA-14", "UA-23"])
            if c.area != UKRAINE]
    text = _texts(changes_figure(rows, D(2025, 11, 1), D(2025, 11, 30), "month"))
    assert "Donetsk, Zaporizhzhia: area that changed hands by month" in text
    assert "Donetsk" in text and "Zaporizhzhia" in text.split("month")[-1]  # the legend names both
    table = changes_bytes("csv", rows, D(2025, 11, 1), D(2025, 11, 30), "month").decode("utf-8")
    assert "Donetsk,land area,10.0,1.0,9.0" in table and "Zaporizhzhia,land area,4.0,0.0,4.0" in table
    assert "Ukraine" not in table


def test_one_area_is_drawn_with_gained_lost_and_net():
    rows = [c for c in changes(_flows(), D(2025, 11, 1), D(2025, 11, 30), "month") if c.area == UKRAINE]
    text = _texts(changes_figure(rows, D(2025, 11, 1), D(2025, 11, 30), "month"))
    assert "came under Russian control" in text and "left Russian control" in text and "net" in text
    assert changes_bytes("png", rows, D(2025, 11, 1), D(2025, 11, 30), "month").startswith(b"\x89PNG")
