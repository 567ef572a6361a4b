"""The app's cached loaders and URL state: the only place pages get data from.

Loaders are cached with ``st.cache_data`` keyed by simple values (a signature of the data files, dates,
filter tuples); folium objects are never cached because st_folium mutates them.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import dataclass, field
from functools import cache

import streamlit as st

from territory.demands import Demand, load_demands
from territory.paths import REPO_ROOT, demands_path, snapshot_dir, sources_path
from territory.problems import DataError, Problem
from territory.scenarios import Scenario, load_scenarios
from territory.snapshots import Snapshot, SnapshotSet, load_snapshots
from territory.sources import Source

STATIC_LEAFLET = REPO_ROOT / "static" / "vendor" / "leaflet"


@dataclass
class AppData:
    snapshots: list[Snapshot]
    sources: dict[str, Source]
    demands: list[Demand]
    problems: list[Problem] = field(default_factory=list)
    scenarios: list[Scenario] = field(default_factory=list)

    @property
    def dates(self) -> list[dt.date]:
        return [s.date for s in self.snapshots]

    def snapshot(self, date: dt.date) -> Snapshot:
        return next(s for s in self.snapshots if s.date == date)

    def previous(self, date: dt.date) -> Snapshot | None:
        earlier = [s for s in self.snapshots if s.date < date]
        return earlier[-1] if earlier else None

    @property
    def demands_by_id(self) -> dict[str, Demand]:
        return {d.id: d for d in self.demands}


@cache
def ensure_leaflet_static() -> None:
    """Copy Leaflet from the xstatic-leaflet package into ./static for Streamlit's static serving."""
    from territory.webmap import leaflet_assets

    try:
        STATIC_LEAFLET.mkdir(parents=True, exist_ok=True)
        for name, source in leaflet_assets().items():
            target = STATIC_LEAFLET / name
            if not target.exists() or target.stat().st_size != source.stat().st_size:
                tmp = target.with_suffix(target.suffix + ".tmp")
                shutil.copyfile(source, tmp)
                tmp.replace(target)
    except OSError as exc:  # read-only deployment: the files must have been copied at build time
        st.warning(f"Leaflet could not be copied to {STATIC_LEAFLET} ({exc.strerror}); the map may not draw.")


def data_signature() -> str:
    """A digest of the data files' names, sizes and modification times: the cache key for loading them
    (one short string, so hashing cache arguments stays cheap)."""
    import hashlib

    paths = sorted(snapshot_dir().glob("*.csv")) + [demands_path()]
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{snapshot_dir()}|{demands_path()}|".encode())
    for path in paths:
        try:
            stat = path.stat()
            digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
        except OSError:
            digest.update(f"{path.name}:missing;".encode())
    return digest.hexdigest()


@st.cache_resource(show_spinner="Loading data…", max_entries=4)
def _load(signature: str) -> AppData:
    """Loaded once per version of the data files and shared read-only by every session (the objects are
    frozen dataclasses; nobody mutates them), so a rerun does not unpickle 65 snapshots."""
    snapshot_set: SnapshotSet = load_snapshots(snapshot_dir(), sources_path())
    problems = list(snapshot_set.problems)
    demands: list[Demand] = []
    scenarios: list[Scenario] = []
    if snapshot_set.sources:
        try:
            demands = load_demands(snapshot_set.sources, demands_path())
        except DataError as exc:
            problems += exc.problems
        try:
            scenarios = load_scenarios(snapshot_set.sources, {d.id for d in demands} if demands else None)
        except DataError as exc:
            problems += exc.problems
    return AppData(snapshot_set.snapshots, snapshot_set.sources, demands, problems, scenarios)


def load_data() -> AppData:
    """Every valid snapshot, the sources, the demands, and the problems of files that were refused.

    Snapshots uploaded in this browser session are added (they are never written to the server).
    """
    data = _load(data_signature())
    uploaded = st.session_state.get("uploaded_snapshots", {})
    if uploaded:
        merged = {s.date: s for s in data.snapshots}
        merged.update(uploaded)
        data = AppData(sorted(merged.values(), key=lambda s: s.date), data.sources, data.demands, data.problems,
                       data.scenarios)
    return data


def show_data_problems(data: AppData) -> None:
    """A warning naming each refused file and its errors; the app keeps serving the rest."""
    if not data.problems:
        return
    files = sorted({p.path for p in data.problems})
    with st.expander(f"⚠️ {len(files)} data file(s) were refused and are not shown", expanded=False):
        st.code("\n".join(str(p) for p in data.problems), language=None)


# --- URL state --------------------------------------------------------------------------------------------

def literal(text: str) -> str:
    """Text from a URL as a Markdown code span: shown exactly as typed, never as a link, image or formatting."""
    text = str(text).replace("\n", " ").replace("\r", " ")
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}"


def notice(message: str) -> None:
    st.session_state.setdefault("_notices", [])
    if message not in st.session_state["_notices"]:
        st.session_state["_notices"].append(message)


def show_notices() -> None:
    for message in st.session_state.pop("_notices", []):
        st.info(message, icon="ℹ️")


