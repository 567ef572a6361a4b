"""One DeepState map file -> the day's per-unit figures and the day's outline (occupied and grey areas).

**Classes by fill colour** (DeepState's legend; checked against every file of both archives, see
series/README.md): occupied ``#a52714`` (occupied since 2022), ``#000000`` and ``#880e4f`` (held since 2014:
ORDLO, Crimea, Tuzla; in 2022 files ``#880e4f`` also marks Transnistria, which lies outside Ukraine and is
cut away by the overlay); grey "status unknown" ``#bcaaa4``, ``#bdbdbd``, ``#757575``. Everything else
(liberated ``#0f9d58``/``#0288d1``/``#01579b``, foreign occupied areas ``#ff5252``, points and lines) is left
out. A file without fill colours (cyterat's daily files) is one occupied area with no grey layer.

**Crimea and Sevastopol** count as occupied on every day: DeepState's files before September 2022 do not draw
Crimea as a polygon (their base map shows it), so the two units are 100 % on every day and are added to the
occupied area of every outline.

**Figures** come from :func:`territory.build.overlay.derive_shares` (true overlay in the equal-area projection, with
its sliver rule): ``controlled_pct`` from the occupied area; where a grey zone touches the unit,
``low_pct`` = ``controlled_pct`` and ``high_pct`` from the occupied and grey areas together.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache

import numpy as np
import shapely
from pyproj import Transformer

from territory.base.crs import EQUAL_AREA_CRS
from territory.build.overlay import ControlArea, area_from_features, derive_shares, parse_geojson
from territory.data.geodata import unit_geometries
from territory.data.series import DayResult, UnitRow

OCCUPIED_FILLS = frozenset({"#a52714", "#000000", "#880e4f"})
GREY_FILLS = frozenset({"#bcaaa4", "#bdbdbd", "#757575"})
ALWAYS_OCCUPIED = ("UA-40", "UA-43")
OUTLINE_TOLERANCE_M = 200.0
OUTLINE_DECIMALS = 3
#: A range is recorded where the grey zone adds at least this much (percentage points) to a unit.
MIN_RANGE_PP = 0.01


#: Geometry types that can carry a filled area. Early 2022 maps draw the areas occupied since February as
#: GeometryCollections of polygons; their points and lines, if any, are dropped by the overlay.
AREA_GEOMETRY_TYPES = ("Polygon", "MultiPolygon", "GeometryCollection")


def _polygon_features(features: list[dict], fills: frozenset[str] | None) -> list[dict]:
    chosen = []
    for feature in features:
        if not isinstance(feature, dict):
            continue
        geometry = feature.get("geometry") or {}
        if not isinstance(geometry, dict) or geometry.get("type") not in AREA_GEOMETRY_TYPES:
            continue
        props = feature["properties"] if isinstance(feature.get("properties"), dict) else {}
        if fills is None or str(props.get("fill", "")).strip().lower() in fills:
            chosen.append(feature)
    return chosen


def has_fill_colours(features: list[dict]) -> bool:
    return any(isinstance(f, dict) and isinstance(f.get("properties"), dict) and "fill" in f["properties"]
               for f in features)


def classify(data: bytes, label: str) -> tuple[ControlArea, ControlArea | None]:
    """Occupied area and grey area (None if the file has no grey layer) as drawn on the map, projected."""
    features, crs_name = parse_geojson(data, label)
    if has_fill_colours(features):
        occupied = area_from_features(_polygon_features(features, OCCUPIED_FILLS), label, crs_name)
        grey: ControlArea | None = area_from_features(_polygon_features(features, GREY_FILLS), label, crs_name)
    else:
        occupied = area_from_features(_polygon_features(features, None), label, crs_name)
        grey = None
    return occupied, grey


def _shares(area: ControlArea, day: dt.date) -> dict[str, float]:
    """Per-unit shares of an area, Crimea and Sevastopol counted in full (the rule in the module doc)."""
    shares = {s.iso: s.share_pct for s in derive_shares(area, day).shares}
    return {iso: 100.0 if iso in ALWAYS_OCCUPIED else pct for iso, pct in shares.items()}


@lru_cache(maxsize=1)
def _always_occupied() -> shapely.Geometry:
    """Crimea and Sevastopol as the web map draws them (for the outline), projected."""
    web = unit_geometries("web").to_crs(EQUAL_AREA_CRS)
    return shapely.make_valid(shapely.union_all(list(web[web["iso"].isin(ALWAYS_OCCUPIED)].geometry)))


def compute_day(day: dt.date, source_file: str, data: bytes) -> DayResult:
    """The figures and outline of one day from the bytes of the map file that shows it."""
    occupied, grey = classify(data, source_file)
    low = _shares(occupied, day)
    high: dict[str, float] = {}
    grey_geometry = shapely.Polygon()
    if grey is not None and not grey.geometry.is_empty:
        grey_geometry = grey.geometry.difference(occupied.geometry)
        both = ControlArea(shapely.union_all([occupied.geometry, grey.geometry]), source_file, 0)
        high = _shares(both, day)
    rows = []
    for iso, pct in low.items():
        controlled = round(pct, 2)
        upper = round(high.get(iso, pct), 2)
        if upper - controlled >= MIN_RANGE_PP:
            rows.append(UnitRow(iso, controlled, controlled, upper))
        else:
            rows.append(UnitRow(iso, controlled, None, None))
    outline = outline_geojson(day, source_file, shapely.union_all([occupied.geometry, _always_occupied()]),
                              grey_geometry)
    return DayResult(day, source_file, tuple(rows), outline)


@lru_cache(maxsize=1)
def _ukraine_outline() -> shapely.Geometry:
    """Ukraine's outline as the web map draws it (the coverage-simplified units): outlines cut to it follow
    the drawn coast and border exactly and spend their vertices on the front line."""
    web = unit_geometries("web").to_crs(EQUAL_AREA_CRS)
    outline = shapely.make_valid(shapely.union_all(list(web.geometry)))
    shapely.prepare(outline)
    return outline


_TO_LONLAT = Transformer.from_crs(EQUAL_AREA_CRS, "EPSG:4326", always_xy=True)


def _simplified_lonlat(geometry: shapely.Geometry) -> shapely.Geometry:
    """Cut to Ukraine, simplified to OUTLINE_TOLERANCE_M, back in longitude/latitude on a 0.001° grid."""
    inside = shapely.make_valid(geometry.simplify(OUTLINE_TOLERANCE_M).intersection(_ukraine_outline()))
    lonlat = shapely.transform(inside, lambda xy: np.column_stack(_TO_LONLAT.transform(xy[:, 0], xy[:, 1])))
    grid = shapely.set_precision(shapely.make_valid(lonlat), 10 ** -OUTLINE_DECIMALS)
    parts = [p for p in shapely.get_parts(grid) if p.geom_type == "Polygon" and not p.is_empty]
    return shapely.MultiPolygon(parts) if parts else shapely.MultiPolygon()


def outline_geojson(day: dt.date, source_file: str, occupied: shapely.Geometry,
                    grey: shapely.Geometry) -> dict:
    """The day's outline as a FeatureCollection: one ``occupied`` and (if any) one ``grey`` feature."""
    features = []
    for kind, geometry in (("occupied", occupied), ("grey", grey)):
        simple = _simplified_lonlat(geometry) if not geometry.is_empty else shapely.MultiPolygon()
        if simple.is_empty:
            continue
        features.append({"type": "Feature", "properties": {"kind": kind},
                         "geometry": json.loads(shapely.to_geojson(simple))})
    return {"type": "FeatureCollection", "date": day.isoformat(), "source_file": source_file,
            "credit": "DeepState (deepstatemap.live)", "features": features}
