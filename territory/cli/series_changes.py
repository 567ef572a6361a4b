"""``territory series changes ARCHIVE... [--series DIR] [--force]``: the day-to-day flows of the series.

Reads the map file the series names for each day (from the same archives ``series build`` reads), compares
each day's occupied area with the day before's (:mod:`territory.data.flows`) and writes ``changes/land.csv`` and
``changes/deepstate-area.csv`` into the series folder, together or not at all. Rebuilding gives the same bytes.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from territory.base.atomic import write_files_atomic
from territory.base.paths import display_path
from territory.build.archive import GitBlobReader
from territory.build.dating import series_map_files
from territory.build.flows import compute_flows
from territory.cli.common import EXIT_DATA, EXIT_OK
from territory.data.flows import CHANGES_FILENAME, DEEPSTATE_AREA_FILENAME, changes_csv, deepstate_area_csv, flows_dir


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("archives", nargs="+", type=Path, metavar="ARCHIVE",
                        help="the DeepState archives the series was built from (files, folders, bare git directories)")
    parser.add_argument("--series", type=Path, default=None,
                        help="series folder to read and write into (default: the data root's series/)")
    parser.add_argument("--force", action="store_true", help="replace existing flow files that differ")


def _inputs(days, files: dict[str, Any]) -> Iterator:
    for index, day in enumerate(days):
        file = files[day.source_file]
        yield day.day, file.read(), day.source_file
        if index % 100 == 0:
            print(f"[{index + 1}/{len(days)}] {day.day} {day.source_file}", file=sys.stderr, flush=True)


def run_changes(args: argparse.Namespace) -> int:
    series = args.series
    readers: list[GitBlobReader] = []
    try:
        days, files, problems = series_map_files(series, args.archives, readers)
        if problems:
            for problem in problems:
                print(problem, file=sys.stderr)
            return EXIT_DATA
        flows = compute_flows(_inputs(days, files))
    finally:
        for reader in readers:
            reader.close()
    folder = flows_dir(series)
    folder.mkdir(exist_ok=True)
    targets = [(folder / CHANGES_FILENAME, changes_csv(flows)), (folder / DEEPSTATE_AREA_FILENAME,
                                                                 deepstate_area_csv(flows))]
    same = all(path.exists() and path.read_bytes() == data for path, data in targets)
    if not same:
        write_files_atomic([(path, data, args.force) for path, data in targets])
    state = "unchanged" if same else "written"
    print(f"flows: {len(flows.polygon)} day(s), {len(flows.units)} unit row(s) in {display_path(folder)} ({state})")
    return EXIT_OK
