"""What the places page shows, without Streamlit: an oblast's raions or hromadas on one day as GeoJSON features
(share, km², tooltip, colour), its table with translated headers and formatted numbers, the days a person can
step to, the map's bounds, a settlement's timeline in words, the credits, and the rows of the page's CSV."""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache

import pandas as pd
import shapely

from territory.base import palette
from territory.base.i18n import N_, gettext_for
from territory.base.text import date_label, format_number
from territory.base.textsafe import html_escape
from territory.data.settlements import Change
from territory.data.subunits import dissolve_raions, hromadas
from territory.data.units import unit_name

LEVELS = ("raion", "hromada")
LEVEL_NAMES = {"raion": N_("Raions"), "hromada": N_("Hromadas")}
STATUS_NAMES = {"occupied": N_("inside the occupied area"), "grey": N_("inside the grey zone (status unknown)"),
                "none": N_("outside both")}
HEADINGS = {"raion": N_("{unit}: share of each raion inside the occupied area on DeepState's map of {date}"),
            "hromada": N_("{unit}: share of each hromada inside the occupied area on DeepState's map of {date}")}
#: Units without raions or hromadas of their own in the data (the cities with special status).
NO_SUBUNITS = ("UA-30", "UA-40")

#: The credits of every places view: boundaries, areas, settlements (the app, the images and the CSV).
BOUNDARIES_CREDIT = N_("Raions and hromadas: © OpenStreetMap contributors (ODbL 1.0), via darmat1/ukraine-geo-data.")
AREAS_CREDIT = N_("Areas: DeepState's map, computed by this project.")
SETTLEMENTS_CREDIT = N_("Settlements: GeoNames (CC BY 4.0); official names: KATOTTG codifier.")


def credits(lang: str = "en", settlements: bool = False) -> str:
    """The credit line of a places view in ``lang`` (with the settlements' when a settlement is shown)."""
    _ = gettext_for(lang)
    parts = [_(BOUNDARIES_CREDIT), _(AREAS_CREDIT)] + ([_(SETTLEMENTS_CREDIT)] if settlements else [])
    return " ".join(parts)


def control_colour(pct: float) -> str:
    if pct <= 0:
        return palette.ZERO_COLOUR
    for brk, colour in zip(palette.CONTROL_BREAKS, palette.CONTROL_COLOURS, strict=True):
        if pct <= brk:
            return colour
    return palette.CONTROL_COLOURS[-1]


@lru_cache(maxsize=64)
def _shapes(level: str, unit: str) -> tuple[tuple[str, str], ...]:
    """(code, GeoJSON geometry text) of a unit's raions or hromadas, browser resolution."""
    gdf = hromadas("web")
    gdf = gdf[gdf["unit"] == unit]
    if level == "raion":
        gdf = dissolve_raions(gdf)
    return tuple((code, shapely.to_geojson(geom)) for code, geom in zip(gdf["code"], gdf.geometry, strict=True))


def heading(level: str, unit_label: str, day: dt.date, lang: str = "en") -> str:
    return gettext_for(lang)(HEADINGS[level]).format(unit=unit_label, date=date_label(day, lang))


#: What a raion's or hromada's tooltip says of it on the day.
TOOLTIP_SHARE = N_("{pct} % inside the occupied area on DeepState's map ({km2} of {area} km²)")


def subunit_features(rows: list[dict], level: str, unit: str, language: str, day_text: str) -> dict:
    """A FeatureCollection of the unit's raions or hromadas coloured by their share on the day; every text
    escaped for the tooltip's HTML."""
    _ = gettext_for(language)
    by_code = {r["code"]: r for r in rows}
    features = []
    for code, geometry in _shapes(level, unit):
        row = by_code.get(code)
        if row is None:
            continue
        name = row["name_uk"] if language == "uk" else row["name_en"]
        share = _(TOOLTIP_SHARE).format(pct=format_number(row["controlled_pct"], 2, language),
                                        km2=format_number(row["controlled_km2"], 0, language),
                                        area=format_number(row["area_km2"], 0, language))
        tooltip = (f"<b>{html_escape(name)}</b> ({html_escape(code)})<br>{html_escape(day_text)}: "
                   f"{html_escape(share)}")
        features.append({"type": "Feature", "geometry": json.loads(geometry),
                         "properties": {"code": code, "fill": control_colour(row["controlled_pct"]),
                                        "tooltip": tooltip}})
    return {"type": "FeatureCollection", "features": features}


def bounds(level: str, unit: str) -> list[list[float]] | None:
    """The unit's raions' or hromadas' bounds as Leaflet wants them ([[south, west], [north, east]])."""
    shapes = _shapes(level, unit)
    if not shapes:
        return None
    west, south, east, north = shapely.union_all([shapely.from_geojson(g) for _c, g in shapes]).bounds
    return [[round(south, 3), round(west, 3)], [round(north, 3), round(east, 3)]]


def bounds_with(box: list[list[float]], latitude: float, longitude: float) -> list[list[float]]:
    """``box`` ([[south, west], [north, east]]) grown to hold a point: a settlement found outside the oblast shown
    (a link naming both) stays on the map."""
    (south, west), (north, east) = box
    return [[min(south, latitude), min(west, longitude)], [max(north, latitude), max(east, longitude)]]


