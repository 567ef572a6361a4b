"""Folium maps for the browser: a constant base map and a dated control layer.

The base map never changes between runs (so st_folium keeps the user's pan and zoom); the dated layer is a
``FeatureGroup`` passed through ``feature_group_to_add``. Each feature's colour and tooltip are precomputed
into its properties (``control_geojson``) and the style function only looks them up. Every text that reaches
the tooltip HTML is escaped here.
"""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Collection, Mapping, Sequence
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, cast

import folium
from branca.element import Element, Figure, MacroElement
from jinja2 import Template
from jinja2.utils import htmlsafe_json_dumps
from shapely.geometry import box

from territory.analysis.figures import compare, national_total
from territory.base import palette
from territory.base.i18n import N_, data_text, gettext_for, term
from territory.base.text import (
    control_map_title,
    date_label,
    format_change,
    format_km2,
    format_pct,
    format_pct2,
    map_credit,
    project_name,
    range_text,
    rule_text,
    spring_2022_note,
)
from territory.data.demands import Demand
from territory.data.geodata import NEIGHBOURS, WEB_CONTEXT_BOX, country_outlines, unit_geometries
from territory.data.nato import PLEDGE_EXCLUDED, country_name, status_on
from territory.data.published import PublishedFigure
from territory.data.snapshots import Snapshot
from territory.data.sources import Source, publishers_text
from territory.data.units import unit_name
from territory.present.features import collection, country_collection, feature, unit_collection
from territory.present.view import UnitStyle, ViewFilter, unit_styles

#: branca versions whose ``branca.element.Template`` is jinja2's Template called with the template text only.
TEMPLATE_CACHE_BRANCA = ("0.8.",)


def enable_template_cache() -> bool:
    """Compile each of branca's element templates once, not once per element; True if enabled.

    branca compiles the template string of every Element it creates (folium makes about twenty per map); on
    a slider step that cost ~10 ms. Compiled jinja2 templates are immutable and safe to share. This replaces
    a name inside branca, so it is never done on import: the app calls it once at start, and only for the
    branca versions it was checked against.
    """
    import branca
    import branca.element

    if getattr(branca.element, "_territory_shared_templates", False):
        return True
    if not branca.__version__.startswith(TEMPLATE_CACHE_BRANCA):
        return False
    branca.element.Template = lru_cache(maxsize=1024)(branca.element.Template)  # type: ignore[misc, assignment]
    setattr(branca.element, "_territory_shared_templates", True)  # noqa: B010 - a mark on another module
    return True

def _root(fmap: folium.Map) -> Figure:
    """The map's page (a branca Figure: header, html and script parts)."""
    return cast(Figure, fmap.get_root())


#: Where Streamlit serves the app's ./static folder.
STATIC_PREFIX = "/app/static"
#: Where the app serves Leaflet (copied from the xstatic-leaflet package; see leaflet_assets()).
LEAFLET_STATIC_PREFIX = f"{STATIC_PREFIX}/vendor/leaflet"
#: Folder of ./static where the app writes the web geometry of the units (see web_units_file()).
UNITS_STATIC_DIR = "vendor/geo"
CENTER = (48.4, 31.2)
#: South-west and north-east corners of Ukraine (with Crimea), padded a little.
UKRAINE_BOUNDS = [[44.2, 22.0], [52.5, 40.3]]
ZOOM = 5.25
#: How far the user can zoom and pan the Ukraine maps: folium passes ``min_zoom``/``max_zoom`` to a tile layer
#: only, so without tiles the map had no limit (at zoom 14 one unit filled it as a red square).
MAP_LIMITS: dict[str, Any] = {"minZoom": 4, "maxZoom": 10, "maxBounds": [[38.0, 12.0], [58.0, 50.0]], "maxBoundsViscosity": 1.0}
#: The same for the Europe (NATO) map, within the country outlines shipped (25° W–50° E, 33°–72° N).
EUROPE_LIMITS: dict[str, Any] = {"minZoom": 3, "maxZoom": 7, "maxBounds": [[33.0, -25.0], [72.0, 50.0]], "maxBoundsViscosity": 1.0}
ATTRIBUTION = N_("Boundaries: geoBoundaries, Natural Earth, © OpenStreetMap contributors · Figures and occupied area: DeepState-derived and published sources")
COORD_PRECISION = 3


