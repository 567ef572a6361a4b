"""From control-area polygons to per-unit shares: a true overlay in the equal-area projection.

Never assigns whole polygons to a unit by their centre. The control polygons (all features, or those
matching a property filter) are repaired, unioned, projected to the Lambert azimuthal equal-area projection
centred on Ukraine and intersected with each full-resolution unit.

**Sliver tolerance.** Coastlines and borders of any source differ from Natural Earth's by up to about a
kilometre. So, per unit: if what the control area leaves uncovered is nowhere thicker than
``2 × SLIVER_TOLERANCE_M`` (it vanishes when eroded by ``SLIVER_TOLERANCE_M``), the unit counts as 100 %;
if what it covers is nowhere thicker than that, the unit counts as 0 %. Everything else is the raw overlay.
"""

from __future__ import annotations

import datetime as dt
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import shapely
from pyproj import CRS, Transformer
from shapely.geometry import shape

from territory.base import palette
from territory.base.crs import EQUAL_AREA_CRS
from territory.base.filedates import map_day_from_name
from territory.base.problems import DataError, Problem
from territory.build.geomcheck import coordinates_in_range, count_crossings
from territory.build.mapfiles import FORMATS, Limits, format_of, read_file_bytes, read_map
from territory.data.geodata import load_units, projected_unit_geometries
from territory.data.snapshots import Snapshot, UnitFigure

SLIVER_TOLERANCE_M = 1_000.0
EROSION_SPECK_M2 = 10_000.0
#: The projected control area is simplified to this tolerance (metres) before the overlay.
SIMPLIFY_M = 10.0
MAX_FILE_BYTES = 50_000_000
MAX_FEATURES = 20_000
MAX_VERTICES = 1_000_000
#: Polygon rings (outer rings and holes) in one file.
MAX_RINGS = 100_000
#: An invalid polygon crossing itself at more points than this is refused rather than repaired.
MAX_CROSSINGS = 10_000
#: No coordinate system has coordinates this large; beyond it a number is nonsense (or overflows areas).
MAX_COORDINATE = 1e9
MIN_SHARE_INSIDE_UKRAINE = 0.5
SOURCE_ID = "derived-overlay"


@dataclass
class ControlArea:
    """The union of the selected control polygons, projected, with what the reader noticed."""

    geometry: shapely.Geometry  # in EQUAL_AREA_CRS
    label: str
    features_used: int
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class UnitShare:
    iso: str
    name: str
    controlled_km2: float
    area_km2: float
    share_pct: float
    raw_pct: float


@dataclass
class Derived:
    date: dt.date
    label: str
    shares: list[UnitShare]
    notes: list[str]

    @property
    def total_km2(self) -> float:
        return sum(s.controlled_km2 for s in self.shares)

    def snapshot(self, source_id: str = SOURCE_ID, note: str = "") -> Snapshot:
        figures = {s.iso: UnitFigure(s.iso, round(s.share_pct, 2), None, None, "estimate", (source_id,), note)
                   for s in self.shares}
        return Snapshot(self.date, figures, self.label)


# --- reading ----------------------------------------------------------------------------------------------

def _problem(label: str, message: str, line: int = 0) -> DataError:
    return DataError([Problem(label, line, message)])


def _limits() -> Limits:
    return Limits(MAX_FILE_BYTES, MAX_FEATURES, MAX_VERTICES)


def _matches(props: dict, filters: dict[str, str]) -> bool:
    return all(str(props.get(k, "")).strip().casefold() == v.strip().casefold() for k, v in filters.items())


