"""Every rule that reads a day from a file name, in one place.

- A map file (``derive``, ``series build`` and ``update``): ``<unix seconds>.geojson`` is a raw file of
  DeepState's history API and shows the map of that UTC day; ``deepstatemap_data_YYYYMMDD.geojson`` is a file
  of the daily archive, fetched early on that date, showing the map of the day before, or of two days before
  from 31 July 2025 on, when DeepState moved its updates to the next morning (``series_dating`` dates each
  version of the archive by what it shows; this rule is for a file on its own); any other name shows the date
  it carries (``map_2025-05-28.geojson``, ``..._20250528.geojson``).
- A snapshot file: ``YYYY-MM-DD.csv`` (``territory.data.snapshots``, which checks the range).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

HISTORY_NAME = re.compile(r"^(\d{9,11})\.geojson$")
DAILY_NAME = re.compile(r"^deepstatemap_data_(\d{8})\.geojson$")
SNAPSHOT_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})\.csv$")
_DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4})-?(\d{2})-?(\d{2})(?!\d)")
DAILY_FETCH_HOUR_UTC = 3
#: From this fetch date on, a daily file shows the map of two days before it (series_dating's evidence).
DAILY_TWO_DAY_LAG_FROM = dt.date(2025, 7, 31)


def date_from_name(name: str) -> dt.date | None:
    """A date in a file name: ``..._20250528.geojson`` or ``2025-05-28.geojson``; None if there is none."""
    for match in _DATE_IN_NAME.finditer(Path(name).name):
        try:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            continue
    return None


def date_map_file(name: str) -> tuple[dt.date, dt.datetime, str] | None:
    """(day shown, moment published or fetched in UTC, kind) from a map file's name; None if it has no date.

    ``kind`` is ``history``, ``daily`` or ``file`` (see the module doc)."""
    if match := HISTORY_NAME.match(name):
        moment = dt.datetime.fromtimestamp(int(match.group(1)), dt.UTC)
        return moment.date(), moment, "history"
    if match := DAILY_NAME.match(name):
        try:
            fetched = dt.datetime.strptime(match.group(1), "%Y%m%d").replace(
                hour=DAILY_FETCH_HOUR_UTC, tzinfo=dt.UTC)
        except ValueError:
            return None
        lag = 2 if fetched.date() >= DAILY_TWO_DAY_LAG_FROM else 1
        return fetched.date() - dt.timedelta(days=lag), fetched, "daily"
    day = date_from_name(name)
    if day is None:
        return None
    return day, dt.datetime.combine(day, dt.time(23, 59, 59), dt.UTC), "file"


def map_day_from_name(name: str) -> dt.date | None:
    """The day a map file shows, from its name (:func:`date_map_file`); None if the name carries no date."""
    found = date_map_file(Path(name).name)
    return found[0] if found else None
