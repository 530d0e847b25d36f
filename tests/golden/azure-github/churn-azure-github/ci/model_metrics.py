"""Record the validation results of one version of the project's registered model.

Usage (from the project directory, with requirements-dev.txt installed):

    python ci/model_metrics.py --target prod --alias champion --out ci-results/champion.json
    python ci/model_metrics.py --target test --latest --out ci-results/candidate.json

--out defaults to ci-results/ALIAS.json with --alias (ci-results/champion.json, the file
ci/pr_comment.py reads) and to ci-results/latest-TARGET.json with --latest.

The model's full name (catalog.schema.model) comes from the bundle as the target resolves it
(`databricks bundle validate -t TARGET -o json`), unless --model gives it: the registered model
resource, whose name carries the target's prefix (the `test` target's presets make it
test_<model>, development mode dev_<user>_<model>) and whose schema_name, when it refers to the
bundle's schema resource (`${resources.schemas.project_schema.name}`, left unresolved by
validate), is looked up in that same output (the schema is prefixed too). Variables (catalog,
schema, model_name) only fill in what the bundle has no registered model resource for. The
version is the one that holds --alias, or with --latest the highest version. The validation job writes its results on the
version as tags (validation_status, validation_mode, validation_message, validation_run_id,
validation_baseline_version, validation_<metric>); they are written to --out:

    {"target": "prod", "model": "prod.my_schema.my_model", "alias": "champion", "version": "4",
     "aliases": ["champion"], "status": "passed", "mode": "enabled", "message": "...",
     "metrics": {"root_mean_squared_error": 3.1, ...}, "run_id": "...", "baseline_version": "3"}

When the model, the alias or any version does not exist yet, `version` is null and `note` says
why; that is not a failure. The registry is Unity Catalog (`databricks-uc`) unless
--registry-uri names another (a local `sqlite:///...` store, for instance). Databricks
authentication is the usual one (environment variables or a profile); when DATABRICKS_HOST is not
set, the host of the bundle target is used.

Exit status: 0 when the file was written (also when there is no such version yet); 1 when the
bundle or the registry could not be read (the file is still written, with `error`); 2 for bad
arguments.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

TAG_PREFIX = "validation_"
# Validation tags that are not metrics.
INFO_TAGS = {
    "status": "validation_status",
    "mode": "validation_mode",
    "message": "validation_message",
    "run_id": "validation_run_id",
    "baseline_version": "validation_baseline_version",
}
DEFAULT_REGISTRY = "databricks-uc"
SAFE_FILE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,100}$")
# Error codes of a registry that has no such model, version or alias.
NOT_FOUND_CODES = {"RESOURCE_DOES_NOT_EXIST", "NOT_FOUND", "INVALID_PARAMETER_VALUE"}


class ScriptError(Exception):
    """A problem with the input or the environment, explained for the person reading the CI log."""


# --- the bundle --------------------------------------------------------------------------------


def resolved_bundle(target: str, databricks: str = "databricks") -> dict:
    """The bundle configuration as `target` resolves it (`databricks bundle validate -o json`)."""
    command = [databricks, "bundle", "validate", "-t", target, "-o", "json"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, errors="replace")
    except OSError as err:
        raise ScriptError(
            f"cannot run {databricks!r}: {err.strerror or err}. Install the Databricks CLI or pass its "
            "path with --databricks."
        ) from err
    if done.returncode != 0:
        raise ScriptError(
            f"`{' '.join(command)}` failed (exit {done.returncode}):\n{(done.stderr or done.stdout).strip()}"
        )
    try:
        bundle = json.loads(done.stdout)
    except json.JSONDecodeError as err:
        raise ScriptError(
            f"`{' '.join(command)}` did not print JSON ({err}); its output began: {done.stdout[:200]!r}"
        ) from err
    if not isinstance(bundle, dict):
        raise ScriptError(f"`{' '.join(command)}` printed JSON that is not an object")
    return bundle


REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+|\[\d+\])*)\}")
MAX_DEPTH = 10
MODEL_FIELDS = ("catalog_name", "schema_name", "name")


def _lookup(bundle: dict, path: str, depth: int) -> str | None:
    """The resolved value of reference `path` (`var.x`, `resources.schemas.s.name`, ...), or None."""
    steps = re.findall(r"[^.\[\]]+|\[\d+\]", path)
    if steps and steps[0] == "var":
        if len(steps) != 2:
            return None
        return variable(bundle, steps[1], depth + 1)
    node: object = bundle
    for step in steps:
        if step.startswith("["):
            index = int(step[1:-1])
            node = node[index] if isinstance(node, list) and index < len(node) else None
        else:
            node = node.get(step) if isinstance(node, dict) else None
        if node is None:
            return None
    if isinstance(node, bool) or not isinstance(node, (str, int, float)):
        return None
    return resolve(bundle, str(node), depth + 1)


def resolve(bundle: dict, value: object, depth: int = 0) -> str | None:
    """`value` with every `${...}` reference replaced by what it names in the resolved bundle.

    `databricks bundle validate -o json` resolves variables, but leaves references to resources
    (`${resources.schemas.project_schema.name}`) as they are, although the resource itself is in
    the output with its final name (a target's presets prefix it: test_..., dev_<user>_...). They
    are looked up here in the same output: resources, bundle, workspace, and variables (`${var.x}`:
    the variable's value, else its default). None when `value` is not a non-empty string or a
    reference cannot be resolved.
    """
    if not isinstance(value, str) or not value or depth > MAX_DEPTH:
        return None
    unresolved = False

    def substitute(match: re.Match) -> str:
        nonlocal unresolved
        found = _lookup(bundle, match.group(1), depth)
        if found is None:
            unresolved = True
            return match.group(0)
        return found

    text = REFERENCE.sub(substitute, value)
    if unresolved or "${" in text:
        return None
    return text


def variable(bundle: dict, name: str, depth: int = 0) -> str | None:
    """The resolved value of bundle variable `name` (its value, else its default), or None."""
    entry = (bundle.get("variables") or {}).get(name)
    if not isinstance(entry, dict):
        return None
    for key in ("value", "default"):
        value = resolve(bundle, entry.get(key), depth)
        if value is not None:
            return value
    return None


def registered_model(bundle: dict) -> dict | None:
    """The project's registered model resource (key `model`, else the only one), or None."""
    models = (bundle.get("resources") or {}).get("registered_models") or {}
    if not isinstance(models, dict):
        return None
    model = models.get("model")
    if model is None and len(models) == 1:
        model = next(iter(models.values()))
    return model if isinstance(model, dict) else None


def model_full_name(bundle: dict) -> str:
    """catalog.schema.model of the project's registered model in the resolved bundle.

    The registered model resource gives each part, its references resolved in the same output
    (its name carries the target's prefix; its schema_name may name the schema resource, whose
    name is prefixed too). Only a part the resource does not declare (or a bundle without the
    resource) falls back to the variables catalog, schema and model_name: a part that is declared
    but cannot be resolved is an error, never guessed (the guess would name another schema).
    """
    model = registered_model(bundle)
    names = ("catalog", "schema", "model_name")
    parts: list[str | None] = []
    for field, fallback in zip(MODEL_FIELDS, names, strict=True):
        declared = model.get(field) if model is not None else None
        if declared is None:
            parts.append(variable(bundle, fallback))
            continue
        value = resolve(bundle, declared)
        if value is None:
            raise ScriptError(
                f"cannot tell the model's full name from the bundle: resources.registered_models {field} is "
                f"{declared!r}, which does not resolve in `databricks bundle validate -o json`. "
                "Pass --model catalog.schema.model."
            )
        parts.append(value)
    if not all(parts):
        missing = [name for name, value in zip(names, parts, strict=True) if not value]
        raise ScriptError(
            "cannot tell the model's full name from the bundle: no resolved value for "
            f"{', '.join(missing)} (resources.registered_models.model or variables). Pass --model catalog.schema.model."
        )
    return ".".join(parts)  # type: ignore[arg-type]


def use_bundle_host(bundle: dict) -> None:
    """Point Databricks authentication at the target's workspace when nothing else chose one."""
    host = resolve(bundle, (bundle.get("workspace") or {}).get("host"))
    if host and not os.environ.get("DATABRICKS_HOST") and not os.environ.get("DATABRICKS_CONFIG_PROFILE"):
        os.environ["DATABRICKS_HOST"] = host


# --- the registry ------------------------------------------------------------------------------


def _not_found(err: Exception) -> bool:
    return getattr(err, "error_code", None) in NOT_FOUND_CODES


def latest_version(client, model: str):
    """The model version with the highest number, or None when the model has none."""
    best, token = None, None
    while True:
        page = client.search_model_versions(f"name='{model}'", max_results=200, page_token=token)
        for version in page:
            if best is None or int(version.version) > int(best.version):
                best = version
        token = getattr(page, "token", None)
        if not token:
            return best


def version_record(version) -> dict:
    """The validation results recorded on `version` (a ModelVersion)."""
    tags = dict(version.tags or {})
    metrics = {}
    for key, value in sorted(tags.items()):
        if not key.startswith(TAG_PREFIX) or key in INFO_TAGS.values():
            continue
        try:
            metrics[key[len(TAG_PREFIX):]] = float(value)
        except (TypeError, ValueError):
            continue
    record = {
        "version": str(version.version),
        "aliases": sorted(getattr(version, "aliases", None) or []),
        **{field: tags.get(tag) for field, tag in INFO_TAGS.items()},
        "metrics": metrics,
    }
    return record


def describe(model: str, alias: str | None = None, registry_uri: str | None = None) -> dict:
    """The record of the version of `model` that holds `alias` (the highest version if None).

    {"model", "alias", "version", "aliases", "status", "mode", "message", "metrics", "run_id",
    "baseline_version"}; `version` is None (and `note` says why) when there is no such version.
    Registry errors other than "does not exist" are raised (MlflowException).
    """
    from mlflow.exceptions import MlflowException
    from mlflow.tracking import MlflowClient

    registry = registry_uri or DEFAULT_REGISTRY
    # The tracking store is not used; named explicitly, so that no default store is created here.
    tracking = registry.replace("databricks-uc", "databricks", 1) if registry.startswith("databricks-uc") else registry
    client = MlflowClient(tracking_uri=tracking, registry_uri=registry)
    base = {"model": model, "alias": alias}
    empty = {field: None for field in INFO_TAGS} | {"version": None, "aliases": [], "metrics": {}}
    try:
        if alias:
            version = client.get_model_version_by_alias(model, alias)
        else:
            version = latest_version(client, model)
    except MlflowException as err:
        if not _not_found(err):
            raise
        what = f"alias {alias!r} of model {model}" if alias else f"model {model}"
        detail = " ".join(str(getattr(err, "message", err)).split())[:300]
        return base | empty | {"note": f"no {what} yet ({err.error_code}: {detail})"}
    if version is None:
        return base | empty | {"note": f"model {model} has no versions yet"}
    return base | version_record(version)


# --- command line ------------------------------------------------------------------------------


def write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="model_metrics.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--target", required=True, help="bundle target whose model to read (prod, test, ...)")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--alias", help="read the version that holds this alias (e.g. champion)")
    which.add_argument("--latest", action="store_true", help="read the highest version")
    parser.add_argument(
        "--out", type=Path,
        help="JSON file to write the record to (default: ci-results/ALIAS.json with --alias, "
             "ci-results/latest-TARGET.json with --latest)",
    )
    parser.add_argument("--registry-uri", help=f"MLflow model registry (default: {DEFAULT_REGISTRY})")
    parser.add_argument("--model", help="full model name catalog.schema.model (default: from the bundle)")
    parser.add_argument("--databricks", default="databricks", help="Databricks CLI executable (default: databricks)")
    args = parser.parse_args(argv)
    if args.alias is not None and not args.alias.strip():
        parser.error("--alias must not be empty")
    if args.out is None:
        name = args.alias if args.alias is not None else f"latest-{args.target}"
        if not SAFE_FILE_NAME.match(name):
            parser.error(f"pass --out: {name!r} does not make a file name for the default ci-results/<name>.json")
        args.out = Path("ci-results") / f"{name}.json"

    record: dict = {"target": args.target, "model": args.model, "alias": args.alias, "version": None}
    status = 0
    try:
        needs_host = (args.registry_uri or DEFAULT_REGISTRY).startswith("databricks") and not os.environ.get(
            "DATABRICKS_HOST"
        )
        if args.model is None or needs_host:
            bundle = resolved_bundle(args.target, args.databricks)
            use_bundle_host(bundle)
            if args.model is None:
                record["model"] = model_full_name(bundle)
        record.update(describe(record["model"], args.alias, args.registry_uri))
    except ScriptError as err:
        record["error"] = str(err)
        status = 1
    except Exception as err:  # the registry: authentication, permissions, network
        record["error"] = f"reading the model registry failed: {type(err).__name__}: {err}"
        status = 1
    record["target"] = args.target
    try:
        write_json(args.out, record)
    except OSError as err:
        print(f"error: cannot write {args.out}: {err.strerror or err}", file=sys.stderr)
        return 1

    which_version = f"alias {args.alias!r}" if args.alias else "latest version"
    if status:
        print(f"model_metrics: error: {record['error']}", file=sys.stderr)
    elif record["version"] is None:
        print(f"model_metrics: {record['model']}, {which_version}: none ({record.get('note')}). Record: {args.out}")
    else:
        metrics = ", ".join(f"{name} {value:.6g}" for name, value in record["metrics"].items()) or "no metrics"
        print(
            f"model_metrics: {record['model']} version {record['version']} ({which_version}): validation "
            f"{record['status'] or 'not recorded'}; {metrics}. Record: {args.out}"
        )
    return status


if __name__ == "__main__":
    sys.exit(main())
