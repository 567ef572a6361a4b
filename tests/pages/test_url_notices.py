"""Texts from URL parameters reach the page literally: a link cannot add Markdown (images, links, bold)."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.state import literal

from .conftest import run_app

IMAGE = "![x](http://127.0.0.1:9/p.png)"
CODE_SPAN = re.compile(r"(?<!`)(`+) (.*?) \1(?!`)")


@pytest.mark.parametrize("params, shown", [
    ({"demand": IMAGE}, f"demand={IMAGE}"),
    ({"units": "**BIG**,[a](b)"}, "**BIG**, [a](b)"),
    ({"date": "<img src=x>"}, "date=<img src=x>"),
    ({"min": "_x_`y`"}, "min=_x_`y`"),
])
def test_notices_show_url_text_literally(params, shown):
    at = run_app(**params)
    notices = [i.value for i in at.info if "link" in i.value]  # the notices, not the page's own info boxes
    assert notices, "an invalid parameter must give a notice"
    # the text from the link is a code span (shown exactly as typed, never rendered); nothing else comes from it
    spans = [m.group(2) for n in notices for m in CODE_SPAN.finditer(n)]
    assert shown in spans
    outside = " ".join(CODE_SPAN.sub("", n) for n in notices)
    for token in ("![", "](", "**", "<img", "`", "_x_", "http"):
        assert token not in outside


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40))
def test_literal_is_one_code_span_holding_the_text(text):
    span = literal(text)
    match = CODE_SPAN.fullmatch(span)
    assert match and match.group(2) == text.replace("\n", " ").replace("\r", " ")
