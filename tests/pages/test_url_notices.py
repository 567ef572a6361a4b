"""Texts from URL parameters reach the page literally: a link cannot add Markdown (images, links, bold)."""

import re

import pytest

from .conftest import run_app

IMAGE = "![x](http://127.0.0.1:9/p.png)"


def unescaped(markdown: str) -> str:
    """The text Markdown would show for backslash-escaped input (what a visitor reads)."""
    return re.sub(r"\\(.)", r"\1", markdown)


@pytest.mark.parametrize("params, shown", [
    ({"demand": IMAGE}, IMAGE),
    ({"units": "**BIG**,[a](b)"}, "**BIG**, [a](b)"),
    ({"date": "<img src=x>"}, "<img src=x>"),
    ({"min": "_x_`y`"}, "_x_`y`"),
])
def test_notices_show_url_text_literally(params, shown):
    at = run_app(**params)
    notices = [i.value for i in at.info]
    assert notices, "an invalid parameter must give a notice"
    for notice in notices:  # every Markdown character is backslash-escaped, so it is shown as typed
        assert not re.search(r"(?<!\\)[!\[\]()*<>`_]", notice), notice
    assert shown in " ".join(unescaped(n) for n in notices)
