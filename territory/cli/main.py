"""Command line: ``python -m territory validate | summary | export | derive``.

Exit codes: 0 success, 1 bad data or an unknown value (with a message naming the valid choices),
2 usage error, 141 the reader closed the pipe (``territory ... | head``: no traceback). Problems are printed as ``PATH:LINE: message``; never a traceback.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import signal
import sys
import threading
from pathlib import Path

# Each command imports the library modules it runs when it runs (inside its function): `territory --help` and
# `territory validate` start without geometry, plotting or the series' build.
from territory.base.problems import DataError
from territory.cli.common import (
    COMMAND_HANDLERS,
    COMMAND_PARSERS,
    EXIT_DATA,
    EXIT_OK,
    EXIT_TERMINATED,
    SUBUNIT_SUMMARY,
    Terminated,
    date_argument,
    print_problems,
    raise_terminated,
)

DESCRIPTION = "Territorial-control data for Ukraine: check it, summarise a day, count changes, export maps, build the series."
#: The commands by the library layer they drive (territory/<layer>/), as the README's architecture diagram draws them.
EPILOG = """commands by layer (territory/<layer>/, see the README's architecture):
  data:      validate, summary,         the stored files, checked and read through the Dataset; the settlement
             settlements                ledger searched
  build:     derive, series             control-area maps -> per-unit figures; the daily series and its changes
  analysis:  changes                    km² gained, lost and net by period
  export:    export                     maps and data as files (PNG, SVG, PDF, HTML, CSV, GeoJSON, GIF)
run 'territory COMMAND --help' for a command's options"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="territory", description=DESCRIPTION, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    validate = sub.add_parser("validate", help="check data files (all of the repository's by default)")
    validate.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                          help="snapshot CSV, sources.csv, demands YAML, geodata file or folder")

    summary = sub.add_parser("summary", help="per-unit table and national total for one snapshot date")
    summary.add_argument("--date", type=date_argument, required=True, help="YYYY-MM-DD")
    summary.add_argument("--format", choices=("table", "csv", "json"), default="table")
    summary.add_argument("--level", choices=("oblast", "raion", "hromada"), default="oblast",
                         help="oblast (default), or the raions or hromadas below it (series/subunits/)")
    summary.add_argument("--unit", default=None, help="with --level raion|hromada: only this unit (ISO 3166-2)")

    for register in COMMAND_PARSERS:
        register(sub)
    return parser


def run_validate(args: argparse.Namespace) -> int:
    from territory.data.validate import validate_paths, validate_repository

    report = validate_paths(args.paths) if args.paths else validate_repository()
    if report.problems:
        print_problems(report.problems)
        print(f"{len(report.problems)} problem(s) found", file=sys.stderr)
        return EXIT_DATA
    print(report.summary)
    return EXIT_OK


def run_summary(args: argparse.Namespace) -> int:
    from territory.analysis.figures import summary_dict
    from territory.data.dataset import load_dataset

    if getattr(args, "level", "oblast") != "oblast":
        return COMMAND_HANDLERS[SUBUNIT_SUMMARY](args)  # registered by territory.cli.settlements

    snapshots = load_dataset().snapshots
    snapshot = snapshots.on_or_before(args.date)
    if snapshot is None:
        nearest = ", ".join(d.isoformat() for d in snapshots.nearest_dates(args.date))
        print(f"no snapshot for {args.date}; nearest snapshot dates: {nearest}", file=sys.stderr)
        return EXIT_DATA
    if snapshot.date != args.date:
        print(f"no map for {args.date}; showing the map of {snapshot.date}, the last one before it", file=sys.stderr)
    data = summary_dict(snapshot)
    if args.format == "json":
        print(json.dumps(data, ensure_ascii=False, indent=2))
    elif args.format == "csv":
        print(summary_csv(data), end="")
    else:
        print(summary_table(data, args.date), end="")
    return EXIT_OK


def summary_csv(data: dict) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["date", "iso", "name", "controlled_pct", "low_pct", "high_pct", "controlled_km2", "kind", "sources"])
    for u in data["units"]:
        writer.writerow([data["date"], u["iso"], u["name"], _blank(u["controlled_pct"]), _blank(u["low_pct"]),
                         _blank(u["high_pct"]), _blank(u["controlled_km2"]), u["kind"] or "", ";".join(u["sources"])])
    total = data["total"]
    writer.writerow([data["date"], "UA", "Ukraine (total)", total["pct_of_ukraine"], "", "",
                     total["controlled_km2"], "", ""])
    return buf.getvalue()


def _blank(value: object) -> object:
    return "" if value is None else value


def summary_table(data: dict, asked: dt.date | None = None) -> str:
    """The summary as a text table; ``asked``, a day without a map, is named beside the map's date."""
    what = (f"the last map on or before {asked}" if asked and asked.isoformat() != data["date"]
            else "share of each unit's area")
    lines = [f"Russian control on {data['date']} ({what})", ""]
    lines.append(f"{'ISO':<6} {'unit':<16} {'share %':>8} {'range %':>13} {'km²':>10}  sources")
    for u in data["units"]:
        pct = "no figure" if u["controlled_pct"] is None else f"{u['controlled_pct']:.2f}"
        rng = ""
        if u["low_pct"] is not None or u["high_pct"] is not None:
            lo = u["low_pct"] if u["low_pct"] is not None else u["controlled_pct"]
            hi = u["high_pct"] if u["high_pct"] is not None else u["controlled_pct"]
            rng = f"{lo:g}-{hi:g}"
        km2 = "" if u["controlled_km2"] is None else f"{u['controlled_km2']:,.0f}"
        lines.append(f"{u['iso']:<6} {u['name']:<16} {pct:>8} {rng:>13} {km2:>10}  {', '.join(u['sources'])}")
    total = data["total"]
    lines += ["", f"Total: {total['controlled_km2']:,.0f} km² = {total['pct_of_ukraine']:.2f} % of Ukraine "
                  f"({total['ukraine_km2']:,.0f} km², sum of the 27 units)"]
    if total["units_without_figure"]:
        lines.append(f"Units without a figure (not counted): {', '.join(total['units_without_figure'])}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    _register_extra_commands()

    parser = build_parser()
    args = parser.parse_args(argv)
    handlers = {"validate": run_validate, "summary": run_summary, **COMMAND_HANDLERS}
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, raise_terminated) if in_main_thread else None
    try:
        return handlers[args.command](args)
    except DataError as exc:
        print_problems(exc.problems)
        return EXIT_DATA
    except BrokenPipeError:  # the reader closed the pipe (``territory ... | head``): stop quietly, as ``cat`` does
        _silence_stdout()
        return EXIT_PIPE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Terminated:
        print("terminated", file=sys.stderr)
        return EXIT_TERMINATED
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous)


#: The exit status of a command whose reader closed the pipe (128 + SIGPIPE, as a shell reports ``cat | head``).
EXIT_PIPE = 141


def _silence_stdout() -> None:
    """Point standard output at the null device, so the interpreter's last flush at exit does not fail again on
    the closed pipe (Python's documentation, "Note on SIGPIPE")."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):  # not a real file (a test's captured output)
        pass


def _register_extra_commands() -> None:
    """Import the modules that add subcommands (export, derive), once."""
    import importlib

    for name in ("territory.cli.export", "territory.cli.derive", "territory.cli.series", "territory.cli.changes",
                 "territory.cli.settlements"):
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
