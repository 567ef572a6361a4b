"""Reading control-area map files with bounded work: each file is opened only as what its name claims.

* The format comes from the extension (``.geojson``/``.json``, ``.kml``, ``.kmz``, ``.gpkg``) and the content
  must match it before any parser sees it: a ``.kml`` must be XML whose root element is ``kml`` (no DOCTYPE,
  so no entities), a ``.gpkg`` must be an SQLite file marked as a GeoPackage. Anything else, a GDAL VRT
  wrapper in particular, is refused whatever its name.
* GDAL reads only bytes already in memory (``/vsimem``), never a path or a connection string, with its network
  and external-access options switched off; its warnings become notes instead of stderr lines.
* Limits are checked while reading: the file size before reading, the size of a KMZ member before inflating
  it (and again while inflating), the number of features and vertices while parsing.
"""

from __future__ import annotations

import json
import os
import re
import stat
import struct
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

from territory.base.problems import DataError, Problem

#: What each extension is read as.
FORMATS = {".geojson": "GeoJSON", ".json": "GeoJSON", ".kml": "KML", ".kmz": "KMZ", ".gpkg": "GeoPackage"}
#: A KMZ (zip) with more members than this is refused before its directory is read.
MAX_KMZ_MEMBERS = 1_000
#: Numbers in a GeoJSON property or coordinate longer than this many digits are kept as text.
MAX_NUMBER_DIGITS = 100

#: GDAL configuration that keeps a file from reaching the network or other files (set before every read).
GDAL_SAFE_OPTIONS = {
    "CPL_VSIL_CURL_ALLOWED_FILENAME": "/network-access-is-disabled",  # /vsicurl/ may open only this name
    "CPL_VSIL_CURL_ALLOWED_EXTENSIONS": ".network-access-is-disabled",
    "GDAL_ALLOW_REMOTE_RESOURCE_TO_ACCESS_LOCAL_FILE": "NO",
    "OGR_SQLITE_ALLOW_EXTERNAL_ACCESS": "NO",  # no VirtualOGR tables inside a GeoPackage
    "CPL_ALLOW_VSISTDIN": "NO",
    "GDAL_DISABLE_READDIR_ON_OPEN": "EMPTY_DIR",
    "GDAL_HTTP_MAX_RETRY": "0",
    "GDAL_HTTP_TIMEOUT": "1",
}
# Drivers GDAL must never register in a process that reads maps (only effective before GDAL is loaded).
os.environ.setdefault("OGR_SKIP", "OGR_VRT")

_XML_PROLOGUE = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*", re.S)
_KML_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?kml[\s>/]")
_PLACEMARK = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?Placemark[\s>/]")
_COORDINATES = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?coordinates(?:\s[^>]*)?>([^<]*)<")
_SQLITE_MAGIC = b"SQLite format 3\x00"
_GPKG_APPLICATION_IDS = (b"GPKG", b"GP10", b"GP11")


@dataclass(frozen=True)
class Limits:
    """Work allowed for one map file."""

    file_bytes: int
    features: int
    vertices: int


@dataclass
class RawMap:
    """Features (GeoJSON-like dicts) of a map file, its declared CRS and what the reader noticed."""

    features: list[dict]
    crs_name: str | None
    notes: list[str]


def refuse(label: str, message: str, line: int = 0) -> DataError:
    return DataError([Problem(label, line, message)])


def format_of(name: str) -> str | None:
    """The format a file name claims (None for an extension this reader does not open)."""
    return FORMATS.get(Path(name).suffix.lower())


def read_file_bytes(path: Path, label: str, limit: int) -> bytes:
    """A regular file's bytes, refused before reading if it is larger than ``limit`` (never blocks on a FIFO)."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise refuse(label, f"cannot read file: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise refuse(label, "not a regular file")
    if info.st_size > limit:
        raise refuse(label, f"file is {info.st_size:,} bytes; the limit is {limit:,} bytes")
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise refuse(label, f"cannot read file: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise refuse(label, f"file is over {limit:,} bytes; the limit is {limit:,} bytes")
    return data


def read_map(data: bytes, kind: str, label: str, limits: Limits) -> RawMap:
    """Parse a map file's bytes as ``kind`` (a value of FORMATS) within ``limits``; DataError if refused."""
    if len(data) > limits.file_bytes:
        raise refuse(label, f"file is {len(data):,} bytes; the limit is {limits.file_bytes:,} bytes")
    if not data.strip():
        raise refuse(label, "file is empty")
    if kind == "GeoJSON":
        return geojson_features(data, label, limits)
    if kind == "KMZ":
        data = kml_from_kmz(data, label, limits.file_bytes)
        kind = "KML"
    if kind == "KML":
        check_kml(data, label, limits)
    elif kind == "GeoPackage":
        check_geopackage(data, label)
    else:
        raise refuse(label, f"unsupported format {kind!r}")
    return gdal_features(data, label, limits)


