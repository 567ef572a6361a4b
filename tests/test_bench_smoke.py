"""The benchmark script works (numbers are not checked here: never put timings in tests)."""

import json
import subprocess
import sys

import pytest

from territory.base.paths import REPO_ROOT

pytestmark = pytest.mark.slow


def test_bench_quick_runs_and_writes_json(tmp_path):
    out = tmp_path / "bench.json"
    proc = subprocess.run([sys.executable, "-m", "bench.run", "--quick", "--no-browser", "--json", str(out)],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    measures = {m["name"]: m for m in json.loads(out.read_text())}
    assert {"rerun_after_slider_step", "map_bytes_per_slider_step", "export_png_1600",
            "overlay_3000_vertices_per_date", "cold_cli_summary"} <= set(measures)
    for m in measures.values():
        assert {"name", "unit", "median", "min", "max", "runs"} <= set(m)
    assert measures["rerun_after_slider_step"]["baseline_median"] is not None

