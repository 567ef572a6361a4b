"""DeepState map files from files, folders and bare git directories, each dated to the day whose map it shows.

Two public archives of DeepState's map are understood by their file names (see series/README.md):

- ``<unix seconds>.geojson``: a raw file of DeepState's history API (DanielRose2310/deepstatemaps-history),
  published at that moment (UTC): it shows the map of that UTC day. Features carry DeepState's fill colours,
  so occupied and grey ("status unknown") areas can be told apart.
- ``deepstatemap_data_YYYYMMDD.geojson``: the occupied area as fetched by cyterat/deepstate-map-data at about
  03:00 UTC on that date. Until July 2025 it shows the map of the day before; from 31 July 2025 on, DeepState
  publishes each day's map the next morning, after the fetch, so a file shows the map of two days before its
  date (``series_dating``: every version of the archive matched to the history archive where both exist; a
  bare git directory of the archive is dated version by version that way, a file on its own by this rule).

Any other file needs a date in its name (``map_2026-09-01.geojson``) and shows that day.
Where several files show one day, a raw history file (it has the grey zone) wins over an occupied-only file,
and within a kind the latest published one wins.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from territory.base.filedates import DAILY_NAME, date_map_file
from territory.base.problems import DataError, Problem

MAP_SUFFIXES = (".geojson", ".json")
#: Archive kinds by how much they tell: a raw history file has the grey zone, an occupied-only file has not.
KIND_RANK = {"history": 2, "file": 1, "daily": 0}


@dataclass(frozen=True)
class Skipped:
    """A file in an archive that carries no date in its name (not a daily map): left out, with a note."""

    origin: str


@dataclass(frozen=True)
class MapFile:
    """One DeepState map file: its name (as recorded in the series), the day it shows, how to read it."""

    name: str
    day: dt.date
    moment: dt.datetime
    kind: str
    read: Callable[[], bytes]
    origin: str

    @property
    def rank(self) -> tuple[int, dt.datetime]:
        return KIND_RANK[self.kind], self.moment


def is_bare_git_dir(path: Path) -> bool:
    return path.is_dir() and (path / "HEAD").is_file() and (path / "objects").is_dir()


class GitBlobReader:
    """Reads blobs of one bare git directory through one long-lived ``git cat-file --batch``."""

    def __init__(self, git_dir: Path):
        self.git_dir = git_dir
        self._process: subprocess.Popen | None = None

    def read(self, object_id: str) -> bytes:
        if self._process is None:
            self._process = subprocess.Popen(["git", "--git-dir", str(self.git_dir), "cat-file", "--batch"],
                                             stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        process = self._process
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(object_id.encode() + b"\n")
        process.stdin.flush()
        header = process.stdout.readline().split()
        if len(header) != 3:
            raise DataError([Problem(str(self.git_dir), 0, f"git object {object_id} is missing")])
        data = process.stdout.read(int(header[2]))
        process.stdout.read(1)
        return data

    def close(self) -> None:
        if self._process is not None:
            self._process.stdin.close()  # type: ignore[union-attr]
            self._process.wait()
            self._process = None


def _git(git_dir: Path, *args: str) -> str:
    result = subprocess.run(["git", "--git-dir", str(git_dir), *args], capture_output=True, text=True)
    if result.returncode != 0:
        raise DataError([Problem(str(git_dir), 0, f"git {args[0]} failed: {result.stderr.strip()[:200]}")])
    return result.stdout


def git_map_blobs(git_dir: Path) -> dict[str, str]:
    """Path -> blob id of the newest version of every map file ever committed (a file updated in place or
    deleted later still counts, with its last content)."""
    newest: dict[str, str] = {}
    log = _git(git_dir, "log", "--all", "--format=%x00%H", "--name-status", "--no-renames", "--diff-filter=AMD")
    commit = ""
    deleted: set[str] = set()
    names: set[str] = set()
    for line in log.splitlines():
        if line.startswith("\x00"):
            commit = line[1:]
            continue
        if not line.strip():
            continue
        status, _, path = line.partition("\t")
        name = path.rsplit("/", 1)[-1]
        if not path.lower().endswith(MAP_SUFFIXES) or path in newest:
            continue
        if status != "D" and name in names:  # the same file moved between folders: keep the newest
            continue
        if status == "D":
            deleted.add(path)
            continue
        newest[path] = commit
        names.add(name)
    ids: dict[str, str] = {}
    if not newest:
        return ids
    # resolve commit:path to blob ids in one batch
    query = "".join(f"{commit}:{path}\n" for path, commit in newest.items())
    result = subprocess.run(["git", "--git-dir", str(git_dir), "cat-file", "--batch-check"], input=query,
                            capture_output=True, text=True, check=True)
    for path, line in zip(newest, result.stdout.splitlines(), strict=True):
        parts = line.split()
        if len(parts) == 3 and parts[1] == "blob":
            ids[path] = parts[0]
    return ids


def _file_reader(path: Path) -> Callable[[], bytes]:
    return path.read_bytes


def iter_map_files(paths: list[Path], readers: list[GitBlobReader] | None = None
                   ) -> Iterator[MapFile | Problem | Skipped]:
    """Every dated map file under the given paths. A file named on its own that cannot be dated is a Problem;
    one inside a folder or archive is Skipped (archives hold other GeoJSON files too)."""
    for path in paths:
        if is_bare_git_dir(path):
            reader = GitBlobReader(path)
            if readers is not None:
                readers.append(reader)
            for repo_path, blob in sorted(git_map_blobs(path).items()):
                yield from _dated(Path(repo_path).name, partial(reader.read, blob), f"{path}:{repo_path}",
                                  strict=False)
        elif path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.suffix.lower() in MAP_SUFFIXES and p.is_file()):
                yield from _dated(file.name, _file_reader(file), str(file), strict=False)
        elif path.is_file():
            yield from _dated(path.name, _file_reader(path), str(path))
        else:
            yield Problem(str(path), 0, "no such file, folder or git directory")


def _dated(name: str, read: Callable[[], bytes], origin: str, strict: bool = True
           ) -> Iterator[MapFile | Problem | Skipped]:
    dated = date_map_file(name)
    if dated is None and not strict:
        yield Skipped(origin)
        return
    if dated is None:
        yield Problem(origin, 0, "no date in the file name (expected <unix time>.geojson, "
                                 "deepstatemap_data_YYYYMMDD.geojson or a YYYY-MM-DD in the name)")
        return
    day, moment, kind = dated
    yield MapFile(name, day, moment, kind, read, origin)


def latest_per_day(files: list[MapFile]) -> dict[dt.date, MapFile]:
    """The file that shows each day's final map state (see the module doc for which one wins)."""
    best: dict[dt.date, MapFile] = {}
    for file in files:
        current = best.get(file.day)
        if current is None or file.rank > current.rank:
            best[file.day] = file
    return dict(sorted(best.items()))