def leaflet_assets() -> dict[str, Path]:
    """Leaflet's files inside the installed xstatic-leaflet package."""
    import xstatic.pkg.leaflet as xleaflet

    base = Path(xleaflet.BASE_DIR)
    return {"leaflet.js": base / "leaflet.js", "leaflet.css": base / "leaflet.css"}


def _use_local_leaflet(fmap: folium.Map, prefix: str) -> None:
    fmap.default_js = [("leaflet", f"{prefix}/leaflet.js")]
    fmap.default_css = [("leaflet_css", f"{prefix}/leaflet.css")]


def _compact_json(value) -> str:
    """JSON without spaces that is safe inside an HTML script (``<``, ``>``, ``&`` and ``'`` as escapes): what
    the app's layers send on every step, so every byte counts (folium's own JSON has a space after each comma)."""
    return htmlsafe_json_dumps(value, dumps=lambda obj: json.dumps(obj, separators=(",", ":"), ensure_ascii=False))


@cache
def _script_source(name: str) -> str:
    """The script ``territory/web/js/<name>.js``: a parenthesised function, its whole-line comments dropped (they
    would travel on every step)."""
    text = resources.files("territory.web").joinpath("js", f"{name}.js").read_text(encoding="utf-8")
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//")).strip()


class _PackageScript(MacroElement):
    """A script of ``territory/web/js/`` run once its parent (the map, or a layer group) exists, called with the
    parent and ``args`` as compact, HTML-safe JSON. Data never becomes template text: it is only ever an argument."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this.source }}({{ this._parent.get_name() }}{% for arg in this.args %}, {{ arg }}{% endfor %});
        {% endmacro %}
    """)

    def __init__(self, name: str, *args: object):
        super().__init__()
        self._name = "Script"
        self.source = _script_source(name)
        self.args = [_compact_json(arg) for arg in args]


class _Raw(Element):
    """Markup inserted as it is. Branca renders an Element's text as a Jinja template, so data must never be
    passed as the template: it goes in ``this.markup`` and is output without evaluation."""

    _template = Template("{{ this.markup }}")

    def __init__(self, markup: str):
        super().__init__()
        self.markup = markup


def _neighbours_frame():

    gdf = country_outlines(NEIGHBOURS)[["iso3", "name", "geometry"]]
    gdf = gdf.clip(box(*WEB_CONTEXT_BOX))
    gdf["geometry"] = gdf.geometry.simplify(0.02)
    return gdf


@lru_cache(maxsize=1)
def neighbours_geojson() -> str:
    return _neighbours_frame().to_json(drop_id=True)


def base_map(show_tiles: bool = False, leaflet_prefix: str = LEAFLET_STATIC_PREFIX,
             height: str = "100%", lang: str = "en", neighbours_url: str | None = None) -> folium.Map:
    """The constant base map: neighbours for context, attribution, optional OpenStreetMap tiles.

    Without tiles (the default) the map needs no tile server. The neighbours are inlined, or fetched from
    ``neighbours_url`` when given (the app: st_folium re-sends the base map with every slider step).
    """
    fmap = folium.Map(location=CENTER, zoom_start=ZOOM, tiles=None, control_scale=True, zoom_snap=0.25,  # type: ignore[arg-type]
                      height=height, attribution_control=True)
    fmap.options.update(MAP_LIMITS)
    _fit_without_animation(fmap, UKRAINE_BOUNDS, CREDIT_ROOM_PX)  # the whole country at any width, a phone's too
    _use_local_leaflet(fmap, leaflet_prefix)
    _root(fmap).header.add_child(_Raw(
        "<style>.leaflet-control-attribution, .leaflet-control-scale-line { font-size: 11px !important; }"
        ".leaflet-control-attribution { max-width: calc(100% - 130px); white-space: normal; }"
        ".leaflet-tooltip { white-space: normal; width: 260px; font-size: 12px; }</style>"))
    if show_tiles:
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap", control=False).add_to(fmap)
    else:
        _root(fmap).header.add_child(_Raw(f"<style>.leaflet-container {{ background: {palette.SEA_COLOUR}; }}</style>"))
    neighbour_style = {"fillColor": palette.NEIGHBOUR_COLOUR, "color": palette.NEIGHBOUR_EDGE, "weight": 0.6,
                       "fillOpacity": 0.0 if show_tiles else 1.0}
    if neighbours_url:
        _PackageScript("fetched_neighbours", neighbours_url, neighbour_style).add_to(fmap)
    else:
        folium.GeoJson(neighbours_geojson(), name="neighbours", control=False,
                       style_function=lambda _f: neighbour_style, interactive=False).add_to(fmap)
    _PackageScript("attribution", gettext_for(lang)(ATTRIBUTION)).add_to(fmap)
    _zoom_titles(fmap, lang)
    return fmap


