"""The daily series derived from DeepState's maps: one CSV per year in ``series/`` (schema in series/README.md).

Every day has one row per unit (27), each naming the DeepState map file it was computed from. Loading
validates every file; a file with any problem is refused whole and its problems are returned as
``file:line: message``: bad rows, out-of-range values, duplicate days or units, days missing units, and gaps
longer than :data:`MAX_GAP_DAYS` between days.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from territory.base.paths import display_path
from territory.base.problems import DataError, Problem, cap_problems
from territory.data.csvfile import decode_text, read_bytes
from territory.data.geodata import load_units
from territory.data.snapshots import Snapshot, UnitFigure

SERIES_DIRNAME = "series"
COLUMNS = ("date", "unit", "controlled_pct", "low_pct", "high_pct", "source_file")
HEADER = ",".join(COLUMNS)
#: A year file that holds a day whose jump the maintainer accepted (``series update --accept-jump REASON``) has
#: a seventh column, ``accepted``: the reason on each row of such a day, empty on the others.
ACCEPTED_COLUMN = "accepted"
HEADER_ACCEPTED = f"{HEADER},{ACCEPTED_COLUMN}"
ACCEPTED = re.compile(r"^[\w .:;()/'-]{1,120}\Z")
#: The sources.csv id every derived row cites (DeepState's map, shares computed by this project).
SOURCE_ID = "deepstate-derived-series"
MAX_GAP_DAYS = 7
MAX_SERIES_FILE_BYTES = 5_000_000
FILE_NAME = re.compile(r"^control-(\d{4})\.csv$")
SOURCE_FILE = re.compile(r"^[A-Za-z0-9_.-]{1,120}\.(geo)?json$")
_NUMBER = re.compile(r"^\d{1,3}(\.\d{1,2})?$")


@dataclass(frozen=True)
class UnitRow:
    """One unit on one day of the series."""

    iso: str
    controlled_pct: float
    low_pct: float | None
    high_pct: float | None


@dataclass(frozen=True)
class DayRows:
    """One day's figures: the DeepState map file they come from and one row per unit."""

    day: dt.date
    source_file: str
    rows: tuple[UnitRow, ...]


@dataclass(frozen=True)
class DayResult(DayRows):
    """Everything the series keeps about one computed day: the figures and the outline of the areas."""

    outline: dict


def series_dir(root: Path) -> Path:
    """Where the series lives under a data root (the repository by default)."""
    return Path(root) / SERIES_DIRNAME


def year_file(directory: Path, year: int) -> Path:
    return Path(directory) / f"control-{year}.csv"


# --- writing ----------------------------------------------------------------------------------------------

def _pct(value: float | None) -> str:
    if value is None:
        return ""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def row_lines(result: DayResult, accepted: str | None = None) -> list[str]:
    """The CSV lines of one day (no header); ``accepted``: the seventh column (None: a six-column file)."""
    tail = "" if accepted is None else f",{accepted}"
    return [f"{result.day.isoformat()},{row.iso},{_pct(row.controlled_pct)},{_pct(row.low_pct)},"
            f"{_pct(row.high_pct)},{result.source_file}{tail}" for row in result.rows]


def year_csv(days: Iterable[DayResult]) -> bytes:
    """One year's file: header, then the days in date order."""
    lines = [HEADER]
    for result in sorted(days, key=lambda r: r.day):
        lines += row_lines(result)
    return ("\n".join(lines) + "\n").encode("utf-8")


# --- reading ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SeriesDay(DayRows):
    """One day of the series as stored, with the file and line it was read from."""

    path: str
    line: int
    #: Why the maintainer accepted this day's jump (``series update --accept-jump``); empty for most days.
    accepted: str = ""


@dataclass
class SeriesLoad:
    """What loading the series gave: Snapshots (one per day, in date order) and the problems of refused files."""

    snapshots: list[Snapshot]
    problems: list[Problem] = field(default_factory=list)
    days: list[SeriesDay] = field(default_factory=list)

    @property
    def dates(self) -> list[dt.date]:
        return [s.date for s in self.snapshots]


def _number(text: str, column: str, required: bool) -> float | None:
    if text == "":
        if required:
            raise ValueError(f"{column} is empty; give a share from 0 to 100")
        return None
    if not _NUMBER.match(text):
        raise ValueError(f"{column} {text[:40]!r} is not a share with at most two decimals")
    number = float(text)
    if not math.isfinite(number) or not 0 <= number <= 100:
        raise ValueError(f"{column} {text} is outside 0-100")
    return number


