"""The session's interface language for the pages: ``_("…")`` translates into it, ``lang()`` names it.

The language choice is made once, in the router (dashboard.py), before every page: a widget kept for the whole
session and mirrored to the link (``?lang=uk``); on a first visit without ``lang`` in the link the browser's
preferred language picks it.
"""

from __future__ import annotations

import streamlit as st

from territory.i18n import DEFAULT_LANGUAGE, LANGUAGES, gettext_for, language_from_locale, ngettext_for

#: The widget key (and session-state key) of the language choice; the URL parameter has the same name.
KEY = "lang"


def lang() -> str:
    """The interface language of this session ("en" or "uk")."""
    chosen = st.session_state.get(KEY)
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


#: Widgets whose option labels are translated. Streamlit keeps a selectbox's or multiselect's choice as its
#: label, so a language change would turn the choice into a label of the other language: the choices are
#: written back as values when the language changes (a widget on another page included).
TRANSLATED_CHOICES = ("map_units", "map_demand", "map_scenario", "dem_parties", "dem_categories", "scenario_id",
                      "scenario_other", "gap_demand")


def _keep_choices() -> None:
    """Write each translated widget's choice back as its value, before the run in the new language."""
    for key in TRANSLATED_CHOICES:
        if key in st.session_state:
            try:
                st.session_state[key] = st.session_state[key]
            except Exception:  # noqa: BLE001 - a widget that refuses a value keeps its own
                pass


def language_choice() -> str:
    """The language choice in the sidebar, kept for the session and in the link; returns the language."""
    from app import state

    default = state.initial(KEY, KEY, state.choice_parser(list(LANGUAGES)), browser_language())
    chosen = st.sidebar.segmented_control(
        "Мова · Language", list(LANGUAGES), default=default, key=KEY, persist_state=state.KEEP,
        format_func=LANGUAGES.__getitem__, required=True, label_visibility="collapsed", on_change=_keep_choices)
    chosen = chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE
    state.set_params(lang=chosen)
    return chosen
