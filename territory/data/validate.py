"""Check data files: the whole data root (through ``load_dataset``), or the paths given.

A file given by path is recognised by its content (a CSV's header, a YAML file's top-level key), not by
its name, so ``validate demands/russian_native_2001.csv`` checks the census table and a snapshot with a
wrong name still has its rows checked.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from territory.base.paths import data_paths, display_path, expand_paths
from territory.base.problems import DataError, Problem, cap_problems, pydantic_problems
from territory.data.csvfile import read_bytes
from territory.data.dataset import Dataset, file_label, load_dataset
from territory.data.demands import load_demands
from territory.data.flows import DEEPSTATE_AREA_FILENAME, flows_dir, load_flows, parse_changes, parse_deepstate_area
from territory.data.kinds import KINDS_BY_NAME, Context, kind_of_header, kind_of_yaml
from territory.data.series import read_series_days
from territory.data.series_checks import check_outlines, check_series_file
from territory.data.snapshots import load_snapshot_file
from territory.data.sources import Source, load_sources
from territory.data.units import Unit, load_units, read_units

MAX_GEOJSON_BYTES = 5_000_000
DATA_SUFFIXES = (".csv", ".yaml", ".yml", ".geojson")


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    dates: list[dt.date] = field(default_factory=list)
    demands: int = 0
    scenarios: int = 0
    sources: int = 0
    units: int = 0
    files: int = 0
    #: The files below the oblast checked and found sound (boundaries, settlements, ledger, hromada series).
    checked: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        parts = []
        if self.dates:
            dates = sorted(self.dates)
            parts.append(f"{len(dates)} snapshots from {dates[0]} to {dates[-1]}")
        for count, what in ((self.units, "units"), (self.sources, "sources"),
                            (self.demands, "demands and positions"), (self.scenarios, "peace-plan scenarios")):
            if count:
                parts.append(f"{count} {what}")
        below = f"; below the oblast: {', '.join(self.checked)}" if self.checked else ""
        return "OK: " + (", ".join(parts) if parts else f"{self.files} file(s)") + below


# --- GeoJSON ------------------------------------------------------------------------------------------------

class _Geometry(BaseModel):
    type: Literal["Polygon", "MultiPolygon"]
    coordinates: list


class _UnitProperties(BaseModel):
    model_config = ConfigDict(extra="allow")
    iso: str = Field(pattern=r"^UA-\d\d$")


class _CountryProperties(BaseModel):
    model_config = ConfigDict(extra="allow")
    iso3: str = Field(pattern=r"^[A-Za-z_]{3,40}$")  # ISO 3166-1 alpha-3, or a name such as "kosovo"


class _UnitFeature(BaseModel):
    type: Literal["Feature"]
    properties: _UnitProperties
    geometry: _Geometry


class _CountryFeature(BaseModel):
    type: Literal["Feature"]
    properties: _CountryProperties
    geometry: _Geometry


class _Collection(BaseModel):
    type: Literal["FeatureCollection"]
    features: list[dict] = Field(min_length=1)


def check_geojson(path: Path, units: dict[str, Unit] | None, label: str | None = None) -> list[Problem]:
    """A geodata GeoJSON must parse, hold valid features and (for units) exactly the codes of units.csv."""
    label = label or display_path(path)
    try:
        text = read_bytes(path, label, MAX_GEOJSON_BYTES).decode("utf-8")
        data = json.loads(text)
    except DataError as exc:
        return exc.problems
    except UnicodeDecodeError as exc:
        return [Problem(label, 1, f"not valid UTF-8 (byte {exc.start}); save the file as UTF-8")]
    except json.JSONDecodeError as exc:
        return [Problem(label, exc.lineno, f"not readable GeoJSON: {exc.msg} (column {exc.colno})")]
    except RecursionError:
        return [Problem(label, 1, "not readable GeoJSON: nested too deeply")]
    except ValueError:  # Python refuses integers of more than 4,300 digits
        return [Problem(label, 1, "not readable GeoJSON: a number has too many digits")]
    try:
        collection = _Collection.model_validate(data)
    except ValidationError as exc:
        return pydantic_problems(exc, label, 1)
    countries = path.name == "countries.geojson"
    model = _CountryFeature if countries else _UnitFeature
    problems: list[Problem] = []
    codes: list[str] = []
    for index, feature in enumerate(collection.features):
        try:
            valid = model.model_validate(feature)
        except ValidationError as exc:
            problems += [Problem(p.path, p.line, f"features.{index}.{p.message}")
                         for p in pydantic_problems(exc, label, 1)]
            continue
        codes.append(getattr(valid.properties, "iso3" if countries else "iso"))
    if problems or countries or units is None:
        return problems
    if sorted(codes) != sorted(units):
        missing = sorted(set(units) - set(codes))
        extra = sorted(set(codes) - set(units)) + sorted({c for c in codes if codes.count(c) > 1})
        return [Problem(label, 1, f"units do not match geodata/units.csv: missing {', '.join(missing) or 'none'}; "
                                  f"unexpected or repeated {', '.join(extra) or 'none'}")]
    return []


# --- raions and hromadas (issue 25) -------------------------------------------------------------------------

#: The largest subunits file read (the full-resolution one is about 14 MB).
MAX_SUBUNITS_BYTES = 40_000_000


class _SubunitProperties(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = Field(pattern=r"^UA\d{2}(\d{2}(\d{3})?)?(-gap)?$")
    katotth: str = Field(pattern=r"^(UA\d{17})?$")
    kind: Literal["hromada", "raion", "city", "gap"]
    unit: str = Field(pattern=r"^UA-\d\d$")
    raion: str = Field(pattern=r"^UA\d{2}(\d{2})?$")
    name_uk: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    raion_name_uk: str = Field(min_length=1)
    raion_name_en: str = Field(min_length=1)
    area_km2: float = Field(gt=0, lt=30_000)


class _SubunitFeature(BaseModel):
    type: Literal["Feature"]
    properties: _SubunitProperties
    geometry: _Geometry


def check_subunits(path: Path, units: dict[str, Unit] | None, label: str | None = None) -> list[Problem]:
    """A raions-and-hromadas file (``geodata/subunits*.geojson``, built by geodata/build_subunits.py): valid
    features, each with its code inside its raion's, a unit of units.csv, names, an area; codes unique. A
    problem names the feature (the file is one line): ``file:1: features.12 (UA1402005): message``."""
    label = label or display_path(path)
    try:
        data = json.loads(read_bytes(path, label, MAX_SUBUNITS_BYTES).decode("utf-8"))
    except DataError as exc:
        return exc.problems
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError, ValueError) as exc:
        return [Problem(label, getattr(exc, "lineno", 1), f"not readable GeoJSON: {str(exc)[:200]}")]
    try:
        collection = _Collection.model_validate(data)
    except ValidationError as exc:
        return pydantic_problems(exc, label, 1)
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, feature in enumerate(collection.features):
        code = str((feature.get("properties") or {}).get("code", "?") if isinstance(feature, dict) else "?")[:20]
        where = f"features.{index} ({code})"
        try:
            valid = _SubunitFeature.model_validate(feature).properties
        except ValidationError as exc:
            problems += [Problem(p.path, p.line, f"{where}: {p.message}") for p in pydantic_problems(exc, label, 1)]
            continue
        if not valid.code.startswith(valid.raion):
            problems.append(Problem(label, 1, f"{where}: code is not inside its raion {valid.raion}"))
        if valid.code in seen:
            problems.append(Problem(label, 1, f"{where}: code repeated"))
        seen.add(valid.code)
        if units is not None and valid.unit not in units:
            problems.append(Problem(label, 1, f"{where}: unit {valid.unit} is not in geodata/units.csv"))
    return problems


def _is_subunits(path: Path) -> bool:
    """A subunits file, known by its content: its features carry KATOTTG codes."""
    try:
        with open(path, "rb") as fh:
            return b'"katotth"' in fh.read(4096)
    except OSError:
        return False


# --- the whole data root ------------------------------------------------------------------------------------

def report_of(dataset: Dataset) -> Report:
    return Report(problems=list(dataset.problems), dates=dataset.dates, demands=len(dataset.demands),
                  scenarios=len(dataset.scenarios), sources=len(dataset.sources), units=len(dataset.units))


def validate_repository(root: Path | None = None) -> Report:
    """Every data file below the data root: the Dataset's files and the geodata GeoJSON."""
    dataset = load_dataset(root)
    report = report_of(dataset)
    paths = data_paths(root)
    for path in paths.geojson_files:
        report.problems += check_geojson(path, dataset.units or None, _relative(path, paths.root))
    for path in sorted(paths.geodata_dir.glob("subunits*.geojson")):
        found = check_subunits(path, dataset.units or None, _relative(path, paths.root))
        report.problems += found
        if not found:
            report.checked.append(_relative(path, paths.root))
    refused = {p.path for p in report.problems}
    for kind in BELOW_THE_OBLAST:
        path = KINDS_BY_NAME[kind].path(paths)
        if path.exists() and file_label(paths, path) not in refused:
            report.checked.append(_relative(path, paths.root))
    if paths.series_dir.is_dir():

        report.problems += check_outlines(paths.series_dir)
        report.problems += _flow_problems(paths.series_dir, dataset.units)
    report.problems = cap_problems(report.problems)
    return report


