"""Compare two dates: both maps on one scale, the change map and a table of changes."""

import datetime as dt

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from app import blocks, state
from app import data as app_data
from territory import palette, webmap
from territory.analysis import compare, national_total, net_change_km2
from territory.text import format_change, format_pct
from territory.view import ViewFilter

data = app_data.load_data()
if len(data.snapshots) < 2:
    st.error("Comparing needs at least two valid snapshots.")
    app_data.show_data_problems(data)
    st.stop()
dates = data.dates


def _initial_range() -> tuple[dt.date, dt.date]:
    """The session's pair, else the link's ``from`` and ``to``, else the first and last dates."""
    if "compare_range" in st.session_state:
        return tuple(st.session_state.compare_range)
    parse = state.date_parser(dates)
    first = state.initial("compare_range", "from", parse, dates[0])
    last = state.initial("compare_range", "to", parse, dates[-1])
    return min(first, last), max(first, last)


st.title("Compare two dates")
app_data.show_data_problems(data)
# ``value`` is a pair, so the slider is a range slider from its first run on and returns a pair every run.
before_date, after_date = st.select_slider("Earlier and later date", options=dates, value=_initial_range(),
                                           key="compare_range", persist_state=state.KEEP,
                                           format_func=lambda d: d.isoformat())
state.set_params(**{"from": before_date.isoformat(), "to": after_date.isoformat()})
same_day = st.container(key="compare_same_day")
if before_date == after_date:
    same_day.info("Pick two different dates to see a change.")

before, after = data.snapshot(before_date), data.snapshot(after_date)
changes = compare(before, after)
net = net_change_km2(changes)
t_before, t_after = national_total(before), national_total(after)
cols = st.columns(3)
cols[0].metric(f"Under Russian control on {before_date}", f"{t_before.controlled_km2:,.0f} km²",
               f"{t_before.pct_of_ukraine:.2f} % of Ukraine", delta_color="off", delta_arrow="off")
cols[1].metric(f"Under Russian control on {after_date}", f"{t_after.controlled_km2:,.0f} km²",
               f"{t_after.pct_of_ukraine:.2f} % of Ukraine", delta_color="off", delta_arrow="off")
cols[2].metric("Net change", f"{net:+,.0f} km²", f"{t_after.pct_of_ukraine - t_before.pct_of_ukraine:+.2f} pp",
               delta_color="off")

blocks.legend()
left, right = st.columns(2)
for col, snapshot, key in ((left, before, "map_before"), (right, after, "map_after")):
    with col:
        st.markdown(f"**{snapshot.date}**")
        st_folium(webmap.base_map(), feature_group_to_add=webmap.control_layer(
            app_data.control_features(snapshot.date, ViewFilter(), data)), returned_objects=[], key=key,
            height=420, use_container_width=True)

map_col, table_col = st.columns([1, 1])
with map_col:
    st.markdown(f"**Change from {before_date} to {after_date}** (percentage points of each unit)")
    blocks.legend(palette.change_legend(), "Change in share under Russian control")
    st_folium(webmap.base_map(), feature_group_to_add=webmap.control_layer(
        app_data.change_features(before_date, after_date, data), name="change"), returned_objects=[],
        key="map_change", height=420, use_container_width=True)
with table_col:
    st.markdown("**Changes by unit, largest first**")
    frame = pd.DataFrame([{
        "Unit": c.name, "ISO": c.iso, f"{before_date}": format_pct(c.before_pct), f"{after_date}": format_pct(c.after_pct),
        "Change (pp)": None if c.change_pp is None else round(c.change_pp, 2),
        "Change (km²)": None if c.change_km2 is None else round(c.change_km2),
    } for c in changes if c.change_pp is None or abs(c.change_pp) > 0])
    if frame.empty:
        st.write("No unit changed between these dates.")
    else:
        st.dataframe(frame, hide_index=True, width="stretch", key="change_table")
    st.caption("Net change: " + format_change(t_after.pct_of_ukraine - t_before.pct_of_ukraine, net)
               + " of Ukraine. Units with no change are left out.")

blocks.compare_downloads(before, after, data)
