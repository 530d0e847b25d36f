"""YAML files with line numbers, so that every problem can name `path:line`.

`load` composes a file once with a loader class, lets the caller rewrite the node tree, records
from those nodes the line of every mapping key and sequence item by its path (e.g.
`("resources", "jobs", "train", "tasks", 0)`), then constructs the values from them.  The loader
decides how scalars resolve: the default, PyYAML's safe loader, follows YAML 1.1 (`on` is a
boolean, `2024-01-01` a date, `<<` merges) and serves `Project.yaml`; `bundle_yaml` holds the
Databricks CLI's (yaml.v3's YAML 1.2 resolution), `ci_yaml` the CI platforms'.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

import yaml

MERGE_TAG = "tag:yaml.org,2002:merge"


def not_utf8_line(text: str) -> int:
    """The 1-based line of the first byte that was not UTF-8 (read as a surrogate escape, as
    `Project.text` reads files), else 0."""
    if not any("\udc80" <= c <= "\udcff" for c in text):
        return 0
    for n, line in enumerate(text.split("\n"), start=1):
        if any("\udc80" <= c <= "\udcff" for c in line):
            return n
    return 0


@dataclass
class YamlFile:
    path: str
    data: Any = None  # with documents="all", the list of documents (those before an error)
    error: str | None = None  # why the file could not be loaded
    error_line: int = 0
    lines: dict[tuple, int] = field(default_factory=dict)
    # (key, line, line of its earlier definition) for each key written twice in one mapping
    duplicate_keys: list[tuple[str, int, int]] = field(default_factory=list)

    def line_of(self, path: tuple | list) -> int:
        """Line of the deepest known prefix of `path` (1 for the document itself)."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1


def describe_error(err: Exception, *, marks: bool = True) -> tuple[str, int]:
    """A one-line load error without PyYAML's source excerpts, and its line.

    With `marks`, the problem's column and its context's line are named (what
    `bundle-yaml-syntax` prints); without, the context follows in parentheses (the CI rules'
    wording).
    """
    if not isinstance(err, yaml.YAMLError):
        # PyYAML's constructors raise ValueError and the like for scalars they resolve but
        # cannot build, e.g. the YAML 1.1 "date" 2024-13-45.
        return f"cannot load a value: {err}", 1
    problem = getattr(err, "problem", None)
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    line = mark.line + 1 if mark else 1
    if not problem:
        return " ".join(str(err).split()), line
    context, context_mark = getattr(err, "context", None), getattr(err, "context_mark", None)
    if not marks:
        return problem + (f" ({context})" if context else ""), line
    text = problem + (f" (column {mark.column + 1})" if mark else "")
    if context:
        text += f", {context}" + (f" at line {context_mark.line + 1}" if context_mark else "")
    return text, line


def load(
    path: str,
    text: str,
    *,
    loader: type = yaml.SafeLoader,
    transform: Callable[[yaml.Node], yaml.Node] | None = None,
    documents: Literal["one", "first", "all"] = "one",
    every_path: bool = False,
    error_marks: bool = True,
) -> YamlFile:
    """`text` loaded with `loader`; `transform` may rewrite each composed node tree first.

    documents: "one" refuses a second document (PyYAML's `safe_load`), "first" reads the first
    and ignores the rest (yaml.v3's decoder), "all" makes `data` the list of documents, whose
    lines are recorded under their index (`(0,)` is the first document's own line).
    every_path, error_marks: see `_record` and `describe_error`.
    """
    result = YamlFile(path, data=[] if documents == "all" else None)
    bad_line = not_utf8_line(text)
    if bad_line:
        # Databricks, GitHub, Azure and GitLab all read YAML as UTF-8.
        result.error = "not UTF-8 text: YAML files must be UTF-8 (re-save this file as UTF-8)"
        result.error_line = bad_line
        return result
    try:
        composer = loader(text)
        try:
            for index, node in enumerate(_documents(composer, documents)):
                if transform is not None:
                    node = transform(node)
                if _excessive_aliasing(node):
                    raise yaml.composer.ComposerError(
                        None, None,
                        "document contains excessive aliasing: its aliases expand it far beyond "
                        "what it spells out (a YAML alias bomb); bricksmith refuses it", node.start_mark)
                prefix: tuple = (index,) if documents == "all" else ()
                lines = {prefix: node.start_mark.line + 1} if prefix else {}
                # Before construction, which flattens merge keys into the mappings using them.
                _record(node, prefix, lines, set(), every_path=every_path)
                result.duplicate_keys.extend(_duplicate_keys(node))
                data = composer.construct_document(node)
                result.lines.update(lines)
                if documents == "all":
                    result.data.append(data)
                else:
                    result.data = data
        finally:
            composer.dispose()
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as err:
        result.error, result.error_line = describe_error(err, marks=error_marks)
        if documents != "all":
            result.data = None
    return result


