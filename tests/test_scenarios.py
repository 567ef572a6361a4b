import datetime as dt

import pytest

from territory.analysis.figures import demand_gap
from territory.base.problems import DataError
from territory.data.geodata import load_units
from territory.data.scenarios import Scenario, UnitRule, apply_scenario, parse_scenarios
from territory.data.snapshots import Snapshot, UnitFigure

UNITS = load_units()


def synthetic(rules: dict[str, str], default: str = "as held") -> Scenario:
    return Scenario("s", "S", "Test", dt.date(2025, 1, 1), "proposal", "a", ("x",), None,
                    {iso: UnitRule(iso, rules.get(iso, default), "x", "", iso in rules) for iso in UNITS}, "")


SNAP = Snapshot(dt.date(2025, 1, 1), {
    "UA-14": UnitFigure("UA-14", 60.0, None, None, "estimate", ("x",)),
    "UA-63": UnitFigure("UA-63", 4.0, None, None, "estimate", ("x",)),
    "UA-09": UnitFigure("UA-09", 99.0, None, None, "estimate", ("x",)),
    **{iso: UnitFigure(iso, 0.0, None, None, "estimate", ("x",)) for iso in UNITS if iso not in ("UA-14", "UA-63", "UA-09", "UA-32")},
})


def outcome_of(rules, default="as held"):
    return {u.iso: u for u in apply_scenario(synthetic(rules, default), SNAP).units}


def test_rule_all():
    u = outcome_of({"UA-14": "all"})["UA-14"]
    assert u.russian_pct == 100 and u.ceded_km2 == pytest.approx(0.4 * UNITS["UA-14"].area_km2) and u.left_km2 == 0


def test_rule_as_held():
    u = outcome_of({})["UA-14"]
    assert u.russian_pct == 60 and u.ceded_km2 == 0 and u.left_km2 == 0


def test_rule_none():
    u = outcome_of({"UA-63": "none"})["UA-63"]
    assert u.russian_pct == 0 and u.left_km2 == pytest.approx(0.04 * UNITS["UA-63"].area_km2) and u.ceded_km2 == 0


def test_rule_zone():
    u = outcome_of({"UA-14": "zone"})["UA-14"]
    assert u.russian_pct == 60 and u.zone_pct == 40 and u.ukrainian_pct == 0
    assert u.to_zone_km2 == pytest.approx(0.4 * UNITS["UA-14"].area_km2) == pytest.approx(u.ceded_km2)


def test_no_figure_is_unknown_for_as_held_but_not_for_all():
    out = outcome_of({"UA-30": "all"})
    assert not out["UA-32"].known and out["UA-32"].ceded_km2 == 0  # Kyiv oblast has no figure in SNAP
    assert out["UA-30"].russian_pct == 100


def test_totals_are_sums_of_units():
    result = apply_scenario(synthetic({"UA-14": "all", "UA-63": "none", "UA-09": "zone"}), SNAP)
    assert result.ceded_km2 == pytest.approx(sum(u.ceded_km2 for u in result.units))
    assert result.left_km2 == pytest.approx(sum(u.left_km2 for u in result.units))
    assert result.russian_km2 == pytest.approx(sum((u.russian_pct or 0) / 100 * u.area_km2 for u in result.units))
    assert 0 < result.russian_pct_of_ukraine < 100


def test_june_2024_terms_cede_the_four_oblasts_gap(snap, demands, dataset):
    scenarios = dataset.scenarios_by_id
    outcome = apply_scenario(scenarios["ru-2024-06-terms"], snap("2025-12-31"))
    gap = demand_gap(demands["ru-2024-06-four-regions"], snap("2025-12-31"))
    assert outcome.ceded_km2 == pytest.approx(gap.total_gap_km2)
    assert outcome.left_km2 == 0


def test_every_repo_scenario_names_sources_and_rules_cite_known_sources(sources, dataset):
    scenarios = dataset.scenarios
    assert {"ru-2024-06-terms", "ru-2025-06-istanbul", "ru-2025-08-alaska", "ru-2025-08-variant",
            "us-2025-11-28-points", "ua-2025-12-20-points", "ua-1991-borders"} <= {s.id for s in scenarios}
    for s in scenarios:
        assert s.sources
        assert all(rule.source in sources for rule in s.rules.values())
        assert len(s.rules) == 27


GOOD = """\
scenarios:
  - id: a
    title: A
    party: Russia
    date: 2025-01-01
    status: proposal
    attribution: as reported
    sources: [reuters-2025-05-28]
    default_rule: as held
    rules:
      - {unit: UA-14, rule: all, source: reuters-2025-05-28}
"""


@pytest.mark.parametrize("old, new, expected", [
    ("{unit: UA-14,", "{unit: Atlantis,", "scen.yaml:11: rules.0.unit: unknown unit 'Atlantis'"),
    ("rule: all", "rule: most", "scen.yaml:11: rules.0.rule"),
    ("rule: all, source: reuters-2025-05-28", "rule: all, source: nope", "scen.yaml:11: rules.0.source: unknown source id(s): nope"),
    ("sources: [reuters-2025-05-28]", "sources: []", "scen.yaml:8: sources"),
    ("status: proposal", "status: rumour", "scen.yaml:6: status"),
])
def test_validation_messages(sources, old, new, expected):
    with pytest.raises(DataError) as info:
        parse_scenarios(GOOD.replace(old, new, 1).encode(), "scen.yaml", sources)
    assert any(str(p).startswith(expected) for p in info.value.problems), [str(p) for p in info.value.problems]


def test_good_file_parses(sources):
    (scenario,) = parse_scenarios(GOOD.encode(), "scen.yaml", sources)
    assert scenario.rules["UA-14"].rule == "all" and scenario.rules["UA-09"].rule == "as held"
