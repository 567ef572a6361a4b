"""Ukraine's 27 first-level units and the country outlines around them (see geodata/README.md)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geopandas as gpd

from .crs import EQUAL_AREA_CRS, GEOGRAPHIC_CRS
from .names import NameIndex
from .paths import GEODATA_DIR

UNITS_CSV = GEODATA_DIR / "units.csv"
FULL_GEOJSON = GEODATA_DIR / "ukraine_units.geojson"
WEB_GEOJSON = GEODATA_DIR / "ukraine_units_web.geojson"
COUNTRIES_GEOJSON = GEODATA_DIR / "countries.geojson"

#: ISO 3166-1 alpha-3 codes of the countries drawn around Ukraine for context.
NEIGHBOURS = ("BLR", "HUN", "MDA", "POL", "ROU", "RUS", "SVK", "BGR", "TUR", "GEO", "LTU", "LVA")


@dataclass(frozen=True)
class Unit:
    """One first-level unit of Ukraine (oblast, autonomous republic or city with special status)."""

    iso: str
    name_en: str
    name_en_full: str
    name_official: str
    name_uk: str
    name_ru: str
    aliases: tuple[str, ...]
    area_km2: float
    official_area_km2: float
    #: For units with large water bodies (lagoons, estuaries): an independent measurement of the land area,
    #: the official area less the water (geodata/README.md); None elsewhere.
    reference_land_area_km2: float | None = None

    @property
    def all_names(self) -> tuple[str, ...]:
        return (self.name_en, self.name_en_full, self.name_official, self.name_uk,
                self.name_ru, *self.aliases)


@lru_cache(maxsize=4)
def load_units(path: Path = UNITS_CSV) -> dict[str, Unit]:
    """All units keyed by ISO code, in ISO order."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    units = {}
    for row in rows:
        units[row["iso"]] = Unit(
            iso=row["iso"],
            name_en=row["name_en"],
            name_en_full=row["name_en_full"],
            name_official=row["name_official"],
            name_uk=row["name_uk"],
            name_ru=row["name_ru"],
            aliases=tuple(a.strip() for a in row["aliases"].split(";") if a.strip()),
            area_km2=float(row["area_km2"]),
            official_area_km2=float(row["official_area_km2"]),
            reference_land_area_km2=float(row["reference_land_area_km2"]) if row.get("reference_land_area_km2")
            else None,
        )
    return units


@lru_cache(maxsize=4)
def name_index(path: Path = UNITS_CSV) -> NameIndex:
    """The resolver for every spelling of every unit."""
    return NameIndex({iso: unit.all_names for iso, unit in load_units(path).items()})


def resolve_unit(name: str) -> str | None:
    """ISO code for a unit name, code or alias ("Lugansk", "Луганська область", "UA-09"), else None."""
    return name_index().resolve(name)


def ukraine_area_km2() -> float:
    """Area of Ukraine as the sum of the 27 units' land areas (equal-area projection, geoBoundaries on land)."""
    return sum(unit.area_km2 for unit in load_units().values())


@lru_cache(maxsize=4)
def _read(path: Path) -> gpd.GeoDataFrame:
    return gpd.read_file(path).set_crs(GEOGRAPHIC_CRS, allow_override=True)


def unit_geometries(resolution: str = "full") -> gpd.GeoDataFrame:
    """Unit polygons (columns iso, name_en, geometry) in longitude/latitude.

    ``resolution`` is ``"full"`` (areas, overlay, print) or ``"web"`` (coverage-simplified).
    Returns a copy: callers may add columns.
    """
    path = {"full": FULL_GEOJSON, "web": WEB_GEOJSON}[resolution]
    return _read(path).copy()


@lru_cache(maxsize=2)
def _projected_units() -> gpd.GeoDataFrame:
    return _read(FULL_GEOJSON).to_crs(EQUAL_AREA_CRS)


def projected_unit_geometries() -> gpd.GeoDataFrame:
    """Full-resolution units in the equal-area projection (a copy)."""
    return _projected_units().copy()


#: Longitude/latitude window of the web base map: neighbours are clipped to it.
WEB_CONTEXT_BOX = (5.0, 37.0, 60.0, 62.0)


def country_outlines(iso3: tuple[str, ...] | None = None) -> gpd.GeoDataFrame:
    """Country outlines (columns iso3, name, geometry); Ukraine's own outline is included as UKR."""
    gdf = _read(COUNTRIES_GEOJSON)
    if iso3 is not None:
        gdf = gdf[gdf["iso3"].isin(iso3)]
    return gdf.copy()
