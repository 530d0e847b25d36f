"""Bundle YAML files loaded the way the Databricks CLI loads them.

The CLI reads bundle configuration with Go's yaml.v3, which resolves plain scalars by YAML 1.2
rules: only `true`/`false` are booleans (`yes`, `on`, `no` stay strings), dates stay strings
and `1e3` is a float.  PyYAML's safe loader (what `Project.yaml` uses) follows YAML 1.1, so a
job named `on` would look like a boolean there and the schema would flag it falsely.  This
module loads values with yaml.v3's resolution and rejects what the CLI rejects on load
(mapping keys that are not strings); line numbers come from `Project.yaml`, whose node walk
does not depend on how scalars resolve.
"""

from __future__ import annotations

import re
import typing
import weakref
from dataclasses import dataclass, field
from typing import Any

import yaml

from .project import Project

_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"


class _Loader(yaml.SafeLoader):
    """SafeLoader with yaml.v3's implicit tags instead of YAML 1.1's."""

    yaml_implicit_resolvers: typing.ClassVar[dict] = {}  # filled below, from scratch

    def construct_mapping(self, node, deep=False):
        for key, _ in node.value:
            if key.tag not in (_STR, _MERGE):
                raise yaml.constructor.ConstructorError(
                    None, None,
                    f"mapping key {key.value!r} is not a string (the Databricks CLI refuses "
                    "non-string keys; quote it)",
                    key.start_mark,
                )
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_int(self, node):
        text = self.construct_scalar(node).replace("_", "")
        try:
            return int(text, 0)  # 0x.., 0o.., 0b.. and plain decimals
        except ValueError:
            return int(text, 10)  # leading zeros


_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)

# yaml.v3's resolve table (resolve.go): exact spellings, then number syntax.
_IMPLICIT = [
    ("tag:yaml.org,2002:null", r"~|null|Null|NULL", "~nN"),
    ("tag:yaml.org,2002:bool", r"true|True|TRUE|false|False|FALSE", "tTfF"),
    ("tag:yaml.org,2002:int",
     r"[-+]?(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|[0-9][0-9_]*)", "-+0123456789"),
    ("tag:yaml.org,2002:float",
     (r"[-+]?(?:\.[0-9_]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?"
      r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"), "-+.0123456789"),
    (_MERGE, r"<<", "<"),
]
for _tag, _regexp, _first in _IMPLICIT:
    _Loader.add_implicit_resolver(_tag, re.compile(rf"^(?:{_regexp})$"), list(_first))
_Loader.yaml_implicit_resolvers.setdefault("", []).insert(
    0, ("tag:yaml.org,2002:null", re.compile(r"^$"))
)


@dataclass
class BundleYaml:
    path: str
    data: Any = None
    error: str | None = None  # why the CLI could not load the file
    error_line: int = 0
    lines: dict[tuple, int] = field(default_factory=dict)

    def line_of(self, path: tuple | list) -> int:
        """Line of the deepest known prefix of `path` (1 for the document itself)."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1


def _describe(err: yaml.YAMLError) -> tuple[str, int]:
    """A one-line YAML error without PyYAML's source excerpts, and its line."""
    problem = getattr(err, "problem", None)
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    if not problem:
        return " ".join(str(err).split()), (mark.line + 1 if mark else 1)
    text = problem + (f" (column {mark.column + 1})" if mark else "")
    context, context_mark = getattr(err, "context", None), getattr(err, "context_mark", None)
    if context:
        text += f", {context}" + (f" at line {context_mark.line + 1}" if context_mark else "")
    return text, (mark.line + 1 if mark else 1)


def _load(project: Project, rel: str) -> BundleYaml:
    result = BundleYaml(rel)
    try:
        text = project.text(rel)
    except OSError as err:
        result.error, result.error_line = f"cannot read: {err.strerror or err}", 1
        return result
    try:
        # Like the CLI's decoder, read the first document only (a SafeLoader subclass).
        result.data = next(yaml.load_all(text, Loader=_Loader), None)
    except yaml.YAMLError as err:
        result.error, result.error_line = _describe(err)
        return result
    try:
        result.lines = project.yaml(rel).lines
    except Exception:  # noqa: BLE001 - a YAML 1.1 quirk there must not lose the values here
        result.lines = {}
    return result


_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def load(project: Project, rel: str) -> BundleYaml:
    """The bundle file `rel` of `project`, loaded once per project."""
    files = _CACHE.setdefault(project, {})
    if rel not in files:
        files[rel] = _load(project, rel)
    return files[rel]
