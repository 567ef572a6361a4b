"""Changes by period: km² that came under Russian control and that left it, net and rate, per period and unit,
beside what DeepState, ISW and others published; "at this pace"; downloads. The view is kept in the link."""

import datetime as dt

import pandas as pd
import streamlit as st

from app import data as app_data
from app import downloads, keys, state
from app.i18n import _, lang
from territory.analysis.changes import COUNTS, PERIODS, UKRAINE, changes, coverage, range_total
from territory.base.text import date_label, format_km2, format_number, spring_2022_note
from territory.present.changes_view import (
    COUNT_HELP,
    COUNT_NAMES,
    PERIOD_NAMES,
    area_name,
    changes_chart_spec,
    largest_changes,
    pace_sentence,
    published_beside,
    published_rows,
    rate_chart_spec,
    table_rows,
)

data = app_data.load_data()
language = lang()
st.title(_("Changes by period"))
app_data.show_data_problems(data)
flows = app_data.load_flows_for(data)
if flows is None:
    st.error(_("The series' changes are not available: run `territory series changes ARCHIVE...`."))
    st.stop()
first_day, last_day = coverage(flows)


def _default_range() -> tuple[dt.date, dt.date]:
    """The last twelve whole months of the series (or all of it, if shorter)."""
    end = last_day.replace(day=1) - dt.timedelta(days=1)
    start = (end + dt.timedelta(days=1)).replace(year=end.year - 1)
    return (max(start, first_day), end) if start < end else (first_day, last_day)


def _date_in_range(raw: str) -> dt.date:
    try:
        value = dt.date.fromisoformat(raw)
    except ValueError:
        raise ValueError(_("not a date (YYYY-MM-DD); showing the default.")) from None
    if not first_day <= value <= last_day:
        raise ValueError(_("outside the series ({first} to {last}); showing the default.").format(
            first=first_day, last=last_day))
    return value


default_start, default_end = _default_range()
st.markdown(_("How much came under Russian control and how much left it, period by period, on DeepState's map. "
              "Each period runs from the map of the day before it starts to the map of its last day."))
controls = st.container(horizontal=True, key=keys.CHANGES_CONTROLS)
start = controls.date_input(_("From"), min_value=first_day, max_value=last_day, key=keys.CHANGES_FROM,
                            value=state.initial(keys.CHANGES_FROM, "from", _date_in_range, default_start),
                            persist_state=state.KEEP)
end = controls.date_input(_("To"), min_value=first_day, max_value=last_day, key=keys.CHANGES_TO,
                          value=state.initial(keys.CHANGES_TO, "to", _date_in_range, default_end),
                          persist_state=state.KEEP, help=_("Both days are included: the first day's map is compared "
                                                           "with the map of the day before it."))
by = controls.selectbox(_("Group by"), PERIODS, key=keys.CHANGES_BY, format_func=lambda p: _(PERIOD_NAMES[p]),
                        index=PERIODS.index(state.initial(keys.CHANGES_BY, "by", state.choice_parser(PERIODS),
                                                          "month")), persist_state=state.KEEP)
count = controls.radio(_("Count"), COUNTS, key=keys.CHANGES_COUNT, format_func=lambda c: _(COUNT_NAMES[c]),
                       index=COUNTS.index(state.initial(keys.CHANGES_COUNT, "count", state.choice_parser(COUNTS),
                                                        "land")),
                       horizontal=True, persist_state=state.KEEP, help=" ".join(_(COUNT_HELP[c]) for c in COUNTS))
units = st.multiselect(_("By unit (land area)"), list(data.units), key=keys.CHANGES_UNITS,
                       default=state.initial(keys.CHANGES_UNITS, "units", state.units_parser(list(data.units)),
                                             state.NO_UNITS),
                       format_func=lambda iso: area_name(iso, language), persist_state=state.KEEP,
                       disabled=count == "deepstate", placeholder=_("Ukraine as a whole"),
                       help=_("DeepState's polygon is counted for Ukraine as a whole; choose the land area to see "
                              "units."))
