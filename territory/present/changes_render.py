"""The Changes chart as a publishable image (PNG, SVG, PDF): km² that came under Russian control above zero,
km² that left it below, the net as a dark tick, per period; title, what is counted, source line and credit.

Drawn like the maps (``render``): a matplotlib ``Figure``, the same palette, fonts and deterministic output.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from territory.analysis.changes import Change
from territory.base import palette
from territory.base.formats import DEFAULT_WIDTH
from territory.base.i18n import gettext_for
from territory.base.text import date_label, format_km2, project_name, spring_2022_note
from territory.present.changes_view import COUNT_HELP, COUNT_NAMES, PERIOD_NAMES, area_name
from territory.present.render import _caption, _check_width, _new_figure, _save, styled

#: At most this many period labels are written under the bars (every n-th beyond).
MAX_LABELS = 24


def _title(areas: list[str], start: dt.date, end: dt.date, by: str, lang: str) -> str:
    _ = gettext_for(lang)
    names = ", ".join(area_name(a, lang) for a in areas) if areas else _("Ukraine")
    return _("{area}: area that changed hands by {period}, {start} to {end}").format(
        area=names, period=_(PERIOD_NAMES[by]), start=date_label(start, lang), end=date_label(end, lang))


def _one_area(ax, rows: list[Change], x, lang: str) -> None:
    """Gained above zero, lost below, the net as a dark tick."""
    _ = gettext_for(lang)
    ax.bar(x, [c.gained_km2 for c in rows], color=palette.GAINED_COLOUR, width=0.8)
    ax.bar(x, [-c.lost_km2 for c in rows], color=palette.LOST_COLOUR, width=0.8)
    ax.scatter(x, [c.net_km2 for c in rows], marker="_", s=60, color=palette.NET_COLOUR, zorder=3)
    ax.legend(handles=[Patch(color=palette.GAINED_COLOUR, label=_("came under Russian control")),
                       Patch(color=palette.LOST_COLOUR, label=_("left Russian control")),
                       Patch(color=palette.NET_COLOUR, label=_("net"))],
              fontsize=5, frameon=False, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=3)


def _several_areas(ax, rows: list[Change], areas: list[str], x, lang: str) -> None:
    """Each area's net, side by side in each period, in the chart's series colours."""
    width = 0.8 / len(areas)
    for number, area in enumerate(areas):
        nets = [c.net_km2 for c in rows if c.area == area]
        ax.bar(x - 0.4 + width * (number + 0.5), nets, width=width, label=area_name(area, lang),
               color=palette.SERIES_COLOURS[number % len(palette.SERIES_COLOURS)])
    ax.legend(fontsize=5, frameon=False, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=min(len(areas), 6))


@styled
def changes_figure(rows: list[Change], start: dt.date, end: dt.date, by: str, width_px: int = DEFAULT_WIDTH,
                   lang: str = "en") -> Figure:
    """The chart of the changes of one area (gained, lost, net) or of several units (each one's net)."""
    _check_width(width_px)
    _ = gettext_for(lang)
    fig = _new_figure(width_px, 0.5)
    ax = fig.add_axes((0.07, 0.22, 0.9, 0.62))
    areas = list(dict.fromkeys(c.area for c in rows))
    labels = list(dict.fromkeys(c.period.label for c in rows))
    x = np.arange(len(labels))
    if len(areas) > 1:
        _several_areas(ax, rows, areas, x, lang)
    else:
        _one_area(ax, rows, x, lang)
    ax.axhline(0, color=palette.BODY_TEXT, linewidth=0.5)
    step = max(1, -(-len(labels) // MAX_LABELS))
    ax.set_xticks(x[::step], labels[::step], rotation=45, ha="right", fontsize=5)
    ax.tick_params(axis="y", labelsize=5)
    ax.set_ylabel(_("Net km²") if len(areas) > 1 else _("km²"), fontsize=5.5)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.text(0.012, 0.975, _title(areas, start, end, by, lang), fontsize=7.5, weight="bold", va="top",
             color=palette.TITLE_TEXT)
    net = sum(c.net_km2 for c in rows)
    count = rows[0].count if rows else "land"
    fig.text(0.012, 0.915, _("Net: {km2}. Counted: {count} ({help})").format(
        km2=format_km2(net, lang, signed=True), count=_(COUNT_NAMES[count]), help=_(COUNT_HELP[count])),
        fontsize=5.2, va="top", color=palette.BODY_TEXT, wrap=True)
    note = spring_2022_note(start, lang)
    source = _("Computed by this project from DeepState's map (deepstatemap.live): the area newly inside, or no "
               "longer inside, the occupied area from one day's map to the next, summed by period. Credit: "
               "DeepState.")
    _caption(fig, " ".join(t for t in (source, note, project_name(lang) + ".") if t), y=0.012)
    return fig


def render_changes_chart(rows: list[Change], start: dt.date, end: dt.date, by: str, fmt: str = "png",
                         width_px: int = DEFAULT_WIDTH, lang: str = "en") -> bytes:
    """PNG, SVG or PDF bytes of :func:`changes_figure`."""
    return _save(changes_figure(rows, start, end, by, width_px, lang), fmt)