def app_base_map(show_tiles: bool = False, lang: str = "en") -> folium.Map:
    """The base map of the app's pages: the neighbours come from the static file of :func:`web_neighbours_file`."""
    return base_map(show_tiles=show_tiles, lang=lang, neighbours_url=web_static_url(web_neighbours_file()[0]))


#: Room kept free under the fitted country for the credit box in the bottom-right corner (pixels): on the
#: smaller maps its lines wrap and would cover southern Crimea and Sevastopol.
CREDIT_ROOM_PX = 44


def _fit_without_animation(fmap: folium.Map, bounds: list[list[float]], credit_room: int = 0) -> None:
    """Fit the map to ``bounds`` at once (an animated fit still running when the user first zooms would undo
    the user's zoom when it ends), keeping ``credit_room`` pixels free at the bottom for the credit box."""
    fmap.fit_bounds(bounds)
    fit = next(child for child in reversed(list(fmap._children.values())) if isinstance(child, folium.map.FitBounds))
    fit.options["animate"] = False
    if credit_room:
        fit.options["paddingBottomRight"] = [0, credit_room]


def fit_to(fmap: folium.Map, bounds: list[list[float]]) -> None:
    """Fit a base map (:func:`base_map`) to ``bounds`` instead of the whole country, at once (no animation)."""
    fit = next(child for child in reversed(list(fmap._children.values())) if isinstance(child, folium.map.FitBounds))
    fit.bounds = bounds


def _zoom_titles(fmap: folium.Map, lang: str) -> None:
    """Leaflet's own words in the interface language: the zoom buttons' tooltips and the scale bar (metric
    only, its units translated)."""
    if lang == "en":
        return
    _ = gettext_for(lang)
    fmap.options["zoomControl"] = False
    scale = bool(fmap.control_scale)
    fmap.control_scale = False
    _PackageScript("localised_controls", {"zoomInTitle": _("Zoom in"), "zoomOutTitle": _("Zoom out")},
                   {"m": _("m"), "km": _("km")}, scale).add_to(fmap)


def _tooltip_html(style: UnitStyle, previous_date: str, sources: dict[str, Source],
                  published: Sequence[PublishedFigure] = (), lang: str = "en") -> str:
    """Tooltip markup; every value is escaped. Published figures for the day are shown beside ours."""
    row = style.control
    e = html.escape
    _ = gettext_for(lang)
    lines = [f"<b>{e(unit_name(row.iso, lang))}</b> <span style='color:{palette.MUTED_TEXT}'>{e(row.iso)}</span>"]
    if row.pct is None:
        lines.append(e(_("No figure for this date")))
    else:
        lines.append(e(_("Under Russian control:")) + f" <b>{e(format_pct(row.pct, lang))}</b> "
                     f"({e(format_km2(row.km2, lang))})")
        rng = range_text(row, lang)
        if rng:
            lines.append(e(_("Range: {range}").format(range=rng)))
        change = format_change(style.change_pp,
                               None if style.change_pp is None else style.change_pp / 100 * row.area_km2, lang)
        lines.append(e(_("Change since {date}: {change}").format(date=previous_date, change=change)))
        publishers = [sources[s].short_publisher if s in sources else s for s in row.sources]
        lines.append(f"{e(term(row.kind or '', lang))} · " + e("; ".join(dict.fromkeys(publishers))))
    for figure in published:
        who = "; ".join(dict.fromkeys(sources[s].short_publisher if s in sources else s for s in figure.sources))
        lines.append("<i>" + e(_("{publishers} published {pct} for {date}").format(
            publishers=who, pct=format_pct(figure.pct, lang), date=date_label(figure.date, lang))) + "</i>")
    if not style.shown:
        filtered = _("Filtered out of the view")
        lines.append(f"<i>{e(filtered)}</i>")
    return "<br>".join(lines)


