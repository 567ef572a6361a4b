"""Every session key is named in app/keys.py: no page or app module writes one as a bare string."""

from __future__ import annotations

import ast
from pathlib import Path

from app import keys

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted([*ROOT.glob("app/**/*.py"), *ROOT.glob("pages/*.py"), ROOT / "dashboard.py"])
INITIAL_FUNCTIONS = {"initial"}


def _session_state(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "session_state"


def _bare_keys(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, key) of every session key written as a string literal or a session_state attribute."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            literals = [kw.value for kw in node.keywords if kw.arg == "key"]
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in INITIAL_FUNCTIONS or (isinstance(func, ast.Attribute) and _session_state(func.value)):
                literals += node.args[:1]
            found += [(n.lineno, n.value) for n in literals if isinstance(n, ast.Constant) and isinstance(n.value, str)]
        elif isinstance(node, ast.Subscript) and _session_state(node.value) and isinstance(node.slice, ast.Constant):
            found.append((node.lineno, node.slice.value))
        elif isinstance(node, ast.Attribute) and _session_state(node.value) and node.attr not in dir(dict):
            found.append((node.lineno, node.attr))
    return found


def test_no_session_key_is_a_bare_string():
    bare = [f"{path.relative_to(ROOT)}:{line}: {key!r}" for path in SOURCES if path.name != "keys.py"
            for line, key in _bare_keys(ast.parse(path.read_text(encoding="utf-8")))]
    assert bare == []


def test_the_check_sees_each_way_of_writing_a_key():
    code = ('st.text_input("x", key="a")\nst.session_state["b"] = 1\nst.session_state.c\n'
            'st.session_state.get("d")\nstate.initial("e", "e", str, "")\nst.session_state.get(keys.F)\n')
    assert sorted(k for _, k in _bare_keys(ast.parse(code))) == ["a", "b", "c", "d", "e"]


def test_each_key_is_named_once():
    values = [v for k, v in vars(keys).items() if k.isupper()]
    assert len(values) == len(set(values)) > 20
