"""Atomic writes: only regular files replaced, several files together or not at all, no temporary left."""

from __future__ import annotations

import fcntl
import os
import signal
import stat
import subprocess
import sys

import pytest

from territory.base import atomic
from territory.base.atomic import (
    FileExistsRefused,
    NotARegularFile,
    remove_stale_temporaries,
    write_bytes_atomic,
    write_files_atomic,
)
from territory.base.paths import REPO_ROOT


def make_old(path):
    os.utime(path, (0, 0))  # a leftover from long ago (no waiting in tests)


@pytest.mark.parametrize("kind", ["fifo", "folder", "link-to-fifo", "link-to-folder"])
def test_force_replaces_only_regular_files(tmp_path, kind):
    fifo, folder = tmp_path / "fifo", tmp_path / "folder"
    os.mkfifo(fifo)
    folder.mkdir()
    target = {"fifo": fifo, "folder": folder}.get(kind, tmp_path / "link")
    if kind.startswith("link"):
        target.symlink_to(fifo if kind.endswith("fifo") else folder)
    with pytest.raises(NotARegularFile) as info:
        write_bytes_atomic(target, b"data", overwrite=True)
    assert "not a regular file" in info.value.strerror
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and folder.is_dir() and not any(folder.iterdir())
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["fifo", "folder"] + (["link"] if "link" in kind else []))


def test_force_replaces_a_regular_file_and_a_link_to_one(tmp_path):
    target = tmp_path / "a.csv"
    target.write_bytes(b"old")
    write_bytes_atomic(target, b"new", overwrite=True)
    assert target.read_bytes() == b"new"
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    write_bytes_atomic(link, b"newer", overwrite=True)
    assert link.read_bytes() == b"newer" and not link.is_symlink() and target.read_bytes() == b"new"


def test_without_force_even_a_dangling_link_is_kept(tmp_path):
    link = tmp_path / "out.png"
    link.symlink_to(tmp_path / "nowhere")
    with pytest.raises(FileExistsRefused):
        write_bytes_atomic(link, b"x")
    assert link.is_symlink()


def test_files_written_together_or_not_at_all(tmp_path):
    a, b = tmp_path / "2025-05-28.csv", tmp_path / "sources.csv"
    b.write_bytes(b"old sources")
    with pytest.raises(FileExistsRefused):  # b exists and may not be replaced: a is not written either
        write_files_atomic([(a, b"snapshot", False), (b, b"new sources", False)])
    assert not a.exists() and b.read_bytes() == b"old sources"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sources.csv"]


def test_a_failure_while_renaming_rolls_back_what_was_written(tmp_path, monkeypatch):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_bytes(b"old a")
    b.write_bytes(b"old b")
    real_replace = os.replace
    calls = []

    def replace(src, dst):
        calls.append(dst)
        if str(dst) == str(b):
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)
    monkeypatch.setattr(atomic.os, "replace", replace)
    with pytest.raises(OSError, match="No space"):
        write_files_atomic([(a, b"new a", True), (b, b"new b", True)])
    monkeypatch.undo()
    assert a.read_bytes() == b"old a" and b.read_bytes() == b"old b"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "b.csv"]


def test_leftovers_of_a_killed_writer_are_removed_by_the_next_write(tmp_path):
    old_style = tmp_path / ".timelapse.gif.k3j4h5g6.tmp"  # the earlier naming, left by a killed export
    new_style = tmp_path / ".timelapse.gif.abcd1234.territory-tmp"
    fresh = tmp_path / ".other.png.zzzz9999.territory-tmp"  # too young: its writer may just have started
    locked = tmp_path / ".busy.png.yyyy8888.territory-tmp"  # a live writer holds its lock
    someone_elses = tmp_path / ".cache.abcdefgh.tmp"  # not ours: another name
    for path in (old_style, new_style, fresh, locked, someone_elses):
        path.write_bytes(b"x" * 100)
    for path in (old_style, new_style, locked, someone_elses):
        make_old(path)
    fd = os.open(locked, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        write_bytes_atomic(tmp_path / "timelapse.gif", b"GIF89a", overwrite=True)
    finally:
        os.close(fd)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted([fresh.name, locked.name, someone_elses.name, "timelapse.gif"])


def test_a_fifo_with_a_temporary_name_is_not_opened(tmp_path):
    os.mkfifo(tmp_path / ".x.aaaa1111.territory-tmp")
    make_old(tmp_path / ".x.aaaa1111.territory-tmp")
    assert remove_stale_temporaries(tmp_path) == []  # returns at once: a FIFO is not a file of ours


def test_a_failed_write_leaves_no_temporary(tmp_path, monkeypatch):
    monkeypatch.setattr(atomic.os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(5, "I/O error")))
    with pytest.raises(OSError):
        write_bytes_atomic(tmp_path / "a.pdf", b"%PDF")
    assert list(tmp_path.iterdir()) == []


