"""Where the browser's time goes: a Chrome performance trace of the first paint and of slider steps.

    python -m bench.trace [--steps 3] [--json bench/results/trace.json]

Serves the dashboard and the floor app (``bench/floor_app.py``), opens each in headless Chromium with the same
probes as ``bench/browser.py``, and records a trace (Chrome's ``devtools.timeline`` categories) of the
navigation until the map is drawn, then of ``--steps`` arrow-key steps. For each, it prints the wall time and
what the renderer's main thread did in it: scripting by script file, style and layout, paint, parsing, garbage
collection, and idle (waiting for the network or the server). Figures are for reading, not budgets: the budgets
are checked by ``python -m bench.run``.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlparse

from bench.browser import Server, Visit, served_apps

APPS = {"dashboard": "dashboard.py", "floor": "bench/floor_app.py"}
CATEGORIES = ["toplevel", "devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "blink.user_timing"]
#: Trace event names grouped as DevTools groups them in its summary.
KINDS = {
    "scripting": {"EvaluateScript", "FunctionCall", "v8.compile", "v8.compileModule", "EventDispatch",
                  "TimerFire", "FireAnimationFrame", "RunMicrotasks", "v8.evaluateModule", "XHRReadyStateChange",
                  "v8.run", "V8.Execute"},
    "style and layout": {"UpdateLayoutTree", "Layout", "RecalculateStyles", "InvalidateLayout",
                         "ScheduleStyleRecalculation", "UpdateLayerTree", "HitTest"},
    "paint": {"Paint", "PaintImage", "CompositeLayers", "Layerize", "PrePaint", "RasterTask", "Commit"},
    "parsing": {"ParseHTML", "ParseAuthorStyleSheet"},
    "garbage collection": {"MinorGC", "MajorGC", "BlinkGC.AtomicPhase", "V8.GCScavenger", "V8.GCCompactor",
                           "V8.GC_MC_BACKGROUND_MARKING"},
}


def _kind(name: str) -> str | None:
    return next((kind for kind, names in KINDS.items() if name in names), None)


def _script_of(event: dict) -> str:
    data = (event.get("args") or {}).get("data") or {}
    url = data.get("url") or data.get("scriptName") or ""
    path = urlparse(url).path
    return Path(path).name or "(inline or anonymous)"


def main_thread_summary(events: list[dict], start_us: float, end_us: float) -> dict:
    """Milliseconds of the renderer main threads' top-level tasks in [start, end), by kind and by script."""
    main_threads = {(e["pid"], e["tid"]) for e in events
                    if e.get("name") == "thread_name" and (e.get("args") or {}).get("name") == "CrRendererMain"}
    by_kind: dict[str, float] = defaultdict(float)
    by_script: dict[str, float] = defaultdict(float)
    busy = 0.0
    for e in events:
        if (e.get("pid"), e.get("tid")) not in main_threads or e.get("ph") != "X":
            continue
        ts, dur = e.get("ts", 0), e.get("dur", 0)
        if ts < start_us or ts >= end_us:
            continue
        name = e.get("name", "")
        if name in ("RunTask", "ThreadControllerImpl::RunTask"):
            busy += dur
            continue
        kind = _kind(name)
        if kind:
            by_kind[kind] += dur
        if name in ("EvaluateScript", "FunctionCall", "v8.compile"):
            by_script[_script_of(e)] += dur
    to_ms = 1 / 1000
    return {"busy_ms": round(busy * to_ms), "by_kind_ms": {k: round(v * to_ms) for k, v in sorted(
                by_kind.items(), key=lambda kv: -kv[1])},
            "top_scripts_ms": {k: round(v * to_ms) for k, v in sorted(by_script.items(), key=lambda kv: -kv[1])[:8]}}


def _traced(browser, visit: Visit, action) -> tuple[dict, dict]:
    """Run ``action()`` under a trace; its result and the main-thread summary of the traced window."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
        path = Path(fh.name)
    try:
        browser.start_tracing(page=visit.page, path=str(path), categories=CATEGORIES)
        result = action()
        browser.stop_tracing()
        events = json.loads(path.read_text())["traceEvents"]
    finally:
        path.unlink(missing_ok=True)
    stamps = [e["ts"] for e in events if e.get("ph") == "X" and e.get("ts")]
    wall_ms = result.get("settled", result.get("drawn", 0))
    start = min(stamps) if stamps else 0
    summary = main_thread_summary(events, start, start + (max(stamps) - start if stamps else 0) + 1)
    summary["idle_ms"] = max(0, round(wall_ms - summary["busy_ms"]))
    return result, summary


def trace_app(browser, server: Server, steps: int) -> dict:
    """First paint (after a warm-up visit) and ``steps`` arrow-key steps of one app, traced."""
    warm = Visit(browser, server.url, {})
    warm.open("/")
    warm.close()
    visit = Visit(browser, server.url, {})
    try:
        opened, first = _traced(browser, visit, lambda: visit.open("/"))
        visit.slider().focus()
        out = {"first_paint": {"drawn_ms": round(opened["drawn"]), "settled_ms": round(opened["settled"]),
                               "kb": round(opened["kb"]), **first}, "steps": []}
        for i in range(steps):
            key = "ArrowLeft" if i % 2 == 0 else "ArrowRight"
            step, summary = _traced(browser, visit, lambda key=key: visit.press(key))
            out["steps"].append({"key": key, "drawn_ms": round(step["drawn"]), "settled_ms": round(step["settled"]),
                                 "first_message_ms": round(step["first_message"]),
                                 "last_message_ms": round(step["last_message"]), "kb": round(step["kb"]),
                                 **summary})
        return out
    finally:
        visit.close()


def _print(results: dict) -> None:
    for app, result in results.items():
        fp = result["first_paint"]
        print(f"\n== {app}: first paint {fp['drawn_ms']} ms (settled {fp['settled_ms']} ms, {fp['kb']} KB); "
              f"main thread busy {fp['busy_ms']} ms, idle {fp['idle_ms']} ms")
        print(f"   by kind: {fp['by_kind_ms']}")
        print(f"   scripts: {fp['top_scripts_ms']}")
        for step in result["steps"]:
            print(f"-- step {step['key']}: map drawn {step['drawn_ms']} ms, settled {step['settled_ms']} ms, "
                  f"{step['kb']} KB; server's first/last message at {step['first_message_ms']}/"
                  f"{step['last_message_ms']} ms; main thread busy {step['busy_ms']} ms")
            print(f"   by kind: {step['by_kind_ms']}")
            print(f"   scripts: {step['top_scripts_ms']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    results = {}
    with served_apps(APPS) as (servers, browser):
        for app, server in servers.items():
            results[app] = trace_app(browser, server, args.steps)
    _print(results)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
