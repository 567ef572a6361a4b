"""Published national totals, for comparison with the totals computed from the snapshots."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .csvfile import decode_text, read_bytes, read_rows
from .paths import REPO_ROOT, display_path
from .problems import DataError, Problem
from .sources import Source

TOTALS_PATH = REPO_ROOT / "control_totals" / "published_totals.csv"


@dataclass(frozen=True)
class PublishedTotal:
    date: dt.date
    controlled_km2: float
    pct_of_ukraine: float | None
    sources: tuple[str, ...]
    note: str


def load_published_totals(sources: dict[str, Source], path: Path = TOTALS_PATH) -> list[PublishedTotal]:
    label = display_path(path)
    rows = read_rows(decode_text(read_bytes(path, label, 64_000), label, 64_000), label,
                     ("date", "controlled_km2", "sources"), ("pct_of_ukraine", "note"))
    out, problems = [], []
    for row in rows:
        v = row.values
        try:
            date = dt.date.fromisoformat(v["date"])
            km2 = float(v["controlled_km2"])
            pct = float(v["pct_of_ukraine"]) if v.get("pct_of_ukraine") else None
        except ValueError as exc:
            problems.append(Problem(label, row.line, f"bad value: {exc}"))
            continue
        ids = tuple(s for s in v["sources"].split(";") if s)
        unknown = [s for s in ids if s not in sources]
        if not ids or unknown:
            problems.append(Problem(label, row.line, f"unknown or missing source id(s): {', '.join(unknown) or '(none)'}"))
            continue
        out.append(PublishedTotal(date, km2, pct, ids, v.get("note", "")))
    if problems:
        raise DataError(problems)
    return sorted(out, key=lambda t: t.date)
