"""The one place that turns numbers, dates and outcomes into words: shares, km², changes, dates, headlines.

Every function takes the interface language (``lang``: "en" or "uk", see ``i18n``): numbers and dates are
formatted with Babel for it ("12,345.6 km²", "28 May 2025"; "12 345,6 км²", "28 травня 2025 р.") and the words
come from the message catalogue. Escaping for HTML, Markdown and spreadsheets is ``textsafe``'s job; this
module only formats.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Protocol

from babel.dates import format_date
from babel.numbers import format_decimal

from territory.base.i18n import LOCALES, N_, gettext_for, term


class HasRange(Protocol):
    """A figure with its range (read-only, so frozen dataclasses fit)."""

    @property
    def pct(self) -> float | None: ...

    @property
    def low_pct(self) -> float | None: ...

    @property
    def high_pct(self) -> float | None: ...


def format_number(value: float, digits: int = 0, lang: str = "en", signed: bool = False) -> str:
    """A number with the language's grouping and decimal sign: "12,345.6" / "12 345,6"; ``signed``: "+5,210"."""
    return _formatted(round(value, digits) + 0.0, digits, lang, signed)


@lru_cache(maxsize=8192)
def _formatted(value: float, digits: int, lang: str, signed: bool) -> str:
    """Babel's formatting, once per rounded value (the demands panel formats thousands of figures per rerun)."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    if signed:
        pattern = f"+{pattern};-{pattern}"
    return format_decimal(value, format=pattern, locale=LOCALES[lang])


def no_figure(lang: str = "en") -> str:
    _ = gettext_for(lang)
    return _("no figure")


def format_pct(value: float | None, lang: str = "en") -> str:
    """A share: "70.9 %", "0.42 %", "0 %", or "no figure" ("70,9 %", "немає даних")."""
    if value is None:
        return no_figure(lang)
    if value == 0:
        return "0 %"
    return f"{format_number(value, 2 if value < 1 else 1, lang)} %"


def format_shift(before: float | None, after: float | None, lang: str = "en") -> str:
    """A share on two dates, in one short cell: "7.4 % → 19.4 %" ("немає даних → 12,5 %")."""
    return f"{format_pct(before, lang)} → {format_pct(after, lang)}"


def format_pct2(value: float, lang: str = "en") -> str:
    """A national share, two decimals: "19.02 %"."""
    return f"{format_number(value, 2, lang)} %"


def km2_unit(lang: str = "en") -> str:
    _ = gettext_for(lang)
    return _("km²")


def format_km2(value: float | None, lang: str = "en", signed: bool = False) -> str:
    """An area: "12,345 km²" ("12 345 км²"); "no figure" without one."""
    if value is None:
        return no_figure(lang)
    return f"{format_number(value, 0, lang, signed)} {km2_unit(lang)}"


def format_pp(pp: float, lang: str = "en", digits: int = 1) -> str:
    """Percentage points, signed: "+19.5 pp" ("+19,5 в. п.")."""
    _ = gettext_for(lang)
    unit = _("pp")
    return f"{format_number(pp, digits, lang, signed=True)} {unit}"


def format_change(pp: float | None, km2: float | None = None, lang: str = "en", digits: int | None = None) -> str:
    """A change in percentage points, with km² when given: "+19.5 pp (+5,210 km²)"; "n/a" without a figure.
    ``digits`` fixes the decimals (a national share has two); by default one, two for a change under 0.05."""
    if pp is None:
        _ = gettext_for(lang)
        return _("n/a")
    text = format_pp(pp, lang, digits if digits is not None else 1 if abs(pp) >= 0.05 or pp == 0 else 2)
    if km2 is not None:
        text += f" ({format_km2(km2, lang, signed=True)})"
    return text


def about_km2(value: float, lang: str = "en") -> str:
    """km² rounded for "about": to 100 above 1,000, to 10 above 100."""
    step = 100 if value >= 1000 else 10 if value >= 100 else 1
    return format_number(round(value / step) * step, 0, lang)


def range_text(row: HasRange, lang: str = "en") -> str:
    """"48.0 % – 54.4 %" where sources disagree; "" without a range or where both ends show the same."""
    if row.low_pct is None and row.high_pct is None:
        return ""
    low = format_pct(row.low_pct if row.low_pct is not None else row.pct, lang)
    high = format_pct(row.high_pct if row.high_pct is not None else row.pct, lang)
    return "" if low == high else f"{low} – {high}"


@lru_cache(maxsize=8192)
def date_label(date: dt.date, lang: str = "en") -> str:
    """"28 May 2025" ("28 травня 2025 р.")."""
    return format_date(date, format="long", locale=LOCALES[lang])


def scenario_headline(outcome, lang: str = "en") -> str:
    """One sentence on a peace plan applied to a date: land ceded, land left, units without a figure."""
    _ = gettext_for(lang)
    zone = ""
    if outcome.to_zone_km2 >= 1:
        zone = _(" (about {km2} km² of it to a zone)").format(km2=about_km2(outcome.to_zone_km2, lang))
    values = {"ceded": about_km2(outcome.ceded_km2, lang), "date": date_label(outcome.date, lang), "zone": zone,
              "left": about_km2(outcome.left_km2, lang)}
    if outcome.left_km2 >= 1:
        text = _("Under this plan Ukraine would cede about {ceded} km² it holds on {date}{zone}; Russia would leave "
                 "about {left} km².").format(**values)
    else:  # not "Russia would leave about 0 km²"
        text = _("Under this plan Ukraine would cede about {ceded} km² it holds on {date}{zone}; Russia would "
                 "leave none of the land it holds.").format(**values)
    if outcome.unknown_units:
        text += " " + _("No figure for {units} on that date.").format(units=", ".join(outcome.unknown_units))
    return text


def project_name(lang: str = "en") -> str:
    _ = gettext_for(lang)
    return _("Ukraine territorial-control dashboard")


#: The project's name in English (file metadata).
PROJECT = project_name()


def control_map_title(date: dt.date, lang: str = "en") -> str:
    _ = gettext_for(lang)
    return _("Russian control of Ukraine by region, {date}").format(date=date_label(date, lang))


def map_credit(publishers: str, what: str | None = None, lang: str = "en") -> str:
    """The credit line of a map: boundaries and the publishers of its figures (DeepState where derived).

    ``what``: what the publishers gave, already in ``lang`` (default "Figures").
    """
    _ = gettext_for(lang)
    return _("Boundaries: geoBoundaries, Natural Earth, © OpenStreetMap contributors. {what}: {publishers}.").format(
        what=what or _("Figures"), publishers=publishers or _("none"))


#: What each rule of a peace plan does to a unit, said beside the rule's name ("none" alone read as "no rule").
RULE_MEANINGS = {"all": N_("whole unit under Russian control"), "as held": N_("frozen on the line"),
                 "none": N_("returned to Ukraine"), "zone": N_("Russia keeps what it holds, the rest becomes a zone")}


def rule_text(rule: str, lang: str = "en") -> str:
    """A plan's rule with what it means: "none: returned to Ukraine"."""
    meaning = RULE_MEANINGS.get(rule)
    return f"{term(rule, lang)}: {gettext_for(lang)(meaning)}" if meaning else term(rule, lang)


#: The weeks when DeepState was still drawing in areas taken since 24 February on its map: the national total
#: climbs from about 106,600 km² (3 April 2022) to 121,200 km² (end of April) without fighting to match, then
#: levels off in the first days of May.
SPRING_2022 = (dt.date(2022, 4, 3), dt.date(2022, 5, 10))


def spring_2022_note(date: dt.date, lang: str = "en") -> str:
    """The caveat for a day of :data:`SPRING_2022` ("" for any other day)."""
    if not SPRING_2022[0] <= date <= SPRING_2022[1]:
        return ""
    _ = gettext_for(lang)
    return _("In April and early May 2022 DeepState was still drawing in areas taken since February: part of the "
             "rise in those weeks is the map catching up, not ground taken.")
