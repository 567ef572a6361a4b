"""Control map: date slider, choropleth, filters, demands beside the map, figures; table, chart and downloads in
lazy tabs."""

import datetime as dt
import uuid

import streamlit as st

from app import blocks, keys, state
from app import data as app_data
from app import timeline as map_timeline
from app.i18n import _, lang, ngettext
from territory.base import palette
from territory.base.i18n import data_text
from territory.base.text import date_label, spring_2022_note
from territory.data.units import unit_name
from territory.present.view import REUTERS_UNITS, ViewFilter, unit_styles
from territory.web.timeline import map_settings

PRE_INVASION = dt.date(2022, 2, 23)

data = app_data.load_data()
if not data.snapshots:
    st.error(_("No valid snapshot could be loaded. See the Data and sources page for the problems."))
    app_data.show_data_problems(data)
    st.stop()

units = data.units
iso_codes = list(units)
dates = data.dates
demands_by_id = data.demands_by_id
territorial = [d.id for d in data.demands if d.units]
language = lang()
scenario_names = {sc.id: data_text(sc, "title", language) for sc in data.scenarios}


def _reuters_preset() -> None:
    st.session_state[keys.MAP_UNITS] = list(REUTERS_UNITS)


def _all_units() -> None:
    st.session_state[keys.MAP_UNITS] = []


#: The tabs below the map (id in the link -> label), the lightest first: a tab renders only when open, so the
#: first screen does not wait for the data grid's and the chart's scripts (about 2 MB) before the map.
MAP_TABS = {"downloads": _("Download this view"), "figures": _("Per-unit figures"), "chart": _("Control over time")}
DEFAULT_TAB = "downloads"


def _keep_tab() -> None:
    """Keep the open tab by its id (labels change with the language), for the session and the link."""
    label = st.session_state.get(keys.MAP_TAB)
    st.session_state[keys.MAP_TAB_OPEN] = next((i for i, text in MAP_TABS.items() if text == label), DEFAULT_TAB)


def _request_date(day: dt.date) -> None:
    """Show ``day`` on the map: the page's date, and a request the timeline in the browser follows (it keeps the
    day it shows otherwise: a request is known by its number, unique to the session)."""
    st.session_state[keys.MAP_DATE] = day
    token = st.session_state.setdefault(keys.MAP_REQUEST_TOKEN, uuid.uuid4().hex[:12])
    number = st.session_state.get(keys.MAP_REQUEST_NUMBER, 0) + 1
    st.session_state[keys.MAP_REQUEST_NUMBER] = number
    st.session_state[keys.MAP_REQUEST] = {"date": day.isoformat(), "seq": f"{token}:{number}"}


def _jump() -> None:
    """Move the map to the key date picked (snapshot dates, month ends, published figures)."""
    if st.session_state.get(keys.MAP_JUMP):
        _request_date(st.session_state[keys.MAP_JUMP])


def _date_rested() -> None:
    """The hand rested on a day in the browser (slider idle, play paused): the page follows it, and the "Jump
    to" and day boxes, which no longer name the date shown, go back to their placeholders."""
    shown = map_timeline.state_value(keys.CONTROL_TIMELINE, "date")
    try:
        day = dt.date.fromisoformat(str(shown))
    except ValueError:
        return
    if day in dates and day != st.session_state.get(keys.MAP_DATE):
        st.session_state[keys.MAP_DATE] = day
        st.session_state[keys.MAP_JUMP] = None
        st.session_state[keys.MAP_DAY] = None


def _unit_clicked() -> None:
    """A unit was clicked on the map: the panel shows its entries (read in the run; nothing to do here)."""


def _go_to_day() -> None:
    """Show the day typed or picked (a phone's slider moves four days per pixel); a day without a map shows the
    last map before it, and the page says so."""
    day = st.session_state.get(keys.MAP_DAY)
    if day:
        _request_date(max((d for d in dates if d <= day), default=dates[0]))
        st.session_state[keys.MAP_JUMP] = None


state.link_wins("places", keys.MAP_DATE)  # back from the Places page: its date, as on a first visit
if st.session_state.get(keys.MAP_DATE) not in dates:  # the session's first visit: the link's date, else the last
    _request_date(state.initial(keys.MAP_DATE_FROM_LINK, "date", state.date_parser(dates), dates[-1]))
elif keys.MAP_REQUEST not in st.session_state:
    _request_date(st.session_state[keys.MAP_DATE])


