"""Shares, km², national totals, changes between dates and the gaps of territorial demands."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from territory.data.demands import Demand
from territory.data.geodata import Unit, load_units
from territory.data.snapshots import Snapshot
from territory.data.units import unit_name


@dataclass(frozen=True)
class UnitControl:
    """One unit on one date. ``pct`` is None when the snapshot has no figure for the unit."""

    iso: str
    name: str
    area_km2: float
    pct: float | None
    low_pct: float | None
    high_pct: float | None
    kind: str | None
    sources: tuple[str, ...]
    note: str

    @property
    def km2(self) -> float | None:
        return None if self.pct is None else self.pct / 100 * self.area_km2

    @property
    def low_km2(self) -> float | None:
        return None if self.low_pct is None else self.low_pct / 100 * self.area_km2

    @property
    def high_km2(self) -> float | None:
        return None if self.high_pct is None else self.high_pct / 100 * self.area_km2


def unit_control(snapshot: Snapshot, units: dict[str, Unit] | None = None) -> list[UnitControl]:
    """All 27 units for the snapshot, in ISO order, with km² from the unit areas."""
    units = units or load_units()
    rows = []
    for iso, unit in units.items():
        fig = snapshot.figures.get(iso)
        rows.append(UnitControl(
            iso=iso, name=unit.name_en, area_km2=unit.area_km2,
            pct=fig.controlled_pct if fig else None,
            low_pct=fig.low_pct if fig else None,
            high_pct=fig.high_pct if fig else None,
            kind=fig.kind if fig else None,
            sources=fig.sources if fig else (),
            note=fig.note if fig else "",
        ))
    return rows


@dataclass(frozen=True)
class NationalTotal:
    """Area under Russian control across the units with a figure; ``missing`` lists units without one."""

    controlled_km2: float
    low_km2: float
    high_km2: float
    ukraine_km2: float
    missing: tuple[str, ...]

    @property
    def pct_of_ukraine(self) -> float:
        return 100 * self.controlled_km2 / self.ukraine_km2

    @property
    def low_pct(self) -> float:
        return 100 * self.low_km2 / self.ukraine_km2

    @property
    def high_pct(self) -> float:
        return 100 * self.high_km2 / self.ukraine_km2

    @property
    def complete(self) -> bool:
        return not self.missing


def national_total(snapshot: Snapshot, units: dict[str, Unit] | None = None) -> NationalTotal:
    """Sum of the units' km² (low and high use each unit's range where given, else its figure)."""
    units = units or load_units()
    controlled = low = high = 0.0
    missing = []
    for iso, unit in units.items():
        fig = snapshot.figures.get(iso)
        if fig is None:
            missing.append(iso)
            continue
        controlled += fig.controlled_pct / 100 * unit.area_km2
        low += fig.lower_pct / 100 * unit.area_km2
        high += fig.upper_pct / 100 * unit.area_km2
    return NationalTotal(controlled, low, high, sum(u.area_km2 for u in units.values()), tuple(missing))


@dataclass(frozen=True)
class UnitChange:
    iso: str
    name: str
    before_pct: float | None
    after_pct: float | None
    area_km2: float

    @property
    def change_pp(self) -> float | None:
        if self.before_pct is None or self.after_pct is None:
            return None
        return self.after_pct - self.before_pct

    @property
    def change_km2(self) -> float | None:
        pp = self.change_pp
        return None if pp is None else pp / 100 * self.area_km2


def compare(before: Snapshot, after: Snapshot, units: dict[str, Unit] | None = None) -> list[UnitChange]:
    """Per-unit change from ``before`` to ``after``, largest change in km² first (no figure last)."""
    units = units or load_units()
    changes = []
    for iso, unit in units.items():
        b, a = before.figures.get(iso), after.figures.get(iso)
        changes.append(UnitChange(iso, unit.name_en, b.controlled_pct if b else None,
                                  a.controlled_pct if a else None, unit.area_km2))
    return sorted(changes, key=lambda c: (c.change_km2 is None, -abs(c.change_km2 or 0.0), c.iso))


def net_change_km2(changes: Iterable[UnitChange]) -> float:
    return sum(c.change_km2 or 0.0 for c in changes)


@dataclass(frozen=True)
class GapRow:
    """For one unit of a territorial demand: held share, demanded share, and the difference.

    A positive gap is land Russia would gain if the demand were met; negative, land it would leave.
    """

    iso: str
    name: str
    held_pct: float | None
    target_pct: float
    area_km2: float

    @property
    def gap_pp(self) -> float | None:
        return None if self.held_pct is None else self.target_pct - self.held_pct

    @property
    def gap_km2(self) -> float | None:
        pp = self.gap_pp
        return None if pp is None else pp / 100 * self.area_km2


@dataclass(frozen=True, slots=True)
class DemandGap:
    """A territorial demand set against the shares held on one date.

    ``rows`` holds one :class:`GapRow` per unit the demand names with a target share.
    """

    demand_id: str
    date: dt.date
    rows: tuple[GapRow, ...]

    @property
    def total_gap_km2(self) -> float:
        """Net land that would change hands: what Russia would gain less what it would leave."""
        return self.gain_km2 - self.leave_km2

    @property
    def gain_km2(self) -> float:
        """Land Russia would gain (Ukraine would cede)."""
        return sum(max(r.gap_km2 or 0.0, 0.0) for r in self.rows)

    @property
    def leave_km2(self) -> float:
        """Land Russia would leave."""
        return sum(max(-(r.gap_km2 or 0.0), 0.0) for r in self.rows)


def demand_gap(demand: Demand, snapshot: Snapshot, units: dict[str, Unit] | None = None) -> DemandGap:
    """Gap between a territorial demand's target shares and the shares held on the snapshot's date."""
    units = units or load_units()
    rows = []
    for link in demand.units:
        if link.target_pct is None:
            continue
        fig = snapshot.figures.get(link.iso)
        rows.append(GapRow(link.iso, units[link.iso].name_en, fig.controlled_pct if fig else None,
                           link.target_pct, units[link.iso].area_km2))
    return DemandGap(demand.id, snapshot.date, tuple(rows))


def control_series(snapshots: Iterable[Snapshot], isos: Iterable[str]) -> list[dict]:
    """Long-format rows (date, iso, name, pct) for a chart of control over time."""
    units = load_units()
    wanted = list(isos)
    rows = []
    for snap in snapshots:
        for iso in wanted:
            fig = snap.figures.get(iso)
            if fig is not None:
                rows.append({"date": snap.date, "iso": iso, "name": units[iso].name_en,
                             "pct": fig.controlled_pct})
    return rows


def summary_dict(snapshot: Snapshot) -> dict:
    """The snapshot as the command line's JSON (keys fixed by the data-foundation issue; ``code``, ``name_en`` and
    ``name_uk`` added by issue 25, as the raion and hromada rows have them)."""
    total = national_total(snapshot)
    return {
        "date": snapshot.date.isoformat(),
        "units": [
            {"iso": r.iso, "code": r.iso, "name": r.name, "name_en": r.name, "name_uk": unit_name(r.iso, "uk"),
             "controlled_pct": r.pct, "low_pct": r.low_pct,
             "high_pct": r.high_pct, "controlled_km2": None if r.km2 is None else round(r.km2, 1),
             "kind": r.kind, "sources": list(r.sources)}
            for r in unit_control(snapshot)
        ],
        "total": {"controlled_km2": round(total.controlled_km2, 1),
                  "low_km2": round(total.low_km2, 1), "high_km2": round(total.high_km2, 1),
                  "pct_of_ukraine": round(total.pct_of_ukraine, 2),
                  "ukraine_km2": round(total.ukraine_km2, 1),
                  "units_without_figure": list(total.missing)},
    }
