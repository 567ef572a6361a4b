"""The sources registry: who published each figure or statement, or how we estimated it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from .csvfile import decode_text, read_bytes, read_rows
from .paths import SOURCES_PATH, display_path
from .problems import DataError, Problem
from .validators import SlugId

MAX_SOURCES_BYTES = 1_000_000
SOURCE_COLUMNS = ("id", "publisher", "title", "date", "url", "licence", "kind", "method")
_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class SourceRow(BaseModel):
    """One row of sources.csv, validated."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: SlugId
    publisher: str
    title: str
    date: str
    url: str = ""
    licence: str = ""
    kind: Literal["published", "estimate"]
    method: str = ""

    @field_validator("publisher", "title")
    @classmethod
    def _required(cls, value: str) -> str:
        if not value:
            raise ValueError("must not be empty")
        if len(value) > 500:
            raise ValueError("is longer than 500 characters")
        return value

    @field_validator("date")
    @classmethod
    def _date(cls, value: str) -> str:
        if not _PARTIAL_DATE.match(value):
            raise ValueError("must be YYYY, YYYY-MM or YYYY-MM-DD")
        parts = [int(p) for p in value.split("-")] + [1, 1]
        try:
            dt.date(*parts[:3])
        except ValueError:
            raise ValueError(f"{value!r} is not a real date") from None
        return value

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        if value and not re.match(r"^https?://[^\s<>\"]+$", value):
            raise ValueError("must start with http:// or https:// and contain no spaces or quotes")
        return value

    @model_validator(mode="after")
    def _estimate_has_method(self) -> SourceRow:
        if self.kind == "estimate" and not self.method:
            raise ValueError("an estimate needs a method note saying how it was made")
        return self


@dataclass(frozen=True)
class Source:
    id: SlugId
    publisher: str
    title: str
    date: str
    url: str
    licence: str
    kind: str
    method: str


def pydantic_problems(exc: ValidationError, label: str, line: int) -> list[Problem]:
    """One Problem per pydantic error, naming the column."""
    problems = []
    for err in exc.errors():
        field = ".".join(str(p) for p in err["loc"])
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "literal_error":
            message = f"must be one of {err['ctx']['expected']}"
        problems.append(Problem(label, line, f"{field}: {message}" if err["loc"] else message))
    return problems


def parse_sources(data: bytes, label: str) -> dict[str, Source]:
    """Parse sources.csv bytes; raise DataError with every problem."""
    text = decode_text(data, label, MAX_SOURCES_BYTES)
    rows = read_rows(text, label, required=SOURCE_COLUMNS[:4] + ("kind",), optional=("url", "licence", "method"))
    problems: list[Problem] = []
    sources: dict[str, Source] = {}
    first_line: dict[str, int] = {}
    for row in rows:
        try:
            model = SourceRow(**row.values)
        except ValidationError as exc:
            problems += pydantic_problems(exc, label, row.line)
            continue
        if model.id in sources:
            problems.append(Problem(label, row.line, f"duplicate source id {model.id!r} (first on line {first_line[model.id]})"))
            continue
        first_line[model.id] = row.line
        sources[model.id] = Source(**model.model_dump())
    if problems:
        raise DataError(problems)
    return sources


def load_sources(path: Path = SOURCES_PATH) -> dict[str, Source]:
    """The sources registry keyed by id; raises DataError if the file has any problem."""
    label = display_path(path)
    return parse_sources(read_bytes(path, label, MAX_SOURCES_BYTES), label)
