"""In the real browser: a link cannot make visitors' browsers fetch an image; a hostile upload is refused with a
message and leaves the server's memory where it was (the overlay runs in a limited worker process)."""

from __future__ import annotations

import json
import os
import random
import socket
import threading
import zipfile

import pytest

from tests.crafted_maps import spiky_star

from .conftest import artifacts, block_external, start_server, stop_server
from .waits import app_idle, until

pytestmark = [pytest.mark.browser, pytest.mark.slow]  # its own server (see "slow" in pyproject.toml)


@pytest.fixture(scope="module")
def own_server(chromium):
    proc, url = start_server()
    yield proc, url
    stop_server(proc)


@pytest.fixture
def listener():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    seen, stop = [], threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            seen.append(conn.recv(500))
            conn.close()
    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1], seen
    stop.set()
    thread.join(2)
    server.close()


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as fh:
        return next(int(line.split()[1]) / 1024 for line in fh if line.startswith("VmRSS:"))


def new_page(chromium):
    context = chromium.new_context(viewport={"width": 1500, "height": 1600})
    page = context.new_page()
    block_external(page, [])
    return page


def test_markdown_in_a_link_is_shown_as_text_and_fetches_nothing(chromium, own_server, listener):
    _, url = own_server
    port, seen = listener
    image = f"![x](http://127.0.0.1:{port}/p.png)"
    page = new_page(chromium)
    requested = []
    page.on("request", lambda r: requested.append(r.url) if r.url.startswith(f"http://127.0.0.1:{port}/") else None)
    page.goto(f"{url}/?demand={image}&units=**BIG**,[a](b)")
    notice = page.get_by_text("not known; ignored", exact=False)
    notice.wait_for(timeout=45_000)
    assert image in notice.inner_text()  # the text exactly as in the link
    page.get_by_text("**BIG**", exact=False).wait_for(timeout=10_000)
    app_idle(page)
    assert page.locator(f"img[src*='{port}']").count() == 0
    notices = page.locator("[data-testid='stAlert']").filter(has_text="The link asked for")
    notices = notices.or_(page.locator("[data-testid='stAlert']").filter(has_text="were not recognised"))
    assert notices.count() == 2
    assert notices.locator("a, strong, img").count() == 0
    assert requested == [] and seen == []
    page.context.close()


def tangle(path):
    rng = random.Random(16)
    ring = [[rng.uniform(33, 39), rng.uniform(46, 51)] for _ in range(60_000)]
    path.write_text(json.dumps({"type": "Polygon", "coordinates": [ring + [ring[0]]]}))


def many_features(path):
    square = {"type": "Polygon", "coordinates": [[[35, 47], [36, 47], [36, 48], [35, 48], [35, 47]]]}
    feature = {"type": "Feature", "properties": {}, "geometry": square}
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature] * 20_001}))


def many_rings(path):
    hole = [[35, 47], [36, 47], [36, 48], [35, 47]]  # integers: 100,000 of them fit in 3.4 MB
    outer = [[35, 47], [36, 47], [36, 48], [35, 48], [35, 47]]
    path.write_text(json.dumps({"type": "Polygon", "coordinates": [outer] + [hole] * 100_000}, separators=(",", ":")))


def kmz_bomb(path):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:  # 1 MB that inflates to 1 GiB
        with zf.open("doc.kml", "w", force_zip64=True) as member:
            block = b" " * 2**20
            for _ in range(2**10):
                member.write(block)


@pytest.mark.parametrize("name, make, message", [
    ("tangle_20250528.geojson", tangle, "crosses itself at more than 10,000 points"),
    ("features_20250528.geojson", many_features, "more than 20,000 features; the limit is 20,000"),
    ("rings_20250528.geojson", many_rings, "more than 100,000 polygon rings; the limit is 100,000"),
    ("bomb_20250528.kmz", kmz_bomb, "files are not allowed"),  # the app takes GeoJSON only
])
def test_an_upload_over_the_limits_is_refused_and_leaves_server_memory_flat(chromium, own_server, tmp_path,
                                                                            name, make, message):
    proc, url = own_server
    path = tmp_path / name
    make(path)
    assert path.stat().st_size < 5_000_000  # under the upload cap (Streamlit counts 5 MB as 5,000,000 bytes here)
    page = new_page(chromium)
    page.goto(url + "/data")
    page.get_by_role("tab", name="Derive from a map").click()
    before = rss_mb(proc.pid)
    page.locator("[data-testid='stFileUploader'] input[type='file']").nth(1).set_input_files(str(path))
    page.get_by_text(message, exact=False).wait_for(timeout=90_000)
    after = rss_mb(proc.pid)
    page.screenshot(path=str(artifacts() / f"data-derive-refused-{path.stem}.png"), full_page=True)
    print(f"{name}: server RSS before the upload {before:.0f} MB, after {after:.0f} MB")
    assert after - before < 300
    page.context.close()


def overlay_workers(server_pid: int) -> set[int]:
    """The server's overlay worker processes (children of any of its threads)."""
    found = set()
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as fh:
                parent = int(fh.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{name}/cmdline", "rb") as fh:
                if parent == server_pid and b"territory.build.overlay_worker" in fh.read():
                    found.add(int(name))
        except (OSError, IndexError, ValueError):
            continue
    return found


def test_closing_the_page_stops_its_overlay_worker(chromium, own_server, tmp_path):
    proc, url = own_server
    path = tmp_path / "star_20250528.geojson"
    spiky_star(path)
    assert path.stat().st_size < 5_000_000
    pages, workers, before = [], [], 0.0
    for _ in range(2):  # two visitors upload the same heavy map
        page = new_page(chromium)
        page.goto(url + "/data")
        page.get_by_role("tab", name="Derive from a map").click()
        before = before or rss_mb(proc.pid)  # once the app has served its first page
        page.locator("[data-testid='stFileUploader'] input[type='file']").nth(1).set_input_files(str(path))
        assert until(lambda: overlay_workers(proc.pid) - set(workers), page)
        workers.append(min(overlay_workers(proc.pid) - set(workers)))
        pages.append(page)
    closed, kept = pages
    closed.context.close()  # the first visitor leaves: the session ends
    assert until(lambda: workers[0] not in overlay_workers(proc.pid), kept)
    assert workers[1] in overlay_workers(proc.pid)  # the same work for the visitor still there goes on
    kept.get_by_text("simplify it", exact=False).wait_for(timeout=120_000)  # out of memory (or of time)
    assert overlay_workers(proc.pid) == set()
    after = rss_mb(proc.pid)
    kept.screenshot(path=str(artifacts() / "data-derive-refused-star.png"), full_page=True)
    print(f"server RSS before the two uploads {before:.0f} MB, after {after:.0f} MB")
    assert after - before < 300
    kept.context.close()
