import pytest

from territory.base.problems import DataError
from territory.data.demands import parse_demands, responses_to

GOOD = """\
entries:
  - id: a
    party: Russia
    type: demand
    date: 2025-05-28
    category: territory
    statement: Control of all of Donetsk.
    attribution: according to three Russian sources, as reported by Reuters
    sources: [reuters-2025-05-28]
    units:
      - {iso: Donetsk, target_pct: 100}
  - id: b
    party: Ukraine
    type: response
    date: 2025-05-28
    category: territory
    statement: No.
    attribution: as reported
    sources: [reuters-2025-05-28]
    responds_to: [a]
"""


def parse(text, sources):
    return parse_demands(text.encode(), "demands.yaml", sources)


def problems(text, sources):
    with pytest.raises(DataError) as info:
        parse(text, sources)
    return [str(p) for p in info.value.problems]


def test_good_file(sources):
    demands = parse(GOOD, sources)
    assert demands[0].units[0].iso == "UA-14" and demands[0].units[0].target_pct == 100
    assert [d.id for d in responses_to("a", demands)] == ["b"]


@pytest.mark.parametrize("old, new, expected", [
    ("party: Russia", "party: ''", "demands.yaml:3: party:"),
    ("category: territory\n    statement: Control", "category: weather\n    statement: Control", "demands.yaml:6: category:"),
    ("[reuters-2025-05-28]\n    units", "[nope]\n    units", "demands.yaml:9: sources: unknown source id(s): nope"),
    ("{iso: Donetsk", "{iso: Atlantis", "demands.yaml:11: units.0.iso: unknown unit 'Atlantis'"),
    ("target_pct: 100", "target_pct: 140", "demands.yaml:11: units.0.target_pct"),
    ("responds_to: [a]", "responds_to: [zzz]", "demands.yaml:20: responds_to: unknown entry id 'zzz'"),
    ("date: 2025-05-28\n    category: territory\n    statement: No.",
     "date: someday\n    category: territory\n    statement: No.", "demands.yaml:15: date:"),
    ("  - id: b", "  - id: a", "duplicate id 'a'"),
    ("    type: demand", "    type: rumour", "demands.yaml:4: type:"),
    ("    sources: [reuters-2025-05-28]\n    units", "    sources: [reuters-2025-05-28]\n    colour: red\n    units",
     "demands.yaml:10: colour: not a known field"),
])
def test_rules(sources, old, new, expected):
    assert old in GOOD
    found = problems(GOOD.replace(old, new, 1), sources)
    assert any(p.startswith(expected) or expected in p for p in found), found


def test_countries_must_be_iso3(sources):
    text = GOOD.replace("    responds_to: [a]", "    responds_to: [a]\n    countries: [UKR, XXX]")
    assert any("countries.1: 'XXX' is not an ISO 3166-1 alpha-3 code" in p for p in problems(text, sources))


@pytest.mark.parametrize("text, expected", [
    ("entries: [", "not valid YAML"),
    ("- a\n- b\n", "must be a mapping with a list under 'entries'"),
    ("a: &x [1]\nentries: *x\n", "anchors and aliases are not allowed"),
    ("", "demands.yaml:0: file is empty"),
    ("  \n\n", "demands.yaml:0: file is empty"),
    ("entries:\n  - id: " + "9" * 4400 + "\n", "demands.yaml:"),
])
def test_file_shape(sources, text, expected):
    assert any(p.startswith(expected) or expected in p for p in problems(text, sources))


def test_an_entry_with_a_problem_is_still_a_known_answer_target(sources):
    found = problems(GOOD.replace("[reuters-2025-05-28]\n    units", "[nope]\n    units", 1), sources)
    assert not any("responds_to" in p for p in found), found


def test_repo_demands_cover_the_reuters_report(demands):
    reuters = [d for d in demands.values() if "reuters-2025-05-28" in d.sources and d.party == "Russia"]
    categories = {d.category for d in reuters}
    assert {"alliances", "neutrality", "sanctions", "assets", "language and minorities", "territory"} <= categories
    pledge = demands["ru-2025-05-written-nato-pledge"]
    assert set(pledge.countries) == {"UKR", "GEO", "MDA"}
    assert "three Russian sources" in pledge.attribution
    four_regions = demands["ru-2025-05-four-regions"]
    assert {(u.iso, u.target_pct) for u in four_regions.units} == {("UA-14", 100), ("UA-09", 100), ("UA-23", 100), ("UA-65", 100)}


def test_repo_demands_include_earlier_later_and_counter_positions(demands):
    for wanted in ["ru-2021-12-no-nato-enlargement", "ru-2024-06-four-regions", "ru-2025-06-istanbul-recognition",
                   "ru-2025-08-donbas", "us-2025-11-28-points", "ua-2025-12-twenty-points", "ua-2025-05-no-veto",
                   "nato-2025-05-open-door", "nato-2008-bucharest"]:
        assert wanted in demands
    for demand in demands.values():
        assert demand.sources and demand.attribution
        for quote in demand.quotes:
            assert quote.text and quote.speaker and quote.source
