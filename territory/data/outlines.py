"""The daily outlines of DeepState's occupied and grey areas: ``series/outlines/YYYY/YYYY-MM-DD.geojson.gz``.

Each file is a gzip-compressed GeoJSON FeatureCollection (simplified to 200 m, or more where a day's outline
would exceed 40 KB: ``simplified_m`` says how much; coordinates on a 0.001° grid) with one feature per kind present (``properties.kind``: ``occupied`` or ``grey``) and top-level
``date``, ``source_file`` and ``credit``. Gzip headers carry no time, so rebuilding gives the same bytes.
Lookups are cheap: the index of days and the last files read are cached per folder.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

from territory.base.atomic import write_bytes_atomic
from territory.base.crs import EQUAL_AREA_CRS
from territory.base.paths import display_path
from territory.base.problems import Problem

OUTLINES_DIRNAME = "outlines"
MAX_OUTLINE_BYTES = 40_000  # uncompressed GeoJSON sent to the browser for one day
MAX_COMPRESSED_BYTES = 200_000
KINDS = ("occupied", "grey")
_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})\.geojson\.gz$")


def outlines_dir(series_directory: Path) -> Path:
    return Path(series_directory) / OUTLINES_DIRNAME


def outline_path(series_directory: Path, day: dt.date) -> Path:
    return outlines_dir(series_directory) / f"{day.year}" / f"{day.isoformat()}.geojson.gz"


#: Tolerances (metres) tried in turn until a day's outline fits MAX_OUTLINE_BYTES.
FIT_TOLERANCES_M = (200, 250, 300, 400, 500, 700, 1000, 1500, 2000)


def outline_text(outline: dict) -> str:
    return json.dumps(outline, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def fit_outline(outline: dict) -> dict:
    """The outline, simplified further (in the equal-area projection) until its GeoJSON fits
    MAX_OUTLINE_BYTES; ``simplified_m`` records the tolerance used. Deterministic."""
    if len(outline_text({**outline, "simplified_m": FIT_TOLERANCES_M[0]}).encode("utf-8")) <= MAX_OUTLINE_BYTES:
        return {**outline, "simplified_m": FIT_TOLERANCES_M[0]}
    import numpy as np
    import shapely
    from pyproj import Transformer
    from shapely.geometry import shape


    to_map = Transformer.from_crs("EPSG:4326", EQUAL_AREA_CRS, always_xy=True)
    back = Transformer.from_crs(EQUAL_AREA_CRS, "EPSG:4326", always_xy=True)
    projected = [(f, shapely.transform(shape(f["geometry"]), lambda xy: np.column_stack(
        to_map.transform(xy[:, 0], xy[:, 1])))) for f in outline["features"]]
    for tolerance in FIT_TOLERANCES_M[1:]:
        features = []
        for feature, geometry in projected:
            simple = shapely.transform(geometry.simplify(tolerance), lambda xy: np.column_stack(
                back.transform(xy[:, 0], xy[:, 1])))
            grid = shapely.set_precision(shapely.make_valid(simple), 0.001)
            parts = [p for p in shapely.get_parts(grid) if p.geom_type == "Polygon" and not p.is_empty]
            if parts:
                features.append({**feature, "geometry": json.loads(shapely.to_geojson(shapely.MultiPolygon(parts)))})
        fitted = {**outline, "features": features, "simplified_m": tolerance}
        if len(outline_text(fitted).encode("utf-8")) <= MAX_OUTLINE_BYTES:
            return fitted
    return fitted


def encode_outline(outline: dict) -> bytes:
    """Deterministic bytes of an outline: compact JSON, gzip without a time stamp or file name."""
    return gzip.compress(outline_text(outline).encode("utf-8"), compresslevel=9, mtime=0)


def write_outline(series_directory: Path, outline: dict, overwrite: bool = False) -> Path:
    day = dt.date.fromisoformat(outline["date"])
    path = outline_path(series_directory, day)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(path, encode_outline(fit_outline(outline)), overwrite=overwrite)
    return path


@lru_cache(maxsize=8)
def _index(directory: str, _stamp: float) -> tuple[dt.date, ...]:
    days = []
    for path in Path(directory).glob("*/*.geojson.gz"):
        match = _NAME.match(path.name)
        if match:
            days.append(dt.date.fromisoformat(match.group(1)))
    return tuple(sorted(days))


def _stamp(directory: Path) -> float:
    """Changes when a year folder gains or loses a file (so the cached index stays true)."""
    try:
        return max([directory.stat().st_mtime] + [p.stat().st_mtime for p in directory.iterdir()])
    except OSError:
        return 0.0


def outline_days(series_directory: Path) -> tuple[dt.date, ...]:
    """Every day with an outline, in order."""
    directory = outlines_dir(series_directory)
    return _index(str(directory), _stamp(directory))


@lru_cache(maxsize=64)
def _text(path: str) -> str | None:
    try:
        return gzip.decompress(Path(path).read_bytes()).decode("utf-8")
    except (OSError, EOFError, gzip.BadGzipFile, UnicodeDecodeError):
        return None


def outline_for(day: dt.date, series_directory: Path, on_or_before: bool = False) -> dict | None:
    """The outline GeoJSON (a new dict each call) of ``day``; None if there is none.

    Parameters
    ----------
    day
        The day asked for.
    series_directory
        The series folder (``territory.data.series.series_dir(root)``).
    on_or_before
        If there is no outline for ``day``, give the latest earlier one (its ``date`` says which).
    """
    path = outline_path(series_directory, day)
    if on_or_before and not path.exists():
        earlier = [d for d in outline_days(series_directory) if d <= day]
        if not earlier:
            return None
        path = outline_path(series_directory, earlier[-1])
    text = _text(str(path))
    return None if text is None else json.loads(text)


def check_outline_file(path: Path) -> list[Problem]:
    """An outline file must decompress, parse, name its own date and stay within the size budget."""
    label = display_path(path)
    match = _NAME.match(path.name)
    if not match:
        return [Problem(label, 0, "outline files are named YYYY-MM-DD.geojson.gz")]
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return [Problem(label, 0, f"not a gzip-compressed GeoJSON file: {str(exc)[:100]}")]
    if len(raw) > MAX_COMPRESSED_BYTES:
        return [Problem(label, 0, f"file is {len(raw):,} bytes; the limit is {MAX_COMPRESSED_BYTES:,}")]
    return [Problem(label, 0, message) for message in _outline_messages(match.group(1), raw)]


_CHECKED: dict[tuple[str, bytes], tuple[str, ...]] = {}


def _outline_messages(date_text: str, raw: bytes) -> tuple[str, ...]:
    """The problems of an outline's bytes. They depend on the name's date and the bytes only, so a process that
    checks the same files again (``series update`` then ``validate``, a copied data root) parses each once."""
    key = (date_text, hashlib.blake2b(raw, digest_size=16).digest())
    if key not in _CHECKED:
        if len(_CHECKED) >= 8192:
            _CHECKED.clear()
        _CHECKED[key] = tuple(_parse_problems(date_text, raw))
    return _CHECKED[key]


def _parse_problems(date_text: str, raw: bytes) -> list[str]:
    try:
        text = gzip.decompress(raw).decode("utf-8")
        data = json.loads(text)
    except (EOFError, gzip.BadGzipFile, UnicodeDecodeError, json.JSONDecodeError, OSError) as exc:
        return [f"not a gzip-compressed GeoJSON file: {str(exc)[:100]}"]
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        return ["not a GeoJSON FeatureCollection"]
    problems = []
    if data.get("date") != date_text:
        problems.append(f"date {str(data.get('date'))[:20]!r} differs from the file name")
    if len(text.encode("utf-8")) > MAX_OUTLINE_BYTES:
        problems.append(f"outline is {len(text):,} bytes; the limit is {MAX_OUTLINE_BYTES:,}")
    for feature in data.get("features") or []:
        kind = (feature.get("properties") or {}).get("kind") if isinstance(feature, dict) else None
        if kind not in KINDS:
            problems.append(f"feature kind {str(kind)[:20]!r} is not occupied or grey")
    return problems
