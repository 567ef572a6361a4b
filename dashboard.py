"""Entry point: ``streamlit run dashboard.py``. A small router; the pages live in pages/, the app layer in app/."""

import streamlit as st

from app import router, state

st.set_page_config(page_title="Ukraine: territorial control by region", layout="wide")
router.ensure_leaflet_static()
router.page_style()

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
