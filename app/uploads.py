"""The data page's uploads: a snapshot CSV added for this session, and per-unit shares derived from an
uploaded control-area map. Nothing is written to the server."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app.data import AppData
from territory.analysis import national_total
from territory.problems import DataError
from territory.snapshots import parse_snapshot
from territory.textsafe import md_escape


def handle_snapshot_upload(upload, chosen_date, data: AppData) -> None:
    """Validate an uploaded snapshot; list errors by line; add it to this session if valid."""
    from territory.snapshots import snapshot_date_from_name

    raw = upload.getvalue()
    label = "uploaded file"
    try:
        date = chosen_date or snapshot_date_from_name(upload.name if len(upload.name) < 40 else "", label)
        snapshot = parse_snapshot(raw, label, date, data.sources)
    except DataError as exc:
        st.error(f"The file was refused: {len(exc.problems)} problem(s).")
        st.code("\n".join(str(p) for p in exc.problems), language=None)
        return
    existing = {s.date for s in data.snapshots} - set(st.session_state.get("uploaded_snapshots", {}))
    if snapshot.date in existing:
        st.error(f"{snapshot.date} already has a snapshot in the repository; choose another date.")
        return
    st.session_state.setdefault("uploaded_snapshots", {})[snapshot.date] = snapshot
    total = national_total(snapshot)
    st.success(f"Valid: {len(snapshot.figures)} unit(s) for {snapshot.date}, {total.controlled_km2:,.0f} km². "
               "It is now a date on the map and compare pages for this session.")


def _session_gone() -> bool:
    """True once this browser session has ended (its overlay worker is then stopped)."""
    from streamlit.runtime import Runtime
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx is not None and Runtime.exists() and not Runtime.instance().is_active_session(ctx.session_id)


def derive_from_upload(upload, filter_text: str, chosen_date) -> None:
    """Overlay an uploaded control-area map; show it, the derived table and a snapshot CSV download."""
    from streamlit_folium import st_folium

    from territory import overlay, webmap
    from territory.overlay_worker import derive_in_worker

    label = "uploaded map"
    filters = {}
    if filter_text.strip():
        if "=" not in filter_text:
            st.error("Write the filter as KEY=VALUE, e.g. status=occupied.")
            return
        key, value = filter_text.split("=", 1)
        filters[key.strip()] = value.strip()
    date = chosen_date or overlay.date_from_name(upload.name[:200])
    if date is None:
        st.warning("Give the date of the map (it is not in the file name).")
        return
    try:
        with st.spinner("Overlaying the map on the units…"):
            derived, area_layer = derive_in_worker(upload.getvalue(), label, date, filters, cancelled=_session_gone)
    except DataError as exc:
        st.error("The map was refused: " + "; ".join(p.message for p in exc.problems))
        return
    area_total = sum(s.area_km2 for s in derived.shares)
    st.success(f"{derived.total_km2:,.0f} km² under control on {date} "
               f"({100 * derived.total_km2 / area_total:.2f} % of Ukraine).")
    for note in derived.notes:
        st.caption(md_escape(note))
    fmap = webmap.base_map()
    layer = webmap.outline_geojson()
    layer["features"] += area_layer["features"]
    st_folium(fmap, feature_group_to_add=webmap.control_layer(layer, "uploaded"),
              returned_objects=[], key="derive_map", height=420, use_container_width=True)
    frame = pd.DataFrame([{"Unit": s.name, "ISO": s.iso, "Share %": round(s.share_pct, 2),
                           "km²": round(s.controlled_km2)} for s in derived.shares])
    st.dataframe(frame.sort_values("Share %", ascending=False), hide_index=True, width="stretch")
    st.download_button("Download as a snapshot CSV", overlay.snapshot_csv(derived, "your-source-id"),
                       file_name=f"{date}.csv", mime="text/csv", on_click="ignore", key="dl_derived")
    st.caption("Replace 'your-source-id' with an entry of control_snapshots/sources.csv describing the map.")


