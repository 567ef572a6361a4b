"""Demands and positions: every entry, filterable; the NATO map; territorial gaps; the language demand."""

import datetime as dt

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from app import blocks as parts
from app import data as app_data
from app import keys, scenarios, state
from app.i18n import _, lang, ngettext
from territory.analysis.panel import gap_headline, territorial_gaps
from territory.base.i18n import data_text, term
from territory.base.text import date_label, format_number
from territory.base.textsafe import md_escape
from territory.data.nato import PLEDGE_EXCLUDED, country_name, member_count, nato_legend
from territory.data.units import unit_name
from territory.web import webmap

data = app_data.load_data()
language = lang()
st.title(_("Demands and positions"))
st.caption(_("Russia's stated conditions for ending the war and the other parties' positions, as reported. "
             "Statements are this project's neutral summaries; words in quotation marks are quotes from the "
             "source named. Dates are when each was first stated."))

if not data.demands:
    st.error(_("The demands file could not be loaded; see the problems below."))
    app_data.show_data_problems(data)
    st.stop()

parties = sorted({d.party for d in data.demands})
categories = sorted({d.category for d in data.demands})
years = sorted({d.date.year for d in data.demands})
with st.sidebar:
    st.subheader(_("Filter entries"))
    chosen_parties = st.multiselect(_("Party"), parties, placeholder=_("All parties"), key=keys.DEM_PARTIES,
                                    format_func=lambda p: term(p, language), persist_state=state.KEEP)
    chosen_categories = st.multiselect(_("Category"), categories, placeholder=_("All categories"), key=keys.DEM_CATEGORIES,
                                       format_func=lambda c: term(c, language), persist_state=state.KEEP)
    first, last = st.select_slider(_("Years"), options=years, value=(years[0], years[-1]), key=keys.DEM_YEARS,
                                   persist_state=state.KEEP)



def entries_tab() -> None:
    shown = [d for d in data.demands
             if (not chosen_parties or d.party in chosen_parties)
             and (not chosen_categories or d.category in chosen_categories)
             and first <= d.date.year <= last]
    st.write(ngettext("{shown} of {n} entry", "{shown} of {n} entries", len(data.demands)).format(
        shown=len(shown), n=len(data.demands)))
    for demand in sorted(shown, key=lambda d: d.date, reverse=True):
        parts.demand_card(demand, data)



def nato_tab() -> None:
    last_date = data.dates[-1] if data.dates else dt.date(2025, 12, 31)
    nato_options = sorted({dt.date(y, 12, 31) for y in range(2008, 2026)} | {last_date})
    nato_date = st.select_slider(_("NATO membership as of"), options=nato_options, value=last_date,
                                 format_func=lambda d: d.isoformat(), key=keys.NATO_DATE)
    count = member_count(nato_date)
    excluded = ", ".join(md_escape(country_name(iso3, iso3, language)) for iso3 in PLEDGE_EXCLUDED)
    st.markdown("**" + md_escape(ngettext("{n} member on {date}.", "{n} members on {date}.", count).format(
        n=count, date=date_label(nato_date, language))) + "** " + md_escape(
        _("Outlined in orange: {countries} — the states a written pledge to stop NATO's eastward enlargement would "
          "exclude (according to three Russian sources, as reported by Reuters on {date}).").format(
            countries=excluded, date=date_label(dt.date(2025, 5, 28), language))))
    st_folium(webmap.europe_map(language), feature_group_to_add=webmap.control_layer(
        webmap.nato_geojson(nato_date, lang=language), "nato"),
              returned_objects=[], key=keys.NATO_MAP, height=520, use_container_width=True)
    parts.legend(nato_legend(language), _("NATO status"))
    parts.nato_downloads(nato_date, data)
    st.caption(_("Excluded by the pledge: {codes}. Accession years are verified; some day-level dates of 1999–2009 "
                 "are as commonly listed.").format(codes=", ".join(PLEDGE_EXCLUDED)))


