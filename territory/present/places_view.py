"""What the places page shows, without Streamlit: an oblast's raions or hromadas on one day as GeoJSON features
(share, km², tooltip, colour) and a settlement's timeline in words."""

from __future__ import annotations

import datetime as dt
import html
import json
from functools import lru_cache

import shapely

from territory.base import palette
from territory.data.settlements import Change
from territory.data.subunits import dissolve_raions, hromadas


def control_colour(pct: float) -> str:
    if pct <= 0:
        return palette.ZERO_COLOUR
    for brk, colour in zip(palette.CONTROL_BREAKS, palette.CONTROL_COLOURS, strict=True):
        if pct <= brk:
            return colour
    return palette.CONTROL_COLOURS[-1]


@lru_cache(maxsize=64)
def _shapes(level: str, unit: str) -> tuple[tuple[str, str], ...]:
    """(code, GeoJSON geometry text) of a unit's raions or hromadas, browser resolution."""
    gdf = hromadas("web")
    gdf = gdf[gdf["unit"] == unit]
    if level == "raion":
        gdf = dissolve_raions(gdf)
    return tuple((code, shapely.to_geojson(geom)) for code, geom in zip(gdf["code"], gdf.geometry, strict=True))


def subunit_features(rows: list[dict], level: str, unit: str, language: str, day_text: str) -> dict:
    """A FeatureCollection of the unit's raions or hromadas coloured by their share on the day; every text
    escaped for the tooltip's HTML."""
    by_code = {r["code"]: r for r in rows}
    features = []
    for code, geometry in _shapes(level, unit):
        row = by_code.get(code)
        if row is None:
            continue
        name = row["name_uk"] if language == "uk" else row["name_en"]
        pct_text = f"{row['controlled_pct']:.2f}".replace(".", "," if language == "uk" else ".")
        tooltip = (f"<b>{html.escape(name)}</b> ({html.escape(code)})<br>{html.escape(day_text)}: "
                   f"{html.escape(pct_text)} %, {row['controlled_km2']:,.0f} / {row['area_km2']:,.0f} km²")
        features.append({"type": "Feature", "geometry": json.loads(geometry),
                         "properties": {"code": code, "fill": control_colour(row["controlled_pct"]),
                                        "tooltip": tooltip}})
    return {"type": "FeatureCollection", "features": features}


def timeline_rows(changes: list[Change]) -> list[dict]:
    return [{"date": c.day.isoformat(), "status": c.status, "flip_flop": c.flip_flop, "initial": c.initial}
            for c in changes]


def last_on_or_before(days: list[dt.date], day: dt.date) -> dt.date:
    earlier = [d for d in days if d <= day]
    return earlier[-1] if earlier else days[0]
