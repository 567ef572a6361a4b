"""Server-side map images: PNG, SVG and PDF of a view or a comparison, a timelapse GIF, the NATO map.

Drawn on a matplotlib ``Figure`` (never pyplot) in a Lambert azimuthal equal-area projection centred on
Ukraine (48.5° N, 31.5° E), so maps are north-up and areas are true. Colours come from ``palette``, the
same module the web map uses. Output is deterministic: SVG and PDF carry no dates and a fixed hash salt.
"""

from __future__ import annotations

import datetime as dt
import io
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache, wraps
from typing import cast

import matplotlib
import numpy as np
import shapely
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.path import Path as MplPath
from PIL import Image
from shapely.geometry import box

from territory.analysis.figures import compare, national_total
from territory.base import palette
from territory.base.crs import EQUAL_AREA_CRS
from territory.base.formats import DEFAULT_WIDTH, IMAGE_FORMATS, WIDTHS
from territory.base.i18n import N_, data_text, gettext_for, ngettext_for, term
from territory.base.text import (
    PROJECT,
    control_map_title,
    date_label,
    format_km2,
    format_number,
    format_pct2,
    map_credit,
    project_name,
    scenario_headline,
    spring_2022_note,
)
from territory.data.demands import Demand
from territory.data.geodata import country_outlines, load_units, projected_unit_geometries
from territory.data.nato import PLEDGE_EXCLUDED, country_name, member_count, nato_legend, status_on
from territory.data.snapshots import Snapshot
from territory.data.sources import Source, publishers_text
from territory.present.view import ViewFilter, unit_styles

#: matplotlib settings of every drawing, applied with ``rc_context`` (never to matplotlib's global settings).
STYLE = {
    "svg.hashsalt": "ukraine-control",  # deterministic SVG ids
    "svg.fonttype": "path",  # text as paths: renders anywhere, Cyrillic included
    "pdf.fonttype": 42,
    "font.family": "DejaVu Sans",  # ships with matplotlib; covers Latin and Cyrillic
}


def styled(draw: Callable) -> Callable:
    """Run ``draw`` with this module's matplotlib settings, restoring the caller's afterwards."""
    @wraps(draw)
    def run(*args, **kwargs):
        with matplotlib.rc_context(STYLE):
            return draw(*args, **kwargs)
    return run


DPI = 200
#: View window in the projection (metres): Ukraine with a margin, a little Black Sea and neighbours.
VIEW_BOX = (-820_000, -560_000, 760_000, 470_000)
NEIGHBOUR_LABELS = {"RUS": "RUSSIA", "BLR": "BELARUS", "POL": "POLAND", "ROU": "ROMANIA", "MDA": "MOLDOVA",
                    "HUN": "HUNGARY", "SVK": "SLOVAKIA"}
PROJECTION_NOTE = "Lambert azimuthal equal-area, centred 48.5° N 31.5° E"


#: Centres of the projections, as written on the maps.
UKRAINE_CENTRE = N_("48.5° N 31.5° E")
EUROPE_CENTRE = N_("52° N 15° E")


def _projection_note(lang: str, centre: str = UKRAINE_CENTRE) -> str:
    _ = gettext_for(lang)
    return _("Projection: Lambert azimuthal equal-area, centred {centre}.").format(centre=_(centre))


def _neighbour_label(iso3: str, lang: str) -> str:
    if lang == "en":
        return NEIGHBOUR_LABELS[iso3]

    return country_name(iso3, NEIGHBOUR_LABELS[iso3], lang).upper()
_METADATA = {
    "svg": {"Date": None, "Creator": PROJECT},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": PROJECT, "Producer": PROJECT},
    "png": {"Software": PROJECT},
}


class RenderError(ValueError):
    """A render request that cannot be met (unknown format or width)."""


# --- geometry, projected once ----------------------------------------------------------------------------

