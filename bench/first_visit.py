"""The first visitor after a server start on a busy machine (issue 23): how long until the page's frame (the
menu) shows, and until the map's 27 units are drawn, while ``--load`` processes keep every core busy.

    python -m bench.first_visit [--load 2] [--runs 1] [--json FILE]

Each run starts ``streamlit run dashboard.py`` afresh, starts the load (busy loops, each stopped after
``LOAD_LIMIT_S`` at the latest), opens the page in a new headless Chromium context and measures from the
navigation's start (milliseconds, read in the page): ``frame`` when the menu is first in the page, ``drawn`` when
the map shows its 27 units. Run it briefly: it slows everything else on the machine while it runs.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.browser import CHROMIUM, CHROMIUM_ARGS, Server, Visit

#: A busy loop never outlives this (seconds), whatever happens to this script.
LOAD_LIMIT_S = 120
#: Records in the page when the menu first appears (a frame is checked on every animation frame).
FRAME_JS = """(() => { const look = () => {
  if (document.querySelector("[data-testid='stSidebarNav'] a")) { window.__frameAt = performance.now(); return; }
  requestAnimationFrame(look); }; requestAnimationFrame(look); })();"""


@contextmanager
def busy(processes: int) -> Iterator[None]:
    """``processes`` busy loops (one core each), stopped on leaving or after LOAD_LIMIT_S."""
    code = f"import time\nend = time.time() + {LOAD_LIMIT_S}\nwhile time.time() < end: pass"
    procs = [subprocess.Popen([sys.executable, "-c", code]) for _ in range(processes)]
    try:
        yield
    finally:
        for proc in procs:
            proc.kill()
            proc.wait()


def first_visit(browser, load: int) -> dict:
    """One cold start under ``load`` busy processes: milliseconds to the frame and to the map drawn."""
    server = Server("dashboard.py")
    with busy(load):
        server.start()
        visit = Visit(browser, server.url, {})
        visit.context.add_init_script(FRAME_JS)
        try:
            drawn = visit.open("/", timeout_s=LOAD_LIMIT_S)["drawn"]
            frame = visit.page.evaluate("() => window.__frameAt ?? null")
        finally:
            visit.close()
            server.stop()
    return {"frame_ms": round(frame) if frame is not None else None, "drawn_ms": round(drawn)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--load", type=int, default=2, help="busy processes during the start (default 2)")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            results = [first_visit(browser, args.load) for _ in range(args.runs)]
        finally:
            browser.close()
    report = {"load_processes": args.load, "runs": results}
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
