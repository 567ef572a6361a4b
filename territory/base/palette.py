"""The one place that knows colours: the web map and the image export both ask it.

Control shares use ColorBrewer's sequential OrRd scale (colour-blind safe, no red-green pair); changes
between dates use the diverging RdBu scale (red: more under Russian control, blue: less).
"""

from __future__ import annotations

from dataclasses import dataclass

from territory.base.i18n import N_, gettext_for

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
SELECTED_DATE_RULE = HIGHLIGHT_EDGE  # the selected date on the chart of control over time
SEA_COLOUR = "#dfe9f2"
OCCUPIED_OUTLINE_COLOUR = "#1a1a1a"  # DeepState's occupied area drawn over the choropleth (edge only)
GREY_ZONE_OUTLINE_COLOUR = "#4d4d4d"  # DeepState's grey "status unknown" zone: dotted hatch, no fill
ZONE_COLOUR = "#6a51a3"  # edge of a unit part of which becomes a demilitarised or special zone under a plan
HOVER_EDGE = "#000000"  # outline of the unit under the mouse on the web map
CONTROL_AREA_FILL = "#7f0000"  # an uploaded control-area map drawn over the units
OUTLINE_FILL = "#ffffff"  # neutral fill of units drawn under another layer

#: Text and lines of printed maps and of the HTML map's title box.
TITLE_TEXT = "#111111"
BODY_TEXT = "#333333"
CAPTION_TEXT = "#555555"
MUTED_TEXT = "#666666"
NEIGHBOUR_LABEL = "#9a9a9a"
HATCH_EDGE = "#5a5a5a"  # hatching of units without a figure
LEGEND_EDGE = "#555555"
LEGEND_FRAME = "#cccccc"
SERIES_LINE_COLOUR = "#b30000"  # this project's national total over time, beside the published totals
PANEL_BACKGROUND = "#ffffff"
STAMP_TEXT = "#7f0000"  # the date on each timelapse frame

#: Change in percentage points: upper bounds of the classes and their colours (ColorBrewer RdBu 11, reversed:
#: blue where Russian control shrank, red where it grew). Five classes on each side, so a unit that gained
#: 48 pp and one that gained 75 pp get different colours.
CHANGE_BREAKS = (-50.0, -25.0, -10.0, -2.0, -0.05, 0.05, 2.0, 10.0, 25.0, 50.0, float("inf"))
CHANGE_COLOURS = ("#053061", "#2166ac", "#4393c3", "#92c5de", "#d1e5f0", "#f7f7f7",
                  "#fddbc7", "#f4a582", "#d6604d", "#b2182b", "#67001f")
#: Index of the "no change" class in CHANGE_COLOURS.
NO_CHANGE_INDEX = 5

#: Changes by period: area that came under Russian control (red, above zero), area that left it (blue, below
#: zero), the net (dark), the rate line. The same reds and blues as the change map.
GAINED_COLOUR = "#b2182b"
LOST_COLOUR = "#2166ac"
NET_COLOUR = "#1a1a1a"
RATE_COLOUR = "#7f0000"

#: Lines of the control-over-time chart: one distinct colour per charted unit (Tableau 20), in chart order, so
#: no two lines on one chart share a colour and the legend names every line.
SERIES_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                  "#bcbd22", "#17becf", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94",
                  "#f7b6d2", "#c7c7c7", "#dbdb8d", "#9edae5")

#: NATO map.
NATO_MEMBER_COLOURS = {  # by accession period
    "1949-1989": "#08306b", "1999-2009": "#2171b5", "2017-2020": "#6baed6", "2023-2024": "#c6dbef",
}
NATO_EXCLUDED_COLOUR = "#f16913"  # states a written non-enlargement pledge would exclude
RUSSIA_BELARUS_COLOUR = "#969696"
OTHER_COUNTRY_COLOUR = "#f0f0f0"
NATO_PLEDGE_EDGE = "#7f2704"  # outline of the states the pledge would exclude
COUNTRY_EDGE = "#ffffff"
LISTED_COUNTRY_EDGE = "#444444"


