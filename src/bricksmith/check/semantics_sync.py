"""`sync:` include and exclude patterns, checked as `bundle validate` checks them.

Each pattern is relative to the YAML file that writes it (mutator/rewrite_sync_paths.go joins
it to that file's folder), is matched with the gitignore dialect of the Go library the CLI uses
(github.com/sabhiram/go-gitignore, through libs/fileset) against every file below the bundle
root, gitignored or not, and:

- an include or exclude pattern that matches no file draws a warning
  (bundle/config/validate/validate_sync_patterns.go);
- when the excludes leave no file to sync at all, a warning too (files_to_sync.go).  The CLI
  also drops gitignored files; this check does not read .gitignore, so it only reports what is
  certain from the configuration.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from functools import lru_cache

from ..gostd import path as gopath
from ..gostd import regexp as goregexp
from ..gotemplate.gotypes import GoError
from .problem import WARNING, Problem
from .project import Project
from .semantics_bundle import Bundle, Doc

UNMATCHED_RULE = "sync-pattern-unmatched"
NO_FILES_RULE = "sync-no-files"

_MAGIC_STAR = "#$~"


@lru_cache(maxsize=512)
def gitignore_pattern(line: str) -> tuple[object | None, bool]:
    """(compiled Go regexp or None, negated) for one line, as go-gitignore's getPatternFromLine
    translates it (its quirks included: `?` is a literal question mark)."""
    line = line.rstrip("\r")
    if line.startswith("#"):
        return None, False
    line = line.strip(" ")
    if not line:
        return None, False
    negate = line[0] == "!"
    if negate:
        line = line[1:]
    if line[:1] in ("#", "!"):
        line = line[1:]
    if re.search(r"([^/+])/.*\*\.", line) and line[:1] != "/":
        line = "/" + line
    line = line.replace(".", r"\.")
    if line.startswith("/**/"):
        line = line[1:]
    line = line.replace("/**/", "(/|/.+/)")
    line = line.replace("**/", "(|." + _MAGIC_STAR + "/)")
    line = line.replace("/**", "(|/." + _MAGIC_STAR + ")")
    line = line.replace("\\*", "\\" + _MAGIC_STAR)
    line = line.replace("*", "([^/]*)")
    line = line.replace("?", "\\?")
    line = line.replace(_MAGIC_STAR, "*")
    expr = line + ("(|.*)$" if line.endswith("/") else "(|/.*)$")
    expr = "^(|/)" + expr[1:] if expr.startswith("/") else "^(|.*/)" + expr
    try:
        return goregexp.compile(expr), negate
    except GoError:
        return None, negate  # the library drops a line it cannot compile


def matches(line: str, rel: str) -> bool:
    """Whether a one-line go-gitignore matcher matches a slash-separated relative path."""
    pattern, negate = gitignore_pattern(line)
    return pattern is not None and not negate and pattern.MatchString(rel)


class _Files:
    """The files below the bundle root, relative to it: the project's listing first, and only when
    that is not enough every file on disk (what the listing leaves out: tool folders such as
    virtualenvs, gitignored files), since the CLI's walk skips nothing."""

    def __init__(self, project: Project, root: str):
        self.project, self.root = project, root
        prefix = root + "/" if root else ""
        self.listed = [f[len(prefix):] for f in project.files if f.startswith(prefix)]
        self._all: list[str] | None = None

    def all(self) -> list[str]:
        if self._all is None:
            self._all = _all_files(self.project, self.root)
        return self._all

    def any_match(self, pattern: str) -> bool:
        return any(matches(pattern, f) for f in self.listed) or any(matches(pattern, f) for f in self.all())


def _all_files(project: Project, root: str) -> list[str]:
    """Every regular file below the bundle root, relative to it."""
    base = project.path(root) if root else project.root
    out = []
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames.sort()
        rel_dir = os.path.relpath(dirpath, base)
        for name in sorted(filenames):
            full = os.path.join(dirpath, name)
            if os.path.isfile(full) and not os.path.islink(full):
                out.append(name if rel_dir == "." else f"{rel_dir}/{name}".replace(os.sep, "/"))
    return out


