"""Adding a snapshot by the README's steps needs no test change: copy the data root, add a day, and the
loaders and the command line take it as they take the others."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from territory.dataset import load_dataset
from tests.dataroot import copy_data_root


def _new_date(dates: list[dt.date]) -> dt.date:
    """The day after the latest snapshot, or (if that is in the future) the first day without one."""
    after = dates[-1] + dt.timedelta(days=1)
    if after <= dt.date.today():
        return after
    day = dates[0]
    while day in dates:
        day += dt.timedelta(days=1)
    return day


@pytest.fixture
def grown_root(tmp_path, monkeypatch, dataset):
    """The README's steps: copy a snapshot, name it YYYY-MM-DD.csv, change a figure, cite a source."""
    paths = copy_data_root(tmp_path / "data")
    new_date = _new_date(dataset.dates)
    template = sorted(paths.snapshot_dir.glob("????-??-??.csv"))[-1]  # the README: copy a file in control_snapshots/
    latest = dataset.snapshots.snapshots[-1]
    text = template.read_text(encoding="utf-8")
    donetsk = latest.figures["UA-14"]
    new_pct = min(100.0, donetsk.controlled_pct + 0.1)
    lines = [line for line in text.splitlines() if not line.startswith("UA-14,")]
    lines.insert(1, f"UA-14,{new_pct},,,estimate,{donetsk.sources[0]},added by the test")
    (paths.snapshot_dir / f"{new_date}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("TERRITORY_DATA_ROOT", str(paths.root))
    return paths, new_date, new_pct


def test_loaders_take_the_new_day(grown_root, dataset):
    paths, new_date, new_pct = grown_root
    grown = load_dataset(paths.root)
    assert not grown.problems, grown.problems
    assert grown.dates == sorted([*dataset.dates, new_date])
    assert grown.snapshot(new_date).figures["UA-14"].controlled_pct == new_pct
    assert load_dataset().dates == grown.dates  # the setting points every loader at the copy


def test_the_command_line_takes_the_new_day(grown_root, dataset, cli, tmp_path):
    paths, new_date, new_pct = grown_root
    dates = sorted([*dataset.dates, new_date])
    code, out, err = cli("validate")
    assert code == 0, err
    assert f"{len(dates)} snapshots from {dates[0]} to {dates[-1]}" in out
    code, out, err = cli("summary", "--date", new_date.isoformat(), "--format", "json")
    assert code == 0, err
    assert next(u for u in json.loads(out)["units"] if u["iso"] == "UA-14")["controlled_pct"] == new_pct
    code, out, err = cli("export", "--date", new_date.isoformat(), "--format", "csv", "--out", f"{tmp_path}/out/")
    assert code == 0, err
    assert (tmp_path / "out" / f"ukraine-control-{new_date}.csv").exists()
