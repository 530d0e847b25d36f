"""`bricksmith check`, CI/CD family: seeded defects in the clean fixture's CI files.

Each defect is the clean project with one CI file edited; the test names the exact rule id (and
mostly the exact line) that must report it.  actionlint and zizmor are real subprocesses here.
"""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

import pytest
from checkkit import CLEAN, check, replace, seeded

from bricksmith.check import Checker, ci_files, ci_schemas, ci_tools
from bricksmith.check.ci_floats import float_versions
from bricksmith.check.project import Project
from bricksmith.check.rules import cicd

GH = ".github/workflows/ci.yml"
AZ = ".azure/devops-pipelines/ci.yml"
GL = ".gitlab-ci.yml"
OURS = {rule.id for rule in cicd.RULES}

CHECKOUT_SHA = "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2"
LAST_STEP = "      - run: pip install pytest scikit-learn && pytest tests\n"


def ours(report):
    return [p for p in report.problems if p.rule in OURS]


def found(report, path, rule, line=None, text=""):
    """The problems of `rule` in `path` (at `line`, if given) whose message contains `text`."""
    return [p for p in report.problems if p.path == path and p.rule == rule
            and (line is None or p.line == line) and text in p.message]


# --- the clean fixture -----------------------------------------------------------------------


def test_clean_fixture_has_no_cicd_problems():
    report = check(CLEAN)
    assert ours(report) == []
    assert [n for n in report.not_run if n.rule in OURS] == []


def test_clean_fixture_ci_files_are_found():
    project = Project(CLEAN)
    assert ci_files.github_workflows(project) == [GH]
    assert ci_files.azure_pipelines(project) == [AZ]
    assert ci_files.gitlab_files(project) == [GL]


# --- seeded defects, one rule each -----------------------------------------------------------

