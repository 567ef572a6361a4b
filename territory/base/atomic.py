"""Atomic writes: a temporary file in the same folder, then a rename. Never half a file.

* Only regular files are ever replaced (``--force`` never turns a device, FIFO, folder or a symlink to one
  into a regular file).
* Several files can be written together or not at all (:func:`write_files_atomic`).
* Temporary files are removed by a ``finally``; ones left by a killed process (no ``finally`` runs on
  SIGKILL) are removed by the next write into the same folder. A temporary file is locked while its writer
  lives, so a live writer's file is never taken for a leftover.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import stat
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

#: Suffix of this module's temporary files.
TMP_SUFFIX = ".territory-tmp"
#: A leftover must be at least this old (seconds) before it is removed.
STALE_AFTER_S = 5.0
_NAME_BYTES = 100  # of the target name kept in a temporary name: the whole stays under 255 bytes
_LEGACY_TMP = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")  # name.XXXXXXXX.tmp, this module's earlier pattern


class FileExistsRefused(FileExistsError):
    """Raised instead of overwriting an existing file without permission."""


class NotARegularFile(OSError):
    """Raised instead of replacing something that is not a regular file (a folder, device, FIFO, socket)."""


def write_bytes_atomic(path: Path, data: bytes, overwrite: bool = False) -> None:
    """Write ``data`` to ``path`` all at once; refuse to replace an existing file unless ``overwrite``."""
    write_files_atomic([(Path(path), data, overwrite)])


def write_text_atomic(path: Path, text: str, overwrite: bool = False) -> None:
    write_bytes_atomic(path, text.encode("utf-8"), overwrite=overwrite)


def write_files_atomic(items: list[tuple[Path, bytes, bool]]) -> None:
    """Write several files together or not at all.

    Parameters
    ----------
    items
        ``(path, data, overwrite)`` per file. Every target is checked before anything is written.

    Raises
    ------
    FileExistsRefused
        A target exists and its ``overwrite`` is False.
    NotARegularFile
        A target exists and is not a regular file.
    OSError
        Writing failed; every file is then as it was before the call.
    """
    items = [(Path(p), d, o) for p, d, o in items]
    for path, _, overwrite in items:
        check_target(path, overwrite)
    for folder in {path.parent for path, _, _ in items}:
        remove_stale_temporaries(folder, [path.name for path, _, _ in items if path.parent == folder])
    staged: list[tuple[int, str]] = []
    done: list[tuple[Path, str | None]] = []  # committed targets and the backup of what they replaced
    try:
        for path, data, _ in items:
            staged.append(_stage(path, data))
        for (_, tmp), (path, _, overwrite) in zip(staged, items, strict=True):
            done.append((path, _commit(tmp, path, overwrite)))
    except BaseException:
        _roll_back(done)
        raise
    finally:
        for fd, tmp in staged:
            _remove(tmp)
            os.close(fd)
        for _, backup in done:
            if backup:
                _remove(backup)


def check_target(path: Path, overwrite: bool) -> None:
    """Refuse a target that exists without ``overwrite``, or that is not a regular file."""
    try:
        info = os.stat(path)  # follows a symlink: a link to a device counts as the device
    except FileNotFoundError:
        if os.path.islink(path) and not overwrite:
            raise FileExistsRefused(f"{path} exists; refusing to overwrite it (use --force)") from None
        return
    if not stat.S_ISREG(info.st_mode):
        raise NotARegularFile(errno.EINVAL, "not a regular file (a folder, device, FIFO or socket); "
                                            "only regular files are replaced", str(path))
    if not overwrite:
        raise FileExistsRefused(f"{path} exists; refusing to overwrite it (use --force)")


def _tmp_prefix(path: Path) -> str:
    short = path.name.encode("utf-8")[:_NAME_BYTES].decode("utf-8", errors="ignore")
    return f".{short}."


def _stage(path: Path, data: bytes) -> tuple[int, str]:
    """A locked temporary file next to ``path`` holding ``data``."""
    fd, tmp = tempfile.mkstemp(prefix=_tmp_prefix(path), suffix=TMP_SUFFIX, dir=path.parent)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.fchmod(fd, 0o666 & ~_umask())
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    except BaseException:
        _remove(tmp)
        os.close(fd)
        raise
    return fd, tmp


def _commit(tmp: str, path: Path, overwrite: bool) -> str | None:
    """Move ``tmp`` to ``path``; return a hard-link backup of the file it replaced (for a roll-back)."""
    backup = None
    if overwrite and os.path.lexists(path):
        backup = f"{tmp}.old{TMP_SUFFIX}"
        os.link(path, backup, follow_symlinks=False)
    try:
        if overwrite:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)  # fails if the target appeared meanwhile: no race can clobber a file
    except FileExistsError:
        raise FileExistsRefused(f"{path} exists; refusing to overwrite it (use --force)") from None
    except BaseException:
        if backup:
            _remove(backup)
        raise
    return backup or ""


def _roll_back(done: list[tuple[Path, str | None]]) -> None:
    for path, backup in reversed(done):
        try:
            if backup:
                os.replace(backup, path)
            else:
                os.unlink(path)
        except OSError:
            pass


def remove_stale_temporaries(folder: Path, targets: Sequence[str] = ()) -> list[str]:
    """Remove temporary files a killed writer left in ``folder``; return their names.

    Only this module's names (``*.territory-tmp``, and the earlier ``.NAME.XXXXXXXX.tmp`` of the
    ``targets`` about to be written), only regular files, only unlocked (their writer is gone) and at least
    ``STALE_AFTER_S`` seconds old.
    """
    removed: list[str] = []
    prefixes = tuple(f".{t}." for t in targets)
    try:
        names = [n for n in os.listdir(folder) if n.startswith(".") and
                 (n.endswith(TMP_SUFFIX) or n.startswith(prefixes) and _LEGACY_TMP.match(n))]
    except OSError:
        return removed
    for name in names:
        full = os.path.join(folder, name)
        try:
            info = os.lstat(full)
            if not stat.S_ISREG(info.st_mode) or time.time() - info.st_mtime < STALE_AFTER_S:
                continue
            fd = os.open(full, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # its writer is alive
        finally:
            os.close(fd)
        if _remove(full):
            removed.append(name)
    return removed


def _remove(name: str) -> bool:
    try:
        os.unlink(name)
        return True
    except FileNotFoundError:
        return False


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
