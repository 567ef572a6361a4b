"""Which day each version of each file of DeepState's daily archive shows, by what it shows.

``cyterat/deepstate-map-data`` fetches DeepState's current map at about 03:30 UTC and names the file by the
fetch date; some files were rewritten in place later, and some were added days later (back-filled). What a
version shows is decided in this order (``method`` in ``series/dating.csv``):

1. ``matched``: its occupied land equals (within 0.5 km²) the map of a day of the history archive, whose files
   carry their publication time; it shows that day. Where several neighbouring days' maps are equal (nothing
   moved), the latest of them.
2. ``fetched``: fetched on its name's date: it shows the day the nearest matched version (in fetch time) showed,
   counted back from its fetch date by the same number of days (the *lag*). DeepState publishes a day's map
   on the next morning (Kyiv time), after the archive's fetch, so from August 2025 on the lag is two days: the
   last matched versions (31 July to 5 August 2025) all show the map of two days before their fetch, and with
   it the series reproduces DeepState's own monthly figures of August to December 2025. A version fetched
   after 12:00 UTC has seen that morning's map: the map of the day before its fetch.
3. ``back-filled``: added more than a day after its name's date: dated by its name as a fetch on that date
   would be (the lag of the nearest matched version).

Where several versions show the same day, the history file wins, then the version fetched last.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from territory.base.paths import display_path
from territory.base.problems import Problem
from territory.build.archive import GitBlobReader, MapFile, git_daily_versions, is_bare_git_dir, iter_map_files
from territory.build.compute import classify
from territory.build.flows import _ukraine, land_occupied
from territory.data.series import read_series_days

MATCH_KM2 = 0.5
#: History days looked at for a match: the name's date and up to four days before it.
MATCH_WINDOW_DAYS = 4
#: A version fetched at or after this hour (UTC) has seen that day's morning map.
AFTERNOON_HOUR_UTC = 12
METHODS = ("matched", "fetched", "back-filled")


@dataclass(frozen=True)
class DailyVersion:
    """One version of one daily file: its name, the date in the name, when it was fetched, its content id."""

    name: str
    named: dt.date
    fetched: dt.datetime
    blob: str

    @property
    def back_filled(self) -> bool:
        return (self.fetched.date() - self.named).days > 1


@dataclass(frozen=True)
class Dating:
    """The day a version shows, how that was decided, and the lag it implies (fetch date minus day)."""

    version: DailyVersion
    day: dt.date
    method: str


def match_day(version: DailyVersion, distance: Callable[[dt.date], float | None]) -> dt.date | None:
    """The latest history day within the window whose map equals the version's (``distance`` gives the km²
    of land that differ, None where the history has no file that day); None without one."""
    equal = [version.named - dt.timedelta(days=k) for k in range(MATCH_WINDOW_DAYS + 1)]
    found = [day for day in equal if (d := distance(day)) is not None and d < MATCH_KM2]
    return max(found) if found else None


def _lag(version: DailyVersion, anchors: list[tuple[dt.datetime, int]]) -> int:
    """The lag of the matched version nearest in fetch time (regular fetches only: fetch date minus day)."""
    nearest = min(anchors, key=lambda anchor: (abs((anchor[0] - version.fetched).total_seconds()), anchor[0]))
    return nearest[1]


def date_versions(versions: list[DailyVersion], matches: dict[str, dt.date]) -> list[Dating]:
    """Every version dated: ``matches`` maps a blob to the history day it equals (rule 1); the rest by the lag
    of the nearest matched regular version (rules 2 and 3). Deterministic; versions in fetch order."""
    ordered = sorted(versions, key=lambda v: (v.fetched, v.name, v.blob))
    anchors = [(v.fetched, (v.fetched.date() - matches[v.blob]).days) for v in ordered
               if v.blob in matches and not v.back_filled and v.fetched.hour < AFTERNOON_HOUR_UTC]
    datings = []
    for version in ordered:
        if version.blob in matches:
            datings.append(Dating(version, matches[version.blob], "matched"))
            continue
        lag = _lag(version, anchors) if anchors else 1
        if version.back_filled:
            datings.append(Dating(version, version.named - dt.timedelta(days=lag), "back-filled"))
            continue
        if version.fetched.hour >= AFTERNOON_HOUR_UTC:
            lag = 1  # after the morning's map (published in the morning) and before the evening's
        datings.append(Dating(version, version.fetched.date() - dt.timedelta(days=lag), "fetched"))
    return datings


def version_label(version: DailyVersion, latest_of_name: bool) -> str:
    """The name the series records: the file name, with the fetch time where an earlier version was used
    (``deepstatemap_data_20250805.fetched-20250805T1437Z.geojson``)."""
    if latest_of_name:
        return version.name
    stem = version.name.removesuffix(".geojson")
    return f"{stem}.fetched-{version.fetched:%Y%m%dT%H%MZ}.geojson"


def dating_csv(datings: list[Dating]) -> bytes:
    lines = ["name,fetched,day,method"]
    lines += [f"{d.version.name},{d.version.fetched.strftime('%Y-%m-%dT%H:%M:%SZ')},{d.day},{d.method}"
              for d in datings]
    return ("\n".join(lines) + "\n").encode("utf-8")


# --- matching against the history archive (build time) ----------------------------------------------------------

def land_fingerprint(data: bytes, label: str):
    """The occupied land of a map file (projected), as the series counts it: what two files must share to show
    the same map. Crimea and Sevastopol in full; outside the units nothing (Tuzla, drawn in one archive only)."""
    import shapely


    occupied, _grey = classify(data, label)
    return shapely.intersection(land_occupied(occupied.geometry), _ukraine())


def history_matches(versions: list[DailyVersion], read: Callable[[DailyVersion], bytes],
                    history: dict[dt.date, tuple[str, Callable[[], bytes]]]) -> dict[str, dt.date]:
    """Blob -> the history day whose map the version shows, for versions whose name falls in the history's
    span (``history``: day -> (name, reader) of the file that shows it)."""
    import shapely

    if not history:
        return {}
    last = max(history)
    cache: dict[dt.date, object] = {}

    def history_geometry(day: dt.date):
        if day not in cache:
            name, reader = history[day]
            cache[day] = land_fingerprint(reader(), name)
        return cache[day]

    matches: dict[str, dt.date] = {}
    for version in sorted(versions, key=lambda v: (v.named, v.fetched)):
        if version.blob in matches or version.named > last + dt.timedelta(days=MATCH_WINDOW_DAYS):
            continue
        geometry = land_fingerprint(read(version), version.name)

        def distance(day: dt.date, geometry=geometry) -> float | None:
            if day not in history:
                return None
            return shapely.symmetric_difference(geometry, history_geometry(day)).area / 1e6

        found = match_day(version, distance)
        if found is not None:
            matches[version.blob] = found
    return matches


# --- the build's daily files ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class VersionFile:
    """A version of a daily file in a bare git directory: how the series names it and how to read it."""

    version: DailyVersion
    label: str
    read: Callable[[], bytes]
    origin: str


def git_daily_files(archives: list, readers: list) -> list[VersionFile]:
    """Every version of every daily file in the bare git directories among ``archives``, labelled as the series
    records it (the file name, with its fetch time for a version rewritten later)."""
    from pathlib import Path


    found: list[tuple[DailyVersion, GitBlobReader, str]] = []
    for archive in archives:
        if not is_bare_git_dir(Path(archive)):
            continue
        listed = git_daily_versions(Path(archive))
        if not listed:
            continue
        reader = GitBlobReader(Path(archive))
        readers.append(reader)
        for path, blob, fetched in listed:
            name = path.rsplit("/", 1)[-1]
            named = dt.datetime.strptime(name[len("deepstatemap_data_"):][:8], "%Y%m%d").date()
            found.append((DailyVersion(name, named, fetched, blob), reader, f"{archive}:{path}"))
    latest: dict[str, DailyVersion] = {}
    for version, _, _ in sorted(found, key=lambda item: item[0].fetched):
        latest[version.name] = version
    return [VersionFile(version, version_label(version, latest[version.name] is version),
                        partial(reader.read, version.blob),
                        f"{origin}@{version.fetched:%Y-%m-%dT%H:%MZ}")
            for version, reader, origin in found]


def redate_git_daily(archives: list, files: list, readers: list, cache_dir=None) -> tuple[list, list[Dating]]:
    """``files`` (as listed from the archives) with the daily files of bare git directories replaced by every
    version of them, each dated by what it shows (module doc). Returns the files and the datings."""
    import json
    from dataclasses import replace
    from pathlib import Path


    version_files = git_daily_files(archives, readers)
    if not version_files:
        return files, []
    history: dict[dt.date, tuple[str, Callable[[], bytes], dt.datetime]] = {}
    for file in files:
        if file.kind == "history" and (file.day not in history or file.moment > history[file.day][2]):
            history[file.day] = (file.name, file.read, file.moment)
    by_key = {(f.version.blob, f.version.fetched): f for f in version_files}
    versions = [f.version for f in version_files]
    cache_path = Path(cache_dir) / "dating-matches.json" if cache_dir is not None else None
    cached = _read_matches(cache_path)
    todo = [v for v in versions if v.blob not in cached]
    fresh = history_matches(todo, lambda v: by_key[v.blob, v.fetched].read(),
                            {day: (name, read) for day, (name, read, _) in history.items()}) if todo else {}
    matches = {**cached, **{v.blob: fresh.get(v.blob) for v in todo}}
    if cache_path is not None:
        cache_path.write_text(json.dumps({b: (d.isoformat() if d else None) for b, d in sorted(matches.items())}),
                              encoding="utf-8")
    datings = date_versions(versions, {b: d for b, d in matches.items() if d is not None})
    git_dirs = [f"{a}:" for a in archives if is_bare_git_dir(Path(a))]
    kept = [f for f in files if not (f.kind == "daily" and any(f.origin.startswith(p) for p in git_dirs))]
    template = next((f for f in files if f.kind == "daily"), None)
    dated = []
    for dating in datings:
        source = by_key[dating.version.blob, dating.version.fetched]
        if template is not None:
            dated.append(replace(template, name=source.label, day=dating.day, moment=dating.version.fetched,
                                 read=source.read, origin=source.origin))
    return kept + dated, datings


def _read_matches(path) -> dict[str, dt.date | None]:
    import json

    if path is None or not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {b: (dt.date.fromisoformat(d) if d else None) for b, d in data.items()}


def files_by_name(archives: list[Path], readers: list[GitBlobReader]) -> dict[str, Any]:
    """Every map file of the archives by the name the series records (every version of a daily file in a git
    directory: name, or name@fetch time); where a name occurs twice, the later one listed."""

    files: dict[str, Any] = {item.name: item for item in iter_map_files(archives, readers)
                                if isinstance(item, MapFile)}
    files.update({version.label: version for version in git_daily_files(archives, readers)})
    return files


def series_map_files(series: Path, archives: list[Path], readers: list[GitBlobReader]
                     ) -> tuple[list, dict[str, Any], list[Problem]]:
    """The series' days, the archives' map file of each by the name the series records (:func:`files_by_name`),
    and the series' problems with one for each file it names that no archive given holds (the first 20)."""
    days, problems = read_series_days(series)
    files = files_by_name(archives, readers)
    missing = sorted({d.source_file for d in days} - set(files))
    problems += [Problem(display_path(series), 0, f"the series names {name}, which no archive given holds")
                 for name in missing[:20]]
    return days, files, problems
