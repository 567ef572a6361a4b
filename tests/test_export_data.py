import csv
import io
import json

import pytest

from territory.data.scenarios import apply_scenario
from territory.export.export_data import (
    comparison_rows,
    nato_rows,
    rows_to_csv,
    rows_to_geojson,
    scenario_rows,
    view_rows,
)
from territory.present.view import ViewFilter


def test_view_rows_are_the_drawn_figures(snap, sources):
    snapshot, previous = snap("2022-03-21"), snap("2022-02-23")
    rows = {r["iso"]: r for r in view_rows(snapshot, previous, ViewFilter(units=("UA-14",)), None, sources)}
    assert len(rows) == 27
    donetsk = snapshot.figures["UA-14"]
    assert rows["UA-14"]["controlled_pct"] == donetsk.controlled_pct and rows["UA-14"]["shown"]
    assert rows["UA-14"]["sources"] == ";".join(donetsk.sources) and "DeepState" in rows["UA-14"]["publishers"]
    assert rows["UA-14"]["change_pp"] == round(donetsk.controlled_pct - previous.figures["UA-14"].controlled_pct, 3)
    assert not rows["UA-46"]["shown"]


def test_comparison_rows_carry_kind_and_sources_of_both_dates(snap, sources):
    before, after = snap("2022-03-21"), snap("2022-04-07")
    rows = {r["iso"]: r for r in comparison_rows(before, after, sources)}
    kyiv = rows["UA-32"]
    assert kyiv["before_kind"] == before.figures["UA-32"].kind and kyiv["after_kind"] == after.figures["UA-32"].kind
    assert kyiv["before_sources"] == ";".join(before.figures["UA-32"].sources)
    assert kyiv["change_pp"] == round(after.figures["UA-32"].controlled_pct - before.figures["UA-32"].controlled_pct, 3)


def test_csv_and_geojson_hold_the_same_rows(snap, sources):
    rows = view_rows(snap("2025-05-28"), None, ViewFilter(), None, sources)
    table = list(csv.DictReader(io.StringIO(rows_to_csv(rows).decode())))
    assert [r["iso"] for r in table] == [r["iso"] for r in rows]
    collection = json.loads(rows_to_geojson(rows))
    assert collection["type"] == "FeatureCollection"
    assert {f["properties"]["iso"] for f in collection["features"]} == {r["iso"] for r in rows}
    assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in collection["features"])


def test_scenario_and_nato_rows(dataset, snap):
    outcome = apply_scenario(dataset.scenarios[0], snap("2025-12-31"))
    rows = scenario_rows(outcome)
    assert len(rows) == 27 and {r["scenario"] for r in rows} == {dataset.scenarios[0].id}
    assert sum(r["ceded_km2"] for r in rows) == pytest.approx(outcome.ceded_km2, abs=2)
    nato = {r["iso3"]: r for r in nato_rows(dataset.dates[-1], dataset.nato)}
    assert set(nato) == set(dataset.nato) and nato["UKR"]["status"] == "excluded by pledge"


def test_the_ukrainian_csv_has_ukrainian_values(dataset, snap, sources):
    """Yes/no and the data's words (kind, rule) in the CSV's language; the English CSV keeps its values
    (issue 23: the Ukrainian CSV had "estimate" and "True/False")."""
    from territory.base.i18n import term

    snapshot = snap("2025-05-28")
    rows = view_rows(snapshot, None, ViewFilter(units=("UA-14",)), None, sources, "uk")
    text = rows_to_csv(rows, "uk").decode()
    assert "True" not in text and "False" not in text and ",estimate," not in text, text[:400]
    table = list(csv.DictReader(io.StringIO(text)))
    donetsk = next(r for r in table if r["iso"] == "UA-14")
    assert donetsk["показано"] == "так"
    assert term(snapshot.figures["UA-14"].kind, "uk") in donetsk.values()
    plan = rows_to_csv(scenario_rows(apply_scenario(dataset.scenarios[0], snapshot), "uk"), "uk").decode()
    assert ",as held," not in plan and ",all," not in plan
    english = list(csv.DictReader(io.StringIO(rows_to_csv(view_rows(snapshot, None, ViewFilter(), None, sources))
                                              .decode())))
    assert english[0]["shown"] == "True" and english[0]["kind"] == snapshot.figures[english[0]["iso"]].kind
