"""The `bundle validate` checks that run offline, and two beyond them: seeded defects, each caught
with its exact rule id and severity, and a clean twin of each that passes.

Defects are seeded into the clean fixture (checkkit's `seeded` and `replace`) or written as small
bundles here; each rule's documented example line is asserted verbatim by one of the tests.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from checkkit import CLEAN, check, replace, seeded

from bricksmith.check.problem import ERROR, WARNING, Problem
from bricksmith.check.rules import bundle_semantics

RULES = {rule.id: rule for rule in bundle_semantics.RULES}
NEW_RULES = (
    "resource-file-format", "config-not-included", "task-compute-missing", "job-cluster-key-undefined", "single-node-cluster",
    "serverless-pipeline-clusters", "wheel-task-runtime", "production-cluster-override",
    "for-each-task-retry", "continuous-task-retry-mode", "empty-task-parameter", "enum-value",
    "auth-field-interpolation", "bundle-name-interpolation", "workspace-volume-path", "workspace-prefix",
    "script-content", "unsupported-setting", "run-as", "sync-pattern-unmatched", "sync-no-files",
    "required-value", "resource-key-interpolation", "app-source", "pipeline-schema",
    "serving-telemetry-config", "vector-search-index-spec", "sensitive-reference",
    "default-target", "bundle-name-missing", "unknown-reference",
    "task-dependency-undefined", "environment-key-undefined", "duplicate-task-key",
    "pipeline-glob-unmatched",
)
BEYOND_THE_CLI = ("config-not-included", "task-dependency-undefined", "environment-key-undefined",
                  "duplicate-task-key", "pipeline-glob-unmatched")

DB = "databricks.yml"
JOB = "resources/training-job.yml"

BASE = """\
bundle:
  name: probe
include:
  - resources/*.yml
targets:
  dev:
    default: true
"""


def bundle(tmp_path: Path, files: dict[str, str], base: str = BASE) -> Path:
    """A small bundle: databricks.yml (`base` unless given) and the files, dedented."""
    root = tmp_path / "bundle"
    files = {DB: base, **files}
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text))
    return root


def found(root: Path, rule: str) -> list[Problem]:
    return [p for p in check(root).problems if p.rule == rule]


def texts(problems: list[Problem]) -> list[str]:
    return [p.text() for p in problems]


def assert_caught(root: Path, rule: str, severity: str, count: int = 1) -> list[Problem]:
    problems = found(root, rule)
    assert len(problems) == count, texts(check(root).problems)
    assert {p.severity for p in problems} == {severity}, texts(problems)
    return problems


def assert_clean(root: Path, rule: str) -> None:
    assert found(root, rule) == [], texts(found(root, rule))


def assert_example(problems: list[Problem], rule: str) -> None:
    assert RULES[rule].example in texts(problems), texts(problems)


def test_every_new_rule_is_documented():
    for rule_id in NEW_RULES:
        rule = RULES[rule_id]
        assert rule.summary and rule.example and rule.fix, rule_id
        assert rule.severity in (ERROR, WARNING), rule_id
        assert f": {rule_id}: " in rule.example, rule_id
        assert bool(rule.mirrors) != (rule_id in BEYOND_THE_CLI), rule_id
    assert all(isinstance(rule.mirrors, str) for rule in bundle_semantics.RULES)


@pytest.mark.parametrize("rule", NEW_RULES)
def test_every_new_rule_has_a_seeded_example(rule):
    source = Path(__file__).read_text(encoding="utf-8")
    assert f'assert_example(problems, "{rule}")' in source


def test_clean_fixture_passes_every_new_rule():
    assert [p.text() for p in check(CLEAN).problems if p.rule in NEW_RULES] == []


# --- config-not-included (beyond the CLI) -------------------------------------------------------

NIGHTLY = """\
resources:
  jobs:
    nightly:
      name: nightly
      tasks:
        - task_key: main
          notebook_task:
            notebook_path: ../src/train.py
"""


def test_resource_file_outside_the_include_globs(tmp_path):
    root = seeded(tmp_path, {"jobs/nightly.yml": NIGHTLY.replace("../src", "../src")})
    problems = assert_caught(root, "config-not-included", ERROR)
    assert_example(problems, "config-not-included")


def test_unincluded_file_in_resources_is_reported_too(tmp_path):
    root = seeded(tmp_path, {DB: replace("  - resources/*.yml", "  - resources/ml-artifacts.yml")})
    problems = assert_caught(root, "config-not-included", ERROR)
    assert problems[0].path == JOB


def test_included_nested_and_ci_files_are_not_reported(tmp_path):
    azure = "trigger: none\nresources:\n  repositories:\n    - repository: tools\n  pipelines:\n    - pipeline: build\n      source: build\n"
    root = seeded(tmp_path, {
        DB: replace("  - resources/*.yml", "  - resources/*.yml\n  - jobs/*.yml"),
        "jobs/nightly.yml": NIGHTLY,
        "azure-pipelines.yml": azure,
        ".gitlab-ci.yml": "resources:\n  jobs:\n    x: {}\n",  # not bundle config, whatever its shape
        "sub/databricks.yml": "bundle:\n  name: sub\ninclude:\n  - extra/*.yml\n",
        "sub/extra/jobs.yml": NIGHTLY.replace("../src/train.py", "/Workspace/x"),
        "notes.yml": "resources:\n  documents: {a: 1}\n",
    })
    assert_clean(root, "config-not-included")


def test_nested_bundle_file_belongs_to_the_nested_bundle(tmp_path):
    root = seeded(tmp_path, {
        "sub/databricks.yml": "bundle:\n  name: sub\n",
        "sub/extra/jobs.yml": NIGHTLY.replace("../src/train.py", "/Workspace/x"),
    })
    problems = assert_caught(root, "config-not-included", ERROR)
    assert "no include of sub/databricks.yml" in problems[0].message


# --- include-unmatched severities ---------------------------------------------------------------


def test_unmatched_include_glob_is_a_warning(tmp_path):
    root = seeded(tmp_path, {DB: replace("  - resources/*.yml", "  - resources/*.yml\n  - jobs/*.yml")})
    assert [(p.line, p.severity) for p in found(root, "include-unmatched")] == [(8, WARNING)]


def test_unmatched_literal_include_and_bad_entries_stay_errors(tmp_path):
    root = seeded(tmp_path, {DB: replace(
        "  - resources/*.yml", "  - resources/*.yml\n  - jobs.yml\n  - /etc/*.yml\n  - resources/[a.yml")})
    assert [(p.line, p.severity) for p in found(root, "include-unmatched")] == [
        (8, ERROR), (9, ERROR), (10, ERROR)]


def test_deeper_files_reached_by_another_include_entry_are_no_mistake(tmp_path):
    # resources/*.yml matches nothing yet, but resources/*/*.yml already includes the deeper file.
    job = "resources:\n  jobs:\n    a:\n      name: a\n"
    base = BASE.replace("  - resources/*.yml\n", "  - resources/*/*.yml\n  - resources/*.yml\n")
    assert_clean(bundle(tmp_path / "both", {"resources/jobs/a.yml": job}, base), "include-unmatched")
    # Without the other entry, the deeper file is what the glob likely meant.
    problems = assert_caught(bundle(tmp_path / "one", {"resources/jobs/a.yml": job}), "include-unmatched", WARNING)
    assert problems[0].message == (
        "include 'resources/*.yml' matches no file: Go's `*` does not cross '/', so it does not "
        "reach resources/jobs/a.yml")


