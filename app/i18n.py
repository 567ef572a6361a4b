"""The session's interface language for the pages: ``_("…")`` translates into it, ``lang()`` names it.

The language choice is made once, in the router (dashboard.py), before every page: a widget kept for the whole
session and mirrored to the link (``?lang=uk``); on a first visit without ``lang`` in the link the browser's
preferred language picks it.
"""

from __future__ import annotations

import streamlit as st

from app.keys import LANG
from territory.base.i18n import DEFAULT_LANGUAGE, LANGUAGES, gettext_for, language_from_locale, ngettext_for


def lang() -> str:
    """The interface language of this session ("en" or "uk")."""
    chosen = st.session_state.get(LANG)
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def _(message: str) -> str:
    """``message`` in the session's language."""
    return gettext_for(lang())(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The plural form for ``n`` in the session's language (Ukrainian has three)."""
    return ngettext_for(lang())(singular, plural, n)


def browser_language() -> str:
    """The interface language the browser prefers (``navigator.language``), English when it is neither."""
    try:
        return language_from_locale(st.context.locale)
    except Exception:  # no browser context (a script run outside a session)
        return DEFAULT_LANGUAGE
