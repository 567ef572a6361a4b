"""``territory export``: images and data of a view, a comparison, a timelapse or the NATO map.

The formats, file names and writers are in ``exports`` (shared with the app); this module turns the
command line into a request, checks every value against the Dataset, and writes the file atomically.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from territory.base.atomic import FileExistsRefused, write_bytes_atomic
from territory.base.i18n import LANGUAGES
from territory.base.paths import data_paths
from territory.cli.common import EXIT_DATA, EXIT_OK, date_argument, register_command
from territory.data.dataset import Dataset, load_dataset
from territory.data.outlines import outline_for
from territory.data.scenarios import apply_scenario
from territory.data.snapshots import Snapshot
from territory.data.units import resolve_units
from territory.export import exports
from territory.export.exports import ExportError
from territory.present.view import ViewFilter


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="export a map (PNG/SVG/PDF/HTML), its data (CSV/GeoJSON) or a timelapse GIF")
    p.add_argument("--date", type=date_argument, help="snapshot date YYYY-MM-DD")
    p.add_argument("--compare", type=date_argument, metavar="DATE", help="second date: export the comparison")
    p.add_argument("--units", "--unit", dest="units", help="comma-separated ISO codes or names to keep in focus (others greyed)")
    p.add_argument("--min-share", type=float, default=0.0, metavar="PCT", help="grey units below this share")
    p.add_argument("--demand", help="id of a demand whose units are outlined")
    p.add_argument("--no-outline", action="store_true",
                   help="leave out DeepState's occupied area of the day (drawn on PNG, SVG, PDF and HTML maps by default)")
    p.add_argument("--format", default="png", help=f"one of {', '.join(exports.KIND_FORMATS['view'])}; gif for --timelapse")
    p.add_argument("--width", type=int, default=exports.DEFAULT_WIDTH,
                   help=f"PNG width in pixels: one of {', '.join(map(str, exports.WIDTHS))}")
    p.add_argument("--lang", default="en", choices=tuple(sorted(LANGUAGES)),
                   help="language of the export: title, legend, credits, labels, CSV headers (en or uk)")
    p.add_argument("--timelapse", action="store_true",
                   help="animated GIF, one frame per --every (default month), --from/--to to narrow it")
    p.add_argument("--every", default="month", choices=tuple(exports.TIMELAPSE_STEPS),
                   help="timelapse frames: the last day of each month, of each week, or every date")
    p.add_argument("--from", dest="date_from", type=date_argument, metavar="DATE")
    p.add_argument("--to", dest="date_to", type=date_argument, metavar="DATE")
    p.add_argument("--nato", action="store_true", help="the Europe/NATO map as of --date")
    p.add_argument("--scenario", help="id of a peace-plan scenario to apply to --date")
    p.add_argument("--level", choices=("raion", "hromada"),
                   help="an oblast's raions or hromadas on DeepState's map of --date (the oblast: one unit in --units); "
                        "png, svg, pdf or csv")
    p.add_argument("--out", required=True, metavar="FILE_OR_FOLDER",
                   help="output file, or a folder (existing, or written with a trailing /) for an automatic name")
    p.add_argument("--force", action="store_true", help="replace an existing output file")


@dataclass(frozen=True)
class Export:
    """What to write: the bytes and the file name that says what they hold."""

    data: bytes
    name: str


def run(args: argparse.Namespace) -> int:
    try:
        export = build(args, load_dataset())
        out = output_path(args.out, export.name)
    except ExportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_DATA
    try:
        write_bytes_atomic(out, export.data, overwrite=args.force)
    except FileExistsRefused:
        print(f"error: {out} exists; use --force to replace it (or export to another name)", file=sys.stderr)
        return EXIT_DATA
    except OSError as exc:
        print(f"error: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_DATA
    print(f"wrote {out} ({len(export.data):,} bytes)")
    return EXIT_OK


def output_path(out: str, name: str) -> Path:
    """The file to write: ``out`` itself, or ``name`` inside it when it is a folder.

    A trailing slash means a folder: it is created if its parent exists, else refused.
    """
    path = Path(out)
    if path.is_dir():
        return path / name
    if out.endswith(("/", os.sep)):
        if path.exists():
            raise ExportError(f"{out} is a file, not a folder")
        if not path.parent.is_dir():
            raise ExportError(f"cannot create folder {out}: folder {path.parent} does not exist")
        try:
            path.mkdir()
        except OSError as exc:
            raise ExportError(f"cannot create folder {out}: {exc.strerror or exc}") from None
        return path / name
    if not path.parent.is_dir():
        raise ExportError(f"folder {path.parent} does not exist")
    return path


def _snapshot(dataset: Dataset, date: dt.date) -> Snapshot:
    snapshot = dataset.snapshot(date)
    if snapshot is None:
        nearest = ", ".join(d.isoformat() for d in dataset.snapshots.nearest_dates(date))
        raise ExportError(f"no snapshot for {date}; nearest snapshot dates: {nearest}")
    return snapshot


def _units(text: str | None, dataset: Dataset) -> tuple[str, ...] | None:

    if not text:
        return None
    isos, unknown = resolve_units(text, dataset.units)
    if unknown:
        raise ExportError(f"unknown unit(s): {', '.join(unknown)}; valid codes: {', '.join(dataset.units)}")
    return isos


def _width(width: int) -> int:
    if width not in exports.WIDTHS:
        raise ExportError(f"unknown width {width}; choose one of {', '.join(map(str, exports.WIDTHS))}")
    return width


def build(args: argparse.Namespace, dataset: Dataset) -> Export:
    """The bytes and file name of the export the arguments ask for; ExportError for any unknown value."""
    if dataset.problems:
        raise ExportError("the data has problems; run `territory validate`")
    width = _width(args.width)
    if args.timelapse:
        return _timelapse(args, dataset)
    if args.date is None:
        raise ExportError("give --date YYYY-MM-DD (or --timelapse)")
    if args.level:
        return _places(args, dataset, width)
    if args.nato:
        fmt = exports.check_format(args.format, "nato")
        return Export(exports.nato_bytes(fmt, args.date, dataset.nato, width, args.lang),
                      exports.nato_file_name(args.date, fmt, args.lang))
    snapshot = _snapshot(dataset, args.date)
    if args.scenario:
        return _scenario(args, dataset, snapshot, width)
    if args.compare:
        fmt = exports.check_format(args.format, "comparison")
        before, after = sorted((snapshot, _snapshot(dataset, args.compare)), key=lambda s: s.date)
        return Export(exports.comparison_bytes(fmt, before, after, dataset.sources, width, args.lang),
                      exports.comparison_file_name(before.date, after.date, fmt, args.lang))
    return _view(args, dataset, snapshot, width)


def _view(args: argparse.Namespace, dataset: Dataset, snapshot: Snapshot, width: int) -> Export:
    fmt = exports.check_format(args.format, "view")
    if not 0 <= args.min_share <= 100:
        raise ExportError("--min-share must be between 0 and 100")
    demand = None
    if args.demand:
        demand = dataset.demands_by_id.get(args.demand)
        if demand is None:
            raise ExportError(f"unknown demand {args.demand!r}; valid ids: {', '.join(dataset.demands_by_id)}")
    view = ViewFilter(_units(args.units, dataset), args.min_share, args.demand)
    data = exports.view_bytes(fmt, snapshot, dataset.previous(snapshot.date), view, demand, dataset.sources, width,
                              args.lang, _outline(args, dataset, snapshot.date, fmt))
    return Export(data, exports.view_file_name(snapshot.date, fmt, view, args.lang))


def _outline(args: argparse.Namespace, dataset: Dataset, day: dt.date, fmt: str) -> dict | None:
    """DeepState's occupied area of the day for images and the HTML map, as the app draws it; None if none or not
    wanted."""
    if args.no_outline or fmt not in (*exports.IMAGE_FORMATS, "html"):
        return None

    return outline_for(day, data_paths(dataset.root).series_dir)


def _timelapse(args: argparse.Namespace, dataset: Dataset) -> Export:
    exports.check_format(args.format, "timelapse")
    first, last = args.date_from or dataset.dates[0], args.date_to or dataset.dates[-1]
    chosen = [s for s in dataset.snapshots if first <= s.date <= last]
    if not chosen:
        raise ExportError(f"no snapshot between {first} and {last}")
    frames = exports.timelapse_frames(chosen, args.every)
    return Export(exports.timelapse_bytes(frames, dataset.sources, args.lang),
                  exports.timelapse_file_name(frames[0].date, frames[-1].date, args.every, args.lang))


def _scenario(args: argparse.Namespace, dataset: Dataset, snapshot: Snapshot, width: int) -> Export:

    scenario = dataset.scenarios_by_id.get(args.scenario)
    if scenario is None:
        raise ExportError(f"unknown scenario {args.scenario!r}; valid ids: {', '.join(dataset.scenarios_by_id)}")
    fmt = exports.check_format(args.format, "scenario")
    outcome = apply_scenario(scenario, snapshot)
    return Export(exports.scenario_bytes(fmt, outcome, snapshot, dataset.sources, width, args.lang),
                  exports.scenario_file_name(scenario.id, snapshot.date, fmt, args.lang))


register_command(add_parser, "export", run)


def _places(args: argparse.Namespace, dataset: Dataset, width: int) -> Export:
    """An oblast's raions or hromadas on the map of --date (the last day of the series on or before it), as the
    Places page shows them."""
    from territory.data.subunit_series import last_on_or_before, series_days
    from territory.present.places_view import NO_SUBUNITS

    fmt = exports.check_format(args.format, "places")
    units = _units(args.units, dataset) or ()
    if len(units) != 1 or units[0] in NO_SUBUNITS:
        raise ExportError("give one oblast in --units with --level (Kyiv city and Sevastopol have no raions here)")
    day = last_on_or_before(series_days(dataset.root), args.date)
    if day is None:
        raise ExportError(f"{args.date} is before the series below the oblast starts")
    outline = None if fmt == "csv" else _outline(args, dataset, day, fmt)
    return Export(exports.places_bytes(fmt, units[0], args.level, day, outline, None, width, args.lang, dataset.root),
                  exports.places_file_name(units[0], args.level, day, fmt, lang=args.lang))
