"""Versions written as YAML floats: `python-version: 3.10` asks for Python 3.1.

GitHub Actions, Azure Pipelines, GitLab and the Databricks CLI all read an unquoted `3.10` as
the number 3.1.  We flag a plain (unquoted, untagged) scalar that resolves to a float when
- it sits under a key that names a version (`python-version`, `versionSpec`, `PYTHON_VERSION`,
  also as an item of a list under such a key), whatever its digits: `3.9` is fine today and
  turns into `3.1` when someone bumps it; or
- reading it as a number loses digits (`3.10`, `1.20`) under a key that names a runtime or
  tool (`python`, `node`, `java`, `spark`, `runtime`, ...), e.g. in a matrix list under `python:`.
Elsewhere a float is a number (`l2_penalty: 1.50`, `threshold: 0.80`): quoting it would break it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import yaml

FLOAT_TAG = "tag:yaml.org,2002:float"
DECIMAL = re.compile(r"^[0-9]+\.[0-9]+$")
VERSION_KEY = re.compile(r"version", re.IGNORECASE)
# Keys under which a float with trailing zeros is a runtime's version (a CI matrix axis, say).
RUNTIME_KEY = re.compile(
    r"version|python|pypy|node|java|jdk|golang|^go$|ruby|dotnet|scala|spark|runtime|sdk|terraform"
    r"|php|rust|toolchain|dbr|databricks|cli|image", re.IGNORECASE)

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class FloatVersion:
    line: int
    key: str | None
    text: str  # as written

    def message(self) -> str:
        where = f"{self.key}: " if self.key else ""
        read = repr(float(self.text))
        if read != self.text:
            return f"{where}{self.text} is a YAML float, read as {read}; quote it: \"{self.text}\""
        return (f"{where}{self.text} is a YAML float, not a version string (a later "
                f"{self.text.split('.')[0]}.10 would read as {self.text.split('.')[0]}.1); "
                f"quote it: \"{self.text}\"")


def float_versions(text: str) -> Iterator[FloatVersion]:
    """Version-like floats in every document of `text` (nothing when it is not valid YAML)."""
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except (yaml.YAMLError, UnicodeEncodeError):
        return  # not YAML (or not UTF-8): the rules that own the file report it
    seen: set[int] = set()
    for node in nodes:
        yield from _walk(node, None, seen)


def _walk(node: yaml.Node | None, key: str | None, seen: set[int]) -> Iterator[FloatVersion]:
    if node is None or id(node) in seen:  # aliases: each node once
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            name = k.value if isinstance(k, yaml.ScalarNode) else None
            yield from _walk(v, name, seen)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _walk(item, key, seen)  # a list item belongs to the list's key
    # Plain style is None from PyYAML's composer and "" from libyaml's.
    elif node.tag == FLOAT_TAG and not node.style and DECIMAL.match(node.value):
        by_key = key is not None and VERSION_KEY.search(key)
        lossy = (repr(float(node.value)) != node.value and key is not None and RUNTIME_KEY.search(key)
                 and not node.value.startswith("0."))
        if by_key or lossy:
            yield FloatVersion(node.start_mark.line + 1, key, node.value)