def read_control_area(path: Path, filters: dict[str, str] | None = None, data: bytes | None = None,
                      label: str | None = None) -> ControlArea:
    """Read, check, repair, filter and union a control-area file. Raises DataError with a clear message.

    ``data`` (an upload) is always read as GeoJSON; a path is read as the format its extension names.
    Every limit of the module is checked while reading, before the expensive steps.
    """
    label = label or str(path)
    filters = filters or {}
    kind: str | None
    if data is not None:
        kind = "GeoJSON"
    else:
        kind = format_of(path.name)
        if kind is None:
            raise _problem(label, f"unsupported file type {path.suffix[:20]!r}; expected "
                                  f"{', '.join(sorted(FORMATS))}")
        data = read_file_bytes(path, label, MAX_FILE_BYTES)
    raw = read_map(data, kind, label, _limits())
    del data
    return _build_area(raw.features, raw.crs_name, filters, label, raw.notes)


def area_from_features(features: list, label: str, crs_name: str | None = None) -> ControlArea:
    """Repair, union and project the polygons of already parsed GeoJSON features; no polygon: an empty area.

    For the daily series: maps from DeepState's archives, repaired and projected exactly as when the shipped
    series was built (no simplification), so ``series build`` reproduces it byte for byte.
    """
    if not features:
        return ControlArea(shapely.Polygon(), label, 0, [])
    return _build_area(features, crs_name, {}, label, bounded=False)


def parse_geojson(data: bytes, label: str) -> tuple[list[dict], str | None]:
    """The features and declared CRS name of GeoJSON bytes (limits checked while reading); DataError if not."""
    if len(data) > MAX_FILE_BYTES:
        raise _problem(label, f"file is {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,} bytes")
    raw = read_map(data, "GeoJSON", label, _limits())
    return raw.features, raw.crs_name


def _geometry(raw, index: int, label: str):
    if isinstance(raw, shapely.Geometry):
        geom = raw
    else:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # NaN coordinates: refused just below
                geom = shape(raw)
        except Exception:  # shapely raises several types for malformed coordinates
            raise _problem(label, f"feature {index + 1}: malformed geometry") from None
    if not geom.is_empty and not coordinates_in_range(geom, MAX_COORDINATE):
        raise _problem(label, f"feature {index + 1}: coordinates out of range (not finite or beyond "
                              f"±{MAX_COORDINATE:,.0f})")
    return geom


def _repair(geom, index: int, label: str, notes: list[str]):
    """A valid version of an invalid geometry, or a refusal if repairing it would cost too much."""
    reason = shapely.is_valid_reason(geom)[:80]
    crossings = count_crossings(geom, MAX_CROSSINGS)
    if crossings > MAX_CROSSINGS:
        raise _problem(label, f"feature {index + 1}: the polygon crosses itself at more than {MAX_CROSSINGS:,} "
                              f"points ({reason}); repair it in a GIS first (e.g. QGIS 'Fix geometries')")
    notes.append(f"feature {index + 1}: invalid geometry ({reason}) repaired with make_valid")
    return shapely.make_valid(geom, method="structure", keep_collapsed=False)


