"""Day-to-day flows of DeepState's occupied area: what came under Russian control and what left it, per unit.

For every day of the series and the series day before it, the two days' occupied areas (the same map files,
classes and overlay as the series, see :mod:`territory.build.compute`) are compared at full resolution in the
equal-area projection:

- **land** (``series/changes/land.csv``, one row per day and unit where anything moved): ``gained_km2`` is the
  unit's land inside the day's occupied area and outside the day before's; ``lost_km2`` the reverse. A unit's
  net change is ``gained - lost``. Crimea and Sevastopol are counted occupied on every day (as in the series),
  so they never move.
- **as DeepState counts** (``series/changes/deepstate-area.csv``, one row per day): the area of DeepState's occupied
  polygon itself, lagoons, estuaries and reservoirs included, parts drawn outside Ukraine (Transnistria on the
  2022 maps) left out; Crimea and Sevastopol added (as land) where a map does not draw them, so the first day
  that draws them has a flow where DeepState's Crimea differs from the land's coast. ``gained_km2`` and
  ``lost_km2`` as above for the whole polygon. DeepState's own totals are this polygon's area.

Both files are made by ``territory series changes ARCHIVE...`` from the files the series names; the first
day of the series has no day before and no row. Summing a period's days gives its gross flows: land taken and
lost again within the period counts on both sides, and the net is exact (the held area's change).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from territory.base.paths import display_path
from territory.base.problems import DataError, Problem
from territory.data.csvfile import decode_text, read_bytes, read_rows

FLOWS_DIRNAME = "changes"
CHANGES_FILENAME = "land.csv"
DEEPSTATE_AREA_FILENAME = "deepstate-area.csv"
CHANGES_COLUMNS = ("date", "previous_date", "unit", "gained_km2", "lost_km2")
DEEPSTATE_COLUMNS = ("date", "previous_date", "occupied_km2", "gained_km2", "lost_km2")
#: Flows below this (km², after rounding to two decimals) are not written: nothing moved.
MIN_FLOW_KM2 = 0.01
MAX_FLOW_FILE_BYTES = 20_000_000
KM2 = 1e6


@dataclass(frozen=True)
class UnitFlow:
    """Land of one unit that came under (gained) or left (lost) the occupied area between two series days."""

    day: dt.date
    previous_day: dt.date
    unit: str
    gained_km2: float
    lost_km2: float


@dataclass(frozen=True)
class PolygonDay:
    """DeepState's occupied polygon on one day, as DeepState counts it, and its flows since the day before."""

    day: dt.date
    previous_day: dt.date
    occupied_km2: float
    gained_km2: float
    lost_km2: float


@dataclass(frozen=True)
class Flows:
    """Every day's flows: land per unit, and the polygon as DeepState counts it."""

    units: tuple[UnitFlow, ...]
    polygon: tuple[PolygonDay, ...]

    @property
    def days(self) -> tuple[dt.date, ...]:
        """The days that have flows (every series day but the first), in order."""
        return tuple(p.day for p in self.polygon)


# --- files ---------------------------------------------------------------------------------------------------

def _number(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def changes_csv(flows: Flows) -> bytes:
    lines = [",".join(CHANGES_COLUMNS)]
    lines += [f"{r.day},{r.previous_day},{r.unit},{_number(r.gained_km2)},{_number(r.lost_km2)}"
              for r in flows.units]
    return ("\n".join(lines) + "\n").encode("utf-8")


def deepstate_area_csv(flows: Flows) -> bytes:
    lines = [",".join(DEEPSTATE_COLUMNS)]
    lines += [f"{p.day},{p.previous_day},{_number(p.occupied_km2)},{_number(p.gained_km2)},{_number(p.lost_km2)}"
              for p in flows.polygon]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _field(row, column: str, label: str, problems: list[Problem], parse):
    text = row.values.get(column, "").strip()
    try:
        value = parse(text)
    except ValueError:
        problems.append(Problem(label, row.line, f"{column} {text[:40]!r} is not a valid value"))
        return None
    if isinstance(value, float) and not (0 <= value < 1_000_000):
        problems.append(Problem(label, row.line, f"{column} {text[:40]!r} is outside 0 to 1,000,000 km²"))
        return None
    return value


def _read_csv(path: Path, label: str, columns: tuple[str, ...]):
    text = decode_text(read_bytes(path, label, MAX_FLOW_FILE_BYTES), label, MAX_FLOW_FILE_BYTES)
    return read_rows(text, label, columns, ())


def parse_changes(path: Path, label: str, units: Iterable[str]) -> list[UnitFlow]:
    """Every row of ``land.csv``; DataError listing every problem (``file:line: message``)."""
    known = set(units)
    problems: list[Problem] = []
    flows: list[UnitFlow] = []
    for row in _read_csv(path, label, CHANGES_COLUMNS):
        day = _field(row, "date", label, problems, dt.date.fromisoformat)
        before = _field(row, "previous_date", label, problems, dt.date.fromisoformat)
        gained = _field(row, "gained_km2", label, problems, float)
        lost = _field(row, "lost_km2", label, problems, float)
        unit = row.values.get("unit", "").strip()
        if unit not in known:
            problems.append(Problem(label, row.line, f"unknown unit {unit[:20]!r}"))
            continue
        if None in (day, before, gained, lost):
            continue
        if before >= day:
            problems.append(Problem(label, row.line, f"previous_date {before} is not before date {day}"))
            continue
        flows.append(UnitFlow(day, before, unit, gained, lost))
    if problems:
        raise DataError(problems)
    return flows


def parse_deepstate_area(path: Path, label: str) -> list[PolygonDay]:
    """Every row of ``deepstate-area.csv``, days in order; DataError listing every problem."""
    problems: list[Problem] = []
    days: list[PolygonDay] = []
    for row in _read_csv(path, label, DEEPSTATE_COLUMNS):
        values = [_field(row, c, label, problems, dt.date.fromisoformat) for c in DEEPSTATE_COLUMNS[:2]]
        values += [_field(row, c, label, problems, float) for c in DEEPSTATE_COLUMNS[2:]]
        if None in values:
            continue
        day, before = values[0], values[1]
        if before >= day or (days and (day <= days[-1].day or before != days[-1].day)):
            problems.append(Problem(label, row.line, f"day {day} (after {before}) is out of order or leaves a gap"))
            continue
        days.append(PolygonDay(*values))
    if problems:
        raise DataError(problems)
    return days


def flows_dir(series_directory: Path) -> Path:
    return Path(series_directory) / FLOWS_DIRNAME


def load_flows(series_directory: Path, units: Iterable[str]) -> Flows:
    """Both flow files of a series folder, checked against each other (a unit row needs its day)."""

    directory = flows_dir(series_directory)
    changes_path, area_path = directory / CHANGES_FILENAME, directory / DEEPSTATE_AREA_FILENAME
    polygon = parse_deepstate_area(area_path, display_path(area_path))
    rows = parse_changes(changes_path, display_path(changes_path), units)
    previous = {p.day: p.previous_day for p in polygon}
    problems = [Problem(display_path(changes_path), 0, f"day {r.day} (after {r.previous_day}) is not a day of "
                                                       f"{DEEPSTATE_AREA_FILENAME}")
                for r in rows if previous.get(r.day) != r.previous_day]
    if problems:
        raise DataError(problems[:20])
    return Flows(tuple(rows), tuple(polygon))
