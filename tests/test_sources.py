import pytest

from territory.base.problems import DataError
from territory.data.sources import parse_sources

HEADER = "id,publisher,title,date,url,licence,kind,method\n"


def problems(text):
    with pytest.raises(DataError) as info:
        parse_sources(text.encode(), "sources.csv")
    return [str(p) for p in info.value.problems]


def test_good_registry():
    sources = parse_sources((HEADER + "a,Pub,Title,2025-05-28,https://x.org/a,cc,published,\n").encode(), "s.csv")
    assert sources["a"].publisher == "Pub"


@pytest.mark.parametrize("row, expected", [
    ("A B,Pub,T,2025,,,published,", "sources.csv:2: id: id must be lower-case"),
    ("a,,T,2025,,,published,", "sources.csv:2: publisher: must not be empty"),
    ("a,P,T,2025-13,,,published,", "sources.csv:2: date: '2025-13' is not a real date"),
    ("a,P,T,yesterday,,,published,", "sources.csv:2: date: must be YYYY"),
    ("a,P,T,2025,javascript:alert(1),,published,", "sources.csv:2: url: must start with http"),
    ("a,P,T,2025,,,estimate,", "sources.csv:2: an estimate needs a method note"),
    ("a,P,T,2025,,,rumour,", "sources.csv:2: kind: must be one of"),
])
def test_source_rules(row, expected):
    found = problems(HEADER + row + "\n")
    assert any(p.startswith(expected) for p in found), found


def test_duplicate_ids():
    found = problems(HEADER + "a,P,T,2025,,,published,\na,P,T,2025,,,published,\n")
    assert "sources.csv:3: duplicate source id 'a' (first on line 2)" in found