def _geometry_to_path(geometry) -> MplPath:
    verts, codes = [], []
    polygons = getattr(geometry, "geoms", [geometry])
    for polygon in polygons:
        if polygon.geom_type != "Polygon" or polygon.is_empty:
            continue
        for ring in [polygon.exterior, *polygon.interiors]:
            coords = np.asarray(ring.coords)[:, :2]
            verts.append(coords)
            codes.append([MplPath.MOVETO] + [MplPath.LINETO] * (len(coords) - 2) + [MplPath.CLOSEPOLY])
    if not verts:
        return MplPath(np.zeros((0, 2)))
    return MplPath(np.concatenate(verts), np.concatenate(codes))


@lru_cache(maxsize=1)
def unit_paths() -> dict[str, MplPath]:
    """Full-resolution unit outlines as matplotlib paths in the projection."""
    gdf = projected_unit_geometries()
    return {iso: _geometry_to_path(geom) for iso, geom in zip(gdf["iso"], gdf.geometry, strict=True)}


@lru_cache(maxsize=1)
def unit_label_points() -> dict[str, tuple[float, float]]:
    gdf = projected_unit_geometries()
    return {iso: (pt.x, pt.y) for iso, pt in zip(gdf["iso"], gdf.geometry.representative_point(), strict=True)}


@lru_cache(maxsize=2)
def context_paths(europe: bool = False) -> tuple[list[str], list[MplPath], dict[str, tuple[float, float]]]:
    """Country outlines (projected, clipped to the view) and label points."""
    gdf = country_outlines()
    if not europe:
        gdf = gdf[gdf["iso3"] != "UKR"]
    gdf = gdf.to_crs(EUROPE_CRS if europe else EQUAL_AREA_CRS)
    window = box(*(EUROPE_BOX if europe else VIEW_BOX)).buffer(50_000)
    codes, paths, points = [], [], {}
    for iso3, geom in zip(gdf["iso3"], gdf.geometry, strict=True):
        clipped = geom.intersection(window)
        if clipped.is_empty:
            continue
        codes.append(iso3)
        paths.append(_geometry_to_path(clipped))
        pt = clipped.representative_point()
        points[iso3] = (pt.x, pt.y)
    return codes, paths, points


# --- figure scaffolding -----------------------------------------------------------------------------------

@dataclass
class MapAxes:
    """A drawn map panel: the axes and the unit collection (for recolouring timelapse frames)."""

    ax: Axes
    units: PathCollection


def _canvas(fig: Figure) -> FigureCanvasAgg:
    """The figure's Agg canvas (every figure here is made with one: ``_new_figure``)."""
    return cast(FigureCanvasAgg, fig.canvas)


def _new_figure(width_px: int, aspect: float) -> Figure:
    width_in = width_px / DPI
    fig = Figure(figsize=(width_in, width_in * aspect), dpi=DPI, facecolor=palette.PANEL_BACKGROUND)
    FigureCanvasAgg(fig)
    return fig


def _map_panel(fig: Figure, rect: Sequence[float], fills: list[str], edges: list[str], widths: list[float],
               hatches: list[bool], isos: list[str], lang: str = "en") -> MapAxes:
    left, bottom, width, height = rect
    ax = fig.add_axes((left, bottom, width, height))
    ax.set_xlim(VIEW_BOX[0], VIEW_BOX[2])
    ax.set_ylim(VIEW_BOX[1], VIEW_BOX[3])
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.add_patch(matplotlib.patches.Rectangle((VIEW_BOX[0], VIEW_BOX[1]), VIEW_BOX[2] - VIEW_BOX[0],
                                              VIEW_BOX[3] - VIEW_BOX[1], facecolor=palette.SEA_COLOUR,
                                              edgecolor="none", zorder=0))
    codes, paths, points = context_paths()
    ax.add_collection(PathCollection(paths, facecolors=palette.NEIGHBOUR_COLOUR, edgecolors=palette.NEIGHBOUR_EDGE,
                                     linewidths=0.4, zorder=1))
    _neighbour_labels(fig, ax, points, lang)
    all_paths = unit_paths()
    collection = PathCollection([all_paths[i] for i in isos], facecolors=fills, edgecolors=edges,
                                linewidths=widths, zorder=3)
    ax.add_collection(collection)
    hatched = [all_paths[i] for i, h in zip(isos, hatches, strict=True) if h]
    if hatched:
        ax.add_collection(PathCollection(hatched, facecolors="none", edgecolors=palette.HATCH_EDGE, linewidths=0,
                                         hatch="////", zorder=4))
    return MapAxes(ax, collection)


