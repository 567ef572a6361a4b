"""The README's Python examples run as written."""

from __future__ import annotations

import contextlib
import io
import re

from territory.base.paths import REPO_ROOT


def test_every_python_example_of_the_readme_runs():
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert blocks
    for block in blocks:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(block, "README.md", "exec"), {})  # noqa: S102 - our own README's example
        assert out.getvalue().strip()
