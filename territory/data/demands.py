"""Stated demands and positions (demands/demands.yaml; schema in demands/README.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import ConfigDict, Field
from pydantic.dataclasses import dataclass

from territory.base.paths import display_path
from territory.base.problems import DataError, Problem
from territory.data.csvfile import read_bytes
from territory.data.sources import Source
from territory.data.validators import (
    Alpha3,
    IsoDate,
    OptionalPercent,
    SlugId,
    SourceId,
    SourceIds,
    UnitIso,
    registry_context,
    ukrainian_text,
)
from territory.data.yamlfile import node_line, read_yaml_list

MAX_DEMANDS_BYTES = 512_000
CATEGORIES = ("territory", "alliances", "neutrality", "sanctions", "assets", "language and minorities",
              "recognition", "military", "elections", "security guarantees")
_CONFIG = ConfigDict(extra="forbid", str_strip_whitespace=True)


@dataclass(frozen=True, config=_CONFIG)
class Quote:
    """Words as seen in the source, in their original language; ``text_uk`` is a translation, shown marked as one."""

    text: Annotated[str, Field(min_length=1, max_length=2000)]
    speaker: Annotated[str, Field(min_length=1, max_length=300)]
    source: SourceId
    text_uk: Annotated[str, ukrainian_text(2000)] = ""
    speaker_uk: Annotated[str, ukrainian_text(300)] = ""


@dataclass(frozen=True, config=_CONFIG)
class UnitLink:
    """A unit a demand concerns; ``target_pct`` is the share under Russian control it asks for (None: unstated)."""

    iso: UnitIso
    target_pct: OptionalPercent = None


@dataclass(frozen=True, config=_CONFIG)
class Demand:
    """One entry of demands.yaml: a demand, a position or a response, with its sources and units."""

    id: SlugId
    party: Annotated[str, Field(min_length=1, max_length=100)]
    type: Literal["demand", "position", "response"]
    date: IsoDate
    category: Literal[CATEGORIES]  # type: ignore[valid-type]
    statement: Annotated[str, Field(min_length=1, max_length=3000)]
    attribution: Annotated[str, Field(min_length=1, max_length=500)]
    sources: SourceIds
    quotes: tuple[Quote, ...] = ()
    units: tuple[UnitLink, ...] = ()
    countries: tuple[Alpha3, ...] = ()
    responds_to: tuple[str, ...] = ()
    statement_uk: Annotated[str, ukrainian_text(3000)] = ""
    attribution_uk: Annotated[str, ukrainian_text(500)] = ""

    @property
    def unit_isos(self) -> tuple[str, ...]:
        return tuple(link.iso for link in self.units)

    @property
    def is_territorial(self) -> bool:
        return any(link.target_pct is not None for link in self.units)


def parse_demands(data: bytes, label: str, sources: dict[str, Source], units: dict | None = None) -> list[Demand]:
    """Parse the demands file; raise DataError listing every problem."""
    entries = read_yaml_list(data, label, MAX_DEMANDS_BYTES, "entries", Demand, registry_context(sources, units))
    items, problems = entries.items, entries.problems
    first_line: dict[str, int] = {}
    for node, demand in items:
        line = node.start_mark.line + 1
        if demand.id in first_line:
            problems.append(Problem(label, line, f"duplicate id {demand.id!r} (first on line {first_line[demand.id]})"))
        first_line.setdefault(demand.id, line)
    for node, demand in items:
        for target in demand.responds_to:
            if target not in entries.written_ids:
                problems.append(Problem(label, node_line(node, ("responds_to",)),
                                        f"responds_to: unknown entry id {target!r}"))
    if problems:
        raise DataError(sorted(set(problems), key=lambda p: p.line))
    return sorted((demand for _, demand in items), key=lambda d: (d.date, d.id))


def load_demands(sources: dict[str, Source], path: Path, units: dict | None = None,
                 label: str | None = None) -> list[Demand]:
    """Every demand and position in date order; raises DataError if the file has any problem."""

    label = label or display_path(path)
    return parse_demands(read_bytes(path, label, MAX_DEMANDS_BYTES), label, sources, units)


def responses_to(demand_id: str, demands: list[Demand]) -> list[Demand]:
    """The entries that answer ``demand_id``."""
    return [d for d in demands if demand_id in d.responds_to]
