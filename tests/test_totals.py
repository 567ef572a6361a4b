import datetime as dt

import pytest

from territory.base.problems import DataError
from territory.data.totals import load_published_totals

HEADER = "date,controlled_km2,pct_of_ukraine,sources,note\n"


def load(tmp_path, rows: str, sources):
    path = tmp_path / "totals.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return load_published_totals(sources, path, label="totals.csv")


def test_repo_totals_are_dated_sourced_and_in_order(dataset):
    totals = dataset.totals
    assert totals and [t.date for t in totals] == sorted(t.date for t in totals)
    assert all(t.sources and all(s in dataset.sources for s in t.sources) for t in totals)


def test_good_rows_parse_to_numbers(tmp_path, sources):
    (total,) = load(tmp_path, "2025-01-01,112000.5,18.5,deepstate-derived-daily,a note\n", sources)
    assert total == total.__class__(dt.date(2025, 1, 1), 112000.5, ("deepstate-derived-daily",), 18.5, "a note")


@pytest.mark.parametrize("row, expected", [
    ("2025-13-01,1,,deepstate-derived-daily,", "totals.csv:2: date: 2025-13-01 is not a real date"),
    ("2025-01-01,lots,,deepstate-derived-daily,", "totals.csv:2: controlled_km2: 'lots' is not a number"),
    ("2025-01-01,900000,,deepstate-derived-daily,", "totals.csv:2: controlled_km2: 900000 is outside"),
    ("2025-01-01,1,120,deepstate-derived-daily,", "totals.csv:2: pct_of_ukraine: 120 is outside 0-100"),
    ("2025-01-01,1,,,", "totals.csv:2: sources: every row needs at least one source id"),
    ("2025-01-01,1,,nope,", "totals.csv:2: sources: unknown source id(s): nope"),
])
def test_bad_rows(tmp_path, sources, row, expected):
    with pytest.raises(DataError) as info:
        load(tmp_path, row + "\n", sources)
    assert any(str(p).startswith(expected) for p in info.value.problems), info.value.problems
