"""Where the data lives: one data root, from the ``TERRITORY_DATA_ROOT`` setting or the package's location.

Every data file is found below the root in a fixed layout (``DataPaths``). Nothing here reads a file, and the
root is looked up at call time, so setting the variable in a test or a deployment moves every loader at once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

#: The source checkout the package lives in (``territory/..``); its data is the default data root.
REPO_ROOT = Path(__file__).resolve().parents[2]
#: Environment variable naming another data root (a copy of the repository's data folders).
DATA_ROOT_ENV = "TERRITORY_DATA_ROOT"


def data_root() -> Path:
    """The data root: ``$TERRITORY_DATA_ROOT`` if set, else the repository the package is installed from."""
    configured = os.environ.get(DATA_ROOT_ENV, "").strip()
    return _resolved(configured, os.getcwd()) if configured else REPO_ROOT


@lru_cache(maxsize=32)
def _resolved(configured: str, cwd: str) -> Path:
    """The setting as an absolute path (a relative one is resolved against ``cwd``, part of the cache key)."""
    return Path(configured).expanduser().resolve()


@dataclass(frozen=True)
class DataPaths:
    """Every data file's place below one data root."""

    root: Path
    geodata_dir: Path
    units_csv: Path
    full_geojson: Path
    web_geojson: Path
    countries_geojson: Path
    snapshot_dir: Path
    sources_csv: Path
    demands_yaml: Path
    scenarios_yaml: Path
    nato_csv: Path
    census_csv: Path
    totals_csv: Path
    series_dir: Path
    published_figures_csv: Path
    published_changes_csv: Path

    @property
    def geojson_files(self) -> tuple[Path, ...]:
        return (self.full_geojson, self.web_geojson, self.countries_geojson)


def data_paths(root: Path | None = None) -> DataPaths:
    """The layout below ``root`` (default: ``data_root()``)."""
    return _layout(Path(root) if root is not None else data_root())


@lru_cache(maxsize=32)
def _layout(root: Path) -> DataPaths:
    """Built once per root: name lookups (e.g. a unit's name for every line of the demands panel) ask for it
    thousands of times a run."""
    geodata, snapshots, demands = root / "geodata", root / "control_snapshots", root / "demands"
    return DataPaths(
        root=root, geodata_dir=geodata, units_csv=geodata / "units.csv",
        full_geojson=geodata / "ukraine_units.geojson", web_geojson=geodata / "ukraine_units_web.geojson",
        countries_geojson=geodata / "countries.geojson", snapshot_dir=snapshots,
        sources_csv=snapshots / "sources.csv", demands_yaml=demands / "demands.yaml",
        scenarios_yaml=demands / "scenarios.yaml", nato_csv=demands / "nato_members.csv",
        census_csv=demands / "russian_native_2001.csv", totals_csv=root / "control_totals" / "published_totals.csv",
        series_dir=root / "series", published_figures_csv=root / "published" / "figures.csv",
        published_changes_csv=root / "published" / "changes.csv")


def expand_paths(paths: list[Path], suffixes: tuple[str, ...]) -> list[Path]:
    """Files as given, folders replaced by their files with one of ``suffixes``, in name order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix.lower() in suffixes)
        else:
            files.append(path)
    return files


def display_path(path: Path | str) -> str:
    """A path as shown in messages: relative to the data root when inside it, else as given."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(data_root()))
    except (ValueError, OSError):
        return str(path)