DEFECTS = {
    # github-workflow-schema
    "gh-unknown-job-key": (
        {GH: replace("    runs-on:", "    runs-onn:")},
        GH, 11, "github-workflow-schema", "jobs.unit-tests: unknown key 'runs-onn'"),
    "gh-bad-permission": (
        {GH: replace("contents: read", "contents: reed")},
        GH, 7, "github-workflow-schema", "permissions.contents: 'reed' is not one of 'read'"),
    "gh-unknown-trigger": (
        {GH: replace("  pull_request:", "  pull_requests:")},
        GH, 4, "github-workflow-schema", "on: unknown key 'pull_requests'"),
    "gh-step-without-uses-or-run": (
        {GH: replace("      - run: pip", "      - runs: pip")},
        GH, 19, "github-workflow-schema", "missing one of the keys 'uses', 'run'"),
    "gh-not-yaml": (
        {GH: replace("  pull_request:", "  pull_request: [")},
        GH, None, "github-workflow-schema", "not valid YAML"),
    # actionlint
    "actionlint-undefined-needs": (
        {GH: replace("    runs-on: ubuntu-latest\n", "    runs-on: ubuntu-latest\n    needs: [build]\n")},
        GH, 10, "actionlint", 'needs job "build" which does not exist in this workflow [job-needs]'),
    "actionlint-unknown-property": (
        {GH: replace(LAST_STEP, LAST_STEP + "        if: ${{ github.evnt_name == 'push' }}\n")},
        GH, 20, "actionlint", 'property "evnt_name" is not defined'),
    "actionlint-broken-expression": (
        {GH: replace(LAST_STEP, LAST_STEP + "      - run: echo '${{ matrix.os( }}'\n")},
        GH, 20, "actionlint", "[expression]"),
    "actionlint-node20-action": (
        {GH: replace(CHECKOUT_SHA, "actions/checkout@v4")},
        GH, 13, "actionlint", 'runtime "node20" is deprecated'),
    # zizmor
    "zizmor-unpinned-uses": (
        {GH: replace(CHECKOUT_SHA, "actions/checkout@v4")},
        GH, 13, "zizmor", "unpinned-uses (high)"),
    "zizmor-template-injection": (
        {GH: replace(LAST_STEP, LAST_STEP + '      - run: echo "${{ github.event.pull_request.title }}"\n')},
        GH, 20, "zizmor", "template-injection (high)"),
    "zizmor-default-permissions": (
        {GH: replace("permissions:\n  contents: read\n", "")},
        GH, None, "zizmor", "excessive-permissions (medium)"),
    "zizmor-persisted-credentials": (
        {GH: replace("        with:\n          persist-credentials: false\n", "")},
        GH, 13, "zizmor", "artipacked (medium)"),
    # azure-pipelines-schema
    "azure-misspelt-steps": (
        {AZ: replace("steps:", "stepz:")},
        AZ, 9, "azure-pipelines-schema", "(top level): unknown key 'stepz'"),
    "azure-misspelt-step-key": (
        {AZ: replace("    displayName:", "    displayNam:")},
        AZ, 14, "azure-pipelines-schema", "steps.1: unknown key 'displayNam'"),
    "azure-error-inside-expression": (
        {AZ: replace("  - script: pip", "  - ${{ if eq(variables.ci, 'true') }}:\n"
                                       "    - scrip: echo ci\n  - script: pip")},
        AZ, 14, "azure-pipelines-schema", "unknown key 'scrip'"),
    "azure-bad-trigger": (
        {AZ: replace("    include:", "    inclde:")},
        AZ, None, "azure-pipelines-schema", "unknown key 'inclde'"),
    # gitlab-ci-schema
    "gitlab-script-number": (
        {GL: replace("  script:\n    - pip install pytest scikit-learn\n    - pytest tests", "  script: 42")},
        GL, 7, "gitlab-ci-schema", "unit-tests.script: 42 is not of type string or array"),
    "gitlab-unknown-job-key": (
        {GL: replace("  stage: test", "  stage: test\n  scriptt: [echo]")},
        GL, 6, "gitlab-ci-schema", "unit-tests: unknown key 'scriptt'"),
    "gitlab-bad-when": (
        {GL: replace("  stage: test", "  stage: test\n  when: later")},
        GL, 6, "gitlab-ci-schema", "unit-tests.when: 'later' is not one of 'on_success'"),
    "gitlab-error-in-local-include": (
        {GL: lambda text: text + "\ninclude:\n  - local: .gitlab/ci/deploy.yml\n",
         ".gitlab/ci/deploy.yml": "deploy:\n  stage: test\n  script: [echo]\n  retry: 7\n"},
        ".gitlab/ci/deploy.yml", 4, "gitlab-ci-schema", "deploy.retry: 7 is greater than the maximum of 2"),
    "gitlab-error-in-glob-include": (
        {GL: lambda text: text + "\ninclude:\n  - local: '/.gitlab/ci/*.yml'\n",
         ".gitlab/ci/deploy.yml": "deploy:\n  stage: test\n  script: [echo]\n  artifacts: yes\n"},
        ".gitlab/ci/deploy.yml", 4, "gitlab-ci-schema", "deploy.artifacts"),
    # yaml-float-version
    "float-python-version": (
        {GH: replace('python-version: "3.11"', "python-version: 3.10")},
        GH, 18, "yaml-float-version", 'python-version: 3.10 is a YAML float, read as 3.1; quote it: "3.10"'),
    "float-version-spec": (
        {AZ: replace('versionSpec: "3.11"', "versionSpec: 3.10")},
        AZ, 12, "yaml-float-version", 'versionSpec: 3.10 is a YAML float, read as 3.1'),
    "float-version-key-without-lost-digits": (
        {AZ: replace('versionSpec: "3.11"', "versionSpec: 3.11")},
        AZ, 12, "yaml-float-version", 'versionSpec: 3.11 is a YAML float, not a version string'),
    "float-matrix-list": (
        {GH: replace("    runs-on: ubuntu-latest\n", "    runs-on: ubuntu-latest\n    strategy:\n"
                     "      matrix:\n        python: [3.9, 3.10]\n")},
        GH, 14, "yaml-float-version", "python: 3.10 is a YAML float, read as 3.1"),
    "float-in-gitlab-variables": (
        {GL: replace("stages:", "variables:\n  PYTHON_VERSION: 3.12\n\nstages:")},
        GL, 2, "yaml-float-version", 'PYTHON_VERSION: 3.12 is a YAML float'),
    "float-in-other-yaml": (
        {"conf/versions.yml": "tools:\n  ruff: 0.15\n  python: 3.10\n"},
        "conf/versions.yml", 3, "yaml-float-version", 'python: 3.10 is a YAML float'),
}


