"""Settlements: the GeoNames table, the forgiving search, the ledger's flip-flops and summary, and the ledger
against the day's occupied area on the map."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from territory.base.problems import DataError
from territory.data.settlements import (
    FLIP_DAYS,
    changes_of,
    load_settlements_file,
    mark_changes,
    search,
    settlements,
    status_on,
    summary,
)

POKROVSK = 704422
D = dt.date


@pytest.mark.parametrize("text", ["Pokrovsk", "pokrovsk", "Покровськ", "Krasnoarmeisk", "Krasnoarmeysk",
                                  "Красноармійськ", "Pokrovs'k"])
def test_forgiving_search_finds_pokrovsk(text):
    found = search(settlements(), text)
    assert POKROVSK in set(found["geonameid"])


def test_official_name_and_code_where_matched():
    table = settlements().set_index("geonameid")
    assert table.loc[POKROVSK, "name_uk"] == "Покровськ"
    assert table.loc[POKROVSK, "katottg"].startswith("UA1416021")
    assert table.loc[POKROVSK, "unit"] == "UA-14"
    assert table.loc[POKROVSK, "population_prewar"] > 0


def test_flip_flops_are_marked_not_hidden():
    days = [D(2024, 1, 1), D(2024, 3, 1), D(2024, 3, 3), D(2024, 6, 1)]
    marked = mark_changes(days, ["grey", "occupied", "grey", "occupied"], first_day=D(2023, 1, 1))
    assert [c.flip_flop for c in marked] == [False, True, True, False]
    info = summary(marked)
    assert info["first_occupied"] == D(2024, 3, 1) and info["left_occupied"] is None
    assert info["changes"] == 4 and info["flip_flops"] == 2
    slow = mark_changes([D(2024, 1, 1), D(2024, 1, 1) + dt.timedelta(days=FLIP_DAYS + 1)], ["occupied", "none"],
                        first_day=D(2023, 1, 1))
    assert not any(c.flip_flop for c in slow)
    assert summary(slow)["left_occupied"] == D(2024, 1, 9)
    assert status_on(slow, D(2024, 1, 5)) == "occupied" and status_on(slow, D(2023, 12, 31)) == "none"


def test_first_series_day_is_no_change():
    marked = mark_changes([D(2022, 4, 3)], ["occupied"], first_day=D(2022, 4, 3))
    assert marked[0].initial and summary(marked)["changes"] == 0


def test_broken_table_refused_with_file_and_line(tmp_path):
    path = tmp_path / "settlements.csv"
    head = "geonameid,name,name_uk,katottg,unit,hromada,latitude,longitude,population_prewar,alternatenames\n"
    path.write_text(head + "1,A,А,,UA-14,,95.0,37.0,10,\n", encoding="utf-8")
    with pytest.raises(DataError) as error:
        load_settlements_file(path, "settlements.csv")
    assert str(error.value.problems[0]).startswith("settlements.csv:2:")


# The ledger against the day's outline (series/outlines, 200 m): a dozen named settlements on days where the
# point lies well inside or well outside the occupied area.
NAMED = ["Pokrovsk", "Bakhmut", "Avdiivka", "Mariupol", "Kherson", "Izium", "Kupiansk", "Melitopol",
         "Sievierodonetsk", "Lyman", "Vuhledar", "Kharkiv", "Sumy", "Chasiv Yar"]
CHECK_DAYS = [D(2022, 4, 10), D(2022, 9, 1), D(2022, 12, 1), D(2023, 6, 1), D(2024, 3, 1), D(2025, 1, 1),
              D(2025, 11, 1), D(2026, 2, 1)]


def _outline(day: dt.date):
    import gzip

    import shapely
    from shapely.geometry import shape

    from territory.base.paths import data_root

    path = data_root() / "series" / "outlines" / str(day.year) / f"{day.isoformat()}.geojson.gz"
    if not path.exists():
        return None
    data = json.loads(gzip.decompress(path.read_bytes()))
    parts = [shape(f["geometry"]) for f in data["features"] if f["properties"]["kind"] == "occupied"]
    return shapely.union_all(parts)


def test_ledger_matches_the_map_for_named_settlements():
    from pyproj import Geod

    table = settlements()
    geod = Geod(ellps="WGS84")
    checked = 0
    for day in CHECK_DAYS:
        outline = _outline(day)
        if outline is None:
            continue
        for name in NAMED:
            found = search(table, name).sort_values("population_prewar", ascending=False)
            assert len(found), name
            row = found.iloc[0]
            import shapely

            point = shapely.Point(row.longitude, row.latitude)
            nearest = shapely.ops.nearest_points(outline.boundary, point)[0]
            distance = geod.inv(row.longitude, row.latitude, nearest.x, nearest.y)[2]
            if distance < 2000:
                continue  # the 200 m outline cannot decide within 2 km of the line
            inside = outline.contains(point)
            status = status_on(changes_of(int(row.geonameid)), day)
            assert (status == "occupied") == inside, (name, day, status)
            checked += 1
    assert checked >= 50


def test_validate_refuses_a_broken_ledger_with_file_and_line(tmp_path, capsys):
    from territory.cli.main import main
    from tests.dataroot import copy_data_root

    paths = copy_data_root(tmp_path)
    ledger_file = paths.series_dir / "subunits" / "settlements.csv"
    with open(ledger_file, "a", encoding="utf-8") as fh:
        fh.write("2026-01-01,704422,captured\n")
    lines = ledger_file.read_text(encoding="utf-8").count("\n")
    assert main(["validate", str(ledger_file)]) == 1
    out = capsys.readouterr()
    assert f"settlements.csv:{lines}: map_status is not valid" in out.out + out.err


def test_cli_settlements_json_names_the_status_on_both_dates(capsys):
    from territory.cli.main import main

    assert main(["settlements", "--name", "Krasnoarmeisk", "--from", "2025-01-01", "--to", "2026-01-01",
                 "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    pokrovsk = next(s for s in data["settlements"] if s["geonameid"] == POKROVSK)
    assert pokrovsk["status_from"] != pokrovsk["status_to"] or pokrovsk["changes"] == []
    assert {"name", "name_uk", "katottg", "latitude", "longitude", "population_prewar"} <= set(pokrovsk)
    assert all(c["date"] > "2025-01-01" for c in pokrovsk["changes"])


def test_cli_summary_by_hromada(capsys):
    from territory.cli.main import main

    assert main(["summary", "--date", "2025-06-01", "--level", "hromada", "--unit", "UA-14", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert rows and all(r["code"].startswith("UA14") for r in rows)
    assert all(0 <= r["controlled_pct"] <= 100 for r in rows)
    assert {"code", "name_en", "name_uk", "controlled_pct", "controlled_km2"} <= set(rows[0])
