"""Keys and names: known root keys (or YAML anchor blocks), unique resource keys, unique job names,
and files named for one resource (`*.job.yml`) that define one resource of that type."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator

import yaml

from .problem import WARNING, Problem
from .semantics_bundle import Bundle, Doc, applies_to

ROOT_KEY_RULE = "unknown-root-key"
RESOURCE_KEY_RULE = "duplicate-resource-key"
JOB_NAME_RULE = "duplicate-job-name"
FILE_FORMAT_RULE = "resource-file-format"

# The root properties of the official bundle schema (CLI v1.13.0), used when it is not at hand.
BUILTIN_ROOT_KEYS = frozenset({
    "artifacts", "bundle", "environments", "experimental", "include", "permissions", "presets",
    "python", "resources", "run_as", "scripts", "sync", "targets", "variables", "workspace",
})


def known_root_keys(ctx) -> frozenset[str]:
    """The bundle schema's root properties when a schema file is given, else the built-in list."""
    source = ctx.options.schema_source()
    if source:
        keys = ctx.cached(f"bundle_semantics.root_keys:{source}", lambda: _schema_root_keys(source))
        if keys:
            return keys
    return BUILTIN_ROOT_KEYS


def _schema_root_keys(source: str) -> frozenset[str] | None:
    try:
        with open(source, encoding="utf-8") as f:
            properties = json.load(f).get("properties")
    except (OSError, ValueError, AttributeError):
        return None  # the bundle-schema rule reports an unusable schema
    return frozenset(properties) if isinstance(properties, dict) and properties else None


class _AnchorLoader(yaml.SafeLoader):
    """Composes the node tree and remembers where each anchor (`&name`) is defined."""

    def __init__(self, stream):
        super().__init__(stream)
        self.anchor_offsets: list[int] = []

    def compose_node(self, parent, index):
        event = self.peek_event()
        if not isinstance(event, yaml.AliasEvent) and getattr(event, "anchor", None):
            self.anchor_offsets.append(event.start_mark.index)
        return super().compose_node(parent, index)


def _root_entries(text: str) -> list[tuple[str, int, bool]]:
    """(key as written, line, whether its block defines an anchor) of each root mapping key.

    A block defines an anchor when an `&name` lies between its key and the next root key; an
    alias (`*name`) only uses one.
    """
    loader = _AnchorLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError:
        return []
    finally:
        loader.dispose()
    if not isinstance(root, yaml.MappingNode):
        return []
    keys = [key for key, _ in root.value]
    ends = [k.start_mark.index for k in keys[1:]] + [len(text) + 1]
    return [
        (str(key.value), key.start_mark.line + 1,
         any(key.start_mark.index <= at < end for at in loader.anchor_offsets))
        for key, end in zip(keys, ends)
    ]


def check_root_keys(project, bundle: Bundle, known: frozenset[str]) -> Iterator[Problem]:
    for doc in bundle.docs:
        if not any(str(k) not in known for k in doc.data):
            continue  # the common case: no need to compose the file again
        for key, line, defines_anchor in _root_entries(project.text(doc.rel)):
            if key in known or key == "<<" or defines_anchor:
                continue
            close = difflib.get_close_matches(key, sorted(known), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            yield Problem(doc.rel, line, ROOT_KEY_RULE,
                          f"unknown root key '{key}'{hint}: the CLI ignores it (\"unknown field: {key}\")")


def check_resource_keys(bundle: Bundle) -> Iterator[Problem]:
    """Resource keys are unique across every type (and scripts) and file, target overrides aside."""
    seen: dict[str, list[tuple[Doc, tuple]]] = {}
    for doc, path, _, key, _ in bundle.resource_definitions(loaded_only=True, overrides=False):
        seen.setdefault(key, []).append((doc, path))
    for doc, scripts in bundle.sections("scripts", loaded_only=True):
        if isinstance(scripts, dict):
            for key in scripts:
                seen.setdefault(str(key), []).append((doc, ("scripts", key)))
    for key, places in seen.items():
        first_doc, first_path = places[0]
        for doc, path in places[1:]:
            yield Problem(doc.rel, doc.line(path), RESOURCE_KEY_RULE,
                          f"key '{key}' ({_dotted(path)}) is already defined at {first_doc.where(first_path)} "
                          f"({_dotted(first_path)}): resource keys must be unique across types and files")


def check_job_names(bundle: Bundle) -> Iterator[Problem]:
    """Job names are unique in every target (and without one), overrides applied: a warning, as
    Databricks accepts two jobs with one name."""
    definitions = sorted(  # root definitions first, so that target overrides win
        (d for d in bundle.resource_definitions(loaded_only=True) if d[2] == "jobs"),
        key=lambda d: d[1][0] != "resources",
    )
    for target in [None, *bundle.targets()]:
        names: dict[str, tuple[str, Doc, tuple]] = {}
        for doc, path, _, key, value in definitions:
            if applies_to(path, target) and isinstance(value, dict) and isinstance(value.get("name"), str):
                names[key] = (value["name"], doc, path + ("name",))
        by_name: dict[str, list[tuple[str, Doc, tuple]]] = {}
        for key, (name, doc, path) in names.items():
            by_name.setdefault(name, []).append((key, doc, path))
        for name, jobs in by_name.items():
            # Each of the jobs is reported, naming another: either may be the one to rename.
            for i, (key, doc, path) in enumerate(jobs):
                if len(jobs) > 1:
                    other_key, other_doc, other_path = jobs[1 if i == 0 else 0]
                    yield Problem(doc.rel, doc.line(path), JOB_NAME_RULE,
                                  f"job '{key}' has the same name '{name}' as job '{other_key}' "
                                  f"({other_doc.where(other_path)})", severity=WARNING)


def _dotted(path: tuple) -> str:
    return ".".join(str(p) for p in path)


def check_file_formats(bundle: Bundle) -> Iterator[Problem]:
    """An included file named `<name>.<resource type>.yml` (e.g. `train.job.yml`) defines or
    configures one resource, of that type (bundle/config/loader/process_include.go, which
    recommends it)."""
    for doc in bundle.loaded[1:]:
        parts = doc.rel.rsplit("/", 1)[-1].split(".")
        if len(parts) < 3 or parts[-1] not in ("yml", "yaml"):
            continue
        singular = parts[-2]
        if not _known_singular(singular):
            continue
        found = [(path, rtype, key) for _, path, rtype, key, _ in _definitions_in(bundle, doc)]
        keys = {key for _, _, key in found}
        if all(_singular(t) == singular for _, t, _ in found) and len(keys) <= 1:
            continue
        listed = ", ".join(sorted({f"{key} ({_singular(t)})" for _, t, key in found}))
        first = min(found, key=lambda f: doc.line(f[0]))[0]
        yield Problem(doc.rel, doc.line(first), FILE_FORMAT_RULE,
                      f"a file named *.{singular}.{parts[-1]} should define a single "
                      f"{singular.replace('_', ' ')}; this one defines or configures {listed}",
                      severity=WARNING)


# The singular names of the bundle's resource types: `jobs` -> `job`, `schemas` -> `schema`.
def _singular(rtype: str) -> str:
    return rtype.removesuffix("s")


def _known_singular(name: str) -> bool:
    from .bundle_files import RESOURCE_TYPES

    return any(_singular(t) == name for t in RESOURCE_TYPES)


def _definitions_in(bundle: Bundle, doc: Doc):
    for definition in bundle.resource_definitions(loaded_only=True):
        if definition[0] is doc:
            yield definition
