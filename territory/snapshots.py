"""Dated control snapshots: one CSV per date in control_snapshots/ (schema in its README)."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from .csvfile import decode_text, read_bytes, read_rows
from .geodata import load_units, resolve_unit
from .paths import SNAPSHOT_DIR, SOURCES_PATH, display_path
from .problems import DataError, Problem, cap_problems
from .sources import Source, load_sources, pydantic_problems

MAX_SNAPSHOT_BYTES = 64_000
REQUIRED_COLUMNS = ("unit", "controlled_pct", "kind", "sources")
OPTIONAL_COLUMNS = ("low_pct", "high_pct", "note")
EARLIEST_DATE = dt.date(2014, 1, 1)
_FILE_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})\.csv$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def _percent(value: str, column: str, required: bool) -> float | None:
    if value == "":
        if required:
            raise ValueError("is empty; give a share from 0 to 100")
        return None
    if not _NUMBER.match(value):
        raise ValueError(f"{value[:40]!r} is not a number (write 70.4, with a point)")
    number = float(value)
    if not math.isfinite(number) or not 0 <= number <= 100:
        raise ValueError(f"{value[:40]} is outside 0-100")
    return number


class SnapshotRow(BaseModel):
    """One row of a snapshot CSV, validated (unit names are resolved separately)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    unit: str
    controlled_pct: str
    low_pct: str = ""
    high_pct: str = ""
    kind: Literal["published", "estimate"]
    sources: str
    note: str = ""

    @field_validator("controlled_pct")
    @classmethod
    def _controlled(cls, value: str) -> str:
        _percent(value, "controlled_pct", required=True)
        return value

    @field_validator("low_pct", "high_pct")
    @classmethod
    def _range(cls, value: str) -> str:
        _percent(value, "range", required=False)
        return value

    @field_validator("sources")
    @classmethod
    def _sources(cls, value: str) -> str:
        if not [s for s in value.split(";") if s.strip()]:
            raise ValueError("every row needs at least one source id")
        return value

    @field_validator("note")
    @classmethod
    def _note(cls, value: str) -> str:
        if len(value) > 1000:
            raise ValueError("is longer than 1000 characters")
        return value

    @model_validator(mode="after")
    def _ordered(self) -> SnapshotRow:
        controlled = _percent(self.controlled_pct, "controlled_pct", True)
        low = _percent(self.low_pct, "low_pct", False)
        high = _percent(self.high_pct, "high_pct", False)
        if low is not None and low > controlled:
            raise ValueError(f"low_pct {low:g} is above controlled_pct {controlled:g}")
        if high is not None and high < controlled:
            raise ValueError(f"high_pct {high:g} is below controlled_pct {controlled:g}")
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
    sources: dict[str, Source] = field(default_factory=dict)

    @property
    def dates(self) -> list[dt.date]:
        return [s.date for s in self.snapshots]

    def get(self, date: dt.date) -> Snapshot | None:
        return next((s for s in self.snapshots if s.date == date), None)

    def nearest_dates(self, date: dt.date, count: int = 3) -> list[dt.date]:
        return sorted(sorted(self.dates, key=lambda d: abs((d - date).days))[:count])

    def previous(self, date: dt.date) -> Snapshot | None:
        earlier = [s for s in self.snapshots if s.date < date]
        return earlier[-1] if earlier else None


def snapshot_date_from_name(name: str, label: str) -> dt.date:
    """The date a snapshot file holds, from its name ``YYYY-MM-DD.csv``."""
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


def parse_snapshot(data: bytes, label: str, date: dt.date, sources: dict[str, Source]) -> Snapshot:
    """Parse one snapshot's bytes; raise DataError listing every problem. Nothing partial is returned."""
    text = decode_text(data, label, MAX_SNAPSHOT_BYTES)
    rows = read_rows(text, label, REQUIRED_COLUMNS, OPTIONAL_COLUMNS)
    problems: list[Problem] = []
    figures: dict[str, UnitFigure] = {}
    first_line: dict[str, int] = {}
    for row in rows:
        try:
            model = SnapshotRow(**row.values)
        except ValidationError as exc:
            problems += pydantic_problems(exc, label, row.line)
            model = None
        iso = resolve_unit(row.values.get("unit", ""))
        if iso is None:
            problems.append(Problem(label, row.line, f"unknown unit {row.values.get('unit', '')[:60]!r} "
                                    "(use an ISO 3166-2:UA code such as UA-14, or a unit name)"))
        elif iso in first_line:
            problems.append(Problem(label, row.line, f"unit {iso} appears twice (first on line {first_line[iso]})"))
        ids = tuple(s.strip() for s in row.values.get("sources", "").split(";") if s.strip())
        unknown = [s for s in ids if s not in sources]
        if unknown:
            problems.append(Problem(label, row.line, f"unknown source id(s): {', '.join(u[:60] for u in unknown)} "
                                    "(add them to control_snapshots/sources.csv)"))
        if model is None or iso is None or iso in first_line or unknown:
            if iso is not None:
                first_line.setdefault(iso, row.line)
            continue
        first_line[iso] = row.line
        figures[iso] = UnitFigure(
            iso=iso,
            controlled_pct=float(model.controlled_pct),
            low_pct=float(model.low_pct) if model.low_pct else None,
            high_pct=float(model.high_pct) if model.high_pct else None,
            kind=model.kind,
            sources=ids,
            note=model.note,
        )
    if problems:
        raise DataError(problems)
    ordered = {iso: figures[iso] for iso in load_units() if iso in figures}
    return Snapshot(date=date, figures=ordered, path=label)


def load_snapshot_file(path: Path, sources: dict[str, Source]) -> Snapshot:
    """Load and validate one snapshot file; raise DataError on any problem."""
    label = display_path(path)
    date = snapshot_date_from_name(path.name, label)
    return parse_snapshot(read_bytes(path, label, MAX_SNAPSHOT_BYTES), label, date, sources)


def load_snapshots(directory: Path = SNAPSHOT_DIR, sources_path: Path = SOURCES_PATH) -> SnapshotSet:
    """Every valid snapshot in ``directory``; broken files are left out and their problems kept.

    If the sources registry itself is broken, no snapshot can be checked and none is loaded.
    """
    try:
        sources = load_sources(sources_path)
    except DataError as exc:
        return SnapshotSet([], exc.problems)
    snapshots: list[Snapshot] = []
    problems: list[Problem] = []
    for path in sorted(directory.glob("*.csv")):
        if path.resolve() == sources_path.resolve():
            continue
        try:
            snapshots.append(load_snapshot_file(path, sources))
        except DataError as exc:
            problems += exc.problems
    return SnapshotSet(sorted(snapshots, key=lambda s: s.date), cap_problems(problems), sources)
