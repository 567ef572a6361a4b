"""Computing the day-to-day flows from DeepState's maps (build time): each day's occupied area against the day
before's at full resolution, per unit on land and as DeepState counts it. Stored and read by
:mod:`territory.data.flows`; the command is ``territory series changes`` (:mod:`territory.cli.series_changes`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

import shapely

from territory.build.compute import ALWAYS_OCCUPIED, classify
from territory.data.flows import KM2, MIN_FLOW_KM2, Flows, PolygonDay, UnitFlow
from territory.data.geodata import projected_unit_geometries


@lru_cache(maxsize=1)
def _unit_shapes() -> tuple[tuple[str, ...], tuple[shapely.Geometry, ...]]:
    gdf = projected_unit_geometries()
    geoms = tuple(gdf.geometry)
    for geom in geoms:
        shapely.prepare(geom)
    return tuple(gdf["iso"]), geoms


@lru_cache(maxsize=1)
def _ukraine() -> shapely.Geometry:
    return shapely.union_all(list(_unit_shapes()[1]))


@lru_cache(maxsize=1)
def _always_occupied() -> shapely.Geometry:
    isos, geoms = _unit_shapes()
    return shapely.union_all([g for iso, g in zip(isos, geoms, strict=True) if iso in ALWAYS_OCCUPIED])


def land_occupied(occupied: shapely.Geometry) -> shapely.Geometry:
    """The occupied area with Crimea and Sevastopol in full (the series' rule), projected."""
    return shapely.union_all([occupied, _always_occupied()])


#: A map whose polygon covers less than this share of Crimea and Sevastopol does not draw them.
DRAWS_CRIMEA_SHARE = 0.5


def deepstate_occupied(occupied: shapely.Geometry) -> shapely.Geometry:
    """The polygon as DeepState counts it: its parts in Ukraine (:func:`polygon_in_ukraine`), with Crimea and
    Sevastopol added (as land) only where the map does not draw them (its first months)."""
    polygon = polygon_in_ukraine(occupied)
    crimea = _always_occupied()
    if shapely.intersection(polygon, crimea).area >= DRAWS_CRIMEA_SHARE * crimea.area:
        return polygon
    return shapely.union_all([polygon, crimea])


def polygon_in_ukraine(occupied: shapely.Geometry) -> shapely.Geometry:
    """The parts of the polygon that touch Ukraine's land, whole (waters and border slivers kept); parts
    wholly abroad (Transnistria on the 2022 maps) left out."""
    ukraine = _ukraine()
    parts = [p for p in shapely.get_parts(occupied) if shapely.intersects(p, ukraine)]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def day_flows(day: dt.date, previous_day: dt.date, before: shapely.Geometry, after: shapely.Geometry
              ) -> tuple[list[UnitFlow], PolygonDay]:
    """The flows between two days' occupied areas (each as :func:`land_occupied` made it, projected)."""
    gained, lost = shapely.difference(after, before), shapely.difference(before, after)
    rows = []
    for iso, geom in zip(*_unit_shapes(), strict=True):
        g = round(shapely.intersection(gained, geom).area / KM2, 2) if shapely.intersects(gained, geom) else 0.0
        loss = round(shapely.intersection(lost, geom).area / KM2, 2) if shapely.intersects(lost, geom) else 0.0
        if g >= MIN_FLOW_KM2 or loss >= MIN_FLOW_KM2:
            rows.append(UnitFlow(day, previous_day, iso, g, loss))
    polygon = PolygonDay(day, previous_day, round(after.area / KM2, 2), round(gained.area / KM2, 2),
                         round(lost.area / KM2, 2))
    return rows, polygon


def compute_flows(days: Iterable[tuple[dt.date, bytes, str]]) -> Flows:
    """Flows for consecutive days given as (day, map file bytes, file name), in order of day."""
    units: list[UnitFlow] = []
    polygon: list[PolygonDay] = []
    land_before = deepstate_before = None
    previous: dt.date | None = None
    for day, data, name in days:
        occupied, _grey = classify(data, name)
        land = land_occupied(occupied.geometry)
        deepstate = deepstate_occupied(occupied.geometry)
        if previous is not None:
            rows, _ = day_flows(day, previous, land_before, land)
            _, poly = day_flows(day, previous, deepstate_before, deepstate)
            units += rows
            polygon.append(poly)
        land_before, deepstate_before, previous = land, deepstate, day
    return Flows(tuple(units), tuple(polygon))