@pytest.mark.parametrize("name", DEFECTS)
def test_seeded_defect(tmp_path, name):
    edits, path, line, rule, text = DEFECTS[name]
    report = check(seeded(tmp_path, edits))
    hits = found(report, path, rule, line, text)
    assert hits, f"{name}: no {rule} at {path}:{line} containing {text!r}:\n{report.as_text()}"


def test_every_rule_has_at_least_two_defects():
    counts = {rule: 0 for rule in OURS}
    for _, _, _, rule, _ in DEFECTS.values():
        counts[rule] += 1
    assert all(n >= 2 for n in counts.values()), counts


@pytest.mark.parametrize("rule", sorted(OURS))
def test_rule_example_is_what_check_prints(tmp_path, rule):
    """docs/check.md quotes each rule's example: it must be a line the check really prints."""
    example = next(r.example for r in cicd.RULES if r.id == rule)
    seeds = {
        "github-workflow-schema": {GH: replace("    runs-on:", "    runs-onn:")},
        "actionlint": DEFECTS["actionlint-undefined-needs"][0],
        "zizmor": DEFECTS["zizmor-template-injection"][0],
        "azure-pipelines-schema": DEFECTS["azure-misspelt-steps"][0],
        "gitlab-ci-schema": DEFECTS["gitlab-script-number"][0],
        "yaml-float-version": DEFECTS["float-python-version"][0],
    }
    text = check(seeded(tmp_path, seeds[rule])).as_text()
    assert example in text.splitlines(), text


def test_yaml_syntax_error_is_reported_once_per_platform_rule(tmp_path):
    report = check(seeded(tmp_path, {AZ: "steps:\n  - script: [\n", GL: "a: [\n"}))
    assert found(report, AZ, "azure-pipelines-schema", text="not valid YAML")
    assert found(report, GL, "gitlab-ci-schema", text="not valid YAML")


# --- what must not be reported ---------------------------------------------------------------


def test_valid_azure_template_expressions_and_gitlab_features_pass(tmp_path):
    azure = """\
parameters:
  - name: runTests
    type: boolean
    default: true
trigger:
  - main
variables:
  - name: workingDirectory
    value: src
stages:
  - stage: Test
    jobs:
      - job: Tests
        timeoutInMinutes: 30
        pool:
          vmImage: ubuntu-latest
        steps:
          - ${{ if eq(parameters.runTests, true) }}:
            - script: pytest tests
              workingDirectory: $(workingDirectory)
          - ${{ each v in split('a,b', ',') }}:
            - bash: echo ${{ v }}
          - template: templates/steps.yml
"""
    gitlab = """\
stages: [test, deploy]
include:
  - local: .gitlab/ci/deploy.yml
.setup: &setup
  before_script: [pip install -r requirements.txt]
unit-tests:
  <<: *setup
  stage: test
  script: [pytest tests]
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
"""
    deploy = """\
spec:
  inputs:
    target:
      default: staging
---
deploy:
  stage: deploy
  script:
    - !reference [.setup, before_script]
    - databricks bundle deploy -t $[[ inputs.target ]]
  when: manual
"""
    root = seeded(tmp_path, {AZ: azure, GL: gitlab, ".gitlab/ci/deploy.yml": deploy,
                             ".azure/devops-pipelines/templates/steps.yml": "steps:\n  - script: echo\n"})
    assert ci_files.gitlab_files(Project(root)) == [GL, ".gitlab/ci/deploy.yml"]
    assert ours(check(root)) == []


