"""Local paths in resources: they must exist, relative to the YAML file that writes them, and be
of the kind the field expects, as the CLI's path translation (bundle/config/mutator/paths and
translate_paths.go) demands before `bundle validate` succeeds.

Skipped as the CLI skips them: absolute (workspace) paths, URLs (`dbfs:/`, `s3://`), paths of
jobs with a `git_source` and of tasks whose `source` is GIT; skipped because they are unknown
offline: paths with `${...}` references.  Built artifacts (`whl`, `jar`, local wheels in
environment dependencies) do not exist before a build and are not checked.

A pipeline library's `notebook:` or `file:` path is a Go glob to the CLI
(bundle/config/mutator/resourcemutator/expand_pipeline_glob_paths.go): one that matches files
becomes one library per file, each checked here; one that matches nothing is kept as written,
and path translation then fails on it.  A `glob: include:` entry (a notebook or file path, or a
folder ending in `/**`) is passed on unchecked (paths.TranslateModeGlob): beyond the CLI, one that
matches no file of the bundle is a warning, since the pipeline gets no source code from it.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from pathlib import Path

from ..gostd import path as gopath
from ..gotemplate.gotypes import GoError
from .problem import WARNING, Problem
from .project import Project
from .semantics_bundle import Bundle, Doc

MISSING_RULE = "missing-path"
KIND_RULE = "wrong-path-kind"
GLOB_RULE = "pipeline-glob-unmatched"
GLOB = "glob"

NOTEBOOK, FILE, DIRECTORY, LOCAL = "notebook", "file", "directory", "local"
NOTEBOOK_EXTENSIONS = (".py", ".r", ".scala", ".sql", ".ipynb")
_HEADERS = {
    ".py": "# Databricks notebook source",
    ".r": "# Databricks notebook source",
    ".scala": "// Databricks notebook source",
    ".sql": "-- Databricks notebook source",
}
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")

# (path inside a task, kind, label)
_TASK_PATHS = (
    (("notebook_task", "notebook_path"), NOTEBOOK, "notebook_task.notebook_path"),
    (("spark_python_task", "python_file"), FILE, "spark_python_task.python_file"),
    (("dbt_task", "project_directory"), DIRECTORY, "dbt_task.project_directory"),
    (("sql_task", "file", "path"), FILE, "sql_task.file.path"),
)


def check_paths(project: Project, bundle: Bundle) -> Iterator[Problem]:
    synced_beyond_root = any(
        isinstance(sync, dict) and sync.get("paths") for _, sync in bundle.sections("sync")
    ) or any(
        isinstance(block.get("sync"), dict) and block["sync"].get("paths")
        for blocks in bundle.targets().values() for _, _, block in blocks
    )
    git_jobs = {
        key for _, _, rtype, key, value in bundle.resource_definitions()
        if rtype == "jobs" and isinstance(value, dict) and value.get("git_source")
    }
    for doc, path, rtype, key, value in bundle.resource_definitions():
        if not isinstance(value, dict):
            continue
        for sub, kind, label in _resource_paths(rtype, value, skip_tasks=key in git_jobs):
            text = _get(value, sub)
            if not isinstance(text, str):
                continue
            if kind == GLOB:
                yield from _check_glob(project, doc, path + sub, text)
            elif label.startswith("libraries.") and rtype == "pipelines" and _is_glob(text):
                yield from _check_expanded(project, bundle, doc, path + sub, text, kind, label,
                                           synced_beyond_root)
            else:
                yield from _check_one(project, bundle, doc, path + sub, text, kind, label,
                                      synced_beyond_root)


def _resource_paths(rtype: str, value: dict, *, skip_tasks: bool) -> Iterator[tuple[tuple, str, str]]:
    if rtype == "jobs":
        if not skip_tasks:
            for i, task in enumerate(_list(value.get("tasks"))):
                yield from ((("tasks", i) + sub, kind, label) for sub, kind, label in _task_paths(task))
        for i, env in enumerate(_list(value.get("environments"))):
            spec = env.get("spec") if isinstance(env, dict) else None
            deps = spec.get("dependencies") if isinstance(spec, dict) else None
            for j, dep in enumerate(_list(deps)):
                if isinstance(dep, str) and dep.startswith("-r "):
                    yield ("environments", i, "spec", "dependencies", j), FILE, "requirements file"
    elif rtype == "pipelines":
        for i, lib in enumerate(_list(value.get("libraries"))):
            if isinstance(lib, dict):
                yield ("libraries", i, "notebook", "path"), NOTEBOOK, "libraries.notebook.path"
                yield ("libraries", i, "file", "path"), FILE, "libraries.file.path"
                yield ("libraries", i, "glob", "include"), GLOB, "libraries.glob.include"
        yield ("root_path",), DIRECTORY, "root_path"
    elif rtype == "apps":
        yield ("source_code_path",), DIRECTORY, "source_code_path"
    elif rtype in ("dashboards", "alerts"):
        yield ("file_path",), LOCAL, "file_path"


def _task_paths(task) -> Iterator[tuple[tuple, str, str]]:
    if not isinstance(task, dict):
        return
    for sub, kind, label in _TASK_PATHS:
        holder = _get(task, sub[:-1])
        if isinstance(holder, dict) and str(holder.get("source", "")).upper() != "GIT":
            yield sub, kind, label
    for i, lib in enumerate(_list(task.get("libraries"))):
        if isinstance(lib, dict) and "requirements" in lib:
            yield ("libraries", i, "requirements"), FILE, "libraries.requirements"
    inner = _get(task, ("for_each_task", "task"))
    for sub, kind, label in _task_paths(inner):
        yield ("for_each_task", "task") + sub, kind, label


def _check_one(project, bundle, doc: Doc, path, text, kind, label, synced_beyond_root):
    value = text[3:].strip() if text.startswith("-r ") else text.strip()
    if not value or "${" in value or value.startswith(("/", "~")) or _SCHEME.match(value):
        return
    local = posixpath.normpath(posixpath.join(posixpath.dirname(doc.rel), value))
    line = doc.line(path)
    outside_checked = local == ".." or local.startswith("../")
    inside = not outside_checked and (
        not bundle.root or local == bundle.root or local.startswith(bundle.root + "/")
    )
    if not inside and not synced_beyond_root:
        yield Problem(doc.rel, line, MISSING_RULE,
                      f"{label} '{value}' is outside the bundle root, which is all the CLI syncs")
        return
    if outside_checked:
        return  # synced from beyond the checked directory: nothing here to look at
    target = project.path(local)
    if kind == DIRECTORY:
        if not target.exists():
            yield Problem(doc.rel, line, MISSING_RULE, f"directory '{value}' not found ({local} does not exist)")
        elif not target.is_dir():
            yield Problem(doc.rel, line, KIND_RULE, f"{label} '{value}' is a file, not a directory")
        return
    if not target.is_file():
        yield Problem(doc.rel, line, MISSING_RULE, _not_found(project, kind, value, local))
        return
    if kind == NOTEBOOK and not is_notebook(target):
        yield Problem(doc.rel, line, KIND_RULE,
                      f"{label} '{value}' is a plain file, not a notebook: "
                      f"a notebook source starts with its '{_HEADERS.get(target.suffix.lower(), '# Databricks notebook source')}' line")
    elif kind == FILE and is_notebook(target):
        yield Problem(doc.rel, line, KIND_RULE,
                      f"{label} '{value}' is a notebook, but this field runs a plain file")


def _not_found(project: Project, kind: str, value: str, local: str) -> str:
    if kind == NOTEBOOK and not posixpath.splitext(local)[1]:
        for ext in NOTEBOOK_EXTENSIONS:
            if project.path(local + ext).is_file():
                return f"notebook '{value}' not found: the CLI needs the extension, did you mean '{value}{ext}'?"
        return f"notebook '{value}' not found ({local} does not exist; notebook paths need their extension)"
    noun = "notebook" if kind == NOTEBOOK else "file"
    return f"{noun} '{value}' not found ({local} does not exist)"


def is_notebook(path: Path) -> bool:
    """The CLI's test (libs/notebook/detect.go): by extension, then the first line's header."""
    ext = path.suffix.lower()
    if ext == ".ipynb":
        return True
    header = _HEADERS.get(ext)
    if header is None:
        return False
    with open(path, "rb") as f:
        head = f.read(32).decode("utf-8", "replace")
    return head.split("\n", 1)[0].rstrip("\r") == header


def _get(value, keys: tuple):
    for key in keys:
        if isinstance(value, dict):
            value = value.get(key)
        elif isinstance(value, list) and isinstance(key, int) and key < len(value):
            value = value[key]
        else:
            return None
    return value


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _is_glob(text: str) -> bool:
    return any(c in text for c in "*?[")


def _local(doc: Doc, value: str) -> str | None:
    """A path written in `doc`, relative to the checked directory; None when it is not local
    (empty, a reference, absolute, a URL) or leaves the checked directory."""
    value = value.strip()
    if not value or "${" in value or value.startswith(("/", "~")) or _SCHEME.match(value):
        return None
    local = posixpath.normpath(posixpath.join(posixpath.dirname(doc.rel), value))
    return None if local == ".." or local.startswith("../") else local


def _check_expanded(project, bundle, doc: Doc, path, text, kind, label, synced_beyond_root):
    """A notebook or file library path with wildcards: the CLI expands it with Go's
    filepath.Glob; each match is a library, and no match leaves the pattern to fail as a path."""
    local = _local(doc, text)
    try:
        matches = [f for f in project.files if local is not None and gopath.match(local, f)]
    except GoError:
        matches = []  # a malformed pattern: filepath.Glob fails, as does the path
    if not matches:
        yield from _check_one(project, bundle, doc, path, text, kind, label, synced_beyond_root)
        return
    base = posixpath.dirname(doc.rel)
    for match in matches:
        yield from _check_one(project, bundle, doc, path, posixpath.relpath(match, base or "."), kind,
                              label, synced_beyond_root)


def _check_glob(project: Project, doc: Doc, path: tuple, text: str) -> Iterator[Problem]:
    """A `glob: include:` entry: a notebook or file path, or a folder ending in `/**` (other
    wildcards are matched as the pattern reads: `*` within a folder, `**` across folders)."""
    local = _local(doc, text)
    if local is None:
        return
    value = text.strip()
    if value.endswith("/**"):
        folder = posixpath.normpath(posixpath.join(posixpath.dirname(doc.rel), value[:-3]))
        if any(f.startswith(folder + "/") for f in project.files):
            return
        why = "has no file" if project.path(folder).is_dir() else "does not exist"
        yield Problem(doc.rel, doc.line(path), GLOB_RULE,
                      f"glob include '{value}' matches no file: its folder {folder} {why}, so the "
                      "pipeline gets no source code from it", severity=WARNING)
        return
    if _is_glob(value):
        pattern = re.compile(_glob_regex(posixpath.normpath(posixpath.join(posixpath.dirname(doc.rel), value))))
        if any(pattern.fullmatch(f) for f in project.files):
            return
    elif project.path(local).is_file() or any(f.startswith(local + "/") for f in project.files):
        return
    yield Problem(doc.rel, doc.line(path), GLOB_RULE,
                  f"glob include '{value}' matches no file ({local} does not exist), so the pipeline "
                  "gets no source code from it", severity=WARNING)


def _glob_regex(pattern: str) -> str:
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return "".join(out)
