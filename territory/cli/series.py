"""``python -m territory series build | update``: the daily series from DeepState's map archives.

``build ARCHIVE... [--out DIR]`` reads files, folders and bare git directories of DeepState GeoJSON, keeps
each day's final map, overlays it on the units and writes the whole series (``control-YYYY.csv`` per year and
one outline per day). Work done is kept in a cache folder, so an interrupted build resumes where it stopped.
``update FILE... [--series DIR]`` adds the days of new map files to the shipped series; a day already in the
series is never replaced (the same file again is skipped, so repeating an update changes nothing).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

# The build's geometry modules (archive, dating, compute, plausibility) are imported inside the commands that
# use them, deliberately: registering this command for `territory --help` must not load shapely and pyproj.
from territory.base.atomic import write_bytes_atomic
from territory.base.paths import data_paths, display_path
from territory.base.problems import DataError, Problem
from territory.cli.common import EXIT_DATA, EXIT_OK, EXIT_USAGE, register_command

CACHE_DIRNAME = ".cache"
#: How each version of each daily file is dated (territory/build/dating.py), written by every build.
DATING_PATH = Path("dating") / "daily-archive.csv"
#: Bump when the method changes: cached days of another version are computed again.
METHOD_VERSION = "2"


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("series", help="build or update the daily series from DeepState's map archives")
    actions = p.add_subparsers(dest="series_action", required=True)
    build = actions.add_parser("build", help="rebuild the whole series from map archives")
    build.add_argument("archives", nargs="+", type=Path, metavar="ARCHIVE",
                       help="DeepState GeoJSON files, folders of them, or bare git directories of archives")
    build.add_argument("--out", type=Path, default=None, help="series folder to write (default: the data root's series/)")
    build.add_argument("--force", action="store_true", help="replace existing series files that differ")
    build.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="worker processes")
    update = actions.add_parser("update", help="add the days of new DeepState map files to the series")
    update.add_argument("files", nargs="+", type=Path, metavar="FILE", help="DeepState GeoJSON files or folders")
    update.add_argument("--series", type=Path, default=None,
                        help="series folder to update (default: the data root's series/)")
    update.add_argument("--accept-jump", metavar="REASON", default=None,
                        help="add days whose figures jump implausibly from the day before (recorded in their rows); "
                             "at most 120 letters, digits, spaces and .:;()/'-")
    from territory.cli.series_changes import add_arguments as add_changes_arguments

    add_changes_arguments(actions.add_parser(
        "changes", help="the day-to-day flows (km² gained and lost per unit, and as DeepState counts) of the series"))


def _progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def method_key() -> str:
    """Identifies the units and method a cached day was computed with."""
    digest = hashlib.sha256(data_paths().full_geojson.read_bytes()).hexdigest()[:16]
    return f"{METHOD_VERSION}-{digest}"


def _compute(job: tuple[dt.date, str, bytes]) -> tuple[dt.date, dict | None, list[Problem]]:
    from territory.build.compute import compute_day

    day, name, data = job
    try:
        result = compute_day(day, name, data)
    except DataError as exc:
        return day, None, exc.problems
    return day, _result_json(result), []


def _result_json(result) -> dict:
    return {"day": result.day.isoformat(), "source_file": result.source_file,
            "rows": [[r.iso, r.controlled_pct, r.low_pct, r.high_pct] for r in result.rows],
            "outline": result.outline}


def _result_from_json(data: dict):
    from territory.data.series import DayResult, UnitRow

    rows = tuple(UnitRow(iso, c, lo, hi) for iso, c, lo, hi in data["rows"])
    return DayResult(dt.date.fromisoformat(data["day"]), data["source_file"], rows, data["outline"])


def _cached(cache: Path, key: str, day: dt.date, name: str) -> dict | None:
    path = cache / f"{day.isoformat()}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("method") != key or data.get("source_file") != name:
        return None
    return data


def _jobs(pending, readers_close) -> Iterator[tuple[dt.date, str, bytes]]:
    for file in pending:
        yield file.day, file.name, file.read()
    readers_close()


def compute_days(chosen: dict, cache: Path | None, jobs: int) -> tuple[list, list[Problem]]:
    """Day results for every chosen file, from the cache where possible; progress on stderr."""
    key = method_key()
    results, problems, pending = [], [], []
    for day, file in chosen.items():
        hit = _cached(cache, key, day, file.name) if cache else None
        if hit is not None:
            results.append(_result_from_json(hit))
        else:
            pending.append(file)
    total = len(chosen)
    if results:
        _progress(f"{len(results)} of {total} day(s) from the cache")
    started = time.monotonic()
    done = len(results)

    def record(day, payload, found):
        nonlocal done
        done += 1
        if payload is None:
            problems.extend(found)
            _progress(f"[{done}/{total}] {day}: refused")
            return
        if cache is not None:
            payload = {**payload, "method": key}
            write_bytes_atomic(cache / f"{day.isoformat()}.json",
                               json.dumps(payload, separators=(",", ":")).encode("utf-8"), overwrite=True)
        results.append(_result_from_json(payload))
        elapsed = time.monotonic() - started
        _progress(f"[{done}/{total}] {day} {payload['source_file']} ({elapsed:.0f} s)")

    work = _jobs(pending, lambda: None)
    if jobs > 1 and len(pending) > 1:
        import multiprocessing

        with multiprocessing.get_context("spawn").Pool(jobs) as pool:
            for day, payload, found in pool.imap(_compute, work, chunksize=4):
                record(day, payload, found)
    else:
        for job in work:
            record(*_compute(job))
    results.sort(key=lambda r: r.day)
    return results, problems


def _write_or_check(path: Path, data: bytes, force: bool) -> str:
    """'same', 'written' or 'differs' (an existing different file is kept unless force)."""
    if path.exists():
        if path.read_bytes() == data:
            return "same"
        if not force:
            return "differs"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(path, data, overwrite=True)
    return "written"


def write_series(results: list, out: Path, force: bool) -> list[Problem]:
    from territory.data.outlines import encode_outline, fit_outline, outline_path
    from territory.data.series import year_csv, year_file

    problems = []
    by_year: dict[int, list] = {}
    for result in results:
        by_year.setdefault(result.day.year, []).append(result)
    out.mkdir(parents=True, exist_ok=True)
    targets = [(year_file(out, year), year_csv(days)) for year, days in sorted(by_year.items())]
    targets += [(outline_path(out, r.day), encode_outline(fit_outline(r.outline))) for r in results]
    for path, data in targets:
        if _write_or_check(path, data, force) == "differs":
            problems.append(Problem(display_path(path), 0, "exists and differs; not replaced (use --force)"))
    return problems


def _list_files(paths: list[Path]) -> tuple[list, list[Problem], list]:
    from territory.build.archive import MapFile, Skipped, iter_map_files

    readers: list = []
    files: list = []
    problems: list[Problem] = []
    for item in iter_map_files(paths, readers):
        if isinstance(item, Skipped):
            _progress(f"{item.origin}: skipped (no date in the name)")
        elif isinstance(item, MapFile):
            files.append(item)
        else:
            problems.append(item)
    return files, problems, readers


def run_build(args: argparse.Namespace) -> int:
    from territory.build.archive import latest_per_day
    from territory.build.dating import dating_csv, redate_git_daily

    files, problems, readers = _list_files(args.archives)
    cache = args.out / CACHE_DIRNAME
    cache.mkdir(parents=True, exist_ok=True)
    files, datings = redate_git_daily(args.archives, files, readers, cache)
    chosen = latest_per_day(files)
    _progress(f"{len(files)} map file(s), {len(chosen)} day(s)")
    if not chosen:
        for problem in problems:
            print(problem, file=sys.stderr)
        print("error: no dated DeepState map file found", file=sys.stderr)
        return EXIT_DATA
    if datings:
        dating_path = args.out / DATING_PATH
        if _write_or_check(dating_path, dating_csv(datings), args.force) == "differs":
            problems.append(Problem(display_path(dating_path), 0, "exists and differs; not replaced (use --force)"))
    try:
        results, failed = compute_days(chosen, cache, max(1, args.jobs))
    finally:
        for reader in readers:
            reader.close()
    problems += failed
    problems += write_series(results, args.out, args.force)
    for problem in problems:
        print(problem, file=sys.stderr)
    first, last = results[0].day, results[-1].day
    print(f"series: {len(results)} day(s) from {first} to {last} in {args.out}")
    return EXIT_DATA if problems else EXIT_OK


def run_update(args: argparse.Namespace) -> int:
    """Add the days of new map files: all of them or none (every problem listed), outlines and rows together."""
    from territory.build.archive import latest_per_day
    from territory.data.series import ACCEPTED, read_series_days

    if args.accept_jump is not None and not ACCEPTED.match(args.accept_jump):
        print("error: --accept-jump REASON: 1 to 120 letters, digits, spaces and .:;()/'- (it goes into the CSV "
              "rows)", file=sys.stderr)
        return EXIT_USAGE
    existing, problems = read_series_days(args.series)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print("error: the series has problems; fix them before updating", file=sys.stderr)
        return EXIT_DATA
    files, problems, readers = _list_files(args.files)
    known = {d.day: d.source_file for d in existing}
    chosen, skipped = {}, 0
    for day, file in latest_per_day(files).items():
        if day not in known:
            chosen[day] = file
        elif known[day] == file.name:
            skipped += 1
        else:
            problems.append(Problem(file.origin, 0, f"day {day} is already in the series from {known[day]}; "
                                                    "not replaced"))
    problems += _placement_problems(existing, chosen)
    results: list = []
    if not problems:
        try:
            results, problems = compute_days(chosen, None, 1)
        finally:
            for reader in readers:
                reader.close()
    accepted, jumps = _plausibility(existing, results, chosen, args.accept_jump)
    problems += jumps
    if not problems and results:
        problems += _write_update(args.series, results, accepted)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print("error: nothing was written; the series is as it was", file=sys.stderr)
        return EXIT_DATA
    added = ", ".join(r.day.isoformat() for r in results) or "none"
    print(f"added {len(results)} day(s): {added}; {skipped} already in the series")
    return EXIT_OK


def _placement_problems(existing: list, chosen: dict) -> list[Problem]:
    """New days the series cannot hold: after today, before its first day, or leaving a gap longer than the
    validator allows (counted with the other new days)."""
    from territory.data.series import MAX_GAP_DAYS

    problems = []
    today = dt.date.today()
    first = existing[0].day if existing else None
    placed = sorted({d.day for d in existing})
    for day, file in sorted(chosen.items()):
        if day > today:
            problems.append(Problem(file.origin, 0, f"day {day} is after today ({today}); not added"))
        elif first is not None and day < first:
            problems.append(Problem(file.origin, 0, f"day {day} is before the series (it starts on {first}); "
                                                    "not added (rebuild the series with `series build` instead)"))
        else:
            placed.append(day)
    placed.sort()
    origin = {day: file.origin for day, file in chosen.items()}
    for before, after in zip(placed, placed[1:], strict=False):
        gap = (after - before).days - 1
        if gap > MAX_GAP_DAYS and after in origin:
            problems.append(Problem(origin[after], 0, f"{gap} days missing between {before} and {after} (at most "
                                                      f"{MAX_GAP_DAYS} allowed); add the days between first"))
    return problems


def _plausibility(existing: list, results: list, chosen: dict, reason: str | None) -> tuple[dict, list[Problem]]:
    """Each new day against the day before it in the series: the days accepted (day -> reason) and the problems
    of implausible days when no reason was given."""
    from territory.build.plausible import implausible

    previous = {d.day: d.rows for d in existing}
    accepted, problems = {}, []
    for result in results:
        earlier = [day for day in previous if day < result.day]
        reasons = implausible(previous[max(earlier)], result.rows) if earlier else []
        previous[result.day] = result.rows
        if not reasons:
            continue
        if reason:
            accepted[result.day] = reason
            continue
        problems += [Problem(chosen[result.day].origin, 0, f"{result.day}: {text}") for text in reasons]
        problems.append(Problem(chosen[result.day].origin, 0,
                                "implausible after the day before; if the map is right, add it with "
                                "--accept-jump REASON (the reason is recorded in the day's rows)"))
    return accepted, problems


def _write_update(series: Path, results: list, accepted: dict) -> list[Problem]:
    """The new days' outlines and the year files they change, written together or not at all. An outline of a
    new day already there (left without rows by an interrupted run) is replaced by the day's own."""
    from territory.base.atomic import write_files_atomic
    from territory.data.outlines import encode_outline, fit_outline, outline_path
    from territory.data.series import merged_year_csv, year_file

    items = []  # the outlines first, the rows last: a run killed between two renames leaves at most outlines
    for result in results:  # without rows, which validate reports and the next run replaces
        path = outline_path(series, result.day)
        path.parent.mkdir(parents=True, exist_ok=True)
        items.append((path, encode_outline(fit_outline(result.outline)), True))
    for year in sorted({r.day.year for r in results}):
        path = year_file(series, year)
        try:
            merged = merged_year_csv(path.read_bytes() if path.exists() else None,
                                     [r for r in results if r.day.year == year], display_path(path), year, accepted)
        except DataError as exc:
            return exc.problems
        items.append((path, merged, True))
    try:
        write_files_atomic(items)
    except OSError as exc:
        return [Problem(display_path(Path(exc.filename or series)), 0, f"not written: {exc.strerror or exc}")]
    return []


def run(args: argparse.Namespace) -> int:
    default = data_paths().series_dir
    if getattr(args, "out", None) is None and args.series_action == "build":
        args = argparse.Namespace(**{**vars(args), "out": default})
    if getattr(args, "series", None) is None and args.series_action in ("update", "changes"):
        args = argparse.Namespace(**{**vars(args), "series": default})
    from territory.cli.series_changes import run_changes

    return {"build": run_build, "update": run_update, "changes": run_changes}[args.series_action](args)


register_command(add_parser, "series", run)
