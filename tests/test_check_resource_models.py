"""Rule `resource-model`: every bundle resource loads into the databricks-bundles dataclasses.

No schema needed: the package is a dependency of `bricksmith[check]`.
"""

from __future__ import annotations

from checkkit import CLEAN, check, replace, seeded

from bricksmith.check import Checker
from bricksmith.check.bundle_models import model_class
from bricksmith.check.rules import resource_models as family

RULE = "resource-model"
JOB = "resources/training-job.yml"
ARTIFACTS = "resources/ml-artifacts.yml"
NAME = "      name: clean-project-training\n"


def lines(report):
    return [p.text() for p in report.problems if p.rule == RULE]


def after_job_name(text: str):
    return replace(NAME, NAME + text)


def test_clean_fixture_passes():
    report = check(CLEAN)
    assert lines(report) == []
    assert RULE not in {n.rule for n in report.not_run}


def test_the_mapping_covers_the_mlops_resources():
    for kind, cls in {
        "jobs": "Job", "registered_models": "RegisteredModel", "experiments": "MlflowExperiment",
        "quality_monitors": "QualityMonitor", "model_serving_endpoints": "ModelServingEndpoint",
        "pipelines": "Pipeline", "schemas": "Schema", "volumes": "Volume", "models": "MlflowModel",
    }.items():
        assert model_class(kind).__name__ == cls
    for kind in ("postgres_projects", "core", "build", "no_such_type", "../x"):
        assert model_class(kind) is None


# --- seeded defects ----------------------------------------------------------------------------


def test_unknown_field_on_a_job_task(tmp_path):
    project = seeded(tmp_path, {JOB: replace("          notebook_task:\n", "          notebook_tsk:\n")})
    assert lines(check(project)) == [
        ("resources/training-job.yml:7: resource-model: resources.jobs.training_job.tasks[0]: "
        "unknown field 'notebook_tsk' for Task (did you mean 'notebook_task'?)")
    ]


def test_wrong_type_for_max_concurrent_runs(tmp_path):
    project = seeded(tmp_path, {JOB: after_job_name("      max_concurrent_runs: lots\n")})
    assert lines(check(project)) == [
        ("resources/training-job.yml:5: resource-model: resources.jobs.training_job."
        "max_concurrent_runs: expected an integer or a ${...} reference, got string 'lots'")
    ]


def test_bad_enum_in_a_registered_model(tmp_path):
    edit = replace("      comment: Registered model of the clean fixture.\n",
                   "      comment: Registered model of the clean fixture.\n"
                   "      grants:\n        - principal: data-scientists\n"
                   "          privileges: [EXECUTE, READ_EVERYTHING]\n")
    [line] = lines(check(seeded(tmp_path, {ARTIFACTS: edit})))
    assert line.startswith(
        "resources/ml-artifacts.yml:10: resource-model: resources.registered_models.model.grants[0]"
        ".privileges[1]: string 'READ_EVERYTHING' is not a valid Privilege (one of 'SELECT', "
    )


def test_unknown_description_on_an_experiment(tmp_path):
    edit = replace("    experiment:\n", "    experiment:\n      description: Runs of the model.\n")
    assert lines(check(seeded(tmp_path, {ARTIFACTS: edit}))) == [
        ("resources/ml-artifacts.yml:11: resource-model: resources.experiments.experiment: "
        "unknown field 'description' for MlflowExperiment")
    ]


def test_git_source_info_in_a_condition_task(tmp_path):
    edit = replace("        - task_key: evaluate\n",
                   "        - task_key: gate\n          condition_task:\n            op: EQUAL_TO\n"
                   "            left: a\n            right: b\n            git_source_info: {}\n"
                   "        - task_key: evaluate\n")
    assert lines(check(seeded(tmp_path, {JOB: edit}))) == [
        ("resources/training-job.yml:19: resource-model: resources.jobs.training_job.tasks[1]."
        "condition_task: unknown field 'git_source_info' for ConditionTask")
    ]


def test_every_mistake_in_a_resource_is_reported_not_just_the_first(tmp_path):
    edit = after_job_name(
        "      max_concurrent_runs: lots\n"
        "      permissions:\n        - level: CAN_FOO\n          user_name: a@example.com\n"
        "      email_notifications:\n        on_failure: a@example.com\n"
    )
    problems = lines(check(seeded(tmp_path, {JOB: edit})))
    assert problems == [
        ("resources/training-job.yml:5: resource-model: resources.jobs.training_job."
        "max_concurrent_runs: expected an integer or a ${...} reference, got string 'lots'"),
        ("resources/training-job.yml:7: resource-model: resources.jobs.training_job.permissions[0]."
        "level: string 'CAN_FOO' is not a valid JobPermissionLevel (one of 'CAN_MANAGE', "
        "'IS_OWNER', 'CAN_MANAGE_RUN', 'CAN_VIEW')"),
        ("resources/training-job.yml:10: resource-model: resources.jobs.training_job."
        "email_notifications.on_failure: expected a list, got string 'a@example.com'"),
    ]  # and no made-up "missing required field 'level'" after stepping over the bad level


