"""Rendering blocks shared by the pages: headline figures, legend, demands panel, table, chart.

Only layout lives here; every figure comes from territory/. Text from data is escaped with md_escape
before it reaches Markdown.
"""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

import app_state as state
from territory import palette
from territory.analysis import national_total
from territory.demands import Demand
from territory.geodata import load_units
from territory.panel import gap_headline, gap_lines, panel_entries
from territory.problems import DataError
from territory.snapshots import Snapshot, parse_snapshot
from territory.sources import Source
from territory.textsafe import html_escape, md_escape
from territory.view import ViewFilter, range_text, unit_styles

UNITS = load_units()


def demand_label(demand: Demand) -> str:
    text = demand.statement if len(demand.statement) < 70 else demand.statement[:67] + "…"
    return f"{demand.date} · {demand.party} · {text}"


def headline(snapshot: Snapshot, previous: Snapshot | None, baseline: Snapshot | None) -> None:
    total = national_total(snapshot)
    cols = st.columns(4)
    cols[0].metric("Share of Ukraine", f"{total.pct_of_ukraine:.2f} %",
                   help="Share of Ukraine under Russian control: sum over the units with a figure, of Ukraine's 599,094 km² (Natural Earth areas).")
    cols[1].metric("Area under Russian control", f"{total.controlled_km2:,.0f} km²")
    if previous is not None:
        before = national_total(previous)
        delta = total.controlled_km2 - before.controlled_km2
        cols[2].metric(f"Change since {previous.date}", f"{delta:+,.0f} km²",
                       f"{total.pct_of_ukraine - before.pct_of_ukraine:+.2f} pp", delta_color="off")
    else:
        cols[2].metric("Change since previous snapshot", "n/a")
    if baseline is not None and baseline.date != snapshot.date:
        base = national_total(baseline)
        cols[3].metric(f"Change since {baseline.date}", f"{total.controlled_km2 - base.controlled_km2:+,.0f} km²",
                       f"{total.pct_of_ukraine - base.pct_of_ukraine:+.2f} pp", delta_color="off")
    else:
        cols[3].metric("Change since 2022-02-23", "n/a")
    if not total.complete:
        st.warning(f"No figure for {len(total.missing)} unit(s) on this date: "
                   f"{', '.join(UNITS[i].name_en for i in total.missing)}. Totals leave them out.")
    if total.low_km2 != total.high_km2:
        st.caption(f"Range where sources disagree or the line is contested: {total.low_km2:,.0f}–"
                   f"{total.high_km2:,.0f} km² ({total.low_pct:.2f}–{total.high_pct:.2f} %).")


def legend(items: list[palette.LegendItem] | None = None, title: str = "Share of unit under Russian control") -> None:
    items = items or palette.control_legend()
    swatches = "".join(
        f"<span style='display:inline-flex;align-items:center;margin-right:10px;font-size:0.8rem'>"
        f"<span style='width:14px;height:14px;background:{html_escape(i.colour)};border:1px "
        f"{'dashed' if i.dashed else 'solid'} #555;margin-right:4px;display:inline-block'></span>"
        f"{html_escape(i.label)}</span>"
        for i in items)
    st.markdown(f"<div><b style='font-size:0.8rem'>{html_escape(title)}:</b> {swatches}</div>",
                unsafe_allow_html=True)


def clicked_unit(output: dict | None) -> str | None:
    """ISO code of the unit last clicked on the map, unless the user cleared it."""
    feature = (output or {}).get("last_active_drawing") or {}
    iso = (feature.get("properties") or {}).get("iso")
    if iso not in UNITS:
        return None
    if st.session_state.get("cleared_click") == iso:
        return None
    return iso


def _clear_click(iso: str) -> None:
    st.session_state.cleared_click = iso


