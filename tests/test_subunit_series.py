"""The series below the oblast: accumulation from the day-to-day changes equals a full overlay, the stored
series adds up to the oblast series, and the files are checked as validate checks them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
import shapely

from territory.base.problems import DataError
from territory.build.compute import classify
from territory.build.flows import land_occupied
from territory.data.subunit_series import (
    Accumulator,
    hromada_csv,
    parse_hromada_series,
    parse_settlement_series,
    settlement_csv,
    summary_rows,
)
from territory.data.subunits import projected_hromadas, subunit_table
from territory.data.units import load_units

FIXTURES = Path(__file__).parent / "fixtures" / "deepstate"
DAYS = [(dt.date(2022, 5, 16), "1652689490.geojson"), (dt.date(2023, 1, 1), "1672528847.geojson"),
        (dt.date(2025, 7, 19), "1752958206.geojson"), (dt.date(2025, 7, 20), "deepstatemap_data_20250720.geojson")]


@pytest.fixture(scope="module")
def east():
    gdf = projected_hromadas()
    return gdf[gdf["unit"].isin(["UA-14", "UA-09", "UA-63"])].reset_index(drop=True)


def _maps():
    for day, name in DAYS:
        occupied, grey = classify((FIXTURES / name).read_bytes(), name)
        yield day, land_occupied(occupied.geometry), (grey.geometry if grey is not None else shapely.Polygon())


def test_accumulated_km2_equal_a_full_overlay_each_day(east):
    xs = np.array([4.0e5, 5.0e5]); ys = np.array([0.0, 1.0e5])  # noqa: E702
    acc = Accumulator(list(east["code"]), list(east.geometry),
                      np.array([1, 2]), xs, ys)
    for day, land, grey in _maps():
        acc.add_day(day, land, grey)
        direct = np.array([shapely.intersection(land, g).area / 1e6 for g in east.geometry])
        assert np.abs(acc.km2 - direct).max() < 0.05, day
    rows = acc.hromada_rows
    assert rows and all(r[0] in {d.isoformat() for d, _ in DAYS} for r in rows)
    # only changes are written: a hromada's value appears at most once per day and never twice in a row unchanged
    last: dict[str, str] = {}
    for _day, code, value in rows:
        assert last.get(code) != value
        last[code] = value


def test_settlement_status_from_the_day_areas():
    pokrovsk = (37.17706, 48.28014)  # GeoNames 704422
    from pyproj import Transformer

    from territory.base.crs import EQUAL_AREA_CRS

    x, y = Transformer.from_crs("EPSG:4326", EQUAL_AREA_CRS, always_xy=True).transform(*pokrovsk)
    square = shapely.box(x - 5e4, y - 5e4, x + 5e4, y + 5e4)
    acc = Accumulator(["A"], [square], np.array([704422]), np.array([x]), np.array([y]))
    acc.add_day(dt.date(2024, 1, 1), shapely.Polygon(), shapely.Polygon())
    acc.add_day(dt.date(2024, 1, 2), shapely.Polygon(), square.buffer(-1000))
    acc.add_day(dt.date(2024, 1, 3), square, square)
    acc.add_day(dt.date(2024, 1, 4), square, square)
    assert acc.settlement_rows == [("2024-01-02", 704422, "grey"), ("2024-01-03", 704422, "occupied")]
    assert acc.hromada_rows[-1] == ("2024-01-03", "A", f"{square.area / 1e6:.0f}")


def test_written_files_read_back(tmp_path):
    (tmp_path / "h.csv").write_bytes(hromada_csv([("2024-01-01", "UA1416021", "1.5"), ("2024-01-02", "UA1416021", "0")]))
    frame = parse_hromada_series(tmp_path / "h.csv", {"UA1416021"})
    assert list(frame["inside_km2"]) == [1.5, 0.0]
    (tmp_path / "s.csv").write_bytes(settlement_csv([("2024-01-01", 704422, "grey")]))
    assert list(parse_settlement_series(tmp_path / "s.csv", [704422])["map_status"]) == ["grey"]


@pytest.mark.parametrize("text, message", [
    ("date,hromada,inside_km2\n2024-01-01,UA9999999,1\n", "unknown hromada"),
    ("date,hromada,inside_km2\n2024-13-01,UA1416021,1\n", "not a valid"),
    ("date,hromada,inside_km2\n2024-01-01,UA1416021,-1\n", "inside_km2 is not valid"),
    ("date,hromada,inside_km2\n2024-01-02,UA1416021,1\n2024-01-01,UA1416021,2\n", "not in order"),
    ("date,code,inside_km2\n", "columns are"),
])
def test_broken_series_refused_with_file_and_line(tmp_path, text, message):
    path = tmp_path / "hromadas.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as error:
        parse_hromada_series(path, {"UA1416021"}, "hromadas.csv")
    assert message in str(error.value.problems[0])
    assert str(error.value.problems[0]).startswith("hromadas.csv:")


CHECK_DAYS = [dt.date(2022, 4, 3), dt.date(2022, 9, 15), dt.date(2022, 11, 20), dt.date(2023, 6, 1),
              dt.date(2023, 12, 31), dt.date(2024, 5, 10), dt.date(2024, 11, 1), dt.date(2025, 4, 1),
              dt.date(2025, 12, 1), dt.date(2026, 3, 1)]


@pytest.mark.parametrize("day", CHECK_DAYS, ids=str)
def test_hromadas_add_up_to_the_oblast_series(day):
    from territory.analysis.frames import series_frame

    series = series_frame()
    dates = series["date"].map(lambda d: d.date() if hasattr(d, "date") else d)
    if day > max(dates):
        pytest.skip("after the series")
    day = max(d for d in dates if d <= day)  # the series' day (some days have no map)
    on_day = series[dates == day].set_index("unit")["controlled_pct"]
    rows = summary_rows(day, "hromada")
    units = load_units()
    for iso, unit in units.items():
        km2 = sum(r["controlled_km2"] for r in rows if r["unit"] == iso)
        assert 100 * km2 / unit.area_km2 == pytest.approx(on_day[iso], abs=0.5), (day, iso)


def test_raion_rows_are_the_sums_of_their_hromadas():
    day = dt.date(2024, 11, 1)
    hromadas = summary_rows(day, "hromada", "UA-14")
    raions = summary_rows(day, "raion", "UA-14")
    table = subunit_table("hromada").set_index("code")
    for raion in raions:
        inside = sum(h["controlled_km2"] for h in hromadas if table.loc[h["code"], "raion"] == raion["code"])
        assert raion["controlled_km2"] == pytest.approx(inside, abs=0.05)
        assert 0 <= raion["controlled_pct"] <= 100