shown_units = units if count == "land" else []
state.set_params(**{"from": start.isoformat(), "to": end.isoformat(), "by": by, "count": count,
                    "units": shown_units})
if start > end:
    st.info(_("Pick a start before the end to see changes."))
    st.stop()

rows = changes(flows, start, end, by, shown_units, count)
total = range_total(flows, start, end, UKRAINE, count)
note = spring_2022_note(start, language)
if note:
    st.warning(note)

headline = st.container(horizontal=True, key=keys.CHANGES_HEADLINE)
headline.metric(_("Came under Russian control"), format_km2(total.gained_km2, language))
headline.metric(_("Left Russian control"), format_km2(total.lost_km2, language))
headline.metric(_("Net"), format_km2(total.net_km2, language, signed=True))
headline.metric(_("Net per day"), f"{format_number(total.km2_per_day, 1, language)} {_('km²')}")
st.caption(_("Ukraine, {count}, {start} to {end} ({days} days: the map of {before} against the map of {end}). "
             "Estimate computed by this project from DeepState's map (deepstatemap.live); credit DeepState.").format(
    count=_(COUNT_NAMES[count]), start=date_label(start, language), end=date_label(end, language),
    before=date_label(start - dt.timedelta(days=1), language), days=total.period.days))

st.vega_lite_chart(changes_chart_spec(rows, language, by_unit=bool(shown_units)), width="stretch",
                   key=keys.CHANGES_CHART)
st.vega_lite_chart(rate_chart_spec(rows, language), width="stretch", key=keys.CHANGES_RATE)
# the downloads hold what the chart shows: the units chosen (each one's net), or Ukraine
downloads.changes_buttons([c for c in rows if (c.area != UKRAINE) == bool(shown_units)], start, end, by, count,
                          tuple(shown_units) or None)

st.subheader(_("Beside what others published"))
found = published_beside(data.published_changes, flows, data.sources, start, end, by)
if found:
    st.dataframe(pd.DataFrame(published_rows(found, language)), hide_index=True, width="stretch",
                 key=keys.CHANGES_PUBLISHED)
else:
    st.caption(_("No published figure covers exactly a period of this range."))

st.subheader(_("Largest changes by unit"))
ranked = largest_changes(changes(flows, start, end, by, list(data.units), "land"))
st.dataframe(pd.DataFrame([{_("Unit"): area_name(c.area, language), _("Period"): c.period.label,
                            _("Net (km²)"): c.net_km2, _("Came under Russian control (km²)"): c.gained_km2,
                            _("Left Russian control (km²)"): c.lost_km2} for c in ranked]),
             hide_index=True, width="stretch", key=keys.CHANGES_LARGEST)

st.subheader(_("At this pace"))
pace_units = [iso for iso in data.units if iso not in ("UA-43", "UA-40")]  # Crimea and Sevastopol never move
linked = state.initial(keys.CHANGES_PACE_UNIT, "pace", state.choice_parser(pace_units), None)
pace_unit = st.selectbox(_("Unit"), pace_units, index=pace_units.index(linked) if linked else None,
                         key=keys.CHANGES_PACE_UNIT, placeholder=_("Choose a unit"),
                         format_func=lambda iso: area_name(iso, language), persist_state=state.KEEP)
state.set_params(pace=pace_unit)
if pace_unit:
    snapshot = data.snapshot(max(d for d in data.dates if d <= end))
    figure = snapshot.figures.get(pace_unit)
    if figure is None:
        st.caption(_("No figure for this unit on that day."))
    else:
        area = data.units[pace_unit].area_km2
        st.markdown(pace_sentence(pace_unit, figure.controlled_pct / 100 * area, area,
                                  range_total(flows, start, end, pace_unit), snapshot.date, language))

with st.expander(_("The figures (table)")):
    st.dataframe(pd.DataFrame(table_rows(rows, language)), hide_index=True, width="stretch", key=keys.CHANGES_TABLE)
