"""Rules `bundle-schema` and `bundle-yaml-syntax`: bundle files load like the CLI loads them
and validate against the official bundle JSON schema.

Tests that validate need the schema (checkkit.bundle_schema()): they skip without it, except in
CI, where they fail.
"""

from __future__ import annotations

import os
import shutil
import stat

import pytest
from checkkit import CLEAN, bundle_schema, check, replace, rule_ids, seeded

from bricksmith.check import Checker, CheckError
from bricksmith.check.bundle_files import bundles
from bricksmith.check.context import Context, Options
from bricksmith.check.project import Project
from bricksmith.check.rules import bundle_schema as family

SCHEMA = "bundle-schema"
SYNTAX = "bundle-yaml-syntax"
JOB = "resources/training-job.yml"
ARTIFACTS = "resources/ml-artifacts.yml"


@pytest.fixture(scope="module")
def schema():
    path = bundle_schema()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("CI must validate bundles: set DATABRICKS_BUNDLE_SCHEMA")
        pytest.skip("no bundle schema: set DATABRICKS_BUNDLE_SCHEMA")
    return path


def lines(report, rule=SCHEMA):
    return [p.text() for p in report.problems if p.rule == rule]


def test_clean_fixture_passes(schema):
    report = check(CLEAN)
    assert lines(report) == [] and lines(report, SYNTAX) == []
    assert SCHEMA not in {n.rule for n in report.not_run}


# --- seeded defects ----------------------------------------------------------------------------


def test_unknown_field_on_a_job_task(tmp_path, schema):
    project = seeded(tmp_path, {JOB: replace("          notebook_task:\n", "          notebook_tsk:\n")})
    assert lines(check(project)) == [
        ("resources/training-job.yml:7: bundle-schema: resources.jobs.training_job.tasks[0]: "
        "unknown field 'notebook_tsk' (did you mean 'notebook_task'?)")
    ]


def test_wrong_type_for_max_concurrent_runs(tmp_path, schema):
    edit = replace("      name: clean-project-training\n",
                   "      name: clean-project-training\n      max_concurrent_runs: lots\n")
    assert lines(check(seeded(tmp_path, {JOB: edit}))) == [
        ("resources/training-job.yml:5: bundle-schema: resources.jobs.training_job."
        "max_concurrent_runs: expected an integer or a ${...} reference, got string 'lots'")
    ]


def test_bad_enum_in_a_registered_model(tmp_path, schema):
    edit = replace("      comment: Registered model of the clean fixture.\n",
                   "      comment: Registered model of the clean fixture.\n"
                   "      grants:\n        - principal: data-scientists\n"
                   "          privileges: [EXECUTE, READ_EVERYTHING]\n")
    problems = lines(check(seeded(tmp_path, {ARTIFACTS: edit})))
    assert len(problems) == 1
    assert problems[0].startswith(
        "resources/ml-artifacts.yml:10: bundle-schema: resources.registered_models.model.grants[0]"
        ".privileges[1]: string 'READ_EVERYTHING' is not one of 'SELECT', "
    )


def test_unknown_description_on_an_experiment(tmp_path, schema):
    edit = replace("    experiment:\n", "    experiment:\n      description: Runs of the model.\n")
    assert lines(check(seeded(tmp_path, {ARTIFACTS: edit}))) == [
        ("resources/ml-artifacts.yml:11: bundle-schema: resources.experiments.experiment: "
        "unknown field 'description'")
    ]


def test_git_source_info_in_a_condition_task(tmp_path, schema):
    edit = replace("        - task_key: evaluate\n",
                   "        - task_key: gate\n          condition_task:\n            op: EQUAL_TO\n"
                   "            left: a\n            right: b\n            git_source_info: {}\n"
                   "        - task_key: evaluate\n")
    assert lines(check(seeded(tmp_path, {JOB: edit}))) == [
        ("resources/training-job.yml:19: bundle-schema: resources.jobs.training_job.tasks[1]."
        "condition_task: unknown field 'git_source_info'")
    ]


