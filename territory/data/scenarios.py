"""Peace-plan scenarios: the territorial terms of reported plans, applied unit by unit to a snapshot.

Rules per unit: ``all`` (whole unit under Russian control), ``as held`` (frozen on the snapshot's line),
``none`` (returned to Ukraine), ``zone`` (Russia keeps what it holds; the rest becomes a demilitarised or
special zone). Unit-level rules simplify lines inside a unit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from territory.base.paths import display_path
from territory.base.problems import DataError, Problem
from territory.data.csvfile import read_bytes
from territory.data.snapshots import Snapshot
from territory.data.sources import Source
from territory.data.units import load_units
from territory.data.validators import IsoDate, SlugId, SourceId, SourceIds, UnitIso, registry_context, ukrainian_text
from territory.data.yamlfile import node_line, read_yaml_list

MAX_SCENARIOS_BYTES = 256_000
RULES = ("all", "as held", "none", "zone")
STATUSES = ("proposal", "reported draft", "reported demand", "official text", "official statement",
            "stated position")


class RuleModel(BaseModel):
    """A rule as written in the file (the unit by any name); ``UnitRule`` is the rule applied to one unit."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    unit: UnitIso
    rule: Literal[RULES]  # type: ignore[valid-type]
    source: SourceId
    note: str = Field(default="", max_length=1000)
    note_uk: Annotated[str, ukrainian_text(1000)] = ""