def _properties(iso: str, fill: str, tooltip: str, edge: str = palette.UNIT_EDGE, weight: float = 0.8,
                dashed: bool = False, opacity: float = 0.9) -> dict:
    """The properties every web-map feature carries: its style (read by ``_feature_style``) and tooltip."""
    return {"iso": iso, "fill": fill, "edge": edge, "weight": weight, "dash": "4 3" if dashed else None,
            "opacity": opacity, "tooltip": tooltip}


def control_geojson(snapshot: Snapshot, previous: Snapshot | None, view: ViewFilter,
                    demand: Demand | None, sources: dict[str, Source],
                    published: Mapping[str, Sequence[PublishedFigure]] | None = None, lang: str = "en") -> dict:
    """GeoJSON of the 27 units with fill, outline and escaped tooltip precomputed per feature; ``published``
    (by unit) adds what publishers printed for the day beside the derived figure. Text in ``lang``."""
    _ = gettext_for(lang)
    previous_date = date_label(previous.date, lang) if previous else _("the first snapshot")
    published = published or {}
    return unit_collection({
        s.control.iso: _properties(s.control.iso, s.fill,
                                   _tooltip_html(s, previous_date, sources, published.get(s.control.iso, ()), lang),
                                   s.edge, s.weight, s.dashed, 0.9 if s.shown else 0.55)
        for s in unit_styles(snapshot, previous, view, demand)}, digits=COORD_PRECISION)


def _digest_named(prefix: str, contents: bytes) -> tuple[str, bytes]:
    return f"{prefix}-{hashlib.blake2b(contents, digest_size=8).hexdigest()}.json", contents


@lru_cache(maxsize=1)
def web_units_file() -> tuple[str, bytes]:
    """The units' web geometry as one GeoJSON file for the browser: (file name, contents).

    Only each unit's ISO code is in its properties; the name carries a digest of the contents, so a browser
    never keeps an outdated copy. The app serves it from ./static (see :func:`units_layer`).
    """
    geoms = unit_geometries("web")
    features = unit_collection({iso: {"iso": iso} for iso in geoms["iso"]}, digits=COORD_PRECISION)
    return _digest_named("units", json.dumps(features, separators=(",", ":")).encode("utf-8"))


@lru_cache(maxsize=1)
def web_neighbours_file() -> tuple[str, bytes]:
    """The neighbouring countries of the base map (:func:`neighbours_geojson`) as a file: (file name, contents)."""
    gdf = _neighbours_frame()
    features = collection(feature({"iso3": iso3, "name": name}, geometry, COORD_PRECISION)
                          for iso3, name, geometry in zip(gdf["iso3"], gdf["name"], gdf.geometry, strict=True)
                          if not geometry.is_empty)
    return _digest_named("neighbours", json.dumps(features, separators=(",", ":")).encode("utf-8"))


def web_geometry_files() -> list[tuple[str, bytes]]:
    """Every geometry file the app's maps fetch (name, contents), to be written under :data:`UNITS_STATIC_DIR`."""
    return [web_units_file(), web_neighbours_file()]


def web_static_url(name: str) -> str:
    """Where the browser fetches a file of :func:`web_geometry_files` (under Streamlit's static serving)."""
    return f"{STATIC_PREFIX}/{UNITS_STATIC_DIR}/{name}"


def web_units_url() -> str:
    return web_static_url(web_units_file()[0])


def units_layer(features: dict, name: str = "control", url: str | None = None) -> folium.FeatureGroup:
    """The dated layer for the app: like :func:`control_layer`, but only each unit's style and tooltip are sent;
    the geometry is the static file at ``url`` (default :func:`web_units_url`), fetched once by the browser.

    ``features`` is a collection from this module (its features' properties carry ``iso``).
    """
    units = {f["properties"]["iso"]: f["properties"] for f in features["features"]}
    group = folium.FeatureGroup(name=name)
    _PackageScript("styled_units", url or web_units_url(), units, _feature_highlight({})).add_to(group)
    return group