#: Marks the neighbours' names among a panel's texts, so a legend placed later can leave out those it covers.
NEIGHBOUR_LABEL_GID = "neighbour-label"


def _neighbour_labels(fig: Figure, ax, points: dict[str, tuple[float, float]], lang: str = "en") -> None:
    """Neighbour names, each only where it fits whole: inside the panel and clear of Ukraine's units (which are
    drawn over it), so a name is shown in full or not at all, never clipped ("LOVAKIA", "MOLDO")."""
    renderer = _canvas(fig).get_renderer()
    panel = ax.get_window_extent(renderer)
    units = list(unit_paths().values())
    for iso3 in NEIGHBOUR_LABELS:
        if iso3 not in points:
            continue
        label = _neighbour_label(iso3, lang)
        x, y = points[iso3]
        text = ax.text(x, y, label, fontsize=5, color=palette.NEIGHBOUR_LABEL, ha="center", va="center", zorder=2,
                       gid=NEIGHBOUR_LABEL_GID)
        extent = text.get_window_extent(renderer)
        inside = panel.x0 <= extent.x0 and extent.x1 <= panel.x1 and panel.y0 <= extent.y0 and extent.y1 <= panel.y1
        on_data = extent.transformed(ax.transData.inverted())
        if not inside or any(path.intersects_bbox(on_data, filled=True) for path in units):
            text.remove()


def _legend(fig: Figure, ax, items: list[palette.LegendItem], title: str, loc: str = "lower left",
            below: bool = False, extra_handles: Sequence[Patch] = (), flush_right: bool = False) -> None:
    handles = [Patch(facecolor="none", edgecolor=i.colour, linewidth=1.2, label=i.label) if i.line else
               Patch(facecolor=i.colour, edgecolor=palette.LEGEND_EDGE, linewidth=0.4, hatch="////" if i.dashed else None,
                     label=i.label) for i in items] + list(extra_handles)
    extra = {"bbox_to_anchor": (1.0 if flush_right else 0.5, -0.01), "ncol": 3} if below else {}
    if below:  # under the panel; flush with its right edge when it is the last panel (not past the image's edge)
        loc = "upper right" if flush_right else "upper center"
    legend = ax.legend(handles=handles, title=title, loc=loc, fontsize=5,
                       title_fontsize=5.5, frameon=not below, framealpha=0.92, edgecolor=palette.LEGEND_FRAME, borderpad=0.6,
                       handlelength=1.4, **extra)
    legend.set_zorder(10)
    _clear_names_under(fig, ax, legend)


def _clear_names_under(fig: Figure, ax, legend) -> None:
    """Leave out the neighbours' names the legend covers (a name is shown whole or not at all)."""
    renderer = _canvas(fig).get_renderer()
    legend.draw(renderer)  # places the legend (the full drawing later starts from a clean canvas)
    box = legend.get_window_extent(renderer)
    for text in list(ax.texts):
        if text.get_gid() == NEIGHBOUR_LABEL_GID and text.get_window_extent(renderer).overlaps(box):
            text.remove()


