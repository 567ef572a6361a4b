import csv
import json
import os
import re
import resource
import stat
import subprocess
import sys
import zipfile

import pytest
from shapely.geometry import mapping

from territory.base.paths import REPO_ROOT
from territory.data.geodata import unit_geometries
from tests.crafted_maps import spiky_star


def run(*args):
    """The real entry point in a new process (most tests use the in-process ``cli`` fixture: same code, no start-up)."""
    proc = subprocess.run([sys.executable, "-m", "territory", *map(str, args)], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=300)
    return proc.returncode, proc.stdout, proc.stderr


@pytest.fixture(scope="module")
def maps(tmp_path_factory):
    folder = tmp_path_factory.mktemp("maps")
    units = dict(zip(*[unit_geometries("full")[c] for c in ("iso", "geometry")], strict=True))
    for name, isos in [("occupied_20250528.geojson", ["UA-43", "UA-40", "UA-09"]),
                       ("2025-05-31.geojson", ["UA-43", "UA-40", "UA-09", "UA-14"])]:
        doc = {"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"status": "occupied"}, "geometry": mapping(units[i])} for i in isos]}
        (folder / name).write_text(json.dumps(doc), encoding="utf-8")
    return folder


def test_json_uses_the_summary_keys(maps, cli):
    code, out, err = cli("derive", maps / "occupied_20250528.geojson", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["date"] == "2025-05-28"
    unit = next(u for u in data["units"] if u["iso"] == "UA-09")
    assert set(unit) >= {"iso", "name", "controlled_pct", "low_pct", "high_pct", "controlled_km2", "sources"}
    assert unit["controlled_pct"] == 100
    assert set(data["total"]) >= {"controlled_km2", "pct_of_ukraine"}


def test_needs_a_date(tmp_path, maps, cli):
    nameless = tmp_path / "map.geojson"
    nameless.write_bytes((maps / "2025-05-31.geojson").read_bytes())
    code, _, err = cli("derive", nameless)
    assert code == 1 and "no date: give --date" in err
    code, out, _ = cli("derive", nameless, "--date", "2025-06-01", "--format", "csv")
    assert code == 0 and "2025-06-01,map.geojson,UA-14" in out


def test_many_files_to_a_folder_make_valid_snapshots(tmp_path, maps, cli):
    out = tmp_path / "snapshots"
    out.mkdir()
    code, stdout, err = cli("derive", maps, "--filter", "status=occupied", "--out", out)
    assert code == 0, err
    assert "[1/2]" in err and "[2/2]" in err  # progress
    assert sorted(p.name for p in out.iterdir()) == ["2025-05-28.csv", "2025-05-31.csv", "sources.csv"]
    code, stdout, err = cli("validate", out)
    assert code == 0, err
    assert "2 snapshots" in stdout
    sources = (out / "sources.csv").read_text()
    assert "occupied_20250528.geojson" in sources and "estimate" in sources
    # never overwritten without --force
    before = (out / "2025-05-28.csv").read_bytes()
    code, _, err = cli("derive", maps, "--out", out)
    assert code == 1 and "exists; not replaced (use --force)" in err
    assert (out / "2025-05-28.csv").read_bytes() == before
    code, _, err = cli("derive", maps, "--out", out, "--force")
    assert code == 0, err


def test_bad_input_exit_1_with_message(tmp_path):
    bad = tmp_path / "points_20250528.geojson"
    bad.write_text(json.dumps({"type": "Feature", "properties": {},
                               "geometry": {"type": "Point", "coordinates": [35, 48]}}))
    code, _, err = run("derive", bad)
    assert code == 1 and "not a polygon layer" in err and "Traceback" not in err


# --- hostile files and output folders (issue 16) ------------------------------------------------------------

ONE_LINE = re.compile(r"^(\S.*:\d+: \S.*|error: \S.*|\[\d+/\d+\] .*)$")


def assert_clean_failure(code, err):
    assert code == 1, err
    assert "Traceback" not in err and "Warning" not in err
    for line in err.splitlines():
        assert ONE_LINE.match(line), line


@pytest.fixture
def square(tmp_path):
    path = tmp_path / "area_20250528.geojson"
    path.write_text(json.dumps({"type": "Polygon", "coordinates": [[[35, 47], [36, 47], [36, 48], [35, 48], [35, 47]]]}))
    return path


def test_output_folder_that_is_missing_or_not_a_folder(tmp_path, square, cli):
    code, _, err = cli("derive", square, "--out", tmp_path / "missing" / "out.csv", "--format", "csv")
    assert_clean_failure(code, err)
    assert "nothing was written" in err
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = cli("derive", square, "--out", blocker / "out.csv")
    assert_clean_failure(code, err)


def test_output_name_over_255_bytes(tmp_path, square, cli):
    code, _, err = cli("derive", square, "--out", tmp_path / ("x" * 300))
    assert_clean_failure(code, err)
    assert "File name too long" in err


@pytest.mark.parametrize("registry, message", [
    (b"name,title\nx,y\n", "no 'id' column"),
    ("id,publisher\nä,b\n".encode("latin-1"), "not UTF-8"),
    (None, "not a regular file"),
])
def test_bad_sources_csv_in_the_output_folder_writes_nothing(tmp_path, square, registry, message, cli):
    out = tmp_path / "snapshots"
    out.mkdir()
    if registry is None:
        (out / "sources.csv").mkdir()
    else:
        (out / "sources.csv").write_bytes(registry)
    code, _, err = cli("derive", square, "--out", out)
    assert_clean_failure(code, err)
    assert message in err
    assert sorted(p.name for p in out.iterdir()) == ["sources.csv"]  # no snapshot without its source
    if registry is not None:
        assert (out / "sources.csv").read_bytes() == registry


def test_sources_csv_with_other_column_order_gets_rows_in_its_order(tmp_path, square, cli):
    out = tmp_path / "snapshots"
    out.mkdir()
    (out / "sources.csv").write_text("publisher,id,title,date,url,licence,kind,method\n")
    code, _, err = cli("derive", square, "--out", out)
    assert code == 0, err
    rows = list(csv.DictReader((out / "sources.csv").open(encoding="utf-8")))
    assert rows[0]["id"].startswith("derived-2025-05-28") and rows[0]["kind"] == "estimate"


def test_force_refuses_a_fifo(tmp_path, square, cli):
    fifo = tmp_path / "out.csv"
    os.mkfifo(fifo)
    code, _, err = cli("derive", square, "--format", "csv", "--out", fifo, "--force")
    assert_clean_failure(code, err)
    assert "not a regular file" in err and stat.S_ISFIFO(os.stat(fifo).st_mode)


@pytest.mark.parametrize("text, message", [
    ('{"type": "Polygon", "coordinates": [[[1e308, 47], [-1e308, 47], [36, 1e308], [1e308, 47]]]}',
     "coordinates out of range"),
    ('{"type": "Feature", "properties": {"n": ' + "9" * 4400 + '}, "geometry": {"type": "Polygon", '
     '"coordinates": [[[35, 47], [36, 47], [36, 48], [35, 47]]]}}', None),
])
def test_hostile_numbers(tmp_path, text, message, cli):
    path = tmp_path / "numbers_20250528.geojson"
    path.write_text(text)
    code, out, err = cli("derive", path, "--format", "csv")
    if message:
        assert_clean_failure(code, err)
        assert message in err
    else:
        assert code == 0 and "Traceback" not in err and "UA-23" in out


def test_a_dense_valid_polygon_under_a_1_gb_address_space(tmp_path):
    # under every limit the reader checks, yet 2.4 GB for the overlay without a limit: a message, not a crash
    path = spiky_star(tmp_path / "star_20250528.geojson")
    code, _, err = _limited("derive", path)
    assert_clean_failure(code, err)
    assert "not enough memory to process this map" in err


def _limited(*args, memory=1 << 30):
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    proc = subprocess.run([sys.executable, "-m", "territory", *map(str, args)], cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=120, preexec_fn=limit)
    return proc.returncode, proc.stdout, proc.stderr


def test_one_gib_kmz_under_a_1_gb_address_space(tmp_path):
    bomb = tmp_path / "bomb_20250528.kmz"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf, \
            zf.open("doc.kml", "w", force_zip64=True) as member:
        member.write(b'<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>')
        for _ in range(64):
            member.write(b" " * (1 << 24))  # 1 GiB in all
        member.write(b"</Document></kml>")
    assert bomb.stat().st_size < 5_000_000
    code, _, err = _limited("derive", bomb)
    assert_clean_failure(code, err)
    assert "inflates to 1,073,741,9" in err and "the limit is 50,000,000 bytes" in err


def test_60000_vertex_self_intersecting_ring_under_a_1_gb_address_space(tmp_path):
    import random
    rng = random.Random(16)
    ring = [[rng.uniform(33, 39), rng.uniform(46, 51)] for _ in range(60_000)]
    path = tmp_path / "tangle_20250528.geojson"
    path.write_text(json.dumps({"type": "Polygon", "coordinates": [ring + [ring[0]]]}))
    code, _, err = _limited("derive", path)
    assert_clean_failure(code, err)
    assert "crosses itself at more than 10,000 points" in err
