"""The one place that knows colours: the web map and the image export both ask it.

Control shares use ColorBrewer's sequential OrRd scale (colour-blind safe, no red-green pair); changes
between dates use the diverging RdBu scale (red: more under Russian control, blue: less).
"""

from __future__ import annotations

from dataclasses import dataclass

#: Upper bounds (inclusive) of the control classes above 0 %, and their colours (ColorBrewer OrRd 7).
CONTROL_BREAKS = (1.0, 5.0, 25.0, 50.0, 75.0, 95.0, 100.0)
CONTROL_COLOURS = ("#fdd49e", "#fdbb84", "#fc8d59", "#ef6548", "#d7301f", "#b30000", "#7f0000")
ZERO_COLOUR = "#fff7ec"  # no Russian control
NO_FIGURE_COLOUR = "#9e9e9e"  # the snapshot has no figure for the unit
FILTERED_COLOUR = "#e4e4e4"  # unit filtered out of the view: kept on the map, greyed
NEIGHBOUR_COLOUR = "#f2f2ef"
NEIGHBOUR_EDGE = "#bcbcbc"
UNIT_EDGE = "#5f5f5f"
HIGHLIGHT_EDGE = "#3f007d"  # units of the selected demand (purple: distinct from the reds)
SEA_COLOUR = "#dfe9f2"
OCCUPIED_OUTLINE_COLOUR = "#1a1a1a"  # DeepState's occupied area drawn over the choropleth (edge only)
GREY_ZONE_OUTLINE_COLOUR = "#4d4d4d"  # DeepState's grey "status unknown" zone: dotted hatch, no fill
ZONE_COLOUR = "#9e9ac8"  # demilitarised or special zone under a peace plan (purple, apart from the reds)

#: Change in percentage points: upper bounds of the classes and their colours (ColorBrewer RdBu 7, reversed).
CHANGE_BREAKS = (-10.0, -2.0, -0.05, 0.05, 2.0, 10.0, float("inf"))
CHANGE_COLOURS = ("#2166ac", "#67a9cf", "#d1e5f0", "#f7f7f7", "#fddbc7", "#ef8a62", "#b2182b")

#: NATO map.
NATO_MEMBER_COLOURS = {  # by accession period
    "1949-1989": "#08306b", "1999-2009": "#2171b5", "2017-2020": "#6baed6", "2023-2024": "#c6dbef",
}
NATO_EXCLUDED_COLOUR = "#f16913"  # states a written non-enlargement pledge would exclude
RUSSIA_BELARUS_COLOUR = "#969696"
OTHER_COUNTRY_COLOUR = "#f0f0f0"


@dataclass(frozen=True)
class LegendItem:
    label: str
    colour: str
    dashed: bool = False


def control_colour(pct: float | None) -> str:
    """Fill colour for a share under Russian control (None: no figure)."""
    if pct is None:
        return NO_FIGURE_COLOUR
    if pct <= 0:
        return ZERO_COLOUR
    for upper, colour in zip(CONTROL_BREAKS, CONTROL_COLOURS, strict=True):
        if pct <= upper:
            return colour
    return CONTROL_COLOURS[-1]


def change_colour(pp: float | None) -> str:
    """Fill colour for a change in percentage points (None: no figure on one of the dates)."""
    if pp is None:
        return NO_FIGURE_COLOUR
    for upper, colour in zip(CHANGE_BREAKS, CHANGE_COLOURS, strict=True):
        if pp <= upper:
            return colour
    return CHANGE_COLOURS[-1]


def control_legend() -> list[LegendItem]:
    items = [LegendItem("0 %", ZERO_COLOUR)]
    lower = 0.0
    for upper, colour in zip(CONTROL_BREAKS, CONTROL_COLOURS, strict=True):
        items.append(LegendItem(f"{lower:g}–{upper:g} %", colour))
        lower = upper
    items.append(LegendItem("no figure", NO_FIGURE_COLOUR, dashed=True))
    return items


def change_legend() -> list[LegendItem]:
    labels = ("−10 pp or more", "−10 to −2 pp", "−2 to 0 pp", "no change", "0 to +2 pp", "+2 to +10 pp",
              "+10 pp or more")
    items = [LegendItem(label, colour) for label, colour in zip(labels, CHANGE_COLOURS, strict=True)]
    items.append(LegendItem("no figure", NO_FIGURE_COLOUR, dashed=True))
    return items


def scenario_colour(russian_pct: float | None, zone_pct: float) -> str:
    """Fill for a unit under a peace plan: the zone colour where part becomes a zone, else the control scale."""
    if zone_pct > 0:
        return ZONE_COLOUR
    return control_colour(russian_pct)


def scenario_legend() -> list[LegendItem]:
    return control_legend()[:-1] + [LegendItem("part of the unit becomes a zone", ZONE_COLOUR),
                                     LegendItem("no figure", NO_FIGURE_COLOUR, dashed=True)]


def nato_period(year: int) -> str:
    if year <= 1989:
        return "1949-1989"
    if year <= 2009:
        return "1999-2009"
    if year <= 2020:
        return "2017-2020"
    return "2023-2024"
