"""`${...}` references: to declared variables, to defined resources, and to fields that exist.

The reference syntax is the CLI's (libs/dyn/dynvar): `${a.b[0].c}`, each key a letter followed
by letters, digits, `-` or `_`; `$${...}` is an escaped, literal `${...}`.  Databricks' dynamic
value references (`{{job.id}}`, `{{tasks.x.values.y}}`) are resolved at run time by the Jobs
service, not by the CLI, and are not `${}` references at all.

The CLI resolves `${bundle.*}`, `${workspace.*}` and `${var.*}` against the configuration
normalized with every field of its Go types (bundle/config/mutator/resolve_variable_references.go),
so a field of those types resolves even when unset, and any other key fails ("reference does not
exist: ${...}", libs/dyn/dynvar/resolve.go; a key on a plain variable's value fails with
"expected a map to index ...", libs/dyn/visit.go).  Checked offline where the fields are known
for certain: `bundle.*` (and `bundle.git.*`), `workspace.*` (and `workspace.current_user.*`, the
SCIM user of the Go SDK plus short_name and domain_friendly_name), and a key or index on a
variable that is not `type: complex`.  Complex variables are not checked (their value may come
from a target or an overrides file).

`${resources.<type>.<key>.<field>}` references to fields present in the configuration are
resolved by the CLI; the others are left to the deploy, which resolves them against the
deployed resource (the direct engine) or the Terraform resource.  A field none of those has
fails only then: checked for jobs, whose fields are known (settings, the CLI's id, url and
modified_status, the Jobs API's job, and the Terraform databricks_job attributes).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from .problem import Problem
from .semantics_bundle import Bundle, walk_strings

VARIABLE_RULE = "undeclared-variable"
RESOURCE_RULE = "unknown-resource-ref"
FIELD_RULE = "unknown-reference"

# Fields a reference may read, per prefix.  The schema's properties (CLI v1.13.0) plus the fields
# its Go types carry that the schema leaves out (readonly and internal ones); `reference_fields`
# adds the properties of the schema at hand.
BUNDLE_FIELDS = frozenset({
    "cluster_id", "compute_id", "databricks_cli_version", "deployment", "engine", "git", "name", "uuid",
    # bundle/config/bundle.go: readonly (and, for lock, older CLIs)
    "target", "environment", "terraform", "force", "mode", "lock",
})
GIT_FIELDS = frozenset({"branch", "origin_url", "commit", "actual_branch", "inferred", "bundle_root_path"})
WORKSPACE_FIELDS = frozenset({
    "account_id", "artifact_path", "auth_type", "azure_client_id", "azure_environment",
    "azure_login_app_id", "azure_tenant_id", "azure_use_msi", "azure_workspace_resource_id",
    "client_id", "experimental_is_unified_host", "file_path", "google_service_account", "host",
    "profile", "resource_path", "root_path", "state_path", "workspace_id",
    # bundle/config/workspace.go: readonly and internal
    "current_user", "metadata_service_url", "snapshot_path",
})
# workspace.current_user: config.User, i.e. the Go SDK's iam.User (SCIM names) and two of its own.
USER_FIELDS = frozenset({
    "short_name", "domain_friendly_name", "active", "displayName", "emails", "entitlements",
    "externalId", "groups", "id", "name", "roles", "schemas", "userName",
})
JOB_FIELDS = frozenset({
    # the schema's resources.Job
    "budget_policy_id", "continuous", "description", "email_notifications", "environments",
    "git_source", "health", "job_clusters", "lifecycle", "max_concurrent_runs", "name",
    "notification_settings", "parameters", "parent_path", "performance_target", "permissions",
    "queue", "run_as", "schedule", "tags", "tasks", "timeout_seconds", "trigger", "triggers",
    "usage_policy_id", "webhook_notifications",
    # jobs.JobSettings fields the schema leaves out, and the CLI's own
    "deployment", "edit_mode", "format", "id", "url", "modified_status",
    # the Jobs API's job, which the direct engine deploys
    "job_id", "created_time", "creator_user_name", "effective_budget_policy_id",
    "effective_usage_policy_id", "run_as_user_name", "settings", "trigger_state", "has_more",
    # the Terraform provider's databricks_job
    "always_running", "control_run_state", "existing_cluster_id", "max_retries",
    "min_retry_interval_millis", "retry_on_timeout", "dbt_task", "environment", "job_cluster",
    "library", "new_cluster", "notebook_task", "parameter", "pipeline_task", "python_wheel_task",
    "run_job_task", "spark_jar_task", "spark_python_task", "spark_submit_task", "task",
    "provider_config",
})
# Schema definitions whose properties extend each set (under $defs/github.com/databricks/cli/bundle).
_SCHEMA_DEFINITIONS = {
    "bundle": ("config.Bundle",),
    "git": ("config.Git",),
    "workspace": ("config.Workspace",),
    "jobs": ("config", "resources.Job"),
}
DEFAULT_FIELDS = {"bundle": BUNDLE_FIELDS, "git": GIT_FIELDS, "workspace": WORKSPACE_FIELDS,
                  "current_user": USER_FIELDS, "jobs": JOB_FIELDS}

_KEY = r"[^\W\d_]+(?:[-_]*[^\W_]+)*"
_SEGMENT = rf"{_KEY}(?:\[[0-9]+\])*"
# An even run of `$` before `${` escapes it; the lookbehind keeps the run whole.
REFERENCE = re.compile(rf"(?<!\$)((?:\$\$)*)\$\{{({_SEGMENT}(?:\.{_SEGMENT})*)\}}")


def references(text: str) -> Iterator[tuple[str, list[str]]]:
    """Each `${...}` reference in `text` and its keys, e.g. ("${var.x[0]}", ["var", "x"])."""
    if "${" not in text:
        return
    for match in REFERENCE.finditer(text):
        keys = [re.sub(r"(\[[0-9]+\])+$", "", seg) for seg in match.group(2).split(".")]
        yield "${" + match.group(2) + "}", keys


def variable_name(keys: list[str]) -> str | None:
    """The variable a reference reads: `${var.X...}` or `${variables.X...}`."""
    if len(keys) >= 2 and keys[0] in ("var", "variables"):
        return keys[1]
    return None


def check_references(bundle: Bundle, fields: dict[str, frozenset[str]] | None = None) -> Iterator[Problem]:
    fields = DEFAULT_FIELDS if fields is None else fields
    declared = bundle.declared_variables()
    plain = _plain_variables(bundle)
    defined = {(t, k) for _, _, t, k, _ in bundle.resource_definitions()}
    check_resources = not bundle.uses_python_resources()
    for doc in bundle.docs:
        for path, text in walk_strings(doc.data):
            for ref, keys in references(text):
                name = variable_name(keys)
                if name is not None and name not in declared:
                    yield Problem(doc.rel, doc.line(path), VARIABLE_RULE, _undeclared(ref, name))
                elif keys[0] == "resources" and check_resources and len(keys) >= 3:
                    if (keys[1], keys[2]) not in defined:
                        yield Problem(
                            doc.rel, doc.line(path), RESOURCE_RULE,
                            f"{ref} names {keys[1]} '{keys[2]}', which the bundle does not define",
                        )
                    elif keys[1] == "jobs" and len(keys) >= 4 and keys[3] not in fields["jobs"]:
                        yield Problem(doc.rel, doc.line(path), RESOURCE_RULE,
                                      f"{ref} reads field '{keys[3]}', which no job has"
                                      f"{_suggest(ref, keys, 3, fields['jobs'])}: bundle validate "
                                      "accepts it, but the deploy cannot resolve it")
                else:
                    message = _field_problem(ref, keys, name, plain, fields)
                    if message:
                        yield Problem(doc.rel, doc.line(path), FIELD_RULE, message)
    yield from _target_assignments(bundle, declared)


def _field_problem(ref: str, keys: list[str], name: str | None, plain: set[str],
                   fields: dict[str, frozenset[str]]) -> str | None:
    """Why a `${bundle.*}`, `${workspace.*}` or `${var.*}` reference cannot resolve, or None."""
    missing = None  # (index of the key that does not exist, the fields it could have been)
    if keys[0] == "bundle" and len(keys) >= 2:
        if keys[1] not in fields["bundle"]:
            missing = (1, fields["bundle"])
        elif keys[1] == "git" and len(keys) >= 3 and keys[2] not in fields["git"]:
            missing = (2, fields["git"])
    elif keys[0] == "workspace" and len(keys) >= 2:
        if keys[1] not in fields["workspace"]:
            missing = (1, fields["workspace"])
        elif keys[1] == "current_user" and len(keys) >= 3 and keys[2] not in fields["current_user"]:
            missing = (2, fields["current_user"])
    elif name is not None and name in plain:
        return _plain_variable_path(ref, keys, name)
    if missing is None:
        return None
    index, known = missing
    where = ".".join(keys[:index])
    return (f"{ref}: {where} has no field '{keys[index]}'{_suggest(ref, keys, index, known)}: bundle "
            f"validate fails (\"reference does not exist: {ref}\")")


def _plain_variable_path(ref: str, keys: list[str], name: str) -> str | None:
    """A key or index below a variable that is not complex: its value is a string, number or
    boolean, which has neither."""
    inner = ref[2:-1]
    segments = inner.split(".")
    if keys[0] == "var":
        below, value_path = segments[1:], ["variables", name, "value"]
    elif len(keys) >= 3 and keys[2] in ("value", "default"):
        below, value_path = segments[2:], ["variables", name, keys[2]]
    else:
        return None
    head = below[0]
    rest = below[1:]
    if "[" in head:  # an index right on the value
        kind, step = "a sequence", head[head.index("["):].split("]")[0] + "]"
        at = ".".join(value_path) + step
    elif rest:
        kind, step = "a map", rest[0].split("[")[0]
        at = ".".join([*value_path, step])
    else:
        return None
    what = f"field '{step}'" if kind == "a map" else f"item {step}"
    return (f"{ref} reads {what} of variable '{name}', which is not a complex variable (its value is "
            f"a plain string, number or boolean): bundle validate fails (\"expected {kind} to index "
            f"{at}\"); declare it with type: complex, or drop the {'field' if kind == 'a map' else 'index'}")


def _plain_variables(bundle: Bundle) -> set[str]:
    """Declared variables that are certainly not complex: no `type: complex` anywhere (at the
    root or in a target) and no mapping or sequence default."""
    specs: dict[str, list] = {}
    blocks = [variables for _, variables in bundle.sections("variables")]
    blocks += [block.get("variables") for blocks_ in bundle.targets().values() for _, _, block in blocks_]
    for variables in blocks:
        if isinstance(variables, dict):
            for name, spec in variables.items():
                specs.setdefault(str(name), []).append(spec)
    declared = bundle.declared_variables()
    plain = set()
    for name, found in specs.items():
        if name not in declared:
            continue
        if not any(_complex(spec) for spec in found):
            plain.add(name)
    return plain


_SPEC_KEYS = frozenset({"default", "lookup", "type", "description", "value"})


def _complex(spec) -> bool:
    """Whether a variable declaration (or a target's assignment) makes or may make it complex."""
    if isinstance(spec, list):
        return True  # a sequence value
    if not isinstance(spec, dict):
        return False  # a plain value, or an empty declaration
    if not set(map(str, spec)) <= _SPEC_KEYS:
        return True  # a mapping value assigned directly
    return spec.get("type") == "complex" or any(
        isinstance(spec.get(k), (dict, list)) for k in ("default", "value"))


def _levenshtein(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[len(b)]


def _suggest(ref: str, keys: list[str], index: int, known: frozenset[str]) -> str:
    """" (did you mean ${...}?)" with the closest known key, within the CLI's distance
    (libs/dyn/dynvar/suggest.go: at most min(3, max(1, len/2)) edits)."""
    key = keys[index]
    limit = min(3, max(1, len(key) // 2))
    best = min(sorted(known), key=lambda c: _levenshtein(key, c), default=None)
    if best is None or _levenshtein(key, best) > limit:
        return ""
    segments = ref[2:-1].split(".")
    segments[index] = best + segments[index][len(key):]
    return f" (did you mean ${{{'.'.join(segments)}}}?)"


def reference_fields(ctx) -> dict[str, frozenset[str]]:
    """The known fields, with the properties of the bundle schema at hand added."""
    source = ctx.options.schema_source() if ctx is not None else None
    if not source:
        return DEFAULT_FIELDS
    return ctx.cached(f"semantics_refs.fields:{source}", lambda: _schema_fields(source))


def _schema_fields(source: str) -> dict[str, frozenset[str]]:
    out = dict(DEFAULT_FIELDS)
    try:
        with open(source, encoding="utf-8") as f:
            definitions = json.load(f)["$defs"]["github.com"]["databricks"]["cli"]["bundle"]
    except (OSError, ValueError, KeyError, TypeError):
        return out  # the bundle-schema rule reports an unusable schema
    for prefix, path in _SCHEMA_DEFINITIONS.items():
        node = definitions
        for part in path:
            node = node.get(part, {}) if isinstance(node, dict) else {}
        for option in node.get("oneOf", [node]) if isinstance(node, dict) else ():
            properties = option.get("properties") if isinstance(option, dict) else None
            if isinstance(properties, dict):
                out[prefix] = out[prefix] | frozenset(properties)
    return out


def _undeclared(ref: str, name: str) -> str:
    message = f"{ref} reads variable '{name}', which no 'variables:' block declares"
    if "catalog" in name or "schema" in name:
        # mlops-stacks' defect: a catalog/schema variable used by a configuration that lacks it.
        message += " (a Unity Catalog name: declare it wherever a configuration uses it)"
    return message


def _target_assignments(bundle: Bundle, declared: set[str]) -> Iterator[Problem]:
    """A target may only assign declared variables ("variable X is not defined but is
    assigned a value")."""
    for target, blocks in bundle.targets().items():
        for doc, path, block in blocks:
            variables = block.get("variables")
            if not isinstance(variables, dict):
                continue
            for name in variables:
                if str(name) not in declared:
                    yield Problem(
                        doc.rel, doc.line(path + ("variables", name)), VARIABLE_RULE,
                        f"target '{target}' assigns variable '{name}', which no 'variables:' block declares",
                    )


def resolve_variables(text: str, values: dict[str, object], depth: int = 5) -> str | None:
    """`text` with `${var.X}` replaced by known string values; None when one stays unknown."""
    for _ in range(depth):
        unknown = False

        def sub(match: re.Match) -> str:
            nonlocal unknown
            keys = match.group(2).split(".")
            name = variable_name(keys)
            if name is None:
                return match.group(0)
            value = values.get(name)
            if not isinstance(value, (str, int, float)) or isinstance(value, bool):
                unknown = True
                return match.group(0)
            return match.group(1) + str(value)

        new = REFERENCE.sub(sub, text)
        if unknown:
            return None
        if new == text:
            return text
        text = new
    return text


def variable_values(bundle: Bundle, target: str | None) -> dict[str, object]:
    """Each variable's value for a target: the target's assignment, else its default."""
    values: dict[str, object] = {}
    for _, variables in bundle.sections("variables", loaded_only=True):
        if isinstance(variables, dict):
            for name, spec in variables.items():
                if isinstance(spec, dict) and "default" in spec:
                    values[str(name)] = spec["default"]
                elif not isinstance(spec, dict) and spec is not None:
                    values[str(name)] = spec  # shorthand `name: value`
    for _, _, block in bundle.targets().get(target, []) if target else []:
        variables = block.get("variables")
        if isinstance(variables, dict):
            for name, spec in variables.items():
                if isinstance(spec, dict):
                    if "default" in spec:
                        values[str(name)] = spec["default"]
                    elif "lookup" in spec:
                        values.pop(str(name), None)  # looked up in the workspace: unknown here
                else:
                    values[str(name)] = spec
    return values