def _flow_problems(series_directory: Path, units: dict[str, Unit]) -> list[Problem]:
    """The series' day-to-day flows, checked against each other and against the series' days: they cover the
    series from its first day on (days added later by ``series update`` wait for ``series changes``)."""

    if not flows_dir(series_directory).is_dir():
        return []
    try:
        flows = load_flows(series_directory, units)
    except DataError as exc:
        return exc.problems
    days, problems = read_series_days(series_directory)
    if problems:
        return []  # reported with the series
    expected = [(d.day, before.day) for before, d in zip(days, days[1:], strict=False)]
    if [(p.day, p.previous_day) for p in flows.polygon] != expected[:len(flows.polygon)]:
        label = display_path(flows_dir(series_directory) / DEEPSTATE_AREA_FILENAME)
        return [Problem(label, 0, "its days are not the series' days; rebuild with "
                                  "`territory series changes ARCHIVE...`")]
    return []


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


#: The data kinds below the oblast (issue 25) that the success line names.
BELOW_THE_OBLAST = ("settlements", "settlement ledger", "hromada series")


# --- files given by path ------------------------------------------------------------------------------------

#: A file's kind: one of the foundations and derived files below, or a reference table's
#: (``territory.data.kinds.KINDS``), by name.
FileKind = str
#: Recognised by a column of their header before the reference tables (whose markers could clash).
_FOUNDATION_MARKERS = (("deepstate area", "occupied_km2"), ("flows", "gained_km2"), ("sources", "publisher"),
                       ("units", "name_en"), ("series", "source_file"))


