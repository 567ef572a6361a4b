import datetime as dt
import hashlib
import json
import re

import pytest

from territory.base import palette
from territory.base.text import date_label, format_pp
from territory.data.snapshots import Snapshot, UnitFigure
from territory.data.sources import Source
from territory.present.view import REUTERS_UNITS, ViewFilter
from territory.web import webmap

PAYLOADS = ["<img src=x onerror=alert(1)>", "<script>alert(1)</script>", '"><svg onload=alert(1)>', "{{ 7*7 }}"]


def features_by_iso(fc):
    return {f["properties"]["iso"]: f for f in fc["features"]}


def test_control_geojson_colours_each_unit(snap, sources):
    snapshot = snap("2025-05-28")
    fc = webmap.control_geojson(snapshot, snap("2025-05-20"), ViewFilter(), None, sources)
    by_iso = features_by_iso(fc)
    assert len(by_iso) == 27
    for iso, figure in snapshot.figures.items():
        assert by_iso[iso]["properties"]["fill"] == palette.control_colour(figure.controlled_pct)
    assert webmap.features_size_bytes(fc) < 150_000


def test_filtered_units_are_grey_and_highlight_is_outlined(snap, sources, demands):
    view = ViewFilter(units=REUTERS_UNITS)
    fc = webmap.control_geojson(snap("2025-05-28"), None, view, demands["ru-2024-06-four-regions"], sources)
    by_iso = features_by_iso(fc)
    assert by_iso["UA-46"]["properties"]["fill"] == palette.FILTERED_COLOUR  # Lviv filtered out
    assert by_iso["UA-14"]["properties"]["fill"] != palette.FILTERED_COLOUR
    assert by_iso["UA-14"]["properties"]["edge"] == palette.HIGHLIGHT_EDGE
    assert by_iso["UA-46"]["properties"]["edge"] == palette.UNIT_EDGE


def test_threshold_greys_units_below_it(snap, sources):
    fc = webmap.control_geojson(snap("2025-05-28"), None, ViewFilter(min_share=50), None, sources)
    by_iso = features_by_iso(fc)
    assert by_iso["UA-63"]["properties"]["fill"] == palette.FILTERED_COLOUR  # Kharkiv 3.7 %
    assert by_iso["UA-14"]["properties"]["fill"] != palette.FILTERED_COLOUR


def test_no_figure_looks_different_from_zero(sources):
    snapshot = Snapshot(dt.date(2025, 1, 1), {"UA-14": UnitFigure("UA-14", 0.0, None, None, "estimate", ("x",))})
    by_iso = features_by_iso(webmap.control_geojson(snapshot, None, ViewFilter(), None, sources))
    assert by_iso["UA-14"]["properties"]["fill"] == palette.ZERO_COLOUR
    assert by_iso["UA-09"]["properties"]["fill"] == palette.NO_FIGURE_COLOUR
    assert by_iso["UA-09"]["properties"]["dash"]
    assert "No figure" in by_iso["UA-09"]["properties"]["tooltip"]


def test_tooltip_has_share_range_km2_sources_and_change(snap, sources):
    tip = features_by_iso(webmap.control_geojson(snap("2022-03-21"), snap("2022-02-23"), ViewFilter(), None,
                                                 sources))["UA-14"]["properties"]["tooltip"]
    assert "Donetsk" in tip and "51.5 %" in tip and "Range: 48.0 % – 54.4 %" in tip and "km²" in tip
    change = snap("2022-03-21").figures["UA-14"].controlled_pct - snap("2022-02-23").figures["UA-14"].controlled_pct
    assert f"Change since {date_label(dt.date(2022, 2, 23))}: {format_pp(change)}" in tip and "DeepState" in tip


def test_tooltip_in_ukrainian(snap, sources):
    tip = features_by_iso(webmap.control_geojson(snap("2022-03-21"), snap("2022-02-23"), ViewFilter(), None,
                                                 sources, lang="uk"))["UA-14"]["properties"]["tooltip"]
    assert "Донецька область" in tip and "51,5 %" in tip and "48,0 % – 54,4 %" in tip and "км²" in tip
    change = snap("2022-03-21").figures["UA-14"].controlled_pct - snap("2022-02-23").figures["UA-14"].controlled_pct
    assert date_label(dt.date(2022, 2, 23), "uk") in tip and format_pp(change, "uk") in tip and "Donetsk" not in tip


