"""Bundle semantics (issue 3, rule 3): seeded defects of the clean fixture, each caught by its rule.

Each test seeds one defect and asserts the exact rule id (and, for the rule's documented example,
the exact problem line).  Counter-cases check what must stay accepted: YAML anchor blocks,
escaped references, target overrides, paths relative to the file that writes them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from checkkit import CLEAN, check, replace, rule_ids, seeded

from bricksmith.check.problem import Problem
from bricksmith.check.rules import bundle_semantics

OURS = {rule.id for rule in bundle_semantics.RULES}
EXAMPLES = {rule.id: rule.example for rule in bundle_semantics.RULES}

DB = "databricks.yml"
JOB = "resources/training-job.yml"
ART = "resources/ml-artifacts.yml"


def problems(tmp_path, edits) -> list[Problem]:
    """Our family's problems in a seeded copy of the clean project."""
    return [p for p in check(seeded(tmp_path, edits)).problems if p.rule in OURS]


def lines(found: list[Problem]) -> list[str]:
    return [p.text() for p in found]


def assert_example(found: list[Problem], rule: str) -> None:
    """The rule's documented example is exactly one of the problems found."""
    assert EXAMPLES[rule] in lines(found), lines(found)


def test_clean_fixture_has_no_semantic_problems():
    assert [p.text() for p in check(CLEAN).problems if p.rule in OURS] == []


def test_every_rule_has_an_id_of_this_family():
    assert len(OURS) == len(bundle_semantics.RULES)
    assert all(rule.family == "bundle" for rule in bundle_semantics.RULES)


# --- unknown-root-key ---------------------------------------------------------------------------


def test_misspelt_root_key(tmp_path):
    found = problems(tmp_path, {DB: replace("variables:\n  catalog_name:", "variable:\n  catalog_name:")})
    assert_example(found, "unknown-root-key")


def test_unknown_root_key_in_included_file(tmp_path):
    found = problems(tmp_path, {ART: lambda t: t + "\nworkflows:\n  nightly: true\n"})
    assert [(p.path, p.line, p.rule) for p in found] == [(ART, 13, "unknown-root-key")]


def test_anchor_blocks_at_root_are_accepted(tmp_path):
    edits = {
        JOB: lambda t: (
            "x-schedule: &schedule\n  quartz_cron_expression: \"0 0 7 * * ?\"\n  timezone_id: UTC\n"
            "x-common:\n  tags: &tags\n    team: ml\n"
            + t.replace("      schedule:\n        quartz_cron_expression: \"0 0 7 * * ?\"\n        timezone_id: UTC\n",
                        "      schedule: *schedule\n      tags: *tags\n")
        ),
    }
    assert "unknown-root-key" not in rule_ids(check(seeded(tmp_path, edits)))


def test_a_key_that_only_uses_an_alias_is_still_unknown(tmp_path):
    edits = {JOB: lambda t: "x-tags: &tags\n  team: ml\ncopy: *tags\n" + t}
    found = problems(tmp_path, edits)
    assert [(p.line, p.rule) for p in found] == [(3, "unknown-root-key")]


# --- target-mode --------------------------------------------------------------------------------


def test_abbreviated_mode(tmp_path):
    found = problems(tmp_path, {DB: replace("mode: development", "mode: dev")})
    assert_example(found, "target-mode")


def test_capitalised_mode(tmp_path):
    found = problems(tmp_path, {DB: replace("  staging:\n    mode: production", "  staging:\n    mode: Production")})
    assert [(p.line, p.rule) for p in found] == [(29, "target-mode")]


# --- include-unmatched --------------------------------------------------------------------------


def test_include_glob_matching_nothing(tmp_path):
    # Accepted by the CLI: a warning, and only where it looks like a mistake (a folder that does
    # not exist, files deeper than `*` reaches).
    found = problems(tmp_path, {DB: replace("  - resources/*.yml", "  - resource/*.yml")})
    assert [p.text() for p in found if p.rule == "include-unmatched"] == [
        "databricks.yml:7: include-unmatched: warning: include 'resource/*.yml' matches no file, "
        "and its folder 'resource' does not exist",
    ]


