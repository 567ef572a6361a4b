"""The data behind each map: CSV and GeoJSON of exactly the figures drawn."""

from __future__ import annotations

import csv
import io
import json

from .analysis import compare
from .demands import Demand
from .geodata import unit_geometries
from .snapshots import Snapshot
from .sources import Source
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
            "publishers": "; ".join(dict.fromkeys(sources[s].publisher for s in r.sources if s in sources)),
            "fill": style.fill,
        })
    return rows


def comparison_rows(before: Snapshot, after: Snapshot) -> list[dict]:
    return [{
        "iso": c.iso, "name": c.name, "before_date": before.date.isoformat(), "before_pct": c.before_pct,
        "after_date": after.date.isoformat(), "after_pct": c.after_pct,
        "change_pp": None if c.change_pp is None else round(c.change_pp, 3),
        "change_km2": None if c.change_km2 is None else round(c.change_km2, 1),
    } for c in compare(before, after)]


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
    geoms = unit_geometries(resolution).set_index("iso").geometry
    features = [{"type": "Feature", "properties": row, "geometry": geoms[row["iso"]].__geo_interface__}
                for row in rows]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def scenario_rows(outcome) -> list[dict]:
    """One row per unit of a peace plan applied to a snapshot."""
    return [{
        "scenario": outcome.scenario.id, "date": outcome.date.isoformat(), "iso": u.iso, "name": u.name,
        "rule": u.rule.rule, "held_pct": u.held_pct, "russian_pct_under_plan": u.russian_pct,
        "zone_pct_under_plan": round(u.zone_pct, 3), "ceded_km2": round(u.ceded_km2, 1),
        "to_zone_km2": round(u.to_zone_km2, 1), "left_km2": round(u.left_km2, 1), "rule_source": u.rule.source,
        "note": u.rule.note,
    } for u in outcome.units]
