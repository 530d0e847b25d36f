"""Resource settings the bundle schema cannot express but `bundle validate` (or the API behind the
deploy) refuses, checked on every target's merged configuration:

- values the APIs need although the schema leaves them optional or accepts them empty: a
  dashboard's display_name and warehouse_id, a SQL warehouse's name, a grant's principal and
  privileges (bundle/config/validate/required.go); Unity Catalog names that are empty, blank or
  hold control characters (invalid_identifiers.go); pipeline libraries without a path
  (pipeline_libraries.go);
- resource keys are plain names, never `${...}` (no_variable_reference_in_resource_key.go);
- an app has exactly one of source_code_path and git_source, no two apps share their source, and
  apps do not lose the permissions they need on bundle resources (bundle/apps/validate.go);
- a Unity Catalog pipeline has exactly one of schema and target, and schemas the bundle defines
  are referenced as `${resources.schemas...}` (schema_references.go);
- a serving endpoint's telemetry_config has something to apply it to
  (validate_serving_telemetry_config.go);
- a vector search index has the spec its index_type needs (vector_search_index_spec.go);
- no `${...}` reads a secret's value (no_reference_to_sensitive_fields.go).
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Iterator

from .problem import WARNING, Problem
from .semantics_bundle import Bundle, walk_strings
from .semantics_effective import LDict, line, mapping, per_target, resources, sequence
from .semantics_refs import references, resolve_variables, variable_values

REQUIRED_RULE = "required-value"
KEY_RULE = "resource-key-interpolation"
APP_RULE = "app-source"
PIPELINE_SCHEMA_RULE = "pipeline-schema"
TELEMETRY_RULE = "serving-telemetry-config"
VECTOR_INDEX_RULE = "vector-search-index-spec"
SENSITIVE_RULE = "sensitive-reference"

# (resource type, singular, field, required): Unity Catalog names checked for emptiness, blanks
# and control characters.  Required fields the schema already requires are only reported when
# written empty (a missing one is bundle-schema's); registered_models.name is not in the schema's
# required list, so a missing one is reported here.
IDENTIFIERS = (
    ("models", "model", "name", True),
    ("catalogs", "catalog", "name", True),
    ("schemas", "schema", "name", True),
    ("schemas", "schema", "catalog_name", False),
    ("volumes", "volume", "name", True),
    ("volumes", "volume", "catalog_name", False),
    ("volumes", "volume", "schema_name", False),
    ("external_locations", "external_location", "name", True),
    ("registered_models", "registered_model", "name", True),
    ("registered_models", "registered_model", "catalog_name", False),
    ("registered_models", "registered_model", "schema_name", False),
    ("model_serving_endpoints", "model_serving_endpoint", "name", True),
)
MISSING_REPORTED = {("registered_models", "name")}
TELEMETRY_TABLES = ("logs_table", "traces_table", "metrics_table", "annotations_table")
APP_RESOURCE_REF = re.compile(r"\$\{resources\.(\w+)\.([^.]+)\.\w+\}")
# An app resource's kind -> the field that may reference a bundle resource.
APP_RESOURCE_FIELDS = {
    "job": "id", "sql_warehouse": "id", "serving_endpoint": "name", "experiment": "experiment_id",
    "uc_securable": "securable_full_name",
}


def check_resources(bundle: Bundle) -> Iterator[Problem]:
    yield from _resource_keys(bundle)
    yield from _sensitive_references(bundle)
    for target, config in per_target(bundle):
        values = variable_values(bundle, target)
        yield from _required(config)
        yield from _identifiers(config)
        yield from _pipeline_libraries(config)
        yield from _apps(config)
        yield from _pipeline_schemas(config, values)
        yield from _telemetry(config)
        yield from _vector_indexes(config)


def _problem(where, rule: str, message: str, severity: str | None = None) -> Problem:
    return Problem(where[0].rel, line(where), rule, message, severity=severity)


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _missing_text(holder: LDict, field: str) -> bool:
    return _text(holder.get(field)) == "" and not isinstance(holder.get(field), (int, float))


# --- required values ---------------------------------------------------------------------------


def _required(config: LDict) -> Iterator[Problem]:
    for key, dashboard in resources(config, "dashboards"):
        for field in ("display_name", "warehouse_id"):
            if _missing_text(dashboard, field):
                yield _problem(dashboard.key_at(field), REQUIRED_RULE,
                               f"dashboard '{key}' has no {field}: the deploy needs one")
    for key, warehouse in resources(config, "sql_warehouses"):
        if not _text(warehouse.get("name")).strip():
            yield _problem(warehouse.key_at("name"), REQUIRED_RULE,
                           f"sql_warehouse '{key}' has no name (or a blank one): the API refuses it")
    section = mapping(config.get("resources"))
    for rtype, group in (section or {}).items():
        if not isinstance(group, dict):
            continue
        for key, resource in group.items():
            grants = resource.get("grants") if isinstance(resource, dict) else None
            for i, grant in enumerate(sequence(grants)):
                if not isinstance(grant, LDict):
                    continue
                if _missing_text(grant, "principal"):
                    yield _problem(grants.key_at(i), REQUIRED_RULE,
                                   f"{rtype}.{key}.grants[{i}] names no principal: the grant is refused")
                privileges = grant.get("privileges")
                if privileges is None or (isinstance(privileges, list) and not privileges):
                    yield _problem(grants.key_at(i), REQUIRED_RULE,
                                   f"{rtype}.{key}.grants[{i}] lists no privileges: the grant never "
                                   "takes effect, so every deploy tries to create it again")


def _identifiers(config: LDict) -> Iterator[Problem]:
    for rtype, singular, field, required in IDENTIFIERS:
        for key, resource in resources(config, rtype):
            value = resource.get(field)
            if value is None and field not in resource:
                if required and (rtype, field) in MISSING_REPORTED:
                    yield _problem(resource.at, REQUIRED_RULE, f"{singular} '{key}' has no {field}")
                continue
            if not isinstance(value, str):
                continue
            reason = None
            if value == "":
                reason = "is empty" if required else None
            elif any(unicodedata.category(c) == "Cc" for c in value):
                reason = "contains control characters"
            elif not value.strip():
                reason = "is blank"
            if reason:
                yield _problem(resource.key_at(field), REQUIRED_RULE, f"{singular} '{key}' {field} {reason}")


def _pipeline_libraries(config: LDict) -> Iterator[Problem]:
    for key, pipeline in resources(config, "pipelines"):
        libraries = sequence(pipeline.get("libraries"))
        for i, library in enumerate(libraries):
            if not isinstance(library, LDict):
                continue
            for kind, field in (("file", "path"), ("notebook", "path"), ("glob", "include")):
                spec = library.get(kind)
                if kind in library and spec is not None and not _text(
                        spec.get(field) if isinstance(spec, dict) else None).strip():
                    yield _problem(library.key_at(kind), REQUIRED_RULE,
                                   f"pipeline '{key}' libraries[{i}].{kind} has no {field}")


# --- resource keys and references ---------------------------------------------------------------


def _resource_keys(bundle: Bundle) -> Iterator[Problem]:
    for doc, path, rtype, key, _ in bundle.resource_definitions():
        found = next(references(key), None)
        if found is not None:
            yield Problem(doc.rel, doc.line(path), KEY_RULE,
                          f"resource key '{key}' (resources.{rtype}) uses {found[0]}: resource keys "
                          "identify resources across deployments and must be plain names")


def _sensitive_references(bundle: Bundle) -> Iterator[Problem]:
    for doc in bundle.docs:
        for path, text in walk_strings(doc.data):
            for ref, keys in references(text):
                if len(keys) >= 4 and keys[0] == "resources" and keys[1] == "secrets" and keys[3] == "value":
                    yield Problem(doc.rel, doc.line(path), SENSITIVE_RULE,
                                  f"{ref} reads a secret's value: sensitive fields cannot be "
                                  "interpolated (they would show in validate output and logs)")


# --- apps ---------------------------------------------------------------------------------------


def _apps(config: LDict) -> Iterator[Problem]:
    used: dict[str, str] = {}
    for key, app in resources(config, "apps"):
        source, git = app.get("source_code_path"), app.get("git_source")
        if not _text(source) and git is None:
            yield _problem(app.at, APP_RULE, f"app '{key}' has neither source_code_path nor git_source")
            continue
        if _text(source) and git is not None:
            yield _problem(app.at, APP_RULE, f"app '{key}' sets both source_code_path and git_source: "
                                             "keep one")
            continue
        if _text(source):
            doc, _ = app.key_at("source_code_path")
            local = _text(source) if "${" in source or source.startswith("/") else posixpath.normpath(
                posixpath.join(posixpath.dirname(doc.rel), source))
            if local in used:
                yield _problem(app.key_at("source_code_path"), APP_RULE,
                               f"app '{key}' has the same source code path as app '{used[local]}': each "
                               "deploy would overwrite the other's configuration")
            used.setdefault(local, key)
        yield from _app_permissions(config, key, app)


def _app_permissions(config: LDict, app_key: str, app: LDict) -> Iterator[Problem]:
    for entry in sequence(app.get("resources")):
        if not isinstance(entry, dict):
            continue
        for kind, field in APP_RESOURCE_FIELDS.items():
            spec = entry.get(kind)
            if not isinstance(spec, dict):
                continue
            found = APP_RESOURCE_REF.search(_text(spec.get(field)))
            if not found:
                continue
            rtype, rkey = found.groups()
            target = dict(resources(config, rtype)).get(rkey)
            permissions = target.get("permissions") if target is not None else None
            if not isinstance(permissions, list) or not permissions:
                continue
            principal = f"${{resources.apps.{app_key}.service_principal_client_id}}"
            if any(isinstance(p, dict) and p.get("service_principal_name") == principal for p in permissions):
                continue
            yield _problem(app.at, APP_RULE,
                           f"app '{app_key}' uses {rtype} '{rkey}', whose permissions do not include the "
                           f"app's service principal: the next deploy removes the app's access; add "
                           f"service_principal_name: {principal} with level {_text(spec.get('permission'))} "
                           f"to {rtype}.{rkey}.permissions",
                           WARNING)


# --- pipelines and schemas ----------------------------------------------------------------------


def _bundle_schema(config: LDict, catalog: str, name: str) -> str | None:
    for key, schema in resources(config, "schemas"):
        if _text(schema.get("catalog_name")) == catalog and _text(schema.get("name")) == name:
            return key
    return None


def _pipeline_schemas(config: LDict, values: dict) -> Iterator[Problem]:
    def resolved(value) -> str:
        text = resolve_variables(value, values) if isinstance(value, str) else None
        return text or ""

    for key, pipeline in resources(config, "pipelines"):
        catalog = resolved(pipeline.get("catalog"))
        if not catalog:
            continue  # Hive metastore pipeline
        schema, target = resolved(pipeline.get("schema")), resolved(pipeline.get("target"))
        if not schema and not target:
            yield _problem(pipeline.at, PIPELINE_SCHEMA_RULE,
                           f"Unity Catalog pipeline '{key}' sets neither schema nor target: it needs the "
                           "schema to publish to")
            continue
        if schema and target:
            yield _problem(pipeline.key_at("target"), PIPELINE_SCHEMA_RULE,
                           f"Unity Catalog pipeline '{key}' sets both schema and target: keep schema")
            continue
        field = "schema" if schema else "target"
        match = _bundle_schema(config, catalog, schema or target)
        if match is not None:
            yield _problem(pipeline.key_at(field), PIPELINE_SCHEMA_RULE,
                           f"pipeline '{key}' names schema '{schema or target}' directly: write "
                           f"${{resources.schemas.{match}.name}} so the schema is deployed first",
                           WARNING)
    for key, volume in resources(config, "volumes"):
        catalog, schema = resolved(volume.get("catalog_name")), resolved(volume.get("schema_name"))
        match = _bundle_schema(config, catalog, schema) if catalog and schema else None
        if match is not None:
            yield _problem(volume.key_at("schema_name"), PIPELINE_SCHEMA_RULE,
                           f"volume '{key}' names schema '{schema}' directly: write "
                           f"${{resources.schemas.{match}.name}} so the schema is deployed first",
                           WARNING)


# --- serving endpoints and vector search ---------------------------------------------------------


def _telemetry(config: LDict) -> Iterator[Problem]:
    for key, endpoint in resources(config, "model_serving_endpoints"):
        telemetry = mapping(endpoint.get("telemetry_config"))
        if telemetry is None:
            continue
        where = endpoint.key_at("telemetry_config")
        served = mapping(endpoint.get("config"))
        entities = list(sequence(served.get("served_entities"))) if served else []
        models = list(sequence(served.get("served_models"))) if served else []
        serves_model = any(
            isinstance(e, dict) and e.get("external_model") is None and _text(e.get("entity_name"))
            for e in entities
        ) or any(isinstance(m, dict) and _text(m.get("model_name")) for m in models)
        if not serves_model:
            yield _problem(where, TELEMETRY_RULE,
                           f"serving endpoint '{key}' has telemetry_config but serves no registered model "
                           "(only those support telemetry): add a served entity with entity_name, or "
                           "remove telemetry_config")
        tables = mapping(telemetry.get("table_names"))
        named = _text(telemetry.get("telemetry_profile_id")) or (
            tables is not None and any(_text(tables.get(t)) for t in TELEMETRY_TABLES))
        if not named:
            yield _problem(where, TELEMETRY_RULE,
                           f"serving endpoint '{key}' telemetry_config names no table in table_names and "
                           "no telemetry_profile_id: the API silently discards it")


def _vector_indexes(config: LDict) -> Iterator[Problem]:
    specs = {"DELTA_SYNC": "delta_sync_index_spec", "DIRECT_ACCESS": "direct_access_index_spec"}
    for key, index in resources(config, "vector_search_indexes"):
        kind = index.get("index_type")
        if kind not in specs:
            continue
        needed = specs[kind]
        other = specs["DIRECT_ACCESS" if kind == "DELTA_SYNC" else "DELTA_SYNC"]
        if index.get(needed) is None:
            yield _problem(index.key_at("index_type"), VECTOR_INDEX_RULE,
                           f"vector search index '{key}' has index_type {kind} but no {needed}")
        elif index.get(other) is not None:
            yield _problem(index.key_at(other), VECTOR_INDEX_RULE,
                           f"vector search index '{key}' has index_type {kind}: {other} is not allowed")
