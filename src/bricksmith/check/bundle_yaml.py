"""Bundle YAML files loaded the way the Databricks CLI loads them.

The CLI reads bundle configuration with Go's yaml.v3, which resolves plain scalars by YAML 1.2
rules: only `true`/`false` are booleans (`yes`, `on`, `no` stay strings), dates stay strings
and `1e3` is a float.  PyYAML's safe loader (what `Project.yaml` uses) follows YAML 1.1, so a
job named `on` would look like a boolean there and the schema would flag it falsely.  This
module's loader resolves scalars as yaml.v3 does and rejects what the CLI rejects on load
(mapping keys that are not strings); `yamlfile.load` does the rest, lines included.
"""

from __future__ import annotations

import re
import typing
import weakref

import yaml

from . import yamlfile
from .project import Project
from .yamlfile import YamlFile

_STR = "tag:yaml.org,2002:str"


class _Loader(yaml.SafeLoader):
    """SafeLoader with yaml.v3's implicit tags instead of YAML 1.1's."""

    yaml_implicit_resolvers: typing.ClassVar[dict] = {}  # filled below, from scratch

    def construct_mapping(self, node, deep=False):
        for key, _ in node.value:
            if key.tag not in (_STR, yamlfile.MERGE_TAG):
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
    (yamlfile.MERGE_TAG, r"<<", "<"),
]
for _tag, _regexp, _first in _IMPLICIT:
    _Loader.add_implicit_resolver(_tag, re.compile(rf"^(?:{_regexp})$"), list(_first))
_Loader.yaml_implicit_resolvers.setdefault("", []).insert(
    0, ("tag:yaml.org,2002:null", re.compile(r"^$"))
)


def _load(project: Project, rel: str) -> YamlFile:
    try:
        text = project.text(rel)
    except OSError as err:
        return YamlFile(rel, error=f"cannot read: {err.strerror or err}", error_line=1)
    # Like the CLI's decoder, read the first document only.
    return yamlfile.load(rel, text, loader=_Loader, documents="first")


_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def load(project: Project, rel: str) -> YamlFile:
    """The bundle file `rel` of `project`, loaded once per project."""
    files = _CACHE.setdefault(project, {})
    if rel not in files:
        files[rel] = _load(project, rel)
    return files[rel]
