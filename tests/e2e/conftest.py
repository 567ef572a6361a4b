"""End-to-end set-up: a real `streamlit run` on a free port and Debian's headless Chromium via Playwright.

Every request that leaves localhost is aborted, so the tests prove the app works offline.
Skips with a reason when Chromium or Playwright is missing.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(app_dir: Path = ROOT, env: dict | None = None) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=app_dir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("streamlit did not become healthy in 60 s:\n" + proc.stdout.read().decode(errors="replace"))


def _is_local(url: str) -> bool:
    host = urlparse(url).hostname or ""
    return host in ("127.0.0.1", "localhost", "::1") or url.startswith(("data:", "blob:", "about:", "file:"))


def block_external(page, blocked: list[str]) -> None:
    def handler(route):
        if _is_local(route.request.url):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()
    page.context.route("**/*", handler)


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium); browser tests skipped")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed; browser tests skipped")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def server(chromium):
    proc, url = start_server()
    yield url
    stop_server(proc)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep what the page showed when a browser test failed (``tests/artifacts/failed-<test>.png``)."""
    report = yield
    page = item.funcargs.get("page") if hasattr(item, "funcargs") else None
    if report.when == "call" and report.failed and page is not None:
        try:
            page.screenshot(path=str(artifacts() / f"failed-{item.name[:80]}.png"), full_page=True)
        except Exception:  # the page may be gone; the failure itself is what counts
            pass
    return report


@pytest.fixture
def page(chromium, server):
    context = chromium.new_context(viewport={"width": 1500, "height": 1000}, device_scale_factor=1)
    page = context.new_page()
    page.blocked = []
    page.console_errors = []
    page.dialogs = []
    page.on("console", lambda msg: page.console_errors.append(f"{msg.text} {msg.location.get('url', '')}")
            if msg.type == "error" else None)
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    block_external(page, page.blocked)
    yield page
    context.close()


def map_frame(page, timeout: float = 30_000):
    """The st_folium iframe, once Leaflet has drawn the 27 unit paths."""
    page.wait_for_selector("iframe[title='streamlit_folium.st_folium']", timeout=timeout)
    frame = page.frame_locator("iframe[title='streamlit_folium.st_folium']").first
    return frame


#: The control map's box: the timeline's map, in the page itself (issue 26; it was st_folium's iframe).
CONTROL_MAP = ".tl-map"


def unit_paths(frame):
    return frame.locator("path.leaflet-interactive")


def artifacts() -> Path:
    path = ROOT / "tests" / "artifacts"
    path.mkdir(parents=True, exist_ok=True)
    return path


def chromium_available() -> bool:
    return Path(CHROMIUM).exists() and shutil.which(CHROMIUM) is not None
