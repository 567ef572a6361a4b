"""What the browser needs to step and play the control map's date without asking the server (issue 26).

The browser holds every day's unit styles for the current filters (as runs: a unit's style changes on few days),
the days with their labels, which days have an outline file, and, in a file fetched once per language and data
version, every day's tooltips. Colours come from :mod:`territory.present.view` and :mod:`territory.base.palette`, words and
numbers from :mod:`territory.base.text` through the web map's own tooltip builder, so a day stepped to in the browser
shows exactly what the server would draw for it. Nothing here imports Streamlit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from territory.base import palette
from territory.base.i18n import gettext_for
from territory.base.text import date_label
from territory.data.demands import Demand
from territory.data.outlines import outline_days, outlines_dir
from territory.data.published import PublishedFigure, published_near
from territory.data.snapshots import Snapshot
from territory.data.sources import Source
from territory.present.view import ViewFilter, unit_styles
from territory.web import webmap
from territory.web.webmap import _tooltip_html

#: Folder of the app's ./static where the outline files are served from (one sub-folder per version).
OUTLINES_STATIC_DIR = "vendor/outlines"
#: Folder of the app's ./static where the tooltip files are written.
TOOLTIPS_STATIC_DIR = "vendor/timeline"


def days(snapshots: Sequence[Snapshot], lang: str = "en", outlined: Iterable[dt.date] = ()) -> dict:
    """The days of the timeline: ISO dates in order, their labels in ``lang`` and 1 where the day has an
    outline file (0 where not)."""
    with_outline = set(outlined)
    return {"days": [s.date.isoformat() for s in snapshots],
            "labels": [date_label(s.date, lang) for s in snapshots],
            "outline": [1 if s.date in with_outline else 0 for s in snapshots]}


def style_runs(snapshots: Sequence[Snapshot], view: ViewFilter, demand: Demand | None = None) -> dict:
    """Every day's style of every unit under the filters, compactly: ``styles`` is the list of distinct styles
    (fill, edge, weight, dash pattern or None, fill opacity, 1 if shown else 0) and ``runs`` gives, per unit,
    ``[day index, style index]`` for each day whose style differs from the day before (the first day always)."""
    table: dict[tuple, int] = {}
    runs: dict[str, list[list[int]]] = {}
    last: dict[str, int] = {}
    previous = None
    for index, snapshot in enumerate(snapshots):
        for style in unit_styles(snapshot, previous, view, demand):
            key = (style.fill, style.edge, style.weight, "4 3" if style.dashed else None,
                   0.9 if style.shown else 0.55, 1 if style.shown else 0)
            number = table.setdefault(key, len(table))
            iso = style.control.iso
            if last.get(iso) != number:
                runs.setdefault(iso, []).append([index, number])
                last[iso] = number
        previous = snapshot
    return {"styles": [list(key) for key in table], "runs": runs}


def style_on(runs: Mapping[str, list[list[int]]], styles: Sequence[Sequence], iso: str, day_index: int) -> list:
    """A unit's style on a day, read from :func:`style_runs` as the browser reads it (for tests and tools)."""
    current = None
    for start, number in runs.get(iso, []):
        if start > day_index:
            break
        current = number
    if current is None:
        raise KeyError(f"{iso} has no style on day {day_index}")
    return list(styles[current])


def tooltips(snapshots: Sequence[Snapshot], sources: Mapping[str, Source],
             published: Sequence[PublishedFigure] = (), lang: str = "en") -> dict:
    """Every day's tooltip of every unit as the web map builds it (escaped HTML, published figures of the day
    beside ours), without the filters' "filtered out" line, which the browser adds: ``units`` (ISO codes, the
    order of each day's list) and ``tips`` (one list per day)."""

    _ = gettext_for(lang)
    everything = ViewFilter()
    sources = dict(sources)
    out: list[list[str]] = []
    units: list[str] = []
    previous = None
    for snapshot in snapshots:
        previous_date = date_label(previous.date, lang) if previous else _("the first snapshot")
        near = published_near(list(published), snapshot.date)
        styles = unit_styles(snapshot, previous, everything)
        if not units:
            units = [s.control.iso for s in styles]
        out.append([_tooltip_html(s, previous_date, sources, near.get(s.control.iso, ()), lang) for s in styles])
        previous = snapshot
    return {"units": units, "tips": out}