def _parse_date(date_text: str, year: int) -> dt.date:
    try:
        day = dt.date.fromisoformat(date_text)
    except ValueError:
        raise ValueError(f"date {date_text[:40]!r} is not a date in the form YYYY-MM-DD") from None
    if day.year != year:
        raise ValueError(f"date {day} is not in {year}, the year of the file")
    return day


def _unit_row(unit: str, controlled_text: str, low_text: str, high_text: str, units: Collection[str]) -> UnitRow:
    if unit not in units:
        raise ValueError(f"unknown unit {unit[:40]!r} (ISO 3166-2:UA code expected)")
    controlled = _number(controlled_text, "controlled_pct", True)
    low = _number(low_text, "low_pct", False)
    high = _number(high_text, "high_pct", False)
    if (low is None) != (high is None):
        raise ValueError("low_pct and high_pct go together: give both or neither")
    if low is not None and not low <= controlled <= high:  # type: ignore[operator]
        raise ValueError(f"range {low:g}-{high:g} does not hold controlled_pct {controlled:g}")
    return UnitRow(unit, controlled, low, high)  # type: ignore[arg-type]


class _RowParser:
    """Parses the rows of one year's file. A day's 27 rows share its date, and most units keep their figures
    from one day to the next, so each distinct date and each distinct (unit, shares) is checked once."""

    def __init__(self, year: int, units: Collection[str], columns: int = len(COLUMNS)) -> None:
        self.year = year
        self.units = units
        self.columns = columns
        self._dates: dict[str, dt.date] = {}
        self._rows: dict[tuple[str, ...], UnitRow] = {}
        self._sources: set[str] = set()

    def __call__(self, values: list[str]) -> tuple[dt.date, UnitRow, str, str]:
        if len(values) != self.columns:
            raise ValueError(f"has {len(values)} fields; expected {self.columns} (as the header)")
        date_text, unit, controlled_text, low_text, high_text, source_file = values[:6]
        accepted = values[6] if self.columns > len(COLUMNS) else ""
        if accepted and not ACCEPTED.match(accepted):
            raise ValueError(f"accepted {accepted[:40]!r}: at most 120 letters, digits, spaces and .:;()/'-")
        day = self._dates.get(date_text)
        if day is None:
            day = self._dates[date_text] = _parse_date(date_text, self.year)
        key = (unit, controlled_text, low_text, high_text)
        row = self._rows.get(key)
        if row is None:
            row = self._rows[key] = _unit_row(unit, controlled_text, low_text, high_text, self.units)
        if source_file not in self._sources:
            if not SOURCE_FILE.match(source_file):
                raise ValueError(f"source_file {source_file[:60]!r} is not a map file name")
            self._sources.add(source_file)
        return day, row, source_file, accepted


def parse_year(data: bytes, label: str, year: int) -> list[SeriesDay]:
    """Parse one year's file; raise DataError listing every problem. Nothing partial is returned."""
    text = decode_text(data, label, MAX_SERIES_FILE_BYTES)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines or lines[0].strip() not in (HEADER, HEADER_ACCEPTED):
        raise DataError([Problem(label, 1, f"header must be {HEADER} (or {HEADER_ACCEPTED})")])
    problems: list[Problem] = []
    days: dict[dt.date, dict] = {}
    previous: dt.date | None = None
    expected = list(load_units())  # read once: the table is the same for every row
    known = frozenset(expected)
    parse_row = _RowParser(year, known, len(lines[0].strip().split(",")))
    for number, line in enumerate(lines[1:], start=2):
        try:
            day, row, source_file, accepted = parse_row(line.split(","))
        except ValueError as exc:
            problems.append(Problem(label, number, str(exc)))
            continue
        entry = days.get(day)
        if entry is None:
            if previous is not None and day < previous:
                problems.append(Problem(label, number, f"date {day} comes after {previous}; days must be in order"))
            entry = days[day] = {"source": source_file, "rows": {}, "line": number, "accepted": accepted}
            previous = day
        elif entry["last"] != number - 1:
            problems.append(Problem(label, number, f"day {day} appears twice (first on line {entry['line']})"))
            continue
        if row.iso in entry["rows"]:
            problems.append(Problem(label, number, f"unit {row.iso} appears twice on {day}"))
        if source_file != entry["source"]:
            problems.append(Problem(label, number, f"source_file {source_file} differs from the day's "
                                                   f"{entry['source']} (one map file per day)"))
        if accepted != entry["accepted"]:
            problems.append(Problem(label, number, f"accepted differs from the day's first row ({day})"))
        entry["rows"][row.iso] = row
        entry["last"] = number
    out = []
    for day, entry in days.items():
        missing = [iso for iso in expected if iso not in entry["rows"]]
        if missing:
            problems.append(Problem(label, entry["line"], f"day {day} has {len(entry['rows'])} of 27 units; "
                                                          f"missing {', '.join(missing[:5])}"))
            continue
        rows = tuple(entry["rows"][iso] for iso in expected)
        out.append(SeriesDay(day, entry["source"], rows, label, entry["line"], entry["accepted"]))
    if problems:
        raise DataError(problems)
    return out


