"""The data behind each map: CSV and GeoJSON of exactly the figures drawn."""

from __future__ import annotations

import csv
import io
import json

from territory.analysis.figures import compare
from territory.base.i18n import N_, data_text, gettext_for, term
from territory.base.textsafe import csv_safe_cell
from territory.data.demands import Demand
from territory.data.nato import status_on
from territory.data.snapshots import Snapshot
from territory.data.sources import Source, publishers_text
from territory.data.units import unit_name
from territory.present.features import unit_collection
from territory.present.view import ViewFilter, unit_styles


def view_rows(snapshot: Snapshot, previous: Snapshot | None, view: ViewFilter, demand: Demand | None,
              sources: dict[str, Source], lang: str = "en") -> list[dict]:
    """One row per unit, as drawn on the control map (``shown`` false: greyed out by the filters); unit names
    in ``lang``."""
    rows = []
    for style in unit_styles(snapshot, previous, view, demand):
        r = style.control
        rows.append({
            "date": snapshot.date.isoformat(), "iso": r.iso, "name": unit_name(r.iso, lang),
            "shown": style.shown, "highlighted": style.highlighted,
            "controlled_pct": r.pct, "low_pct": r.low_pct, "high_pct": r.high_pct,
            "controlled_km2": None if r.km2 is None else round(r.km2, 1),
            "area_km2": round(r.area_km2, 1),
            "previous_date": previous.date.isoformat() if previous else None,
            "change_pp": None if style.change_pp is None else round(style.change_pp, 3),
            "kind": r.kind, "sources": ";".join(r.sources),
            "publishers": publishers_text(sources, r.sources),
            "fill": style.fill,
        })
    return rows


def comparison_rows(before: Snapshot, after: Snapshot, sources: dict[str, Source] | None = None,
                    lang: str = "en") -> list[dict]:
    """One row per unit: both dates' shares with their kind and sources, and the change between them."""
    rows = []
    for c in compare(before, after):
        row: dict[str, object] = {"iso": c.iso, "name": unit_name(c.iso, lang)}
        for when, snapshot, pct in (("before", before, c.before_pct), ("after", after, c.after_pct)):
            figure = snapshot.figures.get(c.iso)
            ids = figure.sources if figure else ()
            row |= {f"{when}_date": snapshot.date.isoformat(), f"{when}_pct": pct,
                    f"{when}_kind": figure.kind if figure else None, f"{when}_sources": ";".join(ids),
                    f"{when}_publishers": publishers_text(sources or {}, ids)}
        row |= {"change_pp": None if c.change_pp is None else round(c.change_pp, 3),
                "change_km2": None if c.change_km2 is None else round(c.change_km2, 1)}
        rows.append(row)
    return rows


#: The CSV header of each column in the interface language (the keys stay the GeoJSON property names).
COLUMN_HEADERS = {
    "date": N_("date"), "iso": N_("iso"), "name": N_("name"), "shown": N_("shown"), "highlighted": N_("highlighted"),
    "controlled_pct": N_("controlled_pct"), "low_pct": N_("low_pct"), "high_pct": N_("high_pct"),
    "controlled_km2": N_("controlled_km2"), "area_km2": N_("area_km2"), "previous_date": N_("previous_date"),
    "change_pp": N_("change_pp"), "change_km2": N_("change_km2"), "kind": N_("kind"), "sources": N_("sources"),
    "publishers": N_("publishers"), "fill": N_("fill"),
    "before_date": N_("before_date"), "before_pct": N_("before_pct"), "before_kind": N_("before_kind"),
    "before_sources": N_("before_sources"), "before_publishers": N_("before_publishers"),
    "after_date": N_("after_date"), "after_pct": N_("after_pct"), "after_kind": N_("after_kind"),
    "after_sources": N_("after_sources"), "after_publishers": N_("after_publishers"),
    "scenario": N_("scenario"), "rule": N_("rule"), "held_pct": N_("held_pct"),
    "russian_pct_under_plan": N_("russian_pct_under_plan"), "zone_pct_under_plan": N_("zone_pct_under_plan"),
    "ceded_km2": N_("ceded_km2"), "to_zone_km2": N_("to_zone_km2"), "left_km2": N_("left_km2"),
    "rule_source": N_("rule_source"), "note": N_("note"), "iso3": N_("iso3"), "status": N_("status"),
    "label": N_("label"),
    "level": N_("level"), "unit": N_("unit"), "code": N_("code"), "name_en": N_("name_en"), "name_uk": N_("name_uk"),
    "geonameid": N_("geonameid"), "katottg": N_("katottg"), "latitude": N_("latitude"), "longitude": N_("longitude"),
    "population_prewar": N_("population_prewar"), "status_before": N_("status_before"),
    "status_after": N_("status_after"), "hromada": N_("hromada"),
}


def csv_header(column: str, lang: str = "en") -> str:
    """A column's CSV header in ``lang`` (English: the column name itself)."""
    return gettext_for(lang)(COLUMN_HEADERS[column]) if column in COLUMN_HEADERS else column


#: Columns holding a word of the data's vocabulary (a kind, a rule): written in the CSV's language.
VOCABULARY_COLUMNS = frozenset({"kind", "before_kind", "after_kind", "rule"})


def _cell(column: str, value: object, lang: str) -> object:
    """A value as the CSV of ``lang`` writes it: yes/no and the data's words translated (English keeps
    ``True``/``False`` and the words as they are); text a spreadsheet would run as a formula neutralised."""
    if value is None:
        return ""
    if lang != "en" and isinstance(value, bool):
        _ = gettext_for(lang)
        return _("yes") if value else _("no")
    if lang != "en" and column in VOCABULARY_COLUMNS and isinstance(value, str):
        return csv_safe_cell(term(value, lang))
    return csv_safe_cell(value)


def rows_to_csv(rows: list[dict], lang: str = "en") -> bytes:
    """CSV bytes, headers and values in ``lang``; text cells that a spreadsheet would run as a formula are
    neutralised."""
    if not rows:
        return b""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writerow({column: csv_header(column, lang) for column in rows[0]})
    for row in rows:
        writer.writerow({k: _cell(k, v, lang) for k, v in row.items()})
    return buf.getvalue().encode("utf-8")


def rows_to_geojson(rows: list[dict], resolution: str = "web") -> bytes:
    """GeoJSON FeatureCollection: each row's values as properties, with its unit's geometry."""
    collection = unit_collection({row["iso"]: row for row in rows}, resolution)
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def scenario_rows(outcome, lang: str = "en") -> list[dict]:
    """One row per unit of a peace plan applied to a snapshot (rules stay the data's identifiers)."""

    return [{
        "scenario": outcome.scenario.id, "date": outcome.date.isoformat(), "iso": u.iso, "name": unit_name(u.iso, lang),
        "rule": u.rule.rule, "held_pct": u.held_pct, "russian_pct_under_plan": u.russian_pct,
        "zone_pct_under_plan": round(u.zone_pct, 3), "ceded_km2": round(u.ceded_km2, 1),
        "to_zone_km2": round(u.to_zone_km2, 1), "left_km2": round(u.left_km2, 1), "rule_source": u.rule.source,
        "note": data_text(u.rule, "note", lang),
    } for u in outcome.units]


def nato_rows(date, nato: dict | None = None, lang: str = "en") -> list[dict]:
    """One row per listed country: its NATO status on ``date`` (``label`` in ``lang``)."""

    return [{"iso3": s.iso3, "date": date.isoformat(), "status": s.category, "label": s.label}
            for s in status_on(date, nato, lang).values()]