def _build_area(features: list, crs_name: str | None, filters: dict[str, str], label: str,
                notes: list[str] | None = None, bounded: bool = True) -> ControlArea:
    """``bounded`` (uploads and ``derive``): repairs refused past MAX_CROSSINGS and the projected area
    simplified to SIMPLIFY_M, so no file can make the work unbounded. Unbounded: the series' archive maps."""
    notes = list(notes or [])
    polygons = []
    empty_polygons = 0
    kinds: set[str] = set()
    vertices = 0
    rings = 0
    selected = 0
    for index, feature in enumerate(features):
        if not isinstance(feature, dict):
            raise _problem(label, f"feature {index + 1} is not an object")
        props = feature.get("properties") or {}
        if not isinstance(props, dict):
            props = {}
        if filters and not _matches(props, filters):
            continue
        selected += 1
        raw = feature.get("geometry")
        if raw is None or not isinstance(raw, shapely.Geometry) and not raw:
            continue
        geom = _geometry(raw, index, label)
        if geom.is_empty:
            empty_polygons += geom.geom_type in ("Polygon", "MultiPolygon")
            continue
        geom = shapely.force_2d(geom)
        vertices += int(shapely.get_num_coordinates(geom))
        if vertices > MAX_VERTICES:
            raise _problem(label, f"more than {MAX_VERTICES:,} vertices; the limit is {MAX_VERTICES:,}")
        rings += int(shapely.get_rings(shapely.get_parts(geom)).size)
        if rings > MAX_RINGS:
            raise _problem(label, f"more than {MAX_RINGS:,} polygon rings; the limit is {MAX_RINGS:,}")
        kinds.add(geom.geom_type)
        if not geom.is_valid:
            geom = _repair(geom, index, label, notes) if bounded else shapely.make_valid(geom)
        polygons += _explode_polygons(geom)
    if filters and selected == 0:
        raise _problem(label, f"no feature matches the filter {', '.join(f'{k}={v}' for k, v in filters.items())}")
    if not polygons:
        if kinds - {"Polygon", "MultiPolygon", "GeometryCollection"}:
            raise _problem(label, f"not a polygon layer: found {', '.join(sorted(kinds))}; control areas must be polygons")
        if empty_polygons:
            notes.append("every polygon is empty: no area under control")
            return ControlArea(shapely.Polygon(), label, selected or len(features), notes)
        raise _problem(label, "no polygon in the file (no features with a polygon geometry)")
    union = shapely.union_all(polygons)
    projected = _project(union, crs_name, label, simplify=bounded)
    notes.append(f"{len(polygons)} polygon(s) from {selected or len(features)} feature(s) unioned")
    return ControlArea(projected, label, selected or len(features), notes)


def _explode_polygons(geom) -> list:
    out = []
    for part in shapely.get_parts(geom):
        if part.geom_type == "Polygon":
            out.append(part)
        elif part.geom_type in ("MultiPolygon", "GeometryCollection"):
            out += _explode_polygons(part)
    return out


@lru_cache(maxsize=8)
def _to_equal_area(source_crs: CRS) -> Transformer:
    return Transformer.from_crs(source_crs, EQUAL_AREA_CRS, always_xy=True)


def _project(geom, crs_name: str | None, label: str, simplify: bool = True):
    minx, miny, maxx, maxy = geom.bounds
    looks_geographic = -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90
    source_crs = None
    if crs_name:
        try:
            source_crs = CRS.from_user_input(crs_name)
        except Exception:
            raise _problem(label, f"unknown coordinate reference system {str(crs_name)[:60]!r}") from None
    if source_crs is None:
        if not looks_geographic:
            raise _problem(label, "coordinates are not longitude/latitude (they look like projected metres) and "
                                  "the file declares no CRS; reproject to WGS84 or declare the CRS")
        source_crs = CRS.from_epsg(4326)
    transformer = _to_equal_area(source_crs)
    try:
        projected = shapely.transform(geom, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1])))
    except Exception:
        raise _problem(label, "coordinates cannot be projected") from None
    if not np.all(np.isfinite(shapely.get_coordinates(projected))):
        raise _problem(label, "coordinates fall outside the projection (not in Europe?)")
    # 10 m is far below the sliver tolerance and changes areas by about 0.01 %, but bounds the overlay's time:
    # a 200,000-vertex circle took 21 s to overlay, 257 vertices after simplifying take milliseconds
    return shapely.make_valid(shapely.simplify(projected, SIMPLIFY_M) if simplify else projected)


# --- overlay ----------------------------------------------------------------------------------------------

_PREPARED: dict | None = None


def _units():
    global _PREPARED
    if _PREPARED is None:
        gdf = projected_unit_geometries()
        geoms = list(gdf.geometry)
        for g in geoms:
            shapely.prepare(g)
        ukraine = shapely.union_all(geoms)
        _PREPARED = {"iso": list(gdf["iso"]), "geom": geoms, "area": [g.area for g in geoms], "ukraine": ukraine}
    return _PREPARED