with st.sidebar:
    st.subheader(_("Filters"))
    st.multiselect(_("Units"), iso_codes, key=keys.MAP_UNITS, persist_state=state.KEEP,
                   default=state.initial(keys.MAP_UNITS, "units", state.units_parser(iso_codes), state.NO_UNITS),
                   format_func=lambda iso: f"{unit_name(iso, language, units)} ({iso})",
                   placeholder=ngettext("All {n} unit", "All {n} units", len(iso_codes)).format(n=len(iso_codes)))
    st.button(_("The 7 regions of the Reuters report"), on_click=_reuters_preset, width="stretch",
              help=_("Crimea (with Sevastopol), Luhansk, Donetsk, Zaporizhzhia, Kherson, Kharkiv, Sumy"))
    st.button(_("All units"), on_click=_all_units, width="stretch")
    min_share = st.slider(_("Minimum share under Russian control (%)"), 0.0, 100.0, step=1.0, key=keys.MAP_MIN_SHARE, format="%d",
                          value=state.initial(keys.MAP_MIN_SHARE, "min", state.float_parser(0, 100), 0.0),
                          persist_state=state.KEEP)
    demand_options = ["", *territorial]
    demand_id = st.selectbox(_("Highlight a territorial demand"), demand_options, key=keys.MAP_DEMAND,
                             index=demand_options.index(state.initial(keys.MAP_DEMAND, "demand",
                                                                      state.choice_parser(territorial), "")),
                             format_func=lambda i: _("None") if not i else blocks.demand_label(demands_by_id[i]),
                             persist_state=state.KEEP)
    scenario_options = ["", *scenario_names]
    scenario_id = st.selectbox(_("Show a peace plan's outcome on the map"), scenario_options, key=keys.MAP_SCENARIO,
                               index=scenario_options.index(state.initial(keys.MAP_SCENARIO, "plan",
                                                                          state.choice_parser(list(scenario_names)), "")),
                               format_func=lambda i: _("None") if not i else scenario_names[i], persist_state=state.KEEP)
    show_outline = st.toggle(_("Occupied area (DeepState's map of the day)"), value=True, key=keys.MAP_OUTLINE,
                             persist_state=state.KEEP,
                             help=_("DeepState's occupied area as a dark line and its grey zone dashed, over the "
                                    "colours"))
    show_tiles = st.toggle(_("OpenStreetMap tiles (needs internet)"), value=False, key=keys.MAP_TILES,
                           persist_state=state.KEEP)

st.title(_("Russian control of Ukraine, by region"))
app_data.show_data_problems(data)


#: Play speeds: days per second and their names; the default is the second.
SPEEDS = [(2, _("2 days per second")), (7, _("1 week per second")), (30, _("1 month per second"))]


def timeline_data(view: ViewFilter, demand, fixed: dict | None, show_outline: bool, show_tiles: bool) -> dict:
    """What the map in the browser needs: every day and its styles under the filters, where to fetch outlines
    and tooltips, the day Python asks for, the words; with a peace plan, the plan's units for the page's date
    (``fixed``: the plan's outcome is computed per day on the server, so the map follows when the hand rests)."""
    tips_url = map_timeline.tooltips_url(data.signature, language, data.snapshots, data.sources, data.published)
    requested = dt.date.fromisoformat(st.session_state[keys.MAP_REQUEST]["date"])
    return {**map_timeline.days_for(data, language), **map_timeline.runs_for(data, view, demand),
            **map_settings(language, show_tiles), **st.session_state[keys.MAP_REQUEST],
            "fixed": {f["properties"]["iso"]: f["properties"] for f in fixed["features"]} if fixed else None,
            "show_outline": bool(show_outline),
            "outline_prefix": map_timeline.outlines_url(data.series_dir, data.signature),
            "tips_url": tips_url,
            # until the file of every day's tooltips is there, the requested day's travel with the map
            "tips_now": None if tips_url else {f["properties"]["iso"]: f["properties"]["tooltip"] for f in
                                               app_data.control_features(requested, view, data, language)["features"]},
            "height": 500, "speeds": SPEEDS, "default_speed": 1,
            "text": {"slider": _("Date (map state)"),
                     "slider_help": _("Every day since April 2022 (arrow keys: one day); before it, curated dates"),
                     "play": _("Play"), "pause": _("Pause"), "speed": _("Speed"), "loop": _("Loop"),
                     "loading": _("Loading the figures…")}}


