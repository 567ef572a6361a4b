"""The peace-plan scenarios tab: a plan applied to a date's line, both maps, km² changing hands, sources;
and two plans side by side."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from app.blocks import legend, source_link
from app.data import AppData, control_features, scenario_features
from territory import palette, webmap
from territory.scenarios import apply_scenario
from territory.text import scenario_headline
from territory.textsafe import md_escape
from territory.view import ViewFilter


def scenarios_tab(data: AppData) -> None:
    """A peace plan applied to a snapshot: both maps, km² changing hands, sources; and two plans side by side."""
    if not data.scenarios or not data.snapshots:
        st.info("No scenario or snapshot could be loaded.")
        return
    st.info("Each plan is reduced to one rule per unit: **all** (whole unit under Russian control), **as held** "
            "(frozen on the line of the chosen date), **none** (returned to Ukraine) or **zone** (Russia keeps what "
            "it holds, the rest becomes a demilitarised or special zone). Unit-level rules simplify lines inside "
            "a unit; the notes say what they cannot express.", icon="ℹ️")
    by_id = {s.id: s for s in data.scenarios}
    left, right = st.columns([3, 2])
    scenario_id = left.selectbox("Plan", list(by_id), key="scenario_id",
                                 format_func=lambda i: f"{by_id[i].title} · {by_id[i].party}")
    date = right.select_slider("Applied to the line of", options=data.dates, value=data.dates[-1],
                               format_func=lambda d: d.isoformat(), key="scenario_date")
    scenario, snapshot = by_id[scenario_id], data.snapshot(date)
    outcome = apply_scenario(scenario, snapshot)
    st.markdown(f"**{md_escape(scenario_headline(outcome))}**")
    st.caption(f"{md_escape(scenario.status)}, {md_escape(scenario.date.isoformat())}: {md_escape(scenario.attribution)}")
    map_left, map_right = st.columns(2)
    with map_left:
        st.markdown(f"**Held on {date}**")
        st_folium(webmap.base_map(), feature_group_to_add=webmap.control_layer(
            control_features(date, ViewFilter(), data)), returned_objects=[], key="scenario_map_now",
            height=400, use_container_width=True)
    with map_right:
        st.markdown(f"**Under the plan: {outcome.russian_pct_of_ukraine:.2f} % Russian-controlled**")
        st_folium(webmap.base_map(), feature_group_to_add=webmap.control_layer(
            scenario_features(scenario_id, date, data), "scenario"), returned_objects=[],
            key="scenario_map_plan", height=400, use_container_width=True)
    legend(palette.scenario_legend(), "Share under Russian control (zones in purple)")
    st.dataframe(pd.DataFrame([{
        "Unit": u.name, "ISO": u.iso, "Rule": u.rule.rule, "Held %": u.held_pct, "Under plan: Russian %": u.russian_pct,
        "Zone %": round(u.zone_pct, 2), "Ukraine cedes (km²)": round(u.ceded_km2), "Russia leaves (km²)": round(u.left_km2),
        "Rule source": data.sources[u.rule.source].publisher if u.rule.source in data.sources else u.rule.source,
        "Note": u.rule.note} for u in outcome.units if u.rule.explicit or u.ceded_km2 or u.left_km2]),
        hide_index=True, width="stretch", key="scenario_table")
    st.markdown("Sources: " + "; ".join(source_link(s, data.sources) for s in scenario.sources))
    if scenario.caveats:
        st.caption("Caveats: " + md_escape(scenario.caveats))
    from app import downloads

    downloads.scenario_buttons(outcome, snapshot, data)

    st.subheader("Two plans side by side")
    other_id = st.selectbox("Compare with", [i for i in by_id if i != scenario_id], key="scenario_other",
                            format_func=lambda i: f"{by_id[i].title} · {by_id[i].party}")
    other = apply_scenario(by_id[other_id], snapshot)
    a, b = st.columns(2)
    for col, result, key in ((a, outcome, "scenario_cmp_a"), (b, other, "scenario_cmp_b")):
        with col:
            st.markdown(f"**{md_escape(result.scenario.title)}**: {result.russian_pct_of_ukraine:.2f} % "
                        f"Russian-controlled; Ukraine cedes about {result.ceded_km2:,.0f} km², Russia leaves about "
                        f"{result.left_km2:,.0f} km².")
            st_folium(webmap.base_map(), feature_group_to_add=webmap.control_layer(
                scenario_features(result.scenario.id, date, data), "scenario"), returned_objects=[], key=key,
                height=360, use_container_width=True)
    rows = []
    for x, y in zip(outcome.units, other.units, strict=True):
        if x.rule.rule != y.rule.rule or x.russian_pct != y.russian_pct:
            rows.append({"Unit": x.name, f"{scenario.title[:30]}: rule": x.rule.rule,
                         f"{other.scenario.title[:30]}: rule": y.rule.rule,
                         "Russian % (first)": x.russian_pct, "Russian % (second)": y.russian_pct})
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key="scenario_diff")
