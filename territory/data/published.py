"""Per-unit figures that publishers printed (DeepState's year summaries, ISW-based analyses, officials):
``published/figures.csv``. Their own layer: shown beside the derived series for the same day, never in it.

Columns: ``date,unit,pct,low_pct,high_pct,sources,note``; every source must be a ``published`` entry of the
sources registry. A file with any problem is refused whole, every problem reported as ``file:line: message``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from pathlib import Path

from territory.base.paths import display_path
from territory.base.problems import DataError, Problem
from territory.data.csvfile import decode_text, read_bytes, read_rows
from territory.data.geodata import resolve_unit
from territory.data.sources import Source, published_source_ids

PUBLISHED_DIRNAME = "published"
FIGURES_NAME = "figures.csv"
MAX_BYTES = 256_000
_NUMBER = re.compile(r"^\d{1,3}(\.\d+)?$")


@dataclass(frozen=True)
class PublishedFigure:
    """A share of one unit under Russian control as a named publisher printed it for a date."""

    date: dt.date
    iso: str
    pct: float
    low_pct: float | None
    high_pct: float | None
    sources: tuple[str, ...]
    note: str


def figures_path(root: Path) -> Path:
    return Path(root) / PUBLISHED_DIRNAME / FIGURES_NAME


def _pct(text: str, column: str, required: bool) -> float | None:
    if not text:
        if required:
            raise ValueError(f"{column} is empty")
        return None
    if not _NUMBER.match(text) or not math.isfinite(float(text)) or not 0 <= float(text) <= 100:
        raise ValueError(f"{column} {text[:40]!r} is not a share from 0 to 100")
    return float(text)


def _figure(values: dict[str, str], sources: dict[str, Source]) -> PublishedFigure:
    try:
        date = dt.date.fromisoformat(values.get("date", ""))
    except ValueError:
        raise ValueError(f"date {values.get('date', '')[:40]!r} is not YYYY-MM-DD") from None
    iso = resolve_unit(values.get("unit", ""))
    if iso is None:
        raise ValueError(f"unknown unit {values.get('unit', '')[:40]!r}")
    pct = _pct(values.get("pct", ""), "pct", True)
    low = _pct(values.get("low_pct", ""), "low_pct", False)
    high = _pct(values.get("high_pct", ""), "high_pct", False)
    if (low is not None and low > pct) or (high is not None and high < pct):  # type: ignore[operator]
        raise ValueError("the range must hold pct")
    ids = published_source_ids(values.get("sources", ""), sources, "figures")
    return PublishedFigure(date, iso, pct, low, high, ids, values.get("note", ""))  # type: ignore[arg-type]


def load_published_figures(path: Path, sources: dict[str, Source]) -> list[PublishedFigure]:
    """Every published figure of ``path``, in file order; raises DataError listing every problem.

    Parameters
    ----------
    path
        The figures file (``figures_path(root)``).
    sources
        The sources registry the rows cite.
    """
    label = display_path(path)
    text = decode_text(read_bytes(path, label, MAX_BYTES), label, MAX_BYTES)
    rows = read_rows(text, label, ("date", "unit", "pct", "sources"), ("low_pct", "high_pct", "note"))
    figures: list[PublishedFigure] = []
    problems: list[Problem] = []
    seen: dict[tuple, int] = {}
    for row in rows:
        try:
            figure = _figure(row.values, sources)
        except ValueError as exc:
            problems.append(Problem(label, row.line, str(exc)))
            continue
        key = (figure.date, figure.iso, figure.sources)
        if key in seen:
            problems.append(Problem(label, row.line, f"repeats line {seen[key]}"))
            continue
        seen[key] = row.line
        figures.append(figure)
    if problems:
        raise DataError(problems)
    return figures


def figures_by_day(figures: list[PublishedFigure]) -> dict[tuple[dt.date, str], list[PublishedFigure]]:
    """Published figures keyed by (date, ISO code), for showing beside the derived figure of that day."""
    out: dict[tuple[dt.date, str], list[PublishedFigure]] = {}
    for figure in figures:
        out.setdefault((figure.date, figure.iso), []).append(figure)
    return out


def published_near(figures: list[PublishedFigure], day: dt.date, days: int = 1) -> dict[str, list[PublishedFigure]]:
    """Published figures dated within ``days`` of ``day``, by unit: a year summary "as of 1 January" belongs
    beside the map of 31 December. Shown beside the derived figure, never in its place."""
    near: dict[str, list[PublishedFigure]] = {}
    for figure in figures:
        if abs((figure.date - day).days) <= days:
            near.setdefault(figure.iso, []).append(figure)
    return near
