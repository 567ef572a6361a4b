"""Area changes others published for a period: ``published/changes.csv``.

DeepState's monthly and yearly summaries, AFP's analysis of ISW's map, ISW and Black Bird Group. Each row
says what its publisher counts (``counts``): ``controlled`` (the area inside the map's occupied area) or
``assessed + claimed`` (ISW also counts areas Russia claims, so its figures run higher). Figures of different
counts are never comparable one to one; the Changes page shows the count beside each.

Columns: ``period_start,period_end,measure,value_km2,value_pct,counts,sources,note``; every source must be a
``published`` entry of the sources registry. A file with any problem is refused whole.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path

from territory.base.paths import display_path
from territory.base.problems import DataError, Problem
from territory.data.csvfile import decode_text, read_bytes, read_rows
from territory.data.sources import Source, published_source_ids

CHANGES_NAME = "changes.csv"
COLUMNS = ("period_start", "period_end", "measure", "value_km2", "counts", "sources")
OPTIONAL = ("value_pct", "note")
COUNTS = ("controlled", "assessed + claimed")
MEASURES = ("net area taken by Russia", "area taken by Russia")
MAX_BYTES = 256_000


@dataclass(frozen=True)
class PublishedChange:
    """A change of the area under Russian control over a period, as a named publisher printed it."""

    period_start: dt.date
    period_end: dt.date
    measure: str
    value_km2: float
    value_pct: float | None
    counts: str
    sources: tuple[str, ...]
    note: str

    def covers(self, first: dt.date, last: dt.date) -> bool:
        """True if the figure is for exactly the days ``first`` to ``last``."""
        return (self.period_start, self.period_end) == (first, last)


def _date(values: dict[str, str], column: str) -> dt.date:
    try:
        return dt.date.fromisoformat(values.get(column, "").strip())
    except ValueError:
        raise ValueError(f"{column} {values.get(column, '')[:40]!r} is not YYYY-MM-DD") from None


def _number(text: str, column: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{column} {text[:40]!r} is not a number") from None
    if not math.isfinite(value) or abs(value) > 700_000:
        raise ValueError(f"{column} {text[:40]!r} is not an area of Ukraine")
    return value


def _change(values: dict[str, str], sources: dict[str, Source]) -> PublishedChange:
    start, end = _date(values, "period_start"), _date(values, "period_end")
    if end < start:
        raise ValueError(f"period_end {end} is before period_start {start}")
    measure, counts = values.get("measure", "").strip(), values.get("counts", "").strip()
    if measure not in MEASURES:
        raise ValueError(f"measure {measure[:40]!r} is not one of: {', '.join(MEASURES)}")
    if counts not in COUNTS:
        raise ValueError(f"counts {counts[:40]!r} is not one of: {', '.join(COUNTS)}")
    pct_text = values.get("value_pct", "").strip()
    ids = published_source_ids(values.get("sources", ""), sources, "changes")
    return PublishedChange(start, end, measure, _number(values.get("value_km2", "").strip(), "value_km2"),
                           _number(pct_text, "value_pct") if pct_text else None, counts, ids,
                           values.get("note", "").strip())


def load_published_changes(path: Path, sources: dict[str, Source], label: str | None = None
                           ) -> list[PublishedChange]:
    """Every row of ``path``, in file order; DataError listing every problem (``file:line: message``)."""

    label = label or display_path(path)
    text = decode_text(read_bytes(path, label, MAX_BYTES), label, MAX_BYTES)
    changes, problems = [], []
    for row in read_rows(text, label, COLUMNS, OPTIONAL):
        try:
            changes.append(_change(row.values, sources))
        except ValueError as exc:
            problems.append(Problem(label, row.line, str(exc)))
    if problems:
        raise DataError(problems)
    return changes


def published_for(changes: list[PublishedChange], first: dt.date, last: dt.date) -> list[PublishedChange]:
    """The published figures for exactly the days ``first`` to ``last``."""
    return [c for c in changes if c.covers(first, last)]
