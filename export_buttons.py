"""Download buttons: the bytes are made only when clicked (``data`` is a callable, ``on_click="ignore"``)."""

from __future__ import annotations

import streamlit as st

import app_state as state
from territory import export_data
from territory.demands import Demand
from territory.snapshots import Snapshot
from territory.view import ViewFilter


def control_map_buttons(snapshot: Snapshot, previous: Snapshot | None, view: ViewFilter, demand: Demand | None,
                        data: state.AppData) -> None:
    st.subheader("Download this view")
    stem = f"ukraine-control-{snapshot.date}"

    def rows():
        return export_data.view_rows(snapshot, previous, view, demand, data.sources)

    cols = st.columns(2)
    cols[0].download_button("Data (CSV)", lambda: export_data.rows_to_csv(rows()), file_name=f"{stem}.csv",
                            mime="text/csv", on_click="ignore", key="dl_csv", width="stretch")
    cols[1].download_button("Data (GeoJSON)", lambda: export_data.rows_to_geojson(rows()),
                            file_name=f"{stem}.geojson", mime="application/geo+json", on_click="ignore",
                            key="dl_geojson", width="stretch")


def compare_buttons(before: Snapshot, after: Snapshot, data: state.AppData) -> None:
    st.subheader("Download this comparison")
    stem = f"ukraine-control-{before.date}-vs-{after.date}"
    rows = lambda: export_data.comparison_rows(before, after)  # noqa: E731
    cols = st.columns(2)
    cols[0].download_button("Data (CSV)", lambda: export_data.rows_to_csv(rows()), file_name=f"{stem}.csv",
                            mime="text/csv", on_click="ignore", key="dl_cmp_csv", width="stretch")
    cols[1].download_button("Data (GeoJSON)", lambda: export_data.rows_to_geojson(rows()),
                            file_name=f"{stem}.geojson", mime="application/geo+json", on_click="ignore",
                            key="dl_cmp_geojson", width="stretch")


def nato_buttons(date) -> None:
    """Filled in with the image export."""


def snapshot_buttons(snapshot: Snapshot, data: state.AppData) -> None:
    stem = f"ukraine-control-{snapshot.date}"
    rows = lambda: export_data.view_rows(snapshot, None, ViewFilter(), None, data.sources)  # noqa: E731
    cols = st.columns(2)
    cols[0].download_button("This snapshot (CSV)", lambda: export_data.rows_to_csv(rows()),
                            file_name=f"{stem}.csv", mime="text/csv", on_click="ignore", key="dl_snap_csv",
                            width="stretch")
    cols[1].download_button("This snapshot (GeoJSON)", lambda: export_data.rows_to_geojson(rows()),
                            file_name=f"{stem}.geojson", mime="application/geo+json", on_click="ignore",
                            key="dl_snap_geojson", width="stretch")