def _labels(fig: Figure, ax, entries: list[tuple[str, str]]) -> None:
    """Unit labels at representative points, skipping any that would overlap one already placed."""
    points = unit_label_points()
    renderer = _canvas(fig).get_renderer()
    placed: list = []
    for iso, text in entries:
        x, y = points[iso]
        label = ax.text(x, y, text, fontsize=5, ha="center", va="center", zorder=6, color=palette.TITLE_TEXT,
                        bbox={"boxstyle": "round,pad=0.15", "facecolor": palette.PANEL_BACKGROUND, "alpha": 0.75,
                              "linewidth": 0})
        extent = label.get_window_extent(renderer).expanded(1.05, 1.1)
        if any(extent.overlaps(other) for other in placed):
            label.remove()
        else:
            placed.append(extent)


def _caption(fig: Figure, text: str, y: float = 0.012) -> None:
    fig.text(0.012, y, text, fontsize=4.6, color=palette.CAPTION_TEXT, ha="left", va="bottom", wrap=True)


@styled
def _save(fig: Figure, fmt: str) -> bytes:
    if fmt not in IMAGE_FORMATS:
        raise RenderError(f"unknown format {fmt!r}; choose one of {', '.join(IMAGE_FORMATS)}")
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=DPI, metadata=_METADATA[fmt])
    return buf.getvalue()


def _check_width(width_px: int) -> None:
    if width_px not in WIDTHS:
        raise RenderError(f"unknown width {width_px}; choose one of {', '.join(map(str, WIDTHS))}")


# --- the occupied-area outline ----------------------------------------------------------------------------

def _outline_paths(outline: dict) -> dict[str, MplPath]:
    """Paths (in the projection) of the outline's ``occupied`` and ``grey`` features."""
    from pyproj import Transformer
    from shapely.geometry import shape

    to_map = Transformer.from_crs("EPSG:4326", EQUAL_AREA_CRS, always_xy=True)
    paths = {}
    for feature in outline.get("features") or []:
        kind = (feature.get("properties") or {}).get("kind")
        if kind not in ("occupied", "grey") or not feature.get("geometry"):
            continue
        geometry = shapely.transform(shape(feature["geometry"]),
                                     lambda xy: np.column_stack(to_map.transform(xy[:, 0], xy[:, 1])))
        paths[kind] = _geometry_to_path(geometry)
    return paths


def draw_outline(ax, outline: dict, lang: str = "en") -> list[Patch]:
    """Draw DeepState's occupied area (a dark edge, no fill) and grey zone (a dotted hatch, no fill) over the
    units, so each unit's colour stays visible; return legend handles (labels in ``lang``) for what was drawn."""
    _ = gettext_for(lang)
    paths = _outline_paths(outline)
    handles = []
    if "grey" in paths:
        ax.add_collection(PathCollection([paths["grey"]], facecolors="none", edgecolors=palette.GREY_ZONE_OUTLINE_COLOUR,
                                         linewidths=0.3, hatch="....", zorder=5))
        handles.append(Patch(facecolor="none", edgecolor=palette.GREY_ZONE_OUTLINE_COLOUR, linewidth=0.3,
                             hatch="....", label=_("grey zone (DeepState)")))
    if "occupied" in paths:
        ax.add_collection(PathCollection([paths["occupied"]], facecolors="none",
                                         edgecolors=palette.OCCUPIED_OUTLINE_COLOUR, linewidths=0.7, zorder=5))
        handles.append(Patch(facecolor="none", edgecolor=palette.OCCUPIED_OUTLINE_COLOUR, linewidth=0.7,
                             label=_("occupied area (DeepState)")))
    return handles


# --- the control map --------------------------------------------------------------------------------------