def test_include_matching_a_dangling_symlink(tmp_path):
    root = seeded(tmp_path, {})
    (root / "resources" / "broken.yml").symlink_to("gone.yml")
    problems = [p for p in found(root, "include-unmatched")]
    assert [(p.line, p.severity) for p in problems] == [(7, ERROR)], texts(problems)
    assert problems[0].message == (
        "include 'resources/*.yml' matches resources/broken.yml, which cannot be read (dangling "
        "symlink to gone.yml): bundle validate fails")


def test_plain_include_of_a_dangling_symlink_is_not_reported_as_matching_nothing(tmp_path):
    root = seeded(tmp_path, {DB: replace("  - resources/*.yml", "  - resources/*.yml\n  - extra.yml")})
    (root / "extra.yml").symlink_to("missing/extra.yml")
    problems = found(root, "include-unmatched")
    assert [p.message.split(", which ")[0] for p in problems] == ["include 'extra.yml' matches extra.yml"]
    assert [p.severity for p in problems] == [ERROR]


def test_include_matching_a_file_over_the_size_limit_is_unchecked(tmp_path):
    from bricksmith.check.project import MAX_FILE_BYTES

    padding = "#" * 1023 + "\n"
    big = "resources:\n  jobs:\n    big:\n      name: big\n" + padding * (MAX_FILE_BYTES // 1024 + 1)
    root = seeded(tmp_path, {"resources/big.yml": big})
    problems = found(root, "include-unmatched")
    assert [p.severity for p in problems] == [WARNING], texts(problems)
    assert "matches resources/big.yml, which the check did not read" in problems[0].message


def test_skipped_files_no_include_matches_are_not_reported(tmp_path):
    root = seeded(tmp_path, {})
    (root / "notes.yml").symlink_to("gone.yml")
    assert_clean(root, "include-unmatched")


# --- task-compute-missing -----------------------------------------------------------------------


def test_python_task_without_compute(tmp_path):
    root = seeded(tmp_path, {JOB: replace(
        "              - \"{{job.id}}\"\n          environment_key: default\n", "              - \"{{job.id}}\"\n")})
    problems = assert_caught(root, "task-compute-missing", ERROR)
    assert_example(problems, "task-compute-missing")


def test_for_each_inner_task_without_compute(tmp_path):
    job = """\
    resources:
      jobs:
        fan_out:
          name: fan-out
          tasks:
            - task_key: each
              for_each_task:
                inputs: "[1, 2]"
                task:
                  task_key: each_inner
                  python_wheel_task:
                    package_name: pkg
                    entry_point: main
    """
    problems = assert_caught(bundle(tmp_path, {"resources/job.yml": job}), "task-compute-missing", ERROR)
    assert problems[0].line == 9
    assert "inside for_each_task" in problems[0].message


def test_notebook_tasks_and_tasks_with_compute_pass(tmp_path):
    job = """\
    resources:
      jobs:
        ok:
          name: ok
          job_clusters:
            - job_cluster_key: main
              new_cluster: {spark_version: 15.4.x-scala2.12, node_type_id: i3.xlarge, num_workers: 1}
          tasks:
            - task_key: notebook
              notebook_task: {notebook_path: /Workspace/x}
            - task_key: jar
              job_cluster_key: main
              spark_jar_task: {main_class_name: Main}
            - task_key: sql
              sql_task: {warehouse_id: abc, query: {query_id: q}}
    """
    assert_clean(bundle(tmp_path, {"resources/job.yml": job}), "task-compute-missing")


def test_compute_set_in_a_target_override_counts(tmp_path):
    job = """\
    resources:
      jobs:
        j:
          name: j
          tasks:
            - task_key: t
              spark_python_task: {python_file: /Workspace/x.py}
    """
    base = BASE + "    resources:\n      jobs:\n        j:\n          tasks:\n            - task_key: t\n              existing_cluster_id: abc\n"
    assert_clean(bundle(tmp_path, {"resources/job.yml": job}, base), "task-compute-missing")
    # Without a target override, every target that lacks it is reported (once).
    base2 = BASE + "  prod:\n    mode: production\n    workspace:\n      root_path: /Workspace/Shared/x\n"
    root = bundle(tmp_path / "two", {"resources/job.yml": job}, base2)
    assert_caught(root, "task-compute-missing", ERROR)


# --- job-cluster-key-undefined ------------------------------------------------------------------

CLUSTER_JOB = """\
resources:
  jobs:
    etl:
      name: etl
      job_clusters:
        - job_cluster_key: main
          new_cluster: {{spark_version: 15.4.x-scala2.12, node_type_id: i3.xlarge, num_workers: 2}}
      tasks:
        - task_key: load
          job_cluster_key: {key}
          spark_python_task: {{python_file: /Workspace/load.py}}
        - task_key: each
          for_each_task:
            inputs: "[1]"
            task:
              task_key: inner
              job_cluster_key: {inner}
              spark_python_task: {{python_file: /Workspace/load.py}}
"""


def test_undefined_job_cluster_key(tmp_path):
    root = bundle(tmp_path, {"resources/etl.yml": CLUSTER_JOB.format(key="mian", inner="main")})
    problems = assert_caught(root, "job-cluster-key-undefined", ERROR)
    assert_example(problems, "job-cluster-key-undefined")


def test_undefined_job_cluster_key_inside_for_each(tmp_path):
    root = bundle(tmp_path, {"resources/etl.yml": CLUSTER_JOB.format(key="main", inner="other")})
    problems = assert_caught(root, "job-cluster-key-undefined", ERROR)
    assert problems[0].line == 17


def test_defined_job_cluster_keys_pass(tmp_path):
    assert_clean(bundle(tmp_path, {"resources/etl.yml": CLUSTER_JOB.format(key="main", inner="main")}),
                 "job-cluster-key-undefined")


# --- single-node-cluster ------------------------------------------------------------------------

SINGLE = """\
resources:
  clusters:
    dev:
      cluster_name: dev
      spark_version: 15.4.x-scala2.12
      node_type_id: i3.xlarge
      num_workers: 0
{extra}"""
SINGLE_OK = (
    "      spark_conf:\n        spark.databricks.cluster.profile: singleNode\n        spark.master: local[*]\n"
    "      custom_tags:\n        ResourceClass: SingleNode\n"
)


def test_zero_workers_without_single_node_settings(tmp_path):
    problems = assert_caught(bundle(tmp_path, {"resources/c.yml": SINGLE.format(extra="")}),
                             "single-node-cluster", WARNING)
    assert_example(problems, "single-node-cluster")


def test_single_node_job_cluster_missing_the_resource_class_tag(tmp_path):
    job = CLUSTER_JOB.format(key="main", inner="main").replace(
        "num_workers: 2}", "num_workers: 0, spark_conf: {spark.databricks.cluster.profile: singleNode, "
        "spark.master: 'local[*]'}}")
    assert_caught(bundle(tmp_path, {"resources/etl.yml": job}), "single-node-cluster", WARNING)


def test_configured_single_node_clusters_pass(tmp_path):
    files = {
        "resources/c.yml": SINGLE.format(extra=SINGLE_OK),
        "resources/d.yml": SINGLE.format(extra="      is_single_node: true\n").replace("dev:", "dev2:"),
        "resources/e.yml": SINGLE.format(extra="      policy_id: ABC\n").replace("dev:", "dev3:"),
    }
    assert_clean(bundle(tmp_path, files), "single-node-cluster")


# --- serverless-pipeline-clusters ---------------------------------------------------------------

PIPELINE = """\
resources:
  pipelines:
    etl:
      name: etl
      catalog: main
      schema: etl
      serverless: {serverless}
      libraries:
        - notebook: {{path: /Workspace/etl}}
{clusters}"""
CLUSTERS = "      clusters:\n        - label: default\n          num_workers: 2\n"


def test_serverless_pipeline_with_clusters(tmp_path):
    root = bundle(tmp_path, {"resources/p.yml": PIPELINE.format(serverless="true", clusters=CLUSTERS)})
    problems = assert_caught(root, "serverless-pipeline-clusters", ERROR)
    assert_example(problems, "serverless-pipeline-clusters")


def test_serverless_set_by_a_target_on_a_pipeline_with_clusters(tmp_path):
    base = BASE + "    resources:\n      pipelines:\n        etl:\n          serverless: true\n"
    root = bundle(tmp_path, {"resources/p.yml": PIPELINE.format(serverless="false", clusters=CLUSTERS)}, base)
    problems = assert_caught(root, "serverless-pipeline-clusters", ERROR)
    assert problems[0].path == "resources/p.yml"


def test_serverless_without_clusters_and_classic_with_clusters_pass(tmp_path):
    files = {
        "resources/p.yml": PIPELINE.format(serverless="true", clusters=""),
        "resources/q.yml": PIPELINE.format(serverless="false", clusters=CLUSTERS).replace("etl:", "etl2:"),
    }
    assert_clean(bundle(tmp_path, files), "serverless-pipeline-clusters")


# --- wheel-task-runtime -------------------------------------------------------------------------

WHEEL_JOB = """\
resources:
  jobs:
    wheel:
      name: wheel
      tasks:
        - task_key: run
          python_wheel_task: {{package_name: pkg, entry_point: main}}
          libraries:
            - whl: ../dist/*.whl
          new_cluster:
            spark_version: {version}
            node_type_id: i3.xlarge
            num_workers: 1
"""


def test_local_wheel_on_an_old_runtime(tmp_path):
    root = bundle(tmp_path, {"resources/w.yml": WHEEL_JOB.format(version="12.2.x-scala2.12")})
    problems = assert_caught(root, "wheel-task-runtime", ERROR)
    assert_example(problems, "wheel-task-runtime")


def test_wrapper_with_source_linked_deployment(tmp_path):
    base = BASE + "experimental:\n  python_wheel_wrapper: true\npresets:\n  source_linked_deployment: true\n"
    root = bundle(tmp_path, {"resources/w.yml": WHEEL_JOB.format(version="12.2.x-scala2.12")}, base)
    assert_caught(root, "wheel-task-runtime", WARNING)


def test_runtime_threshold_is_13_1(tmp_path):
    # python_dbr_warning.go compares with v13.1: 13.1 passes although its message says 13.3+.
    assert_caught(bundle(tmp_path / "a", {"resources/w.yml": WHEEL_JOB.format(version="13.0.x-scala2.12")}),
                  "wheel-task-runtime", ERROR)
    assert_clean(bundle(tmp_path / "b", {"resources/w.yml": WHEEL_JOB.format(version="13.1.x-scala2.12")}),
                 "wheel-task-runtime")


def test_new_runtime_or_wrapper_passes(tmp_path):
    assert_clean(bundle(tmp_path / "a", {"resources/w.yml": WHEEL_JOB.format(version="15.4.x-scala2.12")}),
                 "wheel-task-runtime")
    base = BASE + "experimental:\n  python_wheel_wrapper: true\n"
    assert_clean(bundle(tmp_path / "b", {"resources/w.yml": WHEEL_JOB.format(version="12.2.x-scala2.12")}, base),
                 "wheel-task-runtime")


# --- production-cluster-override ----------------------------------------------------------------

PROD = BASE + "  prod:\n    mode: production\n    workspace:\n      root_path: /Workspace/Shared/probe\n"


def test_production_target_overriding_compute(tmp_path):
    problems = assert_caught(bundle(tmp_path, {}, PROD + "    cluster_id: 0123-456789-abcdef\n"),
                             "production-cluster-override", WARNING)
    assert_example(problems, "production-cluster-override")


def test_production_target_overriding_compute_in_its_bundle_block(tmp_path):
    assert_caught(bundle(tmp_path, {}, PROD + "    bundle:\n      cluster_id: 0123-456789-abcdef\n"),
                  "production-cluster-override", WARNING)


def test_development_target_may_override_compute(tmp_path):
    base = BASE.replace("    default: true\n", "    default: true\n    mode: development\n    cluster_id: 0123\n")
    assert_clean(bundle(tmp_path, {}, base), "production-cluster-override")


# --- for-each-task-retry ------------------------------------------------------------------------

FOR_EACH = """\
resources:
  jobs:
    fan:
      name: fan
      tasks:
        - task_key: each
{retries}          for_each_task:
            inputs: "[1, 2]"
            task:
              task_key: inner
{inner}              notebook_task: {{notebook_path: /Workspace/x}}
"""


def test_max_retries_on_the_for_each_parent(tmp_path):
    root = bundle(tmp_path, {"resources/f.yml": FOR_EACH.format(retries="          max_retries: 3\n", inner="")})
    problems = assert_caught(root, "for-each-task-retry", ERROR)
    assert_example(problems, "for-each-task-retry")


def test_retry_interval_and_timeout_on_the_parent_are_warnings(tmp_path):
    retries = "          min_retry_interval_millis: 1000\n          retry_on_timeout: true\n"
    root = bundle(tmp_path, {"resources/f.yml": FOR_EACH.format(retries=retries, inner="")})
    assert_caught(root, "for-each-task-retry", WARNING, count=2)


def test_retries_on_the_nested_task_pass(tmp_path):
    inner = "              max_retries: 3\n              retry_on_timeout: true\n"
    assert_clean(bundle(tmp_path, {"resources/f.yml": FOR_EACH.format(retries="", inner=inner)}),
                 "for-each-task-retry")


# --- continuous-task-retry-mode -----------------------------------------------------------------

CONTINUOUS = """\
resources:
  jobs:
    stream:
      name: stream
      continuous:
        pause_status: UNPAUSED
{mode}      tasks:
        - task_key: run
          notebook_task: {{notebook_path: /Workspace/x}}
"""


def test_continuous_job_without_retry_mode(tmp_path):
    root = bundle(tmp_path, {"resources/s.yml": CONTINUOUS.format(mode="")})
    problems = assert_caught(root, "continuous-task-retry-mode", WARNING)
    assert_example(problems, "continuous-task-retry-mode")


def test_continuous_block_set_only_in_a_target(tmp_path):
    job = CONTINUOUS.format(mode="").replace("      continuous:\n        pause_status: UNPAUSED\n", "")
    base = BASE + "    resources:\n      jobs:\n        stream:\n          continuous:\n            pause_status: PAUSED\n"
    problems = assert_caught(bundle(tmp_path, {"resources/s.yml": job}, base), "continuous-task-retry-mode", WARNING)
    assert problems[0].path == DB


def test_continuous_job_with_retry_mode_passes(tmp_path):
    root = bundle(tmp_path, {"resources/s.yml": CONTINUOUS.format(mode="        task_retry_mode: NEVER\n")})
    assert_clean(root, "continuous-task-retry-mode")


# --- empty-task-parameter -----------------------------------------------------------------------

PARAMS = """\
resources:
  jobs:
    p:
      name: p
      tasks:
        - task_key: run
          environment_key: default
          spark_python_task:
            python_file: /Workspace/x.py
            parameters: ["--prefix", {value}]
      environments:
        - environment_key: default
          spec: {{client: "3"}}
"""
TERRAFORM = BASE.replace("  name: probe\n", "  name: probe\n  engine: terraform\n")


def test_empty_parameter_with_the_terraform_engine(tmp_path):
    root = bundle(tmp_path, {"resources/p.yml": PARAMS.format(value='""')}, TERRAFORM)
    problems = assert_caught(root, "empty-task-parameter", WARNING)
    assert_example(problems, "empty-task-parameter")


def test_parameter_from_an_empty_variable(tmp_path):
    base = TERRAFORM + "variables:\n  prefix:\n    default: \"\"\n"
    root = bundle(tmp_path, {"resources/p.yml": PARAMS.format(value='"${var.prefix}"')}, base)
    assert_caught(root, "empty-task-parameter", WARNING)


def test_empty_parameter_with_the_direct_engine_passes(tmp_path):
    assert_clean(bundle(tmp_path, {"resources/p.yml": PARAMS.format(value='""')}), "empty-task-parameter")
    root = bundle(tmp_path / "t", {"resources/p.yml": PARAMS.format(value='"x"')}, TERRAFORM)
    assert_clean(root, "empty-task-parameter")


# --- enum-value ---------------------------------------------------------------------------------

ARTIFACTS = BASE + "artifacts:\n  lib:\n    type: {type}\n    executable: {exe}\n    build: uv build --wheel\n"


def test_artifact_type_and_executable_outside_their_sets(tmp_path):
    root = bundle(tmp_path, {}, ARTIFACTS.format(type="wheel", exe="zsh"))
    problems = assert_caught(root, "enum-value", WARNING, count=2)
    assert_example(problems, "enum-value")


def test_variable_type_other_than_complex(tmp_path):
    base = BASE + "variables:\n  tags:\n    type: map\n    default: {team: ml}\n"
    problems = assert_caught(bundle(tmp_path, {}, base), "enum-value", WARNING)
    assert "variables.tags.type is 'map'" in problems[0].message


def test_valid_enum_values_pass(tmp_path):
    base = ARTIFACTS.format(type="whl", exe="bash") + "variables:\n  tags:\n    type: complex\n    default: {a: b}\n"
    assert_clean(bundle(tmp_path, {}, base), "enum-value")


# --- auth-field-interpolation -------------------------------------------------------------------


def test_host_from_a_variable(tmp_path):
    base = BASE + "    workspace:\n      host: ${var.host}\nvariables:\n  host:\n    default: https://x\n"
    problems = assert_caught(bundle(tmp_path, {}, base), "auth-field-interpolation", WARNING)
    assert_example(problems, "auth-field-interpolation")


def test_profile_and_client_id_interpolated_at_the_root(tmp_path):
    base = BASE + "workspace:\n  profile: ${bundle.target}\n  client_id: ${var.sp}\nvariables:\n  sp:\n    default: x\n"
    assert_caught(bundle(tmp_path, {}, base), "auth-field-interpolation", WARNING, count=2)


def test_literal_auth_fields_and_interpolated_paths_pass(tmp_path):
    base = BASE + "workspace:\n  host: https://adb-1.azuredatabricks.net\n  root_path: ~/.bundle/${bundle.name}\n"
    assert_clean(bundle(tmp_path, {}, base), "auth-field-interpolation")


# --- bundle-name-interpolation ------------------------------------------------------------------


def test_bundle_name_from_a_variable(tmp_path):
    base = BASE.replace("  name: probe\n", "  name: probe-${var.team}\n") + "variables:\n  team:\n    default: ml\n"
    problems = assert_caught(bundle(tmp_path, {}, base), "bundle-name-interpolation", WARNING)
    assert_example(problems, "bundle-name-interpolation")


def test_bundle_name_overridden_with_a_reference_in_a_target(tmp_path):
    base = BASE + "    bundle:\n      name: ${bundle.target}-probe\n"
    assert_caught(bundle(tmp_path, {}, base), "bundle-name-interpolation", WARNING)


def test_plain_and_escaped_bundle_names_pass(tmp_path):
    assert_clean(bundle(tmp_path, {}, BASE.replace("name: probe", "name: probe-$${literal}")),
                 "bundle-name-interpolation")


# --- workspace-volume-path ----------------------------------------------------------------------


def test_root_path_in_a_volume(tmp_path):
    base = BASE + "    workspace:\n      root_path: /Volumes/main/default/bundles/probe\n"
    problems = assert_caught(bundle(tmp_path, {}, base), "workspace-volume-path", ERROR)
    assert_example(problems, "workspace-volume-path")


def test_state_path_in_a_volume_through_a_variable_and_a_short_artifact_path(tmp_path):
    base = BASE + (
        "workspace:\n  state_path: ${var.volume}/state\n  artifact_path: /Volumes/main\n"
        "variables:\n  volume:\n    default: /Volumes/main/default/v\n")
    assert_caught(bundle(tmp_path, {}, base), "workspace-volume-path", ERROR, count=2)


def test_artifact_path_in_a_volume_passes(tmp_path):
    base = BASE + "workspace:\n  artifact_path: /Volumes/main/default/artifacts/probe\n"
    assert_clean(bundle(tmp_path, {}, base), "workspace-volume-path")


# --- workspace-prefix ---------------------------------------------------------------------------


def test_doubled_workspace_prefix(tmp_path):
    root = seeded(tmp_path, {JOB: replace("notebook_path: ../src/train.py",
                                          "notebook_path: /Workspace/${workspace.file_path}/src/train.py")})
    problems = assert_caught(root, "workspace-prefix", WARNING)
    assert_example(problems, "workspace-prefix")


def test_doubled_prefix_on_the_root_path_in_a_parameter(tmp_path):
    root = seeded(tmp_path, {JOB: replace("- --job-id", "- /Workspace/${workspace.root_path}/x\n              - --job-id")})
    assert_caught(root, "workspace-prefix", WARNING)


def test_single_workspace_prefix_passes(tmp_path):
    root = seeded(tmp_path, {JOB: replace("notebook_path: ../src/train.py",
                                          "notebook_path: ${workspace.file_path}/src/train.py")})
    assert_clean(root, "workspace-prefix")


# --- script-content -----------------------------------------------------------------------------


def test_script_content_with_a_reference(tmp_path):
    base = BASE + "scripts:\n  hello:\n    content: echo ${bundle.name}\n"
    problems = assert_caught(bundle(tmp_path, {}, base), "script-content", ERROR)
    assert_example(problems, "script-content")


def test_empty_script_and_env_reading_a_resource(tmp_path):
    base = BASE + (
        "scripts:\n  empty:\n    content: \"\"\n  run:\n    content: echo $JOB\n"
        "    env:\n      JOB: ${resources.jobs.x.id}\n")
    assert_caught(bundle(tmp_path, {}, base), "script-content", ERROR, count=2)


def test_script_reading_bundle_values_through_env_passes(tmp_path):
    base = BASE + "scripts:\n  hello:\n    content: echo \"$NAME\"\n    env:\n      NAME: ${bundle.name}-${var.x}\nvariables:\n  x:\n    default: y\n"
    assert_clean(bundle(tmp_path, {}, base), "script-content")


# --- unsupported-setting ------------------------------------------------------------------------


def test_record_deployment_history(tmp_path):
    base = BASE + "experimental:\n  record_deployment_history: true\n"
    problems = assert_caught(bundle(tmp_path, {}, base), "unsupported-setting", ERROR)
    assert_example(problems, "unsupported-setting")


def test_record_deployment_history_in_an_included_file(tmp_path):
    root = bundle(tmp_path, {"resources/x.yml": "experimental:\n  record_deployment_history: true\n"})
    assert_caught(root, "unsupported-setting", ERROR)


def test_dashboard_with_an_etag(tmp_path):
    dash = "resources:\n  dashboards:\n    sales:\n      display_name: Sales\n      warehouse_id: abc\n      etag: \"80611980\"\n"
    problems = assert_caught(bundle(tmp_path, {"resources/d.yml": dash}), "unsupported-setting", ERROR)
    assert problems[0].line == 6


def test_record_deployment_history_off_and_dashboards_without_etag_pass(tmp_path):
    base = BASE + "experimental:\n  record_deployment_history: false\n"
    dash = "resources:\n  dashboards:\n    sales:\n      display_name: Sales\n      warehouse_id: abc\n"
    assert_clean(bundle(tmp_path, {"resources/d.yml": dash}, base), "unsupported-setting")


# --- run-as -------------------------------------------------------------------------------------


def test_run_as_with_two_identities(tmp_path):
    base = BASE + "run_as:\n  user_name: a@example.com\n  service_principal_name: 8d3b1a4e\n"
    problems = assert_caught(bundle(tmp_path, {}, base), "run-as", ERROR)
    assert_example(problems, "run-as")


def test_group_run_as_with_a_serving_endpoint(tmp_path):
    base = BASE + "run_as:\n  group_name: data-eng\n"
    endpoint = "resources:\n  model_serving_endpoints:\n    ep:\n      name: ep\n"
    problems = assert_caught(bundle(tmp_path, {"resources/ep.yml": endpoint}, base), "run-as", ERROR)
    assert problems[0].path == "resources/ep.yml"


def test_legacy_run_as_is_a_warning_and_single_identities_pass(tmp_path):
    legacy = BASE + "run_as:\n  service_principal_name: 8d3b\nexperimental:\n  use_legacy_run_as: true\n"
    assert_caught(bundle(tmp_path / "legacy", {}, legacy), "run-as", WARNING)
    sp = BASE + "run_as:\n  service_principal_name: 8d3b1a4e\n"
    endpoint = "resources:\n  model_serving_endpoints:\n    ep:\n      name: ep\n"
    assert_clean(bundle(tmp_path / "sp", {"resources/ep.yml": endpoint}, sp), "run-as")


# --- sync-pattern-unmatched / sync-no-files -----------------------------------------------------


def test_sync_exclude_matching_nothing(tmp_path):
    root = seeded(tmp_path, {DB: lambda t: t + "sync:\n  exclude:\n    - \"*.pyc\"\n    - src/*.py\n"})
    problems = assert_caught(root, "sync-pattern-unmatched", WARNING)
    assert_example(problems, "sync-pattern-unmatched")


def test_sync_include_relative_to_an_included_file(tmp_path):
    # Written in resources/, the pattern means resources/src/*.py, which matches nothing.
    root = seeded(tmp_path, {"resources/sync.yml": "sync:\n  include:\n    - src/*.py\n"})
    problems = assert_caught(root, "sync-pattern-unmatched", WARNING)
    assert problems[0].path == "resources/sync.yml"


def test_sync_patterns_matching_files_pass(tmp_path):
    root = seeded(tmp_path, {
        "resources/sync.yml": "sync:\n  include:\n    - ../src/*.py\n",
        DB: lambda t: t + "sync:\n  exclude:\n    - tests/\n    - \"!src/lib.py\"\n    - \"**/*.md\"\n",
        "build/cache.pyc": b"\x00",
    })
    assert_clean(root, "sync-pattern-unmatched")


def test_excluding_everything(tmp_path):
    root = seeded(tmp_path, {DB: lambda t: t + "sync:\n  exclude:\n    - \"*\"\n"})
    problems = assert_caught(root, "sync-no-files", WARNING)
    assert_example(problems, "sync-no-files")


def test_excluding_everything_in_one_target(tmp_path):
    root = seeded(tmp_path, {DB: lambda t: t + "    sync:\n      exclude:\n        - \"**\"\n"})
    problems = assert_caught(root, "sync-no-files", WARNING)
    assert problems[0].line == 42


def test_partial_excludes_leave_files_to_sync(tmp_path):
    root = seeded(tmp_path, {DB: lambda t: t + "sync:\n  exclude:\n    - src/\n    - tests/\n"})
    assert_clean(root, "sync-no-files")


# --- required-value -----------------------------------------------------------------------------


def test_dashboard_without_warehouse(tmp_path):
    dash = "resources:\n  dashboards:\n    sales:\n      display_name: Sales\n      file_path: ../src/sales.lvdash.json\n"
    root = bundle(tmp_path, {"resources/d.yml": dash, "src/sales.lvdash.json": "{}"})
    problems = assert_caught(root, "required-value", ERROR)
    assert_example(problems, "required-value")


def test_grant_without_privileges_and_blank_schema_name(tmp_path):
    schema = (
        "resources:\n  schemas:\n    s:\n      catalog_name: main\n      name: \"  \"\n"
        "      grants:\n        - principal: data-eng\n          privileges: []\n")
    assert_caught(bundle(tmp_path, {"resources/s.yml": schema}), "required-value", ERROR, count=2)


def test_complete_dashboard_grants_and_names_pass(tmp_path):
    files = {
        "resources/d.yml": "resources:\n  dashboards:\n    sales:\n      display_name: Sales\n      warehouse_id: abc\n",
        "resources/s.yml": "resources:\n  schemas:\n    s:\n      catalog_name: main\n      name: sales\n"
                           "      grants:\n        - principal: data-eng\n          privileges: [USE_SCHEMA]\n",
        "resources/w.yml": "resources:\n  sql_warehouses:\n    wh:\n      name: wh\n      cluster_size: Small\n",
    }
    assert_clean(bundle(tmp_path, files), "required-value")


# --- resource-key-interpolation -----------------------------------------------------------------


def test_resource_key_from_a_variable(tmp_path):
    base = BASE + "variables:\n  suffix:\n    default: a\n"
    job = "resources:\n  jobs:\n    job_${var.suffix}:\n      name: j\n"
    problems = assert_caught(bundle(tmp_path, {"resources/j.yml": job}, base), "resource-key-interpolation", ERROR)
    assert_example(problems, "resource-key-interpolation")


def test_resource_key_with_a_reference_in_a_target(tmp_path):
    base = BASE + "    resources:\n      experiments:\n        ${bundle.target}_exp:\n          name: /Shared/x\n"
    assert_caught(bundle(tmp_path, {}, base), "resource-key-interpolation", ERROR)


def test_plain_resource_keys_pass(tmp_path):
    assert_clean(seeded(tmp_path, {}), "resource-key-interpolation")


# --- app-source ---------------------------------------------------------------------------------

APPS = "resources:\n  apps:\n    a:\n      name: a\n{a}    b:\n      name: b\n{b}"


def test_two_apps_with_one_source(tmp_path):
    src = "      source_code_path: ../app\n"
    root = bundle(tmp_path, {"resources/apps.yml": APPS.format(a=src, b=src), "app/app.py": ""})
    problems = assert_caught(root, "app-source", ERROR)
    assert_example(problems, "app-source")


def test_app_without_source_and_app_losing_job_permissions(tmp_path):
    job = ("resources:\n  jobs:\n    j:\n      name: j\n      permissions:\n        - level: CAN_VIEW\n"
           "          group_name: users\n")
    apps = APPS.format(
        a="      source_code_path: ../app\n      resources:\n        - name: job\n          job:\n"
          "            id: ${resources.jobs.j.id}\n            permission: CAN_MANAGE_RUN\n",
        b="")
    root = bundle(tmp_path, {"resources/apps.yml": apps, "resources/job.yml": job, "app/app.py": ""})
    problems = found(root, "app-source")
    assert sorted((p.severity, p.line) for p in problems) == [(ERROR, 11), (WARNING, 3)]


def test_apps_with_their_own_sources_pass(tmp_path):
    apps = APPS.format(a="      source_code_path: ../app_a\n", b="      source_code_path: ../app_b\n")
    root = bundle(tmp_path, {"resources/apps.yml": apps, "app_a/app.py": "", "app_b/app.py": ""})
    assert_clean(root, "app-source")


# --- pipeline-schema ----------------------------------------------------------------------------

UC_PIPELINE = "resources:\n  pipelines:\n    etl:\n      name: etl\n      catalog: main\n{fields}      libraries:\n        - notebook: {{path: /Workspace/etl}}\n"


def test_uc_pipeline_without_schema(tmp_path):
    root = bundle(tmp_path, {"resources/p.yml": UC_PIPELINE.format(fields="")})
    problems = assert_caught(root, "pipeline-schema", ERROR)
    assert_example(problems, "pipeline-schema")


def test_pipeline_naming_a_bundle_schema_directly(tmp_path):
    files = {
        "resources/p.yml": UC_PIPELINE.format(fields="      schema: sales\n"),
        "resources/s.yml": "resources:\n  schemas:\n    sales:\n      catalog_name: main\n      name: sales\n",
    }
    assert_caught(bundle(tmp_path, files), "pipeline-schema", WARNING)


def test_pipeline_with_a_schema_reference_passes(tmp_path):
    files = {
        "resources/p.yml": UC_PIPELINE.format(fields="      schema: ${resources.schemas.sales.name}\n"),
        "resources/s.yml": "resources:\n  schemas:\n    sales:\n      catalog_name: main\n      name: sales\n",
    }
    assert_clean(bundle(tmp_path, files), "pipeline-schema")


# --- serving-telemetry-config -------------------------------------------------------------------

ENDPOINT = """\
resources:
  model_serving_endpoints:
    ep:
      name: ep
      config:
        served_entities:
{entity}      telemetry_config:
{telemetry}"""
MODEL_ENTITY = "          - entity_name: main.ml.churn\n            entity_version: \"1\"\n"
TABLES = "        table_names:\n          logs_table: main.ml.logs\n"


def test_telemetry_without_tables(tmp_path):
    root = bundle(tmp_path, {"resources/ep.yml": ENDPOINT.format(
        entity=MODEL_ENTITY, telemetry="        inference_table_config:\n          catalog_name: main\n")})
    problems = assert_caught(root, "serving-telemetry-config", ERROR)
    assert_example(problems, "serving-telemetry-config")


def test_telemetry_on_an_external_model_endpoint(tmp_path):
    entity = "          - name: gpt\n            external_model:\n              name: gpt-4\n              provider: openai\n              task: llm/v1/chat\n"
    root = bundle(tmp_path, {"resources/ep.yml": ENDPOINT.format(entity=entity, telemetry=TABLES)})
    assert_caught(root, "serving-telemetry-config", ERROR)


def test_telemetry_for_a_registered_model_passes(tmp_path):
    root = bundle(tmp_path, {"resources/ep.yml": ENDPOINT.format(entity=MODEL_ENTITY, telemetry=TABLES)})
    assert_clean(root, "serving-telemetry-config")


# --- vector-search-index-spec -------------------------------------------------------------------

INDEX = """\
resources:
  vector_search_indexes:
    docs:
      name: main.rag.docs_index
      endpoint_name: vs
      primary_key: id
      index_type: {kind}
{spec}"""
DELTA = "      delta_sync_index_spec:\n        source_table: main.rag.docs\n        pipeline_type: TRIGGERED\n"
DIRECT = "      direct_access_index_spec:\n        schema_json: '{}'\n"


def test_delta_sync_index_without_its_spec(tmp_path):
    root = bundle(tmp_path, {"resources/i.yml": INDEX.format(kind="DELTA_SYNC", spec=DIRECT)})
    problems = assert_caught(root, "vector-search-index-spec", ERROR)
    assert_example(problems, "vector-search-index-spec")


def test_direct_access_index_with_both_specs(tmp_path):
    root = bundle(tmp_path, {"resources/i.yml": INDEX.format(kind="DIRECT_ACCESS", spec=DIRECT + DELTA)})
    problems = assert_caught(root, "vector-search-index-spec", ERROR)
    assert "delta_sync_index_spec is not allowed" in problems[0].message


def test_index_with_its_spec_passes(tmp_path):
    root = bundle(tmp_path, {"resources/i.yml": INDEX.format(kind="DELTA_SYNC", spec=DELTA)})
    assert_clean(root, "vector-search-index-spec")


# --- sensitive-reference ------------------------------------------------------------------------

SECRET = "resources:\n  secrets:\n    token:\n      catalog_name: main\n      schema_name: ops\n      name: token\n      value: ${var.token}\n"
SECRET_BASE = BASE + "variables:\n  token:\n    description: From BUNDLE_VAR_token.\n"


def test_job_parameter_reading_a_secret_value(tmp_path):
    root = seeded(tmp_path, {
        "resources/secret.yml": SECRET,
        DB: replace("variables:\n", "variables:\n  token:\n    description: From BUNDLE_VAR_token.\n"),
        JOB: replace("- --job-id", "- ${resources.secrets.token.value}\n              - --job-id"),
    })
    problems = assert_caught(root, "sensitive-reference", ERROR)
    assert_example(problems, "sensitive-reference")


def test_script_env_reading_a_secret_value(tmp_path):
    base = SECRET_BASE + "scripts:\n  s:\n    content: echo\n    env:\n      T: ${resources.secrets.token.value}\n"
    assert_caught(bundle(tmp_path, {"resources/secret.yml": SECRET}, base), "sensitive-reference", ERROR)


def test_reading_a_secret_name_passes(tmp_path):
    job = "resources:\n  jobs:\n    j:\n      name: ${resources.secrets.token.name}\n"
    root = bundle(tmp_path, {"resources/secret.yml": SECRET, "resources/j.yml": job}, SECRET_BASE)
    assert_clean(root, "sensitive-reference")


# --- resource-file-format -----------------------------------------------------------------------

TWO_JOBS = "resources:\n  jobs:\n    train:\n      name: train\n    evaluate:\n      name: evaluate\n"


def test_job_file_with_two_jobs(tmp_path):
    problems = assert_caught(bundle(tmp_path, {"resources/jobs.job.yml": TWO_JOBS}), "resource-file-format", WARNING)
    assert_example(problems, "resource-file-format")


def test_pipeline_file_holding_a_job(tmp_path):
    job = "resources:\n  jobs:\n    train:\n      name: train\n"
    assert_caught(bundle(tmp_path, {"resources/etl.pipeline.yml": job}), "resource-file-format", WARNING)


def test_single_resource_files_pass(tmp_path):
    job = "resources:\n  jobs:\n    train:\n      name: train\ntargets:\n  dev:\n    resources:\n      jobs:\n        train:\n          name: t\n"
    files = {"resources/train.job.yml": job, "resources/jobs.yml": TWO_JOBS.replace("train", "t2").replace("evaluate", "e2")}
    assert_clean(bundle(tmp_path, files), "resource-file-format")


# --- default-target -----------------------------------------------------------------------------


def test_two_default_targets(tmp_path):
    root = seeded(tmp_path, {DB: replace("  staging:\n    mode: production\n",
                                         "  staging:\n    mode: production\n    default: true\n")})
    problems = assert_caught(root, "default-target", ERROR)
    assert_example(problems, "default-target")


def test_default_flag_cleared_in_a_later_file_and_one_default_pass(tmp_path):
    base = BASE + "  prod:\n    default: true\n"
    root = bundle(tmp_path / "cleared", {"resources/t.yml": "targets:\n  prod:\n    default: false\n"}, base)
    assert_clean(root, "default-target")
    # One target marked in two files is still one default.
    root = bundle(tmp_path / "twice", {"resources/t.yml": "targets:\n  dev:\n    default: true\n"},
                  BASE + "  prod:\n    mode: production\n    workspace:\n      root_path: /Shared/x\n")
    assert_clean(root, "default-target")
    assert_clean(CLEAN, "default-target")


# --- bundle-name-missing ------------------------------------------------------------------------

NAMELESS = BASE.replace("bundle:\n  name: probe\n", "")


def test_bundle_without_a_name(tmp_path):
    problems = assert_caught(bundle(tmp_path, {}, NAMELESS), "bundle-name-missing", ERROR)
    assert_example(problems, "bundle-name-missing")


def test_empty_databricks_yml_has_no_name(tmp_path):
    problems = assert_caught(bundle(tmp_path, {}, ""), "bundle-name-missing", ERROR)
    assert problems[0].line == 1


def test_bundle_without_a_name_but_with_a_root_path_is_a_warning(tmp_path):
    base = NAMELESS + "workspace:\n  root_path: /Workspace/Shared/.bundle/probe\n"
    problems = assert_caught(bundle(tmp_path, {}, base), "bundle-name-missing", WARNING)
    assert 'required field "name" is not set' in problems[0].message


def test_bundle_named_in_one_target_only(tmp_path):
    base = NAMELESS + "    bundle:\n      name: probe\n  prod:\n    mode: development\n"
    problems = assert_caught(bundle(tmp_path, {}, base), "bundle-name-missing", ERROR)
    assert problems[0].message.startswith("target 'prod' has no bundle.name: bundle validate fails")


def test_bundle_named_at_the_root_or_in_every_target_passes(tmp_path):
    assert_clean(bundle(tmp_path / "root", {}), "bundle-name-missing")
    base = NAMELESS + "    bundle:\n      name: probe\n"
    assert_clean(bundle(tmp_path / "target", {}, base), "bundle-name-missing")


# --- unknown-reference --------------------------------------------------------------------------


def test_current_user_field_in_snake_case(tmp_path):
    root = seeded(tmp_path, {DB: replace("Users/${workspace.current_user.userName}/", "Users/${workspace.current_user.user_name}/")})
    problems = assert_caught(root, "unknown-reference", ERROR)
    assert_example(problems, "unknown-reference")


def test_misspelt_bundle_and_workspace_fields(tmp_path):
    base = BASE + "    workspace:\n      root_path: /Workspace/Shared/${bundle.nme}/${workspace.rootpath}\n"
    problems = assert_caught(bundle(tmp_path, {}, base), "unknown-reference", ERROR, count=2)
    assert sorted(p.message.split(":")[0] for p in problems) == ["${bundle.nme}", "${workspace.rootpath}"]
    assert "(did you mean ${bundle.name}?)" in texts(problems)[0] + texts(problems)[1]


def test_field_of_a_plain_variable(tmp_path):
    base = BASE + "variables:\n  catalog:\n    default: main\n  region:\n    description: From BUNDLE_VAR_region.\n"
    job = "resources:\n  jobs:\n    j:\n      name: ${var.catalog.name}-${var.region[0]}\n"
    problems = assert_caught(bundle(tmp_path, {"resources/j.yml": job}, base), "unknown-reference", ERROR, count=2)
    assert [p.message.split(" reads ")[0] for p in problems] == ["${var.catalog.name}", "${var.region[0]}"]
    assert 'bundle validate fails ("expected a map to index variables.catalog.value.name")' in problems[0].message


def test_known_fields_and_complex_variables_pass(tmp_path):
    base = BASE + (
        "variables:\n  cluster:\n    type: complex\n    default:\n      spark_version: 15.4.x-scala2.12\n"
        "  tags:\n    type: complex\n    description: From a target.\n"
        "  catalog:\n    default: main\n")
    job = (
        "resources:\n  jobs:\n    j:\n      name: ${bundle.name}-${bundle.target}-${bundle.git.branch}\n"
        "      description: ${workspace.current_user.userName} ${workspace.current_user.short_name} "
        "${workspace.current_user.displayName} ${workspace.file_path} ${var.catalog} "
        "${var.cluster.spark_version} ${var.tags.team} ${var.tags.anything[0]} ${variables.catalog.value}\n")
    assert_clean(bundle(tmp_path, {"resources/j.yml": job}, base), "unknown-reference")
    assert_clean(CLEAN, "unknown-reference")


def test_target_assigning_a_mapping_makes_a_variable_complex(tmp_path):
    base = BASE + "    variables:\n      tags:\n        team: ml\nvariables:\n  tags:\n    description: Tags.\n"
    job = "resources:\n  jobs:\n    j:\n      name: ${var.tags.team}\n"
    assert_clean(bundle(tmp_path, {"resources/j.yml": job}, base), "unknown-reference")


# --- task-dependency-undefined / environment-key-undefined / duplicate-task-key (beyond the CLI) -

DAILY = """\
resources:
  jobs:
    daily:
      name: daily
      tasks:
        - task_key: prepare
          environment_key: default
          spark_python_task: {{python_file: /Workspace/prepare.py}}
        - task_key: train
          environment_key: {env}
          depends_on:
            - task_key: {dependency}
          spark_python_task: {{python_file: /Workspace/train.py}}
        - task_key: {third}
          environment_key: default
          for_each_task:
            inputs: "[1, 2]"
            task:
              task_key: each
              environment_key: default
              depends_on:
                - task_key: {inner}
              notebook_task: {{notebook_path: /Workspace/each}}
      environments:
        - environment_key: default
          spec: {{client: "3"}}
"""


def daily(**changes) -> str:
    values = {"env": "default", "dependency": "prepare", "third": "fan", "inner": "train", **changes}
    return DAILY.format(**values)


def test_dependency_on_a_task_the_job_does_not_have(tmp_path):
    root = bundle(tmp_path, {"resources/d.yml": daily(dependency="prepare_data")})
    problems = assert_caught(root, "task-dependency-undefined", ERROR)
    assert_example(problems, "task-dependency-undefined")


def test_dependency_inside_for_each_is_in_the_jobs_scope(tmp_path):
    root = bundle(tmp_path, {"resources/d.yml": daily(inner="each")})
    problems = assert_caught(root, "task-dependency-undefined", ERROR)
    assert problems[0].line == 22 and "(inside for_each_task)" in problems[0].message


def test_environment_key_the_job_does_not_define(tmp_path):
    root = bundle(tmp_path, {"resources/d.yml": daily(env="defualt")})
    problems = assert_caught(root, "environment-key-undefined", ERROR)
    assert_example(problems, "environment-key-undefined")


def test_two_tasks_with_one_key(tmp_path):
    root = bundle(tmp_path, {"resources/d.yml": daily(third="prepare")})
    problems = assert_caught(root, "duplicate-task-key", ERROR)
    assert_example(problems, "duplicate-task-key")


def test_defined_dependencies_environments_and_target_task_overrides_pass(tmp_path):
    # A target writing the job's task again is the CLI's merge by task_key, not a duplicate.
    base = BASE + ("    resources:\n      jobs:\n        daily:\n          tasks:\n"
                   "            - task_key: train\n              max_retries: 1\n")
    root = bundle(tmp_path, {"resources/d.yml": daily()}, base)
    for rule in ("task-dependency-undefined", "environment-key-undefined", "duplicate-task-key"):
        assert_clean(root, rule)
    assert check(root).problems == [], texts(check(root).problems)


# --- pipeline-glob-unmatched (beyond the CLI) / pipeline library wildcards -----------------------

GLOB_PIPELINE = """\
resources:
  pipelines:
    etl:
      name: etl
      catalog: main
      schema: etl
      serverless: true
      libraries:
        - glob: {{include: {include}}}
"""
SOURCES = {"src/transformations/a.py": "import dlt\n", "src/transformations/b.sql": "SELECT 1\n"}


def test_glob_include_of_a_missing_folder(tmp_path):
    root = bundle(tmp_path, {"resources/etl.yml": GLOB_PIPELINE.format(include="../src/transformation/**"), **SOURCES})
    problems = assert_caught(root, "pipeline-glob-unmatched", WARNING)
    assert_example(problems, "pipeline-glob-unmatched")


def test_glob_include_of_a_missing_file_and_a_pattern_matching_nothing(tmp_path):
    pipeline = GLOB_PIPELINE.format(include="../src/transformations/c.py") + "        - glob: {include: ../src/*.sql}\n"
    problems = assert_caught(bundle(tmp_path, {"resources/etl.yml": pipeline, **SOURCES}),
                             "pipeline-glob-unmatched", WARNING, count=2)
    assert [p.line for p in problems] == [9, 10]


def test_glob_includes_that_match_pass(tmp_path):
    pipeline = (GLOB_PIPELINE.format(include="../src/transformations/**")
                + "        - glob: {include: ../src/transformations/a.py}\n"
                + "        - glob: {include: ../src/**/*.sql}\n"
                + "        - glob: {include: /Workspace/Shared/etl/**}\n"
                + "        - glob: {include: '${workspace.file_path}/src/**'}\n")
    assert_clean(bundle(tmp_path, {"resources/etl.yml": pipeline, **SOURCES}), "pipeline-glob-unmatched")
    assert_clean(Path(__file__).parent / "fixtures" / "check" / "lakeflow_pipeline", "pipeline-glob-unmatched")


def test_file_library_wildcards_are_expanded_as_the_cli_does(tmp_path):
    # The CLI expands notebook/file paths with filepath.Glob: matches are libraries, checked one
    # by one; a pattern matching nothing is kept and fails as a missing path.
    files = {"src/transformations/a.py": "import dlt\n", "src/transformations/b.py": "# Databricks notebook source\n"}
    pipeline = GLOB_PIPELINE.replace("        - glob: {{include: {include}}}\n", "        - file: {{path: {path}}}\n")
    root = bundle(tmp_path / "ok", {"resources/etl.yml": pipeline.format(path="../src/transformations/a*.py"), **files})
    assert [p for p in check(root).problems if p.rule in ("missing-path", "wrong-path-kind")] == []
    root = bundle(tmp_path / "kind", {"resources/etl.yml": pipeline.format(path="../src/transformations/*.py"), **files})
    assert [p.rule for p in found(root, "wrong-path-kind")] == ["wrong-path-kind"]  # b.py is a notebook
    root = bundle(tmp_path / "none", {"resources/etl.yml": pipeline.format(path="../src/*.py"), **files})
    assert [p.rule for p in found(root, "missing-path")] == ["missing-path"]
