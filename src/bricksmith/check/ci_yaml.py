"""Loading CI files as their platforms read them, with the line of every key and item.

Unlike `Project.yaml` (one document, YAML 1.1 values), CI files need:
- `CiLoader` for GitHub and GitLab: YAML 1.2 booleans, so `on:` stays a key and not `True`;
  timestamps stay strings (JSON schemas know no dates); GitLab's `!reference [job, script]`
  becomes its list; keys are always strings, as JSON has them.
- `yaml.BaseLoader` for Azure Pipelines: every scalar a string, which is how its schema types
  them (`timeoutInMinutes: "10"`, `enabled: "true"`).
- several documents per file (GitLab's `spec:` header sits in a document of its own).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml

from . import yamlfile
from .yamlfile import YamlFile


class CiLoader(yaml.SafeLoader):
    pass


# Drop YAML 1.1's yes/no/on/off booleans and its timestamps; keep true/false (YAML 1.2 core).
CiLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers
            if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
CiLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _mapping(loader: CiLoader, node: yaml.MappingNode) -> dict:
    loader.flatten_mapping(node)  # resolves `<<` merge keys
    out = {}
    for key, value in node.value:
        name = key.value if isinstance(key, yaml.ScalarNode) else str(loader.construct_object(key))
        out[name] = loader.construct_object(value, deep=True)
    return out


def _tagged(loader: CiLoader, suffix: str, node: yaml.Node) -> Any:
    # `!reference` and other local tags: the value as written, untagged.
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    if isinstance(node, yaml.MappingNode):
        return _mapping(loader, node)
    return loader.construct_scalar(node)


CiLoader.add_constructor("tag:yaml.org,2002:map", _mapping)
CiLoader.add_multi_constructor("!", _tagged)


def load(rel: str, text: str, loader: type = CiLoader, transform: Callable | None = None) -> YamlFile:
    """Every document of `text`, as `data`'s list (lines under each document's index).

    `transform` may rewrite each composed node tree first.  A path through an alias or a merge
    key gets the line in the anchor; load errors are worded as the CI rules print them.
    """
    return yamlfile.load(rel, text, loader=loader, transform=transform, documents="all",
                         every_path=True, error_marks=False)


# --- Azure Pipelines: template expressions ---------------------------------------------------


def _is_expression(node: yaml.Node) -> bool:
    if not isinstance(node, yaml.ScalarNode):
        return False
    value = node.value.strip()
    return value.startswith("${{") and value.endswith("}}")


def unnest_expressions(node: yaml.Node, _seen: set | None = None) -> yaml.Node:
    """Lift the content of Azure's compile-time `${{ if/each ... }}:` blocks into their parent.

    The schema cannot evaluate expressions; it can check what they guard.  Like Azure's own
    language server, a conditional key guarding a mapping merges that mapping into its parent,
    a conditional list item guarding a list splices it in, and any other conditional key is
    dropped.  Done on nodes, so every value keeps its own line.  Each node is visited once:
    aliases share nodes, and a recursive alias would otherwise never end.
    """
    seen = set() if _seen is None else _seen
    if id(node) in seen:
        return node
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        pairs = []
        for key, value in node.value:
            value = unnest_expressions(value, seen)
            if not _is_expression(key):
                pairs.append((key, value))
            elif isinstance(value, yaml.MappingNode):
                pairs.extend(value.value)
        node.value = pairs
    elif isinstance(node, yaml.SequenceNode):
        items = []
        for item in node.value:
            if (isinstance(item, yaml.MappingNode) and len(item.value) == 1
                    and _is_expression(item.value[0][0])):
                inner = unnest_expressions(item.value[0][1], seen)
                items.extend(inner.value if isinstance(inner, yaml.SequenceNode) else [inner])
            else:
                items.append(unnest_expressions(item, seen))
        node.value = items
    return node
