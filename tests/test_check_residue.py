"""`bricksmith check`, template-residue: no `{{ }}` left except legal Databricks references."""

from __future__ import annotations

import json

import pytest
from checkkit import CLEAN, check, replace, seeded

from bricksmith.check import Problem
from bricksmith.check.problem import ERROR, WARNING
from bricksmith.check.rules.template_residue import DYNAMIC_REFERENCE, check_text

RULE = "template-residue"
OUTSIDE = "outside a job's settings: Databricks substitutes it only in job and task settings"


def mine(report) -> list[Problem]:
    return [p for p in report.problems if p.rule == RULE]


def residue(rel: str, text: str) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in check_text(rel, text)]


def test_clean_fixture_has_no_residue():
    # it holds {{tasks.train.values.run_id}} and {{job.id}} in a task's parameters: legal
    assert mine(check(CLEAN)) == []


# --- seeded defects ---------------------------------------------------------------------------


def test_leftover_action_in_yaml_and_readme(tmp_path):
    root = seeded(tmp_path, {
        "resources/training-job.yml": replace("name: clean-project-training",
                                              "name: {{ .project_name }}-training"),
        "README.md": replace("# clean_project", "# {{.project_name}}"),
    })
    assert mine(check(root)) == [
        Problem("README.md", 1, RULE, "unrendered template action {{.project_name}}", ERROR),
        Problem("resources/training-job.yml", 4, RULE,
                "unrendered template action {{ .project_name }}", ERROR),
    ]


def test_dynamic_reference_outside_job_settings_is_a_warning_in_bundle_files_only(tmp_path):
    root = seeded(tmp_path, {
        "README.md": replace("## Layout", "It passes {{job.id}} to the evaluation.\n\n## Layout"),
        "src/train.py": replace('dbutils.widgets.get("catalog")', '"{{job.run_id}}"'),
        "databricks.yml": replace("name: clean_project", 'name: "clean_project_{{job.id}}"'),
    })
    # Only the bundle file is Databricks configuration; the others may mean anything by it.
    report = check(root)
    assert mine(report) == [
        Problem("databricks.yml", 3, RULE,
                f"Databricks dynamic value reference {{{{job.id}}}} {OUTSIDE}", WARNING),
    ]
    assert [p.severity for p in mine(report)] == [WARNING]
    assert report.exit_status == 0  # a warning does not fail the check


def test_misspelt_or_spaced_dynamic_references(tmp_path):
    root = seeded(tmp_path, {"resources/training-job.yml": lambda text: text.replace(
        '"{{job.id}}"', '"{{ job.id }}"').replace("values.run_id}}", "value.run_id}}")})
    assert mine(check(root)) == [
        Problem("resources/training-job.yml", 21, RULE,
                "{{tasks.train.value.run_id}} is not a Databricks dynamic value reference "
                '(see "What is a dynamic value reference?" in the Databricks docs)', ERROR),
        Problem("resources/training-job.yml", 23, RULE,
                "{{ job.id }} is not a Databricks dynamic value reference as written: "
                "write it without spaces, {{job.id}}", ERROR),
    ]
    assert {p.severity for p in mine(check(root))} == {ERROR}


def test_template_path_and_unclosed_action(tmp_path):
    root = seeded(tmp_path, {"{{.project_name}}/notes.txt": "left {{ if .x\n"})
    assert mine(check(root)) == [
        Problem("{{.project_name}}/notes.txt", 0, RULE,
                "file path holds an unrendered template action {{.project_name}}", ERROR),
        Problem("{{.project_name}}/notes.txt", 1, RULE, "unclosed template action {{ if .x", ERROR),
    ]


# --- legal places -----------------------------------------------------------------------------


