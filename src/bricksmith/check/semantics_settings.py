"""Root settings `bundle validate` checks before it deploys anything: `bundle`, `workspace`,
`scripts` and `experimental`.

- no `${...}` in the workspace fields that configure authentication: the CLI authenticates
  before it resolves references (bundle/config/validate/interpolation_in_auth_config.go);
- no `${...}` in the bundle name, which is part of the state path (no_interpolation_in_bundle_name.go);
- workspace paths other than `artifact_path` are not in /Volumes, and a /Volumes artifact_path
  names a catalog, schema and volume (validate_volume_path.go, validate_artifact_path.go);
- no `/Workspace/${workspace.root_path}`-style doubled prefix (mutator/rewrite_workspace_prefix.go);
- scripts have content without `${...}`, and their `env:` reads only bundle, workspace and
  variable values (scripts.go);
- experimental.record_deployment_history is not enabled (validate_record_deployment_history.go),
  and no dashboard or genie space carries an `etag`, which is deployment state
  (validate_dashboard_etags.go, validate_genie_space_etags.go).
"""

from __future__ import annotations

from collections.abc import Iterator

from .problem import WARNING, Problem
from .semantics_bundle import Bundle, Doc, walk_strings
from .semantics_effective import LDict, line, mapping, per_target
from .semantics_refs import references, resolve_variables, variable_values

AUTH_RULE = "auth-field-interpolation"
BUNDLE_NAME_RULE = "bundle-name-interpolation"
VOLUME_RULE = "workspace-volume-path"
PREFIX_RULE = "workspace-prefix"
SCRIPT_RULE = "script-content"
UNSUPPORTED_RULE = "unsupported-setting"

# Workspace fields that configure authentication, and the environment variable that sets each
# at run time instead (the Go SDK's attribute names; the CLI's list also names
# azure_resource_id, which is no workspace field).
AUTH_FIELDS = {
    "host": "DATABRICKS_HOST",
    "profile": "DATABRICKS_CONFIG_PROFILE",
    "auth_type": "DATABRICKS_AUTH_TYPE",
    "metadata_service_url": "DATABRICKS_METADATA_SERVICE_URL",
    "client_id": "DATABRICKS_CLIENT_ID",
    "google_service_account": "DATABRICKS_GOOGLE_SERVICE_ACCOUNT",
    "azure_use_msi": "ARM_USE_MSI",
    "azure_client_id": "ARM_CLIENT_ID",
    "azure_tenant_id": "ARM_TENANT_ID",
    "azure_environment": "ARM_ENVIRONMENT",
    "azure_login_app_id": "DATABRICKS_AZURE_LOGIN_APP_ID",
    "account_id": "DATABRICKS_ACCOUNT_ID",
    "workspace_id": "DATABRICKS_WORKSPACE_ID",
}
NON_VOLUME_PATHS = ("root_path", "file_path", "state_path", "resource_path")
DOUBLED_PREFIXES = tuple(
    f"/Workspace/${{workspace.{name}}}" for name in ("root_path", "file_path", "artifact_path", "state_path")
)
SCRIPT_ENV_PREFIXES = ("bundle", "workspace", "var", "variables")


def _blocks(doc: Doc, key: str) -> Iterator[tuple[tuple, dict]]:
    """(path, mapping) of a root setting and of its overrides in the file's targets."""
    value = doc.data.get(key)
    if isinstance(value, dict):
        yield (key,), value
    for section in ("targets", "environments"):
        targets = doc.data.get(section)
        if isinstance(targets, dict):
            for name, target in targets.items():
                value = target.get(key) if isinstance(target, dict) else None
                if isinstance(value, dict):
                    yield (section, name, key), value


def check_settings(bundle: Bundle) -> Iterator[Problem]:
    for doc in bundle.docs:
        yield from _auth(doc)
        yield from _bundle_name(doc)
        yield from _prefixes(doc)
        yield from _scripts(doc)
        yield from _unsupported(doc)
    for target, config in per_target(bundle):
        yield from _volume_paths(config, variable_values(bundle, target))


def _auth(doc: Doc) -> Iterator[Problem]:
    for path, workspace in _blocks(doc, "workspace"):
        for field, variable in AUTH_FIELDS.items():
            value = workspace.get(field)
            if isinstance(value, str) and any(True for _ in references(value)):
                yield Problem(doc.rel, doc.line(path + (field,)), AUTH_RULE,
                              f"workspace.{field} uses a ${{...}} reference, which the CLI cannot resolve "
                              f"before it authenticates: set the {variable} environment variable instead",
                              severity=WARNING)


def _bundle_name(doc: Doc) -> Iterator[Problem]:
    for path, block in _blocks(doc, "bundle"):
        name = block.get("name")
        if isinstance(name, str) and any(True for _ in references(name)):
            yield Problem(doc.rel, doc.line(path + ("name",)), BUNDLE_NAME_RULE,
                          f"bundle.name '{name}' uses a ${{...}} reference: the name is part of the "
                          "deployment's state path, so a name that varies can deploy duplicates or "
                          "leave resources behind on destroy",
                          severity=WARNING)


