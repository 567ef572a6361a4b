"""Published national totals, for comparison with the totals computed from the snapshots."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import ConfigDict
from pydantic.dataclasses import dataclass

from territory.base.paths import data_paths, display_path
from territory.data.csvfile import read_table
from territory.data.sources import Source
from territory.data.validators import IsoDate, Note, OptionalPercent, SourceIds, bounded, registry_context

MAX_TOTALS_BYTES = 64_000
TOTALS_COLUMNS = ("date", "controlled_km2", "sources")
#: Ukraine is about 603,600 km²: a published total cannot be larger.
_Km2 = Annotated[float, bounded(0, 700_000)]


@dataclass(frozen=True, config=ConfigDict(str_strip_whitespace=True))
class PublishedTotal:
    """A national total a named publisher printed: km² under Russian control on a date."""

    date: IsoDate
    controlled_km2: _Km2
    sources: SourceIds
    pct_of_ukraine: OptionalPercent = None
    note: Note = ""


def load_published_totals(sources: dict[str, Source], path: Path | None = None,
                          label: str | None = None) -> list[PublishedTotal]:
    """Every published total in date order (default: the data root's table); DataError lists every problem."""

    path = path or data_paths().totals_csv
    label = label or display_path(path)
    records = read_table(path, label, MAX_TOTALS_BYTES, PublishedTotal, TOTALS_COLUMNS, ("pct_of_ukraine", "note"),
                         registry_context(sources))
    return sorted((total for _, total in records), key=lambda t: t.date)
