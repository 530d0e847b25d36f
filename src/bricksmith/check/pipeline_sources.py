"""The source files of the bundle's Lakeflow pipelines: what their `libraries` reach.

A pipeline library is a `file:` or `notebook:` path, or a `glob: include:` pattern (`**` spans
directories), written relative to the YAML file that defines it, as the CLI translates them.
The runtime runs these files with `spark` and `dbutils` defined; other files are plain modules.
"""

from __future__ import annotations

import posixpath
import weakref

import pathspec

from .project import Project, matchable
from .semantics_bundle import load_bundles

_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _patterns(project: Project) -> list[str]:
    """Project-relative path patterns of every pipeline library."""
    out = []
    for bundle in load_bundles(project):
        for doc, _, rtype, _, value in bundle.resource_definitions():
            if rtype != "pipelines" or not isinstance(value, dict):
                continue
            for lib in value.get("libraries") or ():
                if not isinstance(lib, dict):
                    continue
                for kind, key in (("file", "path"), ("notebook", "path"), ("glob", "include")):
                    spec = lib.get(kind)
                    text = spec.get(key) if isinstance(spec, dict) else None
                    if isinstance(text, str) and text and "${" not in text and not text.startswith("/"):
                        out.append(posixpath.normpath(posixpath.join(posixpath.dirname(doc.rel), text)))
    return out


def python_sources(project: Project) -> set[str]:
    """Project-relative paths of the `.py` files some pipeline runs (computed once per project)."""
    if project not in _CACHE:
        patterns = ["/" + p for p in _patterns(project) if not p.startswith("..")]
        spec = pathspec.GitIgnoreSpec.from_lines(patterns)
        _CACHE[project] = {rel for rel in project.files if rel.endswith(".py") and spec.match_file(matchable(rel))}
    return _CACHE[project]
