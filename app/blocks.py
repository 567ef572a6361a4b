"""Rendering blocks shared by the pages: headline figures, legend, demands panel, table, chart.

Only layout lives here; every figure comes from territory/. Text from data is escaped with md_escape
before it reaches Markdown. Blocks whose content depends on the date render a fixed number of elements
(optional parts sit in a container), so a slider step never shifts the map below them: a shifted map would
be mounted anew and lose the user's pan and zoom.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

import pandas as pd
import streamlit as st

from app import keys, state
from app.data import AppData, chart_spec, load_data
from app.i18n import _, lang, ngettext
from territory.analysis.figures import national_total
from territory.analysis.panel import gap_headline, gap_lines, latest_territorial, panel_entries
from territory.base import palette
from territory.base.i18n import data_text, term, untranslated_mark
from territory.base.text import (
    SPRING_2022,
    date_label,
    format_km2,
    format_number,
    format_pct2,
    format_pp,
    range_text,
    spring_2022_note,
)
from territory.base.textsafe import html_escape, md_escape
from territory.data.demands import Demand
from territory.data.snapshots import Snapshot
from territory.data.sources import Source
from territory.data.units import unit_name
from territory.present.places_view import NO_SUBUNITS
from territory.present.view import ViewFilter, unit_styles

#: Russia's demand for four whole regions is the one the first screen states the gap of.
FOUR_REGIONS = 4


def demand_label(demand: Demand) -> str:
    statement = data_text(demand, "statement", lang())
    text = statement if len(statement) < 70 else statement[:67] + "…"
    return f"{date_label(demand.date, lang())} · {term(demand.party, lang())} · {text}"


def _pp(value: float) -> str:
    return format_pp(value, lang(), digits=2)


def headline(snapshot: Snapshot, previous: Snapshot | None, baseline: Snapshot | None,
             selected: tuple[str, ...] | None = None) -> None:
    """National figures for the date, changes, and a subtotal for the selected units when a filter is set."""
    total = national_total(snapshot)
    language = lang()
    cols = st.columns(4)
    cols[0].metric(_("Share of Ukraine"), format_pct2(total.pct_of_ukraine, language),
                   help=_("Share of Ukraine under Russian control: sum over the units with a figure, of Ukraine's "
                          "{km2}.").format(km2=format_km2(total.ukraine_km2, language)))
    cols[1].metric(_("Area under Russian control"), format_km2(total.controlled_km2, language))
    if previous is not None:
        before = national_total(previous)
        delta = total.controlled_km2 - before.controlled_km2
        cols[2].metric(_("Change since {date}").format(date=date_label(previous.date, language)),
                       format_km2(delta, language, signed=True),
                       _pp(total.pct_of_ukraine - before.pct_of_ukraine), delta_color="off")
    else:
        cols[2].metric(_("Change since previous date"), _("n/a"))
    if baseline is not None and baseline.date != snapshot.date:
        base = national_total(baseline)
        cols[3].metric(_("Change since {date}").format(date=date_label(baseline.date, language)),
                       format_km2(total.controlled_km2 - base.controlled_km2, language, signed=True),
                       _pp(total.pct_of_ukraine - base.pct_of_ukraine), delta_color="off")
    else:
        cols[3].metric(_("Change since the eve of the invasion"), _("n/a"))
    details = st.container(key=keys.HEADLINE_DETAILS)
    if selected:
        _selection_subtotal(details, snapshot, selected, total.controlled_km2)
    if not total.complete:
        details.warning(ngettext("No figure for {n} unit on this date: {units}. Totals leave it out.",
                                 "No figure for {n} units on this date: {units}. Totals leave them out.",
                                 len(total.missing)).format(
            n=len(total.missing), units=", ".join(unit_name(i, language) for i in total.missing)))
    if total.low_km2 != total.high_km2:
        details.caption(_("Range where sources disagree or the line is contested: {low}–{high} ({low_pct}–{high_pct} %).")
                        .format(low=format_number(total.low_km2, 0, language), high=format_km2(total.high_km2, language),
                                low_pct=format_number(total.low_pct, 2, language),
                                high_pct=format_number(total.high_pct, 2, language)))


def _selection_subtotal(box, snapshot: Snapshot, selected: tuple[str, ...], national_km2: float) -> None:
    known = load_data().units
    units = {iso: known[iso] for iso in selected if iso in known}
    sub = national_total(snapshot, units)
    share_of_all = 100 * sub.controlled_km2 / national_km2 if national_km2 else 0.0
    language = lang()
    text = _("**Selected units ({n})**: {km2} under Russian control, **{pct}** of their {area} ({share} % of all "
             "the area Russia controls in Ukraine on this date)").format(
        n=len(units), km2=format_km2(sub.controlled_km2, language), pct=format_pct2(sub.pct_of_ukraine, language),
        area=format_km2(sub.ukraine_km2, language), share=format_number(share_of_all, 1, language))
    if sub.complete:
        text += "."
    else:
        text += _("; no figure for {n} of them.").format(n=len(sub.missing))
    box.markdown(text)


def legend(items: list[palette.LegendItem] | None = None, title: str | None = None) -> None:
    """The colour legend (default: the control scale) with its title, in the session's language."""
    items = items or palette.control_legend(lang())
    title = title or _("Share of unit under Russian control")
    swatches = "".join(
        f"<span style='display:inline-flex;align-items:center;margin-right:10px;font-size:0.8rem'>"
        f"<span style='width:14px;height:14px;{_swatch_style(i)};margin-right:4px;display:inline-block'></span>"
        f"{html_escape(i.label)}</span>"
        for i in items)
    st.html(f"<div><b style='font-size:0.8rem'>{html_escape(title)}:</b> {swatches}</div>")