def filtered_line(lang: str = "en") -> str:
    """The tooltip line the browser appends for a unit the filters leave out (escaped), as the web map does."""
    _ = gettext_for(lang)
    return "<br><i>" + html.escape(_("Filtered out of the view")) + "</i>"


def tooltips_file(snapshots: Sequence[Snapshot], sources: Mapping[str, Source],
                  published: Sequence[PublishedFigure] = (), lang: str = "en") -> bytes:
    """The tooltips of :func:`tooltips` as the file the browser fetches: compact UTF-8 JSON, gzip-compressed
    (about 8 MB of JSON for 1,500 days, 0.2 MB compressed; the server sends it as it is)."""
    import gzip

    text = json.dumps(tooltips(snapshots, sources, published, lang), ensure_ascii=False, separators=(",", ":"))
    return gzip.compress(text.encode("utf-8"), compresslevel=6, mtime=0)


def tooltips_name(signature: str, lang: str) -> str:
    """The tooltip file's name for a version of the data (``signature``) and a language: known before the file
    is written, so the browser can be told where to fetch it while it is still being made."""
    digest = hashlib.blake2b(f"{signature}|{lang}".encode(), digest_size=8).hexdigest()
    return f"tooltips-{lang}-{digest}.json.gz"


def outlines_version(series_directory: Path) -> str:
    """A short digest of the outline files' names, sizes and times: the folder the browser fetches them from
    changes when any of them does, so it never keeps an outdated outline."""
    digest = hashlib.blake2b(digest_size=8)
    folder = outlines_dir(series_directory)
    for day in outline_days(series_directory):
        path = folder / f"{day.year}" / f"{day.isoformat()}.geojson.gz"
        try:
            stat = path.stat()
        except OSError:
            continue
        digest.update(f"{day}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()


def outline_files(series_directory: Path) -> list[tuple[str, Path]]:
    """Every outline file as (path relative to its version folder, source file): ``YYYY/YYYY-MM-DD.geojson.gz``."""
    folder = outlines_dir(series_directory)
    return [(f"{day.year}/{day.isoformat()}.geojson.gz", folder / f"{day.year}" / f"{day.isoformat()}.geojson.gz")
            for day in outline_days(series_directory)]


def map_settings(lang: str = "en", show_tiles: bool = False) -> dict:
    """What the browser's map needs besides the days: the base map's limits, colours and words as
    :func:`territory.web.webmap.app_base_map` sets them, the units' and neighbours' geometry files, the outline and
    hover styles, and the filtered-out line of the tooltips."""

    _ = gettext_for(lang)
    return {
        "lang": lang, "show_tiles": show_tiles, "leaflet": webmap.LEAFLET_STATIC_PREFIX,
        "limits": webmap.MAP_LIMITS, "bounds": webmap.UKRAINE_BOUNDS, "credit_room": webmap.CREDIT_ROOM_PX,
        "sea": palette.SEA_COLOUR,
        "neighbour_style": {"fillColor": palette.NEIGHBOUR_COLOUR, "color": palette.NEIGHBOUR_EDGE, "weight": 0.6,
                            "fillOpacity": 0.0 if show_tiles else 1.0},
        "hover": webmap._feature_highlight({}), "outline_styles": webmap.OUTLINE_STYLES,
        "units_url": webmap.web_units_url(),
        "neighbours_url": webmap.web_static_url(webmap.web_neighbours_file()[0]),
        "filtered": filtered_line(lang),
        "map_text": {"zoom_in": _("Zoom in"), "zoom_out": _("Zoom out"), "scale_units": {"m": _("m"), "km": _("km")},
                     "attribution": _(webmap.ATTRIBUTION)},
    }
