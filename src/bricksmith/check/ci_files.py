"""Which files of a project each CI platform reads.

GitHub runs every workflow directly inside a `.github/workflows/` directory.  Azure Pipelines has
no fixed location: we take the conventional `azure-pipelines.yml` and the YAML under `.azure/`
and `.azure-pipelines/` directories (where generated projects keep their pipelines and
templates).  GitLab reads `.gitlab-ci.yml` and, through `include:`, the local files it names.
All paths are relative to the checked directory, as `Project.files` gives them.
"""

from __future__ import annotations

import fnmatch
from pathlib import PurePosixPath

from .ci_yaml import CiLoader, load
from .project import Project

YAML_SUFFIXES = (".yml", ".yaml")


def _is_yaml(rel: str) -> bool:
    return rel.endswith(YAML_SUFFIXES)


def yaml_files(project: Project) -> list[str]:
    return [f for f in project.files if _is_yaml(f)]


def github_workflows(project: Project) -> list[str]:
    # Only files directly in .github/workflows: GitHub ignores subdirectories.
    return [
        f for f in yaml_files(project)
        if PurePosixPath(f).parent.as_posix().split("/")[-2:] == [".github", "workflows"]
    ]


def azure_pipelines(project: Project) -> list[str]:
    names = {"azure-pipelines.yml", "azure-pipelines.yaml", ".azure-pipelines.yml", ".azure-pipelines.yaml"}
    dirs = {".azure", ".azure-pipelines"}
    return [f for f in yaml_files(project)
            if f.split("/")[-1] in names or dirs.intersection(f.split("/")[:-1])]


def gitlab_files(project: Project) -> list[str]:
    """Every `.gitlab-ci.yml`, then the local files reachable through `include:`, in order."""
    roots = [f for f in project.files if PurePosixPath(f).name in (".gitlab-ci.yml", ".gitlab-ci.yaml")]
    seen: list[str] = []
    for root in roots:
        # GitLab resolves `include: local:` from the repository root: the file's own directory.
        repo = PurePosixPath(root).parent.as_posix()
        repo = "" if repo == "." else repo
        queue = [root]
        while queue:
            rel = queue.pop(0)
            if rel in seen:
                continue
            seen.append(rel)
            for pattern in local_includes(rel, project.text(rel)):
                queue.extend(m for m in _resolve(project, repo, pattern) if m not in seen)
    return seen


def local_includes(rel: str, text: str) -> list[str]:
    """The `include:` entries of a GitLab file that name files of this repository."""
    out: list[str] = []
    for data in load(rel, text, CiLoader).data:  # the documents before any load error
        if not isinstance(data, dict):
            continue
        include = data.get("include")
        items = include if isinstance(include, list) else [include]
        for item in items:
            if isinstance(item, str) and not item.startswith(("http://", "https://")):
                out.append(item)  # a bare string is a local path unless it is a URL
            elif isinstance(item, dict) and isinstance(item.get("local"), str):
                out.append(item["local"])
    return out


def _resolve(project: Project, repo: str, pattern: str) -> list[str]:
    if "$" in pattern:  # `$CI_...` variables: only GitLab knows their values
        return []
    path = "/".join(p for p in (repo, pattern.lstrip("/")) if p)
    if any(ch in path for ch in "*?["):
        # GitLab's globs: `*` stays in one directory, `**` spans directories.
        return [f for f in yaml_files(project) if _glob(f, path)]
    return [path] if path in project.files else []


def _glob(rel: str, pattern: str) -> bool:
    if "**" in pattern:
        return fnmatch.fnmatchcase(rel, pattern)
    return len(rel.split("/")) == len(pattern.split("/")) and fnmatch.fnmatchcase(rel, pattern)
