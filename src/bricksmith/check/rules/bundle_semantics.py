"""Bundle semantics: what `bundle validate` refuses (or silently ignores) that the bundle schema
cannot see, checked offline.

The files of a bundle are databricks.yml, the files its `include:` globs match and any
resources/*.yml not yet included (semantics_bundle).  Each concern has its helper module:
keys and names (semantics_keys), `${...}` references (semantics_refs), local paths
(semantics_paths) and target modes (semantics_modes).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..problem import Problem, Rule
from ..semantics_bundle import included_elsewhere_problems, load_bundles
from ..semantics_keys import (
    check_job_names,
    check_resource_keys,
    check_root_keys,
    known_root_keys,
)
from ..semantics_modes import check_modes
from ..semantics_paths import check_paths
from ..semantics_refs import check_references

FAMILY = "bundle"

RULES = (
    Rule(
        "unknown-root-key", FAMILY,
        "Every root key of a bundle file is a bundle setting (the bundle schema's root properties) "
        "or a block that defines YAML anchors; the CLI ignores any other key with a warning.",
        "databricks.yml:9: unknown-root-key: unknown root key 'variable' (did you mean 'variables'?): "
        "the CLI ignores it (\"unknown field: variable\")",
        "Correct the spelling, or move the block under the setting it belongs to. A block kept only "
        "for YAML anchors must define one: `x-defaults: &defaults ...`.",
    ),
    Rule(
        "include-unmatched", FAMILY,
        "Every `include:` entry of databricks.yml is a relative glob that matches at least one YAML "
        "or JSON file (Go glob rules: `*` stops at `/`, `**` is no recursive wildcard); `include:` "
        "in an included file is ignored by the CLI and reported.",
        "databricks.yml:7: include-unmatched: include 'resource/*.yml' matches no file",
        "Correct the glob (for files in subfolders write `resources/*/*.yml`), or remove the entry. "
        "Keep all `include:` entries in databricks.yml.",
    ),
    Rule(
        "undeclared-variable", FAMILY,
        "Every `${var.X}` (or `${variables.X...}`) reads a variable that a root `variables:` block "
        "declares, and targets only assign declared variables. This includes the catalog and schema "
        "variables a configuration uses: mlops-stacks referenced `${var.catalog_name}` in "
        "configurations that did not declare it, and `bundle validate` failed.",
        "resources/training-job.yml:10: undeclared-variable: ${var.catalog} reads variable "
        "'catalog', which no 'variables:' block declares (a Unity Catalog name: declare it "
        "wherever a configuration uses it)",
        "Declare the variable under the root `variables:` (with a `description` and, if it has "
        "one, a `default`), or correct the reference to a declared variable.",
    ),
    Rule(
        "unknown-resource-ref", FAMILY,
        "Every `${resources.<type>.<key>...}` names a resource defined in the bundle (in any of its "
        "files, target overrides included). Not checked when resources are also defined in Python.",
        "resources/training-job.yml:12: unknown-resource-ref: ${resources.registered_models.modle.name} "
        "names registered_models 'modle', which the bundle does not define",
        "Correct the resource type or key (the key under `resources.<type>:`, not the resource's "
        "`name`), or define the resource.",
    ),
    Rule(
        "missing-path", FAMILY,
        "Every local notebook, file or directory a resource references (task notebook_path, "
        "python_file, sql file, dbt project, requirements files; pipeline libraries and root_path; "
        "app source; dashboard and alert files) exists relative to the YAML file that writes it, "
        "inside the bundle root, with its extension for notebooks, as the CLI's path translation "
        "requires.",
        "resources/training-job.yml:8: missing-path: notebook '../src/train' not found: the CLI "
        "needs the extension, did you mean '../src/train.py'?",
        "Write the path relative to the YAML file that contains it, with the file's extension, and "
        "keep the file inside the bundle (or list its folder in `sync.paths`).",
    ),
    Rule(
        "wrong-path-kind", FAMILY,
        "A path is of the kind its field needs: notebook fields point at notebooks (a `.py` with "
        "the `# Databricks notebook source` header, or `.ipynb`), file fields at plain files, "
        "directory fields at directories.",
        "resources/training-job.yml:18: wrong-path-kind: spark_python_task.python_file "
        "'../src/train.py' is a notebook, but this field runs a plain file",
        "Point the field at the right file, or use the matching task type: a notebook runs in a "
        "`notebook_task`, a plain script in a `spark_python_task`.",
    ),
    Rule(
        "duplicate-resource-key", FAMILY,
        "A resource key is defined once across all resource types, scripts and files (target "
        "overrides aside); `bundle validate` fails otherwise.",
        "resources/ml-artifacts.yml:10: duplicate-resource-key: key 'model' "
        "(resources.experiments.model) is already defined at resources/ml-artifacts.yml:3 "
        "(resources.registered_models.model): resource keys must be unique across types and files",
        "Rename one of the keys, and the `${resources...}` references to it.",
    ),
    Rule(
        "duplicate-job-name", FAMILY,
        "Job names are unique in the bundle, in every target (overrides applied), so that each job "
        "can be found by name in the workspace; every job of a clash is reported.",
        "resources/evaluation-job.yml:4: duplicate-job-name: job 'evaluation_job' has the same "
        "name 'clean-project-training' as job 'training_job' (resources/training-job.yml:4)",
        "Give each job its own `name`.",
    ),
    Rule(
        "target-mode", FAMILY,
        "A target's `mode` is `development` or `production`.",
        "databricks.yml:19: target-mode: target 'dev' has mode 'dev': must be either 'development' "
        "or 'production'",
        "Use `mode: development` for personal copies, `mode: production` for shared deployments, "
        "or no mode at all.",
    ),
    Rule(
        "production-root-path", FAMILY,
        "A `mode: production` target sets its own `workspace.root_path`; without it `bundle "
        "validate` fails unless every job sets `run_as` or a service principal deploys.",
        "databricks.yml:37: production-root-path: target 'prod' has mode: production but no "
        "workspace.root_path of its own: bundle validate fails (\"must set 'workspace.root_path' "
        "to make sure only one copy is deployed\") unless every job sets run_as or a service "
        "principal deploys",
        "Set `workspace.root_path` in the target, e.g. "
        "`/Workspace/Shared/.bundle/${bundle.name}/${bundle.target}` or the deploying principal's "
        "home folder.",
    ),
    Rule(
        "production-development-pipeline", FAMILY,
        "A `mode: production` target deploys no pipeline in development mode (`development: true` "
        "or `presets.pipelines_development: true`); `bundle validate` refuses it.",
        "resources/etl.yml:5: production-development-pipeline: pipeline 'etl' sets development: "
        "true, which target 'prod' (mode: production) refuses",
        "Set `development: true` only in development targets' overrides (mode: development "
        "already turns it on).",
    ),
    Rule(
        "development-user-scope", FAMILY,
        "A `mode: development` target keeps each developer apart, as `bundle validate` demands: its "
        "workspace paths start with `~/` or contain the user's name, its `presets.name_prefix` "
        "contains `${workspace.current_user.short_name}` (or userName), and it does not set "
        "`presets.trigger_pause_status: UNPAUSED`.",
        "databricks.yml:23: development-user-scope: target 'dev' (mode: development): "
        "workspace.root_path must start with '~/' or contain ${workspace.current_user.userName} "
        "or short_name, so that each developer deploys their own copy",
        "Use `/Workspace/Users/${workspace.current_user.userName}/.bundle/${bundle.name}/${bundle.target}` "
        "(or leave root_path unset), a prefix such as `[dev ${workspace.current_user.short_name}] `, "
        "and leave triggers paused in development.",
    ),
)


def check(project, ctx) -> Iterable[Problem]:
    known = known_root_keys(ctx)
    for bundle in load_bundles(project):
        if bundle.docs[0].yaml.error:
            continue  # an unreadable databricks.yml is reported by the bundle-yaml-syntax rule
        yield from bundle.include_problems
        yield from included_elsewhere_problems(bundle)
        yield from check_root_keys(project, bundle, known)
        yield from check_references(bundle)
        yield from check_paths(project, bundle)
        yield from check_resource_keys(bundle)
        yield from check_job_names(bundle)
        yield from check_modes(bundle)