def context_units(isos: Sequence[str], shown: str, lang: str = "en") -> dict:
    """The units other than ``shown``, grey, for :func:`units_layer` under a unit's raions or hromadas (the
    Places map): the rest of Ukraine reads as land, not sea; the tooltip names the unit."""
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": None, "properties": _properties(
            iso, palette.FILTERED_COLOUR, html.escape(unit_name(iso, lang)), weight=0.6, opacity=1.0)}
        for iso in isos if iso != shown]}


def _feature_style(feature: dict) -> dict:
    p = feature["properties"]
    return {"fillColor": p["fill"], "color": p["edge"], "weight": p["weight"], "dashArray": p["dash"],
            "fillOpacity": p["opacity"]}


def _feature_highlight(_feature: dict) -> dict:
    return {"weight": 3, "color": palette.HOVER_EDGE}


def control_layer(features: dict, name: str = "control") -> folium.FeatureGroup:
    """The dated layer: one GeoJson with precomputed styles and tooltips."""
    group = folium.FeatureGroup(name=name)
    folium.GeoJson(
        features, name=name, style_function=_feature_style, highlight_function=_feature_highlight,
        tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False, sticky=True),
    ).add_to(group)
    return group


def outline_layer(outline: dict) -> folium.FeatureGroup:
    """DeepState's occupied area (a dark edge) and grey zone (a dashed edge, a faint fill) drawn over the
    choropleth without hiding the units' colours; not interactive, so clicks and tooltips reach the units."""
    group = folium.FeatureGroup(name="outline")
    _PackageScript("outline", outline, OUTLINE_STYLES).add_to(group)
    return group


#: How each kind of outline feature is drawn (the style function only looks up).
OUTLINE_STYLES = {
    "occupied": {"color": palette.OCCUPIED_OUTLINE_COLOUR, "weight": 1.6, "fill": False},
    "grey": {"color": palette.GREY_ZONE_OUTLINE_COLOUR, "weight": 1.0, "dashArray": "3 3", "fill": True,
             "fillColor": palette.GREY_ZONE_OUTLINE_COLOUR, "fillOpacity": 0.18},
}


def _outline_style(feature: dict) -> dict:
    return OUTLINE_STYLES.get(str((feature.get("properties") or {}).get("kind")), OUTLINE_STYLES["occupied"])


def change_geojson(before: Snapshot, after: Snapshot, lang: str = "en") -> dict:
    """GeoJSON of the per-unit change between two snapshots, coloured on the diverging scale."""

    e = html.escape
    _ = gettext_for(lang)
    properties = {}
    for change in compare(before, after):
        tip = (f"<b>{e(unit_name(change.iso, lang))}</b><br>{e(date_label(before.date, lang))}: "
               f"{e(format_pct(change.before_pct, lang))}"
               f"<br>{e(date_label(after.date, lang))}: {e(format_pct(change.after_pct, lang))}"
               "<br>" + e(_("Change: {change}").format(change=format_change(change.change_pp, change.change_km2, lang))))
        properties[change.iso] = _properties(change.iso, palette.change_colour(change.change_pp), tip,
                                             dashed=change.change_pp is None)
    return unit_collection(properties, digits=COORD_PRECISION)


def _legend_swatch(item: palette.LegendItem) -> str:
    """A legend entry's swatch: a filled box, or for a line drawn over the map an empty box with that edge."""
    style = "dashed" if item.dashed else "solid"
    if item.line:
        return f"background:none;border:2px {style} {item.colour}"
    return f"background:{item.colour};border:1px {style} {palette.LEGEND_EDGE}"


def _legend_html(items: list[palette.LegendItem]) -> str:
    rows = "".join(
        f"<div><span style='display:inline-block;width:14px;height:10px;margin-right:6px;{_legend_swatch(item)}'>"
        f"</span>{html.escape(item.label)}</div>" for item in items)
    return f"<div class='territory-legend'>{rows}</div>"


