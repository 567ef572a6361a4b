"""Read a small CSV data file strictly: size, encoding and header checked before any row, then every row
validated by a pydantic model.

Shared by every CSV loader. Every problem becomes a ``Problem``; nothing raises
except ``DataError``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from territory.base.problems import DataError, Problem, pydantic_problems

T = TypeVar("T")


@dataclass(frozen=True)
class CsvRow:
    line: int
    values: dict[str, str]


def read_bytes(path: Path, label: str, max_bytes: int) -> bytes:
    """The file's bytes, refused before reading if it is larger than ``max_bytes``."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise DataError([Problem(label, 0, f"file is {size:,} bytes; the limit is {max_bytes:,} bytes")])
        return path.read_bytes()
    except OSError as exc:
        raise DataError([Problem(label, 0, f"cannot read file: {exc.strerror or exc}")]) from None


def decode_text(data: bytes, label: str, max_bytes: int) -> str:
    """Decode UTF-8 text; refuse byte-order marks, other encodings and binary content."""
    if len(data) > max_bytes:
        raise DataError([Problem(label, 0, f"file is {len(data):,} bytes; the limit is {max_bytes:,} bytes")])
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError([Problem(label, 1, "file is UTF-16; save it as UTF-8 without a byte-order mark")])
    if data.startswith(b"\xef\xbb\xbf"):
        raise DataError([Problem(label, 1, "file starts with a byte-order mark (BOM); save it as UTF-8 without BOM")])
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise DataError([Problem(label, line, "file contains NUL bytes; it is binary, not CSV text")])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataError([Problem(label, line, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8")]) from None


def read_rows(text: str, label: str, required: tuple[str, ...], optional: tuple[str, ...]) -> list[CsvRow]:
    """Parse CSV text with an exact header; return rows with their line numbers.

    Raises DataError listing every header and row-shape problem at once.
    """
    if not text.strip():
        raise DataError([Problem(label, 0, "file is empty")])
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems: list[Problem] = []
    try:
        header = next(reader)
    except csv.Error as exc:
        raise DataError([Problem(label, 1, f"cannot parse header: {exc}")]) from None
    header = [h.strip() for h in header]
    problems += _header_problems(header, label, required, optional)
    if problems:
        raise DataError(problems)
    rows: list[CsvRow] = []
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(label, start, f"cannot parse line: {exc}"))
            break
        if not any(field.strip() for field in record):
            continue
        if len(record) != len(header):
            hint = " (a decimal comma? use a point: 70.4)" if len(record) > len(header) else ""
            problems.append(Problem(label, start, f"has {len(record)} fields, the header has {len(header)}{hint}"))
            continue
        rows.append(CsvRow(start, {k: v.strip() for k, v in zip(header, record, strict=True)}))
    if problems:
        raise DataError(problems)
    if not rows:
        raise DataError([Problem(label, 1, "file has a header but no rows")])
    return rows


def _header_problems(header: list[str], label: str, required: tuple[str, ...],
                     optional: tuple[str, ...]) -> list[Problem]:
    problems = []
    if len(header) == 1 and ";" in header[0]:
        return [Problem(label, 1, "columns are separated by ';'; use ',' as the separator")]
    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.append(Problem(label, 1, f"column {name!r} appears twice in the header"))
        seen.add(name)
    missing = [c for c in required if c not in seen]
    extra = [c for c in header if c not in required and c not in optional]
    if missing:
        problems.append(Problem(label, 1, f"missing column(s): {', '.join(missing)}"))
    if extra:
        allowed = ", ".join(required + optional)
        problems.append(Problem(label, 1, f"unknown column(s): {', '.join(extra)} (allowed: {allowed})"))
    return problems


@lru_cache(maxsize=32)
def _adapter(model: type) -> TypeAdapter:
    return TypeAdapter(model)


def validate_record(model: type[T], values: dict, label: str, line: int, context: dict | None = None,
                    line_of: Callable[[tuple], int] | None = None) -> tuple[T | None, list[Problem]]:
    """``values`` validated as ``model`` (a pydantic model or dataclass), or None and the problems."""
    try:
        return _adapter(model).validate_python(values, context=context or {}), []  # type: ignore[arg-type]
    except ValidationError as exc:
        return None, pydantic_problems(exc, label, line, line_of)


@dataclass(frozen=True)
class Unique:
    """A column that must not repeat: ``key`` of a record, and the message (``{key}``, ``{first}``: its line)."""

    key: Callable[[Any], str]
    message: str = "{key} appears twice (first on line {first})"


def read_table(path: Path, label: str, max_bytes: int, model: type[T], required: tuple[str, ...],
               optional: tuple[str, ...] = (), context: dict | None = None,
               unique: Unique | None = None) -> list[tuple[int, T]]:
    """Every row of a CSV file validated as ``model``, with its line; DataError lists every problem."""
    return parse_table(read_bytes(path, label, max_bytes), label, max_bytes, model, required, optional, context,
                       unique)


def parse_table(data: bytes, label: str, max_bytes: int, model: type[T], required: tuple[str, ...],
                optional: tuple[str, ...] = (), context: dict | None = None,
                unique: Unique | None = None) -> list[tuple[int, T]]:
    """CSV bytes validated row by row as ``model``; DataError lists every problem of every row at once."""
    rows = read_rows(decode_text(data, label, max_bytes), label, required, optional)
    records: list[tuple[int, T]] = []
    problems: list[Problem] = []
    first: dict[str, int] = {}
    blank = dict.fromkeys(optional, "")  # an optional column left out of the header: empty cells
    for row in rows:
        record, found = validate_record(model, {**blank, **row.values}, label, row.line, context)
        problems += found
        if record is None:
            continue
        if unique is not None:
            key = unique.key(record)
            if key in first:
                problems.append(Problem(label, row.line, unique.message.format(key=key, first=first[key])))
                continue
            first[key] = row.line
        records.append((row.line, record))
    problems.sort(key=lambda p: p.line)
    if problems:
        raise DataError(problems)
    return records