def _gap_problems(days: list[SeriesDay]) -> list[Problem]:
    problems = []
    for before, after in zip(days, days[1:], strict=False):
        gap = (after.day - before.day).days - 1
        if gap > MAX_GAP_DAYS:
            problems.append(Problem(after.path, after.line, f"{gap} days missing between {before.day} and "
                                                            f"{after.day} (at most {MAX_GAP_DAYS} allowed)"))
    return problems


def to_snapshot(day: SeriesDay) -> Snapshot:
    """A series day as the project's Snapshot: every unit an estimate citing the series source."""
    note = f"DeepState map file {day.source_file}"
    if day.accepted:
        note += f"; a jump from the day before, accepted by the maintainer: {day.accepted}"
    figures = {row.iso: UnitFigure(row.iso, row.controlled_pct, row.low_pct, row.high_pct, "estimate",
                                   (SOURCE_ID,), note) for row in day.rows}
    return Snapshot(day.day, figures, day.path)


def read_year_file(path: Path) -> list[SeriesDay]:
    """The days of one ``control-YYYY.csv`` file; raises DataError with every problem of the file."""
    label = display_path(path)
    match = FILE_NAME.match(path.name)
    if not match:
        raise DataError([Problem(label, 0, "series file names are control-YYYY.csv")])
    return parse_year(read_bytes(path, label, MAX_SERIES_FILE_BYTES), label, int(match.group(1)))


def read_series_days(directory: Path) -> tuple[list[SeriesDay], list[Problem]]:
    """Every valid day of the series folder, in date order, and the problems of refused files."""
    days: list[SeriesDay] = []
    problems: list[Problem] = []
    for path in sorted(Path(directory).glob("*.csv")):
        try:
            days += read_year_file(path)
        except DataError as exc:
            problems += exc.problems
    days.sort(key=lambda d: d.day)
    problems += _gap_problems(days)
    return days, cap_problems(problems)


def load_series(directory: Path) -> SeriesLoad:
    """The daily series under ``directory`` (e.g. ``series_dir(root)``) as Snapshots, one per day, plus problems.

    Parameters
    ----------
    directory
        The folder holding ``control-YYYY.csv`` files.

    Returns
    -------
    SeriesLoad
        ``snapshots`` in date order (each unit an ``estimate`` citing :data:`SOURCE_ID`, the map file in the
        note); ``problems`` of the files that were refused whole.
    """
    days, problems = read_series_days(directory)
    return SeriesLoad([to_snapshot(d) for d in days], problems, days)


def merged_year_csv(existing: bytes | None, new_days: list[DayResult], label: str, year: int,
                    accepted: dict[dt.date, str] | None = None) -> bytes:
    """A year's file with new days added in date order; existing days are kept byte for byte.

    ``accepted`` (day -> reason) gives the file its seventh column; existing rows then gain an empty one (their
    values unchanged). Raises DataError if the existing file is invalid or a new day is already in it.
    """
    accepted = {day: reason for day, reason in (accepted or {}).items() if day.year == year}
    text = existing.decode("utf-8") if existing else HEADER + "\n"
    wide = text.split("\n", 1)[0].strip() == HEADER_ACCEPTED or bool(accepted)
    old_days = parse_year(text.encode("utf-8"), label, year) if existing else []
    taken = {d.day for d in old_days}
    clash = [r.day for r in new_days if r.day in taken]
    if clash:
        raise DataError([Problem(label, 0, f"day {clash[0]} is already in the series; not replaced")])
    blocks: dict[dt.date, list[str]] = {}
    lines = text.split("\n")[1:]
    widen = wide and text.split("\n", 1)[0].strip() == HEADER
    for line in lines:
        if line:
            blocks.setdefault(dt.date.fromisoformat(line.split(",", 1)[0]), []).append(line + ("," if widen else ""))
    for result in new_days:
        blocks[result.day] = row_lines(result, accepted.get(result.day, "") if wide else None)
    buf = io.StringIO()
    buf.write((HEADER_ACCEPTED if wide else HEADER) + "\n")
    for day in sorted(blocks):
        buf.write("\n".join(blocks[day]) + "\n")
    return buf.getvalue().encode("utf-8")
