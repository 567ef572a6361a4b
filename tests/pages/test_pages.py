"""AppTest for every page: runs without exception, widgets change what is shown, URL state round-trips.

AppTest does not render st_folium; the map builders are unit-tested in tests/test_webmap.py.
"""

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from territory.analysis.figures import compare, national_total, net_change_km2
from territory.base.paths import REPO_ROOT
from territory.data.dataset import load_dataset

from .conftest import map_date, run_app

APP = str(REPO_ROOT / "dashboard.py")


app = run_app
SNAPSHOTS = load_dataset().snapshots


def table(at, column):
    """The first dataframe with this column (AppTest finds dataframes by position, not key)."""
    return next(df.value for df in at.dataframe if column in df.value.columns)


def metric(at, label_start):
    return next(m.value for m in at.metric if m.label.startswith(label_start))


@pytest.mark.parametrize("page", ["pages/control_map.py", "pages/compare.py", "pages/changes.py", "pages/demands.py",
                                  "pages/data.py"])
def test_every_page_runs(page):
    app(page)


def test_slider_changes_the_figures():
    at = app()
    latest = metric(at, "Share of Ukraine")
    map_date(at).set_value(dt.date(2022, 3, 21)).run()
    assert not at.exception
    assert metric(at, "Share of Ukraine") != latest
    assert metric(at, "Share of Ukraine") == f"{national_total(SNAPSHOTS.get(dt.date(2022, 3, 21))).pct_of_ukraine:.2f} %"
    assert at.query_params["date"] == "2022-03-21"


def test_filters_change_the_table():
    at = app(tab="figures")
    full = table(at, "Share %")
    assert len(full) == 27
    at.multiselect(key="map_units").set_value(["UA-14", "UA-09"]).run()
    filtered = table(at, "Share %")
    assert sorted(filtered["ISO"]) == ["UA-09", "UA-14"]
    at.multiselect(key="map_units").set_value([]).run()
    at.slider(key="map_min_share").set_value(50.0).run()
    assert set(table(at, "Share %")["ISO"]) == {"UA-09", "UA-14", "UA-23", "UA-65", "UA-43", "UA-40"}


def test_reuters_preset_button():
    at = app(tab="figures")
    next(b for b in at.button if b.label.startswith("The 7 regions")).click().run()
    assert len(table(at, "Share %")) == 8  # Crimea with Sevastopol
    assert "UA-14" in at.query_params["units"]


def test_url_state_round_trips():
    at = app(date="2022-04-07", units="UA-32,UA-74", min="0", demand="ru-2024-06-four-regions")
    assert map_date(at).value == dt.date(2022, 4, 7)
    assert at.multiselect(key="map_units").value == ["UA-32", "UA-74"]
    assert at.selectbox(key="map_demand").value == "ru-2024-06-four-regions"
    assert at.query_params["date"] == "2022-04-07"
    assert at.query_params["demand"] == "ru-2024-06-four-regions"


def test_invalid_url_values_fall_back_with_a_notice():
    at = app(date="1999-01-01", units="UA-99,<script>", demand="nope", min="500")
    first_date = min(map_date(at).options)
    assert map_date(at).value == dt.date.fromisoformat(first_date)  # the nearest date
    assert at.multiselect(key="map_units").value == []
    notices = " ".join(i.value for i in at.info).replace("\\", "")
    assert "nearest date" in notices and "not recognised" in notices and "not known" in notices
    assert "outside 0–100" in notices


def test_demands_panel_shows_gap_for_the_date():
    at = app(date="2025-05-28", units="UA-14")
    text = " ".join(m.value for m in at.markdown)
    assert "Donetsk: 70.9 % held, demand 100.0 %, gap about 7,700 km²" in text.replace("\\", "")


def test_compare_page_headline_and_url():
    at = app("pages/compare.py", **{"from": "2022-03-21", "to": "2022-04-07"})
    assert at.select_slider(key="compare_range").value == (dt.date(2022, 3, 21), dt.date(2022, 4, 7))
    net = net_change_km2(compare(SNAPSHOTS.get(dt.date(2022, 3, 21)), SNAPSHOTS.get(dt.date(2022, 4, 7))))
    assert metric(at, "Net change") == f"{net:+,.0f} km²"
    assert at.query_params["from"] == "2022-03-21" and at.query_params["to"] == "2022-04-07"
    changes = table(at, "Change (km²)")
    from territory.data.units import unit_name

    assert changes.iloc[0]["Unit"] == unit_name("UA-32")  # the ISO codes are in the CSV download


