"""Demands and positions: every entry, filterable; the NATO map; territorial gaps; the language demand."""

import datetime as dt

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from app import blocks as parts
from app import data as app_data
from app import scenarios, state
from territory import webmap
from territory.geodata import load_units
from territory.nato import PLEDGE_EXCLUDED, member_count, nato_legend
from territory.panel import gap_headline, territorial_gaps
from territory.textsafe import md_escape

UNITS = load_units()
data = app_data.load_data()
st.title("Demands and positions")
st.caption("Russia's stated conditions for ending the war and the other parties' positions, as reported. "
           "Statements are this project's neutral summaries; words in quotation marks are quotes from the "
           "source named. Dates are when each was first stated.")

if not data.demands:
    st.error("The demands file could not be loaded; see the problems below.")
    app_data.show_data_problems(data)
    st.stop()

parties = sorted({d.party for d in data.demands})
categories = sorted({d.category for d in data.demands})
years = sorted({d.date.year for d in data.demands})
with st.sidebar:
    st.subheader("Filter entries")
    chosen_parties = st.multiselect("Party", parties, placeholder="All parties", key="dem_parties",
                                    persist_state=state.KEEP)
    chosen_categories = st.multiselect("Category", categories, placeholder="All categories", key="dem_categories",
                                       persist_state=state.KEEP)
    first, last = st.select_slider("Years", options=years, value=(years[0], years[-1]), key="dem_years",
                                   persist_state=state.KEEP)



def entries_tab() -> None:
    shown = [d for d in data.demands
             if (not chosen_parties or d.party in chosen_parties)
             and (not chosen_categories or d.category in chosen_categories)
             and first <= d.date.year <= last]
    st.write(f"{len(shown)} of {len(data.demands)} entries")
    for demand in sorted(shown, key=lambda d: d.date, reverse=True):
        parts.demand_card(demand, data)



def nato_tab() -> None:
    last_date = data.dates[-1] if data.dates else dt.date(2025, 12, 31)
    nato_options = sorted({dt.date(y, 12, 31) for y in range(2008, 2026)} | {last_date})
    nato_date = st.select_slider("NATO membership as of", options=nato_options, value=last_date,
                                 format_func=lambda d: d.isoformat(), key="nato_date")
    st.markdown(f"**{member_count(nato_date)} members on {nato_date}.** Outlined in orange: "
                + ", ".join(md_escape(x) for x in ("Ukraine", "Georgia", "Moldova"))
                + " — the states a written pledge to stop NATO's eastward enlargement would exclude "
                "(according to three Russian sources, as reported by Reuters on 2025-05-28).")
    st_folium(webmap.europe_map(), feature_group_to_add=webmap.control_layer(webmap.nato_geojson(nato_date), "nato"),
              returned_objects=[], key="nato_map", height=520, use_container_width=True)
    parts.legend(nato_legend(), "NATO status")
    parts.nato_downloads(nato_date, data)
    st.caption(f"Excluded by the pledge: {', '.join(PLEDGE_EXCLUDED)}. Accession years are verified; some "
               "day-level dates of 1999–2009 are as commonly listed.")


def territory_tab() -> None:
    if not data.snapshots:
        st.error("No valid snapshot could be loaded.")
        return
    latest = data.snapshots[-1]
    gap_date = st.select_slider("Held area as of", options=data.dates, value=latest.date,
                                format_func=lambda d: d.isoformat(), key="gap_date")
    snapshot = data.snapshot(gap_date)
    gaps = {gap.demand_id: gap for gap in territorial_gaps(data.demands, snapshot)}
    by_id = data.demands_by_id
    st.dataframe(pd.DataFrame([{
        "Date": by_id[i].date.isoformat(), "Party": by_id[i].party, "Entry": by_id[i].statement[:90],
        "Units": ", ".join(r.name for r in gap.rows), "Ukraine would cede (km²)": round(gap.gain_km2),
        "Russia would leave (km²)": round(gap.leave_km2), "id": i} for i, gap in gaps.items()]),
        hide_index=True, width="stretch", key="gap_summary")
    chosen = st.selectbox("Details for", list(gaps), format_func=lambda i: parts.demand_label(by_id[i]),
                          key="gap_demand")
    gap = gaps[chosen]
    st.markdown(f"**{md_escape(gap_headline(gap))}**")
    st.dataframe(pd.DataFrame([{
        "Unit": r.name, "ISO": r.iso, "Held %": r.held_pct, "Demanded %": r.target_pct,
        "Held km²": None if r.held_pct is None else round(r.held_pct / 100 * r.area_km2),
        "Demanded km²": round(r.target_pct / 100 * r.area_km2),
        "Gap (pp)": None if r.gap_pp is None else round(r.gap_pp, 2),
        "Gap (km²)": None if r.gap_km2 is None else round(r.gap_km2)} for r in gap.rows]),
        hide_index=True, width="stretch", key="gap_table")
    st.caption("A positive gap is land Ukraine holds that the entry asks for; negative, land Russia would leave. "
               "Unit-level figures simplify lines inside a unit.")


def language_tab() -> None:
    census = data.census
    st.markdown("Russia asks for protection of Russian speakers (Reuters, 2025-05-28) and for Russian as an "
                "official language (memorandum of 2025-06-02). Beside it: the share of people who named Russian "
                "as their native language in the **2001 census**, where a source shows the value.")
    rows = []
    for iso, unit in UNITS.items():
        share = census.get(iso)
        rows.append({"Unit": unit.name_en, "ISO": iso,
                     "Russian as native language, 2001 (%)": share.pct if share and share.verified else None,
                     "Status": ("verified, " + share.precision) if share and share.verified else "not verified: not shown",
                     "Source": "; ".join(data.sources[s].publisher for s in share.sources if s in data.sources)
                     if share else ""})
    frame = pd.DataFrame(rows).sort_values("Russian as native language, 2001 (%)", ascending=False, na_position="last")
    national = census.get("UA")
    if national and national.verified:
        st.metric("Ukraine, 2001 census", f"{national.pct:.1f} %")
    st.dataframe(frame, hide_index=True, width="stretch", key="census_table")
    st.caption("'Native language' in 2001 is not the language people speak day to day, and it has changed "
               "since: surveys in government-controlled areas found far fewer people naming Russian as native "
               "in 2024 than in 2006. Values not seen in a source are left out.")


# Tabs render only when open: a map drawn in a hidden tab gets no size (Leaflet draws it at zoom 0), and
# closed tabs cost nothing.
TABS = {"All entries": entries_tab, "Peace-plan scenarios": lambda: scenarios.scenarios_tab(data),
        "NATO and the non-enlargement demand": nato_tab, "Territorial demands": territory_tab,
        "Language demand": language_tab}
for tab, render in zip(st.tabs(list(TABS), key="demands_tab", on_change="rerun"), TABS.values(), strict=True):
    if tab.open:
        with tab:
            render()