def test_include_glob_waiting_for_its_first_file_is_fine(tmp_path):
    # The CLI's own minimal and pydabs templates write `include: resources/*.yml` with no file yet.
    found = problems(tmp_path, {DB: replace("  - resources/*.yml", "  - resources/*.yml\n  - jobs/*.yml"),
                                "jobs/.gitkeep": ""})
    assert [p for p in found if p.rule == "include-unmatched"] == []


def test_include_of_a_missing_file(tmp_path):
    found = problems(tmp_path, {DB: replace("  - resources/*.yml", "  - resources/*.yml\n  - resources/jobs.yml")})
    assert_example(found, "include-unmatched")
    assert [p.severity for p in found] == ["error"]


def test_include_globs_do_not_recurse(tmp_path):
    # Go's filepath.Glob: `*` stops at `/`, so resources/*.yml misses resources/jobs/*.yml.
    edits = {
        DB: replace("  - resources/*.yml", "  - resources/*.yml\n  - src/*.yml"),
        "src/nested/extra.yml": "resources: {}\n",
    }
    assert "include-unmatched" in rule_ids(check(seeded(tmp_path, edits)))


def test_include_of_non_yaml_files(tmp_path):
    found = problems(tmp_path, {DB: replace("  - resources/*.yml", "  - resources/*.yml\n  - src/*.py")})
    assert {p.rule for p in found} == {"include-unmatched"}
    assert "matches src/lib.py, which is not a YAML or JSON file" in " ".join(p.message for p in found)


def test_include_in_an_included_file(tmp_path):
    found = problems(tmp_path, {ART: lambda t: "include:\n  - other/*.yml\n" + t})
    assert [(p.path, p.line, p.rule) for p in found] == [(ART, 1, "include-unmatched")]


def test_absolute_and_malformed_include_entries(tmp_path):
    edits = {DB: replace("  - resources/*.yml", "  - resources/*.yml\n  - /etc/*.yml\n  - resources/[a.yml")}
    assert [p.text() for p in problems(tmp_path, edits)] == [
        "databricks.yml:8: include-unmatched: include '/etc/*.yml' must be a relative path",
        "databricks.yml:9: include-unmatched: include 'resources/[a.yml' is not a valid glob",
    ]


def test_double_star_is_no_recursive_wildcard(tmp_path):
    edits = {
        DB: replace("  - resources/*.yml", "  - resources/*.yml\n  - jobs/**.yml"),
        "jobs/nightly/extra.yml": "resources: {}\n",
    }
    assert [(p.line, p.rule) for p in problems(tmp_path, edits)] == [(8, "include-unmatched")]


# --- undeclared-variable ------------------------------------------------------------------------


def test_reference_to_an_undeclared_variable(tmp_path):
    found = problems(tmp_path, {JOB: replace("catalog: ${var.catalog_name}", "catalog: ${var.catalog}")})
    assert_example(found, "undeclared-variable")


def test_catalog_variable_not_declared_by_the_configuration(tmp_path):
    # mlops-stacks' defect: the jobs use ${var.catalog_name}, the configuration does not declare it.
    edits = {DB: replace(
        "  catalog_name:\n    description: Unity Catalog catalog of the project's tables and models.\n"
        "    default: main\n", "")}
    found = problems(tmp_path, edits)
    assert {p.rule for p in found} == {"undeclared-variable"}
    assert sorted((p.path, p.line) for p in found) == [(ART, 5), (JOB, 10), (JOB, 12)]


def test_long_form_variable_reference(tmp_path):
    found = problems(tmp_path, {JOB: replace("${var.schema_name}.", "${variables.schemaname.value}.")})
    assert [(p.line, p.rule) for p in found] == [(12, "undeclared-variable")]


def test_target_assigning_an_undeclared_variable(tmp_path):
    found = problems(tmp_path, {DB: replace("      schema_name: clean_project_staging", "      schema: clean_project_staging")})
    assert [p.text() for p in found] == [
        ("databricks.yml:34: undeclared-variable: target 'staging' assigns variable 'schema',"
        " which no 'variables:' block declares"),
    ]


