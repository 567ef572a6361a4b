"""Ukraine's 27 first-level units and the country outlines around them (see geodata/README.md)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import geopandas as gpd

from territory.base.crs import EQUAL_AREA_CRS, GEOGRAPHIC_CRS
from territory.base.paths import data_paths
from territory.data.units import Unit, load_units, name_index, resolve_unit, ukraine_area_km2  # noqa: F401  (the units table)

#: ISO 3166-1 alpha-3 codes of the countries drawn around Ukraine for context.
NEIGHBOURS = ("BLR", "HUN", "MDA", "POL", "ROU", "RUS", "SVK", "BGR", "TUR", "GEO", "LTU", "LVA")


@lru_cache(maxsize=4)
def _read(path: Path) -> gpd.GeoDataFrame:
    return gpd.read_file(path).set_crs(GEOGRAPHIC_CRS, allow_override=True)


def unit_geometries(resolution: str = "full") -> gpd.GeoDataFrame:
    """Unit polygons (columns iso, name_en, geometry) in longitude/latitude.

    ``resolution`` is ``"full"`` (areas, overlay, print) or ``"web"`` (coverage-simplified).
    Returns a copy: callers may add columns.
    """
    paths = data_paths()
    path = {"full": paths.full_geojson, "web": paths.web_geojson}[resolution]
    return _read(path).copy()


@lru_cache(maxsize=2)
def _projected_units(path: Path) -> gpd.GeoDataFrame:
    return _read(path).to_crs(EQUAL_AREA_CRS)


def projected_unit_geometries() -> gpd.GeoDataFrame:
    """Full-resolution units in the equal-area projection (a copy)."""
    return _projected_units(data_paths().full_geojson).copy()


#: Longitude/latitude window of the web base map: neighbours are clipped to it.
WEB_CONTEXT_BOX = (5.0, 37.0, 60.0, 62.0)


def country_outlines(iso3: tuple[str, ...] | None = None) -> gpd.GeoDataFrame:
    """Country outlines (columns iso3, name, geometry); Ukraine's own outline is included as UKR."""
    gdf = _read(data_paths().countries_geojson)
    if iso3 is not None:
        gdf = gdf[gdf["iso3"].isin(iso3)]
    return gdf.copy()