def file_kind(path: Path) -> FileKind:
    """What a data file holds, from its content (a CSV's header, a YAML file's top-level key)."""
    suffix = path.suffix.lower()
    if suffix in (".geojson", ".json"):
        return "subunits" if _is_subunits(path) else "geojson"
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096).decode("utf-8", errors="replace").lstrip("\ufeff")
    except OSError:
        head = ""
    if suffix in (".yaml", ".yml"):
        found = kind_of_yaml(head)
        return found.name if found else "demands"
    if suffix != ".csv":
        return "unknown"
    columns = {c.strip() for c in head.splitlines()[0].split(",")} if head.strip() else set()
    if "natural_earth_name" in columns:
        return "unit names"  # the input of geodata/build.py, checked by that script
    for kind, marker in _FOUNDATION_MARKERS:
        if marker in columns:
            return kind
    table = kind_of_header(columns)
    return table.name if table else "snapshot"


def validate_paths(paths: list[Path], root: Path | None = None) -> Report:
    """Check the files given (folders are expanded to their CSV, YAML and GeoJSON files).

    References (source ids, unit names, demand ids) are checked against the registry files among the
    paths, else against the data root's.
    """
    report = Report()
    files = expand_paths(paths, DATA_SUFFIXES)
    kinds = {path: file_kind(path) for path in files if path.exists()}
    context = _Registry(root, [p for p, k in kinds.items() if k == "sources"],
                        [p for p, k in kinds.items() if k == "units"], report)
    seen_dates: dict[dt.date, str] = {}
    for path in files:
        report.files += 1
        label = display_path(path)
        if not path.exists():
            report.problems.append(Problem(label, 0, "no such file"))
            continue
        try:
            _check_file(path, kinds[path], label, context, report, seen_dates)
        except DataError as exc:
            report.problems += exc.problems
    report.problems = cap_problems(report.problems)
    return report


