"""Shared fixtures: the data root's Dataset, loaded once, and the hypothesis profiles.

The default hypothesis profile runs a modest number of examples so the suite stays quick while working;
CI sets ``HYPOTHESIS_PROFILE=ci`` (see .ci/run) for the thorough run.
"""

from __future__ import annotations

import datetime as dt
import os
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from territory.base.paths import REPO_ROOT
from territory.data.dataset import load_dataset

ARTIFACTS = REPO_ROOT / "tests" / "artifacts"

settings.register_profile("dev", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def _refuse_unstable_ids(items) -> None:
    """Stop at collection when a test id holds gzip output, which carries the time it was made.

    pytest-xdist's workers each collect the tests: an id that holds a timestamp differs between them and the run
    fails ("Different tests were collected between gw1 and gw0"). Give the parameter a written id
    (``pytest.param(..., id="...")``).
    """
    unstable = [item.nodeid for item in items if "\\x1f\\x8b" in item.nodeid]
    if unstable:
        raise pytest.UsageError("test ids made from gzip bytes differ between collections; give them ids: "
                                + ", ".join(unstable[:3]))


def pytest_addoption(parser):
    parser.addoption("--run-slow", action="store_true", default=False,
                     help="also run the tests marked slow (a fresh install, the benchmark); CI does")


def pytest_collection_modifyitems(config, items):
    _refuse_unstable_ids(items)
    # The browser tests on the shared server run one at a time on one worker (`--dist loadgroup`), while the
    # other worker takes the rest: two app servers and two Chromiums at once on two cores only made every wait
    # longer. The slow browser tests start their own servers: they are a second group, which the other worker
    # takes beside the tests without a browser (with --run-slow the shared server's group is then no longer the
    # one long path).
    for item in items:
        if "browser" in item.keywords:
            own_server = "slow" in item.keywords
            item.add_marker(pytest.mark.xdist_group("browser-own-server" if own_server else "browser"))
    if config.getoption("--run-slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --run-slow (CI does)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def dataset():
    result = load_dataset()
    assert not result.problems, result.problems
    return result


@pytest.fixture(scope="session")
def snapshot_set(dataset):
    return dataset.snapshots


@pytest.fixture(scope="session")
def sources(dataset):
    return dataset.sources


@pytest.fixture(scope="session")
def demands(dataset):
    return dataset.demands_by_id


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


@pytest.fixture
def cli(capsys):
    """Run the command line in this process: ``cli("validate", path)`` -> (exit code, stdout, stderr)."""
    from territory.cli.main import main

    def run(*args) -> tuple[int, str, str]:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                code = main([str(a) for a in args])
            except SystemExit as exc:  # argparse: usage errors
                code = exc.code
        captured = capsys.readouterr()
        # a warning would reach a user's terminal on stderr: keep it where a test of stderr sees it
        shown = "".join(warnings.formatwarning(w.message, w.category, w.filename, w.lineno) for w in caught)
        return code, captured.out, captured.err + shown
    return run
