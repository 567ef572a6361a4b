"""Places: an oblast's raions or hromadas on DeepState's map of a day, and a settlement's timeline. The view
(unit, level, date, search) is kept in the link; the control map opens it for a clicked unit (``?via=map``).
What is shown is made in territory/present/places_view.py: this page lays it out."""

import datetime as dt

import folium
import streamlit as st
from streamlit_folium import st_folium

from app import blocks, keys, state
from app import data as app_data
from app.downloads import places_buttons
from app.i18n import _, lang
from territory.base import palette
from territory.base.text import date_label, format_number
from territory.base.textsafe import md_escape
from territory.data.settlements import changes_of, ledger, search, settlements, status_on, summary
from territory.data.subunit_series import series_days, summary_rows
from territory.data.units import unit_name
from territory.present import places_view as view
from territory.web import webmap

data = app_data.load_data()
language = lang()
st.title(_("Raions, hromadas and settlements"))
app_data.show_data_problems(data)
try:
    days = series_days()
    table = settlements()
except Exception:  # noqa: BLE001 - a missing or refused file is reported by show_data_problems
    st.error(_("The raion, hromada and settlement data are not available."))
    st.stop()
units = [iso for iso in data.units if iso not in view.NO_SUBUNITS]


def _date(raw: str) -> dt.date:
    try:
        value = dt.date.fromisoformat(raw)
    except ValueError:
        raise ValueError(_("not a date (YYYY-MM-DD); showing the default.")) from None
    if not days[0] <= value <= days[-1]:
        raise ValueError(_("outside the series ({first} to {last}); showing the default.").format(
            first=days[0], last=days[-1]))
    return view.last_on_or_before(days, value)


def _step(day: dt.date) -> None:
    st.session_state[keys.PLACES_DATE] = day


def _found(text: str):
    """The settlements a search finds, the most populous first (none for a blank search)."""
    return search(table, text).sort_values("population_prewar", ascending=False) if text.strip() else table.iloc[0:0]


def _open_found_oblast() -> None:
    """A new search opens the oblast of the settlement it finds, so the map (fitted to the oblast) shows it:
    searching "Kupiansk" on Donetsk's hromadas shows Kharkiv's. The person may then pick another oblast."""
    found = _found(st.session_state.get(keys.PLACES_QUERY, ""))
    if len(found) and found.iloc[0].unit in units:
        st.session_state[keys.PLACES_UNIT] = found.iloc[0].unit


# a link from the control map (a clicked unit) opens its unit, level and date (no search), whatever the session kept
state.link_wins("map", keys.PLACES_UNIT, keys.PLACES_LEVEL, keys.PLACES_DATE, keys.PLACES_QUERY)
controls = st.container(horizontal=True, key=keys.PLACES_CONTROLS, vertical_alignment="bottom")
unit = controls.selectbox(_("Oblast"), units, key=keys.PLACES_UNIT, format_func=lambda iso: unit_name(iso, language),
                          index=units.index(state.initial(keys.PLACES_UNIT, "unit", state.choice_parser(units), "UA-14")),
                          persist_state=state.KEEP)
level = controls.radio(_("Show"), view.LEVELS, key=keys.PLACES_LEVEL, format_func=lambda lv: _(view.LEVEL_NAMES[lv]),
                       index=view.LEVELS.index(state.initial(keys.PLACES_LEVEL, "level",
                                                             state.choice_parser(view.LEVELS), "hromada")),
                       horizontal=True, persist_state=state.KEEP)
day = view.last_on_or_before(days, state.initial(keys.PLACES_DATE, "date", _date, days[-1]))
before, after = view.step_days(days, day)
controls.button(_("Previous map"), icon=":material/chevron_left:", key=keys.PLACES_PREVIOUS, disabled=before is None,
                on_click=_step, args=(before,), help=_("The map of the day before, the last one there is"))
day = controls.date_input(_("Date"), min_value=days[0], max_value=days[-1], key=keys.PLACES_DATE,
                          value=state.first_value(keys.PLACES_DATE, "date", _date, days[-1]),
                          persist_state=state.KEEP, format="YYYY-MM-DD")
controls.button(_("Next map"), icon=":material/chevron_right:", icon_position="right", key=keys.PLACES_NEXT,
                disabled=after is None, on_click=_step, args=(after,), help=_("The map of the day after"))
