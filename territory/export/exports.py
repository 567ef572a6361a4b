"""One registry of exports: each format's MIME type, the file name of each kind of export (carrying the
view's filters, so different views never share a name) and the writer that makes its bytes.

The command line (``territory export``) and the app's download buttons both use it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence

# Each writer imports its renderer when called, deliberately: a CSV export never loads matplotlib or folium, and
# the app's download row is made without them.
from territory.base.formats import (  # noqa: F401  (the registry of formats, offered here with the writers)
    DEFAULT_WIDTH,
    FORMATS,
    IMAGE_FORMATS,
    IMAGE_LABELS,
    KIND_FORMATS,
    TABLE_FORMATS,
    WIDTHS,
    ExportError,
    ExportFormat,
    check_format,
    mime_type,
)
from territory.data.demands import Demand
from territory.data.snapshots import Snapshot
from territory.data.sources import Source
from territory.present.view import ViewFilter

#: More units than this are named by their count and a short digest, to keep file names short.
MAX_NAMED_UNITS = 4


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


def changes_file_name(start: dt.date, end: dt.date, by: str, count: str, fmt: str,
                      units: tuple[str, ...] | None = None, lang: str = "en") -> str:
    """``ukraine-changes-2025-10-31-to-2025-12-31-by-month-deepstate[-units-UA-14][-uk].png``."""
    return f"ukraine-changes-{start}-to-{end}-by-{by}-{count}{_units_part(units)}{_lang_part(lang)}.{fmt}"


def changes_bytes(fmt: str, rows: list, start: dt.date, end: dt.date, by: str, width: int | None = None,
                  lang: str = "en") -> bytes:
    """The chart of changes by period (PNG/SVG/PDF) or its table (CSV, headers in ``lang``)."""
    check_format(fmt, "changes")
    if fmt == "csv":
        from territory.export.export_data import rows_to_csv
        from territory.present.changes_view import table_rows

        return rows_to_csv(table_rows(rows, lang), lang)
    from territory.present.changes_render import render_changes_chart

    return render_changes_chart(rows, start, end, by, fmt, width or DEFAULT_WIDTH, lang)


def frame_file_name(kind: str, fmt: str, first: dt.date, last: dt.date) -> str:
    """``ukraine-control-series-2022-04-03-to-2026-08-21.parquet``, ``ukraine-control-daily-changes-….csv``."""
    what = {"series": "series", "flows": "daily-changes"}[kind]
    return f"ukraine-control-{what}-{first}-to-{last}.{fmt}"


def frame_bytes(kind: str, fmt: str) -> bytes:
    """The whole daily series (``series``) or its day-to-day changes (``flows``) as CSV or Parquet."""
    import io

    from territory.analysis.frames import flows_frame, series_frame

    check_format(fmt, kind)
    frame = series_frame() if kind == "series" else flows_frame()
    if fmt == "csv":
        return frame.to_csv(index=False, date_format="%Y-%m-%d").encode("utf-8")
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def nato_file_name(date: dt.date, fmt: str, lang: str = "en") -> str:
    return f"nato-members-{date}{_lang_part(lang)}.{fmt}"


# --- writers ------------------------------------------------------------------------------------------------

def table_bytes(rows: list[dict], fmt: str, lang: str = "en") -> bytes:
    """CSV (headers in ``lang``) or GeoJSON bytes of export rows (one per unit)."""
    from territory.export.export_data import rows_to_csv, rows_to_geojson

    return rows_to_csv(rows, lang) if fmt == "csv" else rows_to_geojson(rows)


def view_bytes(fmt: str, snapshot: Snapshot, previous: Snapshot | None, view: ViewFilter, demand: Demand | None,
               sources: dict[str, Source], width: int | None = None, lang: str = "en",
               outline: dict | None = None) -> bytes:
    """The control map view as an image (with DeepState's occupied area when ``outline`` is given), an
    interactive HTML page or its data."""
    from territory.export import export_data
    from territory.present import render
    from territory.web import webmap

    fmt = check_format(fmt, "view")
    if fmt in IMAGE_FORMATS:
        return render.render_control_map(snapshot, previous, view, demand, sources, fmt,
                                         width or DEFAULT_WIDTH, lang, outline)
    if fmt == "html":
        return webmap.control_map_html(snapshot, previous, view, demand, sources, lang, outline).encode("utf-8")
    return table_bytes(export_data.view_rows(snapshot, previous, view, demand, sources, lang), fmt, lang)


def comparison_bytes(fmt: str, before: Snapshot, after: Snapshot, sources: dict[str, Source],
                     width: int | None = None, lang: str = "en") -> bytes:
    from territory.export import export_data
    from territory.present import render

    fmt = check_format(fmt, "comparison")
    if fmt in IMAGE_FORMATS:
        return render.render_comparison(before, after, sources, fmt, width or DEFAULT_WIDTH, lang)
    return table_bytes(export_data.comparison_rows(before, after, sources, lang), fmt, lang)


def scenario_bytes(fmt: str, outcome, snapshot: Snapshot, sources: dict[str, Source],
                   width: int | None = None, lang: str = "en") -> bytes:
    from territory.export import export_data
    from territory.present import render

    fmt = check_format(fmt, "scenario")
    if fmt in IMAGE_FORMATS:
        return render.render_scenario(outcome, snapshot, sources, fmt, width or DEFAULT_WIDTH, lang)
    return table_bytes(export_data.scenario_rows(outcome, lang), fmt, lang)


def timelapse_bytes(snapshots: Sequence[Snapshot], sources: dict[str, Source], lang: str = "en") -> bytes:
    from territory.present import render

    return render.render_timelapse(snapshots, sources, lang=lang)


def nato_bytes(fmt: str, date: dt.date, nato: dict | None = None, width: int | None = None,
               lang: str = "en") -> bytes:
    from territory.export import export_data
    from territory.present import render

    fmt = check_format(fmt, "nato")
    if fmt in IMAGE_FORMATS:
        return render.render_nato_map(date, fmt, width or DEFAULT_WIDTH, nato, lang)
    return table_bytes(export_data.nato_rows(date, nato, lang), fmt, lang)



# --- raions, hromadas and settlements (issue 25) ---------------------------------------------------------------

def places_file_name(unit: str, level: str, day: dt.date, fmt: str, query: str = "", lang: str = "en") -> str:
    """``ukraine-hromadas-UA-14-2025-11-01[-pokrovsk][-uk].png``: the unit, the level, the day (and the settlement
    shown, by its GeoNames id)."""
    marked = f"-{query}" if query else ""
    return f"ukraine-{level}s-{unit}-{day}{marked}{_lang_part(lang)}.{fmt}"


def places_bytes(fmt: str, unit: str, level: str, day: dt.date, outline: dict | None = None,
                 marker: tuple[str, float, float] | None = None, width: int | None = None, lang: str = "en",
                 root=None) -> bytes:
    """An oblast's raions or hromadas on DeepState's map of ``day``: the map (PNG/SVG/PDF, with the occupied area
    when ``outline`` is given and a settlement's point for ``marker``) or the table (CSV), credits included."""
    from territory.data.subunit_series import summary_rows

    fmt = check_format(fmt, "places")
    rows = summary_rows(day, level, unit, root)
    if fmt in IMAGE_FORMATS:
        from territory.present.places_render import render_places_map

        return render_places_map(rows, level, unit, day, fmt, outline, marker, width or DEFAULT_WIDTH, lang)
    from territory.export.export_data import rows_to_csv
    from territory.present.places_view import export_rows

    return rows_to_csv(export_rows(rows, level, day, lang), lang)


def settlements_file_name(before: dt.date, after: dt.date, fmt: str = "csv", lang: str = "en") -> str:
    return f"ukraine-settlements-changed-{before}-to-{after}{_lang_part(lang)}.{fmt}"


def settlements_bytes(fmt: str, before: dt.date, after: dt.date, lang: str = "en", root=None) -> bytes:
    """The settlements whose status on DeepState's map differs between the maps of two days (CSV, credits in
    a column)."""
    from territory.data.settlements import changed_between
    from territory.export.export_data import rows_to_csv
    from territory.present.places_view import changed_rows

    check_format(fmt, "settlements")
    return rows_to_csv(changed_rows(changed_between(before, after, root), before, after, lang), lang)