def _title_box(title: str, subtitle: str, legend: list[palette.LegendItem], credit: str) -> str:
    """The on-screen box of an exported map: title, date line, legend and credit, every text escaped."""
    e = html.escape
    return (f"<div id='territory-title' style='position:absolute;top:10px;left:50px;z-index:1000;max-width:340px;"
            f"background:{palette.PANEL_BACKGROUND};opacity:0.95;padding:8px 10px;border:1px solid "
            f"{palette.LEGEND_FRAME};font:12px sans-serif;color:{palette.BODY_TEXT}'>"
            f"<div style='font-weight:bold;font-size:14px;color:{palette.TITLE_TEXT}'>{e(title)}</div>"
            f"<div style='margin:2px 0 6px'>{e(subtitle)}</div>{_legend_html(legend)}"
            f"<div style='margin-top:6px;font-size:11px;color:{palette.CAPTION_TEXT}'>{e(credit)}</div></div>")


def standalone_html(features: dict, title: str, subtitle: str = "", legend: list[palette.LegendItem] | None = None,
                    credit: str = "", lang: str = "en", outline: dict | None = None) -> str:
    """A self-contained HTML page of the map: Leaflet inlined, no network needed; the title, date line, legend
    and credit shown on the map when given, and DeepState's occupied area over the units when ``outline`` is."""
    fmap = base_map(leaflet_prefix="", lang=lang)
    fmap.default_js = []
    fmap.default_css = []
    assets = leaflet_assets()
    root = _root(fmap)
    root.header.add_child(_Raw(f"<title>{html.escape(title)}</title>"), index=0)
    root.header.add_child(_Raw(f"<meta http-equiv='content-language' content='{html.escape(lang)}'>"), index=0)
    root.header.add_child(_Raw("<style>" + assets["leaflet.css"].read_text(encoding="utf-8") + "</style>"), index=1)
    root.header.add_child(_Raw("<script>" + assets["leaflet.js"].read_text(encoding="utf-8") + "</script>"), index=2)
    if subtitle or legend or credit:
        root.html.add_child(_Raw(_title_box(title, subtitle, legend or [], credit)))
    control_layer(features).add_to(fmap)
    if outline:
        outline_layer(outline).add_to(fmap)
    return root.render()


def control_map_html(snapshot: Snapshot, previous: Snapshot | None, view: ViewFilter, demand: Demand | None,
                     sources: dict[str, Source], lang: str = "en", outline: dict | None = None) -> str:
    """The control map view as a self-contained HTML page with its title, date, legend and credit on screen, and
    DeepState's occupied area of the day when ``outline`` is given (as the app and the image exports draw it)."""

    styles = unit_styles(snapshot, previous, view, demand)
    total = national_total(snapshot)
    legend = palette.control_legend(lang)
    if any(not s.shown for s in styles):
        legend.append(palette.filtered_item(lang))
    if outline:
        legend += palette.outline_items(lang)
    _ = gettext_for(lang)
    subtitle = _("{pct} of Ukraine ({km2}) under Russian control; share of each unit's area. "
                                 "Snapshot of {date}.").format(
        pct=format_pct2(total.pct_of_ukraine, lang), km2=format_km2(total.controlled_km2, lang),
        date=date_label(snapshot.date, lang))
    if spring_2022_note(snapshot.date, lang):
        subtitle += " " + spring_2022_note(snapshot.date, lang)
    shown_sources = [src for s in styles if s.shown for src in s.control.sources]
    credit = f"{map_credit(publishers_text(sources, shown_sources), lang=lang)} {project_name(lang)}."
    features = control_geojson(snapshot, previous, view, demand, sources, lang=lang)
    return standalone_html(features, control_map_title(snapshot.date, lang), subtitle, legend, credit, lang, outline)


def features_size_bytes(features: dict) -> int:
    return len(json.dumps(features, separators=(",", ":")).encode("utf-8"))


EUROPE_BOUNDS = [[35.0, -12.0], [71.3, 42.0]]  # northern Norway included; east of the shipped outlines' 50° E edge


