"""Control map: date slider, choropleth, filters, demands beside the map, figures, table and chart."""

import datetime as dt

import streamlit as st
from streamlit_folium import st_folium

import app_state as state
import page_parts as parts
from territory import webmap
from territory.geodata import load_units
from territory.view import REUTERS_UNITS, ViewFilter, unit_styles

state.ensure_router()

UNITS = load_units()
ISO_CODES = list(UNITS)
PRE_INVASION = dt.date(2022, 2, 23)

data = state.load_data()
if not data.snapshots:
    st.error("No valid snapshot could be loaded. See the Data and sources page for the problems.")
    state.show_data_problems(data)
    st.stop()

dates = data.dates
demands_by_id = data.demands_by_id
territorial = [d.id for d in data.demands if d.units]

# --- state from the URL, once per session ------------------------------------------------------------------
if "map_date" not in st.session_state:
    st.session_state.map_date = state.date_param("date", dates, dates[-1])
    st.session_state.map_units = state.units_param("units", ISO_CODES) or []
    st.session_state.map_min_share = state.float_param("min", 0, 100, 0.0)
    st.session_state.map_demand = state.choice_param("demand", territorial) or ""
elif st.session_state.map_date not in dates:
    st.session_state.map_date = dates[-1]


def _reuters_preset() -> None:
    st.session_state.map_units = list(REUTERS_UNITS)


def _all_units() -> None:
    st.session_state.map_units = []


with st.sidebar:
    st.subheader("Filters")
    st.multiselect("Units", ISO_CODES, key="map_units", format_func=lambda iso: f"{UNITS[iso].name_en} ({iso})",
                   placeholder="All 27 units")
    st.button("The 7 regions of the Reuters report", on_click=_reuters_preset, width="stretch",
              help="Crimea (with Sevastopol), Luhansk, Donetsk, Zaporizhzhia, Kherson, Kharkiv, Sumy")
    st.button("All units", on_click=_all_units, width="stretch")
    st.slider("Minimum share under Russian control (%)", 0.0, 100.0, step=1.0, key="map_min_share")
    st.selectbox("Highlight a territorial demand", ["", *territorial], key="map_demand",
                 format_func=lambda i: "None" if not i else parts.demand_label(demands_by_id[i]))
    scenario_names = {sc.id: sc.title for sc in data.scenarios}
    st.selectbox("Show a peace plan's outcome on the map", ["", *scenario_names], key="map_scenario",
                 format_func=lambda i: "None" if not i else scenario_names[i])
    show_tiles = st.toggle("OpenStreetMap tiles (needs internet)", value=False)

st.title("Russian control of Ukraine, by region")
state.show_notices()
state.show_data_problems(data)
date = st.select_slider("Date (map state)", options=dates, key="map_date", format_func=lambda d: d.isoformat())

view = ViewFilter(units=tuple(st.session_state.map_units) or None, min_share=st.session_state.map_min_share,
                  demand_id=st.session_state.map_demand or None)
state.set_params(date=date.isoformat(), units=view.units, min=view.min_share or None, demand=view.demand_id)

snapshot = data.snapshot(date)
previous = data.previous(date)
baseline = data.snapshot(PRE_INVASION) if PRE_INVASION in dates else None
demand = demands_by_id.get(view.demand_id) if view.demand_id else None

parts.headline(snapshot, previous, baseline)

map_col, panel_col = st.columns([3, 2], gap="medium")
with map_col:
    scenario_id = st.session_state.get("map_scenario") or None
    if scenario_id:
        features = state.scenario_features(scenario_id, date, data)
        st.info(f"Showing the outcome of “{scenario_names[scenario_id]}” applied to the line of {date} "
                "(purple: part of the unit becomes a zone). Unit-level rules simplify lines inside a unit; "
                "details on the Demands page.")
    else:
        features = state.control_features(date, view, data)
    output = st_folium(
        webmap.base_map(show_tiles=show_tiles),
        feature_group_to_add=webmap.control_layer(features),
        returned_objects=["last_active_drawing"],
        key="control_map", height=560, use_container_width=True,
    )
    st.caption("Dark grey, dashed outline: no figure for this date · dashed outline: sources give a range · "
               "purple outline: units of the highlighted demand · light grey: filtered out. "
               "Figures derived from DeepState maps: credit DeepState.")
    parts.legend()

clicked = parts.clicked_unit(output)
with panel_col:
    shown = [s.control.iso for s in unit_styles(snapshot, previous, view, demand) if s.shown]
    parts.demands_panel(data, snapshot, shown, clicked, demand)

st.subheader("Per-unit figures")
parts.unit_table(snapshot, previous, view, data.sources)
st.subheader("Control over time")
parts.control_chart(view, snapshot.date, data)
parts.downloads(snapshot, previous, view, demand, data)
