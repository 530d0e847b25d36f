"""A bundle as the Databricks CLI loads it, with its files' values and where each one is written.

The files (databricks.yml, its include matches, and resources/*.yml not included yet, which the
CLI would not load but a generated project must not carry broken) come from `bundle_files`;
their values from `bundle_yaml` (YAML 1.2 scalars, as the CLI's yaml.v3 reads them).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..gostd import path as gopath
from ..gotemplate.gotypes import GoError
from . import bundle_files, bundle_yaml
from .problem import ERROR, WARNING, Problem
from .project import Project
from .yamlfile import YamlFile

INCLUDE_RULE = "include-unmatched"
UNREACHED_RULE = "config-not-included"


@dataclass
class Doc:
    """One YAML file of a bundle."""

    rel: str  # relative to the checked directory
    yaml: YamlFile
    loaded: bool  # whether the CLI loads it (databricks.yml or matched by an include)

    @property
    def data(self) -> dict:
        return self.yaml.data if isinstance(self.yaml.data, dict) else {}

    def line(self, path: tuple) -> int:
        return self.yaml.line_of(tuple(str(p) if not isinstance(p, int) else p for p in path))

    def where(self, path: tuple) -> str:
        return f"{self.rel}:{self.line(path)}"


@dataclass
class Bundle:
    root: str  # the bundle's directory, relative ("" for the checked directory itself)
    docs: list[Doc]
    include_problems: list[Problem] = field(default_factory=list)
    unreached: list[str] = field(default_factory=list)  # bundle_files.Bundle.unreached

    @property
    def loaded(self) -> list[Doc]:
        return [d for d in self.docs if d.loaded]

    def sections(self, key: str, *, loaded_only: bool = False) -> Iterator[tuple[Doc, Any]]:
        """(doc, value) of a root key in every file that sets it."""
        for doc in self.loaded if loaded_only else self.docs:
            if key in doc.data:
                yield doc, doc.data[key]

    def targets(self) -> dict[str, list[tuple[Doc, tuple, dict]]]:
        """Each target's blocks (doc, path, mapping) across the loaded files, `environments`
        (the deprecated name) included."""
        out: dict[str, list] = {}
        for section in ("targets", "environments"):
            for doc, targets in self.sections(section, loaded_only=True):
                if not isinstance(targets, dict):
                    continue
                for name, block in targets.items():
                    out.setdefault(str(name), []).append(
                        (doc, (section, name), block if isinstance(block, dict) else {})
                    )
        return out

    def declared_variables(self) -> set[str]:
        names: set[str] = set()
        for _, variables in self.sections("variables"):
            if isinstance(variables, dict):
                names.update(str(k) for k in variables)
        return names

    def resource_definitions(self, *, loaded_only: bool = False, overrides: bool = True):
        """(doc, path, type, key, value) of every resource, at the root and (with `overrides`)
        in target blocks."""
        for doc in self.loaded if loaded_only else self.docs:
            blocks = [(("resources",), doc.data.get("resources"))]
            if overrides:
                for section in ("targets", "environments"):
                    targets = doc.data.get(section)
                    if isinstance(targets, dict):
                        blocks += [
                            ((section, name, "resources"), t.get("resources"))
                            for name, t in targets.items() if isinstance(t, dict)
                        ]
            for prefix, resources in blocks:
                if not isinstance(resources, dict):
                    continue
                for rtype, members in resources.items():
                    if isinstance(members, dict):
                        for key, value in members.items():
                            yield doc, prefix + (rtype, key), str(rtype), str(key), value

    def uses_python_resources(self) -> bool:
        """Resources may also come from Python code (`python:` / experimental pydabs), which an
        offline check cannot see."""
        if any(True for _ in self.sections("python")):
            return True
        return any(
            isinstance(experimental, dict) and bool({"python", "pydabs"} & set(experimental))
            for _, experimental in self.sections("experimental")
        )


def applies_to(path: tuple, target: str | None) -> bool:
    """Whether a resource definition at `path` counts for `target` (None: no target): root
    definitions always, a target's overrides only for it."""
    return path[0] == "resources" or (target is not None and str(path[1]) == target)


def load_bundles(project: Project) -> list[Bundle]:
    out = []
    for files in bundle_files.bundles(project):
        docs = [Doc(rel, bundle_yaml.load(project, rel), loaded=True) for rel in [files.main, *files.included]]
        docs += [Doc(rel, bundle_yaml.load(project, rel), loaded=False) for rel in files.not_included]
        bundle = Bundle(files.root, docs, unreached=list(files.unreached))
        bundle.include_problems = list(_include_problems(project, files, docs[0]))
        out.append(bundle)
    return out


