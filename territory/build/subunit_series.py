"""``python -m territory.build.subunit_series ARCHIVE... [--series DIR] [--out DIR]``: rebuild
``series/subunits/`` (the hromada series and the settlement ledger, see :mod:`territory.data.subunit_series`) from the
DeepState archives the oblast series was built from. One core; progress on stderr; the same bytes again.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import numpy as np
import shapely

from territory.base.atomic import write_files_atomic
from territory.base.crs import EQUAL_AREA_CRS
from territory.base.paths import data_root, display_path
from territory.build.archive import GitBlobReader
from territory.build.compute import classify
from territory.build.dating import series_map_files
from territory.build.flows import land_occupied
from territory.data.settlements import settlement_points
from territory.data.subunit_series import (
    HROMADA_FILENAME,
    SETTLEMENT_FILENAME,
    Accumulator,
    hromada_csv,
    settlement_csv,
    subunit_series_dir,
)
from territory.data.subunits import projected_hromadas

EXIT_OK, EXIT_DATA = 0, 1


def build_accumulator(root: Path | None = None) -> Accumulator:

    gdf = projected_hromadas(root)
    points = settlement_points()
    from pyproj import Transformer

    to_m = Transformer.from_crs("EPSG:4326", EQUAL_AREA_CRS, always_xy=True)
    xs, ys = to_m.transform(points["longitude"].to_numpy(), points["latitude"].to_numpy())
    return Accumulator(list(gdf["code"]), list(gdf.geometry), points["geonameid"].to_numpy(), np.asarray(xs),
                       np.asarray(ys))


def run_build(args: argparse.Namespace) -> int:

    series = args.series or data_root() / "series"
    readers: list[GitBlobReader] = []
    acc = build_accumulator()
    try:
        days, files, problems = series_map_files(series, args.archives, readers)
        if problems:
            for problem in problems:
                print(problem, file=sys.stderr)
            return EXIT_DATA
        for index, day in enumerate(days):
            if args.until and day.day > args.until:
                break
            occupied, grey = classify(files[day.source_file].read(), day.source_file)
            land = land_occupied(occupied.geometry)
            grey_geom = shapely.Polygon() if grey is None or grey.geometry.is_empty else grey.geometry
            acc.add_day(day.day, land, grey_geom)
            if index % 50 == 0:
                print(f"[{index + 1}/{len(days)}] {day.day}", file=sys.stderr, flush=True)
    finally:
        for reader in readers:
            reader.close()
    out = args.out or subunit_series_dir()
    out.mkdir(parents=True, exist_ok=True)
    targets = [(out / HROMADA_FILENAME, hromada_csv(acc.hromada_rows)),
               (out / SETTLEMENT_FILENAME, settlement_csv(acc.settlement_rows))]
    write_files_atomic([(path, data, True) for path, data in targets])
    print(f"{len(acc.hromada_rows)} hromada rows, {len(acc.settlement_rows)} settlement rows in {display_path(out)}")
    return EXIT_OK



def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m territory.build.subunit_series")
    build = parser
    build.add_argument("archives", nargs="+", type=Path, metavar="ARCHIVE")
    build.add_argument("--series", type=Path, default=None, help="oblast series folder naming each day's file")
    build.add_argument("--out", type=Path, default=None, help="output folder (default series/subunits/)")
    build.add_argument("--until", type=dt.date.fromisoformat, default=None, help="stop after this day (tests)")
    args = parser.parse_args(argv)
    return run_build(args)


if __name__ == "__main__":
    raise SystemExit(main())
