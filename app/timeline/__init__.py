"""The control map's timeline: a Streamlit bidirectional component (``st.components.v2``, no iframe) that draws
the map, steps and plays the date in the browser, and sends the day back when the hand rests (issue 26).

Its JavaScript and CSS are the files beside this module. What it shows is built by :mod:`territory.web.timeline`;
the files it fetches (the outlines of every day, the tooltips of every day) are served from ./static, written
here: the outlines linked (or copied) once per version, the tooltips made once per language and data version in
a background thread, so the first page is not kept waiting for them.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import streamlit as st

from app.router import STATIC_DIR
from territory.web.timeline import (
    OUTLINES_STATIC_DIR,
    TOOLTIPS_STATIC_DIR,
    outline_files,
    outlines_version,
    tooltips_file,
    tooltips_name,
)
from territory.web.webmap import STATIC_PREFIX

HERE = Path(__file__).resolve().parent
NAME = "territory_timeline"


@cache
def _component():
    return st.components.v2.component(NAME, js=(HERE / "timeline.js").read_text(encoding="utf-8"),
                                      css=(HERE / "timeline.css").read_text(encoding="utf-8"), isolate_styles=False)


def timeline(data: dict, key: str, on_date_change: Callable[[], None],
             on_clicked_change: Callable[[], None]) -> Any:
    """Mount the timeline with ``data`` (see pages/control_map.py); its state holds ``date`` (the day shown when
    the hand last rested, ISO) and ``clicked`` (the ISO code of the unit last clicked)."""
    return _component()(data=data, key=key, on_date_change=on_date_change, on_clicked_change=on_clicked_change)


def state_value(key: str, name: str) -> Any:
    """A value of the component's state (``date``, ``clicked``) as kept in the session; None before any."""
    value = st.session_state.get(key)
    if value is None:
        return None
    try:
        return value[name]
    except (KeyError, TypeError):
        return getattr(value, name, None)


@cache
def outlines_prefix(series_dir: str, version: str) -> str:
    """The URL prefix of the day outlines (``<prefix>YYYY/YYYY-MM-DD.geojson.gz``), once the files are in
    ./static: hard links to the series' files where the file system allows, else copies. The folder is named by
    the files' version, so an outline that changed is fetched anew."""
    target = STATIC_DIR / OUTLINES_STATIC_DIR / version
    try:
        for relative, source in outline_files(Path(series_dir)):
            path = target / relative
            if path.exists():
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(path.name + f".{os.getpid()}.tmp")
            try:
                os.link(source, temporary)
            except OSError:
                shutil.copyfile(source, temporary)
            os.replace(temporary, path)
    except OSError as exc:  # read-only deployment: the files must have been put there at build time
        st.warning(f"The outlines could not be written to {target} ({exc.strerror or exc}); the map draws without them.")
    return f"{STATIC_PREFIX}/{OUTLINES_STATIC_DIR}/{version}/"


@cache
def _outlines_url(series_dir: str, signature: str) -> str:
    return outlines_prefix(series_dir, outlines_version(Path(series_dir)))


def outlines_url(series_dir: Path, signature: str) -> str:
    """Where the day outlines are served, looked up once per data version (``signature``)."""
    return _outlines_url(str(series_dir), signature)


#: Tooltip files kept (each data version, a session's uploads included, and language has one of about 8 MB).
KEEP_TOOLTIP_FILES = 12


def _keep_newest(folder: Path, keep: int) -> None:
    """Remove all but the ``keep`` newest tooltip files of ``folder``."""
    files = sorted(folder.glob("tooltips-*.json.gz"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[keep:]:
        old.unlink(missing_ok=True)


_started: set[str] = set()  # tooltip files being written
_failed: set[str] = set()  # tooltip files that could not be written (not tried again)
_lock = threading.Lock()


def tooltips_url(signature: str, lang: str, snapshots, sources, published) -> str | None:
    """The URL of every day's tooltips in ``lang``, or None while the file is being made: it is written in a
    background thread the first time (about 2 s for 1,500 days), and the page's next run names it."""
    from territory.base.atomic import write_bytes_atomic

    name = tooltips_name(signature, lang)
    target = STATIC_DIR / TOOLTIPS_STATIC_DIR / name
    with _lock:
        if name not in _started and name not in _failed and not target.exists():
            _started.add(name)

            def write() -> None:
                try:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    write_bytes_atomic(target, tooltips_file(snapshots, sources, published, lang), overwrite=True)
                    _keep_newest(target.parent, KEEP_TOOLTIP_FILES)
                except OSError:  # read-only deployment: the page names the requested day's tooltips only
                    with _lock:
                        _failed.add(name)
                finally:
                    with _lock:
                        _started.discard(name)

            threading.Thread(target=write, name=f"tooltips-{lang}", daemon=True).start()
    return f"{STATIC_PREFIX}/{TOOLTIPS_STATIC_DIR}/{name}" if target.exists() else None


@st.cache_data(max_entries=8, show_spinner=False)
def _days(signature: str, lang: str, _snapshots, _series_dir: str) -> dict:
    from territory.data.outlines import outline_days
    from territory.web.timeline import days

    return days(_snapshots, lang, outline_days(Path(_series_dir)))


def days_for(data, lang: str) -> dict:
    """The days, their labels in ``lang`` and which have an outline, once per data version and language."""
    return _days(data.signature, lang, data.snapshots, str(data.series_dir))


@st.cache_data(max_entries=64, show_spinner=False)
def _runs(signature: str, view_key: tuple, _snapshots, _view, _demand) -> dict:
    from territory.web.timeline import style_runs

    return style_runs(_snapshots, _view, _demand)


def runs_for(data, view, demand) -> dict:
    """Every day's unit styles under the filters, once per data version and filters."""
    return _runs(data.signature, (view.units, view.min_share, view.demand_id), data.snapshots, view, demand)
