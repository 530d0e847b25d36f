"""The directory being checked: which of its files the rules see, read once and cached.

Not seen (silently): tool directories (`.git`, `node_modules`, caches), Python virtual
environments whatever their name (a directory holding `pyvenv.cfg` or `conda-meta/`), and what
the project's `.gitignore` files and `.git/info/exclude` ignore (matched by `pathspec`, git's own
rules, even before `git init`; the CLI does not deploy these either).  `--exclude` patterns use the
same syntax, but excluded files still belong to the project (an excluded bundle file still
configures the bundle, an excluded page is still a link target): only their problems go
unreported (`Project.excluded`).

Not read, with a reason (`Project.skipped`): dangling and looping symlinks, symlinks that leave
the checked directory, files that cannot be opened, and files over `MAX_FILE_BYTES`.  Symlinked
directories are not followed: their targets inside the project are checked where they are.
"""

from __future__ import annotations

import fnmatch
import os
import stat
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path, PurePosixPath

import pathspec

from . import yamlfile
from .problem import Skipped

# Directories that belong to tools, not to the project.
IGNORED_DIRS = {
    ".git", ".venv", "venv", "node_modules", "__pycache__", ".mypy_cache", ".pytest_cache",
    ".ruff_cache", ".databricks", ".tox", ".nox", ".idea", ".eggs",
}
BUNDLE_FILES = ("databricks.yml", "databricks.yaml")
MAX_FILE_BYTES = 8 * 1024 * 1024  # larger files are data, not configuration or code


