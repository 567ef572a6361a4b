"""Every interface string has a Ukrainian translation: Babel extracts each marked string from the library, the
app and the pages (as ``pybabel extract -F babel.cfg`` does) and the catalogue must translate it, with the same
placeholders; data text falls back to English with a mark, never to a blank."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from territory.base import i18n
from territory.base.i18n import catalogue_path, data_text, gettext_for, language_from_locale, ngettext_for, term

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [*sorted((ROOT / "territory").rglob("*.py")), *sorted((ROOT / "app").rglob("*.py")),
           *sorted((ROOT / "pages").rglob("*.py")), ROOT / "dashboard.py"]


@pytest.fixture(scope="module")
def extracted() -> dict[str | tuple[str, ...], list[str]]:
    """Every marked message (a plural as its tuple of forms) and where it is."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found: dict = {}
    for filename, line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=DEFAULT_KEYWORDS):
        found.setdefault(message, []).append(f"{filename}:{line}")
    assert len(found) > 200, "the extraction found too few strings: is babel.cfg read?"
    return found


@pytest.fixture(scope="module")
def catalogue():
    with catalogue_path("uk").open("rb") as po:
        return read_po(po, locale="uk")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_marked_string_has_a_ukrainian_translation(extracted, catalogue):
    missing, fuzzy, empty = [], [], []
    for message, where in extracted.items():
        entry = catalogue.get(message)
        if entry is None:
            missing.append(f"{where[0]}: {message!r}")
        elif entry.fuzzy:
            fuzzy.append(f"{where[0]}: {message!r}")
        elif not all(entry.string) if isinstance(entry.string, tuple) else not entry.string:
            empty.append(f"{where[0]}: {message!r}")
    assert not missing, "not in territory/locale/uk/LC_MESSAGES/messages.po (run pybabel update, then translate):\n" + \
        "\n".join(missing)
    assert not fuzzy, "fuzzy (check the translation, then remove the fuzzy flag):\n" + "\n".join(fuzzy)
    assert not empty, "untranslated:\n" + "\n".join(empty)


def test_translations_keep_the_placeholders(catalogue):
    wrong = []
    for entry in catalogue:
        if not entry.id:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        expected = set().union(*(_fields(i) for i in ids))
        for text in filter(None, strings):
            fields = _fields(text)
            # a plural form may leave out {n} ("одна одиниця"), never add or rename a placeholder
            if not fields <= expected or (expected - {"n"}) - fields:
                wrong.append(f"{entry.id!r} -> {text!r}")
    assert not wrong, "\n".join(wrong)


def test_no_marked_string_hides_from_extraction(extracted):
    """A ``_("…")`` inside an f-string, or ``gettext_for(lang)("…")``, is invisible to Babel's extractor."""
    singular = {m if isinstance(m, str) else m[0] for m in extracted}
    hidden = []
    for path in SOURCES:
        if path.name == "i18n.py":
            continue  # its docstrings show the pattern
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"\b_\(\s*(['\"])((?:(?!\1).)+)\1\s*\)", text):
            if match.group(2) not in singular and "\\" not in match.group(2):
                hidden.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
        for match in re.finditer(r"gettext_for\([^)]*\)\(\s*['\"]", text):
            hidden.append(f"{path.relative_to(ROOT)}: {match.group(0)} (assign _ = gettext_for(lang) first)")
    assert not hidden, "\n".join(hidden)


def test_translators_and_plural_forms():
    _ = gettext_for("uk")
    assert _("Control map") != "Control map" and gettext_for("en")("Control map") == "Control map"
    plural = ngettext_for("uk")
    forms = {plural("{n} member on {date}.", "{n} members on {date}.", n) for n in (1, 3, 5)}
    assert len(forms) == 3  # Ukrainian: one, few, many


@pytest.mark.parametrize("tag, lang", [("uk-UA", "uk"), ("uk", "uk"), ("en-US", "en"), ("de-DE", "en"),
                                       (None, "en"), ("", "en"), ("UK_ua", "uk")])
def test_browser_language_picks_the_default(tag, lang):
    assert language_from_locale(tag) == lang


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="uk"):
        i18n.check_language("fr")


def test_data_text_marks_english_shown_for_want_of_a_translation():
    class Entry:
        statement = "Ukraine to be neutral."
        statement_uk = "Україна має бути нейтральною."
        attribution = "as reported by Reuters"
        attribution_uk = ""

    assert data_text(Entry, "statement", "uk") == Entry.statement_uk
    assert data_text(Entry, "statement", "en") == Entry.statement
    marked = data_text(Entry, "attribution", "uk")
    assert marked.startswith(Entry.attribution) and marked.endswith(gettext_for("uk")("(English)"))
    assert term("territory", "uk") == gettext_for("uk")("territory") != "territory"
    assert term("a new category", "uk").endswith(gettext_for("uk")("(English)"))


def test_every_demand_and_scenario_is_translated():
    """The entries beside the map and the plans are written in both languages (quotes keep their words and
    carry a translation)."""
    from territory.data.dataset import load_dataset

    dataset = load_dataset()
    assert dataset.demands and dataset.scenarios
    untranslated = [f"{d.id}: {field}" for d in dataset.demands for field in ("statement", "attribution")
                    if not getattr(d, f"{field}_uk")]
    untranslated += [f"{d.id}: quote {q.text[:30]!r}" for d in dataset.demands for q in d.quotes
                     if not (q.text_uk and q.speaker_uk)]
    untranslated += [f"{s.id}: {field}" for s in dataset.scenarios for field in ("title", "attribution", "caveats")
                     if getattr(s, field) and not getattr(s, f"{field}_uk")]
    untranslated += [f"{s.id}: {iso} note" for s in dataset.scenarios for iso, rule in s.rules.items()
                     if rule.note and not rule.note_uk]
    assert not untranslated, "\n".join(untranslated)


#: Placeholders filled with a date: a Ukrainian date ends in "р." ("28 травня 2025 р."), so a full stop after one
#: doubles it ("р.. Лінії", issue 23).
DATE_PLACEHOLDERS = ("date", "before", "after", "day", "first", "last", "memorandum", "reuters")


def test_no_full_stop_after_a_date_in_ukrainian(catalogue):
    doubled = []
    for message in catalogue:
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in forms:
            if any(f"{{{name}}}." in (text or "") for name in DATE_PLACEHOLDERS):
                doubled.append(text)
    assert not doubled, doubled
