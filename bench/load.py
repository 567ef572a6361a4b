"""Load test of the running app: concurrent sessions on loopback, errors and memory per session.

Starts ``streamlit run dashboard.py`` on a free 127.0.0.1 port (or uses ``--url``), opens ``--sessions``
websocket sessions speaking Streamlit's own protocol (what a browser tab does), and in each runs the
control map for ``--steps`` dates in turn (a rerun per date, as when a visitor moves the slider), with
``--concurrency`` sessions active at once. Every loop is bounded and every wait has a timeout; the server it
started is stopped at the end. Records per session: runs, errors (exceptions shown on the page, failed or
timed-out runs), the median run time, and the server's resident memory after the session's runs.

    python bench/load.py --sessions 20 --concurrency 5 --steps 5 [--json bench/load.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATES = ["2022-03-21", "2023-05-31", "2024-02-29", "2025-05-28", "2026-08-20", "2022-11-30", "2025-12-31"]
RUN_TIMEOUT_S = 90.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server() -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port), "--server.address",
         "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("the server did not start within 90 s")


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def rerun_message(query: str) -> bytes:
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_script_hash = ""
    return msg.SerializeToString()


async def run_once(ws, query: str) -> tuple[float, list[str], int]:
    """One script run; its time, the errors it showed and the number of page elements it sent."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    errors: list[str] = []
    elements = 0
    start = time.perf_counter()
    await ws.send(rerun_message(query))
    deadline = time.monotonic() + RUN_TIMEOUT_S
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            errors.append(f"{query}: no end of run within {RUN_TIMEOUT_S:g} s")
            break
        msg = ForwardMsg()
        msg.ParseFromString(await asyncio.wait_for(ws.recv(), remaining))
        kind = msg.WhichOneof("type")
        if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            elements += 1
            if msg.delta.new_element.WhichOneof("type") == "exception":
                errors.append(f"{query}: {msg.delta.new_element.exception.message[:200]}")
        elif kind == "script_finished":
            if msg.script_finished not in (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY):
                if msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    errors.append(f"{query}: run ended with status {msg.script_finished}")
            break
    return time.perf_counter() - start, errors, elements


async def session(index: int, url: str, steps: int, server_pid: int | None) -> dict:
    import websockets

    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    times: list[float] = []
    errors: list[str] = []
    elements = 0
    try:
        async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=200_000_000,
                                      open_timeout=30) as ws:
            for step in range(steps):
                elapsed, errs, shown = await run_once(ws, f"date={DATES[(index + step) % len(DATES)]}")
                times.append(elapsed)
                elements += shown
                errors += errs
    except Exception as exc:  # a refused or dropped connection is a result of the load test, not a crash of it
        errors.append(f"session: {type(exc).__name__}: {str(exc)[:200]}")
    return {"session": index, "runs": len(times), "elements_shown": elements, "errors": errors,
            "median_run_ms": round(1000 * statistics.median(times), 1) if times else None,
            "server_rss_mb_after": round(rss_mb(server_pid), 1) if server_pid else None}


async def load(url: str, sessions: int, concurrency: int, steps: int, server_pid: int | None) -> list[dict]:
    gate = asyncio.Semaphore(concurrency)

    async def limited(i: int) -> dict:
        async with gate:
            return await session(i, url, steps, server_pid)
    return await asyncio.gather(*(limited(i) for i in range(sessions)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=5)
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--url", help="an app already running on loopback (its memory is then not measured)")
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args()
    if args.url and not args.url.startswith(("http://127.0.0.1", "http://localhost")):
        parser.error("--url must be on loopback")
    proc, url = (None, args.url) if args.url else start_server()
    pid = proc.pid if proc else None
    try:
        if pid:  # one warm-up session: loads the data and fills the caches shared by every session
            asyncio.run(load(url, 1, 1, 1, pid))
        baseline = rss_mb(pid) if pid else None
        started = time.perf_counter()
        results = asyncio.run(load(url, args.sessions, args.concurrency, args.steps, pid))
        wall = time.perf_counter() - started
        after = rss_mb(pid) if pid else None
    finally:
        if proc:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
    runs = sum(r["runs"] for r in results)
    errors = [e for r in results for e in r["errors"]]
    summary = {"sessions": args.sessions, "concurrency": args.concurrency, "steps": args.steps, "runs": runs,
               "errors": len(errors), "wall_s": round(wall, 1),
               "median_run_ms": round(statistics.median([r["median_run_ms"] for r in results if r["median_run_ms"]] or [0]), 1),
               "server_rss_mb_baseline": round(baseline, 1) if baseline else None,
               "server_rss_mb_after": round(after, 1) if after else None,
               "rss_mb_per_session": round((after - baseline) / args.sessions, 2) if baseline else None}
    print(json.dumps(summary, indent=2))
    for error in errors[:20]:
        print("error:", error, file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "sessions": results}, indent=2) + "\n")
    return 1 if errors else 0


if __name__ == "__main__":
    os.chdir(ROOT)
    raise SystemExit(main())
