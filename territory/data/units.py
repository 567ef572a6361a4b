"""Ukraine's 27 first-level units: the table geodata/units.csv (names, aliases, areas), validated."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import ConfigDict, field_validator
from pydantic.dataclasses import dataclass

from territory.base.fields import bounded, limited_text
from territory.base.names import NameIndex
from territory.base.paths import data_paths, display_path
from territory.base.problems import DataError, Problem
from territory.data.csvfile import Unique, read_table

MAX_UNITS_BYTES = 256_000
UNIT_COLUMNS = ("iso", "name_en", "name_en_full", "name_official", "name_uk", "name_ru", "aliases", "area_km2",
                "official_area_km2")
UNIT_COUNT = 27
_Name = Annotated[str, limited_text(200, required=True)]
_Area = Annotated[float, bounded(1, 1_000_000)]
_OptionalArea = Annotated[float | None, bounded(1, 1_000_000, required=False)]


@dataclass(frozen=True, config=ConfigDict(str_strip_whitespace=True))
class Unit:
    """One first-level unit of Ukraine (oblast, autonomous republic or city with special status)."""

    iso: str
    name_en: _Name
    name_en_full: _Name
    name_official: _Name
    name_uk: _Name
    name_ru: _Name
    aliases: tuple[str, ...]
    area_km2: _Area
    official_area_km2: _Area
    #: For units with large water bodies (lagoons, estuaries): an independent measurement of the land area,
    #: the official area less the water (geodata/README.md); None elsewhere.
    reference_land_area_km2: _OptionalArea = None

    @field_validator("iso")
    @classmethod
    def _iso(cls, value: str) -> str:
        if not (value.startswith("UA-") and len(value) == 5 and value[3:].isdigit()):
            raise ValueError(f"{value[:20]!r} is not an ISO 3166-2:UA code such as UA-14")
        return value

    @field_validator("aliases", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        return tuple(a.strip() for a in value.split(";") if a.strip()) if isinstance(value, str) else value

    @property
    def all_names(self) -> tuple[str, ...]:
        return (self.name_en, self.name_en_full, self.name_official, self.name_uk, self.name_ru, *self.aliases)


def read_units(path: Path, label: str | None = None) -> dict[str, Unit]:
    """The units table, in ISO order; DataError lists every problem (columns, encoding, values, count)."""

    label = label or display_path(path)
    records = read_table(path, label, MAX_UNITS_BYTES, Unit, UNIT_COLUMNS, ("reference_land_area_km2",),
                         unique=Unique(lambda unit: unit.iso, "unit {key} appears twice (first on line {first})"))
    if len(records) != UNIT_COUNT:
        raise DataError([Problem(label, 0, f"has {len(records)} units; Ukraine has {UNIT_COUNT} first-level units")])
    return {unit.iso: unit for _, unit in records}


@lru_cache(maxsize=4)
def _cached_units(path: Path) -> dict[str, Unit]:
    return read_units(path)


def load_units(path: Path | None = None) -> dict[str, Unit]:
    """All units keyed by ISO code (default: the data root's table), read once per path."""

    return _cached_units(Path(path) if path is not None else data_paths().units_csv)


@lru_cache(maxsize=4)
def _cached_index(path: Path) -> NameIndex:
    return NameIndex({iso: unit.all_names for iso, unit in load_units(path).items()})


def resolve_units(text: str, units: dict[str, Unit]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A comma-separated list of unit codes or names: (the ISO codes, in order and once each; the names not
    recognised, as written)."""
    names = NameIndex({iso: unit.all_names for iso, unit in units.items()})
    isos: list[str] = []
    unknown: list[str] = []
    for name in text.split(","):
        iso = names.resolve(name)
        if iso:
            isos.append(iso)
        else:
            unknown.append(name.strip())
    return tuple(dict.fromkeys(isos)), tuple(unknown)


def name_index(path: Path | None = None) -> NameIndex:
    """The resolver for every spelling of every unit."""

    return _cached_index(Path(path) if path is not None else data_paths().units_csv)


def resolve_unit(name: str) -> str | None:
    """ISO code for a unit name, code or alias ("Lugansk", "Луганська область", "UA-09"), else None."""
    return name_index().resolve(name)


def ukraine_area_km2() -> float:
    """Area of Ukraine as the sum of the 27 units' land areas (equal-area projection, geoBoundaries on land)."""
    return sum(unit.area_km2 for unit in load_units().values())


def unit_name(iso: str, lang: str = "en", units: dict[str, Unit] | None = None) -> str:
    """A unit's name in the interface language: "Luhansk" / "Луганська область" (its official Ukrainian form)."""
    unit = (units or load_units()).get(iso)
    if unit is None:
        return iso
    return unit.name_uk if lang == "uk" else unit.name_en
