"""Download buttons: the bytes are made only when clicked (``data`` is a callable, ``on_click="ignore"``),
so offering a download never slows a rerun."""

from __future__ import annotations

import streamlit as st

from app.data import AppData
from app.i18n import _, lang, ngettext
from territory import export_data, render, webmap
from territory.demands import Demand
from territory.snapshots import Snapshot
from territory.view import ViewFilter

MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf", "gif": "image/gif",
        "csv": "text/csv", "geojson": "application/geo+json", "html": "text/html"}


def _image_options(key: str) -> tuple[str, int]:
    left, right = st.columns(2)
    fmt = left.selectbox(_("Image format"), render.FORMATS, key=f"{key}_fmt", format_func=str.upper)
    width = right.selectbox(_("PNG width (px)"), render.WIDTHS, index=render.WIDTHS.index(render.DEFAULT_WIDTH),
                            key=f"{key}_width", disabled=fmt != "png")
    return fmt, width


def control_map_buttons(snapshot: Snapshot, previous: Snapshot | None, view: ViewFilter, demand: Demand | None,
                        data: AppData) -> None:
    st.subheader(_("Download this view"))
    language = lang()
    stem = f"ukraine-control-{snapshot.date}"
    fmt, width = _image_options("dl_map")

    def rows():
        return export_data.view_rows(snapshot, previous, view, demand, data.sources, language)

    def image():
        return render.render_control_map(snapshot, previous, view, demand, data.sources, fmt, width, language)

    def html():
        return webmap.control_map_html(snapshot, previous, view, demand, data.sources, language).encode("utf-8")

    cols = st.columns(4)
    cols[0].download_button(_("Map ({format})").format(format=fmt.upper()), image, file_name=f"{stem}.{fmt}", mime=MIME[fmt],
                            on_click="ignore", key="dl_image", width="stretch", type="primary")
    cols[1].download_button(_("Interactive map (HTML)"), html, file_name=f"{stem}.html", mime=MIME["html"],
                            on_click="ignore", key="dl_html", width="stretch")
    cols[2].download_button(_("Data (CSV)"), lambda: export_data.rows_to_csv(rows(), language), file_name=f"{stem}.csv",
                            mime=MIME["csv"], on_click="ignore", key="dl_csv", width="stretch")
    cols[3].download_button(_("Data (GeoJSON)"), lambda: export_data.rows_to_geojson(rows()),
                            file_name=f"{stem}.geojson", mime=MIME["geojson"], on_click="ignore",
                            key="dl_geojson", width="stretch")
    with st.expander(_("Timelapse (animated GIF)")):
        dates = data.dates
        first, last = st.select_slider(_("Range"), options=dates, value=(dates[0], dates[-1]), key="dl_gif_range",
                                       format_func=lambda d: d.isoformat())
        chosen = [s for s in data.snapshots if first <= s.date <= last]
        st.download_button(ngettext("Timelapse of {n} snapshot (GIF)", "Timelapse of {n} snapshots (GIF)",
                                    len(chosen)).format(n=len(chosen)),
                           lambda: render.render_timelapse(chosen, data.sources, lang=language),
                           file_name=f"ukraine-control-timelapse-{first}-to-{last}.gif", mime=MIME["gif"],
                           on_click="ignore", key="dl_gif", width="stretch")


def compare_buttons(before: Snapshot, after: Snapshot, data: AppData) -> None:
    st.subheader(_("Download this comparison"))
    language = lang()
    stem = f"ukraine-control-{before.date}-vs-{after.date}"
    fmt, width = _image_options("dl_cmp")
    rows = lambda: export_data.comparison_rows(before, after, data.sources, language)  # noqa: E731
    cols = st.columns(3)
    cols[0].download_button(_("Maps ({format})").format(format=fmt.upper()),
                            lambda: render.render_comparison(before, after, data.sources, fmt, width, language),
                            file_name=f"{stem}.{fmt}", mime=MIME[fmt], on_click="ignore", key="dl_cmp_image",
                            width="stretch", type="primary")
    cols[1].download_button(_("Data (CSV)"), lambda: export_data.rows_to_csv(rows(), language),
                            file_name=f"{stem}.csv", mime=MIME["csv"], on_click="ignore", key="dl_cmp_csv",
                            width="stretch")
    cols[2].download_button(_("Data (GeoJSON)"), lambda: export_data.rows_to_geojson(rows()),
                            file_name=f"{stem}.geojson", mime=MIME["geojson"], on_click="ignore",
                            key="dl_cmp_geojson", width="stretch")


def nato_buttons(date) -> None:
    from territory.nato import status_on

    fmt, width = _image_options("dl_nato")
    language = lang()
    rows = lambda: [{"iso3": s.iso3, "date": date.isoformat(), "status": s.category, "label": s.label}  # noqa: E731
                    for s in status_on(date, lang=language).values()]
    cols = st.columns(2)
    cols[0].download_button(_("NATO map ({format})").format(format=fmt.upper()),
                            lambda: render.render_nato_map(date, fmt, width, lang=language),
                            file_name=f"nato-members-{date}.{fmt}", mime=MIME[fmt], on_click="ignore",
                            key="dl_nato_image", width="stretch")
    cols[1].download_button(_("Data (CSV)"), lambda: export_data.rows_to_csv(rows(), language),
                            file_name=f"nato-members-{date}.csv",
                            mime=MIME["csv"], on_click="ignore", key="dl_nato_csv", width="stretch")


def snapshot_buttons(snapshot: Snapshot, data: AppData) -> None:
    stem = f"ukraine-control-{snapshot.date}"
    language = lang()
    rows = lambda: export_data.view_rows(snapshot, None, ViewFilter(), None, data.sources, language)  # noqa: E731
    cols = st.columns(2)
    cols[0].download_button(_("This snapshot (CSV)"), lambda: export_data.rows_to_csv(rows(), language),
                            file_name=f"{stem}.csv", mime=MIME["csv"], on_click="ignore", key="dl_snap_csv",
                            width="stretch")
    cols[1].download_button(_("This snapshot (GeoJSON)"), lambda: export_data.rows_to_geojson(rows()),
                            file_name=f"{stem}.geojson", mime=MIME["geojson"], on_click="ignore",
                            key="dl_snap_geojson", width="stretch")


def scenario_buttons(outcome, snapshot: Snapshot, data: AppData) -> None:
    fmt, width = _image_options("dl_scenario")
    language = lang()
    stem = f"ukraine-scenario-{outcome.scenario.id}-{snapshot.date}"
    rows = lambda: export_data.scenario_rows(outcome, language)  # noqa: E731
    cols = st.columns(2)
    cols[0].download_button(_("Plan maps ({format})").format(format=fmt.upper()),
                            lambda: render.render_scenario(outcome, snapshot, data.sources, fmt, width, language),
                            file_name=f"{stem}.{fmt}", mime=MIME[fmt], on_click="ignore", key="dl_scenario_image",
                            width="stretch")
    cols[1].download_button(_("Data (CSV)"), lambda: export_data.rows_to_csv(rows(), language),
                            file_name=f"{stem}.csv", mime=MIME["csv"], on_click="ignore", key="dl_scenario_csv",
                            width="stretch")
