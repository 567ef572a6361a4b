"""Dating every version of DeepState's daily archive by what it shows (territory/build/dating.py)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from territory.base.filedates import date_map_file
from territory.build.dating import (
    DailyVersion,
    date_versions,
    git_daily_files,
    land_fingerprint,
    match_day,
    redate_git_daily,
    version_label,
)
from territory.data.series import SOURCE_FILE

D = dt.date
FIXTURES = Path(__file__).parent / "fixtures" / "deepstate"


def _version(name_day: dt.date, fetched: str, blob: str) -> DailyVersion:
    return DailyVersion(f"deepstatemap_data_{name_day:%Y%m%d}.geojson", name_day,
                        dt.datetime.fromisoformat(fetched).replace(tzinfo=dt.UTC), blob)


def test_a_match_with_the_history_archive_decides_and_the_latest_equal_day_wins():
    version = _version(D(2025, 7, 25), "2025-07-25T03:36", "a")
    differences = {D(2025, 7, 23): 0.03, D(2025, 7, 24): 3.7, D(2025, 7, 22): 0.02}
    assert match_day(version, differences.get) == D(2025, 7, 23)
    assert match_day(version, {D(2025, 7, 24): 3.7}.get) is None


def test_unmatched_versions_take_the_lag_of_the_nearest_matched_fetch():
    matched = [_version(D(2025, 7, 30), "2025-07-30T03:37", "m1"), _version(D(2025, 8, 5), "2025-08-05T03:39", "m2")]
    matches = {"m1": D(2025, 7, 29), "m2": D(2025, 8, 3)}  # lags 1 and 2
    later = _version(D(2025, 11, 30), "2025-11-30T03:33", "n1")
    rewritten = _version(D(2025, 8, 5), "2025-08-05T14:37", "n2")  # fetched after that morning's map
    back_filled = _version(D(2025, 11, 10), "2025-11-26T08:51", "n3")
    early = _version(D(2025, 7, 31), "2025-07-31T03:37", "n4")
    dated = {d.version.blob: (d.day, d.method) for d in date_versions(
        [*matched, later, rewritten, back_filled, early], matches)}
    assert dated["m1"] == (D(2025, 7, 29), "matched")
    assert dated["n1"] == (D(2025, 11, 28), "fetched")
    assert dated["n2"] == (D(2025, 8, 4), "fetched")
    assert dated["n3"] == (D(2025, 11, 8), "back-filled")
    assert dated["n4"] == (D(2025, 7, 30), "fetched")  # nearest in fetch time: 30 July, lag 1


def test_a_rewritten_version_is_named_by_its_fetch_time_and_still_a_map_file_name():
    version = _version(D(2025, 8, 5), "2025-08-05T14:37", "x")
    assert version_label(version, True) == "deepstatemap_data_20250805.geojson"
    label = version_label(version, False)
    assert label == "deepstatemap_data_20250805.fetched-20250805T1437Z.geojson" and SOURCE_FILE.match(label)


def test_a_daily_file_on_its_own_is_dated_by_the_lag_of_its_time():
    assert date_map_file("deepstatemap_data_20250720.geojson")[0] == D(2025, 7, 19)
    assert date_map_file("deepstatemap_data_20260101.geojson")[0] == D(2025, 12, 30)


def test_the_two_archives_files_of_one_map_have_the_same_fingerprint():
    daily = land_fingerprint((FIXTURES / "deepstatemap_data_20250720.geojson").read_bytes(), "daily")
    history = land_fingerprint((FIXTURES / "1752958206.geojson").read_bytes(), "history")
    other = land_fingerprint((FIXTURES / "deepstatemap_data_20260101.geojson").read_bytes(), "other")
    assert daily.symmetric_difference(history).area / 1e6 < 0.5
    assert daily.symmetric_difference(other).area / 1e6 > 100


def _git(repo: Path, *args: str, date: str | None = None) -> None:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t", "PATH": "/usr/bin:/bin"}
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


@pytest.fixture
def archives(tmp_path) -> tuple[Path, Path]:
    """A history archive with the file of 19 July 2025, and a daily archive (bare git) whose file of
    20 July holds that map and was then rewritten in the afternoon with another map, and a file named 17 July
    added (back-filled) on 20 July."""
    history = tmp_path / "history"
    history.mkdir()
    shutil.copy(FIXTURES / "1752958206.geojson", history)
    work = tmp_path / "work"
    (work / "data").mkdir(parents=True)
    _git(work, "init", "-q")
    target = work / "data" / "deepstatemap_data_20250720.geojson"
    shutil.copy(FIXTURES / "deepstatemap_data_20250720.geojson", target)
    _git(work, "add", ".")
    _git(work, "commit", "-qm", "fetch", date="2025-07-20T03:38:00Z")
    shutil.copy(FIXTURES / "deepstatemap_data_20260101.geojson", target)
    _git(work, "commit", "-qam", "rewrite", date="2025-07-20T15:10:00Z")
    shutil.copy(FIXTURES / "1672528847.geojson", work / "data" / "deepstatemap_data_20250717.geojson")
    _git(work, "add", ".")
    _git(work, "commit", "-qm", "back-fill", date="2025-07-20T16:00:00Z")
    bare = tmp_path / "daily.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(bare)], check=True)
    return history, bare


def test_every_version_of_a_git_archive_is_dated_and_labelled(archives, tmp_path):
    from territory.build.archive import MapFile, iter_map_files

    history, bare = archives
    readers: list = []
    try:
        files = [f for f in iter_map_files([history, bare], readers) if isinstance(f, MapFile)]
        dated, datings = redate_git_daily([history, bare], files, readers, tmp_path)
        labels = {v.label for v in git_daily_files([bare], readers)}
    finally:
        for reader in readers:
            reader.close()
    by_method = {(d.version.fetched.hour, d.day, d.method) for d in datings}
    # the morning version equals the history map of 19 July; the afternoon one is new: the map of the day before;
    # the back-filled file is dated by its name, with the lag of the nearest matched fetch (one day)
    assert by_method == {(3, D(2025, 7, 19), "matched"), (15, D(2025, 7, 19), "fetched"),
                         (16, D(2025, 7, 16), "back-filled")}
    assert labels == {"deepstatemap_data_20250720.geojson",
                      "deepstatemap_data_20250720.fetched-20250720T0338Z.geojson",
                      "deepstatemap_data_20250717.geojson"}
    assert sorted(f.name for f in dated if f.kind == "daily") == sorted(labels)
    assert (tmp_path / "dating-matches.json").exists()
