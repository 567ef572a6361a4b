"""One registry of exports: each format's MIME type, the file name of each kind of export (carrying the
view's filters, so different views never share a name) and the writer that makes its bytes.

The command line (``territory export``) and the app's download buttons both use it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from .demands import Demand
from .snapshots import Snapshot
from .sources import Source
from .view import ViewFilter


@dataclass(frozen=True)
class ExportFormat:
    name: str
    mime: str
    description: str


FORMATS: dict[str, ExportFormat] = {f.name: f for f in (
    ExportFormat("png", "image/png", "PNG image"),
    ExportFormat("svg", "image/svg+xml", "SVG vector image"),
    ExportFormat("pdf", "application/pdf", "PDF document"),
    ExportFormat("gif", "image/gif", "animated GIF"),
    ExportFormat("html", "text/html", "interactive map (HTML)"),
    ExportFormat("csv", "text/csv", "data (CSV)"),
    ExportFormat("geojson", "application/geo+json", "data (GeoJSON)"),
)}
IMAGE_FORMATS = ("png", "svg", "pdf")
#: Image widths in pixels (PNG); here rather than in render.py so that offering them needs no matplotlib.
WIDTHS = (1200, 1600, 2400)
DEFAULT_WIDTH = 1600
TABLE_FORMATS = ("csv", "geojson")
#: The formats of each kind of export.
KIND_FORMATS: dict[str, tuple[str, ...]] = {
    "view": IMAGE_FORMATS + ("html",) + TABLE_FORMATS,
    "comparison": IMAGE_FORMATS + TABLE_FORMATS,
    "scenario": IMAGE_FORMATS + TABLE_FORMATS,
    "nato": IMAGE_FORMATS + ("csv",),
    "timelapse": ("gif",),
}
_KIND_WORDS = {"view": "", "comparison": " for a comparison", "scenario": " for a scenario",
               "nato": " for the NATO map", "timelapse": " for a timelapse"}
#: More units than this are named by their count and a short digest, to keep file names short.
MAX_NAMED_UNITS = 4


class ExportError(ValueError):
    """A request that names an unknown format (or another unknown value: see the command line)."""


def mime_type(fmt: str) -> str:
    return FORMATS[fmt].mime


def check_format(fmt: str, kind: str) -> str:
    """``fmt`` in lower case if ``kind`` can be exported in it; else ExportError naming the choices."""
    fmt = fmt.lower()
    allowed = KIND_FORMATS[kind]
    if fmt not in allowed:
        raise ExportError(f"unknown format {fmt!r}{_KIND_WORDS[kind]}; choose one of {', '.join(allowed)}")
    return fmt


# --- file names ---------------------------------------------------------------------------------------------

def _units_part(units: tuple[str, ...] | None) -> str:
    if units is None:
        return ""
    ordered = sorted(set(units))
    if len(ordered) <= MAX_NAMED_UNITS:
        return "-units-" + "-".join(ordered)
    digest = hashlib.blake2b(",".join(ordered).encode(), digest_size=4).hexdigest()
    return f"-{len(ordered)}-units-{digest}"


def view_file_name(date: dt.date, fmt: str, view: ViewFilter | None = None, lang: str = "en") -> str:
    """``ukraine-control-2025-05-28[-units-UA-09-UA-14][-min5][-demand-ID][-uk].png``."""
    view = view or ViewFilter()
    name = f"ukraine-control-{date}{_units_part(view.units)}"
    if view.min_share > 0:
        name += f"-min{view.min_share:g}"
    if view.demand_id:
        name += f"-demand-{view.demand_id}"
    return f"{name}{_lang_part(lang)}.{fmt}"


def _lang_part(lang: str) -> str:
    """``-uk`` for a Ukrainian export (English, the default, adds nothing), so the two never share a name."""
    return "" if lang == "en" else f"-{lang}"


def comparison_file_name(before: dt.date, after: dt.date, fmt: str, lang: str = "en") -> str:
    return f"ukraine-control-{before}-vs-{after}{_lang_part(lang)}.{fmt}"


def scenario_file_name(scenario_id: str, date: dt.date, fmt: str, lang: str = "en") -> str:
    return f"ukraine-scenario-{scenario_id}-{date}{_lang_part(lang)}.{fmt}"


#: Frames of a timelapse: every date, or the last date of each week or month (a daily series has ~1,500 dates).
TIMELAPSE_STEPS = {"week": "%G-%V", "month": "%Y-%m", "date": "%Y-%m-%d"}


def timelapse_frames(snapshots: Sequence[Snapshot], step: str) -> list[Snapshot]:
    """The last snapshot of each week or month (or every snapshot), in date order, the last one always kept."""
    key = TIMELAPSE_STEPS[step]
    last_of: dict[str, Snapshot] = {}
    for snapshot in snapshots:
        last_of[snapshot.date.strftime(key)] = snapshot
    return sorted(last_of.values(), key=lambda s: s.date)


def timelapse_file_name(first: dt.date, last: dt.date, step: str = "date", lang: str = "en") -> str:
    every = "" if step == "date" else f"-{step}ly"
    return f"ukraine-control-timelapse-{first}-to-{last}{every}{_lang_part(lang)}.gif"


def nato_file_name(date: dt.date, fmt: str, lang: str = "en") -> str:
    return f"nato-members-{date}{_lang_part(lang)}.{fmt}"


# --- writers ------------------------------------------------------------------------------------------------

def table_bytes(rows: list[dict], fmt: str, lang: str = "en") -> bytes:
    """CSV (headers in ``lang``) or GeoJSON bytes of export rows (one per unit)."""
    from .export_data import rows_to_csv, rows_to_geojson

    return rows_to_csv(rows, lang) if fmt == "csv" else rows_to_geojson(rows)


def view_bytes(fmt: str, snapshot: Snapshot, previous: Snapshot | None, view: ViewFilter, demand: Demand | None,
               sources: dict[str, Source], width: int | None = None, lang: str = "en",
               outline: dict | None = None) -> bytes:
    """The control map view as an image (with DeepState's occupied area when ``outline`` is given), an
    interactive HTML page or its data."""
    from . import export_data, render, webmap

    fmt = check_format(fmt, "view")
    if fmt in IMAGE_FORMATS:
        return render.render_control_map(snapshot, previous, view, demand, sources, fmt,
                                         width or DEFAULT_WIDTH, lang, outline)
    if fmt == "html":
        return webmap.control_map_html(snapshot, previous, view, demand, sources, lang, outline).encode("utf-8")
    return table_bytes(export_data.view_rows(snapshot, previous, view, demand, sources, lang), fmt, lang)


def comparison_bytes(fmt: str, before: Snapshot, after: Snapshot, sources: dict[str, Source],
                     width: int | None = None, lang: str = "en") -> bytes:
    from . import export_data, render

    fmt = check_format(fmt, "comparison")
    if fmt in IMAGE_FORMATS:
        return render.render_comparison(before, after, sources, fmt, width or DEFAULT_WIDTH, lang)
    return table_bytes(export_data.comparison_rows(before, after, sources, lang), fmt, lang)


def scenario_bytes(fmt: str, outcome, snapshot: Snapshot, sources: dict[str, Source],
                   width: int | None = None, lang: str = "en") -> bytes:
    from . import export_data, render

    fmt = check_format(fmt, "scenario")
    if fmt in IMAGE_FORMATS:
        return render.render_scenario(outcome, snapshot, sources, fmt, width or DEFAULT_WIDTH, lang)
    return table_bytes(export_data.scenario_rows(outcome, lang), fmt, lang)


def timelapse_bytes(snapshots: Sequence[Snapshot], sources: dict[str, Source], lang: str = "en") -> bytes:
    from . import render

    return render.render_timelapse(snapshots, sources, lang=lang)


def nato_bytes(fmt: str, date: dt.date, nato: dict | None = None, width: int | None = None,
               lang: str = "en") -> bytes:
    from . import export_data, render

    fmt = check_format(fmt, "nato")
    if fmt in IMAGE_FORMATS:
        return render.render_nato_map(date, fmt, width or DEFAULT_WIDTH, nato, lang)
    return table_bytes(export_data.nato_rows(date, nato, lang), fmt, lang)

