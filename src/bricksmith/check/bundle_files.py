"""Which YAML files make up each bundle of a project, as the Databricks CLI finds them.

A bundle is its `databricks.yml` plus every file its top-level `include:` globs match.  The
CLI anchors each glob at the bundle root and expands it with Go's `filepath.Glob`: `*`, `?` and
`[...]` never cross a `/`, `**` is just two stars, classes negate with `^`, and dot files
match.  Only `.yml`, `.yaml` and `.json` matches are configuration (the CLI refuses others).
Go's Glob also lists files the check skips (`Project.skipped`: dangling symlinks, huge or
unreadable files); those matches are kept apart in `Bundle.unreadable`, since the CLI reads them.
The checks also look at `resources/*.yml` files nobody includes yet: a generated project must
not carry a broken resource file just because it is not wired in.  Beyond those, `unreached`
lists every YAML file below a bundle root that is shaped like bundle configuration (a root
`resources:` mapping keyed by resource types) but that no include reaches: the CLI never loads
it, so what it configures is silently dropped.  Files of a nested bundle (another databricks.yml
further down) belong to that bundle, and CI files are never bundle configuration.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field

from ..gostd import path as gopath
from ..gotemplate.gotypes import GoError
from . import bundle_yaml
from .project import Project

CONFIG_EXTENSIONS = (".yml", ".yaml", ".json")
YAML_EXTENSIONS = (".yml", ".yaml")
# The resource types of the bundle schema (CLI v1.13.0): what a `resources:` mapping of bundle
# configuration is keyed by.
RESOURCE_TYPES = frozenset({
    "alerts", "apps", "catalogs", "clusters", "dashboards", "database_catalogs", "database_instances",
    "experiments", "external_locations", "genie_spaces", "instance_pools", "job_runs", "jobs",
    "model_serving_endpoints", "models", "pipelines", "postgres_branches", "postgres_catalogs",
    "postgres_databases", "postgres_endpoints", "postgres_projects", "postgres_roles",
    "postgres_synced_tables", "quality_monitors", "registered_models", "schemas", "secret_scopes",
    "secrets", "sql_warehouses", "synced_database_tables", "vector_search_endpoints",
    "vector_search_indexes", "volumes",
})
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
    # bundle-shaped YAML files below the root that no include reaches (see the module doc)
    unreached: list[str] = field(default_factory=list)
    # include matches the check skipped (Project.skipped: dangling symlinks, unreadable or huge
    # files): (index in `include`, file, why it was skipped).  Go's Glob lists them all, dangling
    # symlinks too, and the CLI then reads each.
    unreadable: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def files(self) -> list[str]:
        """Every configuration file of the bundle: databricks.yml first."""
        return [self.main, *self.included, *self.not_included]


def _glob(project: Project, root: str, entry: str, candidates: list[str] | None = None) -> list[str] | None:
    """Project files (or `candidates`) matching `entry` anchored at `root`; None for a malformed
    pattern."""
    pattern = gopath.clean(gopath.join(root, entry) if root else entry)
    if pattern == ".." or pattern.startswith("../"):
        return []  # outside the checked directory: nothing we can see
    try:
        return [f for f in (project.files if candidates is None else candidates) if gopath.match(pattern, f)]
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
    listed = set(project.files)
    # filled while listing the files (a listed file skipped later, when it could not be read
    # after all, is read as empty by the rules that load it)
    skipped = {s.path: s.reason for s in project.skipped if s.path not in listed}
    for index, entry in enumerate(_includes(project, main)):
        if not isinstance(entry, str) or gopath.is_abs(entry):
            continue  # the schema (and the CLI) reject these
        matches = _glob(project, root, entry)
        if matches is None:
            continue
        unread = [rel for rel in _glob(project, root, entry, sorted(skipped)) or () if rel not in seen]
        for rel in unread:
            seen.add(rel)
            bundle.unreadable.append((index, rel, skipped[rel]))
        if not matches and not unread:
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
        found = [_bundle(project, root) for root in project.bundle_roots]
        _find_unreached(project, found)
        _CACHE[project] = found
    return _CACHE[project]


def _inside(rel: str, root: str) -> bool:
    return not root or rel.startswith(root + "/")


def _find_unreached(project: Project, found: list[Bundle]) -> None:
    from . import ci_files

    loaded = {rel for bundle in found for rel in (bundle.main, *bundle.included)}
    ci = set(ci_files.github_workflows(project)) | set(ci_files.azure_pipelines(project))
    ci |= set(ci_files.gitlab_files(project))
    roots = [bundle.root for bundle in found]
    for rel in project.files:
        if not rel.endswith(YAML_EXTENSIONS) or rel in loaded or rel in ci:
            continue
        owners = [root for root in roots if _inside(rel, root)]
        if not owners or not is_bundle_shaped(project, rel):
            continue
        owner = max(owners, key=len)  # the nearest bundle root above the file
        next(bundle for bundle in found if bundle.root == owner).unreached.append(rel)


def is_bundle_shaped(project: Project, rel: str) -> bool:
    """Whether a YAML file's root `resources:` maps bundle resource types to resource mappings
    (Azure Pipelines' `resources:` lists repositories and pipelines instead)."""
    data = bundle_yaml.load(project, rel).data
    resources = data.get("resources") if isinstance(data, dict) else None
    if not isinstance(resources, dict):
        return False
    return any(
        str(kind) in RESOURCE_TYPES and isinstance(members, dict) and members
        for kind, members in resources.items()
    )


def bundle_files(project: Project) -> list[str]:
    """Every bundle configuration file of the project, each once, in bundle order."""
    out: dict[str, None] = {}
    for bundle in bundles(project):
        out.update(dict.fromkeys(bundle.files))
    return list(out)