class Project:
    """A checked directory.

    `exclude`: patterns in .gitignore syntax, relative to the root, for files whose problems are
    not reported (see `excluded`); `respect_gitignore`: whether the project's ignore files hide
    files from the rules.
    """

    def __init__(self, root: str | os.PathLike, *, exclude: Iterable[str] = (),
                 respect_gitignore: bool = True):
        self.root = Path(root).resolve()
        self.exclude = pathspec.GitIgnoreSpec.from_lines(list(exclude))
        self.respect_gitignore = respect_gitignore
        self.skipped: list[Skipped] = []
        self._text: dict[str, str] = {}
        self._yaml: dict[str, yamlfile.YamlFile] = {}

    @cached_property
    def files(self) -> list[str]:
        """Every file the rules see, as a slash-separated path relative to the root, sorted."""
        out: list[str] = []
        ignores: list[tuple[str, pathspec.GitIgnoreSpec]] = []  # (directory, its .gitignore)
        if self.respect_gitignore:
            info = self.root / ".git" / "info" / "exclude"
            if spec := _read_ignore_file(info):
                ignores.append(("", spec))
        self._walk(self.root, "", ignores, out)
        return sorted(out)

    def _walk(self, directory: Path, rel_dir: str, ignores: list, out: list[str]) -> None:
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as err:
            self.skipped.append(Skipped(rel_dir or ".", f"cannot list directory: {err.strerror or err}"))
            return
        if self.respect_gitignore and (spec := _read_ignore_file(directory / ".gitignore")):
            ignores = [*ignores, (rel_dir, spec)]
        for entry in entries:
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if is_dir:
                if entry.name in IGNORED_DIRS or self._hidden(rel + "/", ignores) or _is_environment(entry.path):
                    continue
                self._walk(Path(entry.path), rel, ignores, out)
                continue
            if self._hidden(rel, ignores):
                continue
            reason = self._unreadable(entry)
            if reason:
                self.skipped.append(Skipped(rel, reason))
            else:
                out.append(rel)

    def _hidden(self, rel: str, ignores: list) -> bool:
        """Ignored by the deepest .gitignore that decides."""
        rel = matchable(rel)
        ignored = None
        for base, spec in ignores:  # outermost first: a deeper file overrides
            if base and not rel.startswith(base + "/"):
                continue
            result = spec.check_file(rel[len(base) + 1:] if base else rel).include
            if result is not None:
                ignored = result
        return bool(ignored)

    def _unreadable(self, entry: os.DirEntry) -> str | None:
        """Why a file is not read, or None."""
        if entry.is_symlink():
            try:
                target = Path(entry.path).resolve(strict=True)
            except RuntimeError:
                return "symlink loop: not read"
            except OSError:
                return f"dangling symlink to {os.readlink(entry.path)}: not read"
            if not target.is_relative_to(self.root):
                return f"symlink to {target}, outside the checked directory: not read"
            if target.is_dir():
                return "symlink to a directory: not followed"
        try:
            info = os.stat(entry.path)
        except OSError as err:
            return f"cannot read: {err.strerror or err}"
        if not stat.S_ISREG(info.st_mode):
            return "not a regular file: not read"
        if not os.access(entry.path, os.R_OK):
            return "cannot read: permission denied"
        if info.st_size > MAX_FILE_BYTES:
            return f"{info.st_size / 1024 / 1024:.0f} MiB, over the {MAX_FILE_BYTES // 1024 // 1024} MiB limit for text checks: not read"
        return None

    def excluded(self, rel: str) -> bool:
        """Whether --exclude (or the `exclude` setting) names the file: it still belongs to the
        project (a bundle file still configures the bundle), but its problems are not reported."""
        return self.exclude.match_file(matchable(rel))

    def matching(self, *patterns: str) -> list[str]:
        """Files whose relative path matches any glob (`**` spans directories)."""
        return [f for f in self.files if any(_match(f, p) for p in patterns)]

    def path(self, rel: str) -> Path:
        return self.root / rel

    def exists(self, rel: str) -> bool:
        return (self.root / rel).exists()

    def text(self, rel: str) -> str:
        """The file's text: UTF-8, with undecodable bytes kept as surrogate escapes (see
        `is_utf8`); "" (and a skip) when it cannot be read after all."""
        if rel not in self._text:
            try:
                data = (self.root / rel).read_bytes()
            except OSError as err:
                self.skipped.append(Skipped(rel, f"cannot read: {err.strerror or err}"))
                data = b""
            self._text[rel] = data.decode("utf-8", "surrogateescape")
        return self._text[rel]

    def yaml(self, rel: str) -> yamlfile.YamlFile:
        if rel not in self._yaml:
            self._yaml[rel] = yamlfile.load(rel, self.text(rel))
        return self._yaml[rel]

    @cached_property
    def bundle_roots(self) -> list[str]:
        """Directories (relative, "" for the root) that hold a bundle's databricks.yml."""
        roots = []
        for f in self.files:
            p = PurePosixPath(f)
            if p.name in BUNDLE_FILES:
                parent = p.parent.as_posix()
                roots.append("" if parent == "." else parent)
        return sorted(set(roots))

    def bundle_file(self, bundle_root: str) -> str:
        for name in BUNDLE_FILES:
            rel = join(bundle_root, name)
            if rel in self.files:
                return rel
        raise KeyError(bundle_root)


def matchable(rel: str) -> str:
    """A path as pattern matchers can take it: bytes that are not UTF-8 in a file name (read as
    surrogate escapes) become U+FFFD."""
    return rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def join(*parts: str) -> str:
    return PurePosixPath(*[p for p in parts if p]).as_posix() if any(parts) else ""


def _read_ignore_file(path: Path) -> pathspec.GitIgnoreSpec | None:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return pathspec.GitIgnoreSpec.from_lines(lines) if lines else None


def _is_environment(path: str) -> bool:
    """A Python virtual environment or conda environment, whatever the directory is called."""
    return os.path.isfile(os.path.join(path, "pyvenv.cfg")) or os.path.isdir(os.path.join(path, "conda-meta"))


def _match(rel: str, pattern: str) -> bool:
    """Glob match of a relative path; `**/` matches any number of directories."""
    if pattern.startswith("**/"):
        rest = pattern[3:]
        parts = rel.split("/")
        return any(fnmatch.fnmatchcase("/".join(parts[i:]), rest) for i in range(len(parts)))
    return fnmatch.fnmatchcase(rel, pattern)
