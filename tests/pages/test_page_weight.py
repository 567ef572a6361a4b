"""What the control-map page makes the browser load and re-render (issue 14).

Streamlit sends an unchanged element as a reference, and the browser re-renders every element it receives, so
parts that do not depend on the date must not change with it, and the panel uses few elements. Markdown with
HTML makes the browser fetch a parser before the first screen, so no element asks for it.
"""

import datetime as dt

from .conftest import run_app


def chart_spec(at) -> str:
    return next(node.proto.spec for node in at.get("vega_lite_chart"))


def test_the_chart_is_the_same_for_every_date_and_the_caption_names_the_map_date():
    at = run_app(tab="chart")
    dates = at.select_slider(key="map_date").options
    last, first = dt.date.fromisoformat(dates[-1]), dt.date.fromisoformat(dates[0])
    spec = chart_spec(at)
    from territory.base.text import date_label

    assert any(date_label(last) in c.value for c in at.caption if "week" in c.value)
    at.select_slider(key="map_date").set_value(first).run()
    assert chart_spec(at) == spec
    assert any(date_label(first) in c.value for c in at.caption if "week" in c.value)


def test_the_legend_shows_every_class_without_markdown_html():
    from territory.base import palette

    at = run_app()
    legend = next(h.proto.body for h in at.get("html") if "Share of unit under Russian control" in h.proto.body)
    for item in palette.control_legend():
        assert item.label.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in legend
    assert not [m for m in at.markdown if m.allow_html]


def map_args(at) -> dict:
    """The arguments the control map's st_folium element sends to the browser."""
    import json

    return json.loads(next(iter(at.get("component_instance"))).proto.json_args)


def test_a_date_step_sends_the_units_styles_but_not_their_geometry():
    from territory.web import webmap

    at = run_app()
    at.toggle(key="map_outline").set_value(False).run()  # DeepState's outline is the one layer with coordinates
    first = dt.date.fromisoformat(at.select_slider(key="map_date").options[0])
    at.select_slider(key="map_date").set_value(first).run()
    args = map_args(at)
    assert webmap.web_units_url() in args["feature_group"]
    assert '"coordinates"' not in args["feature_group"]
    assert '"UA-32"' in args["feature_group"] and '"UA-14"' in args["feature_group"]


def test_below_the_map_only_the_open_tab_is_rendered_and_downloads_open_first():
    at = run_app()
    assert at.get("download_button") and not at.dataframe and not at.get("vega_lite_chart")
    assert "tab" not in at.query_params  # the default tab is not written into the link
    at = run_app(tab="figures")
    assert at.dataframe and not at.get("download_button") and not at.get("vega_lite_chart")
    assert at.query_params["tab"] == "figures"


def test_the_open_tab_survives_a_date_step_and_a_page_change():
    at = run_app(tab="chart")
    first = dt.date.fromisoformat(at.select_slider(key="map_date").options[0])
    at.select_slider(key="map_date").set_value(first).run()
    assert at.get("vega_lite_chart") and at.query_params["tab"] == "chart"
    at.switch_page("pages/compare.py").run()
    at.switch_page("pages/control_map.py").run()
    assert not at.exception
    assert at.get("vega_lite_chart") and not at.get("download_button")


def test_each_card_of_the_demands_panel_is_one_markdown_element():
    from territory.analysis.panel import panel_entries
    from territory.base.textsafe import md_escape
    from territory.data.dataset import load_dataset
    from territory.present.view import ViewFilter, unit_styles

    dataset = load_dataset()
    snapshots = dataset.snapshots.snapshots
    snapshot, previous = snapshots[-1], snapshots[-2]
    shown = [s.control.iso for s in unit_styles(snapshot, previous, ViewFilter(), None) if s.shown]
    entries = panel_entries(dataset.demands, snapshot, shown)
    at = run_app(date=snapshot.date.isoformat())
    cards = [m.value for m in at.markdown if "Sources: " in m.value and "** · " in m.value]
    assert len(cards) == len(entries) > 0
    for card, entry in zip(cards, entries, strict=True):
        assert md_escape(entry.demand.statement) in card and md_escape(entry.demand.attribution) in card
        assert all(md_escape(quote.text) in card for quote in entry.demand.quotes)


def test_a_date_step_leaves_the_sliders_element_unchanged():
    """The slider's element holds every date; if a step changed it, Streamlit would send it again."""
    at = run_app(date="2025-05-28")
    first_element = at.select_slider(key="map_date").proto.SerializeToString()
    for value in ("2022-02-23", "2024-01-31"):
        at.select_slider(key="map_date").set_value(dt.date.fromisoformat(value)).run()
        assert at.select_slider(key="map_date").value == dt.date.fromisoformat(value)
    at.select_slider(key="map_date").set_value(dt.date(2023, 6, 30)).run()
    element = at.select_slider(key="map_date").proto.SerializeToString()
    at.select_slider(key="map_date").set_value(dt.date(2022, 2, 23)).run()
    assert at.select_slider(key="map_date").proto.SerializeToString() == element
    assert len(first_element) > 10_000  # every date is in it