def demands_panel(data: state.AppData, snapshot: Snapshot, shown: list[str], focus: str | None,
                  highlighted: Demand | None) -> None:
    st.subheader("Russia's stated conditions")
    if focus:
        st.markdown(f"Showing entries about **{md_escape(UNITS[focus].name_en)}** (clicked on the map).")
        st.button("Show all units", on_click=_clear_click, args=(focus,), key="clear_focus")
    else:
        st.caption(f"Stated on or before {snapshot.date}, about the units shown. Click a unit to filter.")
    entries = panel_entries(data.demands, snapshot, shown, focus)
    if highlighted is not None and highlighted.is_territorial:
        from territory.analysis import demand_gap
        st.info(f"Highlighted demand: {gap_headline(demand_gap(highlighted, snapshot))}")
    with st.container(height=520, key="demands_panel"):
        if not entries:
            st.write("No stated condition concerns these units on this date.")
        for entry in entries:
            _entry(entry, data.sources)


def _entry(entry, sources: dict[str, Source]) -> None:
    d = entry.demand
    with st.container(border=True):
        st.markdown(f"**{md_escape(d.party)}** · {md_escape(d.date.isoformat())} · *{md_escape(d.category)}*")
        st.markdown(md_escape(d.statement))
        st.caption(md_escape(d.attribution))
        for quote in d.quotes:
            st.markdown(f"> “{md_escape(quote.text)}”  \n> — {md_escape(quote.speaker)}")
        if entry.gap is not None and entry.gap.rows:
            st.markdown("**Territorial gap on " + md_escape(entry.gap.date.isoformat()) + ":**  \n" +
                        "  \n".join("• " + md_escape(line) for line in gap_lines(entry.gap)))
            st.markdown(f"*{md_escape(gap_headline(entry.gap))}*")
        for answer in entry.responses:
            st.markdown(f"↳ **{md_escape(answer.party)}** ({md_escape(answer.date.isoformat())}): "
                        f"{md_escape(answer.statement)} *{md_escape(answer.attribution)}*")
        st.caption("Sources: " + md_escape("; ".join(_source_label(s, sources) for s in d.sources)))


def _source_label(source_id: str, sources: dict[str, Source]) -> str:
    source = sources.get(source_id)
    return f"{source.publisher}, {source.date}" if source else source_id


def unit_table(snapshot: Snapshot, previous: Snapshot | None, view: ViewFilter, sources: dict[str, Source]) -> None:
    styles = [s for s in unit_styles(snapshot, previous, view) if s.shown]
    if not styles:
        st.write("No unit passes the filters.")
        return
    rows = []
    for s in styles:
        r = s.control
        rows.append({
            "Unit": r.name, "ISO": r.iso,
            "Share %": r.pct, "Range": range_text(r) or "",
            "km²": None if r.km2 is None else round(r.km2),
            f"Change since {previous.date if previous else '—'} (pp)":
                None if s.change_pp is None else round(s.change_pp, 2),
            "Kind": r.kind or "no figure",
            "Sources": "; ".join(sources[x].publisher if x in sources else x for x in r.sources),
        })
    frame = pd.DataFrame(rows).sort_values(["Share %", "Unit"], ascending=[False, True], na_position="last")
    st.dataframe(frame, hide_index=True, width="stretch", key="unit_table",
                 column_config={"Share %": st.column_config.NumberColumn(format="%.2f")})


def control_chart(view: ViewFilter, selected: dt.date, data: state.AppData) -> None:
    spec = state.chart_spec(view.units, selected, data)
    if not spec:
        st.write("No figures for these units.")
        return
    st.vega_lite_chart(spec, width="stretch")


def downloads(snapshot: Snapshot, previous: Snapshot | None, view: ViewFilter, demand: Demand | None,
              data: state.AppData) -> None:
    """Download buttons for the current view (data and images); filled in by the export module."""
    import export_buttons

    export_buttons.control_map_buttons(snapshot, previous, view, demand, data)


def compare_downloads(before: Snapshot, after: Snapshot, data: state.AppData) -> None:
    import export_buttons

    export_buttons.compare_buttons(before, after, data)


