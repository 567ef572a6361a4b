"""Download buttons, all through the export registry (territory/exports.py) that the command line uses: the
same bytes, MIME types and file names (names carry the view's filters). The bytes are made only when clicked
(``data`` is a callable, ``on_click="ignore"``), so offering a download never slows a rerun."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import streamlit as st

from app.data import AppData
from territory import exports, render
from territory.demands import Demand
from territory.snapshots import Snapshot
from territory.view import ViewFilter


def _image_options(key: str) -> tuple[str, int]:
    left, right = st.columns(2)
    fmt = left.selectbox("Image format", exports.IMAGE_FORMATS, key=f"{key}_fmt", format_func=str.upper)
    width = right.selectbox("PNG width (px)", render.WIDTHS, index=render.WIDTHS.index(render.DEFAULT_WIDTH),
                            key=f"{key}_width", disabled=fmt != "png")
    return fmt, width


def _button(column, label: str, make: Callable[[], bytes], file_name: str, key: str, primary: bool = False) -> None:
    fmt = file_name.rsplit(".", 1)[-1]
    column.download_button(label, make, file_name=file_name, mime=exports.mime_type(fmt), on_click="ignore",
                           key=key, width="stretch", type="primary" if primary else "secondary")


def control_map_buttons(snapshot: Snapshot, previous: Snapshot | None, view: ViewFilter, demand: Demand | None,
                        data: AppData) -> None:
    st.subheader("Download this view")
    fmt, width = _image_options("dl_map")

    def make(kind: str) -> Callable[[], bytes]:
        return lambda: exports.view_bytes(kind, snapshot, previous, view, demand, data.sources, width)

    cols = st.columns(4)
    labels = ((fmt, f"Map ({fmt.upper()})", "dl_image"), ("html", "Interactive map (HTML)", "dl_html"),
              ("csv", "Data (CSV)", "dl_csv"), ("geojson", "Data (GeoJSON)", "dl_geojson"))
    for col, (kind, label, key) in zip(cols, labels, strict=True):
        _button(col, label, make(kind), exports.view_file_name(snapshot.date, kind, view), key, primary=kind == fmt)
    with st.expander("Timelapse (animated GIF)"):
        dates = data.dates
        first, last = st.select_slider("Range", options=dates, value=(dates[0], dates[-1]), key="dl_gif_range",
                                       format_func=lambda d: d.isoformat())
        chosen = [s for s in data.snapshots if first <= s.date <= last]
        _button(st, f"Timelapse of {len(chosen)} dates (GIF)", lambda: exports.timelapse_bytes(chosen, data.sources),
                exports.timelapse_file_name(first, last), "dl_gif")


def compare_buttons(before: Snapshot, after: Snapshot, data: AppData) -> None:
    st.subheader("Download this comparison")
    fmt, width = _image_options("dl_cmp")
    cols = st.columns(3)
    for col, kind, label, key in ((cols[0], fmt, f"Maps ({fmt.upper()})", "dl_cmp_image"),
                                  (cols[1], "csv", "Data (CSV)", "dl_cmp_csv"),
                                  (cols[2], "geojson", "Data (GeoJSON)", "dl_cmp_geojson")):
        _button(col, label, lambda kind=kind: exports.comparison_bytes(kind, before, after, data.sources, width),
                exports.comparison_file_name(before.date, after.date, kind), key, primary=kind == fmt)


def nato_buttons(date: dt.date, data: AppData) -> None:
    fmt, width = _image_options("dl_nato")
    cols = st.columns(2)
    for col, kind, label, key in ((cols[0], fmt, f"NATO map ({fmt.upper()})", "dl_nato_image"),
                                  (cols[1], "csv", "Data (CSV)", "dl_nato_csv")):
        _button(col, label, lambda kind=kind: exports.nato_bytes(kind, date, data.nato or None, width),
                exports.nato_file_name(date, kind), key)


def snapshot_buttons(snapshot: Snapshot, data: AppData) -> None:
    cols = st.columns(2)
    for col, kind, label, key in ((cols[0], "csv", "This date (CSV)", "dl_snap_csv"),
                                  (cols[1], "geojson", "This date (GeoJSON)", "dl_snap_geojson")):
        _button(col, label,
                lambda kind=kind: exports.view_bytes(kind, snapshot, None, ViewFilter(), None, data.sources),
                exports.view_file_name(snapshot.date, kind), key)


def scenario_buttons(outcome, snapshot: Snapshot, data: AppData) -> None:
    fmt, width = _image_options("dl_scenario")
    cols = st.columns(2)
    for col, kind, label, key in ((cols[0], fmt, f"Plan maps ({fmt.upper()})", "dl_scenario_image"),
                                  (cols[1], "csv", "Data (CSV)", "dl_scenario_csv")):
        _button(col, label, lambda kind=kind: exports.scenario_bytes(kind, outcome, snapshot, data.sources, width),
                exports.scenario_file_name(outcome.scenario.id, snapshot.date, kind), key)
