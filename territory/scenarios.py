"""Peace-plan scenarios: the territorial terms of reported plans, applied unit by unit to a snapshot.

Rules per unit: ``all`` (whole unit under Russian control), ``as held`` (frozen on the snapshot's line),
``none`` (returned to Ukraine), ``zone`` (Russia keeps what it holds; the rest becomes a demilitarised or
special zone). Unit-level rules simplify lines inside a unit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .csvfile import decode_text, read_bytes
from .geodata import load_units, resolve_unit
from .paths import REPO_ROOT, display_path
from .problems import DataError, Problem
from .snapshots import Snapshot
from .sources import Source
from .validators import SlugId
from .view import about_km2
from .yamlfile import load_yaml, mapping_key_lines, sequence_items

SCENARIOS_PATH = REPO_ROOT / "demands" / "scenarios.yaml"
MAX_SCENARIOS_BYTES = 256_000
RULES = ("all", "as held", "none", "zone")
STATUSES = ("proposal", "reported draft", "reported demand", "official text", "official statement",
            "stated position")


class RuleModel(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    unit: str
    rule: Literal[RULES]  # type: ignore[valid-type]
    source: str
    note: str = Field(default="", max_length=1000)


class ScenarioModel(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    id: SlugId
    title: str = Field(min_length=1, max_length=200)
    party: str = Field(min_length=1, max_length=100)
    date: dt.date
    status: Literal[STATUSES]  # type: ignore[valid-type]
    attribution: str = Field(min_length=1, max_length=500)
    sources: list[str] = Field(min_length=1)
    demand: str | None = None
    default_rule: Literal[RULES]  # type: ignore[valid-type]
    default_note: str = Field(default="", max_length=1000)
    rules: list[RuleModel] = []
    caveats: str = Field(default="", max_length=2000)


@dataclass(frozen=True)
class UnitRule:
    iso: str
    rule: str
    source: str
    note: str
    explicit: bool


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


def parse_scenarios(data: bytes, label: str, sources: dict[str, Source],
                    demand_ids: set[str] | None = None) -> list[Scenario]:
    """Parse the scenarios file; raise DataError listing every problem as ``file:line: message``."""
    text = decode_text(data, label, MAX_SCENARIOS_BYTES)
    document, root = load_yaml(text, label)
    if not isinstance(document, dict) or not isinstance(document.get("scenarios"), list):
        raise DataError([Problem(label, 1, "the file must be a mapping with a list under 'scenarios'")])
    lines = _item_lines(root)
    problems: list[Problem] = []
    out: list[Scenario] = []
    seen: set[str] = set()
    units = load_units()
    for index, raw in enumerate(document["scenarios"]):
        line, key_lines, rule_lines = lines[index] if index < len(lines) else (0, {}, [])
        if not isinstance(raw, dict):
            problems.append(Problem(label, line, "each scenario must be a mapping of fields"))
            continue
        try:
            model = ScenarioModel(**{str(k): v for k, v in raw.items()})
        except ValidationError as exc:
            for err in exc.errors():
                loc = err["loc"]
                at = key_lines.get(str(loc[0]), line) if loc else line
                if loc and loc[0] == "rules" and len(loc) > 1 and isinstance(loc[1], int) and loc[1] < len(rule_lines):
                    at = rule_lines[loc[1]]
                where = ".".join(map(str, loc)) or "scenario"
                problems.append(Problem(label, at, f"{where}: {err['msg'].removeprefix('Value error, ')}"))
            continue
        if model.id in seen:
            problems.append(Problem(label, line, f"duplicate scenario id {model.id!r}"))
        seen.add(model.id)
        for source in model.sources:
            if source not in sources:
                problems.append(Problem(label, key_lines.get("sources", line), f"unknown source id {source!r}"))
        if model.demand and demand_ids is not None and model.demand not in demand_ids:
            problems.append(Problem(label, key_lines.get("demand", line), f"unknown demand id {model.demand!r}"))
        rules: dict[str, UnitRule] = {}
        for i, rule in enumerate(model.rules):
            at = rule_lines[i] if i < len(rule_lines) else line
            iso = resolve_unit(rule.unit)
            if iso is None:
                problems.append(Problem(label, at, f"unknown unit {rule.unit!r}"))
                continue
            if iso in rules:
                problems.append(Problem(label, at, f"unit {iso} has two rules"))
            if rule.source not in sources:
                problems.append(Problem(label, at, f"unknown source id {rule.source!r}"))
            rules[iso] = UnitRule(iso, rule.rule, rule.source, rule.note, True)
        for iso in units:
            rules.setdefault(iso, UnitRule(iso, model.default_rule, model.sources[0], model.default_note, False))
        out.append(Scenario(model.id, model.title, model.party, model.date, model.status, model.attribution,
                            tuple(model.sources), model.demand, {iso: rules[iso] for iso in units}, model.caveats))
    if problems:
        raise DataError(problems)
    return out


def _item_lines(root) -> list[tuple[int, dict[str, int], list[int]]]:
    """Line of each scenario, of its keys, and of each of its rules."""
    out = []
    for item in sequence_items(root, "scenarios"):
        rule_lines = [r.start_mark.line + 1 for r in sequence_items(item, "rules")]
        out.append((item.start_mark.line + 1, mapping_key_lines(item), rule_lines))
    return out


def load_scenarios(sources: dict[str, Source], demand_ids: set[str] | None = None,
                   path: Path = SCENARIOS_PATH) -> list[Scenario]:
    label = display_path(path)
    return parse_scenarios(read_bytes(path, label, MAX_SCENARIOS_BYTES), label, sources, demand_ids)


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

    def headline(self) -> str:
        text = (f"Under this plan Ukraine would cede about {about_km2(self.ceded_km2)} km² it holds on {self.date}"
                f"{f' (about {about_km2(self.to_zone_km2)} km² of it to a zone)' if self.to_zone_km2 >= 1 else ''}; "
                f"Russia would leave about {about_km2(self.left_km2)} km².")
        if self.unknown_units:
            text += f" No figure for {', '.join(self.unknown_units)} on that date."
        return text


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
