"""A bundle's configuration as the CLI sees it for one target: every file's settings merged, then
the target's overrides on top, with every value remembering where it was written.

`bundle validate` checks one target's merged configuration; the offline rules check each target
in turn (or the root configuration alone when the bundle has no targets) and report a problem
once, where the offending value is written.  Merging follows the CLI: mappings merge key by key,
a later scalar replaces an earlier one, sequences are concatenated, except the keyed sequences
that the CLI merges by key (a job's tasks by `task_key`, its job clusters by `job_cluster_key`,
a pipeline's clusters by `label`, ...).  A target's `variables:` assign values (`name: value`
is shorthand for `default: value`).

Values are plain dicts and lists, subclassed to carry their location: `Located.at` is the
(doc, path) of the mapping or sequence, `Located.key_at(k)` that of one of its keys or items.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .semantics_bundle import Bundle, Doc

# Sequences the CLI merges element by element, by the value of one key, when a target (or a
# second file) writes the same element again.  Keyed by the path of the sequence below a
# resource: (resource type, field, ...) -> element key.
KEYED_SEQUENCES = {
    ("jobs", "tasks"): "task_key",
    ("jobs", "job_clusters"): "job_cluster_key",
    ("jobs", "environments"): "environment_key",
    ("jobs", "parameters"): "name",
    ("pipelines", "clusters"): "label",
    ("apps", "resources"): "name",
}
ROOT_ONLY = ("targets", "environments", "include")
TARGET_SETTINGS_SKIPPED = ("default",)  # whether the target is the default one: no setting

Where = tuple  # (Doc, path)


class LDict(dict):
    """A mapping with the location of itself and of each of its keys."""

    def __init__(self, at: Where):
        super().__init__()
        self.at = at
        self.keys_at: dict[Any, Where] = {}

    def key_at(self, key) -> Where:
        return self.keys_at.get(key, self.at)


class LList(list):
    """A sequence with the location of itself and of each item."""

    def __init__(self, at: Where):
        super().__init__()
        self.at = at
        self.items_at: list[Where] = []

    def key_at(self, index) -> Where:
        return self.items_at[index] if 0 <= index < len(self.items_at) else self.at


def line(where: Where) -> int:
    doc, path = where
    return doc.line(path)


def located(value: Any, doc: Doc, path: tuple) -> Any:
    """A copy of a loaded YAML value whose mappings and sequences know where they are written."""
    if isinstance(value, dict):
        out = LDict((doc, path))
        for k, v in value.items():
            out[k] = located(v, doc, path + (k,))
            out.keys_at[k] = (doc, path + (k,))
        return out
    if isinstance(value, list):
        out = LList((doc, path))
        for i, v in enumerate(value):
            out.append(located(v, doc, path + (i,)))
            out.items_at.append((doc, path + (i,)))
        return out
    return value


def merge(base: Any, overlay: Any, doc: Doc, path: tuple, schema_path: tuple = ()) -> Any:
    """`overlay` (as loaded from `doc` at `path`) merged onto `base` (already located)."""
    if isinstance(base, LDict) and isinstance(overlay, dict):
        for k, v in overlay.items():
            sub = schema_path + (k,)
            if k in base:
                base[k] = merge(base[k], v, doc, path + (k,), sub)
            else:
                base[k] = located(v, doc, path + (k,))
                base.keys_at[k] = (doc, path + (k,))
        return base
    if isinstance(base, LList) and isinstance(overlay, list):
        key = _sequence_key(schema_path)
        for i, item in enumerate(overlay):
            index = _find(base, key, item) if key else None
            if index is None:
                base.append(located(item, doc, path + (i,)))
                base.items_at.append((doc, path + (i,)))
            else:
                base[index] = merge(base[index], item, doc, path + (i,), schema_path)
        return base
    return located(overlay, doc, path)


def _sequence_key(schema_path: tuple) -> str | None:
    # schema_path: ("resources", type, key, field...) for resources
    if len(schema_path) >= 4 and schema_path[0] == "resources":
        return KEYED_SEQUENCES.get((str(schema_path[1]), *map(str, schema_path[3:])))
    return None


def _find(items: list, key: str, item: Any) -> int | None:
    if not isinstance(item, dict) or key not in item:
        return None
    for i, existing in enumerate(items):
        if isinstance(existing, dict) and existing.get(key) == item[key]:
            return i
    return None


def target_names(bundle: Bundle) -> list[str | None]:
    """The targets to check: every target, or None (the root configuration) without targets."""
    names = list(bundle.targets())
    return names or [None]


def effective(bundle: Bundle, target: str | None) -> LDict:
    """The merged configuration of a bundle for one target (None: the root configuration)."""
    root = LDict((bundle.docs[0], ()))
    for doc in bundle.docs:
        for key, value in doc.data.items():
            if key in ROOT_ONLY:
                continue
            if key in root:
                root[key] = merge(root[key], value, doc, (key,), (key,))
            else:
                root[key] = located(value, doc, (key,))
                root.keys_at[key] = (doc, (key,))
    if target is None:
        return root
    for doc, path, block in bundle.targets().get(target, []):
        for key, value in block.items():
            if key in TARGET_SETTINGS_SKIPPED:
                continue
            if key == "variables" and isinstance(value, dict):
                _assign_variables(root, value, doc, path + ("variables",))
                continue
            where = (doc, path + (key,))
            if key in root:
                root[key] = merge(root[key], value, doc, where[1], (key,))
            else:
                root[key] = located(value, doc, where[1])
                root.keys_at[key] = where
    return root


def _assign_variables(root: LDict, values: dict, doc: Doc, path: tuple) -> None:
    variables = root.get("variables")
    if not isinstance(variables, LDict):
        return
    for name, value in values.items():
        spec = variables.get(name)
        if not isinstance(spec, LDict):
            continue  # undeclared: undeclared-variable reports it
        if isinstance(value, dict) and ("default" in value or "lookup" in value):
            for k, v in value.items():
                spec[k] = located(v, doc, path + (name, k))
                spec.keys_at[k] = (doc, path + (name, k))
            if "lookup" in value:
                spec.pop("default", None)
        else:
            spec["default"] = located(value, doc, path + (name,))
            spec.keys_at["default"] = (doc, path + (name,))


def per_target(bundle: Bundle) -> Iterator[tuple[str | None, LDict]]:
    """(target, merged configuration) for every target to check, merged once per bundle (the
    rules only read them)."""
    cache = bundle.__dict__.setdefault("_effective", {})
    for target in target_names(bundle):
        if target not in cache:
            cache[target] = effective(bundle, target)
        yield target, cache[target]


def resources(config: LDict, rtype: str) -> list[tuple[str, LDict]]:
    """(key, resource) of one type in a merged configuration, mappings only."""
    section = config.get("resources")
    group = section.get(rtype) if isinstance(section, dict) else None
    if not isinstance(group, dict):
        return []
    return [(str(k), v) for k, v in group.items() if isinstance(v, LDict)]


def mapping(value: Any) -> LDict | None:
    return value if isinstance(value, LDict) else None


def sequence(value: Any) -> LList:
    return value if isinstance(value, LList) else LList((None, ()))


def tasks(job: LDict) -> Iterator[tuple[LDict, LDict | None]]:
    """(task, parent) of every task of a job: each task, then the task of its for_each_task
    (parent: the task holding it), one level deep as the Jobs API allows."""
    for task in sequence(job.get("tasks")):
        if not isinstance(task, LDict):
            continue
        yield task, None
        for_each = mapping(task.get("for_each_task"))
        inner = mapping(for_each.get("task")) if for_each else None
        if inner is not None:
            yield inner, task


def text(value) -> str:
    """A scalar as the CLI would stringify it ("" for null)."""
    return value if isinstance(value, str) else ("" if value is None else str(value))


def undefined_task_keys(job_key: str, job: LDict, list_field: str, key_field: str, rule: str):
    """A problem for each task whose `key_field` (job_cluster_key, environment_key) names no
    entry of the job's `list_field` (job_clusters, environments); `${...}` values are skipped."""
    from .problem import ERROR, Problem

    defined = {text(item.get(key_field)) for item in sequence(job.get(list_field)) if isinstance(item, dict)}
    defined.discard("")
    for task, _ in tasks(job):
        name = text(task.get(key_field))
        if not name or "${" in name or name in defined:
            continue
        where = task.key_at(key_field)
        known = ", ".join(repr(k) for k in sorted(defined)) or "none"
        yield Problem(where[0].rel, line(where), rule,
                      f"{key_field} '{name}' is not one of the {list_field} of job '{job_key}' "
                      f"(defined: {known}): the Jobs API refuses the job", severity=ERROR)