def territory_tab() -> None:
    if not data.snapshots:
        st.error(_("No valid snapshot could be loaded."))
        return
    latest = data.snapshots[-1]
    gap_date = st.select_slider(_("Held area as of"), options=data.dates, value=latest.date,
                                format_func=lambda d: d.isoformat(), key=keys.GAP_DATE)
    snapshot = data.snapshot(gap_date)
    gaps = {gap.demand_id: gap for gap in territorial_gaps(data.demands, snapshot)}
    by_id = data.demands_by_id
    entry, cede, leave = _("Entry"), _("Ukraine would cede (km²)"), _("Russia would leave (km²)")
    st.dataframe(pd.DataFrame([{  # the km² beside the entry, in view without scrolling sideways
        entry: data_text(by_id[i], "statement", language)[:90], cede: round(gap.gain_km2), leave: round(gap.leave_km2),
        _("Units"): ", ".join(unit_name(r.iso, language) for r in gap.rows),
        _("Party"): term(by_id[i].party, language), _("Date"): date_label(by_id[i].date, language),
        "id": i} for i, gap in gaps.items()]),
        hide_index=True, width="stretch", key=keys.GAP_SUMMARY,
        column_config={entry: st.column_config.TextColumn(width=300), cede: st.column_config.NumberColumn(width=175),
                       leave: st.column_config.NumberColumn(width=175)})
    chosen = st.selectbox(_("Details for"), list(gaps), format_func=lambda i: parts.demand_label(by_id[i]),
                          key=keys.GAP_DEMAND)
    gap = gaps[chosen]
    st.markdown(f"**{md_escape(gap_headline(gap, language))}**")
    st.dataframe(pd.DataFrame([{
        _("Unit"): unit_name(r.iso, language), "ISO": r.iso, _("Held %"): r.held_pct, _("Demanded %"): r.target_pct,
        _("Held km²"): None if r.held_pct is None else round(r.held_pct / 100 * r.area_km2),
        _("Demanded km²"): round(r.target_pct / 100 * r.area_km2),
        _("Gap (pp)"): None if r.gap_pp is None else round(r.gap_pp, 2),
        _("Gap (km²)"): None if r.gap_km2 is None else round(r.gap_km2)} for r in gap.rows]),
        hide_index=True, width="stretch", key=keys.GAP_TABLE)
    st.caption(_("A positive gap is land Ukraine holds that the entry asks for; negative, land Russia would leave. "
                 "Unit-level figures simplify lines inside a unit."))


def language_tab() -> None:
    census = data.census
    st.markdown(_("Russia asks for protection of Russian speakers (Reuters, {reuters}) and for Russian as an "
                  "official language (memorandum of {memorandum}). Beside it: the share of people who named Russian "
                  "as their native language in the **2001 census**, where a source shows the value.").format(
        reuters=date_label(dt.date(2025, 5, 28), language), memorandum=date_label(dt.date(2025, 6, 2), language)))
    share_column = _("Russian as native language, 2001 (%)")
    rows = []
    for iso in data.units:
        share = census.get(iso)
        verified = share is not None and share.verified
        rows.append({_("Unit"): unit_name(iso, language), "ISO": iso,
                     share_column: share.pct if verified else None,
                     _("Status"): _("verified, precision: {precision}").format(precision=term(share.precision, language))
                     if verified else _("not verified: not shown"),
                     _("Source"): "; ".join(data.sources[s].publisher for s in share.sources if s in data.sources)
                     if share else ""})
    frame = pd.DataFrame(rows).sort_values(share_column, ascending=False, na_position="last")
    frame[share_column] = [format_number(v, 1, language) if pd.notna(v) else "" for v in frame[share_column]]
    national = census.get("UA")
    if national and national.verified:
        st.metric(_("Ukraine, 2001 census"), f"{format_number(national.pct, 1, language)} %")
    st.dataframe(frame, hide_index=True, width="stretch", key=keys.CENSUS_TABLE)
    st.caption(_("'Native language' in 2001 is not the language people speak day to day, and it has changed "
                 "since: surveys in government-controlled areas found far fewer people naming Russian as native "
                 "in 2024 than in 2006. Values not seen in a source are left out."))


# Tabs render only when open: a map drawn in a hidden tab gets no size (Leaflet draws it at zoom 0), and
# closed tabs cost nothing.
TABS = {_("All entries"): entries_tab, _("Peace-plan scenarios"): lambda: scenarios.scenarios_tab(data),
        _("NATO and the non-enlargement demand"): nato_tab, _("Territorial demands"): territory_tab,
        _("Language demand"): language_tab}
for tab, render in zip(st.tabs(list(TABS), key=keys.DEMANDS_TAB, on_change="rerun"), TABS.values(), strict=True):
    if tab.open:
        with tab:
            render()