def date_param(name: str, dates: list[dt.date], default: dt.date) -> dt.date:
    """A date from the URL if it is one of ``dates``; else the default, with a notice."""
    raw = st.query_params.get(name)
    if raw is None:
        return default
    try:
        value = dt.date.fromisoformat(raw)
    except ValueError:
        value = None
    if value not in dates:
        notice(f"The link asked for {literal(f'{name}={raw[:20]}')}, which is not a snapshot date; showing {default}.")
        return default
    return value


def units_param(name: str, valid: list[str]) -> list[str] | None:
    raw = st.query_params.get(name)
    if not raw:
        return None
    wanted = [u.strip() for u in raw.split(",") if u.strip()]
    good = [u for u in wanted if u in valid]
    if len(good) != len(wanted):
        notice("Some units in the link were not recognised and were ignored: "
               + literal(", ".join(u[:10] for u in wanted if u not in valid)))
    return good or None


def choice_param(name: str, valid: list[str]) -> str | None:
    raw = st.query_params.get(name)
    if raw is None:
        return None
    if raw not in valid:
        notice(f"The link asked for {literal(f'{name}={raw[:40]}')}, which is not known; ignored.")
        return None
    return raw


def float_param(name: str, low: float, high: float, default: float) -> float:
    raw = st.query_params.get(name)
    if raw is None:
        return default
    try:
        value = float(raw)
        if low <= value <= high:
            return value
    except ValueError:
        pass
    notice(f"The link asked for {literal(f'{name}={raw[:20]}')}, outside {low:g}–{high:g}; using {default:g}.")
    return default


def set_params(**values: object) -> None:
    """Write the view to the URL (None or empty removes a parameter)."""
    for key, value in values.items():
        if value in (None, "", [], ()):
            if key in st.query_params:
                del st.query_params[key]
            continue
        text = ",".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
        if st.query_params.get(key) != text:
            st.query_params[key] = text


# --- cached per-view computations --------------------------------------------------------------------------

def _uploaded_signature() -> tuple:
    return uploaded_signature(st.session_state.get("uploaded_snapshots", {}))


def uploaded_signature(uploaded: dict) -> tuple:
    """Dates and content digests of a session's uploads: part of every cache key that depends on them,
    so two sessions that upload different figures for one date never share a cached map."""
    import hashlib

    return tuple(sorted(
        (d.isoformat(), hashlib.blake2b(repr(sorted(s.figures.items())).encode(), digest_size=16).hexdigest())
        for d, s in uploaded.items()))


@st.cache_data(max_entries=512, show_spinner=False)
def _control_features(signature: str, uploaded: tuple, date: dt.date, units: tuple | None, min_share: float,
                      demand_id: str | None, _data: AppData) -> dict:
    from territory.view import ViewFilter
    from territory.webmap import control_geojson

    view = ViewFilter(units, min_share, demand_id)
    demand = _data.demands_by_id.get(demand_id) if demand_id else None
    return control_geojson(_data.snapshot(date), _data.previous(date), view, demand, _data.sources)


def control_features(date: dt.date, view, data: AppData) -> dict:
    """The dated layer's GeoJSON (colours and escaped tooltips precomputed), cached per date and filters."""
    return _control_features(data_signature(), _uploaded_signature(), date, view.units, view.min_share,
                             view.demand_id, data)


@st.cache_data(max_entries=256, show_spinner=False)
def _change_features(signature: str, uploaded: tuple, before: dt.date, after: dt.date, _data: AppData) -> dict:
    from territory.webmap import change_geojson

    return change_geojson(_data.snapshot(before), _data.snapshot(after))


def change_features(before: dt.date, after: dt.date, data: AppData) -> dict:
    return _change_features(data_signature(), _uploaded_signature(), before, after, data)


def ensure_router() -> None:
    """Run every page through dashboard.py's router, even on a fresh server's first request.

    Streamlit decides at the first session whether the app uses the legacy ``pages/`` folder; until
    dashboard.py has called ``st.navigation`` once, a direct link such as ``/compare`` would run the page
    file alone (no page config, a second navigation menu). Clear that flag and rerun through the router.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


@st.cache_data(max_entries=256, show_spinner=False)
def _chart_spec(signature: str, uploaded: tuple, units: tuple[str, ...] | None, selected: dt.date,
                _data: AppData) -> dict:
    from territory.charts import control_chart_spec

    return control_chart_spec(_data.snapshots, units, selected)


def chart_spec(units: tuple[str, ...] | None, selected: dt.date, data: AppData) -> dict:
    """Vega-Lite spec of control over time, built once per unit filter and date."""
    return _chart_spec(data_signature(), _uploaded_signature(), units, selected, data)


@st.cache_data(max_entries=256, show_spinner=False)
def _scenario_features(signature: str, uploaded: tuple, scenario_id: str, date: dt.date, _data: AppData) -> dict:
    from territory.scenarios import apply_scenario
    from territory.webmap import scenario_geojson

    scenario = next(s for s in _data.scenarios if s.id == scenario_id)
    return scenario_geojson(apply_scenario(scenario, _data.snapshot(date)))


def scenario_features(scenario_id: str, date: dt.date, data: AppData) -> dict:
    """GeoJSON of a peace plan applied to a snapshot, cached per plan and date."""
    return _scenario_features(data_signature(), _uploaded_signature(), scenario_id, date, data)
