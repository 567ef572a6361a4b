"""The Places view as an image (PNG, SVG, PDF): an oblast's raions or hromadas coloured by their share inside
the occupied area on DeepState's map of a day, the occupied area and grey zone over them, a settlement's point
if one is shown, and the credits (OpenStreetMap's boundaries, DeepState's map, GeoNames' points) both drawn on
the image and written in the file's metadata.

Drawn with the control map's scaffolding (:mod:`territory.present.render`): the same projection, colours,
legend and deterministic output."""

from __future__ import annotations

import datetime as dt
import io
from functools import lru_cache

import matplotlib
import shapely
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from territory.base import palette
from territory.base.crs import EQUAL_AREA_CRS
from territory.base.formats import DEFAULT_WIDTH, IMAGE_FORMATS
from territory.base.i18n import gettext_for
from territory.base.text import PROJECT, date_label, format_km2, format_number, project_name
from territory.data.subunits import dissolve_raions, hromadas
from territory.data.units import unit_name
from territory.present import render
from territory.present.places_view import control_colour, credits, heading

#: The map panel's place in the figure (left, bottom, width, height) and the figure's height per width.
PANEL = (0.0, 0.08, 1.0, 0.78)
ASPECT = 0.8


@lru_cache(maxsize=32)
def _projected(level: str, unit: str) -> tuple[tuple[str, shapely.Geometry], ...]:
    """(code, geometry in the equal-area projection) of a unit's raions or hromadas (browser resolution)."""
    gdf = hromadas("web")
    gdf = gdf[gdf["unit"] == unit]
    if level == "raion":
        gdf = dissolve_raions(gdf)
    gdf = gdf.to_crs(EQUAL_AREA_CRS)
    return tuple(zip(gdf["code"], gdf.geometry, strict=True))


def _window(shapes, width: float, height: float) -> tuple[float, float, float, float]:
    """The shapes' bounds with a margin, widened to the panel's proportions."""
    x0, y0, x1, y1 = shapely.union_all([g for _c, g in shapes]).bounds
    margin = 0.06 * max(x1 - x0, y1 - y0)
    x0, y0, x1, y1 = x0 - margin, y0 - margin, x1 + margin, y1 + margin
    want = height / width
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    if (y1 - y0) / (x1 - x0) < want:
        half = (x1 - x0) * want / 2
        return x0, cy - half, x1, cy + half
    half = (y1 - y0) / want / 2
    return cx - half, y0, cx + half, y1


@lru_cache(maxsize=32)
def _context(unit: str, window: tuple[float, float, float, float]) -> tuple[list, list]:
    """The neighbours' and the other units' paths, cut to the window (a small file: nothing drawn unseen)."""
    from shapely.geometry import box

    from territory.data.geodata import country_outlines, projected_unit_geometries

    frame = box(*window).buffer(20_000)
    countries = country_outlines()
    countries = countries[countries["iso3"] != "UKR"].to_crs(EQUAL_AREA_CRS)
    units = projected_unit_geometries()
    units = units[units["iso"] != unit]
    cut = [[render._geometry_to_path(g.intersection(frame)) for g in gdf.geometry if g.intersects(frame)]
           for gdf in (countries, units)]
    return cut[0], cut[1]


def _point(latitude: float, longitude: float) -> tuple[float, float]:
    from pyproj import Transformer

    x, y = Transformer.from_crs("EPSG:4326", EQUAL_AREA_CRS, always_xy=True).transform(longitude, latitude)
    return float(x), float(y)