@pytest.mark.parametrize("text", [
    'python-version: "3.10"',
    "python-version: '3.10'",
    "image: python:3.10",
    "python-version: 3",  # an integer is a version range for setup-python
    "threshold: 0.80",  # a fraction, not a version
    "timeout: 1.5",
    "python-version: !!str 3.10",
    "python-version: 3.10.4",
    "l2_penalty: 1.50",  # a hyperparameter: quoting it would break the code that reads it
    "params: {threshold: 2.00, alpha: 1.10}",
])
def test_float_version_false_positives(text):
    assert list(float_versions(text + "\n")) == []


def test_float_version_in_every_document_and_alias_once():
    text = "python: &v 3.10\nb: *v\n---\nversion: 1.0\n"
    assert [(f.line, f.text) for f in float_versions(text)] == [(1, "3.10"), (4, "1.0")]


def test_float_versions_in_a_runtime_matrix():
    text = "strategy:\n  matrix:\n    python: [3.9, 3.10, 3.11]\n    node: [18, 20.10]\n"
    assert [(f.line, f.text) for f in float_versions(text)] == [(3, "3.10"), (4, "20.10")]


def test_workflows_outside_the_workflows_directory_are_not_workflows(tmp_path):
    root = seeded(tmp_path, {".github/workflows/templates/part.yml": "steps: []\n",
                             ".github/dependabot.yml": "version: 2\n"})
    assert ci_files.github_workflows(Project(root)) == [GH]
    assert ours(check(root)) == []


# --- the tools: lookup, not-run reporting, one subprocess each --------------------------------


def test_missing_tools_are_reported_as_not_run(tmp_path, monkeypatch):
    monkeypatch.setattr(ci_tools, "find_tool", lambda name: None)
    report = check(seeded(tmp_path, {GH: replace("    runs-on:", "    runs-onn:")}))
    not_run = {n.rule: n.reason for n in report.not_run}
    assert "not found" in not_run["actionlint"] and "not found" in not_run["zizmor"]
    assert {p.rule for p in ours(report)} == {"github-workflow-schema"}  # the rest still runs


def test_tools_missing_from_venv_and_path_are_not_run(tmp_path, monkeypatch):
    """With neither the venv's bin nor PATH holding the tools, both rules are not run."""
    monkeypatch.setattr(sys, "executable", str(tmp_path / "nowhere" / "python"))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert ci_tools.find_tool("actionlint") is None
    report = check(seeded(tmp_path, {}))
    assert {"actionlint", "zizmor"} <= {n.rule for n in report.not_run}


def test_find_tool_prefers_the_running_venv(tmp_path, monkeypatch):
    bin_dir, path_dir = tmp_path / "venv" / "bin", tmp_path / "path"
    venv_tool, path_tool = _script(bin_dir / "zizmor", ""), _script(path_dir / "zizmor", "")
    monkeypatch.setenv("PATH", str(path_dir))
    monkeypatch.setattr(sys, "executable", str(bin_dir / "python"))
    assert ci_tools.find_tool("zizmor") == str(venv_tool)
    venv_tool.unlink()
    assert ci_tools.find_tool("zizmor") == str(path_tool)


def test_no_workflows_needs_no_tools(tmp_path, monkeypatch):
    monkeypatch.setattr(ci_tools, "find_tool", lambda name: None)
    report = check(seeded(tmp_path, {GH: None}))
    assert not [n for n in report.not_run if n.rule in OURS]


def test_failing_tools_are_reported_as_not_run(tmp_path, monkeypatch):
    fake = {
        "actionlint": _script(tmp_path / "bin" / "actionlint", "echo 'config is broken' >&2; exit 3"),
        "zizmor": _script(tmp_path / "bin" / "zizmor", "echo 'not json'"),
    }
    monkeypatch.setattr(ci_tools, "find_tool", lambda name: str(fake[name]))
    report = check(seeded(tmp_path, {}))
    not_run = {n.rule: n.reason for n in report.not_run}
    assert "exit 3" in not_run["actionlint"] and "config is broken" in not_run["actionlint"]
    assert "output unreadable" in not_run["zizmor"]


