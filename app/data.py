"""Data access for the pages: the loaded data (shared by every session), a session's uploads merged in, and
the per-view computations cached by their natural arguments.

Pages never open files: every figure reaches them through ``load_data()``. Cached functions take the
``AppData`` itself; ``hash_funcs`` hashes it by its ``signature`` (the data files' version plus a digest of
the session's uploads), so two sessions with different uploads never share a cached layer. Folium objects
are never cached (st_folium mutates them).
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import streamlit as st

from app import keys
from app.i18n import _, lang, ngettext
from territory.base.paths import data_paths, data_root
from territory.data.dataset import Dataset, load_dataset
from territory.data.demands import Demand
from territory.data.snapshots import Snapshot, SnapshotSet
from territory.data.totals import PublishedTotal
from territory.present.view import ViewFilter


@dataclass(frozen=True)
class AppData:
    """The loaded Dataset (every file, validated) and what the pages ask of it; ``signature`` identifies this
    version (the files', plus a digest of a session's uploads). The Dataset's fields are read through, so a new
    kind of data needs nothing here."""

    dataset: Dataset
    signature: str = ""

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.dataset, name)

    @property
    def snapshots(self) -> list[Snapshot]:
        return self.dataset.snapshots.snapshots

    @property
    def published_totals(self) -> list[PublishedTotal]:
        return self.dataset.totals

    @property
    def series_dir(self) -> Path:
        return data_paths(self.dataset.root).series_dir

    @cached_property
    def dates(self) -> list[dt.date]:
        return [s.date for s in self.snapshots]

    @cached_property
    def _by_date(self) -> dict[dt.date, Snapshot]:
        return {s.date: s for s in self.snapshots}

    def snapshot(self, date: dt.date) -> Snapshot:
        return self._by_date[date]

    def previous(self, date: dt.date) -> Snapshot | None:
        index = self.dates.index(date)
        return self.snapshots[index - 1] if index > 0 else None

    def nearest_date(self, wanted: dt.date) -> dt.date:
        """The date with a snapshot closest to ``wanted`` (the earlier one on a tie)."""
        return min(self.dates, key=lambda d: (abs((d - wanted).days), d))

    @cached_property
    def demands_by_id(self) -> dict[str, Demand]:
        return {d.id: d for d in self.demands}

    @cached_property
    def key_dates(self) -> list[dt.date]:
        """Dates worth a jump: the curated snapshots, the last day of each month, dates with published figures."""
        dates = set(self.dates)
        month_ends = {d for d, after in zip(self.dates, self.dates[1:], strict=False) if after.month != d.month}
        curated = {s.date for s in self.snapshots if not s.path.startswith("series")}
        published = {f.date for f in self.published} & dates
        return sorted(month_ends | curated | published | {self.dates[-1]} if self.dates else set())


def _hash_app_data(data: AppData) -> str:
    return data.signature


#: Cached functions that take AppData hash it by its signature, not by its contents.
CACHE_HASH: dict[Any, Callable[[Any], Any]] = {AppData: _hash_app_data}


def data_signature() -> str:
    """A digest of the data files' names, sizes and modification times under the data root: the version of
    the data (one short string, so hashing cache arguments stays cheap)."""
    root = data_root()
    paths = sorted(p for p in root.glob("*/*") if p.suffix in (".csv", ".yaml", ".geojson", ".parquet"))
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{root}|".encode())
    for path in paths:
        try:
            stat = path.stat()
            digest.update(f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns};".encode())
        except OSError:
            digest.update(f"{path.name}:missing;".encode())
    return digest.hexdigest()


@st.cache_resource(show_spinner="Завантаження даних · Loading data…", max_entries=4)
def _load(signature: str) -> AppData:
    """Loaded once per version of the data files (``load_dataset``, the one way in) and shared read-only by
    every session (frozen objects nobody mutates), so a rerun does not unpickle the snapshots."""
    data = AppData(load_dataset(), signature)
    _exempt_from_garbage_collection()
    return data


def _exempt_from_garbage_collection() -> None:
    """Move everything alive now (modules, the loaded data: some 200,000 objects that live as long as the
    server) out of the garbage collector's view. Streamlit runs a full collection after every script run
    (``runner.postScriptGC``); scanning these objects each time held the server for about 0.2 s per slider step
    (py-spy, issue 14). Objects made later are collected as before."""
    gc.freeze()  # no collection first: it would cost the first visitor 0.3 s, for the few cycles of start-up


def uploaded_signature(uploaded: dict[dt.date, Snapshot]) -> str:
    """Dates and a content digest of a session's uploads (empty when there are none)."""
    if not uploaded:
        return ""
    text = repr(sorted((d.isoformat(), sorted(s.figures.items())) for d, s in uploaded.items()))
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def load_data() -> AppData:
    """Every valid snapshot, the sources, the demands, and the problems of files that were refused.

    Snapshots uploaded in this browser session are added (they are never written to the server).
    """
    data = _load(data_signature())
    uploaded = st.session_state.get(keys.UPLOADED_SNAPSHOTS, {})
    if not uploaded:
        return data
    merged = {s.date: s for s in data.snapshots} | uploaded
    snapshots = SnapshotSet(sorted(merged.values(), key=lambda s: s.date), data.dataset.snapshots.problems)
    return replace(data, dataset=replace(data.dataset, snapshots=snapshots),
                   signature=f"{data.signature}+{uploaded_signature(uploaded)}")


