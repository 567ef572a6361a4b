"""The language choice: a widget in the sidebar, kept for the session and in the link.

Apart from ``app.i18n`` (the language of a run and its translations), which ``app.state`` builds on: this
module builds on both.
"""

from __future__ import annotations

import streamlit as st

from app import keys, state
from app.i18n import browser_language
from territory.base.i18n import DEFAULT_LANGUAGE, LANGUAGES

#: Widgets whose option labels are translated. Streamlit keeps a selectbox's or multiselect's choice as its
#: label, so a language change would turn the choice into a label of the other language: the choices are
#: written back as values when the language changes (a widget on another page included).
TRANSLATED_CHOICES = ("map_units", "map_demand", "map_scenario", "dem_parties", "dem_categories", "scenario_id",
                      "scenario_other", "gap_demand", "changes_by", "changes_count", "changes_units",
                      "changes_pace_unit", "places_unit", "places_level")


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
    default = state.initial(keys.LANG, "lang", state.choice_parser(list(LANGUAGES)), browser_language())
    chosen = st.sidebar.segmented_control(
        "Мова · Language", list(LANGUAGES), default=default, key=keys.LANG, persist_state=state.KEEP,
        format_func=LANGUAGES.__getitem__, required=True, label_visibility="collapsed", on_change=_keep_choices)
    chosen = chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE
    state.set_params(lang=chosen)
    return chosen
