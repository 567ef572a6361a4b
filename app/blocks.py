"""Rendering blocks shared by the pages: headline figures, legend, demands panel, table, chart.

Only layout lives here; every figure comes from territory/. Text from data is escaped with md_escape
before it reaches Markdown. Blocks whose content depends on the date render a fixed number of elements
(optional parts sit in a container), so a slider step never shifts the map below them: a shifted map would
be mounted anew and lose the user's pan and zoom.
"""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from app.data import AppData, chart_spec
from territory import palette
from territory.analysis import national_total
from territory.demands import Demand
from territory.geodata import load_units
from territory.panel import gap_headline, gap_lines, latest_territorial, panel_entries
from territory.snapshots import Snapshot
from territory.sources import Source
from territory.text import range_text
from territory.textsafe import html_escape, md_escape
from territory.view import ViewFilter, unit_styles

UNITS = load_units()
#: Russia's demand for four whole regions is the one the first screen states the gap of.
FOUR_REGIONS = 4


def demand_label(demand: Demand) -> str:
    text = demand.statement if len(demand.statement) < 70 else demand.statement[:67] + "…"
    return f"{demand.date} · {demand.party} · {text}"


def headline(snapshot: Snapshot, previous: Snapshot | None, baseline: Snapshot | None,
             selected: tuple[str, ...] | None = None) -> None:
    """National figures for the date, changes, and a subtotal for the selected units when a filter is set."""
    total = national_total(snapshot)
    cols = st.columns(4)
    cols[0].metric("Share of Ukraine", f"{total.pct_of_ukraine:.2f} %",
                   help="Share of Ukraine under Russian control: sum over the units with a figure, of Ukraine's "
                        f"{total.ukraine_km2:,.0f} km².")
    cols[1].metric("Area under Russian control", f"{total.controlled_km2:,.0f} km²")
    if previous is not None:
        before = national_total(previous)
        delta = total.controlled_km2 - before.controlled_km2
        cols[2].metric(f"Change since {previous.date}", f"{delta:+,.0f} km²",
                       f"{total.pct_of_ukraine - before.pct_of_ukraine:+.2f} pp", delta_color="off")
    else:
        cols[2].metric("Change since previous date", "n/a")
    if baseline is not None and baseline.date != snapshot.date:
        base = national_total(baseline)
        cols[3].metric(f"Change since {baseline.date}", f"{total.controlled_km2 - base.controlled_km2:+,.0f} km²",
                       f"{total.pct_of_ukraine - base.pct_of_ukraine:+.2f} pp", delta_color="off")
    else:
        cols[3].metric("Change since the eve of the invasion", "n/a")
    details = st.container(key="headline_details")
    if selected:
        _selection_subtotal(details, snapshot, selected, total.controlled_km2)
    if not total.complete:
        details.warning(f"No figure for {len(total.missing)} unit(s) on this date: "
                        f"{', '.join(UNITS[i].name_en for i in total.missing)}. Totals leave them out.")
    if total.low_km2 != total.high_km2:
        details.caption(f"Range where sources disagree or the line is contested: {total.low_km2:,.0f}–"
                        f"{total.high_km2:,.0f} km² ({total.low_pct:.2f}–{total.high_pct:.2f} %).")


def _selection_subtotal(box, snapshot: Snapshot, selected: tuple[str, ...], national_km2: float) -> None:
    units = {iso: UNITS[iso] for iso in selected if iso in UNITS}
    sub = national_total(snapshot, units)
    share_of_all = 100 * sub.controlled_km2 / national_km2 if national_km2 else 0.0
    box.markdown(
        f"**Selected units ({len(units)})**: {sub.controlled_km2:,.0f} km² under Russian control, "
        f"**{sub.pct_of_ukraine:.2f} %** of their {sub.ukraine_km2:,.0f} km² "
        f"({share_of_all:.1f} % of all the area Russia controls in Ukraine on this date)"
        + ("." if sub.complete else f"; no figure for {len(sub.missing)} of them."))


def legend(items: list[palette.LegendItem] | None = None, title: str = "Share of unit under Russian control") -> None:
    """Swatches and labels (escaped) as st.html: Markdown with HTML would make the browser load a Markdown-HTML
    parser (~190 KB of script) before the first screen is drawn."""
    items = items or palette.control_legend()
    swatches = "".join(
        f"<span style='display:inline-flex;align-items:center;margin-right:10px;font-size:0.8rem'>"
        f"<span style='width:14px;height:14px;background:{html_escape(i.colour)};border:1px "
        f"{'dashed' if i.dashed else 'solid'} #555;margin-right:4px;display:inline-block'></span>"
        f"{html_escape(i.label)}</span>"
        for i in items)
    st.html(f"<div><b style='font-size:0.8rem'>{html_escape(title)}:</b> {swatches}</div>")


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


