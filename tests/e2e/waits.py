"""The browser tests' one way to wait: for what the page shows, with Playwright's ``expect``; never a fixed time.

``app_idle`` waits until Streamlit has finished the script run the page asked for (the app root's
``data-test-script-state`` attribute) and drawn no placeholder; a test then asserts what the page shows, or
waits for that with ``expect(locator).to_have_text(...)`` and friends. ``until`` polls a condition outside
the page (a process, a file) with the same timeout rule.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from playwright.sync_api import expect

#: How long a wait may take on a busy machine before the test fails (ms).
TIMEOUT_MS = 60_000


def app_idle(page, timeout: float = TIMEOUT_MS) -> None:
    """Streamlit's script run is over and nothing on the page is a placeholder any more."""
    expect(page.locator("[data-testid='stApp']")).to_have_attribute("data-test-script-state", "notRunning",
                                                                    timeout=timeout)
    expect(page.locator("[data-testid='stSkeleton']")).to_have_count(0, timeout=timeout)
    expect(page.locator("[data-testid='stStatusWidget']")).to_have_count(0, timeout=timeout)


def until(condition: Callable[[], bool], page=None, timeout: float = TIMEOUT_MS) -> bool:
    """Poll a condition outside the page until it holds or ``timeout`` ms pass; its last value. With a page,
    the page's own events keep flowing while it waits (Playwright's sync API runs them only in its calls)."""
    deadline = time.monotonic() + timeout / 1000
    while not condition():
        if time.monotonic() > deadline:
            return condition()
        if page is not None:
            page.wait_for_timeout(100)  # lets the page's events run; the loop ends on the condition, not a time
        else:
            time.sleep(0.1)
    return True


def map_frames(page) -> list:
    """The page's maps' frames: the control map's timeline (in the page itself) and st_folium's iframes."""
    frames = [f for f in page.frames if "streamlit_folium" in f.url]
    try:
        if page.main_frame.evaluate("() => !!window.__territoryTimeline"):
            frames.insert(0, page.main_frame)
    except Exception:  # the page is navigating
        pass
    return frames


def map_value(page, script: str, accept: Callable[[object], bool], timeout: float = TIMEOUT_MS):
    """The first value of ``script`` evaluated in one of the page's maps that ``accept`` takes, waiting for it
    (a map's frame may be loading or redrawn meanwhile); AssertionError with the last values if none comes."""
    seen: list = []

    def found() -> bool:
        seen.clear()
        for frame in map_frames(page):
            try:
                value = frame.evaluate(script)
            except Exception:  # the frame is loading or being redrawn
                continue
            seen.append(value)
            if accept(value):
                seen.insert(0, value)
                return True
        return False

    if not until(found, page, timeout):
        raise AssertionError(f"no map gave an accepted value within {timeout / 1000:.0f} s; last: {seen!r:.500}")
    return seen[0]
