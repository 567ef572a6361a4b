"""The registry of export formats: each format's MIME type, the formats of each kind of export, image widths.

Here, apart from the writers (``exports``), so that what draws (``render``) and what offers (the command
line, the app) can know the formats without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExportFormat:
    name: str
    mime: str
    description: str


FORMATS: dict[str, ExportFormat] = {f.name: f for f in (
    ExportFormat("png", "image/png", "PNG image"),
    ExportFormat("svg", "image/svg+xml", "SVG vector image"),
    ExportFormat("pdf", "application/pdf", "PDF document"),
    ExportFormat("gif", "image/gif", "animated GIF"),
    ExportFormat("html", "text/html", "interactive map (HTML)"),
    ExportFormat("csv", "text/csv", "data (CSV)"),
    ExportFormat("geojson", "application/geo+json", "data (GeoJSON)"),
    ExportFormat("parquet", "application/vnd.apache.parquet", "data (Parquet)"),
)}
IMAGE_FORMATS = ("png", "svg", "pdf")
#: Image widths in pixels (PNG); here rather than in render.py so that offering them needs no matplotlib.
WIDTHS = (1200, 1600, 2400)
DEFAULT_WIDTH = 1600
TABLE_FORMATS = ("csv", "geojson")
#: The formats of each kind of export.
KIND_FORMATS: dict[str, tuple[str, ...]] = {
    "view": IMAGE_FORMATS + ("html",) + TABLE_FORMATS,
    "comparison": IMAGE_FORMATS + TABLE_FORMATS,
    "scenario": IMAGE_FORMATS + TABLE_FORMATS,
    "nato": IMAGE_FORMATS + ("csv",),
    "timelapse": ("gif",),
    "changes": IMAGE_FORMATS + ("csv",),
    "series": ("csv", "parquet"),
    "flows": ("csv", "parquet"),
}
_KIND_WORDS = {"view": "", "comparison": " for a comparison", "scenario": " for a scenario",
               "nato": " for the NATO map", "timelapse": " for a timelapse", "changes": " for changes by period",
               "series": " for the daily series", "flows": " for the daily changes"}


class ExportError(ValueError):
    """A request that names an unknown format (or another unknown value: see the command line)."""


def mime_type(fmt: str) -> str:
    return FORMATS[fmt].mime


def check_format(fmt: str, kind: str) -> str:
    """``fmt`` in lower case if ``kind`` can be exported in it; else ExportError naming the choices."""
    fmt = fmt.lower()
    allowed = KIND_FORMATS[kind]
    if fmt not in allowed:
        raise ExportError(f"unknown format {fmt!r}{_KIND_WORDS[kind]}; choose one of {', '.join(allowed)}")
    return fmt
