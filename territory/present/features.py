"""GeoJSON features, built in one place: the units' or countries' geometry with the properties of each.

The web map's layers and the GeoJSON exports all come from here, so every feature has the same shape.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from territory.base.paths import data_paths
from territory.data.geodata import country_outlines, unit_geometries


def _rounded(coords, digits: int):
    if isinstance(coords[0], (int, float)):
        return [round(coords[0], digits), round(coords[1], digits)]
    return [_rounded(c, digits) for c in coords]


def feature(properties: dict, geometry, digits: int | None = None) -> dict:
    """One GeoJSON Feature; ``digits``: round coordinates (web layers), None: keep them (exports)."""
    shape = geometry.__geo_interface__
    if digits is not None:
        shape = {"type": shape["type"], "coordinates": _rounded(shape["coordinates"], digits)}
    return {"type": "Feature", "properties": properties, "geometry": shape}


def collection(features: Iterable[dict]) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


def unit_collection(properties: dict[str, dict], resolution: str = "web", digits: int | None = None) -> dict:
    """A FeatureCollection of the units in ``properties`` (ISO code -> properties), in the geometry file's order.

    Units with an empty geometry are left out. The geometries are converted (and rounded) once per file and
    shared by every collection built from them: read-only.
    """

    paths = data_paths()
    path = {"full": paths.full_geojson, "web": paths.web_geojson}[resolution]
    return collection({"type": "Feature", "properties": properties[iso], "geometry": shape}
                      for iso, shape in _unit_shapes(resolution, path, digits) if iso in properties)


@lru_cache(maxsize=8)
def _unit_shapes(resolution: str, path: Path, digits: int | None) -> tuple[tuple[str, dict], ...]:
    """(ISO code, GeoJSON geometry) of every non-empty unit in the file at ``path``: a web layer is built on every
    new date of the slider, and rounding the coordinates was most of its cost."""

    geoms = unit_geometries(resolution)
    return tuple((iso, feature({}, geometry, digits)["geometry"])
                 for iso, geometry in zip(geoms["iso"], geoms.geometry, strict=True) if not geometry.is_empty)


def country_collection(properties: dict[str, dict], digits: int | None = None) -> dict:
    """A FeatureCollection of the countries in ``properties`` (ISO 3166-1 alpha-3 -> properties)."""

    gdf = country_outlines()
    return collection(feature(properties[iso3], geometry, digits)
                      for iso3, geometry in zip(gdf["iso3"], gdf.geometry, strict=True) if iso3 in properties)