# --- GeoJSON ----------------------------------------------------------------------------------------------

class _Counter:
    """Counts numbers and features while ``json.loads`` builds them, and stops it past the limits."""

    def __init__(self, label: str, limits: Limits):
        self.label, self.limits = label, limits
        self.numbers = 0
        self.features = 0

    def number(self, text: str):
        self.numbers += 1
        # a vertex is 2 or 3 numbers, plus some for each feature's properties; the exact vertex count is
        # checked again on the geometries
        if self.numbers > 3 * self.limits.vertices + 20 * self.features + 1_000:
            raise refuse(self.label, f"more than {self.limits.vertices:,} vertices; "
                                     f"the limit is {self.limits.vertices:,}")
        if len(text) > MAX_NUMBER_DIGITS:
            return text  # kept as text: a property can hold it, a coordinate cannot
        return float(text) if any(c in text for c in ".eE") else int(text)

    def obj(self, pairs: list):
        if ("type", "Feature") in pairs:
            self.features += 1
            if self.features > self.limits.features:
                raise refuse(self.label, f"more than {self.limits.features:,} features; "
                                         f"the limit is {self.limits.features:,}")
        return dict(pairs)


def geojson_features(data: bytes, label: str, limits: Limits) -> RawMap:
    counter = _Counter(label, limits)
    try:
        doc = json.loads(data.decode("utf-8-sig"), parse_float=counter.number, parse_int=counter.number,
                         object_pairs_hook=counter.obj)
    except UnicodeDecodeError:
        raise refuse(label, "not UTF-8 text; a GeoJSON file is expected") from None
    except json.JSONDecodeError as exc:
        raise refuse(label, f"not valid JSON: {exc.msg}", exc.lineno) from None
    except RecursionError:
        raise refuse(label, "JSON nesting is too deep") from None
    if not isinstance(doc, dict):
        raise refuse(label, "not a GeoJSON object")
    crs_name = None
    crs = doc.get("crs")
    if isinstance(crs, dict) and isinstance(crs.get("properties"), dict):
        name = crs["properties"].get("name")
        crs_name = name if isinstance(name, str) else None
    kind = doc.get("type")
    if kind == "FeatureCollection":
        features = doc.get("features")
        if not isinstance(features, list):
            raise refuse(label, "FeatureCollection without a 'features' list")
    elif kind == "Feature":
        features = [doc]
    elif kind in ("Polygon", "MultiPolygon", "GeometryCollection", "Point", "LineString", "MultiPoint",
                  "MultiLineString"):
        features = [{"type": "Feature", "properties": {}, "geometry": doc}]
    else:
        raise refuse(label, f"not GeoJSON: type {str(kind)[:40]!r}")
    if len(features) > limits.features:
        raise refuse(label, f"{len(features):,} features; the limit is {limits.features:,}")
    return RawMap(features, crs_name, [])


# --- KML, KMZ, GeoPackage: verified, then read by GDAL from memory ----------------------------------------

def kml_from_kmz(data: bytes, label: str, limit: int) -> bytes:
    """The KML inside a KMZ, its size checked before and while inflating."""
    members = _zip_member_count(data)
    if members is None:
        raise refuse(label, "not a valid KMZ (zip) file")
    if members > MAX_KMZ_MEMBERS:
        raise refuse(label, f"the KMZ holds {members:,} files; the limit is {MAX_KMZ_MEMBERS:,}")
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            kml = [i for i in zf.infolist() if i.filename.lower().endswith(".kml") and not i.is_dir()]
            if not kml:
                raise refuse(label, "the KMZ holds no .kml file")
            info = next((i for i in kml if i.filename.lower() == "doc.kml"), kml[0])
            if info.file_size > limit:
                raise refuse(label, f"{info.filename[:80]} inflates to {info.file_size:,} bytes; "
                                    f"the limit is {limit:,} bytes")
            with zf.open(info) as member:
                inflated = member.read(limit + 1)  # zipfile also stops at the declared size and checks the CRC
    except DataError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError) as exc:
        raise refuse(label, f"not a valid KMZ (zip) file: {str(exc)[:120]}") from None
    if len(inflated) > limit:
        raise refuse(label, f"the KML inflates to more than {limit:,} bytes; the limit is {limit:,} bytes")
    return inflated