def _patterns(bundle: Bundle, field: str) -> Iterator[tuple[Doc, tuple, str, tuple | None]]:
    """(doc, path, pattern as written, target path or None) of every sync include/exclude."""
    for doc in bundle.docs:
        blocks = [((), None, doc.data.get("sync"))]
        for section in ("targets", "environments"):
            targets = doc.data.get(section)
            if isinstance(targets, dict):
                blocks += [((section, name), name, t.get("sync")) for name, t in targets.items()
                           if isinstance(t, dict)]
        for prefix, target, sync in blocks:
            entries = sync.get(field) if isinstance(sync, dict) else None
            if isinstance(entries, list):
                for i, entry in enumerate(entries):
                    if isinstance(entry, str):
                        yield doc, prefix + ("sync", field, i), entry, target


def _anchored(bundle: Bundle, doc: Doc, entry: str) -> str:
    """The pattern relative to the bundle root, as RewriteSyncPaths and NewGlobSet make it: the
    file's folder joined in front (so `!` negates only in files at the bundle root), one `!`
    dropped, cleaned."""
    folder = gopath.dir(doc.rel)
    if bundle.root:
        folder = "." if folder == bundle.root else folder.removeprefix(bundle.root + "/")
    joined = gopath.join(folder, entry)
    return gopath.clean(joined.removeprefix("!"))


def _kept(rel: str, excludes) -> bool:
    if rel == ".git" or rel.startswith(".git/"):
        return False  # never synced
    return not any(matches(pattern, rel) for _, _, pattern in excludes)


def _sync_paths_set(bundle: Bundle) -> bool:
    for doc in bundle.docs:
        blocks = [doc.data.get("sync")]
        for section in ("targets", "environments"):
            targets = doc.data.get(section)
            if isinstance(targets, dict):
                blocks += [t.get("sync") for t in targets.values() if isinstance(t, dict)]
        if any(isinstance(b, dict) and "paths" in b for b in blocks):
            return True
    return False


def check_sync(project: Project, bundle: Bundle) -> Iterator[Problem]:
    excludes = list(_patterns(bundle, "exclude"))
    includes = list(_patterns(bundle, "include"))
    if not excludes and not includes:
        return
    if _sync_paths_set(bundle):
        return  # other folders are synced (and patterns re-anchored): not modelled here
    files = _Files(project, bundle.root)
    for field, entries in (("exclude", excludes), ("include", includes)):
        for doc, path, entry, _ in entries:
            pattern = _anchored(bundle, doc, entry)
            if not files.any_match(pattern):
                yield Problem(doc.rel, doc.line(path), UNMATCHED_RULE,
                              f"sync.{field} pattern '{entry}' matches no file",
                              severity=WARNING)
    yield from _nothing_to_sync(bundle, files, excludes, includes)


def _nothing_to_sync(bundle: Bundle, files: _Files, excludes, includes) -> Iterator[Problem]:
    """Per target (root patterns plus the target's), whether the excludes remove every file."""
    if not excludes:
        return
    targets = sorted({t for *_, t in excludes + includes if t is not None})
    for target in [None, *targets] if targets else [None]:
        ex = [(d, p, _anchored(bundle, d, e)) for d, p, e, t in excludes if t in (None, target)]
        if not ex:
            continue
        # The synced files are (git files + include matches) - exclude matches: an include cannot
        # bring back what an exclude removes.
        if any(_kept(f, ex) for f in files.listed) or any(_kept(f, ex) for f in files.all()):
            continue
        doc, path, _ = ex[0]
        yield Problem(doc.rel, doc.line(path[:-1]), NO_FILES_RULE,
                      "sync.exclude leaves no file to sync: the deploy uploads nothing (bundle validate: "
                      "\"There are no files to sync\")",
                      severity=WARNING)