def test_changes_page_reads_and_writes_its_link_and_refuses_dates_outside_the_series():
    from territory.analysis.changes import UKRAINE, range_total
    from territory.base.paths import data_paths
    from territory.data.flows import load_flows
    from territory.data.units import load_units

    flows = load_flows(data_paths().series_dir, load_units())
    days = [p.day for p in flows.polygon]
    start, end = days[-200], days[-20]
    at = app("pages/changes.py", **{"from": str(start), "to": str(end), "by": "week", "count": "deepstate"})
    total = range_total(flows, start, end, UKRAINE, "deepstate")
    assert metric(at, "Net") == f"{total.net_km2:+,.0f} km²"
    assert (at.query_params["from"], at.query_params["to"], at.query_params["by"], at.query_params["count"]) == (
        str(start), str(end), "week", "deepstate")
    # "at this pace" for a unit is kept in the link, with its sentence
    at = app("pages/changes.py", **{"from": str(start), "to": str(end), "pace": "UA-14"})
    assert at.query_params["pace"] == "UA-14"
    assert any("Donetsk" in m.value and ("pace" in m.value or "no pace" in m.value) for m in at.markdown)
    # outside the series, or unknown: the defaults (the last twelve whole months, by month) are shown instead
    at = app("pages/changes.py", **{"from": "1999-01-01", "by": "fortnight"})
    assert at.query_params["from"] > str(days[0]) and at.query_params["by"] == "month"


def test_demands_page_filters():
    at = app("pages/demands.py")
    at.multiselect(key="dem_parties").set_value(["NATO"]).run()
    assert any("of 31 entries" in m.value for m in at.markdown)
    shown = next(m.value for m in at.markdown if "of 31 entries" in m.value)
    assert shown.startswith("5 of")


def test_data_page_totals_say_which_are_estimates():
    """Totals other publishers printed and totals others computed (e.g. from liveuamap's polygons) are named
    with their kind, so an estimate is never shown as a published figure."""
    at = app("pages/data.py")
    shown = set(table(at, "% of Ukraine")["Source"])
    dataset = load_dataset()
    kinds = {dataset.sources[s].kind for t in dataset.totals for s in t.sources}
    assert kinds == {"published", "estimate"}  # the repository's table has both
    for total in dataset.totals:
        label = "; ".join(f"{dataset.sources[s].publisher} ({dataset.sources[s].kind})" for s in total.sources)
        assert label in shown, (label, shown)


def test_data_page_upload_validation_messages():
    at = app("pages/data.py")
    assert table(at, "% of Ukraine").shape[0] > 60
    assert table(at, "Licence").shape[0] > 40


def test_download_buttons_exist_on_pages():
    at = app()
    labels = [b.label for b in at.get("download_button")]
    assert "Data (CSV)" in labels and "Data (GeoJSON)" in labels


