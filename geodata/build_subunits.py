"""Build the raions and hromadas (below the 27 units) from OpenStreetMap boundaries.

Usage::

    python geodata/build_subunits.py --repo /path/to/darmat1/ukraine-geo-data.git \
        --names /path/to/alexandreannic/infoportal-common.git

Sources (see geodata/README.md, "Raions and hromadas"):

- ``--repo``: a git directory (bare is fine) of the public repository ``darmat1/ukraine-geo-data`` at commit
  ``SOURCE_COMMIT`` (OpenStreetMap boundaries, © OpenStreetMap contributors, ODbL 1.0). Files are read one by
  one with ``git cat-file``: ``geodata/<oblast>.geojson`` holds an oblast's raions,
  ``geodata/<oblast>.<raion>.geojson`` a raion's hromadas; ``Ukraine.geojson``, ``Ukraine_full.geojson`` and
  the settlement files (``<oblast>.<raion>.<hromada>.geojson``) are not read.
- ``--names``: a git directory of ``alexandreannic/infoportal-common`` at ``NAMES_COMMIT``
  (``src/location/hromadas.ts`` and ``raions.ts``: English names by OCHA code, which is ``katotth[:9]``
  for a hromada and ``katotth[:6]`` for a raion).

Method: each hromada is cut to the land of its unit (``ukraine_units.geojson``, the same land as the oblast
series); where OpenStreetMap's hromadas overlap after the cut, the one with the lower code keeps the overlap;
the unit's land no hromada covers is split into pieces: pieces under ``GAP_MERGE_KM2`` (border slivers between
OpenStreetMap's and geoBoundaries' lines) join the hromada they share most border with; larger pieces stay as
named gaps (the missing hromadas, the Chornobyl exclusion zone) with ``kind`` ``gap``. Raions are the unions
of their hromadas and gaps, so hromadas tile their raion and raions tile their unit. Kyiv city and
Sevastopol are one raion and one hromada each; Crimea has raions but no hromada boundaries in the source, so
its raions stand in at the hromada level (``kind`` ``raion``). Output: ``subunits.geojson`` (every hromada
and gap, simplified as a coverage to ``FULL_TOLERANCE_DEG``, for areas and the series) and
``subunits_web.geojson`` (the same, coarser, for the browser); raions are dissolved from them when read.
The same inputs give the same bytes.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

import shapely
from pyproj import Transformer
from shapely.geometry import shape

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from territory.base.crs import EQUAL_AREA_CRS  # noqa: E402

SOURCE_REPO = "darmat1/ukraine-geo-data"
SOURCE_COMMIT = "1eca9d6"  # prefix of the commit read (checked)
NAMES_REPO = "alexandreannic/infoportal-common"
#: KATOTTG's two-digit first-level code -> ISO 3166-2:UA.
KATOTTG_TO_ISO = {
    "01": "UA-43", "05": "UA-05", "07": "UA-07", "12": "UA-12", "14": "UA-14", "18": "UA-18", "21": "UA-21",
    "23": "UA-23", "26": "UA-26", "32": "UA-32", "35": "UA-35", "44": "UA-09", "46": "UA-46", "48": "UA-48",
    "51": "UA-51", "53": "UA-53", "56": "UA-56", "59": "UA-59", "61": "UA-61", "63": "UA-63", "65": "UA-65",
    "68": "UA-68", "71": "UA-71", "73": "UA-77", "74": "UA-74", "80": "UA-30", "85": "UA-40",
}
#: Units that are one raion and one hromada here (cities with special status).
WHOLE_UNITS = {"UA-30": ("UA80", "Київ", "Kyiv"), "UA-40": ("UA85", "Севастополь", "Sevastopol")}
#: Hromadas the source lacks (checked): code -> (Ukrainian, English name).
KNOWN_MISSING = {
    "UA3212007": ("Козинська", "Kozynska"),
    "UA5108001": ("Вилківська", "Vylkivska"),
    "UA2110027": ("Чопська", "Chopska"),
}
#: Named gaps that are no hromada: (raion code) -> (Ukrainian, English name).
NAMED_GAPS = {"UA3210": ("Чорнобильська зона відчуження", "Chornobyl Exclusion Zone")}
GAP_MERGE_KM2 = 3.0
FULL_TOLERANCE_DEG = 0.0003  # about 30 m
WEB_TOLERANCE_DEG = 0.004  # about 400 m
FULL_PRECISION = 5
WEB_PRECISION = 4

_TO_M = Transformer.from_crs("EPSG:4326", EQUAL_AREA_CRS, always_xy=True)


def git(repo: Path, *args: str) -> bytes:
    return subprocess.run(["git", "--git-dir", str(repo), *args], check=True, capture_output=True).stdout


def km2(geom: shapely.Geometry) -> float:
    return shapely.transform(geom, lambda xy: _stack(_TO_M.transform(xy[:, 0], xy[:, 1]))).area / 1e6


def _stack(xy):
    import numpy as np

    return np.column_stack(xy)


def polygons_only(geom: shapely.Geometry) -> shapely.Geometry:
    parts = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and not p.is_empty]
    return shapely.MultiPolygon(parts) if parts else shapely.MultiPolygon()


def read_source(repo: Path) -> tuple[list[dict], list[dict]]:
    """(raion features, hromada features) of the source, each with ``katotth`` and a geometry."""
    head = git(repo, "rev-parse", "HEAD").decode().strip()
    if not head.startswith(SOURCE_COMMIT):
        raise SystemExit(f"{repo}: HEAD is {head}, not the pinned commit {SOURCE_COMMIT}")
    names = git(repo, "ls-tree", "-r", "--name-only", "HEAD", "geodata/").decode().split("\n")
    raions, hromadas = [], []
    for path in sorted(n for n in names if n.endswith(".geojson")):
        parts = Path(path).name[: -len(".geojson")].split(".")
        if parts[0].startswith("Ukraine") or parts[0] == "kyyiv" or len(parts) > 2:
            continue
        data = json.loads(git(repo, "cat-file", "-p", f"HEAD:{path}"))
        level = "6" if len(parts) == 1 else "7"
        for feature in data["features"]:
            props = feature["properties"]
            code = str(props.get("katotth", ""))
            if props.get("admin_level") != level or not re.fullmatch(r"UA\d{17}", code):
                continue
            item = {"katotth": code, "name_uk": props.get("name:uk") or props.get("name", ""),
                    "name_en": props.get("name:en", ""), "osm_id": props.get("@id", ""),
                    "geometry": shapely.make_valid(shape(feature["geometry"]))}
            (raions if level == "6" else hromadas).append(item)
    return raions, hromadas


def read_english_names(repo: Path) -> dict[str, str]:
    """OCHA code -> English name, from hromadas.ts and raions.ts."""
    names: dict[str, str] = {}
    for path in ("src/location/hromadas.ts", "src/location/raions.ts"):
        text = git(repo, "show", f"HEAD:{path}").decode("utf-8")
        for block in re.finditer(r"iso:\s*'(UA\d+)'.*?en:\s*'([^']*)'", text, flags=re.S):
            names.setdefault(block.group(1), block.group(2))
    return names


def load_units() -> dict[str, shapely.Geometry]:
    data = json.loads((HERE / "ukraine_units.geojson").read_text(encoding="utf-8"))
    return {f["properties"]["iso"]: shapely.make_valid(shape(f["geometry"])) for f in data["features"]}


def unit_pieces(iso: str, land: shapely.Geometry, raions: list[dict], hromadas: list[dict],
                english: dict[str, str]) -> list[dict]:
    """The hromadas and gaps tiling one unit's land."""
    if iso in WHOLE_UNITS:
        code, uk, en = WHOLE_UNITS[iso]
        return [{"code": code, "raion": code, "unit": iso, "kind": "city", "katotth": "",
                 "name_uk": uk, "name_en": en, "geometry": land}]
    source = hromadas if iso != "UA-43" else raions
    kind = "hromada" if iso != "UA-43" else "raion"
    prefix = {v: k for k, v in KATOTTG_TO_ISO.items()}[iso]
    chosen = sorted((h for h in source if h["katotth"][2:4] == prefix), key=lambda h: h["katotth"])
    pieces: list[dict] = []
    kept: list[shapely.Geometry] = []
    for item in chosen:
        code = item["katotth"][:9] if kind == "hromada" else item["katotth"][:6]
        geom = shapely.make_valid(item["geometry"].intersection(land))
        overlapping = [g for g in kept if shapely.intersects(g, geom)]
        if overlapping:
            geom = shapely.difference(geom, shapely.union_all(overlapping))
        geom = polygons_only(shapely.make_valid(geom))
        if geom.is_empty:
            print(f"{iso}: {code} {item['name_uk']} has no land in the unit; left out", file=sys.stderr)
            continue
        kept.append(geom)
        pieces.append({"code": code, "raion": item["katotth"][:6], "unit": iso, "kind": kind,
                       "katotth": item["katotth"], "name_uk": item["name_uk"],
                       "name_en": english.get(code) or item["name_en"], "geometry": geom})
    gaps = polygons_only(shapely.make_valid(land.difference(shapely.union_all(kept))))
    unit_raions = [r for r in raions if r["katotth"][2:4] == prefix]
    tree = shapely.STRtree([p["geometry"] for p in pieces])
    extra: dict[int, list[shapely.Geometry]] = {}

    def neighbour(gap: shapely.Geometry, allowed=None) -> int:
        grown = gap.buffer(1e-5)
        found = [int(i) for i in tree.query(grown, predicate="intersects") if allowed is None or int(i) in allowed]
        if not found:
            found = [int(tree.nearest(gap))]
        return max(found, key=lambda i: (shapely.intersection(grown, pieces[i]["geometry"]).area,
                                         pieces[i]["code"]))

    named: list[dict] = []
    for gap in sorted(shapely.get_parts(gaps), key=lambda g: (-g.area, g.centroid.x, g.centroid.y)):
        if kind == "raion" or km2(gap) < GAP_MERGE_KM2:
            extra.setdefault(neighbour(gap), []).append(gap)
            continue
        raion = max(unit_raions, key=lambda r: shapely.intersection(r["geometry"], gap).area)["katotth"][:6]
        used = {p["code"] for p in pieces + named}
        missing = [c for c in KNOWN_MISSING if c.startswith(raion) and c not in used]
        if missing:
            code, (uk, en) = missing[0], KNOWN_MISSING[missing[0]]
        elif raion in NAMED_GAPS and raion + "-gap" not in used:
            code, (uk, en) = raion + "-gap", NAMED_GAPS[raion]
        else:
            same = {i for i, p in enumerate(pieces) if p["raion"] == raion}
            best = neighbour(gap, same or None)
            print(f"{iso}: {km2(gap):.1f} km² gap joined to {pieces[best]['code']}", file=sys.stderr)
            extra.setdefault(best, []).append(gap)
            continue
        print(f"{iso}: {km2(gap):.1f} km² gap named {code} {en}", file=sys.stderr)
        named.append({"code": code, "raion": raion, "unit": iso, "kind": "gap", "katotth": "",
                      "name_uk": uk, "name_en": en, "geometry": gap})
    for index, more in extra.items():
        pieces[index]["geometry"] = polygons_only(shapely.make_valid(
            shapely.union_all([pieces[index]["geometry"], *more])))
    pieces += named
    return pieces


