"""CI/CD files: GitHub workflows, Azure Pipelines, GitLab CI, and versions written as floats.

The schema rules validate in-process against check-jsonschema's vendored schemas (loaded once
per process); actionlint and zizmor run as one subprocess each per project, started first so
that they work while the schemas are checked.  Which files count as CI files: `ci_files`.
"""

from __future__ import annotations

from collections.abc import Iterable

import yaml

from .. import ci_files, ci_schemas, ci_tools
from ..ci_floats import float_versions
from ..ci_yaml import CiLoader, load, unnest_expressions
from ..problem import Problem, Rule
from ..yamlfile import not_utf8_line

FAMILY = "CI/CD files"

RULES = (
    Rule(
        "github-workflow-schema", FAMILY,
        "Every GitHub Actions workflow (`.github/workflows/*.yml`) is valid YAML and validates "
        "against the published workflow schema (SchemaStore's, as check-jsonschema vendors it).",
        ".github/workflows/ci.yml:11: github-workflow-schema: jobs.unit-tests: unknown key 'runs-onn'",
        "Correct the key the message names (here `runs-on`); the message gives the path of the "
        "mapping that holds it. GitHub rejects such a workflow when it loads it, often "
        "without running anything.",
        mirrors="SchemaStore github-workflow schema (check-jsonschema)",
    ),
    Rule(
        "actionlint", FAMILY,
        "actionlint finds nothing in the GitHub workflows: undefined jobs in `needs:`, bad "
        "`${{ }}` expressions, unknown contexts and properties, outdated or retired action "
        "versions (node20 runtimes are deprecated). Its message ends with actionlint's check "
        "name in brackets.",
        '.github/workflows/ci.yml:10: actionlint: job "unit-tests" needs job "build" which does '
        "not exist in this workflow [job-needs]",
        "Follow actionlint's message (see its docs/checks.md for the check named in brackets): "
        "here, name an existing job in `needs:`. For an outdated action, move to its current "
        "major version, pinned by commit SHA.",
        mirrors="actionlint",
    ),
    Rule(
        "zizmor", FAMILY,
        "zizmor's offline security audit of the GitHub workflows has no finding of medium or "
        "high severity: unpinned actions, template injection, over-broad permissions, "
        "persisted checkout credentials, dangerous triggers. The message starts with the "
        "audit's name and severity.",
        ".github/workflows/ci.yml:20: zizmor: template-injection (high): code injection via "
        "template expansion: may expand into attacker-controllable code",
        "See https://docs.zizmor.sh/audits/ for the audit named. Here, pass the value through "
        "`env:` and use it as `\"$TITLE\"` in the script instead of `${{ ... }}`. Pin actions by "
        "full commit SHA (`uses: actions/checkout@<sha> # v4.2.2`), give the workflow a "
        "`permissions:` block, set `persist-credentials: false` on checkout.",
        mirrors="zizmor --offline",
    ),
    Rule(
        "azure-pipelines-schema", FAMILY,
        "Every Azure Pipelines file (`azure-pipelines.yml`, YAML under `.azure/` or "
        "`.azure-pipelines/`) is valid YAML and validates against Microsoft's published "
        "pipeline schema, read as Azure reads it (every scalar a string; the content of "
        "`${{ if }}`/`${{ each }}` blocks checked in place).",
        ".azure/devops-pipelines/ci.yml:9: azure-pipelines-schema: (top level): unknown key 'stepz'",
        "Correct the key or value the message names (here `steps`). Task inputs are not in "
        "the schema's reach; the task's own documentation lists them.",
        mirrors="Microsoft's Azure Pipelines schema (check-jsonschema)",
    ),
    Rule(
        "gitlab-ci-schema", FAMILY,
        "`.gitlab-ci.yml` and every local file it includes (`include: local:`, globs "
        "too) are valid YAML and validate against GitLab's published CI schema.",
        ".gitlab-ci.yml:7: gitlab-ci-schema: unit-tests.script: 42 is not of type string or array",
        "Correct the key or value the message names: here `script:` takes a command or a list "
        "of commands (`script: [\"pytest tests\"]`).",
        mirrors="GitLab's CI schema (check-jsonschema)",
    ),
    Rule(
        "yaml-float-version", FAMILY,
        "No version is written as a YAML float in any YAML file of the project: an unquoted "
        "`3.10` is the number 3.1 to GitHub, Azure, GitLab and the Databricks CLI alike. "
        "Flagged: any float under a key naming a version (`python-version`, `versionSpec`, "
        "`PYTHON_VERSION`), and a float whose digits are lost when read (`3.10`, `1.20`) under a "
        "key naming a runtime or tool (a matrix list under `python:`, `node:`, `spark:`, ...). "
        "Other floats are numbers (`l2_penalty: 1.50`) and are left alone.",
        '.github/workflows/ci.yml:18: yaml-float-version: python-version: 3.10 is a YAML float, '
        'read as 3.1; quote it: "3.10"',
        'Quote the version: `python-version: "3.10"`.',
        mirrors="",
    ),
)