@pytest.mark.parametrize("payload", PAYLOADS)
def test_tooltip_escapes_every_text(payload):
    sources = {"evil": Source("evil", payload, payload, "2025", "", payload, "published", "")}
    snapshot = Snapshot(dt.date(2025, 1, 1), {
        "UA-14": UnitFigure("UA-14", 50.0, None, None, "published", ("evil",), note=payload)})
    fc = webmap.control_geojson(snapshot, None, ViewFilter(), None, sources)
    tip = features_by_iso(fc)["UA-14"]["properties"]["tooltip"]
    assert "<img" not in tip and "<script" not in tip and "<svg" not in tip
    if "<" in payload:
        assert "&lt;" in tip
    html = webmap.standalone_html(fc, payload)
    assert "<img src=x" not in html and "<script>alert" not in html and "<svg onload" not in html
    if payload == "{{ 7*7 }}":  # folium templates are Jinja: data must never be evaluated
        assert "<title>{{ 7*7 }}</title>" in html and "49" not in tip


def test_base_map_uses_no_cdn():
    fmap = webmap.base_map()
    html = fmap.get_root().render()
    for host in ("cdn.jsdelivr", "cdnjs", "code.jquery", "bootstrapcdn", "unpkg", "googleapis"):
        assert host not in html
    assert webmap.LEAFLET_STATIC_PREFIX + "/leaflet.js" in html


def test_base_map_is_identical_between_runs():
    def normalise(html):
        return re.sub(r"_[0-9a-f]{32}", "_ID", html)
    assert normalise(webmap.base_map().get_root().render()) == normalise(webmap.base_map().get_root().render())


def test_standalone_html_inlines_leaflet(snap, sources):
    fc = webmap.control_geojson(snap("2025-05-28"), None, ViewFilter(), None, sources)
    html = webmap.standalone_html(fc, "Ukraine 2025-05-28")
    assert not re.search(r'<(script|link)[^>]+(src|href)="https?:', html)
    assert "L.map(" in html and len(html) > 150_000


def test_change_geojson_gain_and_loss(snap):
    fc = features_by_iso(webmap.change_geojson(snap("2022-03-21"), snap("2022-04-07")))
    assert fc["UA-32"]["properties"]["fill"] == palette.change_colour(-23.9)  # Kyiv oblast −23.9 pp
    assert fc["UA-09"]["properties"]["fill"] in palette.CHANGE_COLOURS[palette.NO_CHANGE_INDEX + 1:]  # Luhansk gained


def test_nato_geojson_members_and_excluded():
    early = features_by_iso(webmap.nato_geojson(dt.date(2022, 12, 31)))
    late = features_by_iso(webmap.nato_geojson(dt.date(2024, 12, 31)))
    assert early["FIN"]["properties"]["fill"] == palette.OTHER_COUNTRY_COLOUR
    assert late["FIN"]["properties"]["fill"] == palette.NATO_MEMBER_COLOURS["2023-2024"]
    assert late["SWE"]["properties"]["fill"] == palette.NATO_MEMBER_COLOURS["2023-2024"]
    for iso3 in ("UKR", "GEO", "MDA"):
        assert late[iso3]["properties"]["fill"] == palette.NATO_EXCLUDED_COLOUR
    assert late["RUS"]["properties"]["fill"] == palette.RUSSIA_BELARUS_COLOUR


def test_importing_webmap_patches_nothing():
    import subprocess
    import sys
    code = ("import branca.element as b; t = b.Template; import territory.web.webmap as w; "
            "assert b.Template is t; assert w.enable_template_cache() in (True, False)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


def test_every_layer_has_the_same_feature_shape(snap):
    keys = {"iso", "fill", "edge", "weight", "dash", "opacity", "tooltip"}
    for collection in (webmap.change_geojson(snap("2022-03-21"), snap("2022-04-07")), webmap.outline_geojson(),
                       webmap.nato_geojson(dt.date(2025, 5, 28))):
        assert collection["features"] and all(set(f["properties"]) == keys for f in collection["features"])


def _layer_script(group) -> str:
    """The JavaScript st_folium sends for a layer passed through ``feature_group_to_add``."""
    from streamlit_folium import _get_feature_group_string

    fmap = webmap.base_map()
    fmap.get_root().render()
    return _get_feature_group_string(group, fmap, 0)


def _script_args(script: str) -> list:
    """The JSON arguments a layer's package script (territory/web/js/) is called with, after its parent."""
    call = script.split("})(", 1)[1].split(");\n", 1)[0]
    return json.loads("[" + call.split(",", 1)[1] + "]")


def test_units_layer_sends_each_units_style_and_tooltip_but_no_geometry(snap, sources):
    fc = webmap.control_geojson(snap("2025-05-28"), snap("2025-05-20"), ViewFilter(), None, sources)
    script = _layer_script(webmap.units_layer(fc, url="/app/static/vendor/geo/units-test.json"))
    assert '"coordinates"' not in script and "/app/static/vendor/geo/units-test.json" in script
    url, units, _highlight = _script_args(script)
    assert url == "/app/static/vendor/geo/units-test.json"
    assert units == {f["properties"]["iso"]: f["properties"] for f in fc["features"]}
    full = _layer_script(webmap.control_layer(fc))
    assert len(script) < len(full) / 5  # the geometry was most of the layer


def test_units_layer_keeps_markup_in_tooltips_out_of_the_script(snap):
    tooltip = "<b>x</b>" + PAYLOADS[1]
    fc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"iso": "UA-14", "tooltip": tooltip}, "geometry": None}]}
    script = _layer_script(webmap.units_layer(fc, url="/u.json"))
    assert "<" not in script.split("})(", 1)[1].split(");\n", 1)[0]  # the arguments: HTML-safe JSON (\u003c)
    assert _script_args(script)[1]["UA-14"]["tooltip"] == tooltip


