"""The deployment guide works as written: its own nginx block (docs/deploy.md; only the listen address, the
certificate and the upstream ports replaced) runs on loopback in front of two replicas, and a browser loads every
page through it: the map drawn, no Content-Security-Policy violation, no 5xx or limit refusal, a slider step over
the websocket, an upload from the first of two open tabs; the internal endpoints denied and the documented
headers present. Skips with the reason when nginx or Chromium is missing."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from urllib.parse import urlparse

import pytest

from .conftest import artifacts, block_external, start_server, stop_server
from .proxy import NGINX, can_make_certificates, guide_block, insecure, start_proxy
from .test_browser import folium_frames

pytestmark = [pytest.mark.browser, pytest.mark.slow]  # its own server (see "slow" in pyproject.toml)

#: Each page: its navigation link, its path and its title.
PAGES = [("Compare dates", "compare", "Compare two dates"), ("Demands and positions", "demands", "Demands and positions"),
         ("Data and sources", "data", "Data and sources"), ("Control map", "", "Russian control of Ukraine")]
#: Words of a CSP violation in Chromium's console (a refused frame, script, style, image or connection).
CSP_WORDS = ("Content Security Policy", "frame-ancestors")


@pytest.fixture(scope="module")
def proxy(chromium, server, tmp_path_factory):
    """The guide's nginx in front of two replicas: the browser tests' shared server and one more."""
    if NGINX is None:
        pytest.skip("nginx not found (apt-get install nginx); the deployment guide's proxy test skipped")
    if not can_make_certificates():
        pytest.skip("neither openssl nor Python's cryptography to make a test certificate (apt-get install openssl)")
    second, second_url = start_server()
    try:
        ports = [int(url.rsplit(":", 1)[1]) for url in (server, second_url)]
        running = start_proxy(tmp_path_factory.mktemp("nginx"), ports)
        yield running
        running.stop()
    finally:
        stop_server(second)


@pytest.fixture
def browser_context(chromium):
    """A fresh visitor (no cookies) that records every response's status and every console error."""
    context = chromium.new_context(ignore_https_errors=True, viewport={"width": 1500, "height": 1000})
    context.statuses, context.console = [], []
    context.on("response", lambda r: context.statuses.append((r.status, r.request.method, r.url)))
    context.on("console", lambda m: context.console.append(m.text) if m.type == "error" else None)
    blocked: list[str] = []
    page = context.new_page()
    block_external(page, blocked)
    page.close()
    yield context
    context.close()
    assert blocked == [], blocked


def refused(context) -> list[tuple]:
    """Responses a person would see as a failure: server errors and the proxy's limits (429)."""
    return [s for s in context.statuses if s[0] >= 500 or s[0] == 429]


def csp_violations(context) -> list[str]:
    return [text for text in context.console if any(word in text for word in CSP_WORDS)]


def drawn(page, context, count: int = 1) -> None:
    """Wait until ``count`` maps have drawn; on failure say what the proxy refused and what the console said."""
    try:
        folium_frames(page, count=count, timeout=90)
    except AssertionError as exc:
        page.screenshot(path=str(artifacts() / "failed-proxy-map.png"))
        raise AssertionError(f"{exc}; refused: {refused(context)[:10]}; console: {context.console[:10]}") from None


def test_every_page_through_the_guide_s_proxy(proxy, browser_context):
    page = browser_context.new_page()
    page.goto(proxy.url + "/")  # a first visit: no cookie, nothing cached
    drawn(page, browser_context)
    page.screenshot(path=str(artifacts() / "proxy-first-visit.png"))
    first_visit = len(browser_context.statuses)
    assets = sum(urlparse(url).path.startswith("/static/") for _, _, url in browser_context.statuses)
    for zone, count in (("assets", assets), ("pages", first_visit - assets)):
        burst = int(re.search(rf"limit_req zone={zone} burst=(\d+)", guide_block()).group(1))
        assert 4 * count <= burst, (zone, count, burst)  # the guide: each burst lets about four first visits through
    connections = int(re.search(r"limit_conn perip (\d+);", guide_block()).group(1))
    assert first_visit <= connections, (first_visit, connections)
    slider = page.locator("input[type='range'][aria-label='Date (map state)']").first
    first = slider.get_attribute("aria-valuetext")
    slider.focus()
    page.keyboard.press("ArrowLeft")  # one day back, over the websocket
    page.wait_for_function("(before) => { const s = document.querySelector(\"input[type='range'][aria-label="
                           "'Date (map state)']\"); return s && s.getAttribute('aria-valuetext') !== before; }",
                           arg=first, timeout=30_000)
    drawn(page, browser_context)
    for link, path, title in PAGES:
        page.get_by_role("link", name=link, exact=True).first.click()
        page.wait_for_url(lambda url, path=path: urlparse(url).path.strip("/") == path, timeout=30_000)
        page.get_by_role("heading", name=title).first.wait_for(timeout=30_000)
        if path == "compare":
            drawn(page, browser_context, count=3)
    drawn(page, browser_context)
    cookies = {c["name"]: c for c in browser_context.cookies()}
    assert cookies["_streamlit_xsrf"]["secure"] and cookies["dashboard_replica"]["secure"]
    assert cookies["dashboard_replica"]["httpOnly"]
    assert refused(browser_context) == [] and csp_violations(browser_context) == []


