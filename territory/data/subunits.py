"""Raions and hromadas below the 27 units (see geodata/README.md, "Raions and hromadas").

``geodata/subunits.geojson`` holds every hromada (and named gap) cut to its unit's land, so hromadas tile
their raion and raions tile their unit; raions are dissolved from their hromadas here. Levels:

- ``hromada``: one row per feature of the file (``kind`` is ``hromada``, ``gap`` for land no hromada of the
  source covers (the Chornobyl exclusion zone, the three hromadas missing from the source), ``raion`` for
  Crimea (no hromada boundaries in the source) and ``city`` for Kyiv and Sevastopol);
- ``raion``: the hromadas of one raion dissolved (Kyiv and Sevastopol are one raion each).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd

from territory.base.crs import EQUAL_AREA_CRS, GEOGRAPHIC_CRS
from territory.base.paths import data_root

LEVELS = ("oblast", "raion", "hromada")
SUBUNIT_COLUMNS = ("code", "katotth", "kind", "unit", "raion", "name_uk", "name_en", "raion_name_uk",
                   "raion_name_en", "area_km2")
FILES = {"full": "subunits.geojson", "web": "subunits_web.geojson"}
CREDIT = "Raions and hromadas: © OpenStreetMap contributors (ODbL 1.0), via darmat1/ukraine-geo-data"


def subunits_path(resolution: str = "full", root: Path | None = None) -> Path:
    return (Path(root) if root is not None else data_root()) / "geodata" / FILES[resolution]


def _read(path: Path) -> gpd.GeoDataFrame:
    return _read_at(path.resolve())


@lru_cache(maxsize=4)
def _read_at(path: Path) -> gpd.GeoDataFrame:
    gdf = gpd.read_file(path).set_crs(GEOGRAPHIC_CRS, allow_override=True)
    return gdf[[*SUBUNIT_COLUMNS, "geometry"]].sort_values("code", kind="stable").reset_index(drop=True)


def hromadas(resolution: str = "full", root: Path | None = None) -> gpd.GeoDataFrame:
    """Every hromada (and gap) with its unit, raion, names, area and geometry, in longitude/latitude (a copy)."""
    return _read(subunits_path(resolution, root)).copy()


def raions(resolution: str = "full", root: Path | None = None) -> gpd.GeoDataFrame:
    """Every raion, dissolved from its hromadas (columns code, unit, name_uk, name_en, area_km2, geometry)."""
    gdf = hromadas(resolution, root)
    return dissolve_raions(gdf)


def dissolve_raions(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    grouped = gdf.dissolve(by="raion", aggfunc={"unit": "first", "raion_name_uk": "first", "raion_name_en": "first",
                                                 "area_km2": "sum"}).reset_index()
    grouped = grouped.rename(columns={"raion": "code", "raion_name_uk": "name_uk", "raion_name_en": "name_en"})
    grouped["area_km2"] = grouped["area_km2"].round(2)
    return grouped[["code", "unit", "name_uk", "name_en", "area_km2", "geometry"]].sort_values("code").reset_index(
        drop=True)


def projected_hromadas(root: Path | None = None) -> gpd.GeoDataFrame:
    """Full-resolution hromadas in the equal-area projection (areas, overlay)."""
    return hromadas("full", root).to_crs(EQUAL_AREA_CRS)


def subunit_table(level: str, root: Path | None = None) -> pd.DataFrame:
    """The rows of one level without geometry: code, unit, name_uk, name_en, area_km2 (and raion for hromadas)."""
    if level == "hromada":
        frame = pd.DataFrame(hromadas("full", root).drop(columns="geometry"))
        return frame
    if level == "raion":
        frame = pd.DataFrame(hromadas("full", root).drop(columns="geometry"))
        grouped = frame.groupby("raion", sort=True).agg(unit=("unit", "first"), name_uk=("raion_name_uk", "first"),
                                                        name_en=("raion_name_en", "first"),
                                                        area_km2=("area_km2", "sum")).reset_index()
        grouped = grouped.rename(columns={"raion": "code"})
        grouped["area_km2"] = grouped["area_km2"].round(2)
        return grouped
    raise ValueError(f"unknown level {level!r}")
