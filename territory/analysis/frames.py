"""The data as pandas DataFrames, for analysts: ``territory.series_frame()`` and ``territory.changes_frame()``.

Both read the data root (``TERRITORY_DATA_ROOT`` or the repository) through the same loaders as the app and
the command line, so the figures are the same.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from territory.analysis.changes import changes
from territory.base.paths import data_paths
from territory.base.problems import DataError
from territory.data.flows import load_flows
from territory.data.series import read_series_days
from territory.data.units import load_units

SERIES_COLUMNS = ("date", "unit", "name", "controlled_pct", "low_pct", "high_pct", "controlled_km2",
                  "unit_area_km2", "source_file", "kind", "source")
SERIES_SOURCE = "deepstate-derived-series"


def series_frame(root: Path | None = None) -> pd.DataFrame:
    """Every day of the daily series, one row per unit and day.

    Columns: ``date`` (datetime64), ``unit`` (ISO 3166-2), ``name`` (English), ``controlled_pct``, ``low_pct``
    and ``high_pct`` (the grey zone's range where it touches the unit, else NaN), ``controlled_km2`` (share
    of the unit's land area), ``unit_area_km2``, ``source_file`` (DeepState's map file), ``kind``
    (``estimate``: computed by this project) and ``source`` (the sources registry id).

    Raises
    ------
    DataError
        The series has problems (each a ``file:line: message``).
    """
    paths = data_paths(root)
    units = load_units(paths.units_csv)
    days, problems = read_series_days(paths.series_dir)
    if problems:
        raise DataError(problems)
    records = [(day.day, row.iso, units[row.iso].name_en, row.controlled_pct, row.low_pct, row.high_pct,
                round(row.controlled_pct / 100 * units[row.iso].area_km2, 2), units[row.iso].area_km2,
                day.source_file, "estimate", SERIES_SOURCE)
               for day in days for row in day.rows]
    frame = pd.DataFrame.from_records(records, columns=list(SERIES_COLUMNS))
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def flows_frame(root: Path | None = None) -> pd.DataFrame:
    """Every day's flows: per unit (land) and for DeepState's polygon (``unit`` = ``UA``, count ``deepstate``).

    Columns: ``date``, ``previous_date``, ``unit``, ``count``, ``gained_km2``, ``lost_km2``, ``net_km2`` and, for
    the polygon, ``occupied_km2`` (DeepState's own total that day); see :mod:`territory.data.flows`.
    """
    paths = data_paths(root)
    flows = load_flows(paths.series_dir, load_units(paths.units_csv))
    rows: list[tuple] = [(u.day, u.previous_day, u.unit, "land", u.gained_km2, u.lost_km2,
                          round(u.gained_km2 - u.lost_km2, 2), None) for u in flows.units]
    rows += [(p.day, p.previous_day, "UA", "deepstate", p.gained_km2, p.lost_km2,
              round(p.gained_km2 - p.lost_km2, 2), p.occupied_km2) for p in flows.polygon]
    frame = pd.DataFrame.from_records(sorted(rows, key=lambda r: (r[0], r[3] == "land", r[2])),
                                      columns=["date", "previous_date", "unit", "count", "gained_km2", "lost_km2",
                                               "net_km2", "occupied_km2"])
    for column in ("date", "previous_date"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


def changes_frame(start: dt.date | str, end: dt.date | str, by: str = "month", count: str = "land",
                  root: Path | None = None) -> pd.DataFrame:
    """Gained, lost and net km² and the rate per period, for every unit (land count) and Ukraine (``UA``).

    The same figures as ``territory changes`` (see :mod:`territory.analysis.changes` for what a period and a count
    mean). Columns: ``period``, ``first_day``, ``last_day``, ``days``, ``unit``, ``count``, ``gained_km2``,
    ``lost_km2``, ``net_km2``, ``km2_per_day``.
    """
    paths = data_paths(root)
    units = load_units(paths.units_csv)
    flows = load_flows(paths.series_dir, units)
    first, last = (dt.date.fromisoformat(d) if isinstance(d, str) else d for d in (start, end))
    listed = list(units) if count == "land" else []
    rows = [(c.period.label, c.period.first, c.period.last, c.period.days, c.area, c.count, c.gained_km2,
             c.lost_km2, c.net_km2, c.km2_per_day) for c in changes(flows, first, last, by, listed, count)]
    frame = pd.DataFrame.from_records(rows, columns=["period", "first_day", "last_day", "days", "unit", "count",
                                                     "gained_km2", "lost_km2", "net_km2", "km2_per_day"])
    for column in ("first_day", "last_day"):
        frame[column] = pd.to_datetime(frame[column])
    return frame