#: The table's columns: the row's key and its header (marked for translation).
TABLE_COLUMNS = (("code", N_("Code")), ("name", N_("Name")), ("controlled_pct", N_("Share inside the occupied area (%)")),
                 ("controlled_km2", N_("Inside the occupied area (km²)")), ("area_km2", N_("Area (km²)")))


def table_frame(rows: list[dict], lang: str = "en") -> pd.DataFrame:
    """The page's table: largest share first, headers in ``lang``, numbers written as ``lang`` writes them."""
    _ = gettext_for(lang)
    ordered = sorted(rows, key=lambda r: (-r["controlled_pct"], r["code"]))
    values = {"code": [r["code"] for r in ordered],
              "name": [(r["name_uk"] if lang == "uk" else r["name_en"]) or r["name_en"] for r in ordered],
              "controlled_pct": [format_number(r["controlled_pct"], 2, lang) for r in ordered],
              "controlled_km2": [format_number(r["controlled_km2"], 1, lang) for r in ordered],
              "area_km2": [format_number(r["area_km2"], 0, lang) for r in ordered]}
    return pd.DataFrame({_(header): values[key] for key, header in TABLE_COLUMNS})


def export_rows(rows: list[dict], level: str, day: dt.date, lang: str = "en") -> list[dict]:
    """The rows of the places CSV: the day, each raion's or hromada's code, names and figures (numbers as
    numbers), and where they come from."""
    source = credits(lang)
    ordered = sorted(rows, key=lambda r: (-r["controlled_pct"], r["code"]))
    return [{"date": day.isoformat(), "level": level, "unit": r["unit"], "code": r["code"], "name_en": r["name_en"],
             "name_uk": r["name_uk"], "controlled_pct": r["controlled_pct"], "controlled_km2": r["controlled_km2"],
             "area_km2": r["area_km2"], "sources": source} for r in ordered]


def step_days(days: list[dt.date], day: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """The days with a map just before and just after ``day`` (None at either end of the series)."""
    earlier = [d for d in days if d < day]
    later = [d for d in days if d > day]
    return (earlier[-1] if earlier else None), (later[0] if later else None)


def status_name(status: str, lang: str = "en") -> str:
    return gettext_for(lang)(STATUS_NAMES[status])


def timeline_rows(changes: list[Change]) -> list[dict]:
    return [{"date": c.day.isoformat(), "status": c.status, "flip_flop": c.flip_flop, "initial": c.initial}
            for c in changes]


def timeline_frame(changes: list[Change], lang: str = "en") -> pd.DataFrame:
    """A settlement's days of change, in ``lang``."""
    _ = gettext_for(lang)
    return pd.DataFrame([{_("Date"): date_label(c.day, lang), _("Status"): status_name(c.status, lang),
                          _("Flip-flop"): _("yes") if c.flip_flop else ""} for c in changes])


def changed_rows(changed: pd.DataFrame, before: dt.date, after: dt.date, lang: str = "en") -> list[dict]:
    """The rows of the CSV of settlements that changed hands between two days (``changed_between``'s frame):
    names, code, unit, point, GeoNames' pre-war population, the status on each day, and the sources."""
    source = " ".join([gettext_for(lang)(SETTLEMENTS_CREDIT), gettext_for(lang)(
        N_("Status: the point against DeepState's occupied area and grey zone, computed by this project."))])
    return [{"before_date": before.isoformat(), "after_date": after.isoformat(), "geonameid": int(r.geonameid),
             "name": r["name"], "name_uk": r.name_uk, "katottg": r.katottg, "unit": r.unit, "hromada": r.hromada,
             "latitude": float(r.latitude), "longitude": float(r.longitude),
             "population_prewar": int(r.population_prewar), "status_before": status_name(r.status_before, lang),
             "status_after": status_name(r.status_after, lang), "sources": source}
            for _i, r in changed.iterrows()]


def changed_table(changed: pd.DataFrame, before: dt.date, after: dt.date, lang: str = "en") -> pd.DataFrame:
    """The Compare page's table of settlements whose status changed between two days (``changed_between``'s
    frame, largest first): the name and unit in ``lang``, GeoNames' population written as ``lang`` writes
    numbers, and the status on each day under a header naming the day."""
    _ = gettext_for(lang)
    name_column = "name_uk" if lang == "uk" else "name"
    status_on = _("Status on {date}")
    return pd.DataFrame({
        _("Settlement"): [n or e for n, e in zip(changed[name_column], changed["name"], strict=True)],
        _("Unit"): [unit_name(u, lang) if u else "" for u in changed["unit"]],
        _("Population (GeoNames, pre-war estimate)"): [format_number(int(p), 0, lang)
                                                      for p in changed["population_prewar"]],
        status_on.format(date=date_label(before, lang)): [status_name(s, lang) for s in changed["status_before"]],
        status_on.format(date=date_label(after, lang)): [status_name(s, lang) for s in changed["status_after"]],
    })


def last_on_or_before(days: list[dt.date], day: dt.date) -> dt.date:
    earlier = [d for d in days if d <= day]
    return earlier[-1] if earlier else days[0]