@styled
def control_map_figure(snapshot: Snapshot, previous: Snapshot | None, view: ViewFilter, demand: Demand | None,
                       sources: dict[str, Source], width_px: int = DEFAULT_WIDTH, lang: str = "en",
                       outline: dict | None = None) -> tuple[Figure, MapAxes]:
    """The control map as a Figure (and its map axes, whose transform locates units in pixels).

    ``outline`` (from ``territory.data.outlines.outline_for``) draws DeepState's occupied area and grey zone over
    the units, credited in the caption.
    """
    _check_width(width_px)
    styles = unit_styles(snapshot, previous, view, demand)
    fig = _new_figure(width_px, 0.74)
    isos = [s.control.iso for s in styles]
    spring = spring_2022_note(snapshot.date, lang)
    panel = _map_panel(fig, (0.0, 0.07, 1.0, 0.765 if spring else 0.80), [s.fill for s in styles], [s.edge for s in styles],
                       [1.4 if s.highlighted else 0.35 for s in styles],
                       [s.control.pct is None for s in styles], isos, lang)
    total = national_total(snapshot)
    _ = gettext_for(lang)
    fig.text(0.012, 0.955, control_map_title(snapshot.date, lang), fontsize=9.5, weight="bold", va="top")
    subtitle = _("{pct} of Ukraine ({km2}) under Russian control · share of each unit's area").format(
        pct=format_pct2(total.pct_of_ukraine, lang), km2=format_km2(total.controlled_km2, lang))
    if not total.complete:
        ngettext = ngettext_for(lang)
        subtitle += " · " + ngettext("no figure for {n} unit", "no figure for {n} units",
                                               len(total.missing)).format(n=len(total.missing))
    if view.units is not None or view.min_share > 0:
        subtitle += " · " + _("grey: filtered out")
    if demand is not None:
        subtitle += " · " + _("purple outline: units of the selected demand")
    if spring:  # the map is a little lower to make room for it
        subtitle += "\n" + spring
    fig.text(0.012, 0.905, subtitle, fontsize=5.6, color=palette.BODY_TEXT, va="top", wrap=True)
    items = palette.control_legend(lang)
    if any(not s.shown for s in styles):
        items.append(palette.filtered_item(lang))
    outline_handles = draw_outline(panel.ax, outline, lang) if outline else []
    _legend(fig, panel.ax, items, _("Share under Russian control"), extra_handles=outline_handles)
    units = load_units()
    entries = []
    for s in sorted(styles, key=lambda s: -(s.control.pct or 0)):
        if s.shown and ((s.control.pct or 0) >= 0.5 or s.highlighted):
            name = units[s.control.iso].name_uk if lang == "uk" else s.control.name
            entries.append((s.control.iso, f"{name}\n{format_number(s.control.pct, 1, lang)} %"
                            if s.control.pct is not None else name))
    _labels(fig, panel.ax, entries)
    shown_sources = [src for s in styles if s.shown for src in s.control.sources]
    credit = ""
    if outline_handles:
        credit = _("Occupied area: DeepState map of {date} (deepstatemap.live).").format(
            date=outline.get("date", "")) + " "  # type: ignore[union-attr]
    _caption(fig, f"{map_credit(publishers_text(sources, shown_sources), lang=lang)} {credit}{_projection_note(lang)} "
                  f"{project_name(lang)}.")
    return fig, panel


def render_control_map(snapshot: Snapshot, previous: Snapshot | None, view: ViewFilter, demand: Demand | None,
                       sources: dict[str, Source], fmt: str = "png", width_px: int = DEFAULT_WIDTH,
                       lang: str = "en", outline: dict | None = None) -> bytes:
    """PNG, SVG or PDF bytes of the control map view (with DeepState's occupied area if ``outline`` is given)."""
    fig, _ = control_map_figure(snapshot, previous, view, demand, sources, width_px, lang, outline)
    return _save(fig, fmt)


def unit_pixel(fig: Figure, panel: MapAxes, iso: str) -> tuple[int, int]:
    """Pixel (column, row from the top) of a unit's representative point in the saved PNG."""
    x, y = panel.ax.transData.transform(unit_label_points()[iso])
    return int(round(x)), int(round(fig.bbox.height - y))


