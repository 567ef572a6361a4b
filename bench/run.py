"""Benchmark: what a user waits for, measured beside a naive Streamlit + folium dashboard in the same run.

Usage::

    python -m bench.run [--quick] [--json FILE] [--no-browser | --browser-only] [--rounds N]   (from the project root)

Each measure is the median of repeated runs after a warm-up. The naive baseline is bench/naive_app.py
(full-resolution boundaries, folium.Choropleth, map rebuilt every run, no caching, CDN defaults). The browser
section (bench/browser.py) serves the dashboard, the naive app and the floor (bench/floor_app.py) side by side
and checks the issue's budgets, which are ratios to those two apps.
Not part of pytest; tests/test_bench_smoke.py runs ``--quick`` once to prove the script works.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

APP = str(ROOT / "dashboard.py")
NAIVE = str(ROOT / "bench" / "naive_app.py")

#: name: (budget, unit, "max" means the median must stay under the budget)
BUDGETS = {
    "rerun_after_slider_step": 60.0,
    "map_bytes_per_slider_step": 200.0,
    "export_png_1600": 600.0,
    "export_comparison_png": 1200.0,
    "export_svg": 1000.0,
    "export_pdf": 1000.0,
    "export_timelapse_gif_all": 15000.0,
    "overlay_3000_vertices_per_date": 100.0,
    "overlay_1000_files": 120000.0,
    "memory_per_extra_session": 30.0,
}
MIN_SPEEDUP = {"rerun_after_slider_step": 5.0}


@dataclass
class Measure:
    name: str
    unit: str
    median: float
    min: float
    max: float
    runs: int
    baseline_median: float | None = None
    ratio: float | None = None
    budget: float | None = None
    ok: bool | None = None
    note: str = ""
    extra: dict = field(default_factory=dict)


def timed(fn: Callable[[], object], runs: int, warmup: int = 1) -> list[float]:
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def make(name: str, unit: str, values: list[float], baseline: list[float] | None = None, note: str = "",
         **extra) -> Measure:
    med = statistics.median(values)
    m = Measure(name, unit, round(med, 2), round(min(values), 2), round(max(values), 2), len(values), note=note,
                extra=extra)
    if baseline:
        m.baseline_median = round(statistics.median(baseline), 2)
        m.ratio = round(m.baseline_median / med, 2) if med else None
    if name in BUDGETS:
        m.budget = BUDGETS[name]
        m.ok = med <= m.budget and (name not in MIN_SPEEDUP or (m.ratio or 0) >= MIN_SPEEDUP[name])
    return m


# --- 1 and 2: server-side rerun and bytes shipped per slider step ----------------------------------------

def _apptest_steps(script: str, key: str, runs: int) -> tuple[list[float], list[int]]:
    """Script run time (timed inside the script thread, as a server runs it) after each slider step.

    AppTest builds a fresh ScriptCache on every run, so it would recompile the page each time; a server
    keeps its cache, so the bench shares one across runs.
    """
    import streamlit.testing.v1.app_test as app_test_module
    import streamlit_folium
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import AppTest

    sizes: list[int] = []
    durations: list[float] = []
    original = streamlit_folium._component_func
    original_run = script_runner.ScriptRunner._run_script
    shared_cache = ScriptCache()

    def capture(**kwargs):
        sizes.append(len(json.dumps({k: v for k, v in kwargs.items() if k != "default"}, default=str).encode()))
        return original(**kwargs)

    def timed_run(self, rerun_data):
        start = time.perf_counter()
        try:
            return original_run(self, rerun_data)
        finally:
            durations.append((time.perf_counter() - start) * 1000)

    streamlit_folium._component_func = capture
    script_runner.ScriptRunner._run_script = timed_run
    app_test_module.ScriptCache = lambda: shared_cache
    try:
        at = AppTest.from_file(script, default_timeout=120)
        at.run()
        if key == "map_date":  # the control map's timeline (issue 26): the day comes back when the hand rests
            options = json.loads(next(iter(at.get("bidi_component"))).proto.json)["days"]
        else:
            options = list(at.select_slider(key=key).options)
        times = []
        for i in range(runs + 2):
            option = options[-1 - (i % min(6, len(options)))]
            if key == "map_date":
                at.session_state[key] = dt.date.fromisoformat(option)  # what the rest's callback keeps
            else:
                at.select_slider(key=key).set_value(option)
            sizes.clear()
            durations.clear()
            at.run()
            if i >= 2:  # warm-up
                times.append(sum(durations))
        return times, list(sizes)
    finally:
        streamlit_folium._component_func = original
        script_runner.ScriptRunner._run_script = original_run
        app_test_module.ScriptCache = ScriptCache


def bench_rerun(runs: int) -> list[Measure]:
    product_times, product_sizes = _apptest_steps(APP, "map_date", runs)
    naive_times, naive_sizes = _apptest_steps(NAIVE, "date", max(3, runs // 3))
    product_kb = sum(product_sizes) / 1024
    naive_kb = sum(naive_sizes) / 1024
    return [
        make("rerun_after_slider_step", "ms", product_times, naive_times,
             note="control-map page script run when the hand rests on another day (the timeline's rest), timed in the script thread (AppTest)"),
        make("map_bytes_per_slider_step", "KB", [product_kb], [naive_kb],
             note="map element bytes a rest sends (the timeline's element is unchanged, so none; the naive app: st_folium's arguments per step)"),
    ]


# --- 3: browser (bench/browser.py: three apps side by side, budgets as ratios) --------------------------------

# --- 4: exports ----------------------------------------------------------------------------------------------

def bench_exports(runs: int, quick: bool = False) -> list[Measure]:
    """The exports' times; with ``quick``, the timelapse of the month ends only (the whole series' GIF takes
    minutes: measured in the full run, where its budget applies)."""
    import geopandas as gpd
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from territory.data.dataset import load_dataset
    from territory.export.exports import timelapse_frames
    from territory.present import render
    from territory.present.view import ViewFilter

    dataset = load_dataset()
    snaps = dataset.snapshots
    latest, previous = snaps.snapshots[-1], snaps.snapshots[-2]
    src = dataset.sources
    frames = timelapse_frames(snaps.snapshots, "month") if quick else snaps.snapshots

    def naive_png():
        gdf = gpd.read_file(ROOT / "geodata" / "ukraine_units.geojson").to_crs(3857)
        gdf["pct"] = [latest.figures[i].controlled_pct for i in gdf["iso"]]
        fig, ax = plt.subplots(figsize=(8, 6), dpi=200)
        gdf.plot(column="pct", cmap="OrRd", ax=ax, legend=True, edgecolor="grey")
        fig.savefig(tempfile.TemporaryFile(), format="png")
        plt.close(fig)

    out = [
        make("export_png_1600", "ms", timed(lambda: render.render_control_map(latest, previous, ViewFilter(), None, src,
                                                                               "png", 1600), runs),
             timed(naive_png, max(2, runs // 2)), note="baseline: geopandas .plot with pyplot, re-read each time"),
        make("export_comparison_png", "ms", timed(lambda: render.render_comparison(snaps.snapshots[0], latest, src,
                                                                                    "png", 1600), runs)),
        make("export_svg", "ms", timed(lambda: render.render_control_map(latest, previous, ViewFilter(), None, src,
                                                                          "svg"), runs)),
        make("export_pdf", "ms", timed(lambda: render.render_control_map(latest, previous, ViewFilter(), None, src,
                                                                          "pdf"), runs)),
        make(f"export_timelapse_gif_{'monthly' if quick else 'all'}", "ms",
             timed(lambda: render.render_timelapse(frames, src), 1, 0), note=f"{len(frames)} frames"),
    ]
    return out


# --- 5: overlay ---------------------------------------------------------------------------------------------

def _control_polygon(vertices: int = 3000):
    import shapely

    from territory.data.geodata import unit_geometries

    gdf = unit_geometries("full").set_index("iso")
    area = shapely.union_all([gdf.geometry["UA-43"], gdf.geometry["UA-40"], gdf.geometry["UA-09"],
                              gdf.geometry["UA-14"].buffer(-0.15), gdf.geometry["UA-23"].buffer(-0.2),
                              gdf.geometry["UA-65"].buffer(-0.25)])
    tolerance = 0.0001
    while shapely.get_num_coordinates(area.simplify(tolerance)) > vertices:
        tolerance *= 1.3
    return area.simplify(tolerance)


def bench_overlay(runs: int, files: int) -> list[Measure]:
    import geopandas as gpd
    import shapely
    from shapely.geometry import mapping

    from territory.base.crs import EQUAL_AREA_CRS
    from territory.build import overlay

    polygon = _control_polygon()
    tmp = Path(tempfile.mkdtemp(prefix="bench-overlay-"))
    doc = json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": mapping(polygon)}]})
    one = tmp / "map_20250528.geojson"
    one.write_text(doc)
    overlay.derive_file(one)  # boundaries loaded

    def naive():
        units = gpd.read_file(ROOT / "geodata" / "ukraine_units.geojson").to_crs(EQUAL_AREA_CRS)
        control = gpd.read_file(one).to_crs(EQUAL_AREA_CRS)
        inter = gpd.overlay(units, control, how="intersection")
        return inter.area.sum()

    per_date = make("overlay_3000_vertices_per_date", "ms", timed(lambda: overlay.derive_file(one), runs),
                    timed(naive, max(2, runs // 2)),
                    note=f"{shapely.get_num_coordinates(polygon)} vertices; read + project + overlay; "
                         "baseline: geopandas.overlay re-reading the boundaries")
    folder = tmp / "many"
    folder.mkdir()
    start_date = dt.date(2023, 1, 1)
    for i in range(files):
        (folder / f"map_{(start_date + dt.timedelta(days=i)):%Y%m%d}.geojson").write_text(doc)
    out_dir = tmp / "out"
    out_dir.mkdir()
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "territory", "derive", str(folder), "--out", str(out_dir)],
                          cwd=ROOT, capture_output=True, text=True)
    elapsed = (time.perf_counter() - start) * 1000
    shutil.rmtree(tmp, ignore_errors=True)
    many = make("overlay_1000_files" if files == 1000 else f"overlay_{files}_files", "ms", [elapsed],
                note=f"python -m territory derive over {files} files (exit {proc.returncode})")
    if files != 1000:
        many.extra["extrapolated_1000_files_ms"] = round(elapsed / files * 1000)
    return [per_date, many]


# --- 6: cold start -------------------------------------------------------------------------------------------

def bench_cold(runs: int) -> list[Measure]:
    def summary():
        subprocess.run([sys.executable, "-m", "territory", "summary", "--date", "2025-05-28"], cwd=ROOT,
                       capture_output=True, check=True)
    script = ("import time; t=time.perf_counter(); from streamlit.testing.v1 import AppTest; "
              f"at=AppTest.from_file({APP!r}, default_timeout=120); at.run(); "
              "print((time.perf_counter()-t)*1000)")
    first = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
        first.append(float(out.stdout.strip().splitlines()[-1]))
    return [make("cold_cli_summary", "ms", timed(summary, runs, 0), note="python -m territory summary wall time"),
            make("cold_first_page_run", "ms", first, note="fresh process: imports + data load + first run")]


# --- 7: memory -----------------------------------------------------------------------------------------------

def _rss_mb(pid: int) -> float:
    total = 0
    for p in [pid] + [int(c) for c in Path(f"/proc/{pid}/task").iterdir() if False]:
        with open(f"/proc/{p}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total / 1024


def bench_memory() -> list[Measure]:
    from playwright.sync_api import sync_playwright

    from bench.browser import CHROMIUM, CHROMIUM_ARGS, Server, Visit

    if not Path(CHROMIUM).exists():
        return []
    server = Server("dashboard.py")
    server.start()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            visits = []
            readings = {}
            for n in range(1, 6):
                visit = Visit(browser, server.url, {})
                visit.open("/")
                visits.append(visit)
                readings[n] = _rss_mb(server.proc.pid)
            browser.close()
    finally:
        server.stop()
    per_session = (readings[5] - readings[1]) / 4
    return [make("memory_after_one_session", "MB", [readings[1]]),
            make("memory_after_five_sessions", "MB", [readings[5]]),
            make("memory_per_extra_session", "MB", [per_session], note="(RSS after 5 − RSS after 1) / 4")]


# --- main ----------------------------------------------------------------------------------------------------

def print_table(measures: list[Measure]) -> None:
    print(f"{'measure':<34} {'median':>10} {'min':>9} {'max':>9} {'runs':>4} {'baseline':>10} {'ratio':>7} "
          f"{'budget':>9}  ok")
    for m in measures:
        base = "" if m.baseline_median is None else f"{m.baseline_median:,.1f}"
        ratio = "" if m.ratio is None else f"{m.ratio:.1f}x"
        budget = "" if m.budget is None else f"{m.budget:,.0f}"
        ok = "" if m.ok is None else ("yes" if m.ok else "NO")
        print(f"{m.name:<34} {m.median:>10,.1f} {m.min:>9,.1f} {m.max:>9,.1f} {m.runs:>4} {base:>10} {ratio:>7} "
              f"{budget:>9}  {ok}  {m.unit}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few runs, 20 files instead of 1000")
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium and memory measures")
    parser.add_argument("--browser-only", action="store_true", help="only the browser section (three apps)")
    parser.add_argument("--rounds", type=int, help="browser rounds (default: 1 with --quick, else 7)")
    args = parser.parse_args(argv)
    runs = 3 if args.quick else 15
    os.environ.setdefault("MPLBACKEND", "Agg")
    measures: list[Measure] = []
    if not args.browser_only:
        measures += bench_rerun(runs)
        measures += bench_exports(max(2, runs // 3), quick=args.quick)
        measures += bench_overlay(max(3, runs // 2), 20 if args.quick else 1000)
        measures += bench_cold(2 if args.quick else 3)
        print_table(measures)
    if not args.no_browser:
        from bench.browser import bench_browser

        rounds = args.rounds or (1 if args.quick else 7)
        measures += bench_browser(rounds, cold_runs=1 if args.quick else 3)
        if not args.browser_only:
            memory = bench_memory()
            print_table(memory)
            measures += memory
    if args.json:
        args.json.write_text(json.dumps([asdict(m) for m in measures], indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
