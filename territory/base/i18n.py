"""The interface languages: gettext catalogues managed with Babel, one translator per language.

Messages are written in English in the code, marked with ``_("…")`` (or ``N_("…")`` where only marked, for
translation later) and translated from ``territory/locale/<lang>/LC_MESSAGES/messages.po``. The catalogue is
compiled in memory with Babel when first used, so a plain checkout needs no build step. Maintainers update it
with Babel's command line (see the README): extract every marked string, merge into the catalogue, translate;
``tests/test_i18n.py`` fails when a marked string has no translation.

Data files carry their own translations (``statement_uk`` beside ``statement``); ``data_text`` picks the one
for the language and marks English text shown in place of a missing translation.
"""

from __future__ import annotations

import gettext as _gettext
import io
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

#: The interface languages, in the order the language choice offers them, with their own names.
LANGUAGES: dict[str, str] = {"uk": "Українська", "en": "English"}
DEFAULT_LANGUAGE = "en"
#: Babel locale of each language for numbers and dates (British English: "28 May 2025").
LOCALES = {"en": "en_GB", "uk": "uk_UA"}
LOCALE_DIR = Path(__file__).parents[1] / "locale"
DOMAIN = "messages"


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark only"
    """Mark ``message`` for extraction without translating it here (translated where it is shown)."""
    return message


def check_language(lang: str) -> str:
    """``lang`` if it is an interface language; ValueError naming the choices otherwise."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    return lang


def catalogue_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=len(LANGUAGES))
def translations(lang: str) -> _gettext.NullTranslations:
    """The translator of ``lang``: English is the source language (messages as written); other languages are
    compiled from their ``.po`` catalogue with Babel (fuzzy entries left out, so they fall back to English)."""
    check_language(lang)
    if lang == "en":
        return _gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with catalogue_path(lang).open("rb") as po:
        catalogue = read_po(po, locale=lang, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue, use_fuzzy=False)
    compiled.seek(0)
    return _gettext.GNUTranslations(compiled)


def gettext_for(lang: str) -> Callable[[str], str]:
    """``_`` for ``lang``: ``_ = gettext_for(lang); _("Share of Ukraine")``."""
    return translations(lang).gettext


def ngettext_for(lang: str) -> Callable[[str, str, int], str]:
    """Plural forms for ``lang`` (Ukrainian has three): ``ngettext("{n} unit", "{n} units", n)``."""
    return translations(lang).ngettext


def language_from_locale(tag: str | None) -> str:
    """The interface language for a browser's preferred language ("uk-UA" -> "uk"); English otherwise."""
    primary = (tag or "").replace("_", "-").split("-")[0].lower()
    return primary if primary in LANGUAGES else DEFAULT_LANGUAGE


def untranslated_mark(lang: str) -> str:
    """The small mark after data text shown in English for want of a translation: "(English)"."""
    return gettext_for(lang)("(English)")


def data_text(record: object, field: str, lang: str) -> str:
    """A data text field in ``lang``: its ``<field>_<lang>`` translation, else the English text marked
    "(English)"; never blank. Empty English text stays empty."""
    english = getattr(record, field) or ""
    if lang == "en" or not english:
        return english
    translated = getattr(record, f"{field}_{lang}", "") or ""
    return translated or f"{english} {untranslated_mark(lang)}"


def term(message: str, lang: str) -> str:
    """A data vocabulary word (a party, a category, a rule) in ``lang``; a word the catalogue lacks is shown in
    English, marked "(English)"."""
    if not message or lang == "en":
        return message
    translated = gettext_for(lang)(message)
    return translated if translated != message else f"{message} {untranslated_mark(lang)}"


#: The data's fixed vocabularies (parties, categories, types, statuses, rules, kinds), marked for extraction so
#: the catalogue translates them; ``term`` shows them.
VOCABULARY = (
    N_("Russia"), N_("Ukraine"), N_("NATO"), N_("United States"), N_("European Union"),
    N_("territory"), N_("alliances"), N_("neutrality"), N_("sanctions"), N_("assets"),
    N_("language and minorities"), N_("recognition"), N_("military"), N_("elections"),
    N_("security guarantees"),
    N_("demand"), N_("position"), N_("response"),
    N_("proposal"), N_("reported draft"), N_("reported demand"), N_("official text"), N_("official statement"),
    N_("stated position"),
    N_("all"), N_("as held"), N_("none"), N_("zone"),
    N_("published"), N_("estimate"),
    N_("rounded to whole %"), N_("0.1 %"),  # precision of the 2001 census shares
)