def test_escaped_and_dynamic_references_are_not_variables(tmp_path):
    edits = {JOB: replace("- --job-id", "- $${var.not_a_variable}\n              - --job-id")}
    assert problems(tmp_path, edits) == []


# --- unknown-resource-ref -----------------------------------------------------------------------


def test_reference_to_a_misspelt_resource(tmp_path):
    found = problems(tmp_path, {JOB: replace("registered_models.model.name", "registered_models.modle.name")})
    assert_example(found, "unknown-resource-ref")


def test_reference_to_a_wrong_resource_type(tmp_path):
    found = problems(tmp_path, {JOB: replace('"{{job.id}}"', "${resources.job.training_job.id}")})
    assert [(p.line, p.rule) for p in found] == [(23, "unknown-resource-ref")]


def test_reference_to_a_field_no_job_has(tmp_path):
    # Beyond the CLI: validate leaves ${resources...} fields to the deploy, which cannot resolve it.
    found = problems(tmp_path, {JOB: replace('"{{job.id}}"', "${resources.jobs.training_job.idd}")})
    assert [p.text() for p in found] == [
        f"{JOB}:23: unknown-resource-ref: ${{resources.jobs.training_job.idd}} reads field 'idd', which "
        "no job has (did you mean ${resources.jobs.training_job.id}?): bundle validate accepts it, but "
        "the deploy cannot resolve it"]
    assert found[0].severity == "error"


def test_job_fields_of_settings_cli_and_deployed_job_pass(tmp_path):
    refs = " ".join(f"${{resources.jobs.training_job.{f}}}" for f in ("id", "url", "name", "tasks[0].task_key",
                                                                        "job_id", "creator_user_name"))
    assert problems(tmp_path, {JOB: replace('"{{job.id}}"', f'"{refs}"')}) == []
    # Other resource types' fields are not checked: their deployed fields are not all known.
    assert problems(tmp_path / "other", {JOB: replace('"{{job.id}}"', "${resources.registered_models.model.whatever}")}) == []


def test_resource_defined_in_a_target_override_can_be_referenced(tmp_path):
    edits = {
        DB: replace(
            "    variables:\n      schema_name: clean_project_staging\n",
            "    variables:\n      schema_name: clean_project_staging\n"
            "    resources:\n      jobs:\n        smoke_test:\n          name: clean-project-smoke\n",
        ),
        JOB: replace('"{{job.id}}"', "${resources.jobs.smoke_test.id}"),
    }
    assert problems(tmp_path, edits) == []


# --- missing-path / wrong-path-kind -------------------------------------------------------------


def test_notebook_path_without_extension(tmp_path):
    found = problems(tmp_path, {JOB: replace("notebook_path: ../src/train.py", "notebook_path: ../src/train")})
    assert_example(found, "missing-path")


def test_missing_python_file(tmp_path):
    found = problems(tmp_path, {JOB: replace("../src/evaluate.py", "../src/eval.py")})
    assert [p.text() for p in found] == [
        f"{JOB}:18: missing-path: file '../src/eval.py' not found (src/eval.py does not exist)"
    ]


def test_path_written_relative_to_the_bundle_root_instead_of_its_file(tmp_path):
    found = problems(tmp_path, {JOB: replace("notebook_path: ../src/train.py", "notebook_path: src/train.py")})
    assert [(p.line, p.rule) for p in found] == [(8, "missing-path")]
    assert "resources/src/train.py does not exist" in found[0].message


def test_path_outside_the_bundle_root(tmp_path):
    found = problems(tmp_path, {JOB: replace("../src/evaluate.py", "../../shared/evaluate.py")})
    assert [(p.line, p.rule) for p in found] == [(18, "missing-path")]


