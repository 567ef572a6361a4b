"""What every page needs before it runs, in one place: leaving Streamlit's legacy ``pages/`` mode and
serving Leaflet from the package.

Streamlit decides at the first session whether the app uses the legacy ``pages/`` folder; until
dashboard.py has called ``st.navigation`` once, a direct link such as ``/compare`` on a fresh server runs the
page file alone (no page config, a second navigation menu). Every page imports this package, so the first
such run ends here and reruns through the router. A new page needs nothing for this.
"""

from __future__ import annotations

import os
import stat
from functools import cache

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from territory.base.paths import REPO_ROOT

STATIC_DIR = REPO_ROOT / "static"
STATIC_LEAFLET = STATIC_DIR / "vendor" / "leaflet"


def leave_legacy_pages_mode() -> None:
    """Rerun through dashboard.py's router if this run went through the legacy ``pages/`` mode."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


@cache
def ensure_leaflet_static() -> None:
    """Copy Leaflet from the xstatic-leaflet package into ./static for Streamlit's static serving.

    Written by :func:`territory.base.atomic.write_bytes_atomic` (a fresh temporary name, then a rename that replaces
    the name itself): a link planted at the target or beside it is never written through. Only
    ``static/vendor/`` needs to be writable, and nothing is written when the files are already there.
    """
    from territory.base.atomic import write_bytes_atomic
    from territory.web.webmap import leaflet_assets

    try:
        STATIC_LEAFLET.mkdir(parents=True, exist_ok=True)
        for name, source in leaflet_assets().items():
            target = STATIC_LEAFLET / name
            contents = source.read_bytes()
            if not _holds(target, contents):
                write_bytes_atomic(target, contents, overwrite=True)
    except OSError as exc:  # read-only deployment: the files must have been copied at build time
        st.warning(f"Leaflet could not be copied to {STATIC_LEAFLET} ({exc.strerror or exc}); the map may not draw.")


def _holds(target, contents: bytes) -> bool:
    """True if ``target`` is a regular file (not a link) with exactly ``contents``."""
    try:
        if not stat.S_ISREG(os.lstat(target).st_mode):
            return False
        return target.read_bytes() == contents
    except OSError:
        return False


def enable_template_cache() -> None:
    """Let branca compile each template once (imported here, after the first screen has been sent)."""
    from territory.web.webmap import enable_template_cache as enable

    enable()


@cache
def ensure_units_static() -> None:
    """Write the units' and the neighbours' web geometry into ./static once, so the maps fetch them once instead
    of receiving them on every slider step (territory.web.webmap.units_layer, app_base_map). Names carry a digest:
    an existing file is current."""
    from territory.base.atomic import write_bytes_atomic
    from territory.web.webmap import UNITS_STATIC_DIR, web_geometry_files

    for name, contents in web_geometry_files():
        target = STATIC_DIR / UNITS_STATIC_DIR / name
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists():
                write_bytes_atomic(target, contents)
        except FileExistsError:  # another server process wrote it first: same name, same contents
            pass
        except OSError as exc:  # read-only deployment: the file must have been written at build time
            st.warning(f"The map geometry could not be written to {target} ({exc.strerror}); the maps may not draw.")


#: The page's style: on narrow screens (phones) headline figures two by two and a smaller title, so the map
#: starts above the fold; the demands panel's entries drawn as cards.
_PAGE_CSS = """<style>
@media (max-width: 640px) {
  .st-key-headline [data-testid="stHorizontalBlock"] { flex-direction: row !important; flex-wrap: wrap; gap: 0.25rem; }
  .st-key-headline [data-testid="stColumn"] { flex: 1 1 calc(50% - 0.25rem) !important; min-width: calc(50% - 0.25rem) !important; }
  .st-key-headline [data-testid="stMetricValue"] { font-size: 1.25rem; }
  .st-key-headline [data-testid="stMetricLabel"] p { font-size: 0.75rem; }
  h1 { font-size: 1.5rem !important; padding-top: 0 !important; }
  .st-key-date_row [data-testid="stHorizontalBlock"] { flex-direction: row !important; flex-wrap: wrap; gap: 0.5rem; }
  .st-key-date_row [data-testid="stColumn"] { flex: 1 1 calc(50% - 0.5rem) !important; min-width: calc(50% - 0.5rem) !important; }
  .st-key-date_row [data-testid="stColumn"]:first-child { flex: 1 1 100% !important; min-width: 100% !important; }
}
/* each entry of the demands panel beside the map is one Markdown element, drawn as a card */
.st-key-demands_panel [data-testid="stMarkdown"] {
  border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem; padding: 0.75rem 1rem 0.25rem;
}
</style>"""


def page_style() -> None:
    """Style shared by every page (layout only; no data reaches it)."""
    st.html(_PAGE_CSS + uploader_css() + date_placeholder_css())


def date_placeholder_css() -> str:
    """Streamlit's date boxes show "yyyy-mm-dd" as their empty value whatever the language: the letters in the
    page's language (English keeps them)."""
    from app.i18n import _, lang
    from territory.base.textsafe import css_string

    if lang() == "en":
        return ""
    letters = {"year": _("yyyy"), "month": _("mm"), "day": _("dd")}
    rules = []
    for part, text in letters.items():
        field = f'[data-testid="stDateInputField"] [data-type="{part}"][data-placeholder="true"]'
        rules += [f"{field} {{ font-size: 0; }}", f"{field}::after {{ content: {css_string(text)}; font-size: 1rem; }}"]
    return "<style>" + "\n".join(rules) + "</style>"


#: The file drop zones of the Data page, by widget key, and what each accepts (in KB or MB).
UPLOADERS = {"snapshot_upload": "snapshot", "control_upload": "control"}


def uploader_css() -> str:
    """Streamlit's drop zone names its button and limit itself, in English and with the server's limit
    ("Upload", "5MB per file • CSV"), beside our help saying 64 KB: each drop zone says it in the page's
    language with its own limit, and the button says which way the file goes."""
    from app.i18n import _
    from territory.base.textsafe import css_string
    from territory.data.snapshots import MAX_SNAPSHOT_BYTES

    limits = {"snapshot": _("CSV, at most {kb} KB").format(kb=MAX_SNAPSHOT_BYTES // 1000),
              "control": _("GeoJSON, at most {mb} MB").format(mb=st.get_option("server.maxUploadSize"))}
    zone, button = '[data-testid="stFileUploaderDropzone"]', _("Upload a file")
    rules = [f'{zone} button [data-testid="stMarkdownContainer"] p {{ font-size: 0; }}',
             f'{zone} button [data-testid="stMarkdownContainer"] p::after {{ content: {css_string(button)}; '
             'font-size: 0.875rem; }']
    for key, kind in UPLOADERS.items():
        text = f'.st-key-{key} [data-testid="stFileUploaderDropzoneInstructions"] span'
        rules += [f"{text} {{ font-size: 0; }}", f"{text}::after {{ content: {css_string(limits[kind])}; "
                  "font-size: 0.875rem; }"]
    return "<style>" + "\n".join(rules) + "</style>"
