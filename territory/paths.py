"""Where the data lives: one data root, from the ``TERRITORY_DATA_ROOT`` setting or the package's location.

Every data file is found below the root in a fixed layout (``DataPaths``). Nothing here reads a file, and the
root is looked up at call time, so setting the variable in a test or a deployment moves every loader at once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

#: The source checkout the package lives in (``territory/..``); its data is the default data root.
REPO_ROOT = Path(__file__).resolve().parent.parent
#: Environment variable naming another data root (a copy of the repository's data folders).
DATA_ROOT_ENV = "TERRITORY_DATA_ROOT"


def data_root() -> Path:
    """The data root: ``$TERRITORY_DATA_ROOT`` if set, else the repository the package is installed from."""
    configured = os.environ.get(DATA_ROOT_ENV, "").strip()
    return Path(configured).expanduser().resolve() if configured else REPO_ROOT


@dataclass(frozen=True)
class DataPaths:
    """Every data file's place below one data root."""

    root: Path

    @property
    def geodata_dir(self) -> Path:
        return self.root / "geodata"

    @property
    def units_csv(self) -> Path:
        return self.geodata_dir / "units.csv"

    @property
    def full_geojson(self) -> Path:
        return self.geodata_dir / "ukraine_units.geojson"

    @property
    def web_geojson(self) -> Path:
        return self.geodata_dir / "ukraine_units_web.geojson"

    @property
    def countries_geojson(self) -> Path:
        return self.geodata_dir / "countries.geojson"

    @property
    def snapshot_dir(self) -> Path:
        return self.root / "control_snapshots"

    @property
    def sources_csv(self) -> Path:
        return self.snapshot_dir / "sources.csv"

    @property
    def demands_yaml(self) -> Path:
        return self.root / "demands" / "demands.yaml"

    @property
    def scenarios_yaml(self) -> Path:
        return self.root / "demands" / "scenarios.yaml"

    @property
    def nato_csv(self) -> Path:
        return self.root / "demands" / "nato_members.csv"

    @property
    def census_csv(self) -> Path:
        return self.root / "demands" / "russian_native_2001.csv"

    @property
    def totals_csv(self) -> Path:
        return self.root / "control_totals" / "published_totals.csv"

    @property
    def geojson_files(self) -> tuple[Path, ...]:
        return (self.full_geojson, self.web_geojson, self.countries_geojson)


def data_paths(root: Path | None = None) -> DataPaths:
    """The layout below ``root`` (default: ``data_root()``)."""
    return DataPaths(Path(root) if root is not None else data_root())


def display_path(path: Path | str) -> str:
    """A path as shown in messages: relative to the data root when inside it, else as given."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(data_root()))
    except (ValueError, OSError):
        return str(path)