def test_target_override_paths_are_relative_to_their_own_file(tmp_path):
    override = (
        "    resources:\n      jobs:\n        training_job:\n          tasks:\n"
        "            - task_key: train\n              notebook_task:\n"
        "                notebook_path: {path}\n"
    )
    anchor = "    variables:\n      schema_name: clean_project_staging\n"
    good = {DB: replace(anchor, anchor + override.format(path="./src/train.py"))}
    assert problems(tmp_path / "good", good) == []
    bad = {DB: replace(anchor, anchor + override.format(path="../src/train.py"))}
    assert [(p.path, p.line, p.rule) for p in problems(tmp_path / "bad", bad)] == [(DB, 41, "missing-path")]


def test_workspace_and_interpolated_paths_are_not_local(tmp_path):
    def edit(text: str) -> str:
        text = replace("notebook_path: ../src/train.py", "notebook_path: ${workspace.file_path}/src/train")(text)
        return replace("../src/evaluate.py", "/Workspace/Shared/evaluate.py")(text)

    assert problems(tmp_path, {JOB: edit}) == []


def test_python_file_that_is_a_notebook(tmp_path):
    found = problems(tmp_path, {JOB: replace("../src/evaluate.py", "../src/train.py")})
    assert_example(found, "wrong-path-kind")


def test_notebook_path_to_a_plain_file(tmp_path):
    found = problems(tmp_path, {JOB: replace("notebook_path: ../src/train.py", "notebook_path: ../src/lib.py")})
    assert [(p.line, p.rule) for p in found] == [(8, "wrong-path-kind")]


def test_notebook_without_its_header(tmp_path):
    found = problems(tmp_path, {"src/train.py": replace("# Databricks notebook source\n", "")})
    assert [(p.path, p.line, p.rule) for p in found] == [(JOB, 8, "wrong-path-kind")]


# --- duplicate-resource-key / duplicate-job-name ------------------------------------------------


def test_same_key_for_two_resource_types(tmp_path):
    found = problems(tmp_path, {ART: replace("    experiment:\n", "    model:\n")})
    assert_example(found, "duplicate-resource-key")


def test_same_job_key_in_two_files(tmp_path):
    extra = "resources:\n  jobs:\n    training_job:\n      name: clean-project-retraining\n"
    found = problems(tmp_path, {"resources/retraining-job.yml": extra})
    assert [(p.path, p.line, p.rule) for p in found] == [("resources/training-job.yml", 3, "duplicate-resource-key")]


EVALUATION_JOB = "resources:\n  jobs:\n    evaluation_job:\n      name: {name}\n"


def test_two_jobs_with_one_name(tmp_path):
    found = problems(tmp_path, {"resources/evaluation-job.yml": EVALUATION_JOB.format(name="clean-project-training")})
    assert_example(found, "duplicate-job-name")
    assert {p.severity for p in found} == {"warning"}


def test_job_names_collide_through_a_target_override(tmp_path):
    edits = {
        "resources/evaluation-job.yml": EVALUATION_JOB.format(name="clean-project-evaluation"),
        DB: lambda t: t + (
            "    resources:\n      jobs:\n        evaluation_job:\n          name: clean-project-training\n"
        ),
    }
    found = problems(tmp_path, edits)
    # Only in staging, whose override renames the job: both jobs of the clash are reported.
    assert sorted((p.path, p.line, p.rule) for p in found) == [
        (DB, 44, "duplicate-job-name"), (JOB, 4, "duplicate-job-name")]
    assert all("'clean-project-training'" in p.message for p in found)


# --- production-root-path -----------------------------------------------------------------------

PROD_ROOT = "      root_path: /Workspace/Shared/.bundle/${bundle.name}/${bundle.target}\n"


def test_production_target_without_root_path(tmp_path):
    found = problems(tmp_path, {DB: lambda t: t[: t.rindex(PROD_ROOT)]})
    assert_example(found, "production-root-path")


def test_root_level_root_path_does_not_count(tmp_path):
    # The CLI only accepts the target's own root_path (isExplicitRootSet).
    def edit(text: str) -> str:
        text = text[: text.rindex(PROD_ROOT)]
        return text.replace("include:", "workspace:\n  root_path: /Workspace/Shared/.bundle/x\n\ninclude:", 1)

    found = problems(tmp_path, {DB: edit})
    assert [(p.line, p.rule) for p in found] == [(40, "production-root-path")]