def _swatch_style(item: palette.LegendItem) -> str:
    """A legend swatch: a filled box, or an empty box with the edge for a line drawn over the map."""
    style = "dashed" if item.dashed else "solid"
    if item.line:
        return f"background:none;border:3px {style} {html_escape(item.colour)}"
    return f"background:{html_escape(item.colour)};border:1px {style} {palette.LEGEND_EDGE}"


def clicked_unit(output: dict | None, units: Collection[str]) -> str | None:
    """ISO code of the unit last clicked on the map (one of ``units``), unless the user cleared it."""
    feature = (output or {}).get("last_active_drawing") or {}
    iso = (feature.get("properties") or {}).get("iso")
    if iso not in units:
        return None
    if st.session_state.get(keys.CLEARED_CLICK) == iso:
        return None
    return iso


def _clear_click(iso: str) -> None:
    st.session_state[keys.CLEARED_CLICK] = iso


def demands_panel(data: AppData, snapshot: Snapshot, shown: list[str], focus: str | None,
                  highlighted: Demand | None) -> None:
    """Russia's stated conditions beside the map: the territorial gap of its latest territorial demand first,
    then every entry about the units shown (click a unit to filter)."""
    from territory.analysis.figures import demand_gap

    language = lang()
    st.subheader(_("Russia's stated conditions"))
    # The demand the first screen answers: the highlighted one, else Russia's latest demand for whole regions
    # (the four-region demand since June 2024: Donetsk, Luhansk, Zaporizhzhia, Kherson).
    key_gap = highlighted if highlighted is not None and highlighted.is_territorial else latest_territorial(
        data.demands, snapshot.date, min_units=FOUR_REGIONS)
    summary = st.container(key=keys.DEMAND_GAP_SUMMARY)
    if key_gap is not None:
        gap = demand_gap(key_gap, snapshot)
        summary.info(f"**{md_escape(demand_label(key_gap))}**  \n{md_escape(gap_headline(gap, language))}  \n"
                     + "  \n".join("• " + md_escape(line) for line in gap_lines(gap, language)))
    header = st.container(key=keys.DEMANDS_PANEL_HEADER)
    if focus:
        header.markdown(_("Showing entries about **{unit}** (clicked on the map).").format(
            unit=md_escape(unit_name(focus, language))))
        header.button(_("Show all units"), on_click=_clear_click, args=(focus,), key=keys.CLEAR_FOCUS)
        places_link(header, focus, snapshot.date)
    else:
        header.caption(_("Stated on or before {date}, about the units shown. Click a unit to filter.").format(
            date=date_label(snapshot.date, language)))
    entries = panel_entries(data.demands, snapshot, shown, focus)
    with st.container(height=460, key=keys.DEMANDS_PANEL):
        if not entries:
            st.caption(_("No stated condition concerns these units on this date."))
        for entry in entries:
            _entry(entry, data.sources)


