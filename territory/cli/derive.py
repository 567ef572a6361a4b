"""``python -m territory derive``: per-unit shares from control-area maps, one snapshot per file."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import re
import stat
import sys
import warnings
from pathlib import Path

# The overlay (geopandas, pyproj) is imported inside the command, deliberately: registering it for
# `territory --help` must stay light.
from territory.base.atomic import FileExistsRefused, check_target, write_files_atomic
from territory.base.paths import expand_paths
from territory.base.problems import DataError
from territory.base.textsafe import csv_safe_cell
from territory.cli.common import EXIT_DATA, EXIT_OK, EXIT_USAGE, date_argument, register_command
from territory.data.sources import SOURCE_COLUMNS

INPUT_SUFFIXES = (".geojson", ".json", ".kml", ".kmz", ".gpkg")


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("derive", help="derive per-unit shares from control-area polygon files")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="GeoJSON/KML/KMZ/GeoPackage files or folders")
    p.add_argument("--date", type=date_argument, help="date of the map (else taken from each file name)")
    p.add_argument("--filter", action="append", default=[], metavar="KEY=VALUE",
                   help="use only features whose property KEY equals VALUE (repeatable)")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument("--out", type=Path, help="a folder: write YYYY-MM-DD.csv snapshots and sources.csv entries; "
                                            "a file: write the output there")
    p.add_argument("--force", action="store_true", help="replace existing snapshot files")


def _filters(items: list[str]) -> dict[str, str]:
    out = {}
    for item in items:
        if "=" not in item:
            raise ValueError(f"--filter {item!r} must be KEY=VALUE")
        key, value = item.split("=", 1)
        out[key.strip()] = value
    return out


def _inputs(paths: list[Path]) -> list[Path]:
    return expand_paths(paths, INPUT_SUFFIXES)


def _json_item(derived) -> dict:
    total = derived.total_km2
    area = sum(s.area_km2 for s in derived.shares)
    return {"date": derived.date.isoformat(), "input": derived.label,
            "units": [{"iso": s.iso, "name": s.name, "controlled_pct": round(s.share_pct, 2), "low_pct": None,
                       "high_pct": None, "controlled_km2": round(s.controlled_km2, 1), "sources": [derived.label]}
                      for s in derived.shares],
            "total": {"controlled_km2": round(total, 1), "pct_of_ukraine": round(100 * total / area, 2)},
            "notes": derived.notes}


def _table(derived) -> str:
    lines = [f"{derived.label}: {derived.date}", f"{'ISO':<6} {'unit':<16} {'share %':>8} {'km²':>10}"]
    for s in derived.shares:
        lines.append(f"{s.iso:<6} {s.name:<16} {s.share_pct:>8.2f} {s.controlled_km2:>10,.0f}")
    area = sum(s.area_km2 for s in derived.shares)
    lines.append(f"Total: {derived.total_km2:,.0f} km² = {100 * derived.total_km2 / area:.2f} % of Ukraine")
    lines += [f"note: {n}" for n in derived.notes]
    return "\n".join(lines) + "\n"


def _csv(results) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["date", "input", "iso", "name", "controlled_pct", "controlled_km2"])
    for d in results:
        for s in d.shares:
            writer.writerow([d.date, csv_safe_cell(Path(d.label).name), s.iso, s.name, f"{s.share_pct:.2f}",
                             f"{s.controlled_km2:.1f}"])
    return buf.getvalue()


def source_id_for(path: Path, date: dt.date) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")[:40] or "map"
    return f"derived-{date}-{stem}"


def _source_row(path: Path, derived, filters: dict[str, str], source_id: str) -> dict:
    filt = f" (features with {', '.join(f'{k}={v}' for k, v in filters.items())})" if filters else ""
    return {"id": source_id, "publisher": "derived by this project (python -m territory derive)",
            "title": f"Per-unit shares derived from the control-area map {path.name[:120]}",
            "date": derived.date.isoformat(), "url": "", "licence": "as the licence of the input map",
            "kind": "estimate",
            "method": (f"Polygons of {path.name[:120]}{filt} repaired, unioned, simplified to 10 m and intersected with the Natural "
                       "Earth units in a Lambert azimuthal equal-area projection (48.5 N, 31.5 E); share = "
                       "covered area / unit area; uncovered or covered slivers under 2 km wide ignored")}


class OutputError(Exception):
    """The output cannot be written; the message is one line for the user."""


def _sources_csv(folder: Path, rows: list[dict]) -> bytes | None:
    """``sources.csv`` of ``folder`` with ``rows`` added (None if none is new); refused if it is unusable."""
    path = folder / "sources.csv"
    existing = ""
    try:
        if os.path.lexists(path):
            if not stat.S_ISREG(os.stat(path).st_mode):
                raise OutputError(f"{path} is not a regular file")
            existing = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise OutputError(f"{path}:0: not UTF-8 text; nothing was written") from None
    except OSError as exc:
        raise OutputError(f"cannot read {path}: {exc.strerror or exc}") from None
    header = [h.strip().lstrip("\ufeff") for h in next(csv.reader(io.StringIO(existing)), [])]
    if existing.strip() and "id" not in header:
        raise OutputError(f"{path}:1: no 'id' column in the header; nothing was written")
    known = {r.get("id") for r in csv.DictReader(io.StringIO(existing), fieldnames=header)} if header else set()
    new = [r for r in rows if r["id"] not in known]
    if not new:
        return None
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header or list(SOURCE_COLUMNS), lineterminator="\n",
                            extrasaction="ignore")
    if not header:
        writer.writeheader()
    writer.writerows(new)
    text = existing + ("" if not existing or existing.endswith("\n") else "\n") + buf.getvalue()
    return text.encode("utf-8")


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError as exc:  # a name over 255 bytes, a permission problem
        raise OutputError(f"cannot use {str(path)[:120]}: {exc.strerror or exc}") from None


def _derive_one(path: Path, date, filters):
    """Derived shares of one file, or the problems that refused it (never an exception from a library)."""
    from shapely.errors import GEOSException

    from territory.base.problems import Problem
    from territory.build.overlay import derive_file

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # GDAL's are reported as notes; others would break file:line:
            return derive_file(path, date, filters), []
    except DataError as exc:
        return None, exc.problems
    except (MemoryError, GEOSException):
        return None, [Problem(str(path), 0, "not enough memory to process this map; simplify it (fewer vertices)")]


def run(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except (OutputError, FileExistsRefused) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_DATA


def _run(args: argparse.Namespace) -> int:
    from territory.build.overlay import snapshot_csv

    try:
        filters = _filters(args.filter)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    files = _inputs(args.files)
    if not files:
        print("error: no input file (GeoJSON, KML, KMZ or GeoPackage) found", file=sys.stderr)
        return EXIT_DATA
    to_folder = args.out is not None and (_is_dir(args.out) or len(files) > 1)
    if to_folder and not _is_dir(args.out):
        print(f"error: {args.out} is not a folder", file=sys.stderr)
        return EXIT_DATA
    results, failures, sources, writes = [], 0, [], []
    for index, path in enumerate(files, 1):
        if len(files) > 1:
            print(f"[{index}/{len(files)}] {path.name}", file=sys.stderr, flush=True)
        derived, problems = _derive_one(path, args.date, filters)
        if derived is None:
            failures += 1
            for problem in problems:
                print(problem, file=sys.stderr)
            continue
        results.append(derived)
        if to_folder:
            source_id = source_id_for(path, derived.date)
            target = args.out / f"{derived.date}.csv"
            try:
                check_target(target, args.force)
            except FileExistsRefused:
                failures += 1
                print(f"error: {target} exists; not replaced (use --force)", file=sys.stderr)
                continue
            except OSError as exc:
                failures += 1
                print(f"error: cannot write {target}: {exc.strerror or exc}", file=sys.stderr)
                continue
            writes.append((target, snapshot_csv(derived, source_id), args.force))
            sources.append(_source_row(path, derived, filters, source_id))
    if to_folder:
        if writes:
            registry = _sources_csv(args.out, sources)
            if registry is not None:
                writes.append((args.out / "sources.csv", registry, True))
            _write(writes)  # the snapshots and sources.csv together, or nothing
        print(f"wrote {len(sources)} snapshot(s) to {args.out}")
    else:
        if args.format == "json":
            payload = _json_item(results[0]) if len(results) == 1 and len(files) == 1 else [_json_item(r) for r in results]
            text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
        elif args.format == "csv":
            text = _csv(results)
        else:
            text = "".join(_table(r) for r in results)
        if args.out is not None:
            try:
                _write([(args.out, text.encode("utf-8"), args.force)])
            except FileExistsRefused:
                print(f"error: {args.out} exists; use --force to replace it", file=sys.stderr)
                return EXIT_DATA
        else:
            sys.stdout.write(text)
    return EXIT_DATA if failures else EXIT_OK


def _write(items: list[tuple[Path, bytes, bool]]) -> None:
    try:
        write_files_atomic(items)
    except FileExistsRefused:
        raise
    except OSError as exc:
        where = exc.filename or items[0][0]
        raise OutputError(f"cannot write {str(where)[:200]}: {exc.strerror or exc}; nothing was written") from None


register_command(add_parser, "derive", run)
