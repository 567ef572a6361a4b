import datetime as dt

from territory.analysis.figures import demand_gap
from territory.analysis.panel import gap_headline, gap_lines, relevant_demands


def test_only_demands_stated_by_the_date(demands):
    found = relevant_demands(demands.values(), dt.date(2025, 5, 28), None)
    assert all(d.date <= dt.date(2025, 5, 28) for d in found)
    assert "ru-2025-05-four-regions" in {d.id for d in found}
    assert "ru-2025-08-donbas" not in {d.id for d in found}


def test_units_filter_and_focus(demands):
    shown = ["UA-63"]  # Kharkiv only
    found = {d.id for d in relevant_demands(demands.values(), dt.date(2026, 8, 21), shown)}
    assert "ru-2025-08-return-small-areas" in found and "ru-2025-08-donbas" not in found
    assert "ru-2025-05-written-nato-pledge" in found  # not tied to a unit: concerns all of Ukraine
    focused = {d.id for d in relevant_demands(demands.values(), dt.date(2026, 8, 21), None, focus_unit="UA-65")}
    assert "ru-2024-06-four-regions" in focused and "ru-2025-05-written-nato-pledge" not in focused


def test_gap_lines_read_like_the_issue(snap, demands):
    lines = gap_lines(demand_gap(demands["ru-2025-05-four-regions"], snap("2025-05-28")))
    assert any(line.startswith("Donetsk: 70.9 % held, demand 100.0 %, gap about 7,7") for line in lines), lines
    assert "Ukraine would cede about" in gap_headline(demand_gap(demands["ru-2025-05-four-regions"], snap("2025-05-28")))


def test_territorial_gaps_cover_every_entry_with_targets(demands, snap):
    from territory.analysis.panel import territorial_gaps
    gaps = territorial_gaps(demands.values(), snap("2025-12-31"))
    assert {g.demand_id for g in gaps} == {d.id for d in demands.values() if d.is_territorial}
    assert all(g.rows for g in gaps)


def test_chart_units_default_to_units_ever_under_control(snapshot_set):
    from territory.present.charts import chart_units
    units = chart_units(snapshot_set.snapshots, None)
    assert {"UA-14", "UA-09", "UA-32", "UA-63"} <= set(units) and "UA-46" not in units
    assert chart_units(snapshot_set.snapshots, ("UA-46",)) == ("UA-46",)


def test_latest_territorial_demand_for_four_regions(demands):
    from territory.analysis.panel import latest_territorial

    listed = list(demands.values())
    russian = [d for d in listed if d.party == "Russia" and d.is_territorial and len(d.unit_isos) >= 4
               and all(u.target_pct == 100 for u in d.units)]
    latest_date = max(d.date for d in listed)
    found = latest_territorial(listed, latest_date, min_units=4)
    assert found is not None and found.date == max(d.date for d in russian)
    first = min(d.date for d in russian)
    assert latest_territorial(listed, first - dt.timedelta(days=1), min_units=4) is None
    assert set(found.unit_isos) >= {"UA-14", "UA-09", "UA-23", "UA-65"}  # Donetsk, Luhansk, Zaporizhzhia, Kherson
