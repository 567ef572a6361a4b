"""Data and sources: every figure with its source; totals beside published totals; upload a snapshot."""

import datetime as dt

import pandas as pd
import streamlit as st

from app import blocks as parts
from app import data as app_data
from app import uploads
from territory.analysis import national_total, unit_control
from territory.snapshots import MAX_SNAPSHOT_BYTES
from territory.template import snapshot_template
from territory.text import range_text

data = app_data.load_data()
st.title("Data and sources")
app_data.show_data_problems(data)
st.markdown("Every figure has a date, a source and a kind: **published** (printed by a named publisher) or "
            "**estimate** (computed by this project; the method is in the source entry). A unit missing from a "
            "snapshot has *no figure*, which is not 0 %. Figures derived from DeepState's maps: credit DeepState.")

if not data.snapshots:
    st.error("No valid snapshot could be loaded; the problems are listed above.")
    st.stop()

tab_figures, tab_totals, tab_sources, tab_upload, tab_derive = st.tabs(
    ["Figures by date", "National totals", "Sources", "Upload a snapshot", "Derive from a map"])

with tab_figures:
    date = st.selectbox("Snapshot", data.dates[::-1], format_func=lambda d: d.isoformat(), key="data_date")
    snapshot = data.snapshot(date)
    rows = []
    for r in unit_control(snapshot):
        rows.append({"Unit": r.name, "ISO": r.iso, "Share %": r.pct, "Range": range_text(r),
                     "km²": None if r.km2 is None else round(r.km2), "Kind": r.kind or "no figure",
                     "Sources": "; ".join(r.sources), "Note": r.note})
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key="figures_table")
    st.caption(f"File: {snapshot.path or 'uploaded in this session'}")
    parts.snapshot_downloads(snapshot, data)

with tab_totals:
    published = data.published_totals
    computed = pd.DataFrame([{"date": s.date, "km²": round(national_total(s).controlled_km2),
                              "% of Ukraine": round(national_total(s).pct_of_ukraine, 2),
                              "source": "this project (sum of units)"} for s in data.snapshots])
    others = pd.DataFrame([{"date": t.date, "km²": round(t.controlled_km2), "% of Ukraine": t.pct_of_ukraine,
                            "source": "; ".join(data.sources[s].publisher for s in t.sources)} for t in published])
    st.markdown("Totals computed here (sum over the units, Natural Earth areas, 599,094 km² in all) beside "
                "totals other publishers printed. Publishers use different maps and methods; the spread is the "
                "uncertainty.")
    parts.totals_chart(computed, others)
    st.dataframe(pd.concat([computed, others]).sort_values("date"), hide_index=True, width="stretch",
                 key="totals_table")

with tab_sources:
    st.dataframe(pd.DataFrame([{
        "id": s.id, "kind": s.kind, "publisher": s.publisher, "title": s.title, "date": s.date,
        "url": s.url, "licence": s.licence, "method": s.method} for s in data.sources.values()]),
        hide_index=True, width="stretch", key="sources_table",
        column_config={"url": st.column_config.LinkColumn("url")})

with tab_upload:
    st.markdown("Check your own snapshot CSV against the same rules as `python -m territory validate`. "
                "A valid file is added as an extra date **for this browser session only**; nothing is written "
                "to the server.")
    st.download_button("Download the schema template (CSV)", snapshot_template(), file_name="snapshot-template.csv",
                       mime="text/csv", on_click="ignore", key="dl_template")
    upload = st.file_uploader("Snapshot CSV", type=["csv"], key="snapshot_upload",
                              help=f"UTF-8 CSV, at most {MAX_SNAPSHOT_BYTES // 1000} KB")
    upload_date = st.date_input("Date the figures hold", value=None, min_value=dt.date(2014, 1, 1),
                                max_value=dt.date.today(), key="upload_date",
                                help="Taken from the file name (YYYY-MM-DD.csv) when left empty")
    if upload is not None:
        uploads.handle_snapshot_upload(upload, upload_date, data)

with tab_derive:
    st.markdown("Upload a map of the area under Russian control (GeoJSON polygons, e.g. a DeepState daily file) to "
                "get each unit's share by a true overlay in an equal-area projection. Slivers under 2 km wide along "
                "coasts and borders are ignored. Nothing is written to the server.")
    control_upload = st.file_uploader("Control-area map (GeoJSON)", type=["geojson", "json"], key="control_upload",
                                      help="At most 5 MB here; the command line accepts larger files")
    filter_text = st.text_input("Only features where (optional)", placeholder="status=occupied", key="derive_filter")
    derive_date = st.date_input("Date of the map", value=None, min_value=dt.date(2014, 1, 1),
                                max_value=dt.date.today(), key="derive_date",
                                help="Taken from the file name (…_20250528.geojson) when left empty")
    if control_upload is not None:
        uploads.derive_from_upload(control_upload, filter_text, derive_date)
