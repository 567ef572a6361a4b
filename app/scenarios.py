"""The peace-plan scenarios tab: a plan applied to a date's line, both maps, km² changing hands, sources;
and two plans side by side."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from app import keys
from app.blocks import legend, source_link
from app.data import AppData, control_features, scenario_features
from app.i18n import _, lang
from territory.base import palette
from territory.base.i18n import data_text, term
from territory.base.text import date_label, format_km2, format_pct2, rule_text, scenario_headline
from territory.base.textsafe import md_escape
from territory.data.scenarios import apply_scenario
from territory.data.units import unit_name
from territory.present.view import ViewFilter
from territory.web import webmap


def scenarios_tab(data: AppData) -> None:
    """A peace plan applied to a snapshot: both maps, km² changing hands, sources; and two plans side by side."""
    language = lang()
    if not data.scenarios or not data.snapshots:
        st.info(_("No scenario or snapshot could be loaded."))
        return
    st.info(_("Each plan is reduced to one rule per unit: **all** (whole unit under Russian control), **as held** "
              "(frozen on the line of the chosen date), **none** (returned to Ukraine) or **zone** (Russia keeps what "
              "it holds, the rest becomes a demilitarised or special zone). Unit-level rules simplify lines inside "
              "a unit; the notes say what they cannot express."), icon="ℹ️")
    by_id = {s.id: s for s in data.scenarios}

    def plan_label(i: str) -> str:
        return f"{data_text(by_id[i], 'title', language)} · {term(by_id[i].party, language)}"

    left, right = st.columns([3, 2])
    scenario_id = left.selectbox(_("Plan"), list(by_id), key=keys.SCENARIO_ID, format_func=plan_label)
    date = right.select_slider(_("Applied to the line of"), options=data.dates, value=data.dates[-1],
                               format_func=lambda d: d.isoformat(), key=keys.SCENARIO_DATE)
    scenario, snapshot = by_id[scenario_id], data.snapshot(date)
    outcome = apply_scenario(scenario, snapshot)
    st.markdown(f"**{md_escape(scenario_headline(outcome, language))}**")
    st.caption(f"{md_escape(term(scenario.status, language))}, {md_escape(date_label(scenario.date, language))}: "
               f"{md_escape(data_text(scenario, 'attribution', language))}")
    map_left, map_right = st.columns(2)
    with map_left:
        st.markdown("**" + md_escape(_("Held on {date}").format(date=date_label(date, language))) + "**")
        st_folium(webmap.app_base_map(lang=language), feature_group_to_add=webmap.units_layer(
            control_features(date, ViewFilter(), data, language)), returned_objects=[], key=keys.SCENARIO_MAP_NOW,
            height=400, use_container_width=True)
    with map_right:
        st.markdown("**" + md_escape(_("Under the plan: {pct} Russian-controlled").format(
            pct=format_pct2(outcome.russian_pct_of_ukraine, language))) + "**")
        st_folium(webmap.app_base_map(lang=language), feature_group_to_add=webmap.units_layer(
            scenario_features(scenario_id, date, data, language), "scenario"), returned_objects=[],
            key=keys.SCENARIO_MAP_PLAN, height=400, use_container_width=True)
    legend(palette.scenario_legend(language), _("Share under Russian control"))
    unit, ceded, leaves = _("Unit"), _("Ukraine cedes (km²)"), _("Russia leaves (km²)")
    st.dataframe(pd.DataFrame([{  # the km² changing hands first, in view without scrolling sideways
        unit: unit_name(u.iso, language), ceded: round(u.ceded_km2), leaves: round(u.left_km2),
        _("Rule"): rule_text(u.rule.rule, language), _("Held %"): u.held_pct,
        _("Under plan: Russian %"): u.russian_pct, _("Zone %"): round(u.zone_pct, 2), "ISO": u.iso,
        _("Rule source"): data.sources[u.rule.source].publisher if u.rule.source in data.sources else u.rule.source,
        _("Note"): data_text(u.rule, "note", language)}
        for u in outcome.units if u.rule.explicit or u.ceded_km2 or u.left_km2]),
        hide_index=True, width="stretch", key=keys.SCENARIO_TABLE,
        column_config={unit: st.column_config.TextColumn(width=170), ceded: st.column_config.NumberColumn(width=160),
                       leaves: st.column_config.NumberColumn(width=160)})
    st.markdown(_("Sources: {sources}").format(sources="; ".join(source_link(s, data.sources) for s in scenario.sources)))
    if scenario.caveats:
        st.caption(_("Caveats: {caveats}").format(caveats=md_escape(data_text(scenario, "caveats", language))))
    from app import downloads

    downloads.scenario_buttons(outcome, snapshot, data)

    st.subheader(_("Two plans side by side"))
    other_id = st.selectbox(_("Compare with"), [i for i in by_id if i != scenario_id], key=keys.SCENARIO_OTHER,
                            format_func=plan_label)
    other = apply_scenario(by_id[other_id], snapshot)
    a, b = st.columns(2)
    for col, result, key in ((a, outcome, "scenario_cmp_a"), (b, other, "scenario_cmp_b")):
        with col:
            st.markdown(f"**{md_escape(data_text(result.scenario, 'title', language))}**: " + md_escape(
                _("{pct} Russian-controlled; Ukraine cedes about {ceded}, Russia leaves about {left}.").format(
                    pct=format_pct2(result.russian_pct_of_ukraine, language),
                    ceded=format_km2(result.ceded_km2, language), left=format_km2(result.left_km2, language))))
            st_folium(webmap.app_base_map(lang=language), feature_group_to_add=webmap.units_layer(
                scenario_features(result.scenario.id, date, data, language), "scenario"), returned_objects=[], key=key,
                height=360, use_container_width=True)
    rows = []
    first_title = data_text(scenario, "title", language)[:30]
    second_title = data_text(other.scenario, "title", language)[:30]
    for x, y in zip(outcome.units, other.units, strict=True):
        if x.rule.rule != y.rule.rule or x.russian_pct != y.russian_pct:
            rows.append({_("Unit"): unit_name(x.iso, language),
                         _("{plan}: rule").format(plan=first_title): term(x.rule.rule, language),
                         _("{plan}: rule").format(plan=second_title): term(y.rule.rule, language),
                         _("Russian % (first)"): x.russian_pct, _("Russian % (second)"): y.russian_pct})
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key=keys.SCENARIO_DIFF)
