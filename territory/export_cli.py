"""``python -m territory export``: images and data of a view, a comparison, a timelapse or the NATO map."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from .atomic import FileExistsRefused, write_bytes_atomic
from .cli import EXIT_DATA, EXIT_OK, _date, register_command
from .geodata import load_units, resolve_unit

IMAGE_FORMATS = ("png", "svg", "pdf")
VIEW_FORMATS = IMAGE_FORMATS + ("html", "csv", "geojson")
COMPARE_FORMATS = IMAGE_FORMATS + ("csv", "geojson")


class ExportError(Exception):
    """A request that names an unknown date, unit, demand, format or width."""


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="export a map (PNG/SVG/PDF/HTML), its data (CSV/GeoJSON) or a timelapse GIF")
    p.add_argument("--date", type=_date, help="snapshot date YYYY-MM-DD")
    p.add_argument("--compare", type=_date, metavar="DATE", help="second date: export the comparison")
    p.add_argument("--units", help="comma-separated ISO codes or names to keep in focus (others greyed)")
    p.add_argument("--min-share", type=float, default=0.0, metavar="PCT", help="grey units below this share")
    p.add_argument("--demand", help="id of a demand whose units are outlined")
    p.add_argument("--format", default="png", help=f"one of {', '.join(VIEW_FORMATS)}; gif for --timelapse")
    p.add_argument("--width", type=int, default=1600, help="PNG width in pixels: 1200, 1600 or 2400")
    p.add_argument("--lang", default="en", choices=("en", "uk"), help="language of unit labels")
    p.add_argument("--timelapse", action="store_true", help="animated GIF of every snapshot (or --from/--to)")
    p.add_argument("--from", dest="date_from", type=_date, metavar="DATE")
    p.add_argument("--to", dest="date_to", type=_date, metavar="DATE")
    p.add_argument("--nato", action="store_true", help="the Europe/NATO map as of --date")
    p.add_argument("--scenario", help="id of a peace-plan scenario to apply to --date")
    p.add_argument("--out", type=Path, required=True, help="output file, or a folder for an automatic name")
    p.add_argument("--force", action="store_true", help="replace an existing output file")


def default_name(args: argparse.Namespace, fmt: str) -> str:
    if args.timelapse:
        return f"ukraine-control-timelapse-{args.first}-to-{args.last}.gif"
    if args.nato:
        return f"nato-members-{args.date}.{fmt}"
    if args.compare:
        return f"ukraine-control-{args.date}-vs-{args.compare}.{fmt}"
    if args.scenario:
        return f"ukraine-scenario-{args.scenario}-{args.date}.{fmt}"
    return f"ukraine-control-{args.date}.{fmt}"


def run(args: argparse.Namespace) -> int:
    try:
        data, fmt = build(args)
    except ExportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_DATA
    out = args.out / default_name(args, fmt) if args.out.is_dir() else args.out
    if not out.parent.exists():
        print(f"error: folder {out.parent} does not exist", file=sys.stderr)
        return EXIT_DATA
    try:
        write_bytes_atomic(out, data, overwrite=args.force)
    except FileExistsRefused:
        print(f"error: {out} exists; use --force to replace it", file=sys.stderr)
        return EXIT_DATA
    except OSError as exc:
        print(f"error: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_DATA
    print(f"wrote {out} ({len(data):,} bytes)")
    return EXIT_OK


def _snapshot(snapshots, date: dt.date):
    snapshot = snapshots.get(date)
    if snapshot is None:
        nearest = ", ".join(d.isoformat() for d in snapshots.nearest_dates(date))
        raise ExportError(f"no snapshot for {date}; nearest snapshot dates: {nearest}")
    return snapshot


def _units(text: str | None) -> tuple[str, ...] | None:
    if not text:
        return None
    isos, unknown = [], []
    for name in text.split(","):
        iso = resolve_unit(name)
        (isos if iso else unknown).append(iso or name.strip())
    if unknown:
        raise ExportError(f"unknown unit(s): {', '.join(unknown)}; valid codes: {', '.join(load_units())}")
    return tuple(dict.fromkeys(isos))


def build(args: argparse.Namespace) -> tuple[bytes, str]:
    """The bytes to write and their format; raises ExportError for any unknown value."""
    from . import export_data, render, webmap
    from .demands import load_demands
    from .snapshots import load_snapshots
    from .view import ViewFilter

    fmt = args.format.lower()
    snapshots = load_snapshots()
    if snapshots.problems:
        raise ExportError("the data has problems; run `python -m territory validate`")
    if args.width not in render.WIDTHS:
        raise ExportError(f"unknown width {args.width}; choose one of {', '.join(map(str, render.WIDTHS))}")
    if args.timelapse:
        if fmt != "gif":
            raise ExportError(f"unknown format {fmt!r} for a timelapse; choose gif")
        first, last = args.date_from or snapshots.dates[0], args.date_to or snapshots.dates[-1]
        chosen = [s for s in snapshots.snapshots if first <= s.date <= last]
        if not chosen:
            raise ExportError(f"no snapshot between {first} and {last}")
        args.first, args.last = chosen[0].date, chosen[-1].date
        return render.render_timelapse(chosen, snapshots.sources), "gif"
    if args.date is None:
        raise ExportError("give --date YYYY-MM-DD (or --timelapse)")
    if args.nato:
        if fmt not in IMAGE_FORMATS:
            raise ExportError(f"unknown format {fmt!r} for the NATO map; choose one of {', '.join(IMAGE_FORMATS)}")
        return render.render_nato_map(args.date, fmt, args.width), fmt
    snapshot = _snapshot(snapshots, args.date)
    if args.scenario:
        return _scenario_export(args, fmt, snapshot, snapshots)
    if args.compare:
        if fmt not in COMPARE_FORMATS:
            raise ExportError(f"unknown format {fmt!r} for a comparison; choose one of {', '.join(COMPARE_FORMATS)}")
        other = _snapshot(snapshots, args.compare)
        before, after = sorted((snapshot, other), key=lambda s: s.date)
        args.date, args.compare = before.date, after.date
        if fmt in IMAGE_FORMATS:
            return render.render_comparison(before, after, snapshots.sources, fmt, args.width), fmt
        rows = export_data.comparison_rows(before, after)
        return (export_data.rows_to_csv(rows) if fmt == "csv" else export_data.rows_to_geojson(rows)), fmt
    if fmt not in VIEW_FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(VIEW_FORMATS)}")
    if not 0 <= args.min_share <= 100:
        raise ExportError("--min-share must be between 0 and 100")
    demand = None
    if args.demand:
        demands = {d.id: d for d in load_demands(snapshots.sources)}
        if args.demand not in demands:
            raise ExportError(f"unknown demand {args.demand!r}; valid ids: {', '.join(demands)}")
        demand = demands[args.demand]
    view = ViewFilter(_units(args.units), args.min_share, args.demand)
    previous = snapshots.previous(snapshot.date)
    if fmt in IMAGE_FORMATS:
        return render.render_control_map(snapshot, previous, view, demand, snapshots.sources, fmt, args.width,
                                         args.lang), fmt
    if fmt == "html":
        features = webmap.control_geojson(snapshot, previous, view, demand, snapshots.sources)
        return webmap.standalone_html(features, f"Russian control of Ukraine, {snapshot.date}").encode("utf-8"), fmt
    rows = export_data.view_rows(snapshot, previous, view, demand, snapshots.sources)
    return (export_data.rows_to_csv(rows) if fmt == "csv" else export_data.rows_to_geojson(rows)), fmt


def _scenario_export(args, fmt: str, snapshot, snapshots) -> tuple[bytes, str]:
    from . import export_data, render
    from .demands import load_demands
    from .scenarios import apply_scenario, load_scenarios

    scenarios = {s.id: s for s in load_scenarios(snapshots.sources, {d.id for d in load_demands(snapshots.sources)})}
    if args.scenario not in scenarios:
        raise ExportError(f"unknown scenario {args.scenario!r}; valid ids: {', '.join(scenarios)}")
    if fmt not in COMPARE_FORMATS:
        raise ExportError(f"unknown format {fmt!r} for a scenario; choose one of {', '.join(COMPARE_FORMATS)}")
    outcome = apply_scenario(scenarios[args.scenario], snapshot)
    if fmt in IMAGE_FORMATS:
        return render.render_scenario(outcome, snapshot, snapshots.sources, fmt, args.width), fmt
    rows = export_data.scenario_rows(outcome)
    return (export_data.rows_to_csv(rows) if fmt == "csv" else export_data.rows_to_geojson(rows)), fmt


register_command(add_parser, "export", run)