def _include_problems(project: Project, files: bundle_files.Bundle, main: Doc) -> Iterator[Problem]:
    includes = main.data.get("include")
    entries = includes if isinstance(includes, list) else []
    unmatched = dict(files.unmatched)
    matched = {files.main, *files.included, *(rel for _, rel in files.not_config)}
    for index, entry in enumerate(entries):
        if not isinstance(entry, str):
            continue  # the bundle schema reports it
        line = main.line(("include", index))
        if gopath.is_abs(entry):
            yield Problem(main.rel, line, INCLUDE_RULE, f"include '{entry}' must be a relative path")
        elif not _valid_glob(entry):
            yield Problem(main.rel, line, INCLUDE_RULE, f"include '{entry}' is not a valid glob")
        elif index in unmatched:
            # A glob that matches nothing is accepted (the CLI's own templates include
            # resources/*.yml before any file exists): only a glob whose fixed folder does not
            # exist either, likely a typo, is worth a word. A plain path naming no file fails.
            if any(c in entry for c in "*?["):
                why = _likely_mistake(project, files.root, entry, matched)
                if why:
                    yield Problem(main.rel, line, INCLUDE_RULE, f"include '{entry}' matches no file{why}",
                                  severity=WARNING)
            else:
                yield Problem(main.rel, line, INCLUDE_RULE,
                              f"include '{entry}' matches no file (bundle validate fails: it names no glob)",
                              severity=ERROR)
    for index, rel in files.not_config:
        yield Problem(main.rel, main.line(("include", index)), INCLUDE_RULE,
                      f"include '{entries[index]}' matches {rel}, which is not a YAML or JSON file")
    for index, rel, reason in files.unreadable:
        yield _unreadable_problem(project, main, index, entries[index], rel, reason)


def _unreadable_problem(project: Project, main: Doc, index: int, entry, rel: str, reason: str) -> Problem:
    """An include match the check skipped.  The CLI follows symlinks and reads files of any size:
    what is a readable regular file once links are followed, it loads (the check just did not
    read it: a warning); anything else (a dangling or looping symlink, a directory, a file it may
    not open) fails `bundle validate` (an error)."""
    reason = reason.removesuffix(": not read").removesuffix(": not followed")
    target = project.path(rel)
    line = main.line(("include", index))
    if os.path.isfile(target) and os.access(target, os.R_OK):
        return Problem(main.rel, line, INCLUDE_RULE,
                       f"include '{entry}' matches {rel}, which the check did not read ({reason}): the "
                       "CLI loads it, but its configuration is not checked", severity=WARNING)
    return Problem(main.rel, line, INCLUDE_RULE,
                   f"include '{entry}' matches {rel}, which cannot be read ({reason}): bundle validate "
                   "fails", severity=ERROR)


def _likely_mistake(project: Project, root: str, entry: str, matched: set[str] = frozenset()) -> str:
    """Why a glob that matches nothing looks like a mistake ("" when it looks like a glob waiting
    for its first file): its fixed folder does not exist, or files deeper in that folder match
    its last part (Go's `*` and `**` never cross a `/`) and no other include entry reaches them
    (`matched`: the files the include entries do match)."""
    folder = _fixed_folder(root, entry)
    if folder is None:
        return ""
    if not project.path(folder).is_dir():
        return f", and its folder '{folder}' does not exist"
    last = gopath.clean(entry).rsplit("/", 1)[-1]
    for rel in project.files:
        if rel in matched:
            continue  # another entry already includes it: nothing is lost
        if rel.startswith(folder + "/") and rel.endswith(bundle_files.CONFIG_EXTENSIONS):
            try:
                if gopath.match(last, rel.rsplit("/", 1)[-1]):
                    return f": Go's `*` does not cross '/', so it does not reach {rel}"
            except GoError:
                return ""
    return ""


def _fixed_folder(root: str, entry: str) -> str | None:
    """The folder a glob's literal leading components name, relative to the checked directory
    ("resource/*.yml" -> "resource"); None when the glob starts with a wildcard."""
    parts = gopath.clean(entry).split("/")[:-1]
    fixed = []
    for part in parts:
        if any(c in part for c in "*?[\\"):
            break
        fixed.append(part)
    if not fixed:
        return None
    return gopath.clean(gopath.join(root, *fixed) if root else gopath.join(*fixed))


def _valid_glob(entry: str) -> bool:
    """Go's filepath.Glob first checks the whole pattern (Match against "")."""
    try:
        gopath.match(entry, "")
    except GoError:
        return False
    return True


def included_elsewhere_problems(bundle: Bundle) -> list[Problem]:
    """`include:` in a file other than databricks.yml: the CLI ignores it (with a warning)."""
    return [
        Problem(doc.rel, doc.line(("include",)), INCLUDE_RULE,
                "include in an included file is ignored: only databricks.yml's include applies",
                severity=WARNING)
        for doc in bundle.docs[1:]
        if "include" in doc.data
    ]


def unreached_problems(project: Project, bundle: Bundle) -> list[Problem]:
    """Bundle-shaped YAML files below the bundle root that no include reaches."""
    main = bundle.docs[0].rel
    out = []
    for rel in bundle.unreached:
        doc = bundle_yaml.load(project, rel)
        resources = doc.data["resources"]
        named = [f"{kind} '{key}'" for kind, members in resources.items() if isinstance(members, dict)
                 for key in members][:3]
        more = ", ..." if sum(len(m) for m in resources.values() if isinstance(m, dict)) > len(named) else ""
        out.append(Problem(rel, doc.line_of(("resources",)), UNREACHED_RULE,
                           f"defines {', '.join(named)}{more}, but no include of {main} matches this "
                           "file: the CLI never loads it, so these resources are silently not deployed"))
    return out


def walk_strings(value: Any, path: tuple = (), seen: set | None = None) -> Iterator[tuple[tuple, str]]:
    """(path, string) of every string scalar under `value`; content shared through YAML
    aliases is visited once, at its anchor."""
    seen = set() if seen is None else seen
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, (dict, list)):
        if id(value) in seen:
            return
        seen.add(id(value))
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for k, v in items:
            yield from walk_strings(v, path + (k,), seen)
