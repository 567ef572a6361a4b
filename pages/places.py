"""Places: an oblast's raions or hromadas on DeepState's map of a day, and a settlement's timeline. The view
(unit, level, date, search) is kept in the link."""

import datetime as dt

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from app import data as app_data
from app import keys, state
from app.i18n import _, lang
from territory.base import palette
from territory.base.text import date_label
from territory.base.textsafe import md_escape
from territory.data.settlements import changes_of, ledger, search, settlements, status_on, summary
from territory.data.subunit_series import series_days, summary_rows
from territory.data.units import unit_name
from territory.present.places_view import last_on_or_before, subunit_features
from territory.web import webmap

LEVELS = ("raion", "hromada")
LEVEL_NAMES = {"raion": _("Raions"), "hromada": _("Hromadas")}
STATUS_NAMES = {"occupied": _("inside the occupied area"), "grey": _("inside the grey zone (status unknown)"),
                "none": _("outside both")}
HEADINGS = {"raion": _("{unit}: share of each raion inside the occupied area on DeepState's map of {date}"),
            "hromada": _("{unit}: share of each hromada inside the occupied area on DeepState's map of {date}")}

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
units = [iso for iso in data.units if iso not in ("UA-30", "UA-40")]


def _date(raw: str) -> dt.date:
    try:
        value = dt.date.fromisoformat(raw)
    except ValueError:
        raise ValueError(_("not a date (YYYY-MM-DD); showing the default.")) from None
    if not days[0] <= value <= days[-1]:
        raise ValueError(_("outside the series ({first} to {last}); showing the default.").format(
            first=days[0], last=days[-1]))
    return value


controls = st.container(horizontal=True, key=keys.PLACES_CONTROLS)
unit = controls.selectbox(_("Oblast"), units, key=keys.PLACES_UNIT, format_func=lambda iso: unit_name(iso, language),
                          index=units.index(state.initial(keys.PLACES_UNIT, "unit", state.choice_parser(units), "UA-14")),
                          persist_state=state.KEEP)
level = controls.radio(_("Show"), LEVELS, key=keys.PLACES_LEVEL, format_func=lambda lv: LEVEL_NAMES[lv],
                       index=LEVELS.index(state.initial(keys.PLACES_LEVEL, "level", state.choice_parser(LEVELS),
                                                        "hromada")), horizontal=True, persist_state=state.KEEP)
day = controls.date_input(_("Date"), min_value=days[0], max_value=days[-1], key=keys.PLACES_DATE,
                          value=state.initial(keys.PLACES_DATE, "date", _date, days[-1]), persist_state=state.KEEP)
day = last_on_or_before(days, day)
state.set_params(unit=unit, level=level, date=day.isoformat())

rows = summary_rows(day, level, unit)
day_text = date_label(day, language)
st.markdown(md_escape(HEADINGS[level].format(unit=unit_name(unit, language), date=day_text)))
fmap = webmap.app_base_map(lang=language)
features = subunit_features(rows, level, unit, language, day_text)
group = folium.FeatureGroup(name="places")
folium.GeoJson(features, style_function=lambda f: {"fillColor": f["properties"]["fill"], "color": palette.UNIT_EDGE,
                                                   "weight": 0.6, "fillOpacity": 0.85},
               tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False)).add_to(group)
outline = app_data.outline(day, data)
if outline is not None:
    webmap.outline_layer(outline).add_to(fmap)

query = st.text_input(_("Find a settlement (English or Ukrainian)"), key=keys.PLACES_QUERY,
                      value=state.initial(keys.PLACES_QUERY, "q", str, ""), persist_state=state.KEEP)
state.set_params(q=query or None)
found = search(table, query).sort_values("population_prewar", ascending=False) if query.strip() else table.iloc[0:0]
chosen = None
if query.strip():
    if found.empty:
        st.info(_("No settlement matches."))
    else:
        chosen = found.iloc[0]
        folium.CircleMarker([chosen.latitude, chosen.longitude], radius=7, color=palette.HIGHLIGHT_EDGE, weight=3, fill=True,
                            fill_color=palette.OUTLINE_FILL, fill_opacity=1, tooltip=str(chosen["name"])).add_to(group)
minimum = [[float(b) for b in pair] for pair in ((44.0, 22.0), (52.5, 40.5))]
if features["features"]:
    import shapely
    from shapely.geometry import shape

    bounds = shapely.union_all([shape(f["geometry"]) for f in features["features"]]).bounds
    minimum = [[bounds[1], bounds[0]], [bounds[3], bounds[2]]]
fmap.fit_bounds(minimum)
st_folium(fmap, feature_group_to_add=group, returned_objects=[], key=keys.PLACES_MAP, height=520,
          use_container_width=True)
st.caption(md_escape(_("Raions and hromadas: © OpenStreetMap contributors (ODbL 1.0), via darmat1/ukraine-geo-data.")
                     + " " + _("Areas: DeepState's map, computed by this project.")))

frame = pd.DataFrame(rows).sort_values("controlled_pct", ascending=False)
st.dataframe(frame[["code", "name_en" if language == "en" else "name_uk", "controlled_pct", "controlled_km2",
                    "area_km2"]], hide_index=True, width="stretch", key=keys.PLACES_TABLE)
st.download_button(_("Download CSV"), frame.to_csv(index=False).encode("utf-8"),
                   file_name=f"{level}s-{unit}-{day.isoformat()}.csv", mime="text/csv", key=keys.PLACES_CSV)

if chosen is not None:
    changes = changes_of(int(chosen.geonameid)) if int(chosen.geonameid) in set(ledger()["geonameid"]) else []
    info = summary(changes)
    name = chosen.name_uk if language == "uk" and chosen.name_uk else chosen["name"]
    st.subheader(md_escape(f"{name} ({unit_name(chosen.unit, language) if chosen.unit else '-'})"))
    st.markdown(md_escape(_("Population {population} (GeoNames, pre-war estimate). On DeepState's map of {date}: "
                            "{status}.").format(population=f"{int(chosen.population_prewar):,}", date=day_text,
                                                status=STATUS_NAMES[status_on(changes, day)])))
    if info["first_occupied"]:
        st.markdown(md_escape(_("First inside the occupied area on DeepState's map of {date}.").format(
            date=date_label(info["first_occupied"], language))))
    timeline = pd.DataFrame([{_("Date"): c.day.isoformat(), _("Status"): STATUS_NAMES[c.status],
                              _("Flip-flop"): c.flip_flop} for c in changes])
    if not timeline.empty:
        st.dataframe(timeline, hide_index=True, key=keys.PLACES_TIMELINE)
st.caption(md_escape(_("Settlements: GeoNames (CC BY 4.0); official names: KATOTTG codifier.")))
