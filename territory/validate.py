"""Check data files: the whole repository, or the paths given."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .demands import load_demands
from .geodata import UNITS_CSV, load_units
from .paths import DEMANDS_PATH, GEODATA_DIR, SNAPSHOT_DIR, SOURCES_PATH, display_path
from .problems import DataError, Problem, cap_problems
from .snapshots import Snapshot, load_snapshot_file, load_snapshots
from .sources import Source, load_sources

MAX_GEOJSON_BYTES = 5_000_000


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    snapshots: list[Snapshot] = field(default_factory=list)
    demands: int = 0
    scenarios: int = 0
    sources: int = 0
    units: int = 0
    files: int = 0

    @property
    def summary(self) -> str:
        parts = []
        if self.snapshots:
            dates = sorted(s.date for s in self.snapshots)
            parts.append(f"{len(self.snapshots)} snapshots from {dates[0]} to {dates[-1]}")
        if self.units:
            parts.append(f"{self.units} units")
        if self.sources:
            parts.append(f"{self.sources} sources")
        if self.demands:
            parts.append(f"{self.demands} demands and positions")
        if self.scenarios:
            parts.append(f"{self.scenarios} peace-plan scenarios")
        return "OK: " + (", ".join(parts) if parts else f"{self.files} file(s)")


def check_geodata(path: Path) -> list[Problem]:
    """A geodata GeoJSON must parse and hold exactly the 27 ISO codes of units.csv."""
    label = display_path(path)
    try:
        if path.stat().st_size > MAX_GEOJSON_BYTES:
            return [Problem(label, 0, f"file is larger than {MAX_GEOJSON_BYTES:,} bytes")]
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", 0)
        return [Problem(label, line, f"not readable GeoJSON: {exc}")]
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list):
        return [Problem(label, 1, "not a GeoJSON FeatureCollection")]
    if path.name == "countries.geojson":
        return [] if features else [Problem(label, 1, "no country outlines")]
    codes = [f.get("properties", {}).get("iso") for f in features if isinstance(f, dict)]
    expected = sorted(load_units())
    if sorted(c for c in codes if c) != expected:
        return [Problem(label, 1, f"units are {sorted(map(str, codes))}, expected the 27 codes of geodata/units.csv")]
    return []


def check_units(path: Path = UNITS_CSV) -> list[Problem]:
    label = display_path(path)
    try:
        units = load_units(path)
    except (OSError, KeyError, ValueError) as exc:
        return [Problem(label, 0, f"cannot read units table: {exc}")]
    if len(units) != 27:
        return [Problem(label, 0, f"has {len(units)} units; Ukraine has 27 first-level units")]
    return []


def validate_repository() -> Report:
    report = Report()
    report.problems += check_units()
    for name in ("ukraine_units.geojson", "ukraine_units_web.geojson", "countries.geojson"):
        report.problems += check_geodata(GEODATA_DIR / name)
    report.units = len(load_units())
    snapshot_set = load_snapshots(SNAPSHOT_DIR, SOURCES_PATH)
    report.problems += snapshot_set.problems
    report.snapshots = snapshot_set.snapshots
    report.sources = len(snapshot_set.sources)
    if snapshot_set.sources:
        demand_ids: set[str] | None = None
        try:
            demands = load_demands(snapshot_set.sources, DEMANDS_PATH)
            report.demands = len(demands)
            demand_ids = {d.id for d in demands}
        except DataError as exc:
            report.problems += exc.problems
        report.problems += _reference_tables(snapshot_set.sources, demand_ids, report)
        from .series_checks import check_series_data
        report.problems += check_series_data(GEODATA_DIR.parent, snapshot_set.sources)
    report.problems = cap_problems(report.problems)
    return report


def _reference_tables(sources: dict[str, Source], demand_ids: set[str] | None, report: Report) -> list[Problem]:
    """Scenarios, NATO members, the census table and published totals."""
    from .census import load_census
    from .nato import load_nato
    from .scenarios import load_scenarios
    from .totals import load_published_totals

    problems: list[Problem] = []
    try:
        report.scenarios = len(load_scenarios(sources, demand_ids))
    except DataError as exc:
        problems += exc.problems
    for check in (load_nato, load_census, lambda: load_published_totals(sources)):
        try:
            check()
        except DataError as exc:
            problems += exc.problems
    return problems


def _repo_sources(report: Report) -> dict[str, Source]:
    try:
        return load_sources(SOURCES_PATH)
    except DataError as exc:
        report.problems += exc.problems
        return {}


def validate_paths(paths: list[Path]) -> Report:
    """Check the files given (folders are expanded to their CSV, YAML and GeoJSON files)."""
    report = Report()
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix.lower() in (".csv", ".yaml", ".yml", ".geojson"))
        else:
            files.append(path)
    # A sources file among the paths is the registry the other paths are checked against.
    given_sources = [p for p in files if p.name == "sources.csv"]
    sources: dict[str, Source] = {}
    if given_sources:
        for path in given_sources:
            try:
                sources.update(load_sources(path))
            except DataError as exc:
                report.problems += exc.problems
        report.sources = len(sources)
    else:
        sources = _repo_sources(report)
    seen_dates: dict = {}
    for path in files:
        report.files += 1
        label = display_path(path)
        if not path.exists():
            report.problems.append(Problem(label, 0, "no such file"))
            continue
        try:
            if path.name == "sources.csv":
                continue
            if path.suffix.lower() in (".yaml", ".yml") and "scenario" in path.name:
                from .scenarios import load_scenarios
                report.scenarios += len(load_scenarios(sources, None, path))
            elif path.suffix.lower() in (".yaml", ".yml"):
                report.demands += len(load_demands(sources, path))
            elif path.suffix.lower() == ".geojson":
                report.problems += check_geodata(path)
            elif path.name == "units.csv":
                report.problems += check_units(path)
                report.units = len(load_units(path))
            elif path.name.startswith("control-") or path.name == "figures.csv":
                from .series_checks import check_published, check_series_file
                report.problems += (check_series_file(path) if path.name.startswith("control-")
                                    else check_published(path, sources))
            elif path.suffix.lower() == ".csv":
                snapshot = load_snapshot_file(path, sources)
                if snapshot.date in seen_dates:
                    report.problems.append(Problem(label, 0, f"date {snapshot.date} is also in {seen_dates[snapshot.date]}"))
                seen_dates[snapshot.date] = label
                report.snapshots.append(snapshot)
            else:
                report.problems.append(Problem(label, 0, "unknown kind of data file (expected .csv, .yaml or .geojson)"))
        except DataError as exc:
            report.problems += exc.problems
    report.problems = cap_problems(report.problems)
    return report