def places_link(box, iso: str, date: dt.date) -> None:
    """A link opening the unit's raions and hromadas on the Places page for the map's date (issue 25); none for
    a unit without them."""
    if iso in NO_SUBUNITS:
        return
    box.page_link("pages/places.py", label=_("Open {unit}'s raions and hromadas").format(
        unit=unit_name(iso, lang())), icon=":material/zoom_in_map:",
        query_params=state.link_from("map", unit=iso, level="hromada", date=date.isoformat()))


def _small(text: str) -> str:
    """Markdown shown like a caption (small, grey) inside a larger Markdown element; ``text`` already escaped
    (escaped brackets cannot close the directive)."""
    return f":small[:gray[{text}]]"


def _quote_block(quote, language: str) -> str:
    """A quote in its original words; in Ukrainian, the translation below it, marked as a translation."""
    text = f"> “{md_escape(quote.text)}”  \n> — {md_escape(data_text(quote, 'speaker', language))}"
    translation = getattr(quote, f"text_{language}", "") if language != "en" else ""
    if translation:
        text += "  \n> " + _("*Translation:* {text}").format(text=md_escape(translation))
    return text


def _card_head_blocks(demand: Demand, language: str, with_type: bool = False) -> list[str]:
    """Who, when and what of an entry, its attribution and its quotes, as Markdown paragraphs (every text
    escaped)."""
    head = (f"**{md_escape(term(demand.party, language))}** · {md_escape(date_label(demand.date, language))} · "
            f"*{md_escape(term(demand.category, language))}*")
    return [head + (f" · {md_escape(term(demand.type, language))}" if with_type else ""),
            md_escape(data_text(demand, "statement", language)),
            _small(md_escape(data_text(demand, "attribution", language))),
            *(_quote_block(quote, language) for quote in demand.quotes)]


def _card_head(demand: Demand, language: str, with_type: bool = False) -> None:
    st.markdown("\n\n".join(_card_head_blocks(demand, language, with_type)))


def _entry(entry, sources: dict[str, Source]) -> None:
    """One bordered card of the panel beside the map: the entry, its gap on the date and the answers to it.

    The whole card is one Markdown element, drawn as a card by the page's style (``.st-key-demands_panel``,
    app/router.py) rather than inside a bordered container: the panel is re-rendered on every slider step, and
    the browser's time per step grows with the number of elements (issue 14)."""
    d = entry.demand
    language = lang()
    blocks = _card_head_blocks(d, language)
    if entry.gap is not None and entry.gap.rows:
        blocks.append("**" + md_escape(_("Territorial gap on {date}:").format(
            date=date_label(entry.gap.date, language))) + "**  \n" +
            "  \n".join("• " + md_escape(line) for line in gap_lines(entry.gap, language)))
        blocks.append(f"*{md_escape(gap_headline(entry.gap, language))}*")
    blocks += [f"↳ **{md_escape(term(answer.party, language))}** ({md_escape(date_label(answer.date, language))}): "
               f"{md_escape(data_text(answer, 'statement', language))} "
               f"*{md_escape(data_text(answer, 'attribution', language))}*" for answer in entry.responses]
    blocks.append(_small(_("Sources: {sources}").format(
        sources=md_escape("; ".join(_source_label(s, sources) for s in d.sources)))))
    st.markdown("\n\n".join(blocks))


def _source_label(source_id: str, sources: dict[str, Source]) -> str:
    source = sources.get(source_id)
    return f"{source.publisher}, {source.date}" if source else source_id


def unit_table(snapshot: Snapshot, previous: Snapshot | None, view: ViewFilter, sources: dict[str, Source]) -> None:
    styles = [s for s in unit_styles(snapshot, previous, view) if s.shown]
    language = lang()
    if not styles:
        st.write(_("No unit passes the filters."))
        return
    unit, share = _("Unit"), _("Share %")
    change = _("Change since {date} (pp)").format(date=date_label(previous.date, language)) if previous else None
    rows = []
    for s in styles:
        r = s.control
        row = {unit: unit_name(r.iso, language), "ISO": r.iso, share: r.pct,
               _("Range"): range_text(r, language) or "", _("km²"): None if r.km2 is None else round(r.km2)}
        if change:  # the first date has nothing to change from: no column of "None"
            row[change] = None if s.change_pp is None else round(s.change_pp, 2)
        row[_("Kind")] = term(r.kind, language) if r.kind else _("no figure")
        row[_("Sources")] = "; ".join(sources[x].publisher if x in sources else x for x in r.sources)
        rows.append(row)
    frame = pd.DataFrame(rows).sort_values([share, unit], ascending=[False, True], na_position="last")
    st.dataframe(frame, hide_index=True, width="stretch", key=keys.UNIT_TABLE,
                 column_config={share: st.column_config.NumberColumn(format="%.2f")})


