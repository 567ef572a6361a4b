"""The code's shape: imports run one way. No module of the project imports another that imports it back
(directly or round a circle, imports inside functions included), and the library never imports the app."""

from __future__ import annotations

import ast
from pathlib import Path

from territory.base.paths import REPO_ROOT

PACKAGES = ("territory", "app", "pages")


def _modules() -> dict[str, Path]:
    mods: dict[str, Path] = {}
    for package in PACKAGES:
        for path in (REPO_ROOT / package).rglob("*.py"):
            name = ".".join(path.relative_to(REPO_ROOT).with_suffix("").parts)
            mods[name.removesuffix(".__init__")] = path
    for path in REPO_ROOT.glob("*.py"):
        mods[path.stem] = path
    return mods


def _imports(name: str, path: Path, mods: dict[str, Path]) -> set[str]:
    """The project's modules that ``name`` imports, anywhere in its body (a package's own ``from . import x``
    counts as importing ``x``, not the package)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            targets = [f"{base}.{alias.name}" for alias in node.names] + ([base] if node.module else [])
        else:
            continue
        for target in targets:
            while target and target not in mods:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def _graph() -> dict[str, set[str]]:
    mods = _modules()
    return {name: _imports(name, path, mods) for name, path in mods.items()}


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                group.append(item)
                if item == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_circles():
    assert _circles(_graph()) == []


def test_the_circle_finder_finds_a_circle():
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_library_never_imports_the_app_or_streamlit():
    graph = _graph()
    for name, targets in graph.items():
        if name.startswith("territory"):
            assert not [t for t in targets if t.split(".")[0] in ("app", "pages", "dashboard")], name
    for path in (REPO_ROOT / "territory").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        names |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert not [n for n in names if n.split(".")[0] == "streamlit"], path


#: The library's layers, lowest first, and the layers each may import (besides its own). The folders draw this:
#: a module lives in the subpackage of its layer, and imports run only downward.
LAYERS: dict[str, set[str]] = {
    "base": set(),
    "data": {"base"},
    "build": {"base", "data"},
    "analysis": {"base", "data"},
    "present": {"base", "data", "analysis"},
    "web": {"base", "data", "analysis", "present"},
    "export": {"base", "data", "analysis", "present", "web"},
    "cli": {"base", "data", "build", "analysis", "present", "web", "export"},
}


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "territory" and len(parts) > 1 and parts[1] in LAYERS else None


def _upward_imports(graph: dict[str, set[str]]) -> list[str]:
    found = []
    for name, targets in graph.items():
        layer = _layer(name)
        if layer is None:
            continue
        for target in targets:
            other = _layer(target)
            if other is not None and other != layer and other not in LAYERS[layer]:
                found.append(f"{name} ({layer}) imports {target} ({other})")
    return sorted(found)


def test_imports_run_only_downward_through_the_layers():
    assert _upward_imports(_graph()) == []


def test_an_upward_import_is_caught():
    graph = {"territory.data.units": {"territory.present.render"}, "territory.present.render": {"territory.data.units"}}
    assert _upward_imports(graph) == ["territory.data.units (data) imports territory.present.render (present)"]


def test_every_library_module_lives_in_a_layer():
    loose = sorted(p.name for p in (REPO_ROOT / "territory").glob("*.py") if p.name not in ("__init__.py", "__main__.py"))
    assert loose == []
    packages = sorted(p.name for p in (REPO_ROOT / "territory").iterdir() if (p / "__init__.py").exists())
    assert packages == sorted(LAYERS)


def test_the_readme_diagram_and_the_help_tell_the_same_story(capsys):
    """Every layer is in the README's architecture diagram and the package's docstring; every command in
    ``--help`` is in the README's command line section and says which layer it drives."""
    import pytest

    import territory
    from territory.cli.main import main

    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    architecture = readme.split("## Architecture", 1)[1].split("\n## ", 1)[0]
    command_line = readme.split("## Command line", 1)[1].split("\n## ", 1)[0]
    for layer in LAYERS:
        assert f"territory/{layer}/" in architecture, layer
        assert f"    {layer} " in (territory.__doc__ or ""), layer
    with pytest.raises(SystemExit):
        main(["--help"])
    help_text = capsys.readouterr().out
    commands = help_text.split("{", 1)[1].split("}", 1)[0].split(",")
    assert "territory/cli/" in architecture
    for command in commands:
        assert f"territory {command}" in command_line, command
    for layer in ("data", "build", "analysis", "export"):
        assert f"{layer}:" in help_text, layer