def nato_geojson(date, nato: dict | None = None, lang: str = "en") -> dict:
    """Countries of Europe coloured by NATO status on ``date`` (escaped tooltip per country)."""

    statuses = status_on(date, nato, lang)
    gdf = country_outlines()
    properties = {}
    for iso3, name in zip(gdf["iso3"], gdf["name"], strict=True):
        status = statuses.get(iso3)
        label = status.label if status else country_name(iso3, name, lang)
        properties[iso3] = _properties(
            iso3, status.colour if status else palette.OTHER_COUNTRY_COLOUR, html.escape(label),
            palette.COUNTRY_EDGE if status is None else palette.LISTED_COUNTRY_EDGE,
            2.5 if iso3 in PLEDGE_EXCLUDED else 0.6, opacity=0.95)
    return country_collection(properties, digits=COORD_PRECISION)


def europe_map(lang: str = "en") -> folium.Map:
    fmap = folium.Map(location=(52, 20), zoom_start=4, tiles=None, zoom_snap=0.25, attribution_control=True)
    fmap.options.update(EUROPE_LIMITS)
    _fit_without_animation(fmap, EUROPE_BOUNDS)
    _use_local_leaflet(fmap, LEAFLET_STATIC_PREFIX)
    _root(fmap).header.add_child(_Raw(
        f"<style>.leaflet-container {{ background: {palette.SEA_COLOUR}; }}"
        ".leaflet-control-attribution { font-size: 11px !important; }</style>"))
    _ = gettext_for(lang)
    _PackageScript("attribution", _("Boundaries: Natural Earth · NATO accession dates: NATO, EATA")).add_to(fmap)
    _zoom_titles(fmap, lang)
    return fmap


def scenario_geojson(outcome, lang: str = "en", shown: Collection[str] | None = None,
                     highlighted: Collection[str] = ()) -> dict:
    """GeoJSON of a peace plan's outcome per unit (zones in their own colour), escaped tooltips. Units outside
    ``shown`` (the filters' units; None: all) are greyed as filtered out, and the units in ``highlighted`` (a
    demand's) outlined, as on the control map."""
    _ = gettext_for(lang)
    properties = {}
    for u in outcome.units:
        kept = shown is None or u.iso in shown
        lines = _scenario_tooltip_lines(u, outcome.date, lang)
        if not kept:
            lines.append(f"<i>{html.escape(_('Filtered out of the view'))}</i>")
        fill = palette.scenario_colour(u.russian_pct, u.zone_pct) if kept else palette.FILTERED_COLOUR
        edge, weight = ((palette.HIGHLIGHT_EDGE, 3.0) if u.iso in highlighted
                        else palette.scenario_edge(u.zone_pct, u.rule.explicit))
        properties[u.iso] = _properties(u.iso, fill, "<br>".join(lines), edge, weight, dashed=not u.known,
                                        opacity=0.9 if kept else 0.55)
    return unit_collection(properties, digits=COORD_PRECISION)


def _scenario_tooltip_lines(u, date, lang: str) -> list[str]:
    """A unit's lines in a plan's tooltip: its rule, held and planned shares, land changing hands, the note."""
    e = html.escape
    _ = gettext_for(lang)
    rule = _("rule:")
    lines = [f"<b>{e(unit_name(u.iso, lang))}</b> · {e(rule)} <i>{e(rule_text(u.rule.rule, lang))}</i>",
             e(_("Held on {date}: {pct}").format(date=date_label(date, lang), pct=format_pct(u.held_pct, lang))),
             e(_("Under the plan: Russian {pct}").format(pct=format_pct(u.russian_pct, lang))
               + (_(", zone {pct}").format(pct=format_pct(u.zone_pct, lang)) if u.zone_pct else ""))]
    if u.ceded_km2 >= 1:
        lines.append(e(_("Ukraine would cede about {km2}").format(km2=format_km2(u.ceded_km2, lang))))
    if u.left_km2 >= 1:
        lines.append(e(_("Russia would leave about {km2}").format(km2=format_km2(u.left_km2, lang))))
    if u.rule.note:
        lines.append(f"<i>{e(data_text(u.rule, 'note', lang))}</i>")
    return lines


def outline_geojson(lang: str = "en") -> dict:
    """The 27 units in a neutral fill, to draw other layers over (e.g. an uploaded control area)."""
    geoms = unit_geometries("web")
    return unit_collection({iso: _properties(iso, palette.OUTLINE_FILL, html.escape(unit_name(iso, lang)), opacity=1.0)
                            for iso in geoms["iso"]}, digits=COORD_PRECISION)