def demands_panel(data: AppData, snapshot: Snapshot, shown: list[str], focus: str | None,
                  highlighted: Demand | None) -> None:
    """Russia's stated conditions beside the map: the territorial gap of its latest territorial demand first,
    then every entry about the units shown (click a unit to filter)."""
    from territory.analysis import demand_gap

    st.subheader("Russia's stated conditions")
    # The demand the first screen answers: the highlighted one, else Russia's latest demand for whole regions
    # (the four-region demand since June 2024: Donetsk, Luhansk, Zaporizhzhia, Kherson).
    key_gap = highlighted if highlighted is not None and highlighted.is_territorial else latest_territorial(
        data.demands, snapshot.date, min_units=FOUR_REGIONS)
    summary = st.container(key="demand_gap_summary")
    if key_gap is not None:
        gap = demand_gap(key_gap, snapshot)
        summary.info(f"**{md_escape(demand_label(key_gap))}**  \n{md_escape(gap_headline(gap))}  \n"
                     + "  \n".join("• " + md_escape(line) for line in gap_lines(gap)))
    header = st.container(key="demands_panel_header")
    if focus:
        header.markdown(f"Showing entries about **{md_escape(UNITS[focus].name_en)}** (clicked on the map).")
        header.button("Show all units", on_click=_clear_click, args=(focus,), key="clear_focus")
    else:
        header.caption(f"Stated on or before {snapshot.date}, about the units shown. Click a unit to filter.")
    entries = panel_entries(data.demands, snapshot, shown, focus)
    with st.container(height=460, key="demands_panel"):
        if not entries:
            st.write("No stated condition concerns these units on this date.")
        for entry in entries:
            _entry(entry, data.sources)


def _entry(entry, sources: dict[str, Source]) -> None:
    """One bordered card, its text in one Markdown element: the panel is re-rendered on every slider step, and
    each element costs the browser a component (about seven per card before)."""
    d = entry.demand
    blocks = [f"**{md_escape(d.party)}** · {md_escape(d.date.isoformat())} · *{md_escape(d.category)}*",
              md_escape(d.statement), f":small[:gray[{md_escape(d.attribution)}]]"]
    blocks += [f"> “{md_escape(quote.text)}”  \n> — {md_escape(quote.speaker)}" for quote in d.quotes]
    if entry.gap is not None and entry.gap.rows:
        blocks.append("**Territorial gap on " + md_escape(entry.gap.date.isoformat()) + ":**  \n" +
                      "  \n".join("• " + md_escape(line) for line in gap_lines(entry.gap)) +
                      f"  \n*{md_escape(gap_headline(entry.gap))}*")
    blocks += [f"↳ **{md_escape(answer.party)}** ({md_escape(answer.date.isoformat())}): "
               f"{md_escape(answer.statement)} *{md_escape(answer.attribution)}*" for answer in entry.responses]
    blocks.append(":small[:gray[Sources: " + md_escape("; ".join(_source_label(s, sources) for s in d.sources)) + "]]")
    with st.container(border=True):
        st.markdown("\n\n".join(blocks))


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


def control_chart(view: ViewFilter, selected: dt.date, data: AppData) -> None:
    """Weekly control over time for the charted units; the date on the map is named below, not drawn, so the
    chart is the same for every date."""
    spec = chart_spec(view.units, data)
    if not spec:
        st.write("No figures for these units.")
        return
    st.vega_lite_chart(spec, width="stretch")
    st.caption(f"Last day of each week; the map shows {selected}. Lines: the daily series derived from DeepState's "
               "maps (and curated dates before April 2022); published figures are on the Data page.")


def downloads(snapshot: Snapshot, previous: Snapshot | None, view: ViewFilter, demand: Demand | None,
              data: AppData, outline: dict | None = None) -> None:
    """Download buttons for the current view (data and images, with the occupied area when it is shown)."""
    from app import downloads as buttons

    buttons.control_map_buttons(snapshot, previous, view, demand, data, outline)


def compare_downloads(before: Snapshot, after: Snapshot, data: AppData) -> None:
    from app import downloads as buttons

    buttons.compare_buttons(before, after, data)


def demand_card(demand: Demand, data: AppData) -> None:
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


def nato_downloads(date: dt.date, data: AppData) -> None:
    from app import downloads as buttons

    buttons.nato_buttons(date, data)


def snapshot_downloads(snapshot: Snapshot, data: AppData) -> None:
    from app import downloads as buttons

    buttons.snapshot_buttons(snapshot, data)


def totals_chart(computed: pd.DataFrame, published: pd.DataFrame) -> None:
    frame = pd.concat([computed.assign(series="this project"), published.assign(series="published")])
    frame["date"] = pd.to_datetime(frame["date"])
    line = alt.Chart(frame[frame.series == "this project"]).mark_line(color="#b30000").encode(
        x=alt.X("date:T", title=None), y=alt.Y("km²:Q", title="km² under Russian control"))
    points = alt.Chart(frame[frame.series == "published"]).mark_point(filled=True, size=50).encode(
        x="date:T", y="km²:Q", color=alt.Color("source:N", title="Published by"),
        tooltip=["date:T", "km²:Q", "source:N"])
    st.altair_chart((line + points).properties(height=300), width="stretch")


