"""The data page's uploads: a snapshot CSV added for this session, and per-unit shares derived from an
uploaded control-area map. Nothing is written to the server."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from app import keys
from app.data import AppData
from app.i18n import _, lang, ngettext
from territory.analysis.figures import national_total
from territory.base.filedates import map_day_from_name
from territory.base.problems import DataError
from territory.base.text import date_label, format_km2, format_number
from territory.base.textsafe import code_span
from territory.data.snapshots import EARLIEST_DATE, parse_snapshot
from territory.data.units import unit_name


def handle_snapshot_upload(upload, chosen_date, data: AppData) -> None:
    """Validate an uploaded snapshot; list errors by line; add it to this session if valid."""
    from territory.data.snapshots import EARLIEST_DATE, snapshot_date_from_name

    raw = upload.getvalue()
    label = "uploaded file"
    problems, date = [], chosen_date
    if date is None:  # the name's problem and the content's are reported together, not one after the other
        try:
            date = snapshot_date_from_name(upload.name if len(upload.name) < 40 else "", label)
        except DataError as exc:
            problems += exc.problems
    try:
        snapshot = parse_snapshot(raw, label, date or EARLIEST_DATE, data.sources)
    except DataError as exc:
        problems += exc.problems
    if problems:
        st.error(ngettext("The file was refused: {n} problem.", "The file was refused: {n} problems.",
                          len(problems)).format(n=len(problems)))
        if lang() != "en":
            st.caption(_("The problems, as the validator reports them (in English):"))
        st.code("\n".join(str(p) for p in problems), language=None)
        return
    existing = {s.date for s in data.snapshots} - set(st.session_state.get(keys.UPLOADED_SNAPSHOTS, {}))
    if snapshot.date in existing:
        st.error(_("{date} already has a snapshot in the repository; choose another date.").format(
            date=date_label(snapshot.date, lang())))
        return
    st.session_state.setdefault(keys.UPLOADED_SNAPSHOTS, {})[snapshot.date] = snapshot
    total = national_total(snapshot)
    st.success(ngettext("Valid: {n} unit for {date}, {km2}. It is now a date on the map and compare pages for "
                        "this session.", "Valid: {n} units for {date}, {km2}. It is now a date on the map and compare "
                        "pages for this session.", len(snapshot.figures)).format(
        n=len(snapshot.figures), date=date_label(snapshot.date, lang()), km2=format_km2(total.controlled_km2, lang())))


def file_text(template: str, **texts: str) -> str:
    """A message that carries text from an uploaded file (or typed beside it), every such text shown literally.

    The one way such a message is made: ``template`` is the interface's own text (Markdown allowed), each of
    ``texts`` becomes an inline code span (``code_span``): exactly as written, so a GeoJSON type, a CRS name or
    a filter cannot draw an image, a link (not even a bare URL) or a tag.
    """
    return template.format(**{name: code_span(text) for name, text in texts.items()})


def _session_gone() -> bool:
    """True once this browser session has ended (its overlay worker is then stopped)."""
    from streamlit.runtime import Runtime
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx is not None and Runtime.exists() and not Runtime.instance().is_active_session(ctx.session_id)


def derive_from_upload(upload, filter_text: str, chosen_date) -> None:
    """Overlay an uploaded control-area map; show it, the derived table and a snapshot CSV download."""
    from streamlit_folium import st_folium

    from territory.build import overlay
    from territory.build.overlay_worker import derive_in_worker
    from territory.web import webmap

    label = "uploaded map"
    filters = {}
    if filter_text.strip():
        if "=" not in filter_text:
            st.error(_("Write the filter as KEY=VALUE, e.g. status=occupied."))
            return
        key, value = filter_text.split("=", 1)
        filters[key.strip()] = value.strip()
    date = chosen_date or map_day_from_name(upload.name[:200])
    if date is None:
        st.warning(_("Give the date of the map (it is not in the file name)."))
        return
    if not EARLIEST_DATE <= date <= dt.date.today():  # as the snapshot upload: a name cannot date a map 2099
        st.error(_("The date in the file name, {date}, is outside {first} to today; give the date of the map.").format(
            date=date.isoformat(), first=EARLIEST_DATE.year))
        return
    try:
        with st.spinner(_("Overlaying the map on the units…")):
            derived, area_layer = derive_in_worker(upload.getvalue(), label, date, filters, cancelled=_session_gone)
    except DataError as exc:
        st.error(file_text(_("The map was refused (the validator's words, in English): {problems}"),
                           problems="; ".join(p.message for p in exc.problems)))
        return
    area_total = sum(s.area_km2 for s in derived.shares)
    st.success(_("{km2} under control on {date} ({pct} % of Ukraine).").format(
        km2=format_km2(derived.total_km2, lang()), date=date_label(date, lang()),
        pct=format_number(100 * derived.total_km2 / area_total, 2, lang())))
    for note in derived.notes:
        st.caption(file_text("{note}", note=note) + ("" if lang() == "en" else " " + _("(English)")))
    fmap = webmap.base_map(lang=lang())
    layer = webmap.outline_geojson(lang())
    layer["features"] += area_layer["features"]
    st_folium(fmap, feature_group_to_add=webmap.control_layer(layer, "uploaded"),
              returned_objects=[], key=keys.DERIVE_MAP, height=420, use_container_width=True)
    share = _("Share %")
    frame = pd.DataFrame([{_("Unit"): unit_name(s.iso, lang()), "ISO": s.iso, share: round(s.share_pct, 2),
                           _("km²"): round(s.controlled_km2)} for s in derived.shares])
    st.dataframe(frame.sort_values(share, ascending=False), hide_index=True, width="stretch")
    st.download_button(_("Download as a snapshot CSV"), overlay.snapshot_csv(derived, "your-source-id"),
                       file_name=f"{date}.csv", mime="text/csv", on_click="ignore", key=keys.DL_DERIVED)
    st.caption(_("Replace 'your-source-id' with an entry of control_snapshots/sources.csv describing the map."))


