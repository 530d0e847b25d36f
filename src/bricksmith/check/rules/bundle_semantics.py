"""Bundle semantics: what `bundle validate` refuses (or silently ignores) that the bundle schema
cannot see, checked offline.

The files of a bundle are databricks.yml, the files its `include:` globs match and any
resources/*.yml not yet included (semantics_bundle).  Each concern has its helper module:
keys and names (semantics_keys), `${...}` references (semantics_refs), local paths
(semantics_paths), target modes (semantics_modes), job compute (semantics_compute), task
settings and task references (semantics_tasks), enum fields the schema leaves open (semantics_enums), root settings
(semantics_settings), run_as (semantics_run_as), sync patterns (semantics_sync) and resource
settings (semantics_resources), target selection and the bundle name (semantics_targets).  Most of the later ones check each target's merged
configuration (semantics_effective), as `bundle validate` checks the target it deploys.

Each rule's `mirrors` names the Databricks CLI source (github.com/databricks/cli) whose check it
reproduces; "" marks a rule that goes beyond `bundle validate`.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..problem import ERROR, WARNING, Problem, Rule
from ..semantics_bundle import (
    included_elsewhere_problems,
    load_bundles,
    unreached_problems,
)
from ..semantics_compute import check_compute
from ..semantics_enums import check_enums
from ..semantics_keys import (
    check_file_formats,
    check_job_names,
    check_resource_keys,
    check_root_keys,
    known_root_keys,
)
from ..semantics_modes import check_modes
from ..semantics_paths import check_paths
from ..semantics_refs import check_references, reference_fields
from ..semantics_resources import check_resources
from ..semantics_run_as import check_run_as
from ..semantics_settings import check_settings
from ..semantics_sync import check_sync
from ..semantics_targets import check_targets
from ..semantics_tasks import check_tasks

FAMILY = "bundle"

RULES = (
    Rule(
        "unknown-root-key", FAMILY,
        "Every root key of a bundle file is a bundle setting (the bundle schema's root properties) "
        "or a block that defines YAML anchors; the CLI ignores any other key with a warning.",
        "databricks.yml:9: unknown-root-key: warning: unknown root key 'variable' (did you mean "
        "'variables'?): the CLI ignores it (\"unknown field: variable\")",
        "Correct the spelling, or move the block under the setting it belongs to. A block kept only "
        "for YAML anchors must define one: `x-defaults: &defaults ...`.",
        severity=WARNING, mirrors="libs/dyn/convert/normalize.go",
    ),
    Rule(
        "include-unmatched", FAMILY,
        "Every `include:` entry of databricks.yml is a relative path or glob that matches at least "
        "one YAML or JSON file (Go glob rules: `*` stops at `/`, `**` is no recursive wildcard). A "
        "plain path that names no file, an absolute path or a malformed glob fails `bundle "
        "validate` (errors). A glob that matches nothing yet is accepted, as the CLI accepts it; it "
        "is a warning only where it looks like a mistake: its folder does not exist, or files "
        "deeper than its `*` reaches, which no other entry includes, would match. A match the "
        "CLI cannot read (a dangling or looping symlink, a directory, a file it may not open) "
        "fails too (an error); a match the check skipped although the CLI reads it (over the size "
        "limit, a symlink leaving the checked directory) is a warning that it went unchecked. "
        "`include:` in an included file, which the CLI ignores, is a warning too.",
        "databricks.yml:8: include-unmatched: include 'resources/jobs.yml' matches no file (bundle "
        "validate fails: it names no glob)",
        "Correct the glob (for files in subfolders write `resources/*/*.yml`), or remove the entry. "
        "Keep all `include:` entries in databricks.yml.",
        severity=ERROR, mirrors="bundle/config/loader/process_root_includes.go, bundle/config/validate/includes_outside_root.go",
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
        severity=ERROR, mirrors="bundle/config/mutator/resolve_variable_references.go",
    ),
    Rule(
        "unknown-resource-ref", FAMILY,
        "Every `${resources.<type>.<key>...}` names a resource defined in the bundle (in any of its "
        "files, target overrides included), as `bundle validate` demands. Beyond the CLI, a job "
        "reference reads a field jobs have (their settings, id, url, or a field of the deployed "
        "job): validate accepts any field, but the deploy cannot resolve an unknown one. Other "
        "resource types' fields are not checked. Not checked when resources are also defined in "
        "Python.",
        "resources/training-job.yml:12: unknown-resource-ref: ${resources.registered_models.modle.name} "
        "names registered_models 'modle', which the bundle does not define",
        "Correct the resource type or key (the key under `resources.<type>:`, not the resource's "
        "`name`), or define the resource.",
        severity=ERROR, mirrors="bundle/config/validate/dangling_resource_references.go",
    ),
    Rule(
        "unknown-reference", FAMILY,
        "Every `${bundle.*}` and `${workspace.*}` reference names a field the CLI knows (the bundle "
        "schema's, plus the ones it sets itself such as bundle.target and "
        "workspace.current_user; the current user's are userName, short_name, displayName, id, "
        "...), and no reference reads a field or an index of a variable that is not `type: "
        "complex`. `bundle validate` fails on either. Complex variables' fields are not checked.",
        "databricks.yml:23: unknown-reference: ${workspace.current_user.user_name}: "
        "workspace.current_user has no field 'user_name' (did you mean "
        "${workspace.current_user.userName}?): bundle validate fails (\"reference does not exist: "
        "${workspace.current_user.user_name}\")",
        "Correct the field name (the message suggests the closest one); read a field of a variable "
        "only if it is declared with `type: complex`.",
        severity=ERROR,
        mirrors="bundle/config/mutator/resolve_variable_references.go, libs/dyn/dynvar/resolve.go",
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
        severity=ERROR, mirrors="bundle/config/mutator/translate_paths.go",
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
        severity=ERROR, mirrors="bundle/config/mutator/translate_paths.go",
    ),
    Rule(
        "pipeline-glob-unmatched", FAMILY,
        "Every pipeline library `glob: include:` entry (a notebook or file path, or a folder ending "
        "in `/**`, relative to the YAML file that writes it) matches a file of the bundle. Beyond "
        "the CLI, which passes the pattern on unchecked: the pipeline gets no source code from it. "
        "(A `notebook:` or `file:` library path with wildcards is expanded by the CLI, and checked "
        "match by match by missing-path and wrong-path-kind; one that matches nothing fails as a "
        "missing path.)",
        "resources/etl.yml:9: pipeline-glob-unmatched: warning: glob include "
        "'../src/transformation/**' matches no file: its folder src/transformation does not exist, "
        "so the pipeline gets no source code from it",
        "Correct the folder (relative to the YAML file, ending in `/**`) or the file path.",
        severity=WARNING, mirrors="",
    ),
    Rule(
        "duplicate-resource-key", FAMILY,
        "A resource key is defined once across all resource types, scripts and files (target "
        "overrides aside); `bundle validate` fails otherwise.",
        "resources/ml-artifacts.yml:10: duplicate-resource-key: key 'model' "
        "(resources.experiments.model) is already defined at resources/ml-artifacts.yml:3 "
        "(resources.registered_models.model): resource keys must be unique across types and files",
        "Rename one of the keys, and the `${resources...}` references to it.",
        severity=ERROR, mirrors="bundle/config/validate/unique_resource_keys.go",
    ),
    Rule(
        "duplicate-job-name", FAMILY,
        "Job names are unique in the bundle, in every target (overrides applied), so that each job "
        "can be told apart by name in the workspace; every job of a clash is reported. A warning: "
        "Databricks accepts two jobs with one name.",
        "resources/evaluation-job.yml:4: duplicate-job-name: warning: job 'evaluation_job' has the "
        "same name 'clean-project-training' as job 'training_job' (resources/training-job.yml:4)",
        "Give each job its own `name`.",
        severity=WARNING, mirrors="",
    ),
    Rule(
        "default-target", FAMILY,
        "At most one target is marked `default: true`. Every command run without `--target` "
        "(`bundle validate`, `bundle deploy`) then fails: the CLI will not choose between two "
        "defaults.",
        "databricks.yml:30: default-target: target 'staging' is marked default: true, as target "
        "'dev' is (databricks.yml:20): every command without --target fails (\"multiple targets are "
        "marked as default (dev, staging)\"); keep one default",
        "Remove `default: true` from all targets but the one developers deploy to by default.",
        severity=ERROR, mirrors="bundle/config/mutator/select_default_target.go",
    ),
    Rule(
        "bundle-name-missing", FAMILY,
        "The bundle has a name (`bundle: name:`, at the root or in every target's `bundle:` block). "
        "Without one, and without a `workspace.root_path`, the CLI cannot build the default root "
        "path `~/.bundle/<name>/<target>` and every command fails (an error; an empty databricks.yml "
        "fails so too); with a root_path it only warns that the required field is not set (a "
        "warning).",
        "databricks.yml:1: bundle-name-missing: the bundle has no bundle.name: bundle validate fails "
        "(\"unable to define default workspace root: bundle name not defined\"); name the bundle "
        "under `bundle: name:`",
        "Add `bundle:` with `name: <project name>` to databricks.yml (a fixed name, without ${...}).",
        severity=ERROR,
        mirrors="bundle/config/mutator/default_workspace_root.go, bundle/config/validate/required.go",
    ),
    Rule(
        "target-mode", FAMILY,
        "A target's `mode` is `development` or `production`.",
        "databricks.yml:19: target-mode: target 'dev' has mode 'dev': must be either 'development' "
        "or 'production'",
        "Use `mode: development` for personal copies, `mode: production` for shared deployments, "
        "or no mode at all.",
        severity=ERROR, mirrors="bundle/config/mutator/resourcemutator/validate_target_mode.go",
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
        severity=ERROR, mirrors="bundle/config/mutator/resourcemutator/validate_target_mode.go",
    ),
    Rule(
        "production-development-pipeline", FAMILY,
        "A `mode: production` target deploys no pipeline in development mode (`development: true` "
        "or `presets.pipelines_development: true`); `bundle validate` refuses it.",
        "resources/etl.yml:5: production-development-pipeline: pipeline 'etl' sets development: "
        "true, which target 'prod' (mode: production) refuses",
        "Set `development: true` only in development targets' overrides (mode: development "
        "already turns it on).",
        severity=ERROR, mirrors="bundle/config/mutator/resourcemutator/validate_target_mode.go",
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
        severity=ERROR, mirrors="bundle/config/mutator/resourcemutator/validate_target_mode.go",
    ),
    Rule(
        "resource-file-format", FAMILY,
        "An included file named for one resource type (`train.job.yml`, `etl.pipeline.yaml`) "
        "defines or configures a single resource, of that type, also in its target overrides.",
        "resources/jobs.job.yml:3: resource-file-format: warning: a file named *.job.yml should "
        "define a single job; this one defines or configures evaluate (job), train (job)",
        "Split the file, one resource per `<name>.<type>.yml` file, or rename it without the type "
        "(`jobs.yml`).",
        severity=WARNING, mirrors="bundle/config/loader/process_include.go",
    ),
    Rule(
        "config-not-included", FAMILY,
        "Every YAML file below a bundle root that is shaped like bundle configuration (a root "
        "`resources:` mapping keyed by resource types such as jobs or pipelines) is reached by an "
        "`include:` glob of that bundle's databricks.yml; otherwise the CLI never loads it and its "
        "resources are silently not deployed. Files of a nested bundle belong to that bundle; CI "
        "files (GitHub workflows, Azure Pipelines, GitLab CI) are never bundle configuration.",
        "jobs/nightly.yml:1: config-not-included: defines jobs 'nightly', but no include of "
        "databricks.yml matches this file: the CLI never loads it, so these resources are silently "
        "not deployed",
        "Add a glob that reaches the file to `include:` in databricks.yml (e.g. `jobs/*.yml`), or "
        "move the file into a folder that is already included.",
        severity=ERROR, mirrors="",
    ),
    Rule(
        "task-compute-missing", FAMILY,
        "A job task that runs code on a cluster (spark_python_task, python_wheel_task, "
        "spark_jar_task, spark_submit_task, dbt_task, also as a for_each_task's task) names its "
        "compute: job_cluster_key, environment_key, existing_cluster_id or new_cluster, in every "
        "target. Notebook tasks may run on serverless compute without one.",
        "resources/training-job.yml:14: task-compute-missing: task 'evaluate' of job 'training_job' "
        "is a spark_python_task but names no compute: set job_cluster_key, environment_key, "
        "existing_cluster_id or new_cluster (bundle validate: \"Missing required cluster or "
        "environment settings\")",
        "Give the task an `environment_key` naming one of the job's `environments` (serverless), or "
        "a `job_cluster_key` naming one of its `job_clusters`.",
        severity=ERROR, mirrors="bundle/config/validate/job_task_cluster_spec.go",
    ),
    Rule(
        "job-cluster-key-undefined", FAMILY,
        "A task's `job_cluster_key` (also inside for_each_task) names one of its job's "
        "`job_clusters`. An error, although the CLI only warns (\"job_cluster_key X is not "
        "defined\"): the Jobs API then refuses the job, so the deploy fails.",
        "resources/etl.yml:10: job-cluster-key-undefined: job_cluster_key 'mian' is not one of the "
        "job_clusters of job 'etl' (defined: 'main'): the Jobs API refuses the job",
        "Correct the key, or define the cluster under the job's `job_clusters:`.",
        severity=ERROR, mirrors="bundle/config/validate/job_cluster_key_defined.go",
    ),
    Rule(
        "task-dependency-undefined", FAMILY,
        "Every task's `depends_on: - task_key:` names a task of the same job (for a "
        "for_each_task's nested task too: it depends on the job's tasks). Beyond the CLI, which "
        "accepts it: the Jobs API refuses the job, so the deploy fails.",
        "resources/d.yml:12: task-dependency-undefined: task 'train' of job 'daily' depends on task "
        "'prepare_data', which the job does not have (did you mean 'prepare'?): the Jobs API refuses "
        "the job",
        "Correct the task_key in `depends_on`, or add the task it names.",
        severity=ERROR, mirrors="",
    ),
    Rule(
        "environment-key-undefined", FAMILY,
        "A task's `environment_key` (also inside for_each_task) names one of its job's "
        "`environments`. Beyond the CLI, which accepts it: the Jobs API refuses the job.",
        "resources/d.yml:10: environment-key-undefined: environment_key 'defualt' is not one of the "
        "environments of job 'daily' (defined: 'default'): the Jobs API refuses the job",
        "Correct the key, or define the environment under the job's `environments:`.",
        severity=ERROR, mirrors="",
    ),
    Rule(
        "duplicate-task-key", FAMILY,
        "No two tasks of one `tasks:` list share a task_key. Beyond the CLI's checks: it merges "
        "tasks with the same key into one (bundle/config/mutator/merge_job_tasks.go, meant for "
        "target overrides), so one of the two tasks is silently not deployed as written.",
        "resources/d.yml:14: duplicate-task-key: job 'daily' has a second task 'prepare' (the first "
        "is at resources/d.yml:6): the CLI merges tasks with one task_key into a single task, so one "
        "of them is silently not deployed as written; give each task its own task_key",
        "Rename one of the tasks (and the `depends_on` entries that mean it).",
        severity=ERROR, mirrors="",
    ),
    Rule(
        "single-node-cluster", FAMILY,
        "A cluster (interactive, job, task or pipeline cluster) with `num_workers: 0` is a "
        "single-node cluster: `is_single_node: true`, a cluster policy, or the single-node "
        "spark_conf and custom_tags. Otherwise it starts without workers and jobs hang.",
        "resources/c.yml:3: single-node-cluster: warning: cluster has num_workers: 0 but is not "
        "configured as a single-node cluster: set is_single_node: true, or spark_conf "
        "spark.databricks.cluster.profile: singleNode and spark.master: local[*] with custom_tags "
        "ResourceClass: SingleNode",
        "Add `is_single_node: true` (with `kind: CLASSIC_PREVIEW`), or the spark_conf and "
        "custom_tags named in the message, or give the cluster workers.",
        severity=WARNING, mirrors="bundle/config/validate/single_node_cluster.go",
    ),
    Rule(
        "serverless-pipeline-clusters", FAMILY,
        "A pipeline with `serverless: true` configures no `clusters` (in any target): the deploy "
        "fails, or older CLIs silently drop the clusters.",
        "resources/p.yml:10: serverless-pipeline-clusters: pipeline 'etl' is serverless but "
        "configures clusters: the deploy fails (\"Cannot configure clusters for a serverless "
        "pipeline\"); remove clusters or set serverless: false",
        "Remove `clusters:` (serverless compute needs none), or set `serverless: false` to keep "
        "classic clusters.",
        severity=ERROR, mirrors="bundle/config/validate/pipeline_cluster_spec.go",
    ),
    Rule(
        "wheel-task-runtime", FAMILY,
        "A task that installs a local wheel or jar (`libraries: - whl: ../dist/*.whl`) runs on "
        "Databricks Runtime 13.1 or later (its new_cluster, job cluster or bundle cluster), unless "
        "experimental.python_wheel_wrapper is on: the CLI refuses any version below 13.1 (its "
        "message recommends 13.3+). The wrapper does not work with "
        "presets.source_linked_deployment (a warning).",
        "resources/w.yml:11: wheel-task-runtime: task 'run' of job 'wheel' installs a local wheel "
        "or jar on Databricks Runtime 12.2.x-scala2.12: bundle validate refuses runtimes before "
        "13.1 for local libraries (use 13.3 or later, or experimental.python_wheel_wrapper: true)",
        "Use a current runtime (`spark_version: 15.4.x-scala2.12`) or serverless environments, or "
        "set `experimental: python_wheel_wrapper: true`.",
        severity=ERROR, mirrors="bundle/trampoline/python_dbr_warning.go",
    ),
    Rule(
        "production-cluster-override", FAMILY,
        "A `mode: production` target does not override every task's compute with `cluster_id` "
        "(or the deprecated `compute_id`), in the target or its `bundle:` block.",
        "databricks.yml:12: production-cluster-override: warning: target 'prod' (mode: production) "
        "overrides every task's compute with cluster_id: production should always run on the "
        "compute its jobs define",
        "Remove the cluster override from the production target; keep it for development targets "
        "(or pass `--cluster-id` when deploying a personal copy).",
        severity=WARNING, mirrors="bundle/config/mutator/resourcemutator/override_compute.go",
    ),
    Rule(
        "for-each-task-retry", FAMILY,
        "Retry settings of a task that uses `for_each_task` are written on its nested task: "
        "`max_retries` on the parent is an error, `min_retry_interval_millis` and "
        "`retry_on_timeout` there are warnings.",
        "resources/f.yml:7: for-each-task-retry: task 'each' of job 'fan' sets max_retries next to "
        "for_each_task: set it on the nested task (for_each_task.task.max_retries)",
        "Move the setting under `for_each_task: task:`.",
        severity=ERROR, mirrors="bundle/config/validate/for_each_task.go",
    ),
    Rule(
        "continuous-task-retry-mode", FAMILY,
        "A continuous job sets `continuous.task_retry_mode`; without it failed tasks are never "
        "retried (the default is NEVER).",
        "resources/s.yml:5: continuous-task-retry-mode: warning: continuous job 'stream' does not "
        "set continuous.task_retry_mode, so its tasks are never retried (the default is NEVER): set "
        "ON_FAILURE, or NEVER to say so",
        "Add `task_retry_mode: ON_FAILURE` (or `NEVER`) under `continuous:`.",
        severity=WARNING, mirrors="bundle/config/validate/continuous_task_retry_mode.go",
    ),
    Rule(
        "empty-task-parameter", FAMILY,
        "With `bundle.engine: terraform`, no element of a spark_python_task, python_wheel_task, "
        "spark_jar_task or spark_submit_task `parameters` list is an empty string (variables "
        "resolved): the Terraform provider reads it back as null and the deploy fails. The direct "
        "engine (the default) deploys them.",
        "resources/p.yml:10: empty-task-parameter: warning: spark_python_task.parameters[1] of task "
        "'run' is an empty string: with the Terraform engine the deploy fails (\"parameters[<nil>] "
        "is not a string\"); remove it or give it a value",
        "Remove the empty element (or join it with its flag, `--prefix=${var.prefix}`), or use the "
        "direct engine.",
        severity=WARNING, mirrors="bundle/config/validate/empty_task_parameters.go",
    ),
    Rule(
        "enum-value", FAMILY,
        "Enum fields that the bundle schema leaves open (every other enum is checked by "
        "bundle-schema) hold one of their values: `artifacts.*.type` is `whl` or `jar`, "
        "`artifacts.*.executable` is `bash`, `sh` or `cmd` (the build fails with any other), "
        "`variables.*.type` is `complex`.",
        "databricks.yml:10: enum-value: warning: artifacts.lib.type is 'wheel' (did you mean "
        "'whl'?): the only valid values are 'whl', 'jar'",
        "Use one of the values the message lists; leave `variables.*.type` out for a plain "
        "(string, number, boolean) variable.",
        severity=WARNING, mirrors="bundle/config/validate/enum.go",
    ),
    Rule(
        "auth-field-interpolation", FAMILY,
        "The workspace fields that configure authentication (host, profile, auth_type, client_id, "
        "account_id, workspace_id, the azure_* and google fields) hold no `${...}` reference: the "
        "CLI authenticates before it resolves references.",
        "databricks.yml:9: auth-field-interpolation: warning: workspace.host uses a ${...} "
        "reference, which the CLI cannot resolve before it authenticates: set the DATABRICKS_HOST "
        "environment variable instead",
        "Write the value literally in each target's `workspace:` block, or leave it out and set "
        "the environment variable the message names.",
        severity=WARNING, mirrors="bundle/config/validate/interpolation_in_auth_config.go",
    ),
    Rule(
        "bundle-name-interpolation", FAMILY,
        "`bundle.name` holds no `${...}` reference: the name is part of the path where the "
        "deployment state lives, so a varying name deploys duplicates or leaves resources behind.",
        "databricks.yml:2: bundle-name-interpolation: warning: bundle.name 'probe-${var.team}' uses "
        "a ${...} reference: the name is part of the deployment's state path, so a name that varies "
        "can deploy duplicates or leave resources behind on destroy",
        "Use a fixed name; vary `workspace.root_path` or `presets.name_prefix` per target instead.",
        severity=WARNING, mirrors="bundle/config/validate/no_interpolation_in_bundle_name.go",
    ),
    Rule(
        "workspace-volume-path", FAMILY,
        "Only `workspace.artifact_path` may be a Unity Catalog volume path (/Volumes/...), and "
        "then a complete one: /Volumes/<catalog>/<schema>/<volume>/...; root_path, file_path, "
        "state_path and resource_path are workspace folders (variables resolved).",
        "databricks.yml:9: workspace-volume-path: workspace.root_path "
        "/Volumes/main/default/bundles/probe is in /Volumes: only workspace.artifact_path may be a "
        "Unity Catalog volume path",
        "Keep root_path in the workspace (`~/.bundle/${bundle.name}/${bundle.target}`) and put "
        "built artifacts in a volume with `artifact_path: /Volumes/<catalog>/<schema>/<volume>/...`.",
        severity=ERROR,
        mirrors="bundle/config/validate/validate_volume_path.go, bundle/config/validate/validate_artifact_path.go",
    ),
    Rule(
        "workspace-prefix", FAMILY,
        "No value writes `/Workspace/${workspace.root_path}` (or file_path, artifact_path, "
        "state_path): those paths already start with /Workspace.",
        "resources/training-job.yml:8: workspace-prefix: warning: '/Workspace/${workspace.file_path}' "
        "doubles the /Workspace prefix: workspace paths already start with it; write "
        "'${workspace.file_path}/src/train.py'",
        "Drop the leading `/Workspace/`.",
        severity=WARNING, mirrors="bundle/config/mutator/rewrite_workspace_prefix.go",
    ),
    Rule(
        "script-content", FAMILY,
        "Every script under `scripts:` has content, its content holds no `${...}` (the shell "
        "receives it as written), and its `env:` values reference only ${bundle.*}, "
        "${workspace.*} and ${var.*}, which are resolved before scripts run.",
        "databricks.yml:10: script-content: script 'hello' content uses ${bundle.name}: the shell "
        "receives content as written, so ${...} is not a bundle reference there; pass the value "
        "through the script's env: and read it as $NAME",
        "Declare an environment variable in the script's `env:` (`NAME: ${bundle.name}`) and read "
        "it in `content` as `$NAME`.",
        severity=ERROR, mirrors="bundle/config/validate/scripts.go",
    ),
    Rule(
        "unsupported-setting", FAMILY,
        "Settings the schema accepts but the CLI refuses are not set: "
        "`experimental.record_deployment_history: true`, and the `etag` of a dashboard or genie "
        "space (deployment state the CLI keeps itself).",
        "databricks.yml:9: unsupported-setting: experimental.record_deployment_history is not "
        "supported yet: bundle validate fails while it is enabled",
        "Remove the setting.",
        severity=ERROR,
        mirrors="bundle/config/validate/validate_record_deployment_history.go, "
                "bundle/config/validate/validate_dashboard_etags.go, "
                "bundle/config/validate/validate_genie_space_etags.go",
    ),
    Rule(
        "run-as", FAMILY,
        "`run_as` (in each target) names exactly one identity: user_name, service_principal_name or "
        "group_name. A group never deploys, so with run_as.group_name the bundle has no model "
        "serving endpoints, quality monitors, apps or dashboards with embed_credentials, and every "
        "alert sets its own run_as. experimental.use_legacy_run_as cannot run as a group, and is "
        "itself a warning.",
        "databricks.yml:8: run-as: run_as must name exactly one identity: user_name, "
        "service_principal_name or group_name (user_name, service_principal_name given)",
        "Keep one identity; deploy resources that cannot run as a group from a target without "
        "run_as.group_name (or give alerts their own run_as).",
        severity=ERROR, mirrors="bundle/config/mutator/resourcemutator/run_as.go",
    ),
    Rule(
        "sync-pattern-unmatched", FAMILY,
        "Every `sync.include` and `sync.exclude` pattern matches some file below the bundle root "
        "(gitignore syntax, relative to the YAML file that writes it, gitignored files included).",
        "databricks.yml:43: sync-pattern-unmatched: warning: sync.exclude pattern '*.pyc' matches no "
        "file",
        "Correct the pattern (it is relative to the file that writes it: in resources/*.yml write "
        "`../src/*.py`), or remove it.",
        severity=WARNING, mirrors="bundle/config/validate/validate_sync_patterns.go",
    ),
    Rule(
        "sync-no-files", FAMILY,
        "`sync.exclude` (root and target patterns together) leaves at least one file to upload.",
        "databricks.yml:42: sync-no-files: warning: sync.exclude leaves no file to sync: the deploy "
        "uploads nothing (bundle validate: \"There are no files to sync\")",
        "Narrow the exclude patterns (`*` and `**` exclude everything).",
        severity=WARNING, mirrors="bundle/config/validate/files_to_sync.go",
    ),
    Rule(
        "required-value", FAMILY,
        "Values the APIs require although the schema does not: a dashboard's display_name and "
        "warehouse_id, a SQL warehouse's name, every grant's principal and privileges; Unity Catalog "
        "names (models, catalogs, schemas, volumes, registered models, external locations, serving "
        "endpoints) that are not empty, blank or holding control characters; pipeline libraries "
        "with a path.",
        "resources/d.yml:3: required-value: dashboard 'sales' has no warehouse_id: the deploy needs "
        "one",
        "Set the value the message names (a warehouse id can come from a `lookup:` variable).",
        severity=ERROR,
        mirrors="bundle/config/validate/required.go, bundle/config/validate/invalid_identifiers.go, "
                "bundle/config/validate/pipeline_libraries.go",
    ),
    Rule(
        "resource-key-interpolation", FAMILY,
        "Resource keys (the names under `resources.<type>:`) are plain names without `${...}`: "
        "they identify resources from one deployment to the next.",
        "resources/j.yml:3: resource-key-interpolation: resource key 'job_${var.suffix}' "
        "(resources.jobs) uses ${var.suffix}: resource keys identify resources across deployments "
        "and must be plain names",
        "Use a fixed key and put the varying part in the resource's `name`.",
        severity=ERROR, mirrors="bundle/config/validate/no_variable_reference_in_resource_key.go",
    ),
    Rule(
        "app-source", FAMILY,
        "Every app has exactly one of source_code_path and git_source, no two apps deploy from the "
        "same source folder, and a bundle resource an app uses keeps the app's service principal "
        "in its permissions (a warning: otherwise the next deploy removes the app's access).",
        "resources/apps.yml:8: app-source: app 'b' has the same source code path as app 'a': each "
        "deploy would overwrite the other's configuration",
        "Give each app its own source folder; add "
        "`service_principal_name: ${resources.apps.<app>.service_principal_client_id}` to the used "
        "resource's permissions.",
        severity=ERROR, mirrors="bundle/apps/validate.go",
    ),
    Rule(
        "pipeline-schema", FAMILY,
        "A Unity Catalog pipeline (one with `catalog`) sets exactly one of `schema` and `target`; "
        "a pipeline or volume naming a schema the bundle defines references it as "
        "`${resources.schemas.<key>.name}` (a warning), so the schema deploys first.",
        "resources/p.yml:3: pipeline-schema: Unity Catalog pipeline 'etl' sets neither schema nor "
        "target: it needs the schema to publish to",
        "Set `schema:` (not the older `target:`); reference schemas of the bundle with "
        "`${resources.schemas.<key>.name}`.",
        severity=ERROR, mirrors="bundle/config/validate/schema_references.go",
    ),
    Rule(
        "serving-telemetry-config", FAMILY,
        "A serving endpoint's `telemetry_config` names a table in `table_names` or a "
        "`telemetry_profile_id`, and the endpoint serves a registered model (not only external "
        "models); otherwise the API drops the configuration.",
        "resources/ep.yml:9: serving-telemetry-config: serving endpoint 'ep' telemetry_config names "
        "no table in table_names and no telemetry_profile_id: the API silently discards it",
        "Add `table_names:` (e.g. `logs_table: <catalog>.<schema>.<table>`) or a "
        "`telemetry_profile_id`, or remove telemetry_config.",
        severity=ERROR, mirrors="bundle/config/validate/validate_serving_telemetry_config.go",
    ),
    Rule(
        "vector-search-index-spec", FAMILY,
        "A vector search index has the spec its `index_type` needs and not the other one: "
        "DELTA_SYNC with delta_sync_index_spec, DIRECT_ACCESS with direct_access_index_spec.",
        "resources/i.yml:7: vector-search-index-spec: vector search index 'docs' has index_type "
        "DELTA_SYNC but no delta_sync_index_spec",
        "Write the spec block that matches `index_type`, and remove the other.",
        severity=ERROR, mirrors="bundle/config/validate/vector_search_index_spec.go",
    ),
    Rule(
        "sensitive-reference", FAMILY,
        "No `${...}` reads a sensitive field (a secret's `value`): it would appear in validate "
        "output, plans and logs.",
        "resources/training-job.yml:22: sensitive-reference: ${resources.secrets.token.value} reads "
        "a secret's value: sensitive fields cannot be interpolated (they would show in validate "
        "output and logs)",
        "Read the secret at run time (e.g. `dbutils.secrets`), and pass its name, not its value.",
        severity=ERROR, mirrors="bundle/config/validate/no_reference_to_sensitive_fields.go",
    ),
)


def check(project, ctx) -> Iterable[Problem]:
    known = known_root_keys(ctx)
    fields = reference_fields(ctx)
    for bundle in load_bundles(project):
        if bundle.docs[0].yaml.error:
            continue  # an unreadable databricks.yml is reported by the bundle-yaml-syntax rule
        yield from bundle.include_problems
        yield from included_elsewhere_problems(bundle)
        yield from check_root_keys(project, bundle, known)
        yield from check_references(bundle, fields)
        yield from check_paths(project, bundle)
        yield from check_resource_keys(bundle)
        yield from check_job_names(bundle)
        yield from check_file_formats(bundle)
        yield from check_modes(bundle)
        yield from unreached_problems(project, bundle)
        yield from check_compute(bundle)
        yield from check_tasks(bundle)
        yield from check_enums(bundle)
        yield from check_settings(bundle)
        yield from check_run_as(bundle)
        yield from check_sync(project, bundle)
        yield from check_resources(bundle)
        yield from check_targets(bundle)
