"""NATO membership by date, for the map of Europe beside the non-enlargement demand."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import ConfigDict, model_validator
from pydantic.dataclasses import dataclass as model_dataclass

from territory.base import palette
from territory.base.i18n import LOCALES, gettext_for
from territory.base.paths import data_paths, display_path
from territory.base.text import date_label
from territory.data.csvfile import Unique, read_table
from territory.data.sources import Source
from territory.data.validators import Alpha3, Name, Note, OptionalIsoDate, OptionalSourceIds, registry_context

MAX_NATO_BYTES = 64_000
NATO_COLUMNS = ("iso3", "country", "status", "accession_date")
#: States a written pledge to stop NATO's eastward enlargement would exclude (Reuters, 2025-05-28).
PLEDGE_EXCLUDED = ("UKR", "GEO", "MDA")


@model_dataclass(frozen=True, config=ConfigDict(str_strip_whitespace=True))
class NatoCountry:
    """One row of nato_members.csv: a country's status and, for a member, its accession date."""

    iso3: Alpha3
    country: Name
    status: Literal["member", "aspirant", "neutral", "non-member"]
    accession_date: OptionalIsoDate
    date_precision: Note = ""
    sources: OptionalSourceIds = ()

    @model_validator(mode="after")
    def _member_has_date(self) -> NatoCountry:
        if self.status == "member" and self.accession_date is None:
            raise ValueError("a member needs an accession_date")
        return self

    @property
    def name(self) -> str:
        return self.country


def load_nato(path: Path | None = None, sources: dict[str, Source] | None = None,
              label: str | None = None) -> dict[str, NatoCountry]:
    """NATO members and others by ISO 3166-1 alpha-3 code (default: the data root's table)."""

    path = path or data_paths().nato_csv
    label = label or display_path(path)
    records = read_table(path, label, MAX_NATO_BYTES, NatoCountry, NATO_COLUMNS, ("date_precision", "sources"),
                         registry_context(sources), Unique(lambda row: row.iso3, "country {key} appears twice (first on line {first})"))
    return {row.iso3: row for _, row in records}


@dataclass(frozen=True)
class CountryStatus:
    iso3: str
    category: str
    colour: str
    label: str


def country_name(iso3: str, english: str, lang: str = "en") -> str:
    """A country's name in ``lang`` (Babel's names for Ukrainian; the table's English name otherwise)."""
    if lang == "en":
        return english
    import pycountry
    from babel import Locale

    country = pycountry.countries.get(alpha_3=iso3)
    names = Locale.parse(LOCALES[lang]).territories
    return names.get(country.alpha_2, english) if country else english


def status_on(date: dt.date, nato: dict[str, NatoCountry] | None = None,
              lang: str = "en") -> dict[str, CountryStatus]:
    """Each listed country's status on ``date``: member (by accession period), excluded by the pledge, other.

    ``nato``: the loaded table (a Dataset's); None reads the data root's. ``label`` is in ``lang``;
    ``category`` stays a data identifier.
    """

    _ = gettext_for(lang)
    out = {}
    for iso3, country in (nato if nato is not None else load_nato()).items():
        name = country_name(iso3, country.name, lang)
        if country.status == "member" and country.accession_date and country.accession_date <= date:
            period = palette.nato_period(country.accession_date.year)
            out[iso3] = CountryStatus(iso3, f"member {period}", palette.NATO_MEMBER_COLOURS[period],
                                      _("{country}: NATO member since {year}").format(
                                          country=name, year=country.accession_date.year))
        elif iso3 in PLEDGE_EXCLUDED:
            out[iso3] = CountryStatus(iso3, "excluded by pledge", palette.NATO_EXCLUDED_COLOUR,
                                      _("{country}: would be excluded by a written non-enlargement pledge").format(
                                          country=name))
        elif iso3 in ("RUS", "BLR"):
            out[iso3] = CountryStatus(iso3, "Russia / Belarus", palette.RUSSIA_BELARUS_COLOUR, name)
        else:
            out[iso3] = CountryStatus(iso3, "not yet a member", palette.OTHER_COUNTRY_COLOUR,
                                      _("{country}: not a member on {date}").format(
                                          country=name, date=date_label(date, lang)))
    return out


def member_count(date: dt.date, nato: dict[str, NatoCountry] | None = None) -> int:
    return sum(1 for c in (nato if nato is not None else load_nato()).values()
               if c.status == "member" and c.accession_date and c.accession_date <= date)


def nato_legend(lang: str = "en") -> list[palette.LegendItem]:
    _ = gettext_for(lang)
    items = [palette.LegendItem(_("member, joined {period}").format(period=p.replace("-", "–")), c)
             for p, c in palette.NATO_MEMBER_COLOURS.items()]
    items.append(palette.LegendItem(_("Ukraine, Georgia, Moldova: excluded by the pledge"), palette.NATO_EXCLUDED_COLOUR))
    items.append(palette.LegendItem(_("Russia, Belarus"), palette.RUSSIA_BELARUS_COLOUR))
    items.append(palette.LegendItem(_("other"), palette.OTHER_COUNTRY_COLOUR))
    return items
