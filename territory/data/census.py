"""2001 census: share naming Russian as native language, per unit, only where a source shows the value."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, ConfigDict, ValidationInfo, model_validator
from pydantic.dataclasses import dataclass

from territory.base.paths import data_paths, display_path
from territory.data.csvfile import Unique, read_table
from territory.data.sources import Source
from territory.data.validators import OptionalPercent, OptionalSourceIds, limited_text, registry_context, unit_iso

MAX_CENSUS_BYTES = 64_000
CENSUS_COLUMNS = ("unit", "russian_native_pct", "status", "sources")
_Text = Annotated[str, limited_text(500)]
_TWICE = "unit {key} appears twice (first on line {first})"


def _unit_or_nation(value: str, info: ValidationInfo) -> str:
    return "UA" if value == "UA" else unit_iso(value, info)


@dataclass(frozen=True, config=ConfigDict(str_strip_whitespace=True))
class CensusRow:
    """One row of the census table. ``unit`` is an ISO code, "UA" for the national figure."""

    unit: Annotated[str, AfterValidator(_unit_or_nation)]
    russian_native_pct: OptionalPercent
    status: Literal["verified", "unverified"]
    sources: OptionalSourceIds
    precision: _Text = ""
    note: _Text = ""

    @model_validator(mode="after")
    def _verified_has_value(self) -> CensusRow:
        if self.status == "verified" and (self.russian_native_pct is None or not self.sources):
            raise ValueError("a verified value needs a number and a source")
        return self

    @property
    def iso(self) -> str:
        return self.unit

    @property
    def pct(self) -> float | None:
        """The share, only where verified in a source (None: not shown)."""
        return self.russian_native_pct if self.verified else None

    @property
    def verified(self) -> bool:
        return self.status == "verified"


#: The product's name for a census row.
CensusShare = CensusRow


def load_census(path: Path | None = None, sources: dict[str, Source] | None = None, units: dict | None = None,
                label: str | None = None) -> dict[str, CensusShare]:
    """Census shares keyed by ISO code ("UA": Ukraine; default: the data root's table); DataError lists every
    problem."""

    path = path or data_paths().census_csv
    label = label or display_path(path)
    records = read_table(path, label, MAX_CENSUS_BYTES, CensusRow, CENSUS_COLUMNS, ("precision", "note"),
                         registry_context(sources, units), Unique(lambda row: row.unit, _TWICE))
    return {row.unit: row for _, row in records}