def test_a_bad_list_item_is_stepped_over_too(tmp_path):
    edit = replace("        - task_key: evaluate\n", "        - ~\n        - task_key: evaluate\n")
    edit2 = after_job_name("      job_clusters: {main: {}}\n")
    project = seeded(tmp_path, {JOB: lambda text: edit2(edit(text))})
    assert lines(check(project)) == [
        ("resources/training-job.yml:5: resource-model: resources.jobs.training_job.job_clusters: "
        "expected a list, got a mapping"),
        ("resources/training-job.yml:15: resource-model: resources.jobs.training_job.tasks[1]: "
        "expected a mapping (Task), got an empty value"),
    ]


def test_references_are_accepted_where_values_are_expected(tmp_path):
    edit = after_job_name(
        "      max_concurrent_runs: ${var.runs}\n      tags: ${var.tags}\n"
        "      queue:\n        enabled: ${var.queue}\n"
    )
    assert lines(check(seeded(tmp_path, {JOB: edit}))) == []


def test_resource_types_without_a_model_class_are_skipped(tmp_path):
    edit = replace("  experiments:\n", "  postgres_projects:\n    p:\n      whatever: 1\n\n  experiments:\n")
    assert lines(check(seeded(tmp_path, {ARTIFACTS: edit}))) == []


def test_broken_yaml_is_left_to_the_syntax_rule(tmp_path):
    report = check(seeded(tmp_path, {JOB: replace("  jobs:\n", "  jobs: [\n")}))
    assert lines(report) == [] and "bundle-yaml-syntax" in {p.rule for p in report.problems}


# --- which resources -----------------------------------------------------------------------------


def test_not_included_resources_file_is_checked(tmp_path):
    edits = {
        "databricks.yml": replace("  - resources/*.yml\n", "  - resources/training-job.yml\n"),
        ARTIFACTS: replace("    experiment:\n", "    experiment:\n      description: x\n"),
    }
    assert [(p.path, p.line) for p in check(seeded(tmp_path, edits)).problems if p.rule == RULE] == [
        (ARTIFACTS, 11)
    ]


def test_included_but_missing_file_does_not_stop_the_others(tmp_path):
    edits = {
        "databricks.yml": replace("  - resources/*.yml\n", "  - resources/*.yml\n  - conf/missing.yml\n"),
        JOB: after_job_name("      max_concurrent_runs: lots\n"),
    }
    assert [(p.path, p.line) for p in check(seeded(tmp_path, edits)).problems if p.rule == RULE] == [
        (JOB, 5)
    ]


TARGET = "  prod:\n    mode: production\n"


def test_target_override_with_an_unknown_field(tmp_path):
    edit = replace(TARGET, TARGET + (
        "    resources:\n      jobs:\n        training_job:\n          tasks:\n"
        "            - task_key: train\n              run_if: ALL_DONE\n              retry: 2\n"
    ))
    assert lines(check(seeded(tmp_path, {"databricks.yml": edit}))) == [
        ("databricks.yml:44: resource-model: targets.prod.resources.jobs.training_job.tasks[0]: "
        "unknown field 'retry' for Task")
    ]


def test_partial_target_override_is_judged_merged_onto_its_base(tmp_path):
    # Alone, these overrides lack required fields (an experiment's name, a notebook task's
    # path); merged onto their base definitions, as the CLI merges them, they are complete.
    edit = replace(TARGET, TARGET + (
        "    resources:\n      experiments:\n        experiment:\n          permissions:\n"
        "            - level: CAN_READ\n              group_name: users\n"
        "      jobs:\n        training_job:\n          tasks:\n            - task_key: train\n"
        "              notebook_task:\n                base_parameters:\n"
        "                  schema: prod\n"
    ))
    assert lines(check(seeded(tmp_path, {"databricks.yml": edit}))) == []


def test_what_the_merge_cannot_complete_is_reported_where_it_is(tmp_path):
    edit = replace(TARGET, TARGET + (
        "    resources:\n      jobs:\n        training_job:\n          tasks:\n"
        "            - task_key: gate\n              condition_task:\n"
        "                op: EQUAL_TO\n"
    ))
    assert lines(check(seeded(tmp_path, {"databricks.yml": edit}))) == [
        ("databricks.yml:43: resource-model: targets.prod.resources.jobs.training_job.tasks[0]."
        "condition_task: missing required fields 'left', 'right' for ConditionTask")
    ]


def test_target_only_resource_must_be_complete(tmp_path):
    edit = replace(TARGET, TARGET + (
        "    resources:\n      experiments:\n        scratch:\n          permissions: []\n"
    ))
    assert lines(check(seeded(tmp_path, {"databricks.yml": edit}))) == [
        ("databricks.yml:40: resource-model: targets.prod.resources.experiments.scratch: missing "
        "required field 'name' for MlflowExperiment")
    ]


# --- documentation ----------------------------------------------------------------------------


def test_rule_example_is_real_output(tmp_path):
    edit = replace("        - task_key: evaluate\n",
                   "        - task_key: gate\n          condition_task:\n            op: EQUALS\n"
                   "            left: \"{{tasks.train.values.run_id}}\"\n            right: \"\"\n"
                   "        - task_key: evaluate\n")
    report = Checker(families=[family]).check(seeded(tmp_path, {JOB: edit}))
    assert [p.text() for p in report.problems] == [family.RULES[0].example]