def _zip_member_count(data: bytes) -> int | None:
    """Entries declared in a zip's end-of-central-directory record (read before the directory itself)."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or len(data) < end + 22:
        return None
    entries = struct.unpack_from("<H", data, end + 10)[0]
    if entries == 0xFFFF:  # zip64: the real count is elsewhere; be conservative
        return MAX_KMZ_MEMBERS + 1
    return entries


def check_kml(data: bytes, label: str, limits: Limits) -> None:
    """Refuse what is not plain KML, and count placemarks and coordinate tuples before GDAL parses it."""
    prologue = _XML_PROLOGUE.match(data)
    start = prologue.end() if prologue else 0
    if data[start:start + 9].upper() == b"<!DOCTYPE":
        raise refuse(label, "KML with a DOCTYPE (entities) is not accepted")
    if not _KML_ROOT.match(data, start):
        raise refuse(label, "not a KML file: the root element is not <kml> (is it another format renamed?)")
    placemarks = sum(1 for _ in _PLACEMARK.finditer(data))
    if placemarks > limits.features:
        raise refuse(label, f"{placemarks:,} placemarks; the limit is {limits.features:,} features")
    vertices = 0
    for match in _COORDINATES.finditer(data):
        block = match.group(1).strip()
        if block:
            vertices += re.subn(rb"\s+", b"", block)[1] + 1
            if vertices > limits.vertices:
                raise refuse(label, f"more than {limits.vertices:,} vertices; "
                                    f"the limit is {limits.vertices:,}")


def check_geopackage(data: bytes, label: str) -> None:
    if not data.startswith(_SQLITE_MAGIC) or data[68:72] not in _GPKG_APPLICATION_IDS:
        raise refuse(label, "not a GeoPackage (an SQLite file with the GeoPackage application id is expected)")


def _pyogrio():
    try:
        import pyogrio
    except ImportError:  # pragma: no cover
        raise RuntimeError("reading this format needs pyogrio (GDAL)") from None
    pyogrio.set_gdal_config_options(GDAL_SAFE_OPTIONS)
    return pyogrio


def gdal_features(data: bytes, label: str, limits: Limits) -> RawMap:
    """Features of verified KML or GeoPackage bytes, read by GDAL from memory (first layer with geometries)."""
    try:
        pyogrio = _pyogrio()
    except RuntimeError as exc:
        raise refuse(label, str(exc)) from None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            layers = list(pyogrio.list_layers(data))
            # by index: a layer read from memory may be named after a temporary file name
            spatial = [index for index, (_, geom) in enumerate(layers) if geom not in (None, "None", "")]
            if not spatial:
                raise refuse(label, "no layer with geometries (only attribute tables?); a polygon layer is expected")
            frame = pyogrio.read_dataframe(data, layer=spatial[0], max_features=limits.features + 1)
        except DataError:
            raise
        except MemoryError:
            raise
        except Exception as exc:  # GDAL raises many types; report them all as one clear message
            raise refuse(label, f"cannot read the file with GDAL: {str(exc)[:200]}") from None
    notes = [f"GDAL: {str(w.message)[:200]}" for w in caught[:20]]
    if "geometry" not in getattr(frame, "columns", ()):
        raise refuse(label, "no layer with geometries (only attribute tables?); a polygon layer is expected")
    if len(frame) > limits.features:
        raise refuse(label, f"more than {limits.features:,} features; the limit is {limits.features:,}")
    crs = frame.crs.to_string() if getattr(frame, "crs", None) is not None else None
    features = [{"type": "Feature", "properties": props, "geometry": geom}  # shapely geometries, not dicts
                for props, geom in zip(frame.drop(columns="geometry").to_dict("records"), frame.geometry,
                                       strict=True)]
    return RawMap(features, crs, notes)