def demand_card(demand: Demand, data: state.AppData) -> None:
    """One entry with its type, attribution, quotes, units, countries, answers and linked sources."""
    from territory.demands import responses_to

    with st.container(border=True):
        st.markdown(f"**{md_escape(demand.party)}** · {md_escape(demand.date.isoformat())} · "
                    f"*{md_escape(demand.category)}* · {md_escape(demand.type)}")
        st.markdown(md_escape(demand.statement))
        st.caption(md_escape(demand.attribution))
        for quote in demand.quotes:
            st.markdown(f"> “{md_escape(quote.text)}”  \n> — {md_escape(quote.speaker)}")
        if demand.units:
            st.markdown("Units: " + md_escape(", ".join(
                UNITS[u.iso].name_en + ("" if u.target_pct is None else f" ({u.target_pct:g} %)") for u in demand.units)))
        if demand.countries:
            st.markdown("Countries: " + md_escape(", ".join(demand.countries)))
        answers = responses_to(demand.id, data.demands)
        for answer in answers:
            st.markdown(f"↳ **{md_escape(answer.party)}** ({md_escape(answer.date.isoformat())}): "
                        f"{md_escape(answer.statement)}")
        if demand.responds_to:
            by_id = data.demands_by_id
            st.caption("Answers: " + md_escape("; ".join(
                f"{by_id[i].party}, {by_id[i].date}" for i in demand.responds_to if i in by_id)))
        st.markdown("Sources: " + "; ".join(source_link(s, data.sources) for s in demand.sources))


def source_link(source_id: str, sources: dict[str, Source]) -> str:
    """A Markdown link to a source (URL validated as http(s) by the loader; parentheses encoded)."""
    source = sources.get(source_id)
    if source is None:
        return md_escape(source_id)
    text = md_escape(f"{source.publisher}: {source.title} ({source.date})")
    if not source.url:
        return text
    url = source.url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    return f"[{text}]({url})"


def nato_downloads(date: dt.date) -> None:
    import export_buttons

    export_buttons.nato_buttons(date)


def snapshot_downloads(snapshot: Snapshot, data: state.AppData) -> None:
    import export_buttons

    export_buttons.snapshot_buttons(snapshot, data)


def totals_chart(computed: pd.DataFrame, published: pd.DataFrame) -> None:
    frame = pd.concat([computed.assign(series="this project"), published.assign(series="published")])
    frame["date"] = pd.to_datetime(frame["date"])
    line = alt.Chart(frame[frame.series == "this project"]).mark_line(color="#b30000").encode(
        x=alt.X("date:T", title=None), y=alt.Y("km²:Q", title="km² under Russian control"))
    points = alt.Chart(frame[frame.series == "published"]).mark_point(filled=True, size=50).encode(
        x="date:T", y="km²:Q", color=alt.Color("source:N", title="Published by"),
        tooltip=["date:T", "km²:Q", "source:N"])
    st.altair_chart((line + points).properties(height=300), width="stretch")


def handle_snapshot_upload(upload, chosen_date, data: state.AppData) -> None:
    """Validate an uploaded snapshot; list errors by line; add it to this session if valid."""
    from territory.snapshots import snapshot_date_from_name

    raw = upload.getvalue()
    label = "uploaded file"
    try:
        date = chosen_date or snapshot_date_from_name(upload.name if len(upload.name) < 40 else "", label)
        snapshot = parse_snapshot(raw, label, date, data.sources)
    except DataError as exc:
        st.error(f"The file was refused: {len(exc.problems)} problem(s).")
        st.code("\n".join(str(p) for p in exc.problems), language=None)
        return
    existing = {s.date for s in data.snapshots} - set(st.session_state.get("uploaded_snapshots", {}))
    if snapshot.date in existing:
        st.error(f"{snapshot.date} already has a snapshot in the repository; choose another date.")
        return
    st.session_state.setdefault("uploaded_snapshots", {})[snapshot.date] = snapshot
    total = national_total(snapshot)
    st.success(f"Valid: {len(snapshot.figures)} unit(s) for {snapshot.date}, {total.controlled_km2:,.0f} km². "
               "It is now a date on the map and compare pages for this session.")


def _session_gone() -> bool:
    """True once this browser session has ended (its overlay worker is then stopped)."""
    from streamlit.runtime import Runtime
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx is not None and Runtime.exists() and not Runtime.instance().is_active_session(ctx.session_id)


