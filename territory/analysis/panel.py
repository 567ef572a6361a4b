"""The demands panel beside the map: which entries to show for a date and units, and their gap lines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from territory.analysis.figures import DemandGap, demand_gap
from territory.base.i18n import gettext_for
from territory.base.text import about_km2, date_label, format_pct
from territory.data.demands import Demand, responses_to
from territory.data.snapshots import Snapshot
from territory.data.units import unit_name


@dataclass(frozen=True)
class PanelEntry:
    demand: Demand
    gap: DemandGap | None
    responses: tuple[Demand, ...]


def relevant_demands(demands: Iterable[Demand], date: dt.date, shown_units: Iterable[str] | None,
                     focus_unit: str | None = None, parties: tuple[str, ...] = ("Russia",)) -> list[Demand]:
    """Entries stated on or before ``date`` by ``parties`` that concern the shown units.

    Entries tied to no unit (alliances, sanctions…) concern Ukraine as a whole and are kept unless a
    single unit is in focus (a click on the map).
    """
    shown = set(shown_units) if shown_units is not None else None
    out = []
    for demand in demands:
        if demand.date > date or demand.party not in parties or demand.type == "response":
            continue
        isos = set(demand.unit_isos)
        if focus_unit is not None:
            if focus_unit not in isos:
                continue
        elif isos and shown is not None and not isos & shown:
            continue
        out.append(demand)
    return sorted(out, key=lambda d: (d.date, d.id), reverse=True)


def panel_entries(demands: list[Demand], snapshot: Snapshot, shown_units: Iterable[str] | None,
                  focus_unit: str | None = None) -> list[PanelEntry]:
    entries = []
    for demand in relevant_demands(demands, snapshot.date, shown_units, focus_unit):
        gap = demand_gap(demand, snapshot) if demand.is_territorial else None
        answers = tuple(r for r in responses_to(demand.id, demands) if r.date <= snapshot.date)
        entries.append(PanelEntry(demand, gap, answers))
    return entries


def gap_lines(gap: DemandGap, lang: str = "en") -> list[str]:
    """Plain-text lines such as "Donetsk: 70.4 % held, demand 100 %, gap about 7,900 km²"."""
    _ = gettext_for(lang)
    lines = []
    for row in gap.rows:
        name = unit_name(row.iso, lang)
        if row.gap_km2 is None:
            lines.append(_("{unit}: no figure on {date}, demand {target}").format(
                unit=name, date=date_label(gap.date, lang), target=format_pct(row.target_pct, lang)))
            continue
        held = _("{unit}: {held} held, demand {target}").format(
            unit=name, held=format_pct(row.held_pct, lang), target=format_pct(row.target_pct, lang))
        if abs(row.gap_km2) < 0.5:
            lines.append(_("{held}, no gap").format(held=held))
        elif row.gap_km2 > 0:
            lines.append(_("{held}, gap about {km2} km²").format(held=held, km2=about_km2(row.gap_km2, lang)))
        else:
            lines.append(_("{held}: Russia would leave about {km2} km²").format(
                held=held, km2=about_km2(-row.gap_km2, lang)))
    return lines


def gap_headline(gap: DemandGap, lang: str = "en") -> str:
    _ = gettext_for(lang)
    date = date_label(gap.date, lang)
    parts = []
    if gap.gain_km2 >= 0.5:
        parts.append(_("Ukraine would cede about {km2} km² it holds on {date}").format(
            km2=about_km2(gap.gain_km2, lang), date=date))
    if gap.leave_km2 >= 0.5:
        parts.append(_("Russia would leave about {km2} km²").format(km2=about_km2(gap.leave_km2, lang)))
    return "; ".join(parts) if parts else _("No gap on {date}").format(date=date)


def territorial_gaps(demands: Iterable[Demand], snapshot: Snapshot) -> list[DemandGap]:
    """The gap of every entry with target shares, on the snapshot's date, in the entries' order."""
    return [demand_gap(d, snapshot) for d in demands if d.is_territorial]


def latest_territorial(demands: Iterable[Demand], date: dt.date, party: str = "Russia",
                       min_units: int = 1) -> Demand | None:
    """``party``'s most recent demand for at least ``min_units`` whole units (every target 100 %), stated on or
    before ``date`` (None if there is none): with four, Russia's demand for Donetsk, Luhansk, Zaporizhzhia and
    Kherson, not a reported compromise that also hands some land back."""
    stated = [d for d in demands
              if d.party == party and d.is_territorial and d.date <= date and len(d.unit_isos) >= min_units
              and all(u.target_pct == 100 for u in d.units)]
    return max(stated, key=lambda d: (d.date, d.id), default=None)
