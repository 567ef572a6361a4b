"""Resolve unit names: ISO codes, English, official, Ukrainian and Russian names, aliases."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_APOSTROPHES = "'’ʼ`´ʹ‘\u02bb\u02bc"
_DROP = re.compile(r"[\s\-_.,()/\"]+")
_OBLAST_WORDS = ("oblast", "область", "obl", "region")


def normalize_name(text: str) -> str:
    """Fold a name for matching: case, spaces, hyphens and apostrophe variants ignored."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.translate({ord(c): None for c in _APOSTROPHES})
    return _DROP.sub("", text)


def _strip_oblast(key: str) -> str:
    for word in _OBLAST_WORDS:
        if key.endswith(word) and len(key) > len(word) + 2:
            return key[: -len(word)]
    return key


class NameIndex:
    """Maps every known spelling of a unit to its ISO 3166-2 code.

    Exact spellings win; a name without its "Oblast" word is accepted when it is not
    itself the exact name of another unit (so "Kyiv" is the city, "Kyiv Oblast" the oblast).
    """

    def __init__(self, names_by_iso: dict[str, Iterable[str]]):
        self._exact: dict[str, str] = {}
        self._loose: dict[str, str] = {}
        for iso, names in names_by_iso.items():
            for name in [iso, *names]:
                if name:
                    self._exact.setdefault(normalize_name(name), iso)
        for iso, names in names_by_iso.items():
            for name in names:
                key = _strip_oblast(normalize_name(name)) if name else ""
                if key and key not in self._exact:
                    self._loose.setdefault(key, iso)

    def resolve(self, name: str) -> str | None:
        """The ISO code for ``name``, or None when nothing matches."""
        key = normalize_name(name)
        if not key:
            return None
        return self._exact.get(key) or self._loose.get(key) or self._loose.get(_strip_oblast(key))
