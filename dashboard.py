"""Entry point: ``streamlit run dashboard.py``. A small router; the pages live in pages/, the app layer in app/."""

import streamlit as st

from app import router, state
from territory.webmap import enable_template_cache

st.set_page_config(page_title="Ukraine: territorial control by region", layout="wide")
router.ensure_leaflet_static()
router.page_style()
enable_template_cache()  # branca compiles each template once (version-guarded; never on import)

pages = [
    st.Page("pages/control_map.py", title="Control map", default=True, url_path="map"),
    st.Page("pages/compare.py", title="Compare dates", url_path="compare"),
    st.Page("pages/demands.py", title="Demands and positions", url_path="demands"),
    st.Page("pages/data.py", title="Data and sources", url_path="data"),
]
page = st.navigation(pages)
notices = st.container(key="notices")
try:
    page.run()
finally:
    state.show_notices(notices)
