"""Entry point: ``streamlit run dashboard.py``. A small router; the pages live in pages/, the app layer in app/."""

import streamlit as st

from app import router, state
from app.i18n import _
from app.language import language_choice
from territory.webmap import enable_template_cache

language_choice()  # before every page: the language of the titles, the menu and the page (kept in ?lang=)
st.set_page_config(page_title=_("Ukraine: territorial control by region"), layout="wide")
router.ensure_leaflet_static()
router.ensure_units_static()
router.page_style()
enable_template_cache()  # branca compiles each template once (version-guarded; never on import)

pages = [
    st.Page("pages/control_map.py", title=_("Control map"), default=True, url_path="map"),
    st.Page("pages/compare.py", title=_("Compare dates"), url_path="compare"),
    st.Page("pages/changes.py", title=_("Changes by period"), url_path="changes"),
    st.Page("pages/demands.py", title=_("Demands and positions"), url_path="demands"),
    st.Page("pages/data.py", title=_("Data and sources"), url_path="data"),
]
page = st.navigation(pages)
notices = st.container(key="notices")
try:
    page.run()
finally:
    state.show_notices(notices)
