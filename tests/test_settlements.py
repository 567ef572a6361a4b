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


# The ledger against the day's outline (series/outlines, 200 m): a dozen named settlements near the front line
# and behind it, on ten days spread evenly over the series (taken from the series' own days), each status
# (occupied, grey zone, neither) compared with the point's position against that day's occupied area and grey
# zone, wherever the point lies farther from either line than the outline's simplification can move it.
NAMED: dict[str, str | None] = {"Pokrovsk": "UA-14", "Bakhmut": "UA-14", "Avdiivka": "UA-14", "Vuhledar": "UA-14", "Toretsk": "UA-14",
         "Chasiv Yar": "UA-14", "Velyka Novosilka": "UA-14", "Kurakhove": "UA-14", "Mariupol": "UA-14",
         "Lyman": "UA-14", "Kupiansk": "UA-63", "Izium": "UA-63", "Kherson": None, "Melitopol": "UA-23",
         "Sievierodonetsk": "UA-09"}
# (Kherson's GeoNames point lies on the Dnipro's water, outside the land the hromadas are cut to: no unit.)
#: Within this distance of a line the 200 m outline (more on crowded days: its ``simplified_m``) cannot decide.
MARGIN_M = 2000


def _ten_days() -> list[dt.date]:
    from territory.data.subunit_series import series_days

    days = series_days()
    return [days[round(i * (len(days) - 1) / 9)] for i in range(10)]


def _outline(day: dt.date) -> dict:
    import gzip

    from territory.base.paths import data_root
    from territory.data.outlines import outline_path

    return json.loads(gzip.decompress(outline_path(data_root() / "series", day).read_bytes()))


def test_ten_days_spread_over_the_series():
    days = _ten_days()
    assert days[0].year == 2022 and days[-1].year >= 2026 and len(set(days)) == 10
    assert {d.year for d in days} >= {2022, 2023, 2024, 2025, 2026}


def test_ledger_matches_the_map_for_named_settlements():
    import shapely
    from pyproj import Geod
    from shapely.geometry import shape

    table = settlements()
    geod = Geod(ellps="WGS84")
    rows = {}
    for name, unit in NAMED.items():
        found = search(table, name)
        found = found[found["unit"] == unit] if unit else found
        found = found.sort_values("population_prewar", ascending=False)
        assert len(found), name
        rows[name] = found.iloc[0]
    checked: dict[str, int] = {}
    statuses: set[str] = set()
    for day in _ten_days():
        outline = _outline(day)  # every day of the series has its outline: a missing one fails here
        margin = max(MARGIN_M, 10 * float(outline.get("simplified_m", 200)))
        areas = {kind: shapely.union_all([shape(f["geometry"]) for f in outline["features"]
                                          if f["properties"]["kind"] == kind]) for kind in ("occupied", "grey")}
        for name, row in rows.items():
            point = shapely.Point(row.longitude, row.latitude)
            near = False
            for area in areas.values():
                if area.is_empty:
                    continue
                nearest = shapely.ops.nearest_points(area.boundary, point)[0]
                near |= geod.inv(row.longitude, row.latitude, nearest.x, nearest.y)[2] < margin
            if near:
                continue
            expected = ("occupied" if areas["occupied"].contains(point) else
                        "grey" if not areas["grey"].is_empty and areas["grey"].contains(point) else "none")
            status = status_on(changes_of(int(row.geonameid)), day)
            assert status == expected, (name, day.isoformat(), status, expected)
            checked[name] = checked.get(name, 0) + 1
            statuses.add(status)
    assert len(checked) >= 12, checked  # a dozen named settlements decided on at least one day
    assert sum(checked.values()) >= 80, checked
    assert {"occupied", "none"} <= statuses


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


def test_cli_and_compare_page_agree_on_what_changed_between_two_dates(capsys):
    """One meaning of "changed between D1 and D2": the status on D1's map differs from the status on D2's. The
    CLI's default list and the Compare page's ``changed_between`` give the same set; places that changed in
    between and came back are listed only with ``--any-change``."""
    from territory.cli.main import main
    from territory.data.settlements import changed_between
    from territory.data.subunit_series import series_days

    days = series_days()
    start, end = days[len(days) * 2 // 3], days[len(days) * 11 // 12]
    page = changed_between(start, end)
    assert len(page) and all(page["status_before"] != page["status_after"])
    assert main(["settlements", "--from", start.isoformat(), "--to", end.isoformat(), "--format", "json"]) == 0
    cli = json.loads(capsys.readouterr().out)["settlements"]
    assert {s["geonameid"] for s in cli} == set(page["geonameid"])
    assert all(s["status_from"] != s["status_to"] for s in cli)
    assert main(["settlements", "--from", start.isoformat(), "--to", end.isoformat(), "--any-change",
                 "--format", "json"]) == 0
    every = json.loads(capsys.readouterr().out)["settlements"]
    assert {s["geonameid"] for s in every} >= set(page["geonameid"])
    assert all(s["changes"] for s in every)
    returned = [s for s in every if s["status_from"] == s["status_to"]]
    assert {s["geonameid"] for s in every} - set(page["geonameid"]) == {s["geonameid"] for s in returned}


def test_ukrainian_names_are_one_script_and_official_where_matched():
    """name_uk: the KATOTTG name when matched (Donetsk's, not the shopping centre "Донбас-сіті" among GeoNames'
    alternates), else an all-Cyrillic alternate ("Правий Берег"), never one mixing Latin and Cyrillic letters."""
    import re

    table = settlements().set_index("geonameid")
    mixed = [n for n in table["name_uk"] if re.search("[A-Za-z]", n) and re.search("[А-Яа-яІіЇїЄєҐґ]", n)]
    assert not mixed
    assert table.loc[709717, "name_uk"] == "Донецьк"
    assert table.loc[709717, "katottg"].startswith("UA1408003")
    assert table.loc[13580034, "name_uk"] == "Правий Берег"


def test_english_name_is_the_official_names_transliteration_where_geonames_has_it():
    """Kupiansk (national transliteration of the KATOTTG name Куп’янськ, one of GeoNames' alternates), not
    GeoNames' main name "Kupyansk"; a name GeoNames does not have is never made up."""
    from territory.build.settlements import transliterate

    assert transliterate("Куп’янськ") == "Kupiansk"
    assert transliterate("Запоріжжя") == "Zaporizhzhia"
    assert transliterate("Яготин") == "Yahotyn"
    assert transliterate("Згурівка") == "Zghurivka"
    table = settlements().set_index("geonameid")
    assert table.loc[703656, "name"] == "Kupiansk"
    assert "Kupyansk" in table.loc[703656, "alternatenames"].split("|")  # GeoNames' name still finds it
    assert 703656 in set(search(settlements(), "Kupyansk")["geonameid"])