def test_missing_required_field_and_bad_permission_level(tmp_path, schema):
    edits = {
        ARTIFACTS: replace("      name: /Workspace", "      artifact_location: dbfs:/x\n      # /Workspace"),
        "databricks.yml": replace("variables:\n", "permissions:\n  - level: CAN_EAT\n"
                                  "    group_name: users\n\nvariables:\n"),
    }
    assert lines(check(seeded(tmp_path, edits))) == [
        ("databricks.yml:10: bundle-schema: permissions[0].level: string 'CAN_EAT' is not one of "
        "'CAN_MANAGE', 'CAN_RESTART', 'CAN_ATTACH_TO', 'IS_OWNER', 'CAN_MANAGE_RUN', 'CAN_VIEW', "
        "'CAN_READ', 'CAN_RUN', 'CAN_EDIT', 'CAN_USE', 'CAN_MANAGE_STAGING_VERSIONS', "
        "'CAN_MANAGE_PRODUCTION_VERSIONS', ... (20 values)"),
        ("resources/ml-artifacts.yml:10: bundle-schema: resources.experiments.experiment: missing "
        "required field 'name'"),
    ]


def test_valid_interpolations_pass_where_numbers_and_mappings_are_expected(tmp_path, schema):
    edits = {
        "databricks.yml": replace("variables:\n", "variables:\n  runs:\n    default: 2\n"
                                  "  tags:\n    type: complex\n    default: {team: ml}\n"),
        JOB: replace("      name: clean-project-training\n",
                     "      name: clean-project-training\n      max_concurrent_runs: ${var.runs}\n"
                     "      tags: ${var.tags}\n      timeout_seconds: ${resources.jobs.x.id}\n"),
    }
    assert lines(check(seeded(tmp_path, edits))) == []


def test_two_kinds_of_reference_in_one_number_are_reported(tmp_path, schema):
    # The schema accepts exactly one reference kind where a number is expected (oneOf).
    edit = replace("      name: clean-project-training\n",
                   "      name: clean-project-training\n      timeout_seconds: ${var.a}${bundle.b}\n")
    assert lines(check(seeded(tmp_path, {JOB: edit}))) == [
        ("resources/training-job.yml:5: bundle-schema: resources.jobs.training_job.timeout_seconds: "
        "string '${var.a}${bundle.b}' matches more than one alternative of the schema; use a "
        "single ${...} reference or a literal value here")
    ]


def test_values_are_read_as_yaml_1_2_like_the_cli(tmp_path, schema):
    # YAML 1.1 would make these booleans and a date; the CLI (yaml.v3) keeps them strings.
    edit = replace("      comment: Registered model of the clean fixture.",
                   "      comment: on\n      storage_location: 2024-01-01")
    assert lines(check(seeded(tmp_path, {ARTIFACTS: edit}))) == []


# --- YAML syntax -------------------------------------------------------------------------------


def test_yaml_syntax_error_is_reported_at_its_line(tmp_path):
    edit = replace("      name: clean-project-training", "      name: clean-project-training\n     max_concurrent_runs: 1")
    report = check(seeded(tmp_path, {JOB: edit}))
    assert lines(report, SYNTAX) == [
        ("resources/training-job.yml:5: bundle-yaml-syntax: expected <block end>, but found "
        "'<block mapping start>' (column 6), while parsing a block mapping at line 3")
    ]
    assert lines(report) == []


def test_non_string_mapping_key_is_a_load_error(tmp_path):
    edit = replace("              catalog: ${var.catalog_name}\n", "              1: ${var.catalog_name}\n")
    report = check(seeded(tmp_path, {JOB: edit}))
    assert [(p.path, p.line) for p in report.problems if p.rule == SYNTAX] == [(JOB, 10)]
    assert "is not a string" in lines(report, SYNTAX)[0]


def test_yaml_syntax_is_checked_without_a_schema(tmp_path, monkeypatch):
    _no_schema_anywhere(tmp_path, monkeypatch)
    project = seeded(tmp_path, {JOB: replace("  jobs:\n", "  jobs: [\n")})
    report = Checker(families=[family]).check(project)
    assert rule_ids(report) == {SYNTAX}


# --- which files are bundle files --------------------------------------------------------------