# --- comparison -------------------------------------------------------------------------------------------

@styled
def comparison_figure(before: Snapshot, after: Snapshot, sources: dict[str, Source],
                      width_px: int = DEFAULT_WIDTH, lang: str = "en") -> tuple[Figure, list[MapAxes]]:
    """Both dates side by side on one scale, and the change map (percentage points)."""
    _check_width(width_px)
    _ = gettext_for(lang)
    fig = _new_figure(width_px, 0.42)
    panels = []
    isos = list(load_units())
    for i, snapshot in enumerate((before, after)):
        fills = [palette.control_colour(snapshot.figures[iso].controlled_pct if iso in snapshot.figures else None)
                 for iso in isos]
        panel = _map_panel(fig, (0.005 + i * 0.333, 0.27, 0.323, 0.62), fills, [palette.UNIT_EDGE] * 27, [0.25] * 27,
                           [iso not in snapshot.figures for iso in isos], isos, lang)
        total = national_total(snapshot)
        panel.ax.set_title(f"{date_label(snapshot.date, lang)}: {format_pct2(total.pct_of_ukraine, lang)}",
                           fontsize=6.5, pad=2)
        panels.append(panel)
    changes = {c.iso: c for c in compare(before, after)}
    change_panel = _map_panel(fig, (0.671, 0.27, 0.323, 0.62), [palette.change_colour(changes[i].change_pp) for i in isos],
                              [palette.UNIT_EDGE] * 27, [0.25] * 27, [changes[i].change_pp is None for i in isos], isos,
                              lang)
    net = sum(c.change_km2 or 0 for c in changes.values())
    change_panel.ax.set_title(_("Change: {km2}").format(km2=format_km2(net, lang, signed=True)), fontsize=6.5, pad=2)
    panels.append(change_panel)
    _legend(fig, panels[0].ax, palette.control_legend(lang), _("Share under Russian control (both dates)"), below=True)
    _legend(fig, change_panel.ax, palette.change_legend(lang), _("Change in share (percentage points)"), below=True,
            flush_right=True)
    fig.text(0.012, 0.975, _("Russian control of Ukraine: {before} vs {after}").format(
        before=date_label(before.date, lang), after=date_label(after.date, lang)), fontsize=8.5, weight="bold", va="top")
    spring = spring_2022_note(before.date, lang) or spring_2022_note(after.date, lang)
    if spring:
        fig.text(0.012, 0.93, textwrap.fill(spring, 178), fontsize=4.4, color=palette.BODY_TEXT, va="top",
                 linespacing=1.0)
    ids = list(before.source_ids) + list(after.source_ids)
    _caption(fig, f"{map_credit(publishers_text(sources, ids), lang=lang)} {_projection_note(lang)} "
                  f"{project_name(lang)}.", y=0.01)
    return fig, panels


def render_comparison(before: Snapshot, after: Snapshot, sources: dict[str, Source], fmt: str = "png",
                      width_px: int = DEFAULT_WIDTH, lang: str = "en") -> bytes:
    fig, _ = comparison_figure(before, after, sources, width_px, lang)
    return _save(fig, fmt)


# --- timelapse --------------------------------------------------------------------------------------------