@pytest.fixture
def deferred_downloads(monkeypatch):
    """Capture the callables behind download buttons (AppTest does not click them)."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    captured = {}
    original = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        file_id = original(self, data_callable, mimetype, coordinates, file_name, **kwargs)
        captured[file_id] = (data_callable, file_name)
        return file_id
    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return captured


def button_bytes(at, captured, label):
    button = next(b for b in at.get("download_button") if b.proto.label == label)
    data_callable, file_name = captured[button.proto.deferred_file_id]
    return data_callable(), file_name


def test_download_buttons_return_the_current_view(deferred_downloads):
    import io

    from PIL import Image

    from territory.data.dataset import load_dataset
    from territory.export.exports import view_file_name
    from territory.present import render
    from territory.present.view import ViewFilter

    at = app(date="2022-03-21", units="UA-32,UA-74")
    png, name = button_bytes(at, deferred_downloads, "Map (PNG)")
    view = ViewFilter(units=("UA-32", "UA-74"))
    assert name == view_file_name(dt.date(2022, 3, 21), "png", view) == "ukraine-control-2022-03-21-units-UA-32-UA-74.png"
    dataset = load_dataset()
    snapshot = dataset.snapshot(dt.date(2022, 3, 21))
    expected = render.render_control_map(snapshot, dataset.previous(snapshot.date),
                                         ViewFilter(units=("UA-32", "UA-74")), None, dataset.sources)
    import numpy as np
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(png))), np.asarray(Image.open(io.BytesIO(expected))))
    csv_bytes, csv_name = button_bytes(at, deferred_downloads, "Data (CSV)")
    assert csv_name == view_file_name(dt.date(2022, 3, 21), "csv", view)
    text = csv_bytes.decode()
    assert "2022-03-21,UA-32,Kyiv Oblast,True" in text and "2022-03-21,UA-46,Lviv,False" in text
    html, _ = button_bytes(at, deferred_downloads, "Interactive map (HTML)")
    assert b"L.map(" in html


def test_compare_download_is_the_comparison(deferred_downloads):
    at = app("pages/compare.py", **{"from": "2022-03-21", "to": "2022-04-07"})
    pdf, name = button_bytes(at, deferred_downloads, "Data (CSV)")
    assert name == "ukraine-control-2022-03-21-vs-2022-04-07.csv"
    import csv
    import io
    first = next(csv.DictReader(io.StringIO(pdf.decode())))
    assert (first["iso"], first["before_pct"], first["after_pct"], first["change_pp"]) == ("UA-32", "23.9", "0.0", "-23.9")
    assert first["before_kind"] and first["before_sources"]


def test_scenario_selector_and_table():
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    at.switch_page("pages/demands.py")
    at.session_state["demands_tab"] = "Peace-plan scenarios"  # as a click on the tab does
    at.run()
    assert not at.exception
    table = next(df.value for df in at.dataframe if "Ukraine cedes (km²)" in df.value.columns)
    assert "UA-14" in set(table["ISO"])
    headline = next(m.value for m in at.markdown if "Under this plan" in m.value)
    at.selectbox(key="scenario_id").set_value("ua-1991-borders").run()
    assert not at.exception
    new_headline = next(m.value for m in at.markdown if "Under this plan" in m.value)
    assert new_headline != headline and "Russia would leave about 116" in new_headline.replace("\\", "")


def test_scenario_layer_on_the_control_map():
    at = app()
    at.selectbox(key="map_scenario").set_value("us-2025-11-28-points").run()
    assert not at.exception
    assert any("Showing the outcome" in i.value for i in at.info)


def test_uploads_with_the_same_date_do_not_share_cached_maps():
    """Two sessions uploading different figures for one date must get different map layers."""
    import datetime as dt

    from territory.data.snapshots import Snapshot, UnitFigure

    layers = []
    for pct in (10.0, 90.0):
        at = AppTest.from_file(APP, default_timeout=90)
        at.session_state["uploaded_snapshots"] = {dt.date(2026, 9, 30): Snapshot(
            dt.date(2026, 9, 30), {"UA-14": UnitFigure("UA-14", pct, None, None, "estimate",
                                                       ("deepstate-derived-daily",))}, "uploaded file")}
        at.query_params["date"] = "2026-09-30"
        at.query_params["tab"] = "figures"
        at.run()
        assert not at.exception
        layers.append(next(df.value for df in at.dataframe if "Share %" in df.value.columns))
    shares = [float(layer.loc[layer["ISO"] == "UA-14", "Share %"].iloc[0]) for layer in layers]
    assert shares == [10.0, 90.0]


def test_upload_cache_key_depends_on_content():
    import datetime as dt

    from app.data import uploaded_signature
    from territory.data.snapshots import Snapshot, UnitFigure

    def upload(pct):
        date = dt.date(2026, 9, 30)
        return {date: Snapshot(date, {"UA-14": UnitFigure("UA-14", pct, None, None, "estimate", ("x",))},
                               "uploaded file")}
    assert uploaded_signature(upload(10.0)) != uploaded_signature(upload(90.0))
    assert uploaded_signature(upload(10.0)) == uploaded_signature(upload(10.0))


def test_the_first_date_s_table_has_no_column_of_none():
    """On the first date there is no earlier one: the table once had "Change since — (pp)" full of "None"."""
    first = SNAPSHOTS.snapshots[0].date
    at = app(date=first.isoformat(), tab="figures")
    frame = table(at, "ISO")
    assert not [c for c in frame.columns if str(c).startswith("Change since")]
    assert not frame.astype(str).isin(["None"]).any().any()


def test_source_titles_in_english_are_marked_in_ukrainian():
    """The README says source titles stay as written (English) and are marked where they appear (issue 23)."""
    from app.keys import LANG

    at = AppTest.from_file(str(REPO_ROOT / "pages" / "data.py"), default_timeout=90)
    at.session_state[LANG] = "uk"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    titles = table(at, "Назва (англійською)")
    assert len(titles) == len(load_dataset().sources)


def test_census_table_leaves_cells_without_a_value_empty_not_none():
    """Units whose 2001 share no source shows read "None" (issue 23): they are left empty."""
    at = AppTest.from_file(str(REPO_ROOT / "pages" / "demands.py"), default_timeout=90)
    at.session_state["demands_tab"] = "Language demand"
    at.run()
    frame = table(at, "Russian as native language, 2001 (%)")
    cells = frame.astype(object).where(frame.notna(), None).to_numpy().ravel().tolist()
    assert None not in cells and "None" not in cells, frame


def test_compare_net_change_caption_gives_two_decimals_like_the_metric():
    """Found on the walk: the metric said "+1.16 pp" and the caption below the table "+1.2 pp"."""
    from territory.base.text import format_pp

    at = app("pages/compare.py", **{"from": "2022-04-10", "to": "2025-05-28"})
    before, after = SNAPSHOTS.get(dt.date(2022, 4, 10)), SNAPSHOTS.get(dt.date(2025, 5, 28))
    pp = format_pp(national_total(after).pct_of_ukraine - national_total(before).pct_of_ukraine, digits=2)
    assert any(f"Net change: {pp}" in c.value for c in at.caption), [c.value for c in at.caption]


def test_data_page_figures_of_a_spring_2022_day_carry_the_caveat():
    from territory.base.text import SPRING_2022, spring_2022_note

    day = next(d for d in SNAPSHOTS.dates if SPRING_2022[0] <= d <= SPRING_2022[1])
    at = AppTest.from_file(str(REPO_ROOT / "pages" / "data.py"), default_timeout=90)
    at.run()
    at.selectbox(key="data_date").set_value(day).run()
    assert spring_2022_note(day) in [w.value for w in at.warning]