def test_web_units_file_holds_every_unit_and_is_named_by_its_contents():
    from territory.data.geodata import unit_geometries

    name, contents = webmap.web_units_file()
    fc = json.loads(contents)
    geoms = unit_geometries("web")
    assert [f["properties"] for f in fc["features"]] == [{"iso": iso} for iso, g in
                                                         zip(geoms["iso"], geoms.geometry, strict=True) if not g.is_empty]
    assert name == f"units-{hashlib.blake2b(contents, digest_size=8).hexdigest()}.json"
    assert webmap.web_units_url().endswith("/vendor/geo/" + name)


def test_app_base_map_fetches_the_neighbours_and_stays_small():
    from streamlit_folium import _get_map_string

    inline, fetched = webmap.base_map(), webmap.app_base_map()
    for fmap in (inline, fetched):
        fmap.get_root().render()
    name, contents = webmap.web_neighbours_file()
    assert webmap.web_static_url(name) in _get_map_string(fetched)
    assert '"coordinates"' in _get_map_string(inline) and '"coordinates"' not in _get_map_string(fetched)
    neighbours = json.loads(contents)
    assert {f["properties"]["iso3"] for f in neighbours["features"]} == {
        f["properties"]["iso3"] for f in json.loads(webmap.neighbours_geojson())["features"]}


def test_outline_layer_draws_each_kind_in_its_style():
    outline = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"kind": "grey"},
         "geometry": {"type": "Polygon", "coordinates": [[[37.0, 48.0], [37.1, 48.0], [37.1, 48.1], [37.0, 48.0]]]}}]}
    script = _layer_script(webmap.outline_layer(outline))
    data, styles = _script_args(script)
    assert styles == webmap.OUTLINE_STYLES and data == outline
    assert "[[[37.0,48.0],[37.1,48.0]" in script and "interactive: false" in script


def test_a_zone_keeps_what_russia_holds_visible(dataset):
    """The U.S. 28-point plan made all of Donetsk a zone, painted one flat purple that hid the share Russia
    already holds (issue 23): the fill is what Russia would hold, and a purple edge marks the zone."""
    from territory.base import palette
    from territory.data.scenarios import apply_scenario

    snapshot = dataset.snapshots.snapshots[-1]
    zoned = [(sc, u) for sc in dataset.scenarios for u in apply_scenario(sc, snapshot).units if u.zone_pct > 0]
    assert zoned, "no plan makes a zone: nothing to check"
    for scenario, unit in zoned:
        props = next(f["properties"] for f in webmap.scenario_geojson(apply_scenario(scenario, snapshot))["features"]
                     if f["properties"]["iso"] == unit.iso)
        assert props["fill"] == palette.control_colour(unit.russian_pct), (scenario.id, unit.iso)
        assert props["edge"] == palette.ZONE_COLOUR and props["weight"] >= 3


def test_a_plan_tooltip_says_what_each_rule_means(dataset):
    """"rule: none" read as "no rule" (issue 23): the tooltip says the unit is returned to Ukraine."""
    from territory.data.scenarios import apply_scenario

    snapshot = dataset.snapshots.snapshots[-1]
    for scenario in dataset.scenarios:
        outcome = apply_scenario(scenario, snapshot)
        tips = {f["properties"]["iso"]: f["properties"]["tooltip"]
                for f in webmap.scenario_geojson(outcome)["features"]}
        for unit in outcome.units:
            if unit.rule.rule == "none":
                assert "returned to Ukraine" in tips[unit.iso], tips[unit.iso]


def test_the_maps_javascript_lives_in_package_files_not_python_strings():
    from importlib import resources
    from pathlib import Path

    source = Path(webmap.__file__).read_text(encoding="utf-8")
    assert "function (" not in source and "L.geoJson(" not in source
    scripts = {p.name for p in resources.files("territory.web").joinpath("js").iterdir()}
    assert {"styled_units.js", "outline.js", "attribution.js", "fetched_neighbours.js", "localised_controls.js"} <= scripts
