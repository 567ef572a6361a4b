"""What a map view shows: which units are in focus, their colours and outlines.

Shared by the web map and the image export, so both draw the same thing for the same filters.
"""

from __future__ import annotations

from dataclasses import dataclass

from territory.analysis.figures import UnitControl, unit_control
from territory.base import palette
from territory.data.demands import Demand
from territory.data.snapshots import Snapshot

#: The seven units the Reuters report of 2025-05-28 names (Crimea with Sevastopol).
REUTERS_UNITS = ("UA-43", "UA-40", "UA-09", "UA-14", "UA-23", "UA-65", "UA-63", "UA-59")


@dataclass(frozen=True)
class ViewFilter:
    """The user's filters. ``units`` None means every unit; ``min_share`` greys units below it."""

    units: tuple[str, ...] | None = None
    min_share: float = 0.0
    demand_id: str | None = None

    def shows(self, row: UnitControl) -> bool:
        if self.units is not None and row.iso not in self.units:
            return False
        if self.min_share > 0 and (row.pct is None or row.pct < self.min_share):
            return False
        return True


@dataclass(frozen=True)
class UnitStyle:
    """Everything needed to draw one unit: data, colour, outline and focus."""

    control: UnitControl
    previous_pct: float | None
    shown: bool
    highlighted: bool
    fill: str
    edge: str
    weight: float
    dashed: bool

    @property
    def change_pp(self) -> float | None:
        if self.control.pct is None or self.previous_pct is None:
            return None
        return self.control.pct - self.previous_pct


def unit_styles(snapshot: Snapshot, previous: Snapshot | None, view: ViewFilter,
                demand: Demand | None = None) -> list[UnitStyle]:
    """Style of each of the 27 units for a snapshot under the given filters."""
    linked = set(demand.unit_isos) if demand else set()
    styles = []
    for row in unit_control(snapshot):
        shown = view.shows(row)
        highlighted = row.iso in linked
        prev = previous.figures.get(row.iso) if previous else None
        fill = palette.control_colour(row.pct) if shown else palette.FILTERED_COLOUR
        dashed = row.pct is None or (shown and row.low_pct is not None and row.high_pct is not None
                                     and row.low_pct != row.high_pct)
        styles.append(UnitStyle(
            control=row, previous_pct=prev.controlled_pct if prev else None, shown=shown,
            highlighted=highlighted, fill=fill,
            edge=palette.HIGHLIGHT_EDGE if highlighted else palette.UNIT_EDGE,
            weight=3.0 if highlighted else 0.8, dashed=dashed,
        ))
    return styles