def test_zizmor_names_the_only_workflow_when_it_cannot_load_it(tmp_path):
    report = check(seeded(tmp_path, DEFECTS["gh-not-yaml"][0]))
    reasons = [n.reason for n in report.not_run if n.rule == "zizmor"]
    assert reasons == [f"could not load {GH} as workflow (see github-workflow-schema)"]


def test_zizmor_names_files_it_could_not_load(tmp_path):
    bad = {".github/workflows/other.yml": "on: push\njobs:\n  a:\n    runs-onn: x\n    steps: [{run: echo}]\n"}
    report = check(seeded(tmp_path, bad))
    reasons = [n.reason for n in report.not_run if n.rule == "zizmor"]
    assert reasons and ".github/workflows/other.yml" in reasons[0]
    assert found(report, ".github/workflows/other.yml", "github-workflow-schema", 4)


def test_missing_schemas_are_reported_as_not_run(tmp_path, monkeypatch):
    def missing(name):
        raise ModuleNotFoundError("No module named 'check_jsonschema'")

    monkeypatch.setattr(ci_schemas, "vendored_schema", missing)
    report = Checker(families=[cicd]).check(seeded(tmp_path, DEFECTS["actionlint-undefined-needs"][0]))
    assert {n.rule for n in report.not_run} == {
        "github-workflow-schema", "azure-pipelines-schema", "gitlab-ci-schema"}
    assert {p.rule for p in report.problems} == {"actionlint"}  # the tools still ran


def test_one_subprocess_per_tool_per_project(tmp_path, monkeypatch):
    calls = []
    real = subprocess.Popen

    def counting(args, **kwargs):
        calls.append(Path(args[0]).name)
        return real(args, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", counting)  # other families run tools too
    extra = {f".github/workflows/w{i}.yml": (CLEAN / GH).read_text() for i in range(3)}
    report = check(seeded(tmp_path, extra))
    assert sorted(c for c in calls if c in ("actionlint", "zizmor")) == ["actionlint", "zizmor"]
    assert ours(report) == []


def _script(path: Path, body: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path




def test_recursive_alias_in_an_azure_pipeline_does_not_hang_or_crash(tmp_path):
    root = seeded(tmp_path, {".azure/devops-pipelines/loop.yml": "steps: &s\n  - script: echo\n  - *s\n"})
    report = check(root)  # used to raise RecursionError inside the Azure expression lifting
    assert ".azure/devops-pipelines/loop.yml" in Project(root).files
    assert report.files_checked == len(Project(root).files)


def test_a_workflow_that_is_not_utf8_is_one_problem_and_no_tool_fails(tmp_path):
    root = seeded(tmp_path, {})
    (root / GH).write_bytes(b"# caf\xe9 (Latin-1)\n" + (root / GH).read_bytes())
    report = check(root)
    assert [(p.rule, "not UTF-8" in p.message) for p in ours(report)] == [("github-workflow-schema", True)]
    assert [n for n in report.not_run if n.rule in ("actionlint", "zizmor")] == []


def test_azure_booleans_and_numbers_written_as_yaml_scalars_pass(tmp_path):
    # Azure reads `true` and `30` as text and converts them where the schema wants a boolean or a
    # number; the schema rule reads them the same way.
    azure = """\
steps:
  - task: AzureCLI@2
    continueOnError: true
    timeoutInMinutes: 30
    inputs:
      azureSubscription: databricks-test
      scriptType: bash
      scriptLocation: inlineScript
      inlineScript: databricks bundle validate -t test
      keepAzSessionActive: True
      addSpnToEnvironment: false
"""
    report = check(seeded(tmp_path, {AZ: azure}))
    assert not [p for p in report.problems if p.rule == "azure-pipelines-schema"], report.as_text()


def test_azure_text_that_is_no_boolean_is_still_refused(tmp_path):
    report = check(seeded(tmp_path, {AZ: "steps:\n  - script: pytest\n    continueOnError: maybe\n"}))
    assert found(report, AZ, "azure-pipelines-schema", text="maybe")
