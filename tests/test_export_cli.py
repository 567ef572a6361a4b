import subprocess
import sys

import pytest

from territory.paths import REPO_ROOT


def run(*args):
    proc = subprocess.run([sys.executable, "-m", "territory", "export", *map(str, args)], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=180)
    return proc.returncode, proc.stdout, proc.stderr


@pytest.mark.parametrize("fmt, magic", [("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF"),
                                        ("html", b"<!DOCTYPE html>"), ("csv", b"date,iso"),
                                        ("geojson", b'{"type":"FeatureCollection"')])
def test_formats_with_names_that_say_what_they_hold(tmp_path, fmt, magic):
    code, out, err = run("--date", "2025-05-28", "--format", fmt, "--out", tmp_path)
    assert code == 0, err
    path = tmp_path / f"ukraine-control-2025-05-28.{fmt}"
    assert path.read_bytes().startswith(magic)


def test_comparison_and_timelapse(tmp_path):
    code, _, err = run("--date", "2025-05-28", "--compare", "2022-02-23", "--format", "pdf", "--out", tmp_path)
    assert code == 0, err
    assert (tmp_path / "ukraine-control-2022-02-23-vs-2025-05-28.pdf").exists()
    code, _, err = run("--timelapse", "--from", "2022-02-23", "--to", "2022-07-03", "--format", "gif",
                       "--out", tmp_path / "t.gif")
    assert code == 0, err and (tmp_path / "t.gif").read_bytes()[:3] == b"GIF"


@pytest.mark.parametrize("args, message", [
    (["--date", "2025-05-29"], "nearest snapshot dates: 2025-05-20, 2025-05-28, 2025-05-31"),
    (["--date", "2025-05-28", "--units", "UA-14,Atlantis"], "unknown unit(s): Atlantis; valid codes: UA-05"),
    (["--date", "2025-05-28", "--demand", "nope"], "unknown demand 'nope'; valid ids:"),
    (["--date", "2025-05-28", "--format", "bmp"], "unknown format 'bmp'; choose one of png, svg, pdf, html"),
    (["--date", "2025-05-28", "--width", "999"], "unknown width 999; choose one of 1200, 1600, 2400"),
    (["--timelapse", "--format", "png"], "choose gif"),
])
def test_errors_name_the_valid_choices_and_write_nothing(tmp_path, args, message):
    out = tmp_path / "x.png"
    code, _, err = run(*args, "--out", out)
    assert code == 1 and message in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_existing_file_is_kept_without_force(tmp_path):
    out = tmp_path / "map.png"
    out.write_bytes(b"keep me")
    code, _, err = run("--date", "2025-05-28", "--out", out)
    assert code == 1 and "use --force" in err and out.read_bytes() == b"keep me"
    code, _, _ = run("--date", "2025-05-28", "--out", out, "--force")
    assert code == 0 and out.read_bytes().startswith(b"\x89PNG")
    assert [p.name for p in tmp_path.iterdir()] == ["map.png"]  # no temporary file left