def test_an_upload_from_the_first_of_two_open_tabs(proxy, browser_context, tmp_path):
    """Both tabs of one browser reach the replica holding the session, whatever Streamlit's cookie says."""
    first = browser_context.new_page()
    first.goto(proxy.url + "/data")
    first.get_by_role("heading", name="Data and sources").first.wait_for(timeout=60_000)
    second = browser_context.new_page()
    second.goto(proxy.url + "/")
    drawn(second, browser_context)
    first.bring_to_front()
    first.get_by_role("tab", name="Upload a snapshot").click()
    csv = tmp_path / "2015-06-30.csv"
    csv.write_text("unit,controlled_pct,low_pct,high_pct,kind,sources,note\n"
                   "UA-43,100,,,estimate,deepstate-derived-daily,\n", encoding="utf-8")
    for _ in range(2):  # the second replaces the first: a DELETE, then a PUT
        first.locator(".st-key-snapshot_upload input[type='file']").set_input_files(str(csv))
        first.get_by_text("Valid: 1 unit for", exact=False).wait_for(timeout=60_000)
    uploads = [s for s in browser_context.statuses if "/_stcore/upload_file/" in s[2]]
    assert uploads and all(status < 300 for status, _, _ in uploads), uploads
    assert refused(browser_context) == [] and csp_violations(browser_context) == []


def documented_headers() -> dict[str, str]:
    """Every ``add_header NAME "VALUE"`` of the guide's block (the cookie header is checked on its own)."""
    return dict(re.findall(r'add_header ([\w-]+) "([^"]*)" always;', guide_block()))


def fetch(url: str, cookie: str | None = None, method: str = "GET"):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {}, method=method,
                                     data=b"x" if method == "PUT" else None)
    try:
        return urllib.request.urlopen(request, timeout=10, context=insecure())
    except urllib.error.HTTPError as exc:
        return exc


def test_documented_headers_private_endpoints_and_the_replica_cookie(proxy):
    headers = documented_headers()
    assert {"Content-Security-Policy", "Strict-Transport-Security", "X-Content-Type-Options",
            "Referrer-Policy"} <= set(headers)
    for path in ("/", "/_stcore/health", "/app/static/vendor/leaflet/leaflet.js"):
        with fetch(proxy.url + path) as response:
            assert response.status == 200, path
            for name, value in headers.items():
                assert response.headers[name] == value, (path, name)
            assert response.headers["Server"] == "nginx", "no version announced"
            cookie = next(c for c in response.headers.get_all("Set-Cookie") if c.startswith("dashboard_replica="))
            assert cookie.startswith("dashboard_replica=") and "Secure" in cookie and "HttpOnly" in cookie
    with fetch(proxy.url + "/", cookie=cookie.split(";")[0]) as response:
        assert response.status == 200
        assert not [c for c in response.headers.get_all("Set-Cookie") or [] if "dashboard_replica" in c]
    for path in ("/_stcore/metrics", "/_stcore/script-health-check"):
        with fetch(proxy.url + path) as response:
            assert response.status == 403, path
            assert "nginx/" not in response.read().decode(errors="replace")


def test_the_upload_limit_counts_files_sent_not_files_removed(proxy):
    """Replacing a file sends a DELETE before the PUT: only the PUTs count (the guide's burst is 10)."""
    target = proxy.url + "/_stcore/upload_file/no-session/no-file"
    deletes = [fetch(target, method="DELETE").status for _ in range(15)]
    puts = [fetch(target, method="PUT").status for _ in range(15)]
    assert 429 not in deletes, deletes
    assert 429 not in puts[:10] and 429 in puts, puts
