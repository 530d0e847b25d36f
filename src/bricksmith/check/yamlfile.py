"""YAML files with line numbers, so that every problem can name `path:line`.

Values are loaded with PyYAML's safe loader (YAML 1.1 scalars, as the CI platforms and the
Databricks CLI read `3.10` as a float, merge keys resolved).  Alongside, the composed node tree
records the line of every mapping key and sequence item by its path, e.g.
`("resources", "jobs", "train", "tasks", 0)`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml


class _Loader(yaml.SafeLoader):
    pass


@dataclass
class YamlFile:
    path: str
    data: Any = None
    error: str | None = None
    error_line: int = 0
    lines: dict[tuple, int] = field(default_factory=dict)
    scalar_nodes: list = field(default_factory=list)

    def line_of(self, path: tuple | list) -> int:
        """Line of the deepest known prefix of `path` (1 for the document itself)."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1


def _record(node, path: tuple, lines: dict, seen: set) -> None:
    if id(node) in seen:  # aliases point at nodes already walked
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.tag == "tag:yaml.org,2002:merge":
                targets = value.value if isinstance(value, yaml.SequenceNode) else [value]
                for target in targets:
                    _record(target, path, lines, set(seen))
                continue
            name = key.value if isinstance(key, yaml.ScalarNode) else str(key.value)
            sub = path + (name,)
            lines.setdefault(sub, key.start_mark.line + 1)
            _record(value, sub, lines, seen)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            sub = path + (i,)
            lines.setdefault(sub, item.start_mark.line + 1)
            _record(item, sub, lines, seen)


def load(path: str, text: str) -> YamlFile:
    result = YamlFile(path)
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            result.data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        result.error = str(err).replace("\n", " ")
        result.error_line = mark.line + 1 if mark is not None else 1
        return result
    except (ValueError, TypeError, OverflowError) as err:
        # PyYAML's constructors raise these for scalars it resolves but cannot build,
        # e.g. the "date" 2024-13-45.
        result.error = f"cannot load a value: {err}"
        result.error_line = 1
        return result
    if node is not None:
        _record(node, (), result.lines, set())
    return result
