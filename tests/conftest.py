"""Shared fixtures: the repository's data, loaded once."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from territory.demands import load_demands  # noqa: E402
from territory.snapshots import load_snapshots  # noqa: E402

ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture(scope="session")
def snapshot_set():
    result = load_snapshots()
    assert not result.problems, result.problems
    return result


@pytest.fixture(scope="session")
def sources(snapshot_set):
    return snapshot_set.sources


@pytest.fixture(scope="session")
def demands(sources):
    return {d.id: d for d in load_demands(sources)}


@pytest.fixture(scope="session")
def snap(snapshot_set):
    def get(text: str):
        snapshot = snapshot_set.get(dt.date.fromisoformat(text))
        assert snapshot is not None, text
        return snapshot
    return get


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
