"""Data and sources: every figure with its source; totals beside published totals; upload a snapshot."""

import datetime as dt

import pandas as pd
import streamlit as st

from app import blocks as parts
from app import data as app_data
from app import keys, uploads
from app.i18n import _, lang
from territory.analysis.figures import national_total, unit_control
from territory.base.i18n import term, untranslated_mark
from territory.base.text import format_km2, range_text, spring_2022_note
from territory.data.snapshots import MAX_SNAPSHOT_BYTES
from territory.data.template import snapshot_template
from territory.data.units import unit_name

data = app_data.load_data()
language = lang()
#: Free text written in English in the data files (notes, methods): its column says so in another language.
in_english = "" if language == "en" else " " + untranslated_mark(language)
st.title(_("Data and sources"))
app_data.show_data_problems(data)
st.markdown(_("Every figure has a date, a source and a kind: **published** (printed by a named publisher) or "
              "**estimate** (computed by this project; the method is in the source entry). A unit missing from a "
              "snapshot has *no figure*, which is not 0 %. Figures derived from DeepState's maps: credit DeepState."))

if not data.snapshots:
    st.error(_("No valid snapshot could be loaded; the problems are listed above."))
    st.stop()

tab_figures, tab_totals, tab_sources, tab_upload, tab_derive, tab_whole = st.tabs(
    [_("Figures by date"), _("National totals"), _("Sources"), _("Upload a snapshot"), _("Derive from a map"),
     _("The whole series")])

with tab_figures:
    date = st.selectbox(_("Snapshot"), data.dates[::-1], format_func=lambda d: d.isoformat(), key=keys.DATA_DATE)
    snapshot = data.snapshot(date)
    if spring_2022_note(date, language):
        st.warning(spring_2022_note(date, language))
    rows = []
    for r in unit_control(snapshot):
        rows.append({_("Unit"): unit_name(r.iso, language), _("Share %"): r.pct,  # the figures first (phones)
                     _("km²"): None if r.km2 is None else round(r.km2), _("Range"): range_text(r, language),
                     _("Kind"): term(r.kind, language) if r.kind else _("no figure"), "ISO": r.iso,
                     _("Sources"): "; ".join(r.sources), _("Note") + in_english: r.note})
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key=keys.FIGURES_TABLE)
    st.caption(_("File: {path}").format(path=snapshot.path or _("uploaded in this session")))
    parts.snapshot_downloads(snapshot, data)

with tab_totals:
    published = data.published_totals
    from territory.data.units import ukraine_area_km2

    computed = pd.DataFrame([{"date": s.date, "km2": round(national_total(s).controlled_km2),
                              "pct": round(national_total(s).pct_of_ukraine, 2),
                              "source": _("this project (sum of units)")} for s in data.snapshots])
    others = pd.DataFrame([{"date": t.date, "km2": round(t.controlled_km2), "pct": t.pct_of_ukraine,
                            "source": "; ".join(f"{data.sources[s].publisher} ({term(data.sources[s].kind, language)})"
                                                for s in t.sources)} for t in published])
    st.markdown(_("Totals computed here (sum over the units, geoBoundaries areas cut to land, {area} in all) beside "
                  "totals other publishers printed. Publishers use different maps and methods; the spread is the "
                  "uncertainty.").format(area=format_km2(ukraine_area_km2(), language)))
    parts.totals_chart(computed, others)
    totals = pd.concat([computed, others]).sort_values("date").rename(columns={
        "date": _("Date"), "km2": _("km²"), "pct": _("% of Ukraine"), "source": _("Source")})
    st.dataframe(totals, hide_index=True, width="stretch", key=keys.TOTALS_TABLE)

with tab_sources:
    link = _("Link")
    st.dataframe(pd.DataFrame([{
        "id": s.id, _("Kind"): term(s.kind, language), _("Publisher"): s.publisher, _("Title") + in_english: s.title,
        _("Date"): s.date, link: s.url, _("Licence") + in_english: s.licence, _("Method") + in_english: s.method}
        for s in data.sources.values()]),
        hide_index=True, width="stretch", key=keys.SOURCES_TABLE,
        column_config={link: st.column_config.LinkColumn(link)})

with tab_upload:
    st.markdown(_("Check your own snapshot CSV against the same rules as `python -m territory validate`. "
                  "A valid file is added as an extra date **for this browser session only**; nothing is written "
                  "to the server."))
    st.download_button(_("Download the schema template (CSV)"), snapshot_template(), file_name="snapshot-template.csv",
                       mime="text/csv", on_click="ignore", key=keys.DL_TEMPLATE)
    upload = st.file_uploader(_("Snapshot CSV"), type=["csv"], key=keys.SNAPSHOT_UPLOAD,
                              help=_("UTF-8 CSV, at most {kb} KB").format(kb=MAX_SNAPSHOT_BYTES // 1000))
    upload_date = st.date_input(_("Date the figures hold"), value=None, min_value=dt.date(2014, 1, 1),
                                max_value=dt.date.today(), key=keys.UPLOAD_DATE,
                                help=_("Taken from the file name (YYYY-MM-DD.csv) when left empty"))
    if upload is not None:
        uploads.handle_snapshot_upload(upload, upload_date, data)

with tab_derive:
    st.markdown(_("Upload a map of the area under Russian control (GeoJSON polygons, e.g. a DeepState daily file) to "
                  "get each unit's share by a true overlay in an equal-area projection. Slivers under 2 km wide along "
                  "coasts and borders are ignored. Nothing is written to the server."))
    control_upload = st.file_uploader(_("Control-area map (GeoJSON)"), type=["geojson", "json"], key=keys.CONTROL_UPLOAD,
                                      help=_("At most 5 MB here; the command line accepts larger files"))
    filter_text = st.text_input(_("Only features where (optional)"), placeholder="status=occupied", key=keys.DERIVE_FILTER)
    derive_date = st.date_input(_("Date of the map"), value=None, min_value=dt.date(2014, 1, 1),
                                max_value=dt.date.today(), key=keys.DERIVE_DATE,
                                help=_("Taken from the file name (…_20250528.geojson) when left empty"))
    if control_upload is not None:
        uploads.derive_from_upload(control_upload, filter_text, derive_date)

with tab_whole:
    parts.series_downloads(data)
