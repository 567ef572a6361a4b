import datetime as dt

from territory.base import palette
from territory.data.snapshots import Snapshot, UnitFigure
from territory.present.view import REUTERS_UNITS, ViewFilter, unit_styles

SOURCE = ("x",)
SNAP = Snapshot(dt.date(2025, 1, 1), {
    "UA-14": UnitFigure("UA-14", 60.0, 55.0, 65.0, "estimate", SOURCE),
    "UA-09": UnitFigure("UA-09", 99.0, None, None, "published", SOURCE),
    "UA-46": UnitFigure("UA-46", 0.0, None, None, "estimate", SOURCE),
})
PREVIOUS = Snapshot(dt.date(2024, 12, 1), {"UA-14": UnitFigure("UA-14", 50.0, None, None, "estimate", SOURCE)})


def styles(view=None, demand=None, previous=PREVIOUS):
    return {s.control.iso: s for s in unit_styles(SNAP, previous, view or ViewFilter(), demand)}


def test_every_unit_has_a_style_and_colours_come_from_the_palette():
    found = styles()
    assert len(found) == 27
    assert found["UA-14"].fill == palette.control_colour(60.0)
    assert found["UA-46"].fill == palette.ZERO_COLOUR
    assert found["UA-32"].fill == palette.NO_FIGURE_COLOUR and found["UA-32"].dashed  # no figure
    assert found["UA-14"].dashed and not found["UA-09"].dashed  # a range is drawn dashed


def test_change_since_the_previous_snapshot():
    found = styles()
    assert found["UA-14"].change_pp == 10.0
    assert found["UA-09"].change_pp is None and styles(previous=None)["UA-14"].change_pp is None


def test_unit_filter_and_minimum_share_grey_units_out():
    by_units = styles(ViewFilter(units=REUTERS_UNITS))
    assert not by_units["UA-46"].shown and by_units["UA-46"].fill == palette.FILTERED_COLOUR
    assert by_units["UA-14"].shown
    by_share = styles(ViewFilter(min_share=70))
    assert by_share["UA-09"].shown and not by_share["UA-14"].shown and not by_share["UA-32"].shown


def test_demand_units_are_outlined(demands):
    demand = demands["ru-2024-06-four-regions"]
    found = styles(demand=demand)
    for iso in demand.unit_isos:
        assert found[iso].highlighted and found[iso].edge == palette.HIGHLIGHT_EDGE and found[iso].weight > 1
    assert found["UA-46"].edge == palette.UNIT_EDGE and not found["UA-46"].highlighted