def test_references_legal_in_job_settings_variables_and_targets():
    text = "\n".join([
        "variables:",
        "  run_date:",
        '    default: "{{job.start_time.iso_date}}"',
        "targets:",
        "  dev:",
        "    resources:",
        "      jobs:",
        "        j:",
        "          tasks:",
        "            - task_key: t",
        "              for_each_task:",
        '                inputs: "[1, 2]"',
        "                task:",
        "                  task_key: inner",
        "                  notebook_task:",
        "                    notebook_path: ../n.py",
        '                    base_parameters: {i: "{{input}}"}',
        "            - task_key: c",
        "              condition_task:",
        '                left: "{{tasks.t.output.first_row.`my col`}}"',
        "                op: EQUAL_TO",
        '                right: "1"',
        "  prod:",
        "    variables:",
        '      run_date: "{{backfill.iso_date}}"',
        "",
    ])
    assert residue("databricks.yml", text) == []


def test_reference_in_an_anchor_block_used_by_a_job():
    text = "\n".join([
        "common_parameters: &params",
        "  - name: run_id",
        '    default: "{{job.run_id}}"',
        "unused_block: &unused",
        '  x: "{{job.id}}"',
        "resources:",
        "  jobs:",
        "    j:",
        "      parameters: *params",
        "",
    ])
    assert residue("resources/j.yml", text) == [
        (5, f"Databricks dynamic value reference {{{{job.id}}}} {OUTSIDE}")]


def test_references_in_markdown_code_python_resources_and_jobs_json():
    md = "Pass `{{job.run_id}}`:\n\n```yaml\nparameters: [\"{{job.id}}\"]\n```\n"
    assert residue("README.md", md) == []
    py = ('from databricks.bundles.jobs import Job\n'
          'job = Job.from_dict({"parameters": [{"name": "d", "default": "{{job.id}}"}]})\n')
    assert residue("resources/job.py", py) == []
    jobs_json = json.dumps({"name": "j", "tasks": [{"task_key": "t", "notebook_task": {
        "notebook_path": "/x", "base_parameters": {"id": "{{job.id}}"}}}]})
    assert residue("jobs/job.json", jobs_json) == []
    spaced = jobs_json.replace("{{job.id}}", "{{ job.id }}")
    assert [line for line, _ in residue("jobs/job.json", spaced)] == [1]
    assert residue("data/other.json", json.dumps({"x": "{{job.id}}"})) == []


def test_markdown_code_does_not_hide_go_actions():
    md = "# T\n\n```sh\ndatabricks bundle deploy -t {{ .target }}\n```\n"
    assert residue("README.md", md) == [(4, "unrendered template action {{ .target }}")]


# --- not residue ------------------------------------------------------------------------------


def test_ci_expressions_and_tool_templates_are_not_residue():
    workflow = "\n".join([
        "jobs:",
        "  a:",
        "    if: ${{ github.event_name == 'push' }}",
        "    steps:",
        "      - run: echo ${{ format('{{0}} {1}', github.sha, 'x') }}",
        "      - run: docker inspect --format '{{.Id}} {{.Name}}' img",
        "      - run: echo {{ .leftover }}",
        "",
    ])
    assert residue(".github/workflows/ci.yml", workflow) == [
        (7, "unrendered template action {{ .leftover }}")]
    azure = ("steps:\n  - ${{ if eq(parameters.deploy, true) }}:\n"
             "    - script: echo $(Build.SourceVersion)\n")
    assert residue(".azure/devops-pipelines/deploy.yml", azure) == []


def test_python_brace_escapes_are_not_residue_unless_they_hold_go():
    py = "\n".join([
        'name = "x"',
        'a = f"{{{name}}}"',
        'b = "{{}} and {{k}}".format()',
        'c = f"{{ .project_name }}"',
        'd = "{{ .catalog }}"',
        "",
    ])
    assert residue("src/a.py", py) == [
        (4, "unrendered template action {{ .project_name }}"),
        (5, "unrendered template action {{ .catalog }}"),
    ]