def test_long_names(tmp_path):
    name = "ж" * 120 + ".csv"  # 244 bytes: allowed, and its temporary name must fit too
    write_bytes_atomic(tmp_path / name, b"ok")
    assert (tmp_path / name).read_bytes() == b"ok"
    with pytest.raises(OSError) as info:
        write_bytes_atomic(tmp_path / ("x" * 300 + ".csv"), b"no")
    assert info.value.errno == 36  # ENAMETOOLONG: an OSError the command line reports in one line
    assert [p.name for p in tmp_path.iterdir()] == [name]


# --- a real export or derive killed while it writes -------------------------------------------------------------

PAUSED_WRITER = """
import os
import sys

real_fsync = os.fsync


def fsync_then_wait(fd):
    real_fsync(fd)
    print("staged", flush=True)  # the temporary file is complete and not yet renamed
    sys.stdin.readline()  # wait here for the signal


os.fsync = fsync_then_wait
from territory.cli.main import main

raise SystemExit(main(sys.argv[1:]))
"""


def temporaries(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((atomic.TMP_SUFFIX, ".tmp")))


def command(kind: str, folder):
    if kind == "export":
        return ["export", "--date", "2025-05-28", "--format", "csv", "--out", str(folder / "out.csv")]
    area = folder.parent / "area_20250528.geojson"
    area.write_text('{"type": "Polygon", "coordinates": [[[35, 47], [36, 47], [36, 48], [35, 48], [35, 47]]]}')
    return ["derive", str(area), "--format", "csv", "--out", str(folder / "out.csv")]


def kill_while_writing(args: list[str], signum: int) -> subprocess.CompletedProcess:
    proc = subprocess.Popen([sys.executable, "-c", PAUSED_WRITER, *args], cwd=REPO_ROOT, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line == "staged\n", line + proc.communicate(timeout=60)[1]
        os.kill(proc.pid, signum)
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return subprocess.CompletedProcess(args, proc.returncode, out, err)


@pytest.mark.parametrize("kind", ["export", "derive"])
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL])
def test_a_killed_write_leaves_no_temporary_after_the_next_write(tmp_path, kind, signum, cli):
    folder = tmp_path / "out"
    folder.mkdir()
    args = command(kind, folder)
    killed = kill_while_writing(args, signum)
    assert not (folder / "out.csv").exists()  # never half a file under the target name
    if signum == signal.SIGTERM:  # the CLI turns SIGTERM into an exception: its finally removes the temporary
        assert killed.returncode == 128 + signal.SIGTERM and killed.stderr.strip().endswith("terminated")
        assert temporaries(folder) == []
    else:  # no finally runs on SIGKILL: the temporary stays until the next write into the folder
        assert killed.returncode == -signal.SIGKILL
        assert len(temporaries(folder)) == 1
    for leftover in temporaries(folder):
        make_old(folder / leftover)  # as if the next run came a while later (no waiting in tests)
    code, _, err = cli(*args)  # the next write (in this process: only the kill needs a process of its own)
    assert code == 0, err
    assert temporaries(folder) == []
    assert sorted(p.name for p in folder.iterdir()) == ["out.csv"] if kind == "export" else \
        {"out.csv"} <= {p.name for p in folder.iterdir()}
