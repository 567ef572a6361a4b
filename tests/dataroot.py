"""A copy of the repository's data root in a temporary folder, for tests that change data files."""

from __future__ import annotations

import shutil
from pathlib import Path

from territory.base.paths import REPO_ROOT, DataPaths, data_paths

#: The folders that make a data root (see territory/base/paths.py).
DATA_FOLDERS = ("geodata", "control_snapshots", "control_totals", "demands", "series", "published")


def copy_data_root(target: Path) -> DataPaths:
    """Copy the repository's data folders below ``target``; return the copy's layout."""
    target.mkdir(parents=True, exist_ok=True)
    for name in DATA_FOLDERS:
        if (REPO_ROOT / name).is_dir():
            shutil.copytree(REPO_ROOT / name, target / name, ignore=shutil.ignore_patterns(".cache"))
    return data_paths(target)
