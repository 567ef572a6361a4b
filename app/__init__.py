"""The dashboard's app layer: data access (data), URL and session state (state), page blocks (blocks),
uploads (uploads), downloads (downloads) and the router's set-up (router). Pages import from here; the
library (territory/) never imports Streamlit.
"""

from .router import leave_legacy_pages_mode

leave_legacy_pages_mode()
