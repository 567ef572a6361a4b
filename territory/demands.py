"""Stated demands and positions (demands/demands.yaml; schema in demands/README.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pycountry
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .csvfile import decode_text, read_bytes
from .geodata import resolve_unit
from .paths import DEMANDS_PATH, display_path
from .problems import DataError, Problem
from .sources import Source
from .validators import SlugId
from .yamlfile import load_yaml, mapping_key_lines, sequence_items

MAX_DEMANDS_BYTES = 512_000
CATEGORIES = ("territory", "alliances", "neutrality", "sanctions", "assets", "language and minorities",
              "recognition", "military", "elections", "security guarantees")


class QuoteModel(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    text: str = Field(min_length=1, max_length=2000)
    speaker: str = Field(min_length=1, max_length=300)
    source: str


class UnitLinkModel(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    iso: str
    target_pct: float | None = Field(default=None, ge=0, le=100, allow_inf_nan=False)


class EntryModel(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    id: SlugId
    party: str = Field(min_length=1, max_length=100)
    type: Literal["demand", "position", "response"]
    date: dt.date
    category: Literal[CATEGORIES]  # type: ignore[valid-type]
    statement: str = Field(min_length=1, max_length=3000)
    attribution: str = Field(min_length=1, max_length=500)
    quotes: list[QuoteModel] = []
    sources: list[str] = Field(min_length=1)
    units: list[UnitLinkModel] = []
    countries: list[str] = []
    responds_to: list[str] = []


@dataclass(frozen=True)
class Quote:
    text: str
    speaker: str
    source: str


@dataclass(frozen=True)
class UnitLink:
    """A unit a demand concerns; ``target_pct`` is the share under Russian control it asks for (None: unstated)."""

    iso: str
    target_pct: float | None


@dataclass(frozen=True)
class Demand:
    id: str
    party: str
    type: str
    date: dt.date
    category: str
    statement: str
    attribution: str
    quotes: tuple[Quote, ...]
    sources: tuple[str, ...]
    units: tuple[UnitLink, ...]
    countries: tuple[str, ...]
    responds_to: tuple[str, ...]

    @property
    def unit_isos(self) -> tuple[str, ...]:
        return tuple(link.iso for link in self.units)

    @property
    def is_territorial(self) -> bool:
        return any(link.target_pct is not None for link in self.units)


def parse_demands(data: bytes, label: str, sources: dict[str, Source]) -> list[Demand]:
    """Parse the demands file; raise DataError listing every problem."""
    text = decode_text(data, label, MAX_DEMANDS_BYTES)
    document, root = load_yaml(text, label)
    lines = [(item.start_mark.line + 1, mapping_key_lines(item)) for item in sequence_items(root, "entries")]
    if not isinstance(document, dict) or not isinstance(document.get("entries"), list):
        raise DataError([Problem(label, 1, "the file must be a mapping with a list under 'entries'")])
    extra_keys = [k for k in document if k != "entries"]
    problems = [Problem(label, 1, f"unknown top-level key(s): {', '.join(map(str, extra_keys))}")] if extra_keys else []
    demands: list[Demand] = []
    seen: dict[str, int] = {}
    responds_line: dict[str, int] = {}
    for index, raw in enumerate(document["entries"]):
        line, key_lines = lines[index] if index < len(lines) else (0, {})
        if not isinstance(raw, dict):
            problems.append(Problem(label, line, "each entry must be a mapping of fields"))
            continue
        try:
            model = EntryModel(**{str(k): v for k, v in raw.items()})
        except ValidationError as exc:
            for err in exc.errors():
                field = str(err["loc"][0]) if err["loc"] else "entry"
                where = ".".join(str(p) for p in err["loc"])
                where = where if where.strip() and where.isprintable() else repr(where)
                message = err["msg"].removeprefix("Value error, ")
                problems.append(Problem(label, key_lines.get(field, line), f"{where}: {message}"))
            continue
        problems += _reference_problems(model, label, line, key_lines, sources)
        if model.id in seen:
            problems.append(Problem(label, line, f"duplicate id {model.id!r} (first on line {seen[model.id]})"))
        seen.setdefault(model.id, line)
        responds_line[model.id] = key_lines.get("responds_to", line)
        demands.append(_to_demand(model))
    ids = {d.id for d in demands}
    for demand in demands:
        for target in demand.responds_to:
            if target not in ids:
                problems.append(Problem(label, responds_line[demand.id], f"responds_to: unknown entry id {target!r}"))
    if problems:
        raise DataError(sorted(set(problems), key=lambda p: p.line))
    return sorted(demands, key=lambda d: (d.date, d.id))


def _reference_problems(model: EntryModel, label: str, line: int, key_lines: dict[str, int],
                        sources: dict[str, Source]) -> list[Problem]:
    problems = []
    for source in model.sources + [q.source for q in model.quotes]:
        if source not in sources:
            problems.append(Problem(label, key_lines.get("sources", line), f"unknown source id {source!r}"))
    for link in model.units:
        if resolve_unit(link.iso) is None:
            problems.append(Problem(label, key_lines.get("units", line), f"units: unknown unit {link.iso!r}"))
    for code in model.countries:
        if pycountry.countries.get(alpha_3=code) is None or code != code.upper():
            problems.append(Problem(label, key_lines.get("countries", line), f"countries: {code!r} is not an ISO 3166-1 alpha-3 code"))
    return problems


def _to_demand(model: EntryModel) -> Demand:
    return Demand(
        id=model.id, party=model.party, type=model.type, date=model.date, category=model.category,
        statement=model.statement, attribution=model.attribution,
        quotes=tuple(Quote(q.text, q.speaker, q.source) for q in model.quotes),
        sources=tuple(model.sources),
        units=tuple(UnitLink(resolve_unit(u.iso) or u.iso, u.target_pct) for u in model.units),
        countries=tuple(model.countries),
        responds_to=tuple(model.responds_to),
    )


def load_demands(sources: dict[str, Source], path: Path = DEMANDS_PATH) -> list[Demand]:
    """Every demand and position in date order; raises DataError if the file has any problem."""
    label = display_path(path)
    return parse_demands(read_bytes(path, label, MAX_DEMANDS_BYTES), label, sources)


def responses_to(demand_id: str, demands: list[Demand]) -> list[Demand]:
    """The entries that answer ``demand_id``."""
    return [d for d in demands if demand_id in d.responds_to]