def show_data_problems(data: AppData) -> None:
    """A warning naming each refused file and its errors; the app keeps serving the rest.

    Always one element (an empty container when nothing was refused), so it never shifts what follows.
    """
    box = st.container()
    if not data.problems:
        return
    files = sorted({p.path for p in data.problems})
    label = ngettext("{n} data file was refused and is not shown", "{n} data files were refused and are not shown",
                     len(files)).format(n=len(files))
    with box.expander(f"⚠️ {label}", expanded=False):
        if lang() != "en":
            st.caption(_("The problems, as the validator reports them (in English):"))
        st.code("\n".join(str(p) for p in data.problems), language=None)


# --- cached per-view computations ----------------------------------------------------------------------------

@st.cache_data(max_entries=512, show_spinner=False, hash_funcs=CACHE_HASH)
def control_features(date: dt.date, view: ViewFilter, data: AppData, language: str = "en") -> dict:
    """The dated layer's GeoJSON (colours and escaped tooltips precomputed), cached per date, filters and
    language."""
    from territory.data.published import published_near
    from territory.web.webmap import control_geojson

    demand = data.demands_by_id.get(view.demand_id) if view.demand_id else None
    return control_geojson(data.snapshot(date), data.previous(date), view, demand, data.sources,
                           published_near(data.published, date), lang=language)


@st.cache_data(max_entries=256, show_spinner=False, hash_funcs=CACHE_HASH)
def outline(date: dt.date, data: AppData) -> dict | None:
    """DeepState's occupied area (and grey zone) of the day, as shipped with the series; None if there is none."""
    from territory.data.outlines import outline_for

    return outline_for(date, data.series_dir) if data.series_dir is not None else None


@st.cache_data(max_entries=256, show_spinner=False, hash_funcs=CACHE_HASH)
def change_features(before: dt.date, after: dt.date, data: AppData, language: str = "en") -> dict:
    from territory.web.webmap import change_geojson

    return change_geojson(data.snapshot(before), data.snapshot(after), language)


@st.cache_data(max_entries=256, show_spinner=False, hash_funcs=CACHE_HASH)
def chart_spec(units: tuple[str, ...] | None, data: AppData, language: str = "en") -> dict:
    """Vega-Lite spec of control over time, built once per unit filter and language. It does not depend on the
    date, so a date step re-sends nothing for it (Streamlit's message cache) and the chart stays put."""
    from territory.present.charts import control_chart_spec

    return control_chart_spec(data.snapshots, units, lang=language)


@st.cache_data(max_entries=256, show_spinner=False, hash_funcs=CACHE_HASH)
def scenario_features(scenario_id: str, date: dt.date, data: AppData, language: str = "en",
                      shown: tuple[str, ...] | None = None, highlighted: tuple[str, ...] = ()) -> dict:
    """GeoJSON of a peace plan applied to a snapshot, cached per plan, date, language and filters (``shown``:
    the units the filters keep, None for all; ``highlighted``: the units of the highlighted demand)."""
    from territory.data.scenarios import apply_scenario
    from territory.web.webmap import scenario_geojson

    scenario = next(s for s in data.scenarios if s.id == scenario_id)
    return scenario_geojson(apply_scenario(scenario, data.snapshot(date)), language, shown, highlighted)


# --- changes by period ---------------------------------------------------------------------------------------

@st.cache_resource(show_spinner=False, max_entries=2)
def _flows(root: Path, version: str):
    """Loaded once per version of the flow files (``version``: their names, sizes and times), checked against
    the units of the same data root."""
    from territory.data.flows import load_flows
    from territory.data.units import load_units

    paths = data_paths(root)
    return load_flows(paths.series_dir, load_units(paths.units_csv))


def load_flows_for(data: AppData):
    """The series' day-to-day flows (territory.data.flows), loaded once per version of their files; None (with the
    problem shown) if they are missing or refused."""
    from territory.base.problems import DataError
    from territory.data.flows import flows_dir

    if not flows_dir(data.series_dir).is_dir():
        return None
    version = ";".join(f"{p.name}:{p.stat().st_mtime_ns}:{p.stat().st_size}"
                       for p in sorted(flows_dir(data.series_dir).iterdir()))
    try:
        return _flows(data.dataset.root, version)
    except DataError as exc:
        st.error(_("The changes files were refused:"))
        st.code("\n".join(str(p) for p in exc.problems), language=None)
        return None