def test_run_as_on_every_job_lets_production_go_without_root_path(tmp_path):
    def edit(text: str) -> str:
        text = text[: text.rindex(PROD_ROOT)]
        return text + "    run_as:\n      service_principal_name: 8d3b1a4e-0000-4000-8000-000000000001\n"

    assert problems(tmp_path, {DB: edit}) == []


# --- production-development-pipeline ------------------------------------------------------------

ETL = (
    "resources:\n  pipelines:\n    etl:\n      name: clean-project-etl\n{development}"
    "      catalog: ${{var.catalog_name}}\n      schema: ${{var.schema_name}}\n"
    "      libraries:\n        - notebook:\n            path: ../src/train.py\n"
)


def test_pipeline_in_development_mode_in_production(tmp_path):
    found = problems(tmp_path, {"resources/etl.yml": ETL.format(development="      development: true\n")})
    assert_example(found, "production-development-pipeline")
    assert {p.message.split("'")[3] for p in found} == {"staging", "prod"}


def test_pipelines_development_preset_in_production(tmp_path):
    edits = {
        "resources/etl.yml": ETL.format(development=""),
        DB: lambda t: t + "    presets:\n      pipelines_development: true\n",
    }
    found = problems(tmp_path, edits)
    assert [(p.line, p.rule) for p in found] == [(42, "production-development-pipeline")]


def test_development_pipeline_only_in_a_development_override(tmp_path):
    edits = {
        "resources/etl.yml": ETL.format(development=""),
        DB: replace("      trigger_pause_status: PAUSED\n",
                    "      trigger_pause_status: PAUSED\n"
                    "    resources:\n      pipelines:\n        etl:\n          development: true\n"),
    }
    assert problems(tmp_path, edits) == []


# --- development-user-scope ---------------------------------------------------------------------


def test_development_root_path_shared_by_everyone(tmp_path):
    found = problems(tmp_path, {DB: replace("/Workspace/Users/${workspace.current_user.userName}/.bundle",
                                            "/Workspace/Shared/.bundle")})
    assert_example(found, "development-user-scope")


def test_development_name_prefix_without_user(tmp_path):
    found = problems(tmp_path, {DB: replace('"[dev ${workspace.current_user.short_name}] "', '"[dev] "')})
    assert [(p.line, p.rule) for p in found] == [(25, "development-user-scope")]


def test_development_target_unpausing_triggers(tmp_path):
    found = problems(tmp_path, {DB: replace("trigger_pause_status: PAUSED", "trigger_pause_status: UNPAUSED")})
    assert [(p.line, p.rule) for p in found] == [(26, "development-user-scope")]


def test_development_paths_resolve_variables(tmp_path):
    declare = "variables:\n  home:\n    description: Deployment folder.\n    default: {home}\n"
    user_path = "/Workspace/Users/${workspace.current_user.userName}/.bundle"

    def edits(home: str) -> dict:
        return {DB: lambda t: t.replace(user_path, "${var.home}/.bundle", 1)
                .replace("variables:\n", declare.format(home=home), 1)}

    assert problems(tmp_path / "user", edits(user_path.removesuffix("/.bundle"))) == []
    found = problems(tmp_path / "shared", edits("/Workspace/Shared"))
    assert [(p.line, p.rule) for p in found] == [(26, "development-user-scope")]


def test_home_folder_shorthand_is_accepted(tmp_path):
    edits = {DB: replace("/Workspace/Users/${workspace.current_user.userName}/.bundle", "~/.bundle")}
    assert problems(tmp_path, edits) == []


@pytest.mark.parametrize("rule", sorted(OURS))
def test_every_rule_has_a_seeded_example(rule):
    # Each rule's example line is asserted verbatim by one of the tests above, or (for the rules
    # that reproduce more of `bundle validate`) by test_check_bundle_validate.py.
    source = Path(__file__).read_text(encoding="utf-8")
    others = (Path(__file__).parent / "test_check_bundle_validate.py").read_text(encoding="utf-8")
    assert f'assert_example(found, "{rule}")' in source or f'assert_example(problems, "{rule}")' in others
