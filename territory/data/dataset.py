"""One way in for data: ``load_dataset(root)`` reads and validates every file the product uses.

The command line, ``validate``, the exports and the app all start here. Every file is validated the same
way (pydantic models, problems as ``file:line: message``) and every problem of every file is collected: a
broken file is refused whole and left out; the rest is still served. Nothing is loaded at import time.

Adding a kind of data file is one entry in ``territory.data.kinds.KINDS`` and one field on ``Dataset``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from territory.base.paths import DataPaths, data_paths
from territory.base.problems import DataError, Problem, cap_problems
from territory.data.census import CensusShare
from territory.data.demands import Demand
from territory.data.kinds import KINDS, Context
from territory.data.nato import NatoCountry, load_nato
from territory.data.published import PublishedFigure
from territory.data.published_changes import PublishedChange
from territory.data.scenarios import Scenario
from territory.data.series import load_series
from territory.data.snapshots import Snapshot, SnapshotSet, load_snapshots
from territory.data.sources import Source, load_sources
from territory.data.totals import PublishedTotal
from territory.data.units import Unit, read_units

T = TypeVar("T")


@dataclass(frozen=True)
class Dataset:
    """Everything the product reads from one data root, validated, and the problems of what was refused."""

    root: Path
    units: dict[str, Unit] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    snapshots: SnapshotSet = field(default_factory=lambda: SnapshotSet([]))
    demands: list[Demand] = field(default_factory=list)
    scenarios: list[Scenario] = field(default_factory=list)
    nato: dict[str, NatoCountry] = field(default_factory=dict)
    census: dict[str, CensusShare] = field(default_factory=dict)
    totals: list[PublishedTotal] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: Per-unit figures publishers printed: their own layer, shown beside the series, never inside it.
    published: list[PublishedFigure] = field(default_factory=list)
    #: Area changes publishers printed for a period (DeepState's monthly summaries, AFP/ISW, ...).
    published_changes: list[PublishedChange] = field(default_factory=list)
    #: Below the oblast (issue 25): GeoNames settlements, their ledger on DeepState's maps, the hromada series.
    settlements: Any = None
    settlement_ledger: Any = None
    hromada_series: Any = None

    @property
    def dates(self) -> list[dt.date]:
        return self.snapshots.dates

    def snapshot(self, date: dt.date) -> Snapshot | None:
        return self.snapshots.get(date)

    def previous(self, date: dt.date) -> Snapshot | None:
        return self.snapshots.previous(date)

    @property
    def demands_by_id(self) -> dict[str, Demand]:
        return {d.id: d for d in self.demands}

    @property
    def scenarios_by_id(self) -> dict[str, Scenario]:
        return {s.id: s for s in self.scenarios}


def file_label(paths: DataPaths, path: Path) -> str:
    """A data file's name in messages: relative to the data root (``control_snapshots/2025-05-28.csv``)."""
    try:
        return str(path.relative_to(paths.root))
    except ValueError:
        return str(path)


def _collect(problems: list[Problem], load: Callable[..., T], *args, **kwargs) -> T | None:
    """``load(*args, **kwargs)``, or None with its problems added to ``problems``."""
    try:
        return load(*args, **kwargs)
    except DataError as exc:
        problems += exc.problems
        return None


def load_dataset(root: Path | None = None) -> Dataset:
    """Load and validate every data file below ``root`` (default: ``TERRITORY_DATA_ROOT`` or the repository).

    Files that depend on a broken one (snapshots and demands on the sources registry, everything on the
    units table) are not checked until it is fixed; the problems say which file to fix first.
    """
    paths = data_paths(root)
    problems: list[Problem] = []

    def label(path: Path) -> str:
        return file_label(paths, path)

    units = _collect(problems, read_units, paths.units_csv, label(paths.units_csv))
    if not units:
        return Dataset(paths.root, problems=cap_problems(problems))
    sources = _collect(problems, load_sources, paths.sources_csv, label(paths.sources_csv)) or {}
    if not sources:
        nato = _collect(problems, load_nato, paths.nato_csv, None, label(paths.nato_csv)) or {}
        return Dataset(paths.root, units, nato=nato, problems=cap_problems(problems))
    snapshots = SnapshotSet([])
    if paths.snapshot_dir.is_dir():
        snapshots = load_snapshots(paths.snapshot_dir, sources, units, label)
    else:
        problems.append(Problem(label(paths.snapshot_dir), 0, "no such folder"))
    problems += snapshots.problems
    snapshots = _with_series(snapshots, paths, problems)
    tables = load_tables(paths, Context(sources, units), problems, label)
    return Dataset(paths.root, units, sources, snapshots, problems=cap_problems(problems), **tables)


def load_tables(paths: DataPaths, context: Context, problems: list[Problem],
                label: Callable[[Path], str]) -> dict[str, Any]:
    """Every reference table of ``datakinds.KINDS``, by ``Dataset`` field; a refused one is left empty."""
    tables: dict[str, Any] = {}
    for kind in KINDS:
        path = kind.path(paths)
        if kind.optional and not path.exists():
            tables[kind.field] = kind.empty()
            continue
        value = _collect(problems, kind.load, path, label(path), context)
        tables[kind.field] = value if value is not None else kind.empty()
        context.loaded[kind.name] = value
    return tables


def _with_series(curated: SnapshotSet, paths: DataPaths, problems: list[Problem]) -> SnapshotSet:
    """The dates the product shows: every day of the daily series, and the curated snapshots outside its span:
    before it starts (the eve of the invasion, the March 2022 maximum, which the map archives cannot give) and
    after its last day (a snapshot added by hand). Curated snapshots within the series' span are left out, so
    one line over time holds one kind of figure."""
    if not paths.series_dir.is_dir():
        return curated
    series = load_series(paths.series_dir)
    problems += series.problems
    if not series.snapshots:
        return curated
    first, last = series.snapshots[0].date, series.snapshots[-1].date
    return SnapshotSet([s for s in curated.snapshots if s.date < first] + series.snapshots
                       + [s for s in curated.snapshots if s.date > last])
