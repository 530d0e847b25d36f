"""The directory being checked: its files, read once and cached."""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path, PurePosixPath

from . import yamlfile

# Directories that belong to tools, not to the project.
IGNORED_DIRS = {
    ".git", ".venv", "venv", "node_modules", "__pycache__", ".mypy_cache", ".pytest_cache",
    ".ruff_cache", ".databricks", ".tox", ".idea",
}
BUNDLE_FILES = ("databricks.yml", "databricks.yaml")


class Project:
    def __init__(self, root: str | os.PathLike):
        self.root = Path(root).resolve()
        self._text: dict[str, str] = {}
        self._yaml: dict[str, yamlfile.YamlFile] = {}

    @cached_property
    def files(self) -> list[str]:
        """Every file, as a slash-separated path relative to the root, sorted."""
        out = []
        for dirpath, dirnames, filenames in os.walk(self.root):
            dirnames[:] = sorted(d for d in dirnames if d not in IGNORED_DIRS)
            rel_dir = Path(dirpath).relative_to(self.root)
            for name in filenames:
                out.append((rel_dir / name).as_posix())
        return sorted(out)

    def matching(self, *patterns: str) -> list[str]:
        """Files whose relative path matches any glob (`**` spans directories)."""
        return [f for f in self.files if any(_match(f, p) for p in patterns)]

    def path(self, rel: str) -> Path:
        return self.root / rel

    def exists(self, rel: str) -> bool:
        return (self.root / rel).exists()

    def text(self, rel: str) -> str:
        if rel not in self._text:
            self._text[rel] = (self.root / rel).read_bytes().decode("utf-8", "surrogateescape")
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


def join(*parts: str) -> str:
    return PurePosixPath(*[p for p in parts if p]).as_posix() if any(parts) else ""


def _match(rel: str, pattern: str) -> bool:
    """Glob match of a relative path; `**/` matches any number of directories."""
    import fnmatch

    if pattern.startswith("**/"):
        rest = pattern[3:]
        parts = rel.split("/")
        return any(fnmatch.fnmatchcase("/".join(parts[i:]), rest) for i in range(len(parts)))
    return fnmatch.fnmatchcase(rel, pattern)
