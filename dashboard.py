"""Entry point: ``streamlit run dashboard.py``. A small router; the pages live in pages/, the app layer in app/.

The menu, the language choice and a progress message are sent before anything heavy is imported or loaded, so
the first visitor after a server start sees the frame at once, whatever the machine is doing (issue 23)."""

import streamlit as st

from app import keys, router, state
from app.i18n import _
from app.language import language_choice

language_choice()  # before every page: the language of the titles, the menu and the page (kept in ?lang=)
st.set_page_config(page_title=_("Ukraine: territorial control by region"), layout="wide")
pages = [
    st.Page("pages/control_map.py", title=_("Control map"), default=True, url_path="map"),
    st.Page("pages/compare.py", title=_("Compare dates"), url_path="compare"),
    st.Page("pages/changes.py", title=_("Changes by period"), url_path="changes"),
    st.Page("pages/places.py", title=_("Raions, hromadas and settlements"), url_path="places"),
    st.Page("pages/demands.py", title=_("Demands and positions"), url_path="demands"),
    st.Page("pages/data.py", title=_("Data and sources"), url_path="data"),
]
page = st.navigation(pages)
notices = st.container(key=keys.NOTICES)
progress = st.empty()
if not st.session_state.get(keys.PAGE_SHOWN):  # the session's first run: its later runs are quick
    progress.info(_("Loading the page: maps and figures follow in a few seconds."), icon=":material/hourglass_top:")
router.ensure_leaflet_static()
router.ensure_units_static()
router.page_style()
router.enable_template_cache()  # branca compiles each template once (version-guarded; never on import)
try:
    page.run()
finally:
    progress.empty()
    st.session_state[keys.PAGE_SHOWN] = True
    state.show_notices(notices)
