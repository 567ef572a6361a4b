"""Adding a snapshot by the README's steps needs no test change: copy the data root, add a day, and the
loaders and the command line take it as they take the others."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest

from territory.base.paths import REPO_ROOT
from territory.data.dataset import load_dataset
from tests.dataroot import copy_data_root

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "deepstate"


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


@pytest.fixture
def root_with_a_new_map_day(tmp_path, monkeypatch, cli):
    """The README's daily step: ``territory series update`` with DeepState's map file of the next day.

    A real DeepState file (a fixture) stands in for the new day's download; it is named as the daily archive
    names its files (fetched early on the second morning after the day it shows, before DeepState publishes
    the next map: series/README.md).
    """
    from territory.data.series import read_series_days

    paths = copy_data_root(tmp_path / "data")
    monkeypatch.setenv("TERRITORY_DATA_ROOT", str(paths.root))
    days, problems = read_series_days(paths.series_dir)
    assert not problems, problems
    new_day = days[-1].day + dt.timedelta(days=1)
    fetched = new_day + dt.timedelta(days=2)
    download = tmp_path / f"deepstatemap_data_{fetched:%Y%m%d}.geojson"
    shutil.copyfile(FIXTURES / "deepstatemap_data_20260101.geojson", download)
    code, out, err = cli("series", "update", str(download))
    assert code == 0, err
    assert f"added 1 day(s): {new_day}" in out
    return paths, new_day


def test_a_new_map_day_reaches_the_loaders_and_every_page(root_with_a_new_map_day):
    from territory.analysis.figures import national_total
    from tests.pages.conftest import map_date, run_app

    paths, new_day = root_with_a_new_map_day
    grown = load_dataset(paths.root)
    assert not grown.problems, grown.problems
    assert grown.dates[-1] == new_day
    expected = f"{national_total(grown.snapshot(new_day)).pct_of_ukraine:.2f} %"
    at = run_app()  # the control map opens on the latest day
    assert map_date(at).value == new_day and map_date(at).options[-1] == new_day.isoformat()
    assert next(m.value for m in at.metric if m.label.startswith("Share of Ukraine")) == expected
    for page in ("pages/compare.py", "pages/changes.py", "pages/demands.py", "pages/data.py"):
        run_app(page)  # no exception with the new day in the data