def raion_names(raions: list[dict], english: dict[str, str]) -> dict[str, tuple[str, str]]:
    names = {r["katotth"][:6]: (r["name_uk"], english.get(r["katotth"][:6]) or r["name_en"]) for r in raions}
    names.update({code: (uk, en) for code, uk, en in WHOLE_UNITS.values()})
    return names


def coverage(pieces: list[dict], tolerance: float, digits: int) -> list[shapely.Geometry]:
    geoms = shapely.coverage_simplify([p["geometry"] for p in pieces], tolerance, simplify_boundary=False)
    out = []
    for geom in geoms:
        rounded = shapely.set_precision(polygons_only(shapely.make_valid(geom)), 10 ** -digits)
        out.append(polygons_only(rounded))
    return out


def feature_collection(pieces: list[dict], geoms: list[shapely.Geometry], rnames: dict, digits: int) -> bytes:
    features = []
    for piece, geom in zip(pieces, geoms, strict=True):
        ruk, ren = rnames.get(piece["raion"], ("", ""))
        props = {k: piece[k] for k in ("code", "katotth", "kind", "unit", "raion", "name_uk", "name_en")}
        props.update({"raion_name_uk": ruk, "raion_name_en": ren, "area_km2": round(km2(geom), 2)})
        geometry = json.loads(shapely.to_geojson(geom, indent=None))
        features.append({"type": "Feature", "properties": props, "geometry": geometry})
    collection = {"type": "FeatureCollection",
                  "source": f"{SOURCE_REPO}@{SOURCE_COMMIT} (© OpenStreetMap contributors, ODbL 1.0)",
                  "features": features}
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    return re.sub(r"(\d\.\d{" + str(digits) + r"})\d+", r"\1", text).encode("utf-8")


def write(path: Path, data: bytes) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", type=Path, required=True, help="git directory of darmat1/ukraine-geo-data")
    parser.add_argument("--names", type=Path, required=True, help="git directory of alexandreannic/infoportal-common")
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    raions, hromadas = read_source(args.repo)
    english = read_english_names(args.names)
    units = load_units()
    pieces: list[dict] = []
    for iso in sorted(units):
        pieces += unit_pieces(iso, units[iso], raions, hromadas, english)
        print(f"{iso}: {len(pieces)} pieces so far", file=sys.stderr, flush=True)
    pieces.sort(key=lambda p: (p["unit"], p["code"]))
    rnames = raion_names(raions, english)
    for digits, tolerance, name in ((FULL_PRECISION, FULL_TOLERANCE_DEG, "subunits.geojson"),
                                    (WEB_PRECISION, WEB_TOLERANCE_DEG, "subunits_web.geojson")):
        geoms = coverage(pieces, tolerance, digits)
        write(args.out / name, feature_collection(pieces, geoms, rnames, digits))
    print(f"{len(pieces)} hromadas and gaps in {len(rnames)} raions", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