SCHEMA_RULES = {  # rule id -> (vendored schema, YAML loader, node transform)
    "github-workflow-schema": ("github-workflows", CiLoader, None),
    "azure-pipelines-schema": ("azure-pipelines", yaml.BaseLoader, unnest_expressions),
    "gitlab-ci-schema": ("gitlab-ci", CiLoader, None),
}


def check(project, ctx) -> Iterable[Problem]:
    workflows = ci_files.github_workflows(project)
    # Start the tools first: they run while the schemas are checked in this process.
    # Workflows that are not UTF-8 are reported by the schema rule; the tools would only fail on them.
    readable = [rel for rel in workflows if not not_utf8_line(project.text(rel))]
    running = [ci_tools.start(tool, project.root, readable)
               for tool in ("actionlint", "zizmor") if readable]
    try:
        problems = list(_file_problems(project, ctx, workflows))
    finally:
        outcomes = [(run.tool, run.finish()) for run in running]  # never leave a tool behind
    for tool, outcome in outcomes:
        problems.extend(outcome.problems)
        for reason in outcome.not_run:
            ctx.skip(tool, reason)
    return problems


def _file_problems(project, ctx, workflows: list[str]) -> Iterable[Problem]:
    files = {
        "github-workflow-schema": workflows,
        "azure-pipelines-schema": ci_files.azure_pipelines(project),
        "gitlab-ci-schema": ci_files.gitlab_files(project),
    }
    for rule, rels in files.items():
        for rel in rels:
            yield from _schema_problems(project, ctx, rule, rel)
    for rel in ci_files.yaml_files(project):
        for found in float_versions(project.text(rel)):
            yield Problem(rel, found.line, "yaml-float-version", found.message())


def _schema_problems(project, ctx, rule: str, rel: str) -> Iterable[Problem]:
    schema, loader, transform = SCHEMA_RULES[rule]
    loaded = load(rel, project.text(rel), loader, transform)
    if loaded.error is not None:
        yield Problem(rel, loaded.error_line, rule, f"not valid YAML: {loaded.error}")
        return
    if not loaded.data and rule == "github-workflow-schema":
        yield Problem(rel, 1, rule, "empty workflow: GitHub needs at least `on:` and `jobs:`")
        return
    try:
        validator = ctx.cached(f"cicd.schema.{schema}", lambda: ci_schemas.make_validator(schema))
    except (ImportError, OSError) as exc:  # check-jsonschema (the schemas' source) missing
        ctx.skip(rule, f"the vendored {schema} schema could not be loaded ({exc}); "
                       "check-jsonschema is a dependency of bricksmith: pip install check-jsonschema")
        return
    for index, data in enumerate(loaded.data):  # lines are by document index, then path
        for error in ci_schemas.errors(validator, data):
            yield Problem(rel, loaded.line_of((index, *error.path)), rule, error.message)
