"""Make untrusted text safe where it is shown: Markdown, HTML, spreadsheet cells."""

from __future__ import annotations

import html
import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&@])")


def md_escape(text: str) -> str:
    """Text shown literally in Streamlit Markdown: no formatting, links, HTML, or LaTeX from data."""
    text = html.escape(str(text), quote=False)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def html_escape(text: str) -> str:
    return html.escape(str(text), quote=True)


def csv_safe_cell(value: object) -> object:
    """Neutralise spreadsheet formulas: a text cell starting with = + - @ (or tab/CR) gets a leading quote.

    Numbers stay numbers, so negative changes are still numbers in the spreadsheet.
    """
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