def _prefixes(doc: Doc) -> Iterator[Problem]:
    for path, text in walk_strings(doc.data):
        for prefix in DOUBLED_PREFIXES:
            if prefix in text:
                yield Problem(doc.rel, doc.line(path), PREFIX_RULE,
                              f"'{prefix}' doubles the /Workspace prefix: workspace paths already start "
                              f"with it; write '{text.replace('/Workspace/', '')}'",
                              severity=WARNING)
                break


def _scripts(doc: Doc) -> Iterator[Problem]:
    scripts = doc.data.get("scripts")
    if not isinstance(scripts, dict):
        return
    for key, script in scripts.items():
        script = script if isinstance(script, dict) else {}
        content = script.get("content")
        where = ("scripts", key, "content") if "content" in script else ("scripts", key)
        if not isinstance(content, str) or content == "":
            yield Problem(doc.rel, doc.line(where), SCRIPT_RULE, f"script '{key}' has no content")
            continue
        found = next(references(content), None)
        if found is not None:
            yield Problem(doc.rel, doc.line(where), SCRIPT_RULE,
                          f"script '{key}' content uses {found[0]}: the shell receives content as "
                          "written, so ${...} is not a bundle reference there; pass the value through "
                          "the script's env: and read it as $NAME")
        env = script.get("env")
        if isinstance(env, dict):
            for name, value in env.items():
                if not isinstance(value, str):
                    continue
                for ref, keys in references(value):
                    if keys[0] not in SCRIPT_ENV_PREFIXES:
                        yield Problem(doc.rel, doc.line(("scripts", key, "env", name)), SCRIPT_RULE,
                                      f"scripts.{key}.env.{name} uses {ref}: only ${{bundle.*}}, "
                                      "${workspace.*} and ${var.*} are resolved before scripts run")


def _unsupported(doc: Doc) -> Iterator[Problem]:
    experimental = doc.data.get("experimental")
    if isinstance(experimental, dict) and experimental.get("record_deployment_history") is True:
        yield Problem(doc.rel, doc.line(("experimental", "record_deployment_history")), UNSUPPORTED_RULE,
                      "experimental.record_deployment_history is not supported yet: bundle validate "
                      "fails while it is enabled")
    for path, rtype, key, value in _resource_blocks(doc, ("dashboards", "genie_spaces")):
        if isinstance(value, dict) and isinstance(value.get("etag"), str) and value["etag"]:
            yield Problem(doc.rel, doc.line(path + ("etag",)), UNSUPPORTED_RULE,
                          f"{rtype[:-1].replace('_', ' ')} '{key}' sets etag, which is deployment state "
                          "the CLI keeps itself: bundle validate refuses it")


def _resource_blocks(doc: Doc, types: tuple) -> Iterator[tuple[tuple, str, str, object]]:
    """(path, type, key, value) of the resources of some types, at the root and in targets."""
    sections = [(("resources",), doc.data.get("resources"))]
    for section in ("targets", "environments"):
        targets = doc.data.get(section)
        if isinstance(targets, dict):
            sections += [((section, name, "resources"), t.get("resources"))
                         for name, t in targets.items() if isinstance(t, dict)]
    for prefix, resources in sections:
        if not isinstance(resources, dict):
            continue
        for rtype in types:
            group = resources.get(rtype)
            if isinstance(group, dict):
                for key, value in group.items():
                    yield prefix + (rtype, key), rtype, str(key), value


def _volume_paths(config: LDict, values: dict) -> Iterator[Problem]:
    workspace = mapping(config.get("workspace"))
    if workspace is None:
        return
    resolved = {}
    for field in ("root_path", *NON_VOLUME_PATHS[1:], "artifact_path"):
        value = workspace.get(field)
        if isinstance(value, str):
            text = resolve_variables(value, values)
            if text is not None and "${workspace.root_path}" in text and isinstance(resolved.get("root_path"), str):
                text = text.replace("${workspace.root_path}", resolved["root_path"])
            resolved[field] = text
    for field in NON_VOLUME_PATHS:
        text = resolved.get(field)
        if isinstance(text, str) and text.startswith("/Volumes/"):
            where = workspace.key_at(field)
            yield Problem(where[0].rel, line(where), VOLUME_RULE,
                          f"workspace.{field} {text} is in /Volumes: only workspace.artifact_path may be "
                          "a Unity Catalog volume path")
            if field == "root_path":
                return
    artifact = resolved.get("artifact_path")
    if isinstance(artifact, str) and artifact.startswith("/Volumes/") and "${" not in artifact:
        parts = artifact.split("/")
        if len(parts) < 5 or not all(parts[2:5]):
            where = workspace.key_at("artifact_path")
            yield Problem(where[0].rel, line(where), VOLUME_RULE,
                          f"workspace.artifact_path {artifact} is no volume path: write "
                          "/Volumes/<catalog>/<schema>/<volume>/...")
