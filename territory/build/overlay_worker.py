"""The overlay of an uploaded map, run in a separate process with a memory and a time limit.

A hostile or simply huge upload must not take the server's memory or keep a CPU busy after its visitor has
gone. :func:`derive_in_worker` runs the whole read → repair → union → overlay in ``python -m
territory.build.overlay_worker``, whose address space is capped with ``RLIMIT_AS``; at most ``MAX_WORKERS`` run
at once; a worker still running after ``TIME_LIMIT_S`` seconds, or when ``cancelled()`` turns true (the
session ended), is killed. Input and output are plain JSON on the pipes, never pickles.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import subprocess
import sys
import threading
import time
from collections.abc import Callable

from territory.base.paths import REPO_ROOT
from territory.base.problems import DataError, Problem
from territory.build.overlay import Derived, UnitShare, area_geojson, derive_shares, read_control_area

#: Address space of one worker (the interpreter with geopandas and the units takes about 500 MB of it).
MEMORY_LIMIT_BYTES = 1_200_000_000
#: Wall-clock seconds one overlay may take.
TIME_LIMIT_S = 60
#: Overlays running at once in one server process; a further upload waits up to ``QUEUE_WAIT_S`` seconds.
MAX_WORKERS = 2
QUEUE_WAIT_S = 30
_SLOTS = threading.BoundedSemaphore(MAX_WORKERS)
_POLL_S = 0.25
_WORKER_ENV = {"ARROW_DEFAULT_MEMORY_POOL": "system",  # mimalloc would reserve 1 GiB of address space
               "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MALLOC_ARENA_MAX": "2",
               "OGR_SKIP": "OGR_VRT", "PYTHONWARNINGS": "ignore"}


def derive_in_worker(data: bytes, label: str, date: dt.date, filters: dict[str, str] | None = None, *,
                     cancelled: Callable[[], bool] = lambda: False,
                     memory_bytes: int = MEMORY_LIMIT_BYTES, timeout_s: float = TIME_LIMIT_S):
    """Derive per-unit shares of an uploaded GeoJSON map in a limited worker process.

    Parameters
    ----------
    data, label
        The uploaded bytes (read as GeoJSON) and the name used in messages.
    date, filters
        As for :func:`territory.build.overlay.derive_shares` and :func:`territory.build.overlay.read_control_area`.
    cancelled
        Polled while the worker runs; when it returns True the worker is killed.
    memory_bytes, timeout_s
        The worker's address-space limit and wall-clock limit.

    Returns
    -------
    tuple[Derived, dict]
        The derived shares and the control area as simplified longitude/latitude GeoJSON for drawing.

    Raises
    ------
    DataError
        The map was refused, or the worker ran out of memory or time, or the server was busy.
    """
    if not _SLOTS.acquire(timeout=QUEUE_WAIT_S):
        raise DataError([Problem(label, 0, "the server is busy with other maps; try again in a minute")])
    try:
        reply = _run(data, label, date, filters or {}, cancelled, memory_bytes, timeout_s)
    finally:
        _SLOTS.release()
    if "problems" in reply:
        raise DataError([Problem(label, int(line), str(message)) for line, message in reply["problems"]])
    return _derived_from_json(reply["derived"]), reply["area"]


def _run(data: bytes, label: str, date: dt.date, filters: dict, cancelled: Callable[[], bool],
         memory_bytes: int, timeout_s: float) -> dict:
    request = json.dumps({"label": label, "date": date.isoformat(), "filters": filters,
                          "memory_bytes": memory_bytes}).encode() + b"\n"
    env = {**os.environ, **_WORKER_ENV,
           "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
    proc = subprocess.Popen([sys.executable, "-m", "territory.build.overlay_worker"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=REPO_ROOT, env=env)
    # One communicate() in a helper thread feeds the whole input and collects the reply; this thread only
    # watches the clock and the session. (Retrying communicate() with a timeout stops feeding the input after
    # the first call: a map larger than the pipe's 64 KB never reached a worker slow to start.)
    replies: list[bytes] = []
    talker = threading.Thread(target=lambda: replies.append(proc.communicate(request + data)[0]), daemon=True)
    talker.start()
    deadline = time.monotonic() + timeout_s
    try:
        while talker.is_alive():
            talker.join(_POLL_S)
            if not talker.is_alive():
                break
            if cancelled():
                return {"problems": [(0, "cancelled: the page was closed or changed")]}
            if time.monotonic() > deadline:
                return {"problems": [(0, f"the map took longer than {timeout_s:g} s to process; "
                                         "simplify it (fewer vertices) and try again")]}
    finally:
        if proc.poll() is None:
            proc.kill()
        talker.join()  # returns once the killed worker's pipes close
        proc.wait()
    try:
        return json.loads(replies[0])
    except (IndexError, ValueError, UnicodeDecodeError):
        return {"problems": [(0, f"the map could not be processed within {memory_bytes / 1e6:,.0f} MB of memory "
                                 "(the worker stopped); simplify it and try again")]}


def _derived_from_json(doc: dict):

    shares = [UnitShare(**share) for share in doc["shares"]]
    return Derived(dt.date.fromisoformat(doc["date"]), doc["label"], shares, list(doc["notes"]))


def _derived_to_json(derived) -> dict:
    from dataclasses import asdict

    return {"date": derived.date.isoformat(), "label": derived.label, "notes": derived.notes,
            "shares": [asdict(s) for s in derived.shares]}


def _work(stdin, stdout) -> None:
    """The worker: one request line, the map's bytes, one JSON reply."""
    request = json.loads(stdin.readline())
    limit = int(request["memory_bytes"])
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    data = stdin.read()
    try:
        from shapely.errors import GEOSException


        area = read_control_area(REPO_ROOT / "upload.geojson", request["filters"], data=data, label=request["label"])
        del data
        derived = derive_shares(area, dt.date.fromisoformat(request["date"]))
        reply: dict[str, object] = {"derived": _derived_to_json(derived), "area": area_geojson(area)}
    except DataError as exc:
        reply = {"problems": [(p.line, p.message) for p in exc.problems]}
    except (MemoryError, GEOSException):
        reply = {"problems": [(0, f"the map needs more than {limit / 1e6:,.0f} MB of memory to process; "
                                  "simplify it and try again")]}
    stdout.write(json.dumps(reply).encode())
    stdout.flush()


if __name__ == "__main__":
    _work(sys.stdin.buffer, sys.stdout.buffer)
