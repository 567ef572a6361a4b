"""Download buttons, all through the export registry (territory/export/exports.py) that the command line uses: the
same bytes, MIME types and file names (names carry the view's filters). The bytes are made only when clicked
(``data`` is a callable, ``on_click="ignore"``), so offering a download never slows a rerun."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

import streamlit as st

from app import keys, state
from app.data import AppData
from app.i18n import _, lang, ngettext
from territory.base.i18n import N_
from territory.data.demands import Demand
from territory.data.snapshots import Snapshot
from territory.export import exports
from territory.present.view import ViewFilter

#: The timelapse's frame steps, as the choice names them.
STEP_NAMES = {"week": N_("week"), "month": N_("month"), "date": N_("date")}


def _row():
    """A row of widgets sharing its width (one element with its children; columns would add one per column, and
    the browser's time per slider step grows with the number of elements: issue 14). It wraps on narrow screens."""
    return st.container(horizontal=True)


def _image_options(key: str) -> tuple[str, int]:
    row = _row()
    fmt = row.selectbox(_("Image format"), exports.IMAGE_FORMATS, key=f"{key}_fmt", format_func=str.upper)
    width = row.selectbox(_("PNG width (px)"), exports.WIDTHS, index=exports.WIDTHS.index(exports.DEFAULT_WIDTH),
                          key=f"{key}_width", disabled=fmt != "png")
    return fmt, width


def _button(row, label: str, make: Callable[[], bytes], file_name: str, key: str, primary: bool = False) -> None:
    fmt = file_name.rsplit(".", 1)[-1]
    row.download_button(label, make, file_name=file_name, mime=exports.mime_type(fmt), on_click="ignore",
                        key=key, width="stretch", type="primary" if primary else "secondary")


def kind_row(kind: str, key: str, make: Callable[[str, int], bytes], file_name: Callable[[str], str]) -> None:
    """The download row of one kind of export, made from the registry (``exports.KIND_FORMATS``): a choice of
    image format and width with one button for the image (if the kind has images), and a button for each other
    format. ``make(fmt, width)`` gives the bytes (only when clicked); ``file_name(fmt)`` the file's name."""
    formats = exports.KIND_FORMATS[kind]
    image = None
    width = exports.DEFAULT_WIDTH
    if any(fmt in exports.IMAGE_FORMATS for fmt in formats):
        image, width = _image_options(key)
    row = _row()
    shown = ([image] if image else []) + [fmt for fmt in formats if fmt not in exports.IMAGE_FORMATS]
    for fmt in shown:
        if fmt == image:
            label, suffix = _(exports.IMAGE_LABELS[kind]).format(format=fmt.upper()), "image"
        else:
            label, suffix = _(exports.FORMATS[fmt].label), fmt
        _button(row, label, partial(make, fmt, width), file_name(fmt), f"{key}_{suffix}",
                primary=fmt == image)


def control_map_buttons(snapshot: Snapshot, previous: Snapshot | None, view: ViewFilter, demand: Demand | None,
                        data: AppData, outline: dict | None = None) -> None:
    """The control map's downloads (shown in the map page's tab named "Download this view")."""
    language = lang()
    kind_row("view", "dl_map",
             lambda fmt, width: exports.view_bytes(fmt, snapshot, previous, view, demand, data.sources, width,
                                                   language, outline=outline),
             lambda fmt: exports.view_file_name(snapshot.date, fmt, view, language))
    # lazy: its widgets (a slider over every date) and its frames are made only while it is open, not on every
    # step of the map's date, which it does not depend on
    timelapse = st.expander(_("Timelapse (animated GIF)"), key=keys.DL_GIF_OPEN, on_change="rerun")
    if not timelapse.open:
        return
    with timelapse:
        dates = data.dates
        first, last = st.select_slider(_("Range"), options=dates, value=(dates[0], dates[-1]), key=keys.DL_GIF_RANGE,
                                       format_func=lambda d: d.isoformat(), persist_state=state.KEEP)
        step = st.radio(_("One frame per"), list(exports.TIMELAPSE_STEPS), horizontal=True, key=keys.DL_GIF_STEP,
                        index=1, format_func=lambda s: _(STEP_NAMES[s]), persist_state=state.KEEP)
        chosen = exports.timelapse_frames([s for s in data.snapshots if first <= s.date <= last], step)
        _button(st, ngettext("Timelapse of {n} date (GIF)", "Timelapse of {n} dates (GIF)", len(chosen)).format(
                    n=len(chosen)), lambda: exports.timelapse_bytes(chosen, data.sources, language),
                exports.timelapse_file_name(first, last, step, language), "dl_gif")


def compare_buttons(before: Snapshot, after: Snapshot, data: AppData) -> None:
    st.subheader(_("Download this comparison"))
    language = lang()
    kind_row("comparison", "dl_cmp",
             lambda fmt, width: exports.comparison_bytes(fmt, before, after, data.sources, width, language),
             lambda fmt: exports.comparison_file_name(before.date, after.date, fmt, language))


def changes_buttons(rows: list, start: dt.date, end: dt.date, by: str, count: str,
                    units: tuple[str, ...] | None) -> None:
    """The Changes page's downloads: the chart as an image (Ukraine's, or the one unit shown) and the table."""
    language = lang()
    kind_row("changes", "dl_changes",
             lambda fmt, width: exports.changes_bytes(fmt, rows, start, end, by, width, language),
             lambda fmt: exports.changes_file_name(start, end, by, count, fmt, units, language))


def series_buttons(data: AppData) -> None:
    """Every day of the series (one row per unit and day) and every day's changes, as CSV and Parquet."""
    series_days = [s.date for s in data.snapshots if s.path.startswith("series")]
    if not series_days:
        return
    first, last = series_days[0], series_days[-1]
    st.markdown(_("Every day of the daily series, one row per unit and day (share, range, km², the DeepState map "
                  "file it comes from), and every day's changes (km² that came under and left Russian control, per "
                  "unit on land and for DeepState's polygon as it counts it). Estimates computed by this project "
                  "from DeepState's maps; credit DeepState. In Python: `territory.analysis.frames.series_frame()`."))
    # the changes start on the series' second day: its first has no day before it
    for kind, label, since in (("series", _("Daily series"), first), ("flows", _("Daily changes"), series_days[1])):
        row = _row()
        for fmt in exports.KIND_FORMATS[kind]:
            _button(row, f"{label} ({exports.FORMATS[fmt].name_shown})", partial(exports.frame_bytes, kind, fmt),
                    exports.frame_file_name(kind, fmt, since, last), f"dl_{kind}_{fmt}")


def nato_buttons(date: dt.date, data: AppData) -> None:
    language = lang()
    kind_row("nato", "dl_nato", lambda fmt, width: exports.nato_bytes(fmt, date, data.nato or None, width, language),
             lambda fmt: exports.nato_file_name(date, fmt, language))


def snapshot_buttons(snapshot: Snapshot, data: AppData) -> None:
    language = lang()
    row = _row()
    for kind, label, key in (("csv", _("This date (CSV)"), "dl_snap_csv"),
                             ("geojson", _("This date (GeoJSON)"), "dl_snap_geojson")):
        _button(row, label,
                partial(exports.view_bytes, kind, snapshot, None, ViewFilter(), None, data.sources, lang=language),
                exports.view_file_name(snapshot.date, kind, lang=language), key)


def scenario_buttons(outcome, snapshot: Snapshot, data: AppData) -> None:
    language = lang()
    kind_row("scenario", "dl_scenario",
             lambda fmt, width: exports.scenario_bytes(fmt, outcome, snapshot, data.sources, width, language),
             lambda fmt: exports.scenario_file_name(outcome.scenario.id, snapshot.date, fmt, language))


def places_buttons(unit: str, level: str, day: dt.date, outline: dict | None,
                   marker: tuple[str, float, float] | None = None, marker_id: str = "") -> None:
    """The Places page's downloads: its map (with the occupied area and the settlement shown) and its table."""
    language = lang()
    kind_row("places", "dl_places",
             lambda fmt, width: exports.places_bytes(fmt, unit, level, day, outline, marker, width, language),
             lambda fmt: exports.places_file_name(unit, level, day, fmt, marker_id if fmt != "csv" else "",
                                                  language))


def settlements_buttons(before: dt.date, after: dt.date) -> None:
    """The settlements that changed hands between the compared dates (the Compare page)."""
    language = lang()
    row = _row()
    for fmt in exports.KIND_FORMATS["settlements"]:  # its own label: the comparison's "Data (CSV)" is above it
        _button(row, _("Settlements whose status changed ({format})").format(format=exports.FORMATS[fmt].name_shown),
                partial(exports.settlements_bytes, fmt, before, after, language),
                exports.settlements_file_name(before, after, fmt, language), f"dl_settlements_{fmt}")