day = view.last_on_or_before(days, day)
state.set_params(unit=unit, level=level, date=day.isoformat())
st.page_link("pages/control_map.py", label=_("Back to the control map"), icon=":material/arrow_back:",
             query_params=state.link_from("places", date=day.isoformat()))

rows = summary_rows(day, level, unit)
day_text = date_label(day, language)
st.subheader(md_escape(view.heading(level, unit_name(unit, language), day, language)))

query = st.text_input(_("Find a settlement (English or Ukrainian)"), key=keys.PLACES_QUERY,
                      value=state.initial(keys.PLACES_QUERY, "q", str, ""), persist_state=state.KEEP,
                      on_change=_open_found_oblast)
state.set_params(q=query or None)
found = _found(query)
chosen = found.iloc[0] if len(found) else None
if query.strip() and chosen is None:
    st.info(_("No settlement matches."))

# the base map depends on the unit and the language only: a date step or a search swaps the layers and keeps
# the user's zoom (st_folium re-draws the map only when the base map changes)
fmap = webmap.app_base_map(lang=language)
box = view.bounds(level, unit) or webmap.UKRAINE_BOUNDS
if chosen is not None and chosen.unit != unit:  # a link naming an oblast and a settlement outside it: show both
    box = view.bounds_with(box, float(chosen.latitude), float(chosen.longitude))
webmap.fit_to(fmap, box)
features = view.subunit_features(rows, level, unit, language, day_text)
group = folium.FeatureGroup(name="places")
folium.GeoJson(features, style_function=lambda f: {"fillColor": f["properties"]["fill"], "color": palette.UNIT_EDGE,
                                                   "weight": 0.6, "fillOpacity": 0.85},
               tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False)).add_to(group)
outline = app_data.outline(day, data)
if outline is not None:  # above the fills, as on the control map: a black line, the grey zone dashed
    webmap.outline_layer(outline).add_to(group)
if chosen is not None:
    folium.CircleMarker([chosen.latitude, chosen.longitude], radius=7, color=palette.HIGHLIGHT_EDGE, weight=3, fill=True,
                        fill_color=palette.OUTLINE_FILL, fill_opacity=1, tooltip=str(chosen["name"])).add_to(group)
blocks.legend(palette.places_legend(language),
              _("Share of each raion or hromada inside the occupied area on DeepState's map"))
# the other oblasts grey under the chosen one's raions or hromadas (their geometry is the app's static file)
context = webmap.units_layer(webmap.context_units(data.units, unit, language), name="context")
st_folium(fmap, feature_group_to_add=[context, group], returned_objects=[], key=keys.PLACES_MAP, height=520,
          use_container_width=True)
st.caption(md_escape(_("Black line: DeepState's occupied area on this day; dashed grey: its grey zone.") + " "
                     + view.credits(language, settlements=chosen is not None)))

if chosen is not None:
    changes = changes_of(int(chosen.geonameid)) if int(chosen.geonameid) in set(ledger()["geonameid"]) else []
    info = summary(changes)
    name = chosen.name_uk if language == "uk" and chosen.name_uk else chosen["name"]
    st.subheader(md_escape(f"{name} ({unit_name(chosen.unit, language) if chosen.unit else '-'})"))
    st.markdown(md_escape(_("Population {population} (GeoNames, pre-war estimate). On DeepState's map of {date}: "
                            "{status}.").format(population=format_number(int(chosen.population_prewar), 0, language),
                                                date=day_text, status=view.status_name(status_on(changes, day), language))))
    if info["first_occupied"]:
        st.markdown(md_escape(_("First inside the occupied area on DeepState's map of {date}.").format(
            date=date_label(info["first_occupied"], language))))
    if changes:
        st.dataframe(view.timeline_frame(changes, language), hide_index=True, key=keys.PLACES_TIMELINE)

st.dataframe(view.table_frame(rows, language), hide_index=True, width="stretch", key=keys.PLACES_TABLE)
st.subheader(_("Download this view"))
places_buttons(unit, level, day, outline,
               None if chosen is None else (str(name), float(chosen.latitude), float(chosen.longitude)),
               "" if chosen is None else str(int(chosen.geonameid)))
