"""What the user set, kept: widgets keep their value across reruns and page changes (``persist_state``),
start from the link on a first visit, and are mirrored to the URL so a link reproduces the view.

A page reads ``initial(...)`` for each widget's starting value and calls ``set_params(...)`` after its
widgets. Invalid link values fall back with a notice, shown literally (never as Markdown).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Any, Literal, TypeVar

import streamlit as st

from app import keys
from app.i18n import _, lang

T = TypeVar("T")

#: Every widget that holds a view keeps its value for the whole session, across page changes.
KEEP: Literal["session"] = "session"


def notice(message: str) -> None:
    st.session_state.setdefault(keys.PENDING_NOTICES, [])
    if message not in st.session_state[keys.PENDING_NOTICES]:
        st.session_state[keys.PENDING_NOTICES].append(message)


def show_notices(box) -> None:
    """The notices of this run in ``box`` (a container the router placed above the page, so notices raised
    anywhere in the page are shown in the same run and nothing below them shifts). Text from the link is
    always inside a code span (``literal``); the rest of a notice is ours."""
    for message in st.session_state.pop(keys.PENDING_NOTICES, []):
        box.info(message, icon="ℹ️")


def literal(text: str) -> str:
    """Text from a URL as a Markdown code span: shown exactly as typed, never as a link, image or formatting
    (backslash escapes alone still let bare URLs become links)."""
    text = str(text).replace("\n", " ").replace("\r", " ")
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}"


def _quoted(raw: str, limit: int = 40) -> str:
    return raw[:limit] + ("…" if len(raw) > limit else "")


def initial(key: str, param: str, parse: Callable[[str], T], default: T) -> T:
    """A widget's starting value: the session's own (kept across pages), else the link's, else ``default``.

    ``parse`` turns the URL text into a value or raises ``ValueError`` with the reason, which becomes a notice.
    """
    if key in st.session_state:
        return st.session_state[key]
    raw = st.query_params.get(param)
    if raw is None:
        return default
    try:
        return parse(raw)
    except ValueError as exc:
        notice(_("The link asked for {link}: {reason}").format(link=literal(f"{param}={_quoted(raw)}"), reason=exc))
        return default


def first_value(key: str, param: str, parse: Callable[[str], T], default: T) -> T:
    """A widget's ``value=``: the link's on the session's first run (see :func:`initial`), then always ``default``.

    Once the session holds the widget's value Streamlit ignores ``value=``, but it is part of the element: a
    value that followed the widget would change the element on every step, and Streamlit would send it again
    (a date slider with 1,518 dates: 9 KB a step). Constant, the element is sent once.
    """
    if key in st.session_state:
        return default
    return initial(key, param, parse, default)


def date_parser(dates: Sequence[dt.date]) -> Callable[[str], dt.date]:
    """Parse a date of the link. A day without a map between two that have one shows the last map before it
    (DeepState's archives miss some days); a date outside the data becomes the nearest one. Both with a notice."""
    def parse(raw: str) -> dt.date:
        try:
            wanted = dt.date.fromisoformat(raw)
        except ValueError:
            raise ValueError(_("not a date (YYYY-MM-DD); showing the default.")) from None
        if wanted in dates:
            return wanted
        if dates[0] < wanted < dates[-1]:
            shown = max(d for d in dates if d < wanted)
            notice(_("There is no map for {wanted}; showing the map of {shown}, the last one before it.").format(
                wanted=wanted, shown=shown))
            return shown
        nearest = min(dates, key=lambda d: (abs((d - wanted).days), d))
        notice(_("There is no map for {wanted}; showing the nearest date, {nearest}.").format(
            wanted=wanted, nearest=nearest))
        return nearest
    return parse


#: No unit chosen (a typed empty list, for ``initial``'s default).
NO_UNITS: list[str] = []


def units_parser(valid: Sequence[str]) -> Callable[[str], list[str]]:
    def parse(raw: str) -> list[str]:
        wanted = [u.strip() for u in raw.split(",") if u.strip()]
        unknown = [u for u in wanted if u not in valid]
        if unknown:
            notice(_("Some units in the link were not recognised and were ignored: {units}").format(
                units=literal(", ".join(_quoted(u, 10) for u in unknown[:10]))))
        return [u for u in wanted if u in valid]
    return parse


def choice_parser(valid: Sequence[str]) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        if raw not in valid:
            raise ValueError(_("not known; ignored."))
        return raw
    return parse


def float_parser(low: float, high: float) -> Callable[[str], float]:
    def parse(raw: str) -> float:
        try:
            value = float(raw)
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise ValueError(_("outside {low}–{high}; using the default.").format(low=f"{low:g}", high=f"{high:g}"))
        return value
    return parse


def set_params(**values: Any) -> None:
    """Write the view to the URL (None or empty removes a parameter)."""
    for key, value in values.items():
        if value in (None, "", [], ()):
            if key in st.query_params:
                del st.query_params[key]
            continue
        text = ",".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
        if st.query_params.get(key) != text:
            st.query_params[key] = text


#: The link parameter naming the page a link came from (``?via=map``): that link's view wins over the session's.
VIA = "via"


def link_wins(origin: str, *widget_keys: str) -> bool:
    """A link from another page (``?via=origin``, see :func:`link_from`) sets this page's view: the session's
    kept values of ``widget_keys`` are dropped, so :func:`initial` reads the link, and the marker leaves the
    URL. True if the link came from ``origin``. Call it before the page's widgets."""
    if st.query_params.get(VIA) != origin:
        return False
    for key in widget_keys:
        st.session_state.pop(key, None)
    del st.query_params[VIA]
    return True


def link_from(origin: str, **values: Any) -> dict[str, str]:
    """The query parameters of a link to another page that opens the view ``values`` (the language kept)."""
    return {**{k: str(v) for k, v in values.items() if v not in (None, "")}, "lang": lang(), VIA: origin}
