"""The registry of export formats: each format's MIME type, the formats of each kind of export, image widths.

Here, apart from the writers (``exports``), so that what draws (``render``) and what offers (the command
line, the app) can know the formats without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass

from territory.base.i18n import N_


@dataclass(frozen=True)
class ExportFormat:
    """A format: its name (the file ending), MIME type, what it is, and the label of its download button (marked
    for translation; image formats are offered by one button per kind, see IMAGE_LABELS)."""

    name: str
    mime: str
    description: str
    label: str = ""

    @property
    def name_shown(self) -> str:
        """The format's name as people write it: CSV, GeoJSON, Parquet."""
        return {"geojson": "GeoJSON", "parquet": "Parquet"}.get(self.name, self.name.upper())


FORMATS: dict[str, ExportFormat] = {f.name: f for f in (
    ExportFormat("png", "image/png", "PNG image"),
    ExportFormat("svg", "image/svg+xml", "SVG vector image"),
    ExportFormat("pdf", "application/pdf", "PDF document"),
    ExportFormat("gif", "image/gif", "animated GIF"),
    ExportFormat("html", "text/html", "interactive map (HTML)", N_("Interactive map (HTML)")),
    ExportFormat("csv", "text/csv", "data (CSV)", N_("Data (CSV)")),
    ExportFormat("geojson", "application/geo+json", "data (GeoJSON)", N_("Data (GeoJSON)")),
    ExportFormat("parquet", "application/vnd.apache.parquet", "data (Parquet)", N_("Data (Parquet)")),
)}
IMAGE_FORMATS = ("png", "svg", "pdf")
#: Image widths in pixels (PNG); here rather than in render.py so that offering them needs no matplotlib.
WIDTHS = (1200, 1600, 2400)
DEFAULT_WIDTH = 1600
TABLE_FORMATS = ("csv", "geojson")
#: The label of a kind's image button ({format}: the chosen image format).
IMAGE_LABELS = {"view": N_("Map ({format})"), "comparison": N_("Maps ({format})"), "scenario": N_("Plan maps ({format})"),
                "nato": N_("NATO map ({format})"), "changes": N_("Chart ({format})"), "places": N_("Map ({format})")}
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
    "places": IMAGE_FORMATS + ("csv",),
    "settlements": ("csv",),
}
_KIND_WORDS = {"view": "", "comparison": " for a comparison", "scenario": " for a scenario",
               "nato": " for the NATO map", "timelapse": " for a timelapse", "changes": " for changes by period",
               "series": " for the daily series", "flows": " for the daily changes",
               "places": " for raions and hromadas", "settlements": " for the settlements that changed hands"}


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