def _thin(geom) -> bool:
    """True if the geometry has no part thicker than twice the tolerance."""
    if geom.is_empty:
        return True
    # Every point of a thin part lies within the tolerance of its boundary, so its area is at most
    # tolerance × perimeter: a larger area proves a thick part without the (slow) erosion.
    if geom.area > SLIVER_TOLERANCE_M * geom.length:
        return False
    # The coarse erosion leaves specks of a few hundred m² at sharp corners of detailed borders: not a thick part.
    return geom.buffer(-SLIVER_TOLERANCE_M, quad_segs=2).area < EROSION_SPECK_M2


def derive_shares(area: ControlArea, date: dt.date) -> Derived:
    """Per-unit km² and share of a control area, with the sliver rule applied (see module doc)."""
    units = _units()
    names = load_units()
    notes = list(area.notes)
    control = area.geometry
    shapely.prepare(control)
    inside = control.intersection(units["ukraine"]).area if not control.is_empty else 0.0
    if control.area > 0 and inside / control.area < MIN_SHARE_INSIDE_UKRAINE:
        raise _problem(area.label, f"only {100 * inside / control.area:.0f} % of the polygons lie inside Ukraine; "
                                   "is this a map of Ukraine, in longitude/latitude?")
    shares = []
    for iso, unit, unit_area in zip(units["iso"], units["geom"], units["area"], strict=True):
        if not control.intersects(unit):
            covered_area, raw = 0.0, 0.0
        else:
            covered = control.intersection(unit)
            covered_area = covered.area
            raw = covered_area / unit_area
            if raw > 0.5 and _thin(unit.difference(control)):
                if raw < 1:
                    notes.append(f"{iso}: {100 * raw:.2f} % rounded to 100 % (only slivers uncovered)")
                covered_area = unit_area
            elif raw <= 0.5 and _thin(covered):
                if raw > 0:
                    notes.append(f"{iso}: {100 * raw:.3f} % set to 0 % (only slivers covered)")
                covered_area = 0.0
        km2 = covered_area / 1e6
        shares.append(UnitShare(iso, names[iso].name_en, km2, unit_area / 1e6, 100 * (covered_area / unit_area),
                                100 * raw))
    return Derived(date, area.label, shares, notes)


def derive_file(path: Path, date: dt.date | None = None, filters: dict[str, str] | None = None) -> Derived:
    """Read a control-area file and derive its per-unit shares; the date comes from the argument or name."""
    date = date or map_day_from_name(path.name)
    if date is None:
        raise _problem(str(path), "no date: give --date YYYY-MM-DD or put the date in the file name "
                                  "(e.g. map_20250528.geojson)")
    return derive_shares(read_control_area(path, filters), date)


def snapshot_csv(derived: Derived, source_id: str) -> bytes:
    """The derived shares as a snapshot CSV (control_snapshots/ schema)."""
    lines = ["unit,controlled_pct,low_pct,high_pct,kind,sources,note"]
    for s in derived.shares:
        lines.append(f"{s.iso},{s.share_pct:.2f},,,estimate,{source_id},")
    return ("\n".join(lines) + "\n").encode("utf-8")


def area_geojson(area: ControlArea, tolerance_m: float = 300.0) -> dict:
    """The control area back in longitude/latitude, simplified for drawing in the browser."""
    back = Transformer.from_crs(EQUAL_AREA_CRS, "EPSG:4326", always_xy=True)
    simple = area.geometry.simplify(tolerance_m)
    lonlat = shapely.transform(simple, lambda xy: np.column_stack(back.transform(xy[:, 0], xy[:, 1])))
    return {"type": "FeatureCollection", "features": [] if lonlat.is_empty else [
        {"type": "Feature", "properties": {"iso": "control", "fill": palette.CONTROL_AREA_FILL, "edge": palette.HIGHLIGHT_EDGE, "weight": 1.5,
                                           "dash": None, "opacity": 0.35, "tooltip": "uploaded control area"},
         "geometry": shapely.geometry.mapping(lonlat)}]}
