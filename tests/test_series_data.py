"""The shipped daily series, its outlines and the published figures beside it."""

from __future__ import annotations

import datetime as dt
import gzip

import pytest

from territory.base.paths import data_paths
from territory.base.problems import DataError
from territory.data.outlines import MAX_OUTLINE_BYTES, outline_days, outline_for
from territory.data.published import figures_by_day, figures_path, load_published_figures
from territory.data.series import SOURCE_FILE, SOURCE_ID, load_series, series_dir
from territory.data.sources import load_sources

REPO_ROOT = data_paths().root
SERIES = series_dir(REPO_ROOT)
SOURCES = load_sources(REPO_ROOT / "control_snapshots" / "sources.csv")


@pytest.fixture(scope="module")
def series():
    return load_series(SERIES)


@pytest.fixture(scope="module")
def published():
    return load_published_figures(figures_path(REPO_ROOT), SOURCES)


def test_the_series_loads_without_problems_and_covers_the_archived_days(series):
    assert series.problems == []
    assert series.dates[0] == dt.date(2022, 4, 3)
    assert len(series.dates) >= 1500 and len(set(series.dates)) == len(series.dates)
    assert all(len(s.figures) == 27 for s in series.snapshots)


def test_every_row_is_an_estimate_traceable_to_a_deepstate_map_file(series):
    for day in series.days:
        assert SOURCE_FILE.match(day.source_file)
    for snapshot in series.snapshots:
        for figure in snapshot.figures.values():
            assert figure.kind == "estimate" and figure.sources == (SOURCE_ID,)
    assert SOURCES[SOURCE_ID].kind == "estimate"


def test_no_published_figure_sits_inside_the_series(series, published):
    """The series only holds what a map file gave: around each day a publisher printed a figure for, the
    series moves no more than the map did on neighbouring days (no jump to the published value and back)."""
    by_date = {s.date: s for s in series.snapshots}
    for figure in published:
        map_day = figure.date - dt.timedelta(days=1)  # DeepState's "1 January" is the map of 31 December
        days = [map_day - dt.timedelta(days=1), map_day, map_day + dt.timedelta(days=1)]
        if not all(d in by_date for d in days):
            continue
        before, on, after = (by_date[d].figures[figure.iso].controlled_pct for d in days)
        assert abs(on - (before + after) / 2) <= max(abs(after - before), 0.1) + 1e-9, (figure, before, on, after)


def test_kherson_does_not_jump_around_deepstates_year_ends(series):
    by_date = {s.date: s.figures["UA-65"].controlled_pct for s in series.snapshots}
    for end in (dt.date(2022, 12, 31), dt.date(2025, 12, 31)):
        values = [by_date[end + dt.timedelta(days=k)] for k in (-1, 0, 1) if end + dt.timedelta(days=k) in by_date]
        assert max(values) - min(values) < 0.1


def test_every_day_has_an_outline_within_the_budgets(series):
    days = outline_days(SERIES)
    assert set(days) == set(series.dates)
    total = 0
    for path in (SERIES / "outlines").glob("*/*.geojson.gz"):
        raw = path.read_bytes()
        total += len(raw)
        assert len(gzip.decompress(raw)) <= MAX_OUTLINE_BYTES, path.name
    assert total <= 25_000_000


def test_an_outline_credits_deepstate_and_names_its_map_file(series):
    day = series.days[-1]
    outline = outline_for(day.day, SERIES)
    assert outline["source_file"] == day.source_file and "DeepState" in outline["credit"]
    assert {f["properties"]["kind"] for f in outline["features"]} <= {"occupied", "grey"}


def test_the_shipped_series_and_published_figures_load_without_problems(series, published):
    # the outline files are checked with the rest of the data root by tests/test_cli.py's `territory validate`
    assert series.problems == [] and series.snapshots
    assert published


def test_published_figures_are_keyed_by_day_and_unit(published):
    index = figures_by_day(published)
    assert [f.pct for f in index[(dt.date(2026, 1, 1), "UA-14")]] == [78.1]
    assert all(SOURCES[s].kind == "published" for f in published for s in f.sources)


def test_published_figures_refuse_estimates_and_unknown_units(tmp_path):
    path = tmp_path / "figures.csv"
    path.write_text("date,unit,pct,low_pct,high_pct,sources,note\n"
                    "2026-01-01,UA-14,78.1,,,deepstate-derived-series,\n"
                    "2026-01-01,Atlantis,5,,,deepstate-year-summary-2025,\n"
                    "2026-01-01,UA-14,101,,,deepstate-year-summary-2025,\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_published_figures(path, SOURCES)
    messages = [str(p) for p in caught.value.problems]
    assert messages[0].endswith(":2: source deepstate-derived-series is an estimate; published figures cite "
                                "published sources")
    assert messages[1].endswith(":3: unknown unit 'Atlantis'")
    assert messages[2].endswith(":4: pct '101' is not a share from 0 to 100")