@render.styled
def places_figure(rows: list[dict], level: str, unit: str, day: dt.date, outline: dict | None = None,
                  marker: tuple[str, float, float] | None = None, width_px: int = DEFAULT_WIDTH,
                  lang: str = "en") -> Figure:
    """The figure of a places view; ``marker``: a settlement's (name, latitude, longitude)."""
    render._check_width(width_px)
    _ = gettext_for(lang)
    fig = render._new_figure(width_px, ASPECT)
    ax = fig.add_axes(PANEL)
    shapes = _projected(level, unit)
    x0, y0, x1, y1 = _window(shapes, PANEL[2] * width_px, PANEL[3] * width_px * ASPECT)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.add_patch(matplotlib.patches.Rectangle((x0, y0), x1 - x0, y1 - y0, facecolor=palette.SEA_COLOUR,
                                              edgecolor="none", zorder=0))
    neighbours, others = _context(unit, (x0, y0, x1, y1))
    ax.add_collection(PathCollection(neighbours, facecolors=palette.NEIGHBOUR_COLOUR,
                                     edgecolors=palette.NEIGHBOUR_EDGE, linewidths=0.4, zorder=1))
    ax.add_collection(PathCollection(others, facecolors=palette.FILTERED_COLOUR, edgecolors=palette.UNIT_EDGE,
                                     linewidths=0.4, zorder=2))
    by_code = {r["code"]: r for r in rows}
    drawn = [(code, geom) for code, geom in shapes if code in by_code]
    ax.add_collection(PathCollection([render._geometry_to_path(g) for _c, g in drawn],
                                     facecolors=[control_colour(by_code[c]["controlled_pct"]) for c, _g in drawn],
                                     edgecolors=palette.UNIT_EDGE, linewidths=0.3 if level == "hromada" else 0.5,
                                     zorder=3))
    handles: list = render.draw_outline(ax, outline, lang) if outline else []
    if marker is not None:
        name, latitude, longitude = marker
        x, y = _point(latitude, longitude)
        ax.plot([x], [y], marker="o", markersize=5, markerfacecolor=palette.OUTLINE_FILL,
                markeredgecolor=palette.HIGHLIGHT_EDGE, markeredgewidth=1.5, zorder=7)
        ax.annotate(name, (x, y), xytext=(5, 5), textcoords="offset points", fontsize=5.5, zorder=7,
                    color=palette.TITLE_TEXT, bbox={"boxstyle": "round,pad=0.15", "facecolor": palette.PANEL_BACKGROUND,
                                                    "alpha": 0.8, "linewidth": 0})
        handles.append(Line2D([], [], marker="o", linestyle="none", markerfacecolor=palette.OUTLINE_FILL,
                              markeredgecolor=palette.HIGHLIGHT_EDGE, label=_("settlement (GeoNames)")))
    if level == "raion":
        for code, geom in drawn:
            point = geom.representative_point()
            row = by_code[code]
            ax.text(point.x, point.y, f"{(row['name_uk'] if lang == 'uk' else row['name_en'])}\n"
                    f"{format_number(row['controlled_pct'], 1, lang)} %", fontsize=4.6, ha="center", va="center",
                    zorder=6, color=palette.TITLE_TEXT,
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": palette.PANEL_BACKGROUND, "alpha": 0.7,
                          "linewidth": 0})
    render._legend(fig, ax, palette.control_legend(lang), _("Share under Russian control"), extra_handles=handles)
    fig.text(0.012, 0.965, heading(level, unit_name(unit, lang), day, lang), fontsize=8, weight="bold", va="top",
             wrap=True)
    inside = sum(r["controlled_km2"] for r in rows)
    area = sum(r["area_km2"] for r in rows)
    share = 100 * inside / area if area else 0.0
    fig.text(0.012, 0.905, _("{pct} % of {unit} ({km2}) inside the occupied area on DeepState's map of {date}").format(
        pct=format_number(share, 2, lang), unit=unit_name(unit, lang), km2=format_km2(inside, lang),
        date=date_label(day, lang)), fontsize=5.6, color=palette.BODY_TEXT, va="top", wrap=True)
    occupied = ""
    if outline:
        occupied = _("Occupied area: DeepState map of {date} (deepstatemap.live).").format(
            date=outline.get("date", "")) + " "
    render._caption(fig, f"{credits(lang, settlements=marker is not None)} {occupied}"
                         f"{render._projection_note(lang)} {project_name(lang)}.")
    return fig


def file_credits(lang: str = "en", settlements: bool = False) -> str:
    """The credits written in the file's metadata (SVG ``dc:rights``, PDF ``Subject``, PNG ``Copyright``)."""
    return credits(lang, settlements)


@render.styled
def render_places_map(rows: list[dict], level: str, unit: str, day: dt.date, fmt: str = "png",
                      outline: dict | None = None, marker: tuple[str, float, float] | None = None,
                      width_px: int = DEFAULT_WIDTH, lang: str = "en") -> bytes:
    """PNG, SVG or PDF bytes of a places view, with its credits drawn and in the file's metadata."""
    if fmt not in IMAGE_FORMATS:
        raise render.RenderError(f"unknown format {fmt!r}; choose one of {', '.join(IMAGE_FORMATS)}")
    fig = places_figure(rows, level, unit, day, outline, marker, width_px, lang)
    rights = file_credits(lang, marker is not None)
    title = heading(level, unit_name(unit, lang), day, lang)
    metadata = {"svg": {"Date": None, "Creator": PROJECT, "Rights": rights, "Title": title},
                "pdf": {"CreationDate": None, "ModDate": None, "Creator": PROJECT, "Producer": PROJECT,
                        "Subject": rights, "Title": title},
                "png": {"Software": PROJECT, "Copyright": rights, "Title": title}}[fmt]
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=render.DPI, metadata=metadata)
    return buf.getvalue()