def derive_from_upload(upload, filter_text: str, chosen_date) -> None:
    """Overlay an uploaded control-area map; show it, the derived table and a snapshot CSV download."""
    from streamlit_folium import st_folium

    from territory import overlay, webmap
    from territory.overlay_worker import derive_in_worker

    label = "uploaded map"
    filters = {}
    if filter_text.strip():
        if "=" not in filter_text:
            st.error("Write the filter as KEY=VALUE, e.g. status=occupied.")
            return
        key, value = filter_text.split("=", 1)
        filters[key.strip()] = value.strip()
    date = chosen_date or overlay.date_from_name(upload.name[:200])
    if date is None:
        st.warning("Give the date of the map (it is not in the file name).")
        return
    try:
        with st.spinner("Overlaying the map on the units…"):
            derived, area_layer = derive_in_worker(upload.getvalue(), label, date, filters, cancelled=_session_gone)
    except DataError as exc:
        st.error("The map was refused: " + "; ".join(p.message for p in exc.problems))
        return
    area_total = sum(s.area_km2 for s in derived.shares)
    st.success(f"{derived.total_km2:,.0f} km² under control on {date} "
               f"({100 * derived.total_km2 / area_total:.2f} % of Ukraine).")
    for note in derived.notes:
        st.caption(md_escape(note))
    fmap = webmap.base_map()
    layer = webmap.outline_geojson()
    layer["features"] += area_layer["features"]
    st_folium(fmap, feature_group_to_add=webmap.control_layer(layer, "uploaded"),
              returned_objects=[], key="derive_map", height=420, use_container_width=True)
    frame = pd.DataFrame([{"Unit": s.name, "ISO": s.iso, "Share %": round(s.share_pct, 2),
                           "km²": round(s.controlled_km2)} for s in derived.shares])
    st.dataframe(frame.sort_values("Share %", ascending=False), hide_index=True, width="stretch")
    st.download_button("Download as a snapshot CSV", overlay.snapshot_csv(derived, "your-source-id"),
                       file_name=f"{date}.csv", mime="text/csv", on_click="ignore", key="dl_derived")
    st.caption("Replace 'your-source-id' with an entry of control_snapshots/sources.csv describing the map.")


def scenarios_tab(data: state.AppData) -> None:
    """A peace plan applied to a snapshot: both maps, km² changing hands, sources; and two plans side by side."""
    from streamlit_folium import st_folium

    from territory import palette, webmap
    from territory.scenarios import apply_scenario

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
    st.markdown(f"**{md_escape(outcome.headline())}**")
    st.caption(f"{md_escape(scenario.status)}, {md_escape(scenario.date.isoformat())}: {md_escape(scenario.attribution)}")
    map_left, map_right = st.columns(2)
    with map_left:
        st.markdown(f"**Held on {date}**")
        st_folium(webmap.base_map(), feature_group_to_add=webmap.control_layer(
            state.control_features(date, ViewFilter(), data)), returned_objects=[], key="scenario_map_now",
            height=400, use_container_width=True)
    with map_right:
        st.markdown(f"**Under the plan: {outcome.russian_pct_of_ukraine:.2f} % Russian-controlled**")
        st_folium(webmap.base_map(), feature_group_to_add=webmap.control_layer(
            state.scenario_features(scenario_id, date, data), "scenario"), returned_objects=[],
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
    import export_buttons

    export_buttons.scenario_buttons(outcome, snapshot, data)

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
                state.scenario_features(result.scenario.id, date, data), "scenario"), returned_objects=[], key=key,
                height=360, use_container_width=True)
    rows = []
    for x, y in zip(outcome.units, other.units, strict=True):
        if x.rule.rule != y.rule.rule or x.russian_pct != y.russian_pct:
            rows.append({"Unit": x.name, f"{scenario.title[:30]}: rule": x.rule.rule,
                         f"{other.scenario.title[:30]}: rule": y.rule.rule,
                         "Russian % (first)": x.russian_pct, "Russian % (second)": y.russian_pct})
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key="scenario_diff")