def test_not_included_resources_file_is_still_checked(tmp_path, schema):
    edits = {
        "databricks.yml": replace("  - resources/*.yml\n", "  - resources/training-job.yml\n"),
        ARTIFACTS: replace("    experiment:\n", "    experiment:\n      description: x\n"),
    }
    project = seeded(tmp_path, edits)
    [bundle] = bundles(Project(project))
    assert bundle.included == [JOB] and bundle.not_included == [ARTIFACTS]
    assert [(p.path, p.line) for p in check(project).problems if p.rule == SCHEMA] == [(ARTIFACTS, 11)]


def test_included_but_missing_file_is_recorded_and_others_still_checked(tmp_path, schema):
    edits = {
        "databricks.yml": replace("  - resources/*.yml\n", "  - resources/*.yml\n  - conf/missing.yml\n"
                                  "  - conf/*.yaml\n"),
        "conf/extra.yaml": "resources:\n  jobs:\n    other:\n      max_retries: 1\n",
    }
    project = seeded(tmp_path, edits)
    [bundle] = bundles(Project(project))
    assert bundle.unmatched == [(1, "conf/missing.yml")]
    assert bundle.included == [ARTIFACTS, JOB, "conf/extra.yaml"]
    assert lines(check(project)) == [
        "conf/extra.yaml:4: bundle-schema: resources.jobs.other: unknown field 'max_retries'"
    ]


def test_include_globs_follow_go_filepath_glob(tmp_path):
    edits = {
        "databricks.yml": replace("  - resources/*.yml\n", "  - ./conf/*.yml\n  - deep/**/*.yml\n"
                                  "  - notes/*\n"),
        "conf/a.yml": "",
        "conf/sub/b.yml": "",  # `*` does not cross a slash
        "deep/x/c.yml": "",  # `**` is one directory level, as in Go
        "deep/x/y/d.yml": "",
        "notes/readme.txt": "",  # not configuration: the CLI refuses it
        "other/e.yml": "",  # neither included nor under resources/
    }
    [bundle] = bundles(Project(seeded(tmp_path, edits)))
    assert bundle.included == ["conf/a.yml", "deep/x/c.yml"]
    assert bundle.not_included == [ARTIFACTS, JOB]
    assert bundle.not_config == [(2, "notes/readme.txt")]


def test_nested_bundle_globs_are_anchored_at_its_root(tmp_path, schema):
    edits = {
        "sub/databricks.yml": "bundle:\n  name: sub\ninclude:\n  - jobs/*.yml\n",
        "sub/jobs/a.yml": "resources:\n  jobs:\n    a:\n      nme: a\n",
        "jobs/b.yml": "resources:\n  jobs:\n    b:\n      nme: b\n",  # not part of any bundle
    }
    project = seeded(tmp_path, edits)
    assert {b.root: b.files for b in bundles(Project(project))}["sub"] == [
        "sub/databricks.yml", "sub/jobs/a.yml"
    ]
    assert [(p.path, p.line) for p in check(project).problems if p.rule == SCHEMA] == [
        ("sub/jobs/a.yml", 4)
    ]


# --- where the schema comes from ---------------------------------------------------------------


