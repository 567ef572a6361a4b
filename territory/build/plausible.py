"""Is a new day of the series plausible after the day before it? ``series update`` refuses a map whose figures jump
beyond what the front has ever done in a day, unless the maintainer accepts the jump explicitly (recorded in the
day's rows).

The bounds are set above the largest moves of the real series (2022-04-03 to 2026-08-21; tested): a unit moved
at most 11.2 percentage points between two days (Kharkiv, 10 September 2022, the counter-offensive); a unit at
0 % entered with at most 0.26 points, and only beside a unit already occupied; the occupied area never halved
or grew by a quarter from one day to the next.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from territory.data.geodata import unit_geometries
from territory.data.series import UnitRow
from territory.data.units import load_units

#: A unit's share may move at most this much (percentage points) from one day of the series to the next.
MAX_STEP_PP = 15.0
#: A unit at 0 % may enter with at most this share, and only if a neighbouring unit was occupied the day before.
MAX_ENTRY_PP = 5.0
#: The occupied area may not fall below this fraction of the day before's, nor grow beyond this multiple of it.
MIN_AREA_RATIO = 0.5
MAX_AREA_RATIO = 1.25


@lru_cache(maxsize=1)
def neighbours() -> dict[str, frozenset[str]]:
    """Each unit's neighbouring units (sharing a border; the coverage-simplified web geometry)."""
    import shapely


    units = unit_geometries("web")
    geoms, isos = list(units.geometry), list(units.iso)
    found: dict[str, set[str]] = {iso: set() for iso in isos}
    for i, j in zip(*shapely.STRtree(geoms).query(geoms, predicate="dwithin", distance=0.02), strict=True):
        if i != j:
            found[isos[i]].add(isos[j])
    return {iso: frozenset(near) for iso, near in found.items()}


def _occupied_km2(rows: Sequence[UnitRow]) -> float:

    units = load_units()
    return sum(units[r.iso].area_km2 * r.controlled_pct / 100 for r in rows if r.iso in units)


def implausible(before: Sequence[UnitRow], after: Sequence[UnitRow]) -> list[str]:
    """Why the figures ``after`` cannot follow ``before`` (the previous day of the series); empty if they can.

    Parameters
    ----------
    before, after
        One row per unit, of two successive days of the series.

    Returns
    -------
    list[str]
        One sentence per rule broken: a unit moving more than :data:`MAX_STEP_PP`, a unit entering away from the
        occupied units or above :data:`MAX_ENTRY_PP`, the occupied area halving or growing by a quarter.
    """
    old = {r.iso: r.controlled_pct for r in before}
    reasons = []
    near = neighbours()
    for row in after:
        was = old.get(row.iso)
        if was is None:
            continue
        if abs(row.controlled_pct - was) > MAX_STEP_PP:
            reasons.append(f"{row.iso} moves from {was:g} % to {row.controlled_pct:g} % in one step "
                           f"(at most {MAX_STEP_PP:g} points)")
        elif was == 0 and row.controlled_pct > 0:
            if not any(old.get(other, 0) > 0 for other in near.get(row.iso, ())):
                reasons.append(f"{row.iso} enters at {row.controlled_pct:g} % with no occupied neighbour the day "
                               "before (far from the front)")
            elif row.controlled_pct > MAX_ENTRY_PP:
                reasons.append(f"{row.iso} enters at {row.controlled_pct:g} % (at most {MAX_ENTRY_PP:g} points)")
    was_km2, now_km2 = _occupied_km2(before), _occupied_km2(after)
    if was_km2 > 0 and not MIN_AREA_RATIO <= now_km2 / was_km2 <= MAX_AREA_RATIO:
        reasons.append(f"the occupied area goes from {was_km2:,.0f} km² to {now_km2:,.0f} km² in one step "
                       f"(between {MIN_AREA_RATIO:g} and {MAX_AREA_RATIO:g} times the day before)")
    return reasons
