"""Download buttons: the bytes are made only when clicked (``data`` is a callable, ``on_click="ignore"``),
so offering a download never slows a rerun."""

from __future__ import annotations

import streamlit as st

from app.data import AppData
from territory import export_data, render, webmap
from territory.demands import Demand
from territory.snapshots import Snapshot
from territory.view import ViewFilter

MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf", "gif": "image/gif",
        "csv": "text/csv", "geojson": "application/geo+json", "html": "text/html"}


def _image_options(key: str) -> tuple[str, int]:
    left, right = st.columns(2)
    fmt = left.selectbox("Image format", render.FORMATS, key=f"{key}_fmt", format_func=str.upper)
    width = right.selectbox("PNG width (px)", render.WIDTHS, index=render.WIDTHS.index(render.DEFAULT_WIDTH),
                            key=f"{key}_width", disabled=fmt != "png")
    return fmt, width


def control_map_buttons(snapshot: Snapshot, previous: Snapshot | None, view: ViewFilter, demand: Demand | None,
                        data: AppData) -> None:
    st.subheader("Download this view")
    stem = f"ukraine-control-{snapshot.date}"
    fmt, width = _image_options("dl_map")

    def rows():
        return export_data.view_rows(snapshot, previous, view, demand, data.sources)

    def image():
        return render.render_control_map(snapshot, previous, view, demand, data.sources, fmt, width)

    def html():
        features = webmap.control_geojson(snapshot, previous, view, demand, data.sources)
        return webmap.standalone_html(features, f"Russian control of Ukraine, {snapshot.date}").encode("utf-8")

    cols = st.columns(4)
    cols[0].download_button(f"Map ({fmt.upper()})", image, file_name=f"{stem}.{fmt}", mime=MIME[fmt],
                            on_click="ignore", key="dl_image", width="stretch", type="primary")
    cols[1].download_button("Interactive map (HTML)", html, file_name=f"{stem}.html", mime=MIME["html"],
                            on_click="ignore", key="dl_html", width="stretch")
    cols[2].download_button("Data (CSV)", lambda: export_data.rows_to_csv(rows()), file_name=f"{stem}.csv",
                            mime=MIME["csv"], on_click="ignore", key="dl_csv", width="stretch")
    cols[3].download_button("Data (GeoJSON)", lambda: export_data.rows_to_geojson(rows()),
                            file_name=f"{stem}.geojson", mime=MIME["geojson"], on_click="ignore",
                            key="dl_geojson", width="stretch")
    with st.expander("Timelapse (animated GIF)"):
        dates = data.dates
        first, last = st.select_slider("Range", options=dates, value=(dates[0], dates[-1]), key="dl_gif_range",
                                       format_func=lambda d: d.isoformat())
        chosen = [s for s in data.snapshots if first <= s.date <= last]
        st.download_button(f"Timelapse of {len(chosen)} snapshots (GIF)",
                           lambda: render.render_timelapse(chosen, data.sources),
                           file_name=f"ukraine-control-timelapse-{first}-to-{last}.gif", mime=MIME["gif"],
                           on_click="ignore", key="dl_gif", width="stretch")


def compare_buttons(before: Snapshot, after: Snapshot, data: AppData) -> None:
    st.subheader("Download this comparison")
    stem = f"ukraine-control-{before.date}-vs-{after.date}"
    fmt, width = _image_options("dl_cmp")
    rows = lambda: export_data.comparison_rows(before, after, data.sources)  # noqa: E731
    cols = st.columns(3)
    cols[0].download_button(f"Maps ({fmt.upper()})", lambda: render.render_comparison(before, after, data.sources,
                                                                                      fmt, width),
                            file_name=f"{stem}.{fmt}", mime=MIME[fmt], on_click="ignore", key="dl_cmp_image",
                            width="stretch", type="primary")
    cols[1].download_button("Data (CSV)", lambda: export_data.rows_to_csv(rows()), file_name=f"{stem}.csv",
                            mime=MIME["csv"], on_click="ignore", key="dl_cmp_csv", width="stretch")
    cols[2].download_button("Data (GeoJSON)", lambda: export_data.rows_to_geojson(rows()),
                            file_name=f"{stem}.geojson", mime=MIME["geojson"], on_click="ignore",
                            key="dl_cmp_geojson", width="stretch")


def nato_buttons(date) -> None:
    from territory.nato import status_on

    fmt, width = _image_options("dl_nato")
    rows = lambda: [{"iso3": s.iso3, "date": date.isoformat(), "status": s.category, "label": s.label}  # noqa: E731
                    for s in status_on(date).values()]
    cols = st.columns(2)
    cols[0].download_button(f"NATO map ({fmt.upper()})", lambda: render.render_nato_map(date, fmt, width),
                            file_name=f"nato-members-{date}.{fmt}", mime=MIME[fmt], on_click="ignore",
                            key="dl_nato_image", width="stretch")
    cols[1].download_button("Data (CSV)", lambda: export_data.rows_to_csv(rows()), file_name=f"nato-members-{date}.csv",
                            mime=MIME["csv"], on_click="ignore", key="dl_nato_csv", width="stretch")


def snapshot_buttons(snapshot: Snapshot, data: AppData) -> None:
    stem = f"ukraine-control-{snapshot.date}"
    rows = lambda: export_data.view_rows(snapshot, None, ViewFilter(), None, data.sources)  # noqa: E731
    cols = st.columns(2)
    cols[0].download_button("This snapshot (CSV)", lambda: export_data.rows_to_csv(rows()),
                            file_name=f"{stem}.csv", mime=MIME["csv"], on_click="ignore", key="dl_snap_csv",
                            width="stretch")
    cols[1].download_button("This snapshot (GeoJSON)", lambda: export_data.rows_to_geojson(rows()),
                            file_name=f"{stem}.geojson", mime=MIME["geojson"], on_click="ignore",
                            key="dl_snap_geojson", width="stretch")


def scenario_buttons(outcome, snapshot: Snapshot, data: AppData) -> None:
    fmt, width = _image_options("dl_scenario")
    stem = f"ukraine-scenario-{outcome.scenario.id}-{snapshot.date}"
    rows = lambda: export_data.scenario_rows(outcome)  # noqa: E731
    cols = st.columns(2)
    cols[0].download_button(f"Plan maps ({fmt.upper()})",
                            lambda: render.render_scenario(outcome, snapshot, data.sources, fmt, width),
                            file_name=f"{stem}.{fmt}", mime=MIME[fmt], on_click="ignore", key="dl_scenario_image",
                            width="stretch")
    cols[1].download_button("Data (CSV)", lambda: export_data.rows_to_csv(rows()), file_name=f"{stem}.csv",
                            mime=MIME["csv"], on_click="ignore", key="dl_scenario_csv", width="stretch")