@st.fragment
def dated_view(min_share: float, demand_id: str, scenario_id: str, show_outline: bool, show_tiles: bool) -> None:
    """Everything that depends on the date. The map steps and plays the date in the browser (issue 26); when the
    hand rests on a day, only this part reruns, so the browser re-renders the headline, panel and open tab, not
    the sidebar and the title (issue 14), and the map's element, unchanged, is sent as a reference."""
    # the date's slider and play button are on the map (the timeline); on a phone the two boxes share a row
    # (app/router.py), so the map stays on the first screen
    note_col, day_col, jump_col = st.container(key=keys.DATE_ROW).columns([4, 1, 1], vertical_alignment="bottom")
    date = st.session_state[keys.MAP_DATE]
    day_col.date_input(_("Go to a day"), value=None, min_value=dates[0], max_value=dates[-1], key=keys.MAP_DAY,
                       on_change=_go_to_day, format="YYYY-MM-DD", help=_("Any day; a day without a map shows the last "
                                                                          "map before it"))
    jump_col.selectbox(_("Jump to"), data.key_dates, index=None, key=keys.MAP_JUMP, on_change=_jump,
                       format_func=lambda d: d.isoformat(), placeholder=_("a key date"),
                       help=_("Month ends, the curated snapshots and dates with published figures"))

    day = st.session_state.get(keys.MAP_DAY)
    day_note = note_col.container(key=keys.DAY_NOTE)
    if day and day != date:
        day_note.caption(_("There is no map for {day}: this is the map of {date}, the last one before it.").format(
            day=date_label(day, language), date=date_label(date, language)))
    if spring_2022_note(date, language):
        day_note.caption("⚠️ " + spring_2022_note(date, language))
    view = ViewFilter(units=tuple(st.session_state[keys.MAP_UNITS]) or None, min_share=min_share,
                      demand_id=demand_id or None)
    open_tab = state.initial(keys.MAP_TAB_OPEN, "tab", state.choice_parser(list(MAP_TABS)), DEFAULT_TAB)
    state.set_params(date=date.isoformat(), units=view.units, min=view.min_share or None, demand=view.demand_id,
                     plan=scenario_id or None, tab=None if open_tab == DEFAULT_TAB else open_tab)

    snapshot = data.snapshot(date)
    previous = data.previous(date)
    baseline = data.snapshot(PRE_INVASION) if PRE_INVASION in dates else None
    demand = demands_by_id.get(view.demand_id) if view.demand_id else None
    shown = tuple(s.control.iso for s in unit_styles(snapshot, previous, view, demand) if s.shown)

    # The map is sent first and the figures above it after (their places are reserved in order): the browser
    # handles a run's elements one by one, so the map is redrawn without waiting for the others (issue 14).
    headline_box = st.container(key=keys.HEADLINE)
    map_col, panel_col = st.columns([3, 2], gap="medium")
    with map_col:
        legend_box = st.container()
        scenario_note = st.container(key=keys.SCENARIO_NOTE)
        if scenario_id:
            features = app_data.scenario_features(scenario_id, date, data, language, shown,
                                                  demand.unit_isos if demand else ())
            scenario_note.info(_("Showing the outcome of “{plan}” applied to the line of {date} (purple edge: part of the "
                                 "unit becomes a zone). Unit-level rules simplify lines inside a unit; details on the Demands "
                                 "page.").format(plan=scenario_names[scenario_id], date=date_label(date, language)))
        else:
            features = None
        day_outline = app_data.outline(date, data) if show_outline and not scenario_id else None
        map_timeline.timeline(timeline_data(view, demand, features if scenario_id else None, show_outline, show_tiles),
                              key=keys.CONTROL_TIMELINE, on_date_change=_date_rested, on_clicked_change=_unit_clicked)
        if scenario_id:
            st.caption(_("The plan's outcome on the line of this day: thick outline: units the plan names · thick "
                         "purple edge: part of the unit becomes a zone · dark purple outline: units of the highlighted "
                         "demand · light grey: filtered out. DeepState's occupied area is not drawn over a plan. "
                         "Figures derived from DeepState maps: credit DeepState."))
        else:
            st.caption(_("Black line: DeepState's occupied area on this day; dashed grey: its grey zone · dark grey, "
                         "dashed outline: no figure for this date · dashed outline: sources give a range · purple "
                         "outline: units of the highlighted demand · light grey: filtered out. Figures derived from "
                         "DeepState maps: credit DeepState."))

    with headline_box:
        blocks.headline(snapshot, previous, baseline, view.units)
    with legend_box:
        blocks.legend(palette.scenario_legend(language) if scenario_id else None)

    clicked_iso = map_timeline.state_value(keys.CONTROL_TIMELINE, "clicked")
    clicked = blocks.clicked_unit({"last_active_drawing": {"properties": {"iso": clicked_iso}}}, units)
    with panel_col:
        blocks.demands_panel(data, snapshot, list(shown), clicked, demand)

    st.session_state[keys.MAP_TAB_OPEN] = open_tab
    st.session_state[keys.MAP_TAB] = MAP_TABS[open_tab]  # the kept tab, also after a page change or a language switch
    tabs = st.tabs(list(MAP_TABS.values()), key=keys.MAP_TAB, on_change=_keep_tab, default=MAP_TABS[DEFAULT_TAB])
    render_tab = {"downloads": lambda: blocks.downloads(snapshot, previous, view, demand, data, day_outline),
                  "figures": lambda: blocks.unit_table(snapshot, previous, view, data.sources),
                  "chart": lambda: blocks.control_chart(view, snapshot.date, data)}
    for tab_id, tab in zip(MAP_TABS, tabs, strict=True):
        if tab.open:
            with tab:
                render_tab[tab_id]()


dated_view(min_share, demand_id, scenario_id, show_outline, show_tiles)
