"""Atomic writes: a temporary file in the same folder, then a rename. Never half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class FileExistsRefused(FileExistsError):
    """Raised instead of overwriting an existing file without permission."""


def write_bytes_atomic(path: Path, data: bytes, overwrite: bool = False) -> None:
    """Write ``data`` to ``path`` all at once; refuse to replace an existing file unless ``overwrite``."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise FileExistsRefused(f"{path} exists; refusing to overwrite it (use --force)")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp_name, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if overwrite:
            os.replace(tmp_name, path)
        else:
            # link() fails if the target appeared meanwhile: no race can clobber a file.
            os.link(tmp_name, path)
            os.unlink(tmp_name)
    except BaseException:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text_atomic(path: Path, text: str, overwrite: bool = False) -> None:
    write_bytes_atomic(path, text.encode("utf-8"), overwrite=overwrite)
