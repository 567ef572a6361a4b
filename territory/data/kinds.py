"""One table of the data root's reference tables: where each lives, how a file of it is recognised, how it is
loaded and what it needs. Loading (``dataset.load_dataset``), validation (``validate``) and the app all loop
over it, so a new kind of data file is one entry here and one field on ``Dataset``.

The foundations (units, the sources registry, snapshots and the daily series) are read first, by
``load_dataset`` itself: every kind here is checked against them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from territory.base.paths import DataPaths
from territory.data.census import load_census
from territory.data.demands import load_demands
from territory.data.nato import load_nato
from territory.data.published import load_published_figures
from territory.data.published_changes import load_published_changes
from territory.data.scenarios import load_scenarios
from territory.data.settlements import load_ledger_file, load_settlements_file
from territory.data.subunit_series import load_hromada_series_file
from territory.data.totals import load_published_totals


@dataclass(frozen=True)
class Context:
    """What a file is checked against: the sources registry, the units, and the kinds loaded before it."""

    sources: dict
    units: dict | None
    loaded: dict[str, Any] = field(default_factory=dict)

    def demand_ids(self) -> set[str] | None:
        demands = self.loaded.get("demands")
        return {d.id for d in demands} if demands else None


def _no_frame() -> Any:
    import pandas as pd

    return pd.DataFrame()


@dataclass(frozen=True)
class DataKind:
    """A kind of reference table.

    Attributes
    ----------
    name
        The kind, as ``validate`` names it.
    field
        The ``Dataset`` field it fills.
    path
        Its place below the data root.
    marker
        How a file of it is recognised: a column of a CSV header, or ``key:`` at the top of a YAML file.
    load
        ``load(path, label, context)``: the loaded value; raises ``DataError`` listing every problem.
    optional
        A missing file is no problem (the field stays empty).
    """

    name: str
    field: str
    path: Callable[[DataPaths], Path]
    marker: str
    load: Callable[[Path, str, Context], Any]
    optional: bool = False
    empty: Callable[[], Any] = list


KINDS: tuple[DataKind, ...] = (
    DataKind("nato", "nato", lambda p: p.nato_csv, "iso3",
             lambda path, label, c: load_nato(path, c.sources or None, label), empty=dict),
    DataKind("demands", "demands", lambda p: p.demands_yaml, "entries:",
             lambda path, label, c: load_demands(c.sources, path, c.units, label)),
    DataKind("scenarios", "scenarios", lambda p: p.scenarios_yaml, "scenarios:",
             lambda path, label, c: load_scenarios(c.sources, c.demand_ids(), path, c.units, label)),
    DataKind("census", "census", lambda p: p.census_csv, "russian_native_pct",
             lambda path, label, c: load_census(path, c.sources, c.units, label), empty=dict),
    DataKind("totals", "totals", lambda p: p.totals_csv, "controlled_km2",
             lambda path, label, c: load_published_totals(c.sources, path, label)),
    DataKind("published", "published", lambda p: p.published_figures_csv, "pct",
             lambda path, label, c: load_published_figures(path, c.sources), optional=True),
    DataKind("published changes", "published_changes", lambda p: p.published_changes_csv, "period_start",
             lambda path, label, c: load_published_changes(path, c.sources, label), optional=True),
    # Below the oblast (issue 25): settlements before the ledger and the hromada series (which share columns
    # with it); each optional, so a data root without them still loads.
    DataKind("settlements", "settlements", lambda p: p.geodata_dir / "settlements.csv", "population_prewar",
             lambda path, label, c: load_settlements_file(path, label), optional=True, empty=_no_frame),
    DataKind("settlement ledger", "settlement_ledger", lambda p: p.series_dir / "subunits" / "settlements.csv",
             "map_status", lambda path, label, c: load_ledger_file(path, label, c.loaded.get("settlements")),
             optional=True, empty=_no_frame),
    DataKind("hromada series", "hromada_series", lambda p: p.series_dir / "subunits" / "hromadas.csv",
             "inside_km2", lambda path, label, c: load_hromada_series_file(path, label), optional=True,
             empty=_no_frame),
)
KINDS_BY_NAME = {kind.name: kind for kind in KINDS}


def kind_of_header(columns: set[str]) -> DataKind | None:
    """The kind whose marker column is in a CSV header, if any."""
    return next((k for k in KINDS if not k.marker.endswith(":") and k.marker in columns), None)


def kind_of_yaml(head: str) -> DataKind | None:
    """The kind whose top-level key starts a line of a YAML file's head, if any."""
    lines = head.splitlines()
    return next((k for k in KINDS if k.marker.endswith(":") and any(line.startswith(k.marker) for line in lines)),
                None)
