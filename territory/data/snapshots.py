"""Dated control snapshots: one CSV per date in control_snapshots/ (schema in its README)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, model_validator

from territory.base.paths import display_path
from territory.base.problems import DataError, Problem, cap_problems
from territory.data.csvfile import Unique, parse_table, read_bytes
from territory.data.geodata import load_units
from territory.data.sources import Source
from territory.data.validators import OptionalPercent, Percent, SourceIds, UnitIso, limited_text, registry_context

MAX_SNAPSHOT_BYTES = 64_000
REQUIRED_COLUMNS = ("unit", "controlled_pct", "kind", "sources")
OPTIONAL_COLUMNS = ("low_pct", "high_pct", "note")
EARLIEST_DATE = dt.date(2014, 1, 1)
_FILE_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})\.csv$")
_Note = Annotated[str, limited_text(1000)]
UNIT_TWICE = "unit {key} appears twice (first on line {first})"


class SnapshotRow(BaseModel):
    """One row of a snapshot CSV, validated: the unit resolved to its ISO code, shares as numbers, sources known.

    A row is a file's record (a unit's name as written, sources as cells); ``UnitFigure`` is the figure the
    product uses, also made by the polygon overlay and by uploads, so the two stay apart.
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    unit: UnitIso
    controlled_pct: Percent
    low_pct: OptionalPercent = None
    high_pct: OptionalPercent = None
    kind: Literal["published", "estimate"]
    sources: SourceIds
    note: _Note = ""

    @model_validator(mode="after")
    def _ordered(self) -> SnapshotRow:
        if self.low_pct is not None and self.low_pct > self.controlled_pct:
            raise ValueError(f"low_pct {self.low_pct:g} is above controlled_pct {self.controlled_pct:g}")
        if self.high_pct is not None and self.high_pct < self.controlled_pct:
            raise ValueError(f"high_pct {self.high_pct:g} is below controlled_pct {self.controlled_pct:g}")
        return self


@dataclass(frozen=True)
class UnitFigure:
    """The share of one unit under Russian control on one date, with its range and sources."""

    iso: str
    controlled_pct: float
    low_pct: float | None
    high_pct: float | None
    kind: str
    sources: tuple[str, ...]
    note: str = ""

    @property
    def lower_pct(self) -> float:
        return self.controlled_pct if self.low_pct is None else self.low_pct

    @property
    def upper_pct(self) -> float:
        return self.controlled_pct if self.high_pct is None else self.high_pct


@dataclass(frozen=True)
class Snapshot:
    """Per-unit figures for one date. A unit absent from ``figures`` has no figure (unknown), not 0 %."""

    date: dt.date
    figures: dict[str, UnitFigure]
    path: str = ""

    @property
    def source_ids(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for figure in self.figures.values():
            for source in figure.sources:
                seen[source] = None
        return tuple(seen)


@dataclass
class SnapshotSet:
    """Every snapshot that loaded, in date order, and the problems of the files that did not."""

    snapshots: list[Snapshot]
    problems: list[Problem] = field(default_factory=list)

    def __iter__(self):
        return iter(self.snapshots)

    def __len__(self) -> int:
        return len(self.snapshots)

    @property
    def dates(self) -> list[dt.date]:
        return [s.date for s in self.snapshots]

    def get(self, date: dt.date) -> Snapshot | None:
        return next((s for s in self.snapshots if s.date == date), None)

    def on_or_before(self, date: dt.date) -> Snapshot | None:
        """The last snapshot on or before ``date`` if ``date`` lies within the data's span (a day without a map
        between two that have one); None outside it."""
        if not self.snapshots or not self.snapshots[0].date <= date <= self.snapshots[-1].date:
            return None
        return [s for s in self.snapshots if s.date <= date][-1]

    def nearest_dates(self, date: dt.date, count: int = 3) -> list[dt.date]:
        return sorted(sorted(self.dates, key=lambda d: abs((d - date).days))[:count])

    def previous(self, date: dt.date) -> Snapshot | None:
        earlier = [s for s in self.snapshots if s.date < date]
        return earlier[-1] if earlier else None


def snapshot_date_from_name(name: str, label: str) -> dt.date:
    """The date a snapshot file holds, from its name ``YYYY-MM-DD.csv``; DataError if the name is wrong."""
    match = _FILE_NAME.match(name)
    if not match:
        raise DataError([Problem(label, 0, "file name must be YYYY-MM-DD.csv (the date the figures hold)")])
    try:
        date = dt.date.fromisoformat(match.group(1))
    except ValueError:
        raise DataError([Problem(label, 0, f"{match.group(1)} in the file name is not a real date")]) from None
    if not EARLIEST_DATE <= date <= dt.date.today():
        raise DataError([Problem(label, 0, f"date {date} is outside {EARLIEST_DATE} to today")])
    return date


def parse_snapshot(data: bytes, label: str, date: dt.date, sources: dict[str, Source],
                   units: dict | None = None) -> Snapshot:
    """Parse one snapshot's bytes; raise DataError listing every problem. Nothing partial is returned.

    ``units`` (ISO -> Unit) resolves names and orders the figures; None: the data root's units.
    """
    if units is None:

        units = load_units()
    records = parse_table(data, label, MAX_SNAPSHOT_BYTES, SnapshotRow, REQUIRED_COLUMNS, OPTIONAL_COLUMNS,
                          registry_context(sources, units), Unique(lambda row: row.unit, UNIT_TWICE))
    figures = {row.unit: UnitFigure(row.unit, row.controlled_pct, row.low_pct, row.high_pct, row.kind, row.sources,
                                    row.note) for _, row in records}
    return Snapshot(date=date, figures={iso: figures[iso] for iso in units if iso in figures}, path=label)


def load_snapshot_file(path: Path, sources: dict[str, Source], units: dict | None = None,
                       label: str | None = None) -> Snapshot:
    """Load and validate one snapshot file; raise DataError with every problem, the file name's included."""
    label = label or display_path(path)
    problems: list[Problem] = []
    try:
        date = snapshot_date_from_name(path.name, label)
    except DataError as exc:
        problems += exc.problems
        date = EARLIEST_DATE  # still check every row, so one run shows everything to fix
    try:
        snapshot = parse_snapshot(read_bytes(path, label, MAX_SNAPSHOT_BYTES), label, date, sources, units)
    except DataError as exc:
        problems += exc.problems
    if problems:
        raise DataError(problems)
    return snapshot


def load_snapshots(directory: Path, sources: dict[str, Source], units: dict | None = None,
                   label_of: Callable[[Path], str] = display_path) -> SnapshotSet:
    """Every valid snapshot in ``directory``; broken files are left out and their problems kept."""
    snapshots: list[Snapshot] = []
    problems: list[Problem] = []
    for path in sorted(directory.glob("*.csv")):
        if path.name == "sources.csv":
            continue
        try:
            snapshots.append(load_snapshot_file(path, sources, units, label_of(path)))
        except DataError as exc:
            problems += exc.problems
    return SnapshotSet(sorted(snapshots, key=lambda s: s.date), cap_problems(problems))