def _duplicate_keys(root: yaml.Node) -> list[tuple[str, int, int]]:
    """Keys written twice in one mapping (merge keys aside), each mapping visited once."""
    out, seen, stack = [], set(), [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first: dict[str, int] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.tag != MERGE_TAG:
                    line = key.start_mark.line + 1
                    if key.value in first:
                        out.append((key.value, line, first[key.value]))
                    else:
                        first[key.value] = line
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return sorted(out, key=lambda d: d[1])


def _allowed_alias_ratio(decoded: int) -> float:
    """yaml.v3's tolerance (decode.go, allowedAliasRatio): 99% of decoded nodes may come through
    aliases up to 400,000 nodes, falling linearly to 10% at 4,000,000."""
    low, high = 400_000, 4_000_000
    if decoded <= low:
        return 0.99
    if decoded >= high:
        return 0.10
    return 0.99 - 0.89 * (decoded - low) / (high - low)


def _excessive_aliasing(root: yaml.Node) -> bool:
    """Whether expanding the document's aliases trips yaml.v3's alias-bomb limit.

    Nodes are counted in document order as yaml.v3 decodes them: every node, again each time an
    alias brings it in, and those reached through an alias separately.  PyYAML composes an alias
    as the anchored node itself, so a node met a second time is reached through an alias.  The
    walk stops as soon as the limit trips, so a bomb costs milliseconds, not gigabytes.
    """
    decoded = aliased = 0
    defined: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, through_alias = stack.pop()
        if id(node) in defined:
            through_alias = True
        else:
            defined.add(id(node))
        decoded += 1
        aliased += through_alias
        if aliased > 100 and decoded > 1000 and aliased / decoded > _allowed_alias_ratio(decoded):
            return True
        if isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = node.value
        else:
            continue
        stack.extend((child, through_alias) for child in reversed(children))
    return False


def _documents(composer, documents: str) -> Iterator[yaml.Node]:
    if documents == "one":
        node = composer.get_single_node()  # raises on a second document
        if node is not None:
            yield node
    elif documents == "first":
        if composer.check_node():
            yield composer.get_node()
    else:
        while composer.check_node():
            yield composer.get_node()


def _record(node: yaml.Node, path: tuple, lines: dict, seen: set, *, every_path: bool) -> None:
    """Record the line of every key and item below `node` by its path; the first to reach a path wins.

    By default each node is walked once, under the first path that reaches it, and a mapping's
    merged keys come before its own (the order PyYAML constructs them in), so a path through an
    alias ends at the alias.  With `every_path`, what an alias points at is walked under every
    path that reaches it (at the anchor's lines) and own keys come before merged ones (the line
    of the value that takes effect); `seen` then holds only the ancestors, to stop at cycles.
    """
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key, value in _pairs(node, merged_first=not every_path):
            name = key.value if isinstance(key, yaml.ScalarNode) else str(key.value)
            lines.setdefault(path + (name,), key.start_mark.line + 1)
            _record(value, path + (name,), lines, seen, every_path=every_path)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines.setdefault(path + (i,), item.start_mark.line + 1)
            _record(item, path + (i,), lines, seen, every_path=every_path)
    if every_path:
        seen.discard(id(node))


def _pairs(node: yaml.MappingNode, *, merged_first: bool) -> list:
    """The key/value nodes of a mapping, with those of its `<<` merge keys resolved.

    Merged first, they come in PyYAML's `flatten_mapping` order (the mappings of a merged list
    in reverse); otherwise own keys come first, then each merged mapping in the order written.
    """
    own, merged = [], []
    for key, value in node.value:
        if key.tag != MERGE_TAG:
            own.append((key, value))
            continue
        targets = value.value if isinstance(value, yaml.SequenceNode) else [value]
        if merged_first and isinstance(value, yaml.SequenceNode):
            targets = targets[::-1]
        for target in targets:  # anything but a mapping fails construction
            if isinstance(target, yaml.MappingNode):
                merged.extend(_pairs(target, merged_first=merged_first))
    return merged + own if merged_first else own + merged
