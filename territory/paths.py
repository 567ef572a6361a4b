"""Where the repository keeps its data files."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
GEODATA_DIR = REPO_ROOT / "geodata"
SNAPSHOT_DIR = REPO_ROOT / "control_snapshots"
SOURCES_PATH = SNAPSHOT_DIR / "sources.csv"
DEMANDS_PATH = REPO_ROOT / "demands" / "demands.yaml"


def display_path(path: Path | str) -> str:
    """A path as shown in messages: relative to the repository when inside it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def snapshot_dir() -> Path:
    """The snapshot folder the app serves: ``TERRITORY_SNAPSHOT_DIR`` if set (tests, deployments), else the repo's."""
    import os

    return Path(os.environ.get("TERRITORY_SNAPSHOT_DIR", SNAPSHOT_DIR))


def sources_path() -> Path:
    return snapshot_dir() / "sources.csv"


def demands_path() -> Path:
    import os

    return Path(os.environ.get("TERRITORY_DEMANDS_PATH", DEMANDS_PATH))
