"""Changes by period (territory/analysis/changes.py): periods, sums, and the shipped series against DeepState's months."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from territory.analysis.changes import UKRAINE, changes, coverage, days_to_take, period_bounds, periods
from territory.base.paths import data_paths
from territory.data.flows import Flows, PolygonDay, UnitFlow, load_flows
from territory.data.series import read_series_days
from territory.data.units import load_units

D = dt.date


@pytest.mark.parametrize("day, by, expected", [
    (D(2025, 11, 17), "day", ("2025-11-17", D(2025, 11, 17), D(2025, 11, 17))),
    (D(2024, 12, 30), "week", ("2025-W01", D(2024, 12, 30), D(2025, 1, 5))),
    (D(2025, 2, 14), "month", ("2025-02", D(2025, 2, 1), D(2025, 2, 28))),
    (D(2024, 2, 29), "month", ("2024-02", D(2024, 2, 1), D(2024, 2, 29))),
    (D(2025, 11, 30), "quarter", ("2025-Q4", D(2025, 10, 1), D(2025, 12, 31))),
    (D(2025, 5, 1), "quarter", ("2025-Q2", D(2025, 4, 1), D(2025, 6, 30))),
    (D(2023, 7, 4), "year", ("2023", D(2023, 1, 1), D(2023, 12, 31))),
])
def test_period_bounds(day, by, expected):
    assert period_bounds(day, by) == expected


def test_periods_are_clipped_to_the_range_whose_first_and_last_days_are_included():
    spans = periods(D(2025, 1, 16), D(2025, 3, 10), "month")
    assert [(s.label, s.first, s.last, s.days) for s in spans] == [
        ("2025-01", D(2025, 1, 16), D(2025, 1, 31), 16),
        ("2025-02", D(2025, 2, 1), D(2025, 2, 28), 28),
        ("2025-03", D(2025, 3, 1), D(2025, 3, 10), 10)]


def _toy() -> Flows:
    units = (UnitFlow(D(2025, 1, 31), D(2025, 1, 30), "UA-14", 10.0, 1.0),
             UnitFlow(D(2025, 2, 1), D(2025, 1, 31), "UA-14", 5.0, 0.0),
             UnitFlow(D(2025, 2, 1), D(2025, 1, 31), "UA-63", 0.0, 3.0),
             UnitFlow(D(2025, 2, 3), D(2025, 2, 1), "UA-14", 2.5, 0.5))
    polygon = (PolygonDay(D(2025, 1, 31), D(2025, 1, 30), 100.0, 11.0, 1.0),
               PolygonDay(D(2025, 2, 1), D(2025, 1, 31), 102.0, 5.0, 3.0),
               PolygonDay(D(2025, 2, 3), D(2025, 2, 1), 104.0, 2.5, 0.5))
    return Flows(units, polygon)


def test_gained_and_lost_are_summed_apart_per_unit_and_for_ukraine():
    result = {(c.period.label, c.area): c for c in changes(_toy(), D(2025, 1, 31), D(2025, 2, 3), "month",
                                                           ["UA-14", "UA-63"])}
    february = result["2025-02", UKRAINE]
    assert (february.gained_km2, february.lost_km2, february.net_km2) == (7.5, 3.5, 4.0)
    assert february.period.days == 3 and february.km2_per_day == pytest.approx(1.33)
    assert (result["2025-02", "UA-63"].gained_km2, result["2025-02", "UA-63"].net_km2) == (0.0, -3.0)
    assert result["2025-01", "UA-14"].net_km2 == 9.0


def test_the_deepstate_count_is_for_ukraine_only():
    result = changes(_toy(), D(2025, 1, 31), D(2025, 2, 3), "year", count="deepstate")
    assert [(c.area, c.gained_km2, c.lost_km2) for c in result] == [(UKRAINE, 18.5, 4.5)]
    with pytest.raises(ValueError, match="Ukraine as a whole"):
        changes(_toy(), D(2025, 1, 31), D(2025, 2, 3), "year", ["UA-14"], count="deepstate")


def test_a_projection_needs_a_gain():
    assert days_to_take(1000.0, 10.0) == 100.0
    assert days_to_take(1000.0, 0.0) is None and days_to_take(1000.0, -2.0) is None


# --- the shipped series ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def shipped() -> Flows:
    return load_flows(data_paths().series_dir, load_units())


def test_flows_cover_every_series_day_but_the_first(shipped):
    days, problems = read_series_days(data_paths().series_dir)
    assert not problems
    assert [p.day for p in shipped.polygon] == [d.day for d in days[1:]]
    assert [p.previous_day for p in shipped.polygon] == [d.day for d in days[:-1]]
    assert coverage(shipped) == (days[1].day, days[-1].day)


def test_the_land_net_of_a_range_is_the_change_of_the_series_national_total(shipped):
    units = load_units()
    days, _ = read_series_days(data_paths().series_dir)
    first, last = days[len(days) // 3], days[-1]

    def held(day) -> float:
        return sum(r.controlled_pct / 100 * units[r.iso].area_km2 for r in day.rows)
    net = sum(c.net_km2 for c in changes(shipped, first.day + dt.timedelta(days=1), last.day, "year"))
    # each of 27 shares is rounded to 0.01 %, and slivers under 2 km wide are left out of shares
    assert net == pytest.approx(held(last) - held(first), abs=30)


def _published() -> list[dict]:
    """DeepState's own figures for periods (published/changes.csv): the polygon's net change."""
    sources = {r["id"]: r["publisher"] for r in csv.DictReader(
        (data_paths().sources_csv).open(encoding="utf-8"))}
    rows = csv.DictReader(data_paths().published_changes_csv.open(encoding="utf-8"))
    return [r for r in rows if sources[r["sources"]].startswith("DeepState") and r["counts"] == "controlled"]


#: February 2025 as reported (126 km², glavcom.ua) is not what DeepState's own maps show: both ends rest on
#: history files (sure dates), and every pair of maps within three days of them differs by 172 to 239 km².
NOT_THE_MAPS = {("2025-02-01", "2025-02-28"): "the reported February 2025 figure is not DeepState's maps' "
                                              "(192 km² between them; 172-239 for any ends within three days)"}


@pytest.mark.parametrize("row", [pytest.param(r, id=f"{r['period_start']}..{r['period_end']}", marks=(
    [pytest.mark.xfail(reason=NOT_THE_MAPS[r["period_start"], r["period_end"]], strict=True)]
    if (r["period_start"], r["period_end"]) in NOT_THE_MAPS else [])) for r in _published()])
def test_deepstate_count_matches_deepstates_own_monthly_and_yearly_figures(shipped, row):
    start, end = D.fromisoformat(row["period_start"]), D.fromisoformat(row["period_end"])
    net = sum(c.net_km2 for c in changes(shipped, start, end, "year", count="deepstate"))
    published = float(row["value_km2"])
    yearly = row["period_start"][5:] == "01-01" and row["period_end"][5:] == "12-31"
    tolerance = 0.01 * published if yearly else max(0.05 * published, 15)
    assert net == pytest.approx(published, abs=tolerance)


def test_by_day_a_day_without_a_map_is_no_period_and_the_next_map_day_spans_it():
    flows = Flows((), (PolygonDay(D(2025, 11, 22), D(2025, 11, 21), 100.0, 5.0, 0.0),
                       PolygonDay(D(2025, 11, 25), D(2025, 11, 22), 106.0, 6.0, 0.0)))
    result = changes(flows, D(2025, 11, 22), D(2025, 11, 25), "day", count="deepstate")
    assert [(c.period.label, c.period.first, c.period.days, c.km2_per_day) for c in result] == [
        ("2025-11-22", D(2025, 11, 22), 1, 5.0), ("2025-11-25", D(2025, 11, 23), 3, 2.0)]
