"""The data behind each map: CSV and GeoJSON of exactly the figures drawn."""

from __future__ import annotations

import csv
import io
import json

from .analysis import compare
from .demands import Demand
from .features import unit_collection
from .snapshots import Snapshot
from .sources import Source, publishers_text
from .textsafe import csv_safe_cell
from .view import ViewFilter, unit_styles


def view_rows(snapshot: Snapshot, previous: Snapshot | None, view: ViewFilter, demand: Demand | None,
              sources: dict[str, Source]) -> list[dict]:
    """One row per unit, as drawn on the control map (``shown`` false: greyed out by the filters)."""
    rows = []
    for style in unit_styles(snapshot, previous, view, demand):
        r = style.control
        rows.append({
            "date": snapshot.date.isoformat(), "iso": r.iso, "name": r.name,
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


def comparison_rows(before: Snapshot, after: Snapshot, sources: dict[str, Source] | None = None) -> list[dict]:
    """One row per unit: both dates' shares with their kind and sources, and the change between them."""
    rows = []
    for c in compare(before, after):
        row = {"iso": c.iso, "name": c.name}
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


def rows_to_csv(rows: list[dict]) -> bytes:
    """CSV bytes; text cells that a spreadsheet would run as a formula are neutralised."""
    if not rows:
        return b""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else csv_safe_cell(v) for k, v in row.items()})
    return buf.getvalue().encode("utf-8")


def rows_to_geojson(rows: list[dict], resolution: str = "web") -> bytes:
    """GeoJSON FeatureCollection: each row's values as properties, with its unit's geometry."""
    collection = unit_collection({row["iso"]: row for row in rows}, resolution)
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def scenario_rows(outcome) -> list[dict]:
    """One row per unit of a peace plan applied to a snapshot."""
    return [{
        "scenario": outcome.scenario.id, "date": outcome.date.isoformat(), "iso": u.iso, "name": u.name,
        "rule": u.rule.rule, "held_pct": u.held_pct, "russian_pct_under_plan": u.russian_pct,
        "zone_pct_under_plan": round(u.zone_pct, 3), "ceded_km2": round(u.ceded_km2, 1),
        "to_zone_km2": round(u.to_zone_km2, 1), "left_km2": round(u.left_km2, 1), "rule_source": u.rule.source,
        "note": u.rule.note,
    } for u in outcome.units]


def nato_rows(date, nato: dict | None = None) -> list[dict]:
    """One row per listed country: its NATO status on ``date``."""
    from .nato import status_on

    return [{"iso3": s.iso3, "date": date.isoformat(), "status": s.category, "label": s.label}
            for s in status_on(date, nato).values()]
