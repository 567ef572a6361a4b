"""Make untrusted text safe where it is shown: Markdown, HTML, spreadsheet cells."""

from __future__ import annotations

import html
import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&@])")


def md_escape(text: str) -> str:
    """Text shown literally in Streamlit Markdown: no formatting, links, HTML, entities or LaTeX from data.

    Every Markdown-significant character, ``<``, ``>`` and ``&`` included, is backslash-escaped, so
    ``<img src=x>`` is displayed as those characters and never parsed as a tag.
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ").replace("\r", " ")


def code_span(text: str) -> str:
    """Text shown exactly as written, in Markdown: an inline code span, whose content is never parsed.

    Unlike :func:`md_escape`, nothing in it becomes a link either (GitHub-flavoured Markdown turns a bare
    ``http://…`` or ``www.…`` in ordinary text into a link, escaped or not). The fence is one backtick longer
    than the longest run of backticks in the text; a space pads text that starts or ends with a backtick or a
    space (CommonMark strips one from each side). Line breaks become spaces.
    """
    text = str(text).replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text[:1] in ("`", " ") or text[-1:] in ("`", " ") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def html_escape(text: str) -> str:
    return html.escape(str(text), quote=True)


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string (for ``content:``): every character but letters, digits and spaces as a
    CSS escape, so no text can close the string, the rule or the style element."""
    return '"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in str(text)) + '"'


def csv_safe_cell(value: object) -> object:
    """Neutralise spreadsheet formulas: a text cell starting with = + - @ (or tab/CR) gets a leading quote.

    Numbers stay numbers, so negative changes are still numbers in the spreadsheet.
    """
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
