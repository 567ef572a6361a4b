import pytest

from territory.base.problems import DataError
from territory.data.census import load_census

HEADER = "unit,russian_native_pct,precision,status,sources,note\n"


def load(tmp_path, rows: str, sources):
    path = tmp_path / "census.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return load_census(path, sources, label="census.csv")


def test_repo_census_shows_only_verified_values(dataset):
    census = dataset.census
    assert "UA" in census
    for share in census.values():
        assert (share.pct is not None) == share.verified
        if share.verified:
            assert share.sources and 0 <= share.pct <= 100 and all(s in dataset.sources for s in share.sources)


def test_unit_names_resolve_and_unverified_values_are_hidden(tmp_path, sources):
    census = load(tmp_path, "Crimea,77.0,0.1 %,verified,aljazeera-2014-03-15,\nLviv,3,,unverified,,\n", sources)
    assert census["UA-43"].pct == 77.0 and census["UA-46"].pct is None and not census["UA-46"].verified


@pytest.mark.parametrize("row, expected", [
    ("UA-40,abc,,verified,aljazeera-2014-03-15,", "census.csv:2: russian_native_pct: 'abc' is not a number"),
    ("UA-40,250,,verified,aljazeera-2014-03-15,", "census.csv:2: russian_native_pct: 250 is outside 0-100"),
    ("UA-40,,,verified,aljazeera-2014-03-15,", "census.csv:2: a verified value needs a number and a source"),
    ("UA-40,50,,verified,nope,", "census.csv:2: sources: unknown source id(s): nope"),
    ("Atlantis,50,,unverified,,", "census.csv:2: unit: unknown unit 'Atlantis'"),
    ("UA-40,50,,maybe,,", "census.csv:2: status: must be one of"),
])
def test_bad_rows(tmp_path, sources, row, expected):
    with pytest.raises(DataError) as info:
        load(tmp_path, row + "\n", sources)
    assert any(str(p).startswith(expected) for p in info.value.problems), info.value.problems


def test_a_unit_twice(tmp_path, sources):
    with pytest.raises(DataError, match="census.csv:3: unit UA-46 appears twice"):
        load(tmp_path, "UA-46,3,,unverified,,\nLviv,3,,unverified,,\n", sources)