class ScenarioModel(BaseModel):
    """A scenario as written in the file: a default rule and the exceptions; ``Scenario`` has all 27 rules."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    id: SlugId
    title: str = Field(min_length=1, max_length=200)
    party: str = Field(min_length=1, max_length=100)
    date: IsoDate
    status: Literal[STATUSES]  # type: ignore[valid-type]
    attribution: str = Field(min_length=1, max_length=500)
    sources: SourceIds
    demand: str | None = None
    default_rule: Literal[RULES]  # type: ignore[valid-type]
    default_note: str = Field(default="", max_length=1000)
    rules: list[RuleModel] = []
    caveats: str = Field(default="", max_length=2000)
    title_uk: Annotated[str, ukrainian_text(200)] = ""
    attribution_uk: Annotated[str, ukrainian_text(500)] = ""
    default_note_uk: Annotated[str, ukrainian_text(1000)] = ""
    caveats_uk: Annotated[str, ukrainian_text(2000)] = ""


@dataclass(frozen=True)
class UnitRule:
    iso: str
    rule: str
    source: str
    note: str
    explicit: bool
    note_uk: str = ""


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    party: str
    date: dt.date
    status: str
    attribution: str
    sources: tuple[str, ...]
    demand: str | None
    rules: dict[str, UnitRule]  # every one of the 27 units
    caveats: str
    title_uk: str = ""
    attribution_uk: str = ""
    caveats_uk: str = ""


def parse_scenarios(data: bytes, label: str, sources: dict[str, Source], demand_ids: set[str] | None = None,
                    units: dict | None = None) -> list[Scenario]:
    """Parse the scenarios file; raise DataError listing every problem as ``file:line: message``."""
    if units is None:
        units = load_units()
    found = read_yaml_list(data, label, MAX_SCENARIOS_BYTES, "scenarios", ScenarioModel,
                           registry_context(sources, units))
    items, problems = found.items, found.problems
    out: list[Scenario] = []
    seen: set[str] = set()
    for node, model in items:
        if model.id in seen:
            problems.append(Problem(label, node.start_mark.line + 1, f"duplicate scenario id {model.id!r}"))
        seen.add(model.id)
        if model.demand and demand_ids is not None and model.demand not in demand_ids:
            problems.append(Problem(label, node_line(node, ("demand",)), f"unknown demand id {model.demand!r}"))
        rules: dict[str, UnitRule] = {}
        for i, rule in enumerate(model.rules):
            if rule.unit in rules:
                problems.append(Problem(label, node_line(node, ("rules", i)), f"unit {rule.unit} has two rules"))
            rules[rule.unit] = UnitRule(rule.unit, rule.rule, rule.source, rule.note, True, rule.note_uk)
        for iso in units:
            rules.setdefault(iso, UnitRule(iso, model.default_rule, model.sources[0], model.default_note, False,
                                           model.default_note_uk))
        out.append(Scenario(model.id, model.title, model.party, model.date, model.status, model.attribution,
                            tuple(model.sources), model.demand, {iso: rules[iso] for iso in units}, model.caveats,
                            model.title_uk, model.attribution_uk, model.caveats_uk))
    if problems:
        raise DataError(problems)
    return out


def load_scenarios(sources: dict[str, Source], demand_ids: set[str] | None, path: Path,
                   units: dict | None = None, label: str | None = None) -> list[Scenario]:

    label = label or display_path(path)
    return parse_scenarios(read_bytes(path, label, MAX_SCENARIOS_BYTES), label, sources, demand_ids, units)


# --- applying a scenario ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class UnitOutcome:
    """One unit under a scenario: shares now and after, and the km² that would change hands."""

    iso: str
    name: str
    rule: UnitRule
    area_km2: float
    held_pct: float | None  # Russian-controlled on the snapshot's date
    russian_pct: float | None  # under the plan
    zone_pct: float

    @property
    def ukrainian_pct(self) -> float | None:
        return None if self.russian_pct is None else 100 - self.russian_pct - self.zone_pct

    @property
    def ceded_km2(self) -> float:
        """Land Ukraine holds that would pass to Russian control or into a zone."""
        if self.held_pct is None or self.russian_pct is None:
            return 0.0
        gained = max(self.russian_pct - self.held_pct, 0.0) + self.zone_pct
        return gained / 100 * self.area_km2

    @property
    def to_zone_km2(self) -> float:
        return self.zone_pct / 100 * self.area_km2

    @property
    def left_km2(self) -> float:
        """Land Russia holds that it would leave."""
        if self.held_pct is None or self.russian_pct is None:
            return 0.0
        return max(self.held_pct - self.russian_pct, 0.0) / 100 * self.area_km2

    @property
    def known(self) -> bool:
        return self.russian_pct is not None


@dataclass(frozen=True)
class ScenarioOutcome:
    """What a scenario would mean on one date: each unit's outcome and the totals over them."""

    scenario: Scenario
    date: dt.date
    units: tuple[UnitOutcome, ...]

    @property
    def ceded_km2(self) -> float:
        return sum(u.ceded_km2 for u in self.units)

    @property
    def to_zone_km2(self) -> float:
        return sum(u.to_zone_km2 for u in self.units)

    @property
    def left_km2(self) -> float:
        return sum(u.left_km2 for u in self.units)

    @property
    def russian_km2(self) -> float:
        return sum((u.russian_pct or 0) / 100 * u.area_km2 for u in self.units)

    @property
    def russian_pct_of_ukraine(self) -> float:
        return 100 * self.russian_km2 / sum(u.area_km2 for u in self.units)

    @property
    def unknown_units(self) -> tuple[str, ...]:
        return tuple(u.iso for u in self.units if not u.known)


def apply_scenario(scenario: Scenario, snapshot: Snapshot) -> ScenarioOutcome:
    """Per-unit outcome shares and km² changing hands if the plan's rules were applied to ``snapshot``."""
    units = load_units()
    outcomes = []
    for iso, unit in units.items():
        rule = scenario.rules[iso]
        fig = snapshot.figures.get(iso)
        held = fig.controlled_pct if fig else None
        zone = 0.0
        if rule.rule == "all":
            russian = 100.0
        elif rule.rule == "none":
            russian = 0.0
        elif held is None:
            russian = None
        elif rule.rule == "as held":
            russian = held
        else:  # zone
            russian, zone = held, 100.0 - held
        outcomes.append(UnitOutcome(iso, unit.name_en, rule, unit.area_km2, held, russian, zone))
    return ScenarioOutcome(scenario, snapshot.date, tuple(outcomes))
