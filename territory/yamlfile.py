"""Read a small YAML data file safely: no aliases (no "billion laughs"), errors as file:line problems."""

from __future__ import annotations

import yaml

from .problems import DataError, Problem


def load_yaml(text: str, label: str) -> tuple[object, yaml.Node | None]:
    """The parsed document and its node tree (for line numbers); raises DataError on bad YAML."""
    try:
        if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text, Loader=yaml.SafeLoader)):
            raise DataError([Problem(label, 0, "YAML anchors and aliases are not allowed")])
        return yaml.safe_load(text), yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DataError([Problem(label, line, f"not valid YAML: {reason}")]) from None
    except RecursionError:
        raise DataError([Problem(label, 0, "YAML nesting is too deep")]) from None


def sequence_items(root: yaml.Node | None, key: str) -> list[yaml.Node]:
    """The item nodes of the list under a top-level key ([] if there is none)."""
    if not isinstance(root, yaml.MappingNode):
        return []
    for k, value in root.value:
        if k.value == key and isinstance(value, yaml.SequenceNode):
            return list(value.value)
    return []


def mapping_key_lines(item: yaml.Node) -> dict[str, int]:
    """Line of each key of a mapping node."""
    if not isinstance(item, yaml.MappingNode):
        return {}
    return {k.value: k.start_mark.line + 1 for k, _ in item.value}
