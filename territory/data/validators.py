"""Field types shared by the data models: ids, bounded numbers, dates, source lists, unit names.

Values arrive as text (CSV cells) or as YAML scalars; each type turns them into a typed value or raises a
``ValueError`` whose message says what to write instead. Checks against other files (known sources, known
units) read the registry from the validation context (``{"sources": ..., "names": ...}``).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, ValidationInfo

from territory.base.fields import _short, bounded, limited_text, parse_number  # noqa: F401  (field types of every model)
from territory.base.names import NameIndex
from territory.data.geodata import name_index

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError("id must be lower-case letters, digits and hyphens (at most 80)")
    return value


#: An id such as ``ru-2025-05-written-nato-pledge``.
SlugId = Annotated[str, AfterValidator(_slug)]


#: A share in percent, required, and the same optional (an empty cell: no value).
Percent = Annotated[float, bounded(0, 100, hint="give a share from 0 to 100")]
OptionalPercent = Annotated[float | None, bounded(0, 100, required=False)]


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError(f"{_short(text)!r} is not a date in the form YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text} is not a real date") from None


#: A calendar date written YYYY-MM-DD.
IsoDate = Annotated[dt.date, BeforeValidator(_date)]
OptionalIsoDate = Annotated[dt.date | None, BeforeValidator(lambda v: None if v in (None, "") else _date(v))]


def _id_list(value: Any) -> Any:
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(";") if part.strip())
    return value


def _known_sources(ids: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
    registry = (info.context or {}).get("sources")
    unknown = [i for i in ids if registry is not None and i not in registry]
    if unknown:
        raise ValueError(f"unknown source id(s): {', '.join(_short(u) for u in unknown)} "
                         "(add them to control_snapshots/sources.csv)")
    return ids


def _at_least_one(ids: tuple[str, ...]) -> tuple[str, ...]:
    if not ids:
        raise ValueError("every row needs at least one source id")
    return ids


#: Source ids (``a;b`` in a cell, a list in YAML) that must be in the sources registry of the context.
SourceIds = Annotated[tuple[str, ...], BeforeValidator(_id_list), AfterValidator(_at_least_one),
                      AfterValidator(_known_sources)]
OptionalSourceIds = Annotated[tuple[str, ...], BeforeValidator(_id_list), AfterValidator(_known_sources)]


def _known_source(value: str, info: ValidationInfo) -> str:
    return _known_sources((value,), info)[0]


#: One source id that must be in the registry of the context.
SourceId = Annotated[str, AfterValidator(_known_source)]


def unit_iso(value: str, info: ValidationInfo) -> str:
    """The ISO code of a unit name, code or alias, resolved with the context's name index."""
    names = (info.context or {}).get("names")
    if names is None:

        names = name_index()
    iso = names.resolve(value)
    if iso is None:
        raise ValueError(f"unknown unit {_short(value)!r} (use an ISO 3166-2:UA code such as UA-14, or a unit name)")
    return iso


def _alpha3(code: str) -> str:
    import pycountry

    if code != code.upper() or pycountry.countries.get(alpha_3=code) is None:
        raise ValueError(f"{_short(code)!r} is not an ISO 3166-1 alpha-3 code")
    return code


#: A country code such as ``UKR``.
Alpha3 = Annotated[str, AfterValidator(_alpha3)]


#: A unit given by name, code or alias; validated into its ISO 3166-2 code.
UnitIso = Annotated[str, AfterValidator(unit_iso)]


def registry_context(sources: dict | None = None, units: dict | None = None) -> dict:
    """The validation context: the sources registry and a name index of ``units`` (None: not checked / the
    default data root's units)."""
    context: dict = {}
    if sources is not None:
        context["sources"] = sources
    if units is not None:
        context["names"] = _name_index(tuple(units.values()))
    return context


@lru_cache(maxsize=8)
def _name_index(units: tuple) -> Any:

    return NameIndex({unit.iso: unit.all_names for unit in units})


#: Text fields of the data files: a required name or title, and free notes.
Name = Annotated[str, limited_text(500, required=True)]
Note = Annotated[str, limited_text(2000)]


def ukrainian_text(max_length: int) -> AfterValidator:
    """An optional Ukrainian version of a text field (``statement_uk`` beside ``statement``): at most
    ``max_length`` characters, written in Cyrillic (an English text pasted by mistake is refused)."""
    def check(value: str) -> str:
        if len(value) > max_length:
            raise ValueError(f"is longer than {max_length} characters")
        if value and not re.search("[\u0400-\u04ff]", value):
            raise ValueError("a Ukrainian version must be written in Ukrainian (no Cyrillic letter found)")
        return value
    return AfterValidator(check)
