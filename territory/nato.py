"""NATO membership by date, for the map of Europe beside the non-enlargement demand."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycountry

from . import palette
from .csvfile import decode_text, read_bytes, read_rows
from .paths import REPO_ROOT, display_path
from .problems import DataError, Problem

NATO_PATH = REPO_ROOT / "demands" / "nato_members.csv"
#: States a written pledge to stop NATO's eastward enlargement would exclude (Reuters, 2025-05-28).
PLEDGE_EXCLUDED = ("UKR", "GEO", "MDA")


@dataclass(frozen=True)
class NatoCountry:
    iso3: str
    name: str
    status: str
    accession_date: dt.date | None


@lru_cache(maxsize=2)
def load_nato(path: Path = NATO_PATH) -> dict[str, NatoCountry]:
    label = display_path(path)
    rows = read_rows(decode_text(read_bytes(path, label, 64_000), label, 64_000), label,
                     ("iso3", "country", "status", "accession_date"), ("date_precision", "sources"))
    out, problems = {}, []
    for row in rows:
        v = row.values
        if pycountry.countries.get(alpha_3=v["iso3"]) is None:
            problems.append(Problem(label, row.line, f"{v['iso3']!r} is not an ISO 3166-1 alpha-3 code"))
            continue
        try:
            date = dt.date.fromisoformat(v["accession_date"]) if v["accession_date"] else None
        except ValueError:
            problems.append(Problem(label, row.line, f"accession_date {v['accession_date']!r} is not YYYY-MM-DD"))
            continue
        if v["status"] == "member" and date is None:
            problems.append(Problem(label, row.line, "a member needs an accession_date"))
            continue
        out[v["iso3"]] = NatoCountry(v["iso3"], v["country"], v["status"], date)
    if problems:
        raise DataError(problems)
    return out


@dataclass(frozen=True)
class CountryStatus:
    iso3: str
    category: str
    colour: str
    label: str


def status_on(date: dt.date) -> dict[str, CountryStatus]:
    """Each listed country's status on ``date``: member (by accession period), excluded by the pledge, other."""
    out = {}
    for iso3, country in load_nato().items():
        if country.status == "member" and country.accession_date and country.accession_date <= date:
            period = palette.nato_period(country.accession_date.year)
            out[iso3] = CountryStatus(iso3, f"member {period}", palette.NATO_MEMBER_COLOURS[period],
                                      f"{country.name}: NATO member since {country.accession_date.year}")
        elif iso3 in PLEDGE_EXCLUDED:
            out[iso3] = CountryStatus(iso3, "excluded by pledge", palette.NATO_EXCLUDED_COLOUR,
                                      f"{country.name}: would be excluded by a written non-enlargement pledge")
        elif iso3 in ("RUS", "BLR"):
            out[iso3] = CountryStatus(iso3, "Russia / Belarus", palette.RUSSIA_BELARUS_COLOUR, country.name)
        else:
            out[iso3] = CountryStatus(iso3, "not yet a member", palette.OTHER_COUNTRY_COLOUR,
                                      f"{country.name}: not a member on {date}")
    return out


def member_count(date: dt.date) -> int:
    return sum(1 for c in load_nato().values()
               if c.status == "member" and c.accession_date and c.accession_date <= date)


def nato_legend() -> list[palette.LegendItem]:
    items = [palette.LegendItem(f"member, joined {p.replace('-', '–')}", c) for p, c in palette.NATO_MEMBER_COLOURS.items()]
    items.append(palette.LegendItem("Ukraine, Georgia, Moldova: excluded by the pledge", palette.NATO_EXCLUDED_COLOUR))
    items.append(palette.LegendItem("Russia, Belarus", palette.RUSSIA_BELARUS_COLOUR))
    items.append(palette.LegendItem("other", palette.OTHER_COUNTRY_COLOUR))
    return items
