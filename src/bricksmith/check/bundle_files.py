"""Which YAML files make up each bundle of a project, as the Databricks CLI finds them.

A bundle is its `databricks.yml` plus every file its top-level `include:` globs match.  The
CLI anchors each glob at the bundle root and expands it with Go's `filepath.Glob`: `*`, `?` and
`[...]` never cross a `/`, `**` is just two stars, classes negate with `^`, and dot files
match.  Only `.yml`, `.yaml` and `.json` matches are configuration (the CLI refuses others).
The checks also look at `resources/*.yml` files nobody includes yet: a generated project must
not carry a broken resource file just because it is not wired in.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field

from ..gostd import path as gopath
from ..gotemplate.gotypes import GoError
from . import bundle_yaml
from .project import Project

CONFIG_EXTENSIONS = (".yml", ".yaml", ".json")
# Resource files checked even when no include glob names them (relative to the bundle root).
RESOURCE_GLOBS = ("resources/*.yml", "resources/*.yaml")


@dataclass
class Bundle:
    root: str  # bundle root, relative to the project ("" for the project itself)
    main: str  # its databricks.yml
    included: list[str] = field(default_factory=list)  # include matches, in the CLI's order
    not_included: list[str] = field(default_factory=list)  # resources/*.yml outside include
    # include entries that match no file: (index in `include`, entry)
    unmatched: list[tuple[int, str]] = field(default_factory=list)
    # include matches the CLI refuses because they are not YAML or JSON: (index, file)
    not_config: list[tuple[int, str]] = field(default_factory=list)

    @property
    def files(self) -> list[str]:
        """Every configuration file of the bundle: databricks.yml first."""
        return [self.main, *self.included, *self.not_included]


def _glob(project: Project, root: str, entry: str) -> list[str] | None:
    """Project files matching `entry` anchored at `root`; None for a malformed pattern."""
    pattern = gopath.clean(gopath.join(root, entry) if root else entry)
    if pattern == ".." or pattern.startswith("../"):
        return []  # outside the checked directory: nothing we can see
    try:
        return [f for f in project.files if gopath.match(pattern, f)]
    except GoError:
        return None


def _includes(project: Project, main: str) -> list:
    data = bundle_yaml.load(project, main).data
    entries = data.get("include") if isinstance(data, dict) else None
    return entries if isinstance(entries, list) else []


def _bundle(project: Project, root: str) -> Bundle:
    main = project.bundle_file(root)
    bundle = Bundle(root, main)
    seen = {main}
    for index, entry in enumerate(_includes(project, main)):
        if not isinstance(entry, str) or gopath.is_abs(entry):
            continue  # the schema (and the CLI) reject these
        matches = _glob(project, root, entry)
        if matches is None:
            continue
        if not matches:
            bundle.unmatched.append((index, entry))
        for rel in sorted(matches):
            if rel in seen:
                continue
            seen.add(rel)
            if rel.endswith(CONFIG_EXTENSIONS):
                bundle.included.append(rel)
            else:
                bundle.not_config.append((index, rel))
    for pattern in RESOURCE_GLOBS:
        for rel in _glob(project, root, pattern) or ():
            if rel not in seen:
                seen.add(rel)
                bundle.not_included.append(rel)
    return bundle


_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def bundles(project: Project) -> list[Bundle]:
    """Every bundle of the project (one per databricks.yml), computed once per project."""
    if project not in _CACHE:
        _CACHE[project] = [_bundle(project, root) for root in project.bundle_roots]
    return _CACHE[project]


def bundle_files(project: Project) -> list[str]:
    """Every bundle configuration file of the project, each once, in bundle order."""
    out: dict[str, None] = {}
    for bundle in bundles(project):
        out.update(dict.fromkeys(bundle.files))
    return list(out)