@dataclass(frozen=True)
class LegendItem:
    label: str
    colour: str
    dashed: bool = False
    line: bool = False  # an edge drawn over the map (no fill), e.g. DeepState's occupied area


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


def control_legend(lang: str = "en") -> list[LegendItem]:
    items = [LegendItem("0 %", ZERO_COLOUR)]
    lower = 0.0
    for upper, colour in zip(CONTROL_BREAKS, CONTROL_COLOURS, strict=True):
        items.append(LegendItem(f"{lower:g}–{upper:g} %", colour))
        lower = upper
    items.append(_no_figure(lang))
    return items


def places_legend(lang: str = "en") -> list[LegendItem]:
    """The Places map's legend: the control map's share classes, and the oblasts not shown (drawn grey)."""
    _ = gettext_for(lang)
    return control_legend(lang)[:-1] + [LegendItem(_("other oblasts (pick one above)"), FILTERED_COLOUR)]


def _no_figure(lang: str) -> LegendItem:
    _ = gettext_for(lang)
    return LegendItem(_("no figure"), NO_FIGURE_COLOUR, dashed=True)


CHANGE_LABELS = (N_("−50 pp or more"), N_("−50 to −25 pp"), N_("−25 to −10 pp"), N_("−10 to −2 pp"),
                 N_("−2 to 0 pp"), N_("no change"), N_("0 to +2 pp"), N_("+2 to +10 pp"), N_("+10 to +25 pp"),
                 N_("+25 to +50 pp"), N_("+50 pp or more"))


def change_legend(lang: str = "en") -> list[LegendItem]:
    _ = gettext_for(lang)
    items = [LegendItem(_(label), colour) for label, colour in zip(CHANGE_LABELS, CHANGE_COLOURS, strict=True)]
    items.append(_no_figure(lang))
    return items


def scenario_colour(russian_pct: float | None, zone_pct: float) -> str:
    """Fill for a unit under a peace plan: the control scale of what Russia would hold, also where part of the
    unit becomes a zone (its edge says so: :func:`scenario_edge`), so what Russia already holds stays visible."""
    return control_colour(russian_pct)


def scenario_edge(zone_pct: float, explicit: bool) -> tuple[str, float]:
    """Edge colour and width (pixels on the web map) of a unit under a plan: a thick purple edge where part of
    it becomes a zone, a thicker grey one for the units the plan names."""
    if zone_pct > 0:
        return ZONE_COLOUR, 3.0
    return UNIT_EDGE, 1.6 if explicit else 0.8


def scenario_legend(lang: str = "en") -> list[LegendItem]:
    _ = gettext_for(lang)
    zone = LegendItem(_("part of the unit becomes a zone"), ZONE_COLOUR, line=True)
    return control_legend(lang)[:-1] + [zone, _no_figure(lang)]


def outline_items(lang: str = "en") -> list[LegendItem]:
    """The legend entries of DeepState's occupied area (a dark line) and grey zone (dashed)."""
    _ = gettext_for(lang)
    return [LegendItem(_("occupied area (DeepState)"), OCCUPIED_OUTLINE_COLOUR, line=True),
            LegendItem(_("grey zone (DeepState)"), GREY_ZONE_OUTLINE_COLOUR, dashed=True, line=True)]


def filtered_item(lang: str = "en") -> LegendItem:
    """The legend entry of units greyed out by the filters."""
    _ = gettext_for(lang)
    return LegendItem(_("filtered out"), FILTERED_COLOUR)


def nato_period(year: int) -> str:
    if year <= 1989:
        return "1949-1989"
    if year <= 2009:
        return "1999-2009"
    if year <= 2020:
        return "2017-2020"
    return "2023-2024"
