"""Day-to-day flows of the occupied area (territory/data/flows.py), on real DeepState maps from tests/fixtures/."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from territory.base.paths import REPO_ROOT
from territory.base.problems import DataError
from territory.build.compute import ALWAYS_OCCUPIED, compute_day
from territory.build.flows import compute_flows
from territory.data.flows import Flows, PolygonDay, UnitFlow, changes_csv, deepstate_area_csv, load_flows
from territory.data.units import load_units

FIXTURES = Path(__file__).parent / "fixtures" / "deepstate"
END_2022 = ("1672528847.geojson", dt.date(2022, 12, 31))
END_2025 = ("deepstatemap_data_20260101.geojson", dt.date(2025, 12, 31))
JULY_HISTORY = ("1752958206.geojson", dt.date(2025, 7, 19))
JULY_DAILY = ("deepstatemap_data_20250720.geojson", dt.date(2025, 7, 19))


def _flows(*files: tuple[str, dt.date]) -> Flows:
    days = [(day, (FIXTURES / name).read_bytes(), name) for name, day in files]
    # two files of one day: give the second the next day, so they form a pair
    if len(days) == 2 and days[0][0] == days[1][0]:
        days[1] = (days[1][0] + dt.timedelta(days=1), *days[1][1:])
    return compute_flows(days)


@pytest.fixture(scope="module")
def three_years() -> Flows:
    return _flows(END_2022, END_2025)


def _held_km2(name: str, day: dt.date) -> dict[str, float]:
    units = load_units()
    result = compute_day(day, name, (FIXTURES / name).read_bytes())
    return {row.iso: row.controlled_pct / 100 * units[row.iso].area_km2 for row in result.rows}


def test_a_units_net_flow_is_the_change_of_its_share_in_the_series(three_years):
    units = load_units()
    before, after = _held_km2(*END_2022), _held_km2(*END_2025)
    net = {iso: 0.0 for iso in units}
    for row in three_years.units:
        net[row.unit] += row.gained_km2 - row.lost_km2
    for iso, unit in units.items():
        # shares are rounded to 0.01 % and thin slivers along borders are left out of them: 0.05 pp
        assert net[iso] == pytest.approx(after[iso] - before[iso], abs=0.0005 * unit.area_km2), iso


def test_gained_and_lost_are_kept_apart(three_years):
    donetsk = next(r for r in three_years.units if r.unit == "UA-14")
    zaporizhzhia = next(r for r in three_years.units if r.unit == "UA-23")
    assert donetsk.gained_km2 > 1000 and donetsk.gained_km2 > donetsk.lost_km2
    # Zaporizhzhia: Ukraine retook ground near Robotyne in 2023 while Russia advanced elsewhere
    assert zaporizhzhia.gained_km2 > 100 and zaporizhzhia.lost_km2 > 10


def test_crimea_and_sevastopol_never_move(three_years):
    assert not [r for r in three_years.units if r.unit in ALWAYS_OCCUPIED]


def test_the_deepstate_count_is_deepstates_own_total():
    published = {row["date"]: float(row["controlled_km2"]) for row in
                 csv.DictReader((REPO_ROOT / "control_totals" / "published_totals.csv").open(encoding="utf-8"))
                 if "deepstate" in row["sources"]}
    flows = _flows(END_2022, END_2025)
    day = flows.polygon[-1]
    assert day.day == END_2025[1]
    assert day.occupied_km2 == pytest.approx(published[day.day.isoformat()], rel=0.001)


def test_the_two_archives_files_of_one_day_give_next_to_no_flow():
    flows = _flows(JULY_HISTORY, JULY_DAILY)
    assert all(r.gained_km2 < 0.1 and r.lost_km2 < 0.1 for r in flows.units)


def test_flow_files_round_trip(tmp_path, three_years):
    (tmp_path / "changes").mkdir()
    (tmp_path / "changes" / "land.csv").write_bytes(changes_csv(three_years))
    (tmp_path / "changes" / "deepstate-area.csv").write_bytes(deepstate_area_csv(three_years))
    loaded = load_flows(tmp_path, load_units())
    assert loaded == three_years
    assert changes_csv(loaded) == changes_csv(three_years)


def test_broken_flow_files_are_refused_with_their_lines(tmp_path):
    day, before = dt.date(2025, 1, 2), dt.date(2025, 1, 1)
    flows = Flows((UnitFlow(day, before, "UA-14", 1.5, 0.0),), (PolygonDay(day, before, 100.0, 1.5, 0.0),))
    (tmp_path / "changes").mkdir()
    (tmp_path / "changes" / "deepstate-area.csv").write_bytes(deepstate_area_csv(flows))
    (tmp_path / "changes" / "land.csv").write_bytes(changes_csv(flows) + b"2025-01-02,2025-01-01,UA-99,1,0\n"
                                                    b"2025-01-03,2025-01-04,UA-14,x,0\n")
    with pytest.raises(DataError) as caught:
        load_flows(tmp_path, load_units())
    text = "\n".join(str(p) for p in caught.value.problems)
    assert "land.csv:3: unknown unit 'UA-99'" in text
    assert "land.csv:4: gained_km2 'x' is not a valid value" in text


def test_a_unit_row_needs_its_day_in_the_polygon_file(tmp_path):
    day, before = dt.date(2025, 1, 2), dt.date(2025, 1, 1)
    flows = Flows((UnitFlow(day + dt.timedelta(days=5), before, "UA-14", 1.5, 0.0),),
                  (PolygonDay(day, before, 100.0, 1.5, 0.0),))
    (tmp_path / "changes").mkdir()
    (tmp_path / "changes" / "deepstate-area.csv").write_bytes(deepstate_area_csv(flows))
    (tmp_path / "changes" / "land.csv").write_bytes(changes_csv(flows))
    with pytest.raises(DataError, match="is not a day of deepstate-area.csv"):
        load_flows(tmp_path, load_units())
