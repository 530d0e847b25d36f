"""Target modes, checked the way `bundle validate` checks them for each target
(bundle/config/mutator/resourcemutator/validate_target_mode.go in databricks/cli).

A target's effective settings are the root ones overridden by the target's own blocks; values
written with `${var.X}` are resolved through the target's variable values where they are known.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .problem import Problem
from .semantics_bundle import Bundle, Doc, applies_to
from .semantics_refs import resolve_variables, variable_values

MODE_RULE = "target-mode"
ROOT_PATH_RULE = "production-root-path"
DEV_PIPELINE_RULE = "production-development-pipeline"
USER_SCOPE_RULE = "development-user-scope"

MODES = ("development", "production")
WORKSPACE_PATHS = ("root_path", "file_path", "resource_path", "artifact_path", "state_path")
# What `bundle validate` replaces by the deploying user's name (or short name).
USER_REFERENCES = ("${workspace.current_user.userName}", "${workspace.current_user.short_name}")


def check_modes(bundle: Bundle) -> Iterator[Problem]:
    for target, blocks in bundle.targets().items():
        mode_at = None
        for doc, path, block in blocks:
            if "mode" in block:
                mode_at = (doc, path + ("mode",), block["mode"])
        if mode_at is None:
            continue
        doc, path, mode = mode_at
        if mode is None or mode == "":
            continue  # no mode: nothing to enforce
        if mode not in MODES:
            yield Problem(doc.rel, doc.line(path), MODE_RULE,
                          f"target '{target}' has mode '{mode}': must be either 'development' or 'production'")
        elif mode == "production":
            yield from _production(bundle, target, blocks, doc, path)
        else:
            yield from _development(bundle, target, blocks)


def _setting(bundle: Bundle, blocks, section: str, key: str) -> tuple[Doc, tuple, Any] | None:
    """Where a target's effective `section.key` is set: its last target block, else the root."""
    found = None
    for doc, value in bundle.sections(section, loaded_only=True):
        if isinstance(value, dict) and key in value:
            found = (doc, (section, key), value[key])
    for doc, path, block in blocks:
        value = block.get(section)
        if isinstance(value, dict) and key in value:
            found = (doc, path + (section, key), value[key])
    return found


def _production(bundle: Bundle, target: str, blocks, mode_doc: Doc, mode_path) -> Iterator[Problem]:
    # Only the target's own root_path counts (isExplicitRootSet): a shared root-level one would
    # let every production target deploy over the same copy.
    explicit = any(
        isinstance(block.get("workspace"), dict) and block["workspace"].get("root_path")
        for _, _, block in blocks
    )
    jobs = _effective_resources(bundle, target, "jobs")
    run_as = _setting_top(bundle, blocks, "run_as")
    if not explicit and not all(run_as or job.get("run_as") for job in jobs.values()):
        yield Problem(
            mode_doc.rel, mode_doc.line(mode_path), ROOT_PATH_RULE,
            f"target '{target}' has mode: production but no workspace.root_path of its own: bundle validate "
            "fails (\"must set 'workspace.root_path' to make sure only one copy is deployed\") "
            "unless every job sets run_as or a service principal deploys",
        )
    preset = _setting(bundle, blocks, "presets", "pipelines_development")
    pipelines = _effective_resources(bundle, target, "pipelines")
    if preset and preset[2] is True and pipelines:
        doc, path, _ = preset
        yield Problem(doc.rel, doc.line(path), DEV_PIPELINE_RULE,
                      f"presets.pipelines_development: true puts pipelines in development mode, "
                      f"which target '{target}' (mode: production) refuses")
    for key, (doc, path) in _development_pipelines(bundle, target).items():
        yield Problem(doc.rel, doc.line(path), DEV_PIPELINE_RULE,
                      f"pipeline '{key}' sets development: true, which target '{target}' (mode: production) refuses")


def _setting_top(bundle: Bundle, blocks, key: str):
    """A target's effective root-level setting (e.g. run_as): its own, else the root one."""
    value = None
    for _, data in bundle.sections(key, loaded_only=True):
        value = data
    for _, _, block in blocks:
        if key in block:
            value = block[key]
    return value


def _effective_resources(bundle: Bundle, target: str, rtype: str) -> dict[str, dict]:
    """Each resource of a type, its root definition overlaid with the target's fields."""
    out: dict[str, dict] = {}
    for _, path, t, key, value in bundle.resource_definitions(loaded_only=True):
        if t == rtype and isinstance(value, dict) and applies_to(path, target):
            out.setdefault(key, {}).update(value)
    return out


def _development_pipelines(bundle: Bundle, target: str) -> dict[str, tuple[Doc, tuple]]:
    """Pipelines whose effective `development` is true, with where it is set."""
    where: dict[str, tuple[Doc, tuple] | None] = {}
    for doc, path, t, key, value in bundle.resource_definitions(loaded_only=True):
        if t == "pipelines" and isinstance(value, dict) and "development" in value and applies_to(path, target):
            where[key] = (doc, path + ("development",)) if value["development"] is True else None
    return {k: v for k, v in where.items() if v is not None}


def _development(bundle: Bundle, target: str, blocks) -> Iterator[Problem]:
    values = variable_values(bundle, target)

    def resolved(setting) -> str | None:
        text = setting[2]
        return resolve_variables(text, values) if isinstance(text, str) else None

    for key in WORKSPACE_PATHS:
        setting = _setting(bundle, blocks, "workspace", key)
        text = resolved(setting) if setting else None
        if text and not text.startswith("~/") and not _names_user(text):
            doc, path, _ = setting
            yield Problem(doc.rel, doc.line(path), USER_SCOPE_RULE,
                          f"target '{target}' (mode: development): workspace.{key} must start with '~/' or "
                          "contain ${workspace.current_user.userName} or short_name, so that each "
                          "developer deploys their own copy")
    setting = _setting(bundle, blocks, "presets", "name_prefix")
    text = resolved(setting) if setting else None
    if text and not _names_user(text):
        doc, path, _ = setting
        yield Problem(doc.rel, doc.line(path), USER_SCOPE_RULE,
                      f"target '{target}' (mode: development): presets.name_prefix must contain "
                      "${workspace.current_user.short_name} or userName, so that developers' "
                      "resources do not collide")
    setting = _setting(bundle, blocks, "presets", "trigger_pause_status")
    if setting and resolved(setting) == "UNPAUSED":
        doc, path, _ = setting
        yield Problem(doc.rel, doc.line(path), USER_SCOPE_RULE,
                      f"target '{target}' (mode: development) cannot set presets.trigger_pause_status "
                      "to UNPAUSED: development copies must not run on schedules")


def _names_user(text: str) -> bool:
    return any(ref in text for ref in USER_REFERENCES) or "${workspace.root_path}" in text