@styled
def render_timelapse(snapshots: Sequence[Snapshot], sources: dict[str, Source], width_px: int = 800,
                     frame_ms: int = 600, lang: str = "en") -> bytes:
    """Animated GIF, one frame per snapshot in date order, each labelled with its date and national share."""
    if not snapshots:
        raise RenderError("no snapshot in the chosen range")
    _ = gettext_for(lang)
    snapshots = sorted(snapshots, key=lambda s: s.date)
    isos = list(load_units())
    fig = _new_figure(width_px, 0.74)
    panel = _map_panel(fig, (0.0, 0.07, 1.0, 0.80), [palette.NO_FIGURE_COLOUR] * 27, [palette.UNIT_EDGE] * 27,
                       [0.3] * 27, [False] * 27, isos, lang)
    _legend(fig, panel.ax, palette.control_legend(lang), _("Share under Russian control"))
    fig.text(0.012, 0.955, _("Russian control of Ukraine by region"), fontsize=9.5, weight="bold", va="top")
    stamp = fig.text(0.012, 0.895, "", fontsize=8, va="top", color=palette.STAMP_TEXT, weight="bold")
    ids = [i for s in snapshots for i in s.source_ids]
    _caption(fig, f"{map_credit(publishers_text(sources, ids), lang=lang)} {project_name(lang)}.")
    frames = []
    for snapshot in snapshots:
        fills = [palette.control_colour(snapshot.figures[i].controlled_pct if i in snapshot.figures else None)
                 for i in isos]
        panel.units.set_facecolor(fills)
        total = national_total(snapshot)
        stamp.set_text(f"{snapshot.date.isoformat()}   " + _("{pct} of Ukraine").format(
            pct=format_pct2(total.pct_of_ukraine, lang)))
        fig.canvas.draw()
        rgba = np.asarray(_canvas(fig).buffer_rgba())
        frames.append(Image.fromarray(rgba[:, :, :3]).quantize(colors=128, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE))
    buf = io.BytesIO()
    frames[0].save(buf, format="GIF", save_all=True, append_images=frames[1:], duration=frame_ms,
                   loop=0, optimize=False, disposal=1)
    return buf.getvalue()


# --- Europe / NATO ----------------------------------------------------------------------------------------

EUROPE_CRS = "+proj=laea +lat_0=52 +lon_0=15 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs"
EUROPE_BOX = (-2_500_000, -1_800_000, 2_700_000, 1_850_000)


@styled
def render_nato_map(date: dt.date, fmt: str = "png", width_px: int = DEFAULT_WIDTH, nato: dict | None = None,
                    lang: str = "en") -> bytes:
    """Europe with NATO members by accession period as of ``date``; Ukraine, Georgia, Moldova marked.

    ``nato``: the loaded NATO table (a Dataset's); None reads the data root's.
    """

    _check_width(width_px)
    _ = gettext_for(lang)
    statuses = status_on(date, nato, lang)
    codes, paths, _points = context_paths(europe=True)
    fig = _new_figure(width_px, 0.80)
    ax = fig.add_axes((0, 0.04, 1, 0.84))
    ax.set_xlim(EUROPE_BOX[0], EUROPE_BOX[2])
    ax.set_ylim(EUROPE_BOX[1], EUROPE_BOX[3])
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_facecolor(palette.SEA_COLOUR)
    ax.add_patch(matplotlib.patches.Rectangle((EUROPE_BOX[0], EUROPE_BOX[1]), EUROPE_BOX[2] - EUROPE_BOX[0],
                                              EUROPE_BOX[3] - EUROPE_BOX[1], facecolor=palette.SEA_COLOUR,
                                              edgecolor="none", zorder=0))
    fills = [statuses[c].colour if c in statuses else palette.OTHER_COUNTRY_COLOUR for c in codes]
    widths = [1.2 if c in PLEDGE_EXCLUDED else 0.3 for c in codes]
    edges = [palette.NATO_PLEDGE_EDGE if c in PLEDGE_EXCLUDED else palette.COUNTRY_EDGE for c in codes]
    ax.add_collection(PathCollection(paths, facecolors=fills, edgecolors=edges, linewidths=widths, zorder=1))
    _legend(fig, ax, nato_legend(lang), _("NATO status"))
    fig.text(0.012, 0.965, _("NATO members on {date} ({count})").format(date=date_label(date, lang),
                                                                      count=member_count(date, nato)),
             fontsize=9.5, weight="bold", va="top")
    fig.text(0.012, 0.92, _("Orange: Ukraine, Georgia and Moldova, which a written non-enlargement pledge would "
                            "exclude (according to three Russian sources, as reported by Reuters, {date}).").format(
                                date=date_label(dt.date(2025, 5, 28), lang)),
             fontsize=5.4, va="top", color=palette.BODY_TEXT, wrap=True)
    accession = _("Accession dates")
    _caption(fig, f"{map_credit('NATO, EATA', accession, lang)} {_projection_note(lang, EUROPE_CENTRE)} "
                  f"{project_name(lang)}.")
    return _save(fig, fmt)