def _no_schema_anywhere(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABRICKS_BUNDLE_SCHEMA", raising=False)
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def test_without_any_schema_the_rule_is_reported_as_not_run(tmp_path, monkeypatch):
    _no_schema_anywhere(tmp_path, monkeypatch)
    project = seeded(tmp_path, {JOB: replace("          notebook_task:\n", "          notebook_tsk:\n")})
    report = Checker(families=[family]).check(project)
    assert report.problems == []
    [not_run] = report.not_run
    assert not_run.rule == SCHEMA and "--bundle-schema" in not_run.reason
    assert "1 rule not run" in report.summary()


def test_environment_variable_is_a_schema_source(tmp_path, monkeypatch, schema):
    _no_schema_anywhere(tmp_path, monkeypatch)
    monkeypatch.setenv("DATABRICKS_BUNDLE_SCHEMA", schema)
    project = seeded(tmp_path, {JOB: replace("          notebook_task:\n", "          notebook_tsk:\n")})
    report = Checker(families=[family]).check(project)
    assert rule_ids(report) == {SCHEMA} and report.not_run == []


def test_databricks_cli_on_path_is_a_schema_source(tmp_path, monkeypatch, schema):
    cat = shutil.which("cat")
    _no_schema_anywhere(tmp_path, monkeypatch)
    cli = tmp_path / "empty-bin" / "databricks"
    cli.write_text(f'#!/bin/sh\n[ "$1 $2" = "bundle schema" ] && exec {cat} "{schema}"\nexit 2\n')
    cli.chmod(cli.stat().st_mode | stat.S_IXUSR)
    project = seeded(tmp_path, {JOB: replace("          notebook_task:\n", "          notebook_tsk:\n")})
    report = Checker(families=[family]).check(project)
    assert rule_ids(report) == {SCHEMA} and report.not_run == []


def test_a_named_schema_that_cannot_be_read_stops_the_check(tmp_path, monkeypatch):
    # A typo in --bundle-schema (or the variable) is not a rule quietly not run: exit status 2.
    with pytest.raises(CheckError, match="--bundle-schema: cannot read bundle schema"):
        Checker(bundle_schema=str(tmp_path / "nope.json"), families=[family]).check(CLEAN)
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    monkeypatch.setenv("DATABRICKS_BUNDLE_SCHEMA", str(broken))
    with pytest.raises(CheckError, match=r"\$DATABRICKS_BUNDLE_SCHEMA: .* is not JSON"):
        Checker(families=[family]).check(CLEAN)


def test_schema_is_compiled_once_per_process(schema):
    from bricksmith.check import bundle_jsonschema

    cache: dict = {}
    first = bundle_jsonschema.validator(Context(Options(bundle_schema=schema), cache))
    second = bundle_jsonschema.validator(Context(Options(bundle_schema=schema), cache))
    assert first is second and not isinstance(first, bundle_jsonschema.Unavailable)


# --- documentation ----------------------------------------------------------------------------


def test_rule_examples_are_real_output(tmp_path, schema):
    by_id = {rule.id: rule.example for rule in family.RULES}
    schema_case = seeded(tmp_path / "a", {JOB: replace("          notebook_task:\n", "          notebook_tsk:\n")})
    assert by_id[SCHEMA] in lines(check(schema_case))
    syntax_case = seeded(tmp_path / "b", {JOB: replace(
        "      name: clean-project-training", "      name: clean-project-training\n     max_concurrent_runs: 1"
    )})
    assert by_id[SYNTAX] in lines(check(syntax_case), SYNTAX)


# --- duplicate-key ------------------------------------------------------------------------------


def test_a_target_or_job_written_twice_is_reported_where_it_is_dropped(tmp_path):
    targets = "\n".join([
        "bundle:", "  name: twice", "targets:", "  dev:", "    mode: development", "    default: true",
        "  dev:", "    mode: production", "",
    ])
    project = seeded(tmp_path, {"databricks.yml": targets})
    found = [p for p in check(project).problems if p.rule == "duplicate-key"]
    assert [p.text() for p in found] == [
        "databricks.yml:7: duplicate-key: key 'dev' is written again here (first at line 4): the "
        "Databricks CLI keeps this one and silently drops the earlier one"]
    jobs = seeded(tmp_path / "jobs", {JOB: lambda text: text + text[text.index("    training_job:"):]})
    assert "duplicate-key" in rule_ids(check(jobs))


def test_merge_keys_and_repeated_keys_in_different_mappings_are_not_duplicates(tmp_path):
    text = "\n".join([
        "bundle:", "  name: merged", "x-defaults: &d", "  mode: development",
        "targets:", "  dev:", "    <<: *d", "    mode: development", "    default: true",
        "  prod:", "    mode: production", "    workspace:", "      root_path: /Workspace/x", "",
    ])
    project = seeded(tmp_path, {"databricks.yml": text})
    assert "duplicate-key" not in rule_ids(check(project))


@pytest.mark.parametrize("text, reason", [
    ('{"type": 5}', "is not a valid JSON schema"),
    ('{"$ref": "#/nope"}', "is not a valid JSON schema: PointerToNowhere"),
    ("[]", "is not a JSON schema object"),
])
def test_a_schema_that_is_json_but_no_schema_stops_the_check(tmp_path, text, reason):
    bad = tmp_path / "schema.json"
    bad.write_text(text)
    with pytest.raises(CheckError, match=reason):
        Checker(bundle_schema=str(bad), families=[family]).check(CLEAN)
