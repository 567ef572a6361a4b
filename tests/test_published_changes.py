"""Area changes others published (published/changes.csv): every row sourced and saying what it counts."""

from __future__ import annotations

import datetime as dt

import pytest

from territory.base.paths import data_paths
from territory.base.problems import DataError
from territory.data.dataset import load_dataset
from territory.data.published_changes import load_published_changes, published_for

HEADER = "period_start,period_end,measure,value_km2,value_pct,counts,sources,note\n"


@pytest.fixture(scope="module")
def sources():
    return load_dataset().sources


def test_the_shipped_file_loads_with_each_rows_count_and_published_sources(sources):
    changes = load_published_changes(data_paths().published_changes_csv, sources)
    assert {c.counts for c in changes} == {"controlled", "assessed + claimed"}
    assert all(sources[s].kind == "published" for c in changes for s in c.sources)
    november = published_for(changes, dt.date(2025, 11, 1), dt.date(2025, 11, 30))
    assert {c.counts for c in november} == {"controlled", "assessed + claimed"}  # DeepState and AFP/ISW


def test_a_broken_file_is_refused_whole_with_every_problem_by_line(tmp_path, sources):
    path = tmp_path / "changes.csv"
    path.write_text(HEADER
                    + "2025-11-01,2025-11-30,net area taken by Russia,505,,controlled,deepstate-month-2025-11,\n"
                    + "2025-11-30,2025-11-01,net area taken by Russia,505,,controlled,deepstate-month-2025-11,\n"
                    + "2025-11-01,2025-11-30,area held,5,,controlled,deepstate-month-2025-11,\n"
                    + "2025-11-01,2025-11-30,area taken by Russia,x,,guessed,deepstate-month-2025-11,\n"
                    + "2025-11-01,2025-11-30,area taken by Russia,5,,controlled,deepstate-derived-series,\n"
                    + "2025-11-01,2025-11-30,area taken by Russia,5,,controlled,,\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_published_changes(path, sources, "changes.csv")
    text = "\n".join(str(p) for p in caught.value.problems)
    assert "changes.csv:3: period_end 2025-11-01 is before period_start 2025-11-30" in text
    assert "changes.csv:4: measure 'area held' is not one of" in text
    assert "changes.csv:5: counts 'guessed' is not one of" in text
    assert "changes.csv:6: source deepstate-derived-series is an estimate" in text
    assert "changes.csv:7: every row needs at least one source id" in text
    assert "changes.csv:2" not in text