def git_daily_versions(git_dir: Path) -> list[tuple[str, str, dt.datetime]]:
    """(path, blob id, fetched) of every version of every daily file ever committed, once per content and
    time: the author time is when the file was fetched (a later rebase changes only the commit time)."""
    log = _git(git_dir, "log", "--all", "--format=%x00%H %at", "--name-status", "--no-renames", "--diff-filter=AM")
    entries: list[tuple[str, str, int]] = []
    commit, when = "", 0
    for line in log.splitlines():
        if line.startswith("\x00"):
            commit, stamp = line[1:].split()
            when = int(stamp)
            continue
        status, _, path = line.partition("\t")
        if path and DAILY_NAME.match(path.rsplit("/", 1)[-1]):
            entries.append((path, commit, when))
    if not entries:
        return []
    query = "".join(f"{commit}:{path}\n" for path, commit, _ in entries)
    result = subprocess.run(["git", "--git-dir", str(git_dir), "cat-file", "--batch-check"], input=query,
                            capture_output=True, text=True, check=True)
    found = set()
    for (path, _, when), line in zip(entries, result.stdout.splitlines(), strict=True):
        parts = line.split()
        if len(parts) == 3 and parts[1] == "blob":
            found.add((path, parts[0], dt.datetime.fromtimestamp(when, dt.UTC)))
    return sorted(found, key=lambda item: (item[2], item[0], item[1]))