# --- peace-plan scenario ----------------------------------------------------------------------------------

@styled
def scenario_figure(outcome, snapshot: Snapshot, sources: dict[str, Source],
                    width_px: int = DEFAULT_WIDTH, lang: str = "en") -> tuple[Figure, list[MapAxes]]:
    """The snapshot and the plan's outcome side by side; units part of which become a zone edged in purple."""
    _check_width(width_px)
    _ = gettext_for(lang)
    scenario = outcome.scenario
    fig = _new_figure(width_px, 0.50)
    isos = list(load_units())
    now = [palette.control_colour(snapshot.figures[i].controlled_pct if i in snapshot.figures else None) for i in isos]
    by_iso = {u.iso: u for u in outcome.units}
    after = [palette.scenario_colour(by_iso[i].russian_pct, by_iso[i].zone_pct) for i in isos]
    left = _map_panel(fig, (0.005, 0.25, 0.49, 0.62), now, [palette.UNIT_EDGE] * 27, [0.3] * 27,
                      [i not in snapshot.figures for i in isos], isos, lang)
    zoned = [by_iso[i].zone_pct > 0 for i in isos]
    right = _map_panel(fig, (0.505, 0.25, 0.49, 0.62), after,
                       [palette.ZONE_COLOUR if z else palette.UNIT_EDGE for z in zoned],
                       [1.6 if z else 1.0 if by_iso[i].rule.explicit else 0.3 for i, z in zip(isos, zoned, strict=True)],
                       [not by_iso[i].known for i in isos], isos, lang)
    left.ax.set_title(_("Held on {date}: {pct}").format(date=date_label(snapshot.date, lang),
                                                        pct=format_pct2(national_total(snapshot).pct_of_ukraine, lang)),
                      fontsize=6.5, pad=2)
    right.ax.set_title(_("Under the plan: {pct} Russian-controlled").format(
        pct=format_pct2(outcome.russian_pct_of_ukraine, lang)), fontsize=6.5, pad=2)
    _legend(fig, right.ax, palette.scenario_legend(lang), _("Share under Russian control"), below=True)
    fig.text(0.012, 0.975, data_text(scenario, "title", lang), fontsize=9, weight="bold", va="top")
    fig.text(0.012, 0.925, f"{term(scenario.status, lang)}, {date_label(scenario.date, lang)}; "
                           f"{data_text(scenario, 'attribution', lang)}",
             fontsize=5.2, va="top", color=palette.BODY_TEXT, wrap=True)
    fig.text(0.012, 0.21, textwrap.fill(scenario_headline(outcome, lang) + " "
                                        + _("Unit-level rules simplify lines inside a unit."), 95),
             fontsize=5.4, va="top")
    ids = list(scenario.sources) + list(snapshot.source_ids)
    what = _("Figures and terms")
    _caption(fig, f"{map_credit(publishers_text(sources, ids), what, lang)} {_projection_note(lang)} "
                  f"{project_name(lang)}.")
    return fig, [left, right]


def render_scenario(outcome, snapshot: Snapshot, sources: dict[str, Source], fmt: str = "png",
                    width_px: int = DEFAULT_WIDTH, lang: str = "en") -> bytes:
    fig, _ = scenario_figure(outcome, snapshot, sources, width_px, lang)
    return _save(fig, fmt)
