"""Read a small YAML data file safely: no aliases (no "billion laughs"), errors as file:line problems, every
item of its list validated by a pydantic model with the line of each field."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Generic, TypeVar

import yaml

from territory.base.problems import DataError, Problem
from territory.data.csvfile import decode_text, validate_record

T = TypeVar("T")
#: libyaml's safe loader where PyYAML was built with it (ten times faster), else the pure-Python one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str, label: str) -> tuple[object, yaml.Node | None]:
    """The parsed document and its node tree (for line numbers); raises DataError on bad YAML."""
    try:
        if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text, Loader=_LOADER)):
            raise DataError([Problem(label, 0, "YAML anchors and aliases are not allowed")])
        loader = _LOADER(text)
        try:
            root = loader.get_single_node()
            return (loader.construct_document(root) if root is not None else None), root
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DataError([Problem(label, line, f"not valid YAML: {reason}")]) from None
    except RecursionError:
        raise DataError([Problem(label, 0, "YAML nesting is too deep")]) from None
    except (ValueError, OverflowError):  # Python refuses integers of more than 4,300 digits
        raise DataError([Problem(label, 0, "not valid YAML: a number has too many digits")]) from None


def sequence_items(root: yaml.Node | None, key: str) -> list[yaml.Node]:
    """The item nodes of the list under a top-level key ([] if there is none)."""
    if not isinstance(root, yaml.MappingNode):
        return []
    for k, value in root.value:
        if k.value == key and isinstance(value, yaml.SequenceNode):
            return list(value.value)
    return []


def node_line(node: yaml.Node, loc: tuple) -> int:
    """Line of the deepest node along ``loc`` (mapping keys and list indexes) below ``node``."""
    line = node.start_mark.line + 1
    for part in loc:
        child = None
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if k.value == str(part)), None)
            key = next((k for k, _ in node.value if k.value == str(part)), None)
            if key is not None:
                line = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
            line = child.start_mark.line + 1
        if child is None:
            break
        node = child
    return line


@dataclass
class YamlList(Generic[T]):
    """The valid items of a YAML list with their nodes (for lines), the problems of the others, and every
    item's ``id`` as written (so a reference to an item with a problem is not reported twice)."""

    items: list[tuple[yaml.Node, T]]
    problems: list[Problem]
    written_ids: set[str]


def read_yaml_list(data: bytes, label: str, max_bytes: int, key: str, model: type[T],
                   context: dict | None = None) -> YamlList[T]:
    """Validate each item of the list under ``key`` as ``model``; raises DataError when the file as a whole
    is unusable (encoding, YAML syntax, empty, wrong shape)."""
    text = decode_text(data, label, max_bytes)
    if not text.strip():
        raise DataError([Problem(label, 0, "file is empty")])
    document, root = load_yaml(text, label)
    if not isinstance(document, dict) or not isinstance(document.get(key), list):
        raise DataError([Problem(label, 1, f"the file must be a mapping with a list under '{key}'")])
    extra = [str(k) for k in document if k != key]
    problems = [Problem(label, 1, f"unknown top-level key(s): {', '.join(extra)}")] if extra else []
    nodes = sequence_items(root, key)
    items: list[tuple[yaml.Node, T]] = []
    for node, raw in zip(nodes, document[key], strict=False):
        line = node.start_mark.line + 1
        if not isinstance(raw, dict):
            problems.append(Problem(label, line, "each item must be a mapping of fields"))
            continue
        record, found = validate_record(model, {str(k): v for k, v in raw.items()}, label, line, context,
                                        partial(node_line, node))
        problems += found
        if record is not None:
            items.append((node, record))
    written = {str(raw["id"]) for raw in document[key] if isinstance(raw, dict) and "id" in raw}
    return YamlList(items, problems, written)
