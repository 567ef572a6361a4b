"""The sources registry: who published each figure or statement, or how we estimated it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from pydantic import ConfigDict, field_validator, model_validator
from pydantic.dataclasses import dataclass

from territory.base.paths import display_path
from territory.data.csvfile import Unique, parse_table, read_bytes
from territory.data.validators import Name, Note, SlugId

MAX_SOURCES_BYTES = 1_000_000
SOURCE_COLUMNS = ("id", "publisher", "title", "date", "url", "licence", "kind", "method")
REQUIRED_COLUMNS = ("id", "publisher", "title", "date", "kind")
_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True, config=ConfigDict(str_strip_whitespace=True))
class Source:
    """One row of sources.csv, validated: a publisher's figure or statement, or our estimate and its method."""

    id: SlugId
    publisher: Name
    title: Name
    date: str
    url: str
    licence: Note
    kind: Literal["published", "estimate"]
    method: Note = ""

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
    def _estimate_has_method(self) -> Source:
        if self.kind == "estimate" and not self.method:
            raise ValueError("an estimate needs a method note saying how it was made")
        return self

    @property
    def short_publisher(self) -> str:
        """The publisher without the parenthesised detail ("DeepState (map polygons); …" -> "DeepState")."""
        return self.publisher.split(" (")[0].split(";")[0].strip() or self.publisher


def published_source_ids(text: str, sources: dict[str, Source], what: str) -> tuple[str, ...]:
    """The ``;``-separated source ids of a row of published ``what`` (figures, changes): at least one, each in
    the registry and of kind ``published``; ValueError naming the first that is not."""
    ids = tuple(s.strip() for s in text.split(";") if s.strip())
    if not ids:
        raise ValueError("every row needs at least one source id")
    for source_id in ids:
        if source_id not in sources:
            raise ValueError(f"unknown source id {source_id[:60]!r} (add it to control_snapshots/sources.csv)")
        if sources[source_id].kind != "published":
            raise ValueError(f"source {source_id} is an estimate; published {what} cite published sources")
    return ids


def publishers_text(sources: dict[str, Source], ids: Iterable[str]) -> str:
    """The short names of the publishers of ``ids``, once each, in order: the credit line of a map."""
    return ", ".join(dict.fromkeys(sources[i].short_publisher for i in ids if i in sources))


def parse_sources(data: bytes, label: str) -> dict[str, Source]:
    """Parse sources.csv bytes; raise DataError with every problem."""
    records = parse_table(data, label, MAX_SOURCES_BYTES, Source, REQUIRED_COLUMNS, ("url", "licence", "method"),
                          unique=Unique(lambda s: s.id, "duplicate source id {key!r} (first on line {first})"))
    return {source.id: source for _, source in records}


def load_sources(path: Path, label: str | None = None) -> dict[str, Source]:
    """The sources registry keyed by id; raises DataError if the file has any problem."""

    label = label or display_path(path)
    return parse_sources(read_bytes(path, label, MAX_SOURCES_BYTES), label)
