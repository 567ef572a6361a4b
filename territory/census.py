"""2001 census: share naming Russian as native language, per unit, only where a source shows the value."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .csvfile import decode_text, read_bytes, read_rows
from .geodata import resolve_unit
from .paths import REPO_ROOT, display_path
from .problems import DataError, Problem

CENSUS_PATH = REPO_ROOT / "demands" / "russian_native_2001.csv"


@dataclass(frozen=True)
class CensusShare:
    iso: str  # "UA" for the national figure
    pct: float | None  # None: not verified in a source, not shown
    precision: str
    sources: tuple[str, ...]
    note: str

    @property
    def verified(self) -> bool:
        return self.pct is not None


@lru_cache(maxsize=2)
def load_census(path: Path = CENSUS_PATH) -> dict[str, CensusShare]:
    label = display_path(path)
    rows = read_rows(decode_text(read_bytes(path, label, 64_000), label, 64_000), label,
                     ("unit", "russian_native_pct", "status", "sources"), ("precision", "note"))
    out, problems = {}, []
    for row in rows:
        v = row.values
        iso = "UA" if v["unit"] == "UA" else resolve_unit(v["unit"])
        if iso is None:
            problems.append(Problem(label, row.line, f"unknown unit {v['unit']!r}"))
            continue
        verified = v["status"] == "verified"
        if verified and (not v["russian_native_pct"] or not v["sources"]):
            problems.append(Problem(label, row.line, "a verified value needs a number and a source"))
            continue
        pct = float(v["russian_native_pct"]) if verified else None
        out[iso] = CensusShare(iso, pct, v.get("precision", ""),
                               tuple(s for s in v["sources"].split(";") if s), v.get("note", ""))
    if problems:
        raise DataError(problems)
    return out
