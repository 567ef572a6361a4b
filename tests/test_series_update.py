"""``series update`` keeps the series valid and plausible: a day it cannot place (after today, before the series,
past the validator's gap) or a map whose figures jump is refused with nothing written, unless the maintainer
accepts the jump explicitly (recorded in the day's rows); outline and rows are written together; ``validate``
finds an outline without rows."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from territory.cli.main import main
from territory.data.outlines import outline_days, outline_path
from territory.data.series import MAX_GAP_DAYS, load_series, read_series_days, year_file
from territory.data.series_checks import check_series_folder

from .test_series import DAILY_2026, HISTORY_2022, NEXT_DAY

LAST = dt.date(2022, 12, 31)  # the day of HISTORY_2022


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("built") / "series"
    assert main(["series", "build", str(HISTORY_2022), "--out", str(out), "--jobs", "1"]) == 0
    return out


@pytest.fixture
def series(built, tmp_path):
    """A fresh copy of a one-day series (2022-12-31) per test."""
    copy = tmp_path / "series"
    shutil.copytree(built, copy, ignore=shutil.ignore_patterns(".cache"))
    return copy


def files(folder):
    return {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def write_map(folder, name: str, doc: dict):
    path = folder / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def rectangle(lon0, lat0, lon1, lat1) -> dict:
    ring = [[lon0, lat0], [lon1, lat0], [lon1, lat1], [lon0, lat1], [lon0, lat0]]
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [ring]}}]}


def update(series, *paths, extra=()):
    return main(["series", "update", *map(str, paths), "--series", str(series), *extra])


def real_map_named(tmp_path, day: dt.date, source=HISTORY_2022):
    """A real DeepState map under a name giving ``day`` (by default the series' own last map: plausible)."""
    path = tmp_path / f"map_{day.isoformat()}.geojson"
    shutil.copy(source, path)
    return path


@pytest.mark.parametrize("day, words", [
    (dt.date.today() + dt.timedelta(days=1), "after today"),
    (dt.date(2030, 1, 1), "after today"),
    (dt.date(2021, 6, 1), "before the series"),
    (LAST + dt.timedelta(days=MAX_GAP_DAYS + 2), "days missing"),
])
def test_a_day_the_series_cannot_hold_is_refused_and_nothing_is_written(series, tmp_path, capsys, day, words):
    before = files(series)
    assert update(series, real_map_named(tmp_path, day)) == 1
    assert words in capsys.readouterr().err
    assert files(series) == before
    assert check_series_folder(series) == []


def test_the_longest_allowed_gap_is_taken(series, tmp_path):
    day = LAST + dt.timedelta(days=MAX_GAP_DAYS + 1)
    assert update(series, real_map_named(tmp_path, day)) == 0
    assert load_series(series).dates == [LAST, day] and check_series_folder(series) == []


@pytest.mark.parametrize("doc, words", [
    (rectangle(29.5, 49.6, 32.0, 51.4), "UA-32"),  # over Kyiv region: it and its neighbours jump, Donetsk empties
    (DAILY_2026, "UA-14 moves"),  # a real map, three years on: Donetsk 56.6 -> 77.9 %
    ({"type": "FeatureCollection", "features": []}, "occupied area"),  # every unit but Crimea to 0
])
def test_an_implausible_jump_is_refused_unless_accepted_and_the_acceptance_is_in_the_rows(series, tmp_path, capsys,
                                                                                       doc, words):
    path = real_map_named(tmp_path, LAST + dt.timedelta(days=1), doc) if isinstance(doc, Path) else \
        write_map(tmp_path, NEXT_DAY, doc)
    before = files(series)
    assert update(series, path) == 1
    err = capsys.readouterr().err
    assert words in err and "--accept-jump" in err
    assert files(series) == before
    assert update(series, path, extra=["--accept-jump", "test: a drawn map"]) == 0
    days, problems = read_series_days(series)
    assert problems == [] and check_series_folder(series) == []
    assert [d.accepted for d in days] == ["", "test: a drawn map"]
    lines = year_file(series, 2023).read_text(encoding="utf-8").splitlines()
    assert lines[0].endswith(",accepted") and all(line.endswith(",test: a drawn map") for line in lines[1:])
    snapshot = load_series(series).snapshots[-1]
    assert all("test: a drawn map" in f.note for f in snapshot.figures.values())


def test_a_plausible_day_is_added_without_an_acceptance(series, tmp_path):
    assert update(series, real_map_named(tmp_path, LAST + dt.timedelta(days=1))) == 0
    assert year_file(series, 2023).read_text(encoding="utf-8").splitlines()[0].endswith("source_file")
    assert [d.accepted for d in read_series_days(series)[0]] == ["", ""]


def test_the_real_series_has_no_jump_the_update_would_refuse():
    from territory.base.paths import data_paths
    from territory.build.plausible import implausible

    days, _ = read_series_days(data_paths().series_dir)
    found = [(b.day, p) for a, b in zip(days, days[1:], strict=False) for p in implausible(a.rows, b.rows)]
    assert found == []


def test_validate_finds_an_outline_without_rows(series):
    orphan = outline_path(series, LAST + dt.timedelta(days=1))
    orphan.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(outline_path(series, LAST), orphan)
    problems = check_series_folder(series)
    assert {p.path for p in problems} == {str(orphan)} and any("no rows" in p.message for p in problems)


def test_an_outline_left_without_rows_is_replaced_by_the_day_s_own(series, tmp_path):
    day = LAST + dt.timedelta(days=1)
    orphan = outline_path(series, day)
    orphan.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(outline_path(series, LAST), orphan)
    stale = orphan.read_bytes()
    assert update(series, real_map_named(tmp_path, day)) == 0
    assert orphan.read_bytes() != stale and check_series_folder(series) == []


def test_outline_and_rows_are_written_together_or_not_at_all(series, tmp_path, monkeypatch):
    from territory.base import atomic

    commit = atomic._commit

    def rows_fail(tmp, path, overwrite):  # the disk fills up when the rows are written
        if path.suffix == ".csv":
            raise OSError(28, "No space left on device")
        return commit(tmp, path, overwrite)

    monkeypatch.setattr(atomic, "_commit", rows_fail)
    before = files(series)
    assert update(series, real_map_named(tmp_path, LAST + dt.timedelta(days=1))) == 1
    assert files(series) == before and outline_days(series) == (LAST,)


@pytest.mark.parametrize("reason", ["a, b", "", "trailing\n", 'say "x"', "x" * 121, "line\nbreak"])
def test_a_reason_that_cannot_go_into_the_rows_is_refused(series, tmp_path, capsys, reason):
    path = write_map(tmp_path, NEXT_DAY, {"type": "FeatureCollection", "features": []})
    before = files(series)
    assert update(series, path, extra=["--accept-jump", reason]) == 2
    assert "--accept-jump" in capsys.readouterr().err and files(series) == before