@dataclass
class _Registry:
    """The sources and units the given files are checked against."""

    root: Path | None
    source_files: list[Path]
    unit_files: list[Path]
    report: Report
    sources: dict[str, Source] = field(default_factory=dict)
    units: dict[str, Unit] | None = None

    def __post_init__(self) -> None:
        paths = data_paths(self.root)
        for path in self.unit_files or [paths.units_csv]:
            try:
                self.units = read_units(path, display_path(path))
            except DataError as exc:
                if self.unit_files:
                    self.report.problems += exc.problems
        for path in self.source_files or [paths.sources_csv]:
            try:
                self.sources.update(load_sources(path, display_path(path)))
            except DataError as exc:
                self.report.problems += exc.problems
        if self.units and self.unit_files:
            self.report.units = len(self.units)
        if self.source_files:
            self.report.sources = len(self.sources)

    def context(self) -> Context:
        """The context a reference table is checked in: this registry's sources and units, and the data root's
        demands (scenarios name them)."""
        try:
            demands = load_demands(self.sources, data_paths(self.root).demands_yaml, self.units)
        except DataError:
            demands = None
        return Context(self.sources, self.units, {"demands": demands})


def _check_file(path: Path, kind: FileKind, label: str, registry: _Registry, report: Report,
                seen_dates: dict[dt.date, str]) -> None:
    sources, units = registry.sources, registry.units
    if kind in ("sources", "units", "unit names"):
        return  # registries are checked when they are read; unit names by geodata/build.py
    if kind == "snapshot":
        snapshot = load_snapshot_file(path, sources, units, label)
        if snapshot.date in seen_dates:
            report.problems.append(Problem(label, 0, f"date {snapshot.date} is also in {seen_dates[snapshot.date]}"))
        seen_dates[snapshot.date] = label
        report.dates.append(snapshot.date)
    elif kind in KINDS_BY_NAME:
        loaded = KINDS_BY_NAME[kind].load(path, label, registry.context())
        if kind in ("demands", "scenarios"):
            setattr(report, kind, getattr(report, kind) + len(loaded))
        if kind in BELOW_THE_OBLAST:
            report.checked.append(label)
    elif kind == "geojson":
        report.problems += check_geojson(path, units or _default_units(), label)
    elif kind == "subunits":
        found = check_subunits(path, units or _default_units(), label)
        report.problems += found
        if not found:
            report.checked.append(label)
    elif kind == "series":

        report.problems += check_series_file(path)
    elif kind == "flows":

        parse_changes(path, label, units or _default_units() or ())
    elif kind == "deepstate area":

        parse_deepstate_area(path, label)
    else:
        report.problems.append(Problem(label, 0, "unknown kind of data file (expected .csv, .yaml or .geojson)"))


def _default_units() -> dict[str, Unit] | None:
    try:
        return load_units()
    except DataError:
        return None
