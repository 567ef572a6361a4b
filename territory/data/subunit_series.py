"""The daily series below the oblast (raions, hromadas) and the settlements' status, from the same maps.

Built by ``python -m territory.build.subunit_series ARCHIVE... [--series DIR] [--out DIR]`` from the map file
the oblast series names for each day (the same archives as ``territory series build``), with the same classes
and the same occupied area as the oblast series and its changes (:mod:`territory.build.compute`,
:func:`territory.data.flows.land_occupied`: Crimea and Sevastopol occupied on every day):

- the first day's occupied area is intersected with every hromada; each later day, only what came under
  Russian control and what left it since the day before (the polygons of :mod:`territory.data.flows`, at full
  resolution) is attributed to the hromadas it touches (an STRtree), so a hromada's km² is accumulated from
  the first day. Raions are the sums of their hromadas (hromadas tile their raion).
- every settlement point (:mod:`territory.data.settlements`) is placed each day: ``occupied`` inside the occupied
  area, ``grey`` inside DeepState's grey zone (status unknown) and outside the occupied area, ``none``
  otherwise.

Outputs (``series/subunits/``): ``hromadas.csv`` (``date,hromada,inside_km2``: a row where a hromada's km²
inside the occupied area, rounded to 0.01, changes; a hromada never inside it has no row) and
``settlements.csv`` (``date,geonameid,map_status``: the first day's status of every settlement ever not
``none`` and every change).
The oblast series' sliver rule (a unit counted 100 % or 0 % where only slivers narrower than 2 km differ) is
not applied below the oblast: hromada figures are the plain overlay. Rebuilding gives the same bytes.
"""

from __future__ import annotations

import bisect
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from territory.base.paths import data_root, display_path
from territory.base.problems import DataError, Problem
from territory.data.csvfile import decode_text, read_bytes
from territory.data.series import read_series_days
from territory.data.subunits import FILES, subunit_table

DIRNAME = "subunits"
HROMADA_FILENAME = "hromadas.csv"
SETTLEMENT_FILENAME = "settlements.csv"
HROMADA_COLUMNS = ("date", "hromada", "inside_km2")
SETTLEMENT_COLUMNS = ("date", "geonameid", "map_status")
STATUSES = ("none", "grey", "occupied")
MAX_FILE_BYTES = 40_000_000
KM2 = 1e6


def subunit_series_dir(root: Path | None = None) -> Path:
    return (Path(root) if root is not None else data_root()) / "series" / DIRNAME


# --- building ------------------------------------------------------------------------------------------------

@dataclass
class Accumulator:
    """Running per-hromada occupied km² and per-settlement status, and the rows where they change."""

    codes: list[str]
    geoms: list[shapely.Geometry]
    ids: np.ndarray
    xs: np.ndarray
    ys: np.ndarray

    def __post_init__(self) -> None:
        self.tree = shapely.STRtree(self.geoms)
        for geom in self.geoms:
            shapely.prepare(geom)
        self.km2 = np.zeros(len(self.codes))
        self.written = np.full(len(self.codes), np.nan)
        self.status = np.zeros(len(self.ids), dtype=np.int8)
        self.written_status = np.zeros(len(self.ids), dtype=np.int8)
        self.seen = np.zeros(len(self.ids), dtype=bool)
        self.hromada_rows: list[tuple[str, str, str]] = []
        self.settlement_rows: list[tuple[str, int, str]] = []
        self.previous: shapely.Geometry | None = None

    def _attribute(self, geometry: shapely.Geometry, sign: float) -> None:
        if geometry.is_empty:
            return
        for part in shapely.get_parts(geometry):
            if part.area < 1.0:
                continue
            for index in self.tree.query(part, predicate="intersects"):
                self.km2[index] += sign * shapely.intersection(part, self.geoms[index]).area / KM2

    def add_day(self, day: dt.date, occupied: shapely.Geometry, grey: shapely.Geometry) -> None:
        if self.previous is None:
            self._attribute(occupied, 1.0)
        else:
            self._attribute(shapely.difference(occupied, self.previous), 1.0)
            self._attribute(shapely.difference(self.previous, occupied), -1.0)
        self.previous = occupied
        rounded = np.round(np.maximum(self.km2, 0.0), 2)
        for index in np.flatnonzero(rounded != self.written):
            if np.isnan(self.written[index]) and rounded[index] == 0:
                self.written[index] = 0.0
                continue
            self.hromada_rows.append((day.isoformat(), self.codes[index], _number(rounded[index])))
            self.written[index] = rounded[index]
        status = np.zeros(len(self.ids), dtype=np.int8)
        if not grey.is_empty:
            status[shapely.contains_xy(grey, self.xs, self.ys)] = 1
        status[shapely.contains_xy(occupied, self.xs, self.ys)] = 2
        first = self.previous_day_count == 0
        for index in np.flatnonzero((status != self.written_status) | (first & (status != 0))):
            if not self.seen[index] and status[index] == 0:
                continue
            self.seen[index] = True
            self.settlement_rows.append((day.isoformat(), int(self.ids[index]), STATUSES[status[index]]))
            self.written_status[index] = status[index]
        self.previous_day_count += 1

    previous_day_count: int = 0


