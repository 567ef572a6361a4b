"""Compare two dates: both maps on one scale, the change map and a table of changes."""

import datetime as dt

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from app import blocks, keys, state
from app import data as app_data
from app.i18n import _, lang
from territory.analysis.figures import compare, national_total, net_change_km2
from territory.base import palette
from territory.base.text import (
    date_label,
    format_change,
    format_km2,
    format_number,
    format_pct2,
    format_pp,
    format_shift,
    spring_2022_note,
)
from territory.base.textsafe import md_escape
from territory.data.units import unit_name
from territory.present.view import ViewFilter
from territory.web import webmap

data = app_data.load_data()
if len(data.snapshots) < 2:
    st.error(_("Comparing needs at least two valid snapshots."))
    app_data.show_data_problems(data)
    st.stop()
dates = data.dates
language = lang()


def _initial_range() -> tuple[dt.date, dt.date]:
    """The link's ``from`` and ``to``, else the first and last dates. Once the session holds the pair, the first
    and last dates (Streamlit uses the session's pair; a constant ``value`` keeps the slider's element, with all
    its dates, from being sent again on every step: see ``state.first_value``)."""
    if keys.COMPARE_RANGE in st.session_state:
        return dates[0], dates[-1]
    parse = state.date_parser(dates)
    first = state.initial(keys.COMPARE_RANGE, "from", parse, dates[0])
    last = state.initial(keys.COMPARE_RANGE, "to", parse, dates[-1])
    return min(first, last), max(first, last)


def change_table(changes: list, before_date: dt.date, after_date: dt.date) -> None:
    """The changed units, the change in km² and in points first, so a half-width column or a phone shows them
    without scrolling sideways; the two dates' shares in one short column (ISO codes are in the CSV)."""
    unit, km2, pp = _("Unit"), _("Change (km²)"), _("Change (pp)")
    shares = f"{before_date.isoformat()} → {after_date.isoformat()}"
    frame = pd.DataFrame([{
        unit: unit_name(c.iso, language), km2: None if c.change_km2 is None else round(c.change_km2),
        pp: None if c.change_pp is None else round(c.change_pp, 2),
        shares: format_shift(c.before_pct, c.after_pct, language),
    } for c in changes if c.change_pp is None or abs(c.change_pp) > 0])
    if frame.empty:
        st.write(_("No unit changed between these dates."))
        return
    st.dataframe(frame, hide_index=True, width="stretch", key=keys.CHANGE_TABLE, column_config={
        unit: st.column_config.TextColumn(width=150), km2: st.column_config.NumberColumn(width=100),
        pp: st.column_config.NumberColumn(width=90), shares: st.column_config.TextColumn(width=130)})


st.title(_("Compare two dates"))
app_data.show_data_problems(data)
# ``value`` is a pair, so the slider is a range slider from its first run on and returns a pair every run.
before_date, after_date = st.select_slider(_("Earlier and later date"), options=dates, value=_initial_range(),
                                           key=keys.COMPARE_RANGE, persist_state=state.KEEP,
                                           format_func=lambda d: d.isoformat())
state.set_params(**{"from": before_date.isoformat(), "to": after_date.isoformat()})
same_day = st.container(key=keys.COMPARE_SAME_DAY)
if before_date == after_date:
    same_day.info(_("Pick two different dates to see a change."))
spring = next((note for note in (spring_2022_note(d, language) for d in (before_date, after_date)) if note), "")
if spring:
    same_day.warning(spring)

before, after = data.snapshot(before_date), data.snapshot(after_date)
changes = compare(before, after)
net = net_change_km2(changes)
t_before, t_after = national_total(before), national_total(after)
cols = st.columns(3)
for col, day, total in ((cols[0], before_date, t_before), (cols[1], after_date, t_after)):
    col.metric(_("Under Russian control on {date}").format(date=date_label(day, language)),
               format_km2(total.controlled_km2, language),
               _("{pct} of Ukraine").format(pct=format_pct2(total.pct_of_ukraine, language)),
               delta_color="off", delta_arrow="off")
cols[2].metric(_("Net change"), format_km2(net, language, signed=True),
               format_pp(t_after.pct_of_ukraine - t_before.pct_of_ukraine, language, digits=2),
               delta_color="off")

blocks.legend()
left, right = st.columns(2)
for col, snapshot, key in ((left, before, "map_before"), (right, after, "map_after")):
    with col:
        st.markdown(f"**{date_label(snapshot.date, language)}**")
        st_folium(webmap.app_base_map(lang=language), feature_group_to_add=webmap.units_layer(
            app_data.control_features(snapshot.date, ViewFilter(), data, language)), returned_objects=[], key=key,
            height=420, use_container_width=True)

map_col, table_col = st.columns([1, 1])
with map_col:
    change_title = _("Change from {before} to {after}").format(before=date_label(before_date, language),
                                                               after=date_label(after_date, language))
    st.markdown(f"**{md_escape(change_title)}** " + md_escape(_("(percentage points of each unit)")))
    blocks.legend(palette.change_legend(language), _("Change in share under Russian control"))
    st_folium(webmap.app_base_map(lang=language), feature_group_to_add=webmap.units_layer(
        app_data.change_features(before_date, after_date, data, language), name="change"), returned_objects=[],
        key=keys.MAP_CHANGE, height=420, use_container_width=True)
with table_col:
    st.markdown("**" + _("Changes by unit, largest first") + "**")
    change_table(changes, before_date, after_date)
    st.caption(_("Net change: {change} of Ukraine. Units with no change are left out.").format(
        change=format_change(t_after.pct_of_ukraine - t_before.pct_of_ukraine, net, language, digits=2)))

blocks.compare_downloads(before, after, data)


def settlements_changed(before_date: dt.date, after_date: dt.date) -> None:
    """The settlements (GeoNames points) whose status on DeepState's map differs between the two days, with
    GeoNames' pre-war population estimates and their total (issue 25)."""
    from territory.data.settlements import changed_between
    from territory.present.places_view import changed_table

    try:
        changed = changed_between(before_date, after_date)
    except Exception:  # noqa: BLE001 - a missing or refused file is reported with the data problems
        return
    st.markdown("**" + md_escape(_("Settlements whose status on DeepState's map changed between these dates"))
                + "**")
    if changed.empty:
        st.write(_("None (or a date before the settlement ledger starts)."))
        return
    frame = changed_table(changed, before_date, after_date, language)
    st.dataframe(frame, hide_index=True, width="stretch", key=keys.SETTLEMENTS_CHANGED)
    st.caption(md_escape(_("{count} settlements; {population} people by GeoNames' pre-war estimates. "
                           "Settlements: GeoNames (CC BY 4.0).").format(
        count=len(frame), population=format_number(int(changed["population_prewar"].sum()), 0, language))))
    from app.downloads import settlements_buttons

    settlements_buttons(before_date, after_date)


settlements_changed(before_date, after_date)