def control_chart(view: ViewFilter, selected: dt.date, data: AppData) -> None:
    """Weekly control over time for the charted units; the date on the map is named below, not drawn, so the
    chart is the same for every date."""
    spec = chart_spec(view.units, data, lang())
    if not spec:
        st.write(_("No figures for these units."))
        return
    st.vega_lite_chart(spec, width="stretch")
    st.caption(_("Last day of each week; the map shows {date}. Lines: the daily series derived from DeepState's "
                 "maps (and curated dates before April 2022); published figures are on the Data page.").format(
        date=date_label(selected, lang())) + " " + spring_2022_note(SPRING_2022[0], lang()))


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
    from territory.data.demands import responses_to
    from territory.data.nato import country_name

    language = lang()
    with st.container(border=True):
        _card_head(demand, language, with_type=True)
        if demand.units:
            st.markdown(_("Units: {units}").format(units=md_escape(", ".join(
                unit_name(u.iso, language) + ("" if u.target_pct is None else f" ({u.target_pct:g} %)")
                for u in demand.units))))
        if demand.countries:
            st.markdown(_("Countries: {countries}").format(countries=md_escape(", ".join(
                country_name(c, c, language) for c in demand.countries))))
        answers = responses_to(demand.id, data.demands)
        for answer in answers:
            st.markdown(f"↳ **{md_escape(term(answer.party, language))}** ({md_escape(date_label(answer.date, language))}): "
                        f"{md_escape(data_text(answer, 'statement', language))}")
        if demand.responds_to:
            by_id = data.demands_by_id
            st.caption(_("Answers: {entries}").format(entries=md_escape("; ".join(
                f"{term(by_id[i].party, language)}, {date_label(by_id[i].date, language)}"
                for i in demand.responds_to if i in by_id))))
        st.markdown(_("Sources: {sources}").format(
            sources="; ".join(source_link(s, data.sources) for s in demand.sources)))


def source_link(source_id: str, sources: dict[str, Source]) -> str:
    """A Markdown link to a source (URL validated as http(s) by the loader; parentheses encoded)."""
    source = sources.get(source_id)
    if source is None:
        return md_escape(source_id)
    mark = "" if lang() == "en" else f" {untranslated_mark(lang())}"  # titles stay as written, in English
    text = md_escape(f"{source.publisher}: {source.title}{mark} ({source.date})")
    if not source.url:
        return text
    url = source.url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    return f"[{text}]({url})"


def nato_downloads(date: dt.date, data: AppData) -> None:
    from app import downloads as buttons

    buttons.nato_buttons(date, data)


def series_downloads(data: AppData) -> None:
    """The whole daily series and its day-to-day changes, as CSV and Parquet (the Data page)."""
    from app import downloads as buttons

    buttons.series_buttons(data)


def snapshot_downloads(snapshot: Snapshot, data: AppData) -> None:
    from app import downloads as buttons

    buttons.snapshot_buttons(snapshot, data)


def totals_chart(computed: pd.DataFrame, published: pd.DataFrame) -> None:
    """Computed totals as a line, published totals as points; frames with columns date, km2, source."""
    from territory.present.charts import vega_locale

    frame = pd.concat([computed.assign(series="this project"), published.assign(series="published")])
    frame["date"] = pd.to_datetime(frame["date"])
    import altair as alt  # only for this chart (the Data page): not on every page's start

    line = alt.Chart(frame[frame.series == "this project"]).mark_line(color=palette.SERIES_LINE_COLOUR).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%b %Y")),  # years on every label, not only in January
        y=alt.Y("km2:Q", title=_("km² under Russian control")))
    points = alt.Chart(frame[frame.series == "published"]).mark_point(filled=True, size=50).encode(
        x="date:T", y="km2:Q", color=alt.Color("source:N", title=_("Published by")),
        tooltip=[alt.Tooltip("date:T", title=_("Date")), alt.Tooltip("km2:Q", title=_("km²")),
                 alt.Tooltip("source:N", title=_("Source"))])
    chart = (line + points).properties(height=300)
    locale = vega_locale(lang())
    if locale:
        chart = chart.configure(locale=locale)
    st.altair_chart(chart, width="stretch")