def test_dbt_projects_and_binary_files_are_skipped(tmp_path):
    root = seeded(tmp_path, {
        "transform/dbt_project.yml": "name: t\n",
        "transform/models/m.sql": "select * from {{ ref('x') }}\n",
        "assets/logo.png": b"\x89PNG\r\n\x1a\n{{ .x }}",
        "assets/blob.dat": b"\x00\x01{{ .x }}",
    })
    assert mine(check(root)) == []


@pytest.mark.parametrize("reference", [
    "job.id", "job.name", "job.run_id", "job.repair_count", "job.start_time.iso_weekday",
    "job.start_time.timestamp_ms", "job.trigger.time.iso_date", "job.trigger.type",
    "job.trigger.file_arrival.location", "job.parameters.env", "job.parameters.`my-param`",
    "task.name", "task.run_id", "task.notebook_path", "task.execution_count",
    "tasks.train.run_id", "tasks.train.result_state", "tasks.train.error_code",
    "tasks.train.execution_count", "tasks.train.notebook_path", "tasks.train.values.model_uri",
    "tasks.query.output.rows", "tasks.query.output.first_row", "tasks.query.output.first_row.n",
    "tasks.alert.output.alert_state", "workspace.id", "workspace.url", "backfill.iso_date",
    "input", "input.table", "job_id", "run_id", "start_date", "start_time", "task_retry_count",
    "parent_run_id", "task_key",
])
def test_documented_dynamic_references(reference):
    assert DYNAMIC_REFERENCE.fullmatch(reference)


@pytest.mark.parametrize("text", [
    "job.naem", "job.start_time", "task.id", "tasks.t.values", "workspace.name", " job.id",
    ".project_name", "job.id | upper",
])
def test_not_dynamic_references(text):
    assert not DYNAMIC_REFERENCE.fullmatch(text)


def test_rule_example_is_what_the_check_prints(tmp_path):
    from bricksmith.check.rules.template_residue import RULES

    root = seeded(tmp_path, {"resources/training-job.yml": replace(
        "name: clean-project-training", "name: {{ .project_name }}")})
    assert [p.text() for p in mine(check(root))] == [RULES[0].example]


# --- other tools' templates are not residue (false alarms users met) ----------------------------


def test_sql_query_parameters_are_not_residue():
    sql = "SELECT * FROM {{catalog}}.{{schema}}.orders\nWHERE env = '{{bundle_target}}'\n"
    assert residue("src/orders_daily.sql", sql) == []


def test_prompt_templates_and_jinja_in_python_are_not_residue():
    py = "\n".join([
        'PROMPT = "Answer {{question}} using only {{context}}."',
        'SYSTEM = "You are {{ input }} and {{ input.role }}"',
        'SQL = "SELECT * FROM t WHERE ds = \'{{ ds }}\' AND x = {{ params.x | int }}"',
        'LOOP = "{% for x in xs %}{{ x }}{{ range(3) }}{{ \"-\" }}{% endfor %}"',
        "",
    ])
    assert residue("src/prompts.py", py) == []
    assert residue("dags/daily.py", py) == []


def test_helm_charts_jinja_files_and_template_sources_are_skipped(tmp_path):
    root = seeded(tmp_path, {
        "deploy/chart/Chart.yaml": "apiVersion: v2\nname: scorer\nversion: 0.1.0\n",
        "deploy/chart/templates/deployment.yaml": "image: {{ .Values.image }}\n",
        "airflow/templates/report.sql.j2": "{{ if .x }}{{ .y }}\n",
        "stacks/databricks_template_schema.json": '{"properties": {}}',
        "stacks/template/{{.name}}/README.md.tmpl": "# {{.name}}\n",
    })
    assert mine(check(root)) == []


def test_go_actions_are_still_residue_beside_jinja():
    # A Jinja file marks `{{ "x" }}` as its own, but `.field` and `$var` are Go's alone.
    text = "{% if a %}{{ \"x\" }}{% endif %}\n{{ .project_name }}\n{{ $x }}\n"
    assert [line for line, _ in residue("notes/readme.txt", text)] == [2, 3]