def _number(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def hromada_csv(rows: Iterable[tuple[str, str, str]]) -> bytes:
    lines = [",".join(HROMADA_COLUMNS), *(",".join(row) for row in rows)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def settlement_csv(rows: Iterable[tuple[str, int, str]]) -> bytes:
    lines = [",".join(SETTLEMENT_COLUMNS), *(f"{d},{g},{s}" for d, g, s in rows)]
    return ("\n".join(lines) + "\n").encode("utf-8")


# --- reading -------------------------------------------------------------------------------------------------

def _frame(path: Path, label: str, columns: tuple[str, ...]) -> pd.DataFrame:
    data = read_bytes(path, label, MAX_FILE_BYTES)
    decode_text(data, label, MAX_FILE_BYTES)
    try:
        frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
    except (ValueError, pd.errors.ParserError) as exc:
        raise DataError([Problem(label, 0, f"not a readable CSV file: {str(exc)[:200]}")]) from None
    if tuple(frame.columns) != columns:
        raise DataError([Problem(label, 1, f"columns are {', '.join(frame.columns)[:200]}; expected "
                                           f"{', '.join(columns)}")])
    return frame


def _check(frame: pd.DataFrame, label: str, key: str, value: str, parse, allowed, known: set[str]) -> pd.DataFrame:
    """Dates, keys and values checked in one pass (vectorised); DataError listing the first problems."""
    problems: list[Problem] = []
    dates = pd.to_datetime(frame["date"], format="%Y-%m-%d", errors="coerce")
    parsed = parse(frame[value])
    bad_date = dates.isna()
    bad_value = ~allowed(parsed)
    known_key = frame[key].isin(known)
    order = frame.assign(_d=dates).groupby(key, sort=False)["_d"].diff()
    bad_order = order.notna() & (order <= pd.Timedelta(0))
    for mask, message in ((bad_date, "date is not a valid YYYY-MM-DD date"), (bad_value, f"{value} is not valid"),
                          (~known_key, f"unknown {key}"), (bad_order, f"{key}'s days are not in order")):
        for line in (frame.index[mask.to_numpy()] + 2)[:20]:
            problems.append(Problem(label, int(line), message))
    if problems:
        raise DataError(sorted(problems, key=lambda p: p.line)[:50])
    out = pd.DataFrame({"date": dates.dt.date, key: frame[key], value: parsed})
    return out


def parse_hromada_series(path: Path, codes: Iterable[str], label: str | None = None) -> pd.DataFrame:
    """``hromadas.csv`` as a frame (date, hromada, inside_km2); DataError listing the problems."""
    label = label or display_path(path)
    frame = _frame(path, label, HROMADA_COLUMNS)
    return _check(frame, label, "hromada", "inside_km2",
                  lambda col: pd.to_numeric(col, errors="coerce"),
                  lambda values: values.notna() & (values >= 0) & (values < 100_000), set(codes))


def parse_settlement_series(path: Path, ids: Iterable[int], label: str | None = None) -> pd.DataFrame:
    """``settlements.csv`` (the ledger) as a frame (date, geonameid, map_status); DataError listing the problems."""
    label = label or display_path(path)
    frame = _frame(path, label, SETTLEMENT_COLUMNS)
    checked = _check(frame, label, "geonameid", "map_status", lambda col: col.str.strip(),
                     lambda values: values.isin(STATUSES), {str(i) for i in ids})
    checked["geonameid"] = checked["geonameid"].astype(int)
    return checked


def subunit_codes(path: Path) -> set[str]:
    """The hromada codes of a subunits GeoJSON file, read without parsing its geometry (fast)."""
    import re

    text = path.read_text(encoding="utf-8")
    return set(re.findall(r'"code":"([^"]+)"', text))


def load_hromada_series_file(path: Path, label: str) -> pd.DataFrame:
    """``series/subunits/hromadas.csv`` checked against the hromadas of the same data root."""

    codes_file = path.parent.parent.parent / "geodata" / FILES["web"]
    if not codes_file.exists():
        raise DataError([Problem(label, 1, f"needs {FILES['web']}, which is missing")])
    return parse_hromada_series(path, subunit_codes(codes_file), label)


def _hromada_series(root: Path | None) -> pd.DataFrame:
    return _hromada_series_at(Path(root) if root is not None else data_root())


@lru_cache(maxsize=2)
def _hromada_series_at(root: Path) -> pd.DataFrame:

    codes = subunit_table("hromada", root)["code"]
    return parse_hromada_series(subunit_series_dir(root) / HROMADA_FILENAME, codes)


def hromada_km2_on(day: dt.date, root: Path | None = None) -> dict[str, float]:
    """Each hromada's km² inside the occupied area on ``day`` (the last row on or before it; 0 if none)."""
    frame = _hromada_series(root)
    upto = frame[frame["date"] <= day]
    return {str(k): float(v) for k, v in upto.groupby("hromada", sort=False)["inside_km2"].last().items()}


def series_days(root: Path | None = None) -> list[dt.date]:
    """The days of the oblast series the hromada series was built over (its first and every later day)."""

    days, _ = read_series_days((Path(root) if root is not None else data_root()) / "series")
    return [d.day for d in days]


def summary_rows(day: dt.date, level: str, unit: str | None = None, root: Path | None = None) -> list[dict]:
    """One row per raion or hromada (of ``unit`` if given): code, names, area, controlled km² and %."""

    table = subunit_table("hromada", root)
    km2 = hromada_km2_on(day, root)
    table["controlled_km2"] = [min(km2.get(c, 0.0), a) for c, a in zip(table["code"], table["area_km2"],
                                                                          strict=True)]
    if level == "raion":
        raions = subunit_table("raion", root)
        sums = table.groupby("raion")["controlled_km2"].sum()
        raions["controlled_km2"] = [float(sums.get(c, 0.0)) for c in raions["code"]]
        table = raions
    if unit is not None:
        table = table[table["unit"] == unit]
    rows = []
    for record in table.to_dict("records"):
        area = float(record["area_km2"])
        controlled = round(float(record["controlled_km2"]), 2)
        rows.append({"code": record["code"], "unit": record["unit"], "name_en": record["name_en"],
                     "name_uk": record["name_uk"], "area_km2": round(area, 2), "controlled_km2": controlled,
                     "controlled_pct": round(100 * controlled / area, 2) if area else 0.0})
    return rows


def last_on_or_before(days: list[dt.date], day: dt.date) -> dt.date | None:
    index = bisect.bisect_right(days, day)
    return days[index - 1] if index else None
