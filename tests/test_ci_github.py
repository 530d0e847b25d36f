"""The GitHub Actions and GitHub Enterprise Server workflows the template writes (library/ci_github.tmpl).

Four trees, rendered once per module in this process: github.com and GHES, each as a project with
its CI/CD (CICD_and_Project) and as a repository for several projects (CICD_Only, whose blueprints
are filled in here for a sample project, as ci/add_project.py would). All of them use unusual but
valid answers (a default branch with a slash and a dot, a release branch with a dot, a project
name with '-' and '_', a root directory with '.' and '-', a project directory with '.' in it).

- The CI/CD rules of `bricksmith check` (workflow schema, actionlint, zizmor, float versions) find
  nothing, and all of them ran.
- Triggers, path filters, environments, permissions, concurrency, the fork guard, the runners,
  how results reach the comment, and the add-a-project workflow are what the design says.
- No `${{ }}` inside any `run:`; every `python-version` a string; every action pinned by SHA.
- The shell of a few steps runs here for real: the input check of add-project, the GHES
  hand-over of results through job outputs, the CLI step with a CLI already on PATH.
- The docs defines name the right environments, branches, issuer and subjects.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
import yaml
from template_configs import FACTS, SCHEMA_FILE

import bricksmith
from bricksmith.check import Checker, Options
from bricksmith.check.ci_tools import find_tool
from bricksmith.check.rules import cicd

REPO = Path(__file__).resolve().parent.parent
IN_CI = bool(os.environ.get("CI"))
GITHUB, GHES = "github_actions", "github_actions_for_github_enterprise_servers"

NAME = "fraud-scoring_v2"
ROOT = "ML.Repo-1"
DEFAULT_BRANCH = "release/2.x-main"
RELEASE_BRANCH = "prod.v1"
PROJECT_DIR = "Fraud.Dir-2"  # where the sample project of a CICD_Only repository lives

UNUSUAL = {
    "input_project_name": NAME,
    "input_root_dir": ROOT,
    "input_default_branch": DEFAULT_BRANCH,
    "input_release_branch": RELEASE_BRANCH,
    "input_cloud": "aws",
}
TREES = {
    "github-project": {"input_cicd_platform": GITHUB, "input_setup_cicd_and_project": "CICD_and_Project", **UNUSUAL},
    "ghes-project": {"input_cicd_platform": GHES, "input_setup_cicd_and_project": "CICD_and_Project", **UNUSUAL},
    "github-repository": {"input_cicd_platform": GITHUB, "input_setup_cicd_and_project": "CICD_Only", **UNUSUAL},
    "ghes-repository": {"input_cicd_platform": GHES, "input_setup_cicd_and_project": "CICD_Only", **UNUSUAL},
}
CI_RULES = ("github-workflow-schema", "actionlint", "zizmor", "yaml-float-version")
SAME_REPO = "github.event.pull_request.head.repo.full_name == github.repository"
PINNED = re.compile(r"^(?P<action>[\w.-]+/[\w.-]+)@(?P<sha>[0-9a-f]{40}) # v\d+\.\d+\.\d+$")


# --- the rendered trees ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def trees(tmp_path_factory) -> dict[str, Path]:
    """{tree name: repository root}; CICD_Only blueprints filled in for NAME in PROJECT_DIR."""
    out = {}
    for tree, config in TREES.items():
        out_dir = tmp_path_factory.mktemp(tree)
        written = bricksmith.render(None, config, out_dir, **FACTS)
        assert all(rel.startswith(ROOT + "/") for rel in written)
        root = out_dir / ROOT
        if config["input_setup_cicd_and_project"] == "CICD_Only":
            blueprints = root / "ci" / "blueprints" / ".github" / "workflows"
            for path in sorted(blueprints.iterdir()):
                target = root / ".github" / "workflows" / path.name.replace("@@PROJECT_NAME@@", NAME)
                text = path.read_text().replace("@@PROJECT_NAME@@", NAME).replace("@@PROJECT_DIR@@", PROJECT_DIR)
                target.write_text(text)
        out[tree] = root
    return out


def _load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text())
    if True in data:  # YAML 1.1 reads the key `on` as true
        data["on"] = data.pop(True)
    return data


@pytest.fixture(scope="module")
def workflows(trees) -> dict[str, dict[str, dict]]:
    """{tree: {workflow file name: parsed workflow}}."""
    return {tree: {p.name: _load(p) for p in sorted((root / ".github" / "workflows").glob("*.yml"))}
            for tree, root in trees.items()}


def is_ghes(tree: str) -> bool:
    return tree.startswith("ghes")


def project_dir(tree: str) -> str:
    return PROJECT_DIR if tree.endswith("repository") else "."


def prefix(tree: str) -> str:
    return PROJECT_DIR + "/" if tree.endswith("repository") else ""


def steps_of(job: dict) -> list[dict]:
    return job.get("steps", [])


def all_steps(workflow: dict):
    for job_id, job in workflow["jobs"].items():
        for step in steps_of(job):
            yield job_id, step


def walk(node, key=None):
    """(key, value) of every mapping entry, anywhere."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield k, v
            yield from walk(v, k)
    elif isinstance(node, list):
        for item in node:
            yield from walk(item, key)


# --- the check -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reports(trees):
    missing = [tool for tool in ("actionlint", "zizmor") if find_tool(tool) is None]
    if missing and not IN_CI:
        pytest.skip(f"not installed: {', '.join(missing)}")
    checker = Checker(families=[cicd], options=Options(strict=True))
    return {tree: checker.check(root) for tree, root in trees.items()}


@pytest.mark.parametrize("tree", TREES)
def test_the_ci_rules_find_nothing_and_all_ran(reports, tree):
    report = reports[tree]
    assert [p.text() for p in report.problems] == []
    assert [n for n in report.not_run if n.rule in CI_RULES] == []
    assert report.files_checked > 0


def test_the_expected_workflows_are_written(trees):
    names = {tree: sorted(p.name for p in (root / ".github" / "workflows").iterdir()) for tree, root in trees.items()}
    project = [f"{NAME}-cd.yml", f"{NAME}-ci.yml"]
    assert names["github-project"] == names["ghes-project"] == project
    assert names["github-repository"] == names["ghes-repository"] == sorted(project + ["add-project.yml"])
    for tree in ("github-repository", "ghes-repository"):
        blueprints = trees[tree] / "ci" / "blueprints" / ".github" / "workflows"
        assert sorted(p.name for p in blueprints.iterdir()) == ["@@PROJECT_NAME@@-cd.yml", "@@PROJECT_NAME@@-ci.yml"]
        text = "".join(p.read_text() for p in blueprints.iterdir())
        assert '"@@PROJECT_DIR@@/**"' in text and "working-directory: \"@@PROJECT_DIR@@\"" in text


# --- hygiene ---------------------------------------------------------------------------------


def test_no_expression_inside_any_run(workflows):
    for tree, files in workflows.items():
        for name, workflow in files.items():
            for job_id, step in all_steps(workflow):
                assert "${{" not in step.get("run", ""), (tree, name, job_id, step.get("name"))


def test_every_python_version_is_a_string(workflows, trees):
    seen = 0
    for tree, files in workflows.items():
        for workflow in files.values():
            for key, value in walk(workflow):
                if key == "python-version":
                    assert isinstance(value, str) and value == "3.12", (tree, value)
                    seen += 1
        for path in (trees[tree] / ".github" / "workflows").glob("*.yml"):
            assert re.search(r"python-version: [0-9]", path.read_text()) is None
    assert seen > 10


def test_every_action_is_pinned_by_commit_the_same_everywhere(workflows, trees):
    pins: dict[str, set[str]] = {}
    for files in workflows.values():
        for workflow in files.values():
            for _, step in all_steps(workflow):
                if "uses" in step:
                    pins.setdefault(step["uses"].split("@")[0], set()).add(step["uses"].split("@")[1])
    assert set(pins) == {"actions/checkout", "actions/setup-python", "actions/upload-artifact",
                         "actions/download-artifact"}
    assert all(len(shas) == 1 for shas in pins.values()), pins
    for tree, root in trees.items():
        for path in (root / ".github" / "workflows").glob("*.yml"):
            for line in path.read_text().splitlines():
                if "uses:" in line:
                    assert PINNED.match(line.split("uses:", 1)[1].strip()), (tree, line)


def test_workflow_names_and_working_directory(workflows):
    for tree, files in workflows.items():
        ci, cd = files[f"{NAME}-ci.yml"], files[f"{NAME}-cd.yml"]
        assert ci["name"] == f"{NAME} CI" and cd["name"] == f"{NAME} CD"
        for workflow in (ci, cd):
            assert workflow["defaults"]["run"]["working-directory"] == project_dir(tree)
            assert workflow["permissions"] == {}
            assert "concurrency" not in workflow  # never cancel a whole run (it would stop a cleanup)


# --- CI: pull requests -----------------------------------------------------------------------


def test_ci_runs_on_pull_requests_to_any_branch_that_touch_the_project(workflows):
    for tree, files in workflows.items():
        on = files[f"{NAME}-ci.yml"]["on"]
        assert set(on) == {"pull_request"}
        assert "branches" not in on["pull_request"]
        assert on["pull_request"]["paths"] == [f"{prefix(tree)}**", f".github/workflows/{NAME}-ci.yml"]


def test_ci_jobs_identities_and_fork_guard(workflows):
    for tree, files in workflows.items():
        jobs = files[f"{NAME}-ci.yml"]["jobs"]
        assert set(jobs) == {"unit-tests", "plan", "integration-test", "comment-plan", "comment"}
        unit = jobs["unit-tests"]
        assert "if" not in unit and "environment" not in unit and unit["permissions"] == {"contents": "read"}
        assert [s.get("run") for s in steps_of(unit)][-1] == "python -m pytest"

        plan = jobs["plan"]
        assert plan["strategy"]["matrix"] == {"target": ["staging", "prod"]}
        assert plan["environment"] == "${{ matrix.target }}-plan"
        assert plan["env"]["BUNDLE_VAR_deployer"] == "${{ vars.DATABRICKS_DEPLOYER_CLIENT_ID }}"
        runs = [s.get("run", "") for s in steps_of(plan)]
        assert 'python ci/bundle_plan.py --target "$TARGET" --out "ci-results/plan-$TARGET.json"' in runs
        champion = next(s for s in steps_of(plan) if "model_metrics.py" in s.get("run", ""))
        # also after a failed plan step, and its own failure never fails the required Plan (prod) check
        assert champion["if"] == "${{ !cancelled() && matrix.target == 'prod' }}"
        assert champion["continue-on-error"] is True
        assert champion["run"] == (
            "python ci/model_metrics.py --target prod --alias champion --out ci-results/champion.json")

        test = jobs["integration-test"]
        assert test["needs"] == "unit-tests" and test["environment"] == "test"
        # runs of the project queue behind it: a hang must not hold them for GitHub's default 6 hours
        assert test["timeout-minutes"] == 180
        assert test["concurrency"] == {"group": f"{NAME}-test", "cancel-in-progress": False}
        assert "python ci/integration_test.py --target test --metrics-out ci-results/candidate.json" in [
            s.get("run") for s in steps_of(test)]

        for job_id in ("plan", "integration-test"):
            job = jobs[job_id]
            assert job["if"] == SAME_REPO, (tree, job_id)
            assert job["permissions"] == {"contents": "read", "id-token": "write"}
            assert job["env"]["DATABRICKS_AUTH_TYPE"] == "github-oidc"
            assert job["env"]["DATABRICKS_CLIENT_ID"] == "${{ vars.DATABRICKS_CLIENT_ID }}"
            assert job["env"]["DATABRICKS_TOKEN_AUDIENCE"] == "${{ vars.DATABRICKS_TOKEN_AUDIENCE }}"
            assert any(s.get("name") == "Install the Databricks CLI" for s in steps_of(job))

        for job_id, needs in (("comment-plan", "plan"), ("comment", ["plan", "integration-test", "comment-plan"])):
            job = jobs[job_id]
            assert job["needs"] == needs
            assert job["if"] == "${{ !cancelled() && " + SAME_REPO + " }}"
            assert job["permissions"] == {"contents": "read", "pull-requests": "write"}
            assert "environment" not in job and "env" not in job
            comment = steps_of(job)[-1]
            assert comment["working-directory"] == "."
            assert comment["run"] == 'python ci/pr_comment.py --project "$PROJECT" --results "$RESULTS"'
            assert comment["env"] == {"GITHUB_TOKEN": "${{ github.token }}", "PROJECT": NAME,
                                      "RESULTS": f"{project_dir(tree)}/ci-results"}


def test_only_the_right_jobs_get_write_permissions(workflows):
    for tree, files in workflows.items():
        for name, workflow in files.items():
            for job_id, job in workflow["jobs"].items():
                permissions = job["permissions"]
                if permissions.get("id-token") == "write":
                    assert job.get("environment"), (tree, name, job_id)
                if permissions.get("pull-requests") == "write":
                    assert job_id.startswith("comment") and "id-token" not in permissions
                assert permissions.get("contents", "read") == "read", (tree, name, job_id)
                for step in steps_of(job):
                    if step.get("uses", "").startswith("actions/checkout@"):
                        expected = name == "add-project.yml"  # it pushes a branch (with its own token)
                        assert step["with"]["persist-credentials"] is expected, (tree, name, job_id)


def test_only_jobs_that_change_nothing_are_cancelled_by_a_newer_push(workflows):
    for tree, files in workflows.items():
        for name, workflow in files.items():
            for job_id, job in workflow["jobs"].items():
                concurrency = job.get("concurrency")
                if concurrency and concurrency["cancel-in-progress"]:
                    assert job_id in ("unit-tests", "plan"), (tree, name, job_id)
                    assert concurrency["group"].startswith(NAME + "-")
                    assert "${{ github.event.pull_request.number }}" in concurrency["group"]


def test_results_reach_the_comment_as_artifacts_or_on_ghes_as_job_outputs(workflows):
    for tree, files in workflows.items():
        jobs = files[f"{NAME}-ci.yml"]["jobs"]
        uses = {s.get("uses", "").split("@")[0] for _, s in all_steps(files[f"{NAME}-ci.yml"])}
        keep = {job_id: next(s for s in steps_of(jobs[job_id]) if s["name"] == "Keep the results for the comment")
                for job_id in ("plan", "integration-test")}
        if is_ghes(tree):
            assert not uses & {"actions/upload-artifact", "actions/download-artifact"}
            assert jobs["plan"]["outputs"] == {
                "plan_staging": "${{ steps.results.outputs.plan_staging }}",
                "plan_prod": "${{ steps.results.outputs.plan_prod }}"}
            assert jobs["integration-test"]["outputs"] == {
                "integration_test": "${{ steps.results.outputs.integration_test }}"}
            assert keep["plan"]["env"] == {"KEY": "plan_${{ matrix.target }}"}
            final = next(s for s in steps_of(jobs["comment"]) if s["name"] == "Collect the results")
            assert set(final["env"]) == {"PLAN_STAGING", "PLAN_PROD", "INTEGRATION_TEST"}
        else:
            assert {"actions/upload-artifact", "actions/download-artifact"} <= uses
            assert keep["plan"]["with"]["name"] == "plan-${{ matrix.target }}"
            assert keep["integration-test"]["with"]["path"] == f"{prefix(tree)}ci-results/"
            collect = {job_id: next(s for s in steps_of(jobs[job_id]) if s["name"] == "Collect the results")
                       for job_id in ("comment-plan", "comment")}
            assert collect["comment-plan"]["with"]["pattern"] == "plan-*"
            assert "pattern" not in collect["comment"]["with"]
            for step in collect.values():
                assert step["with"]["path"] == f"{prefix(tree)}ci-results"
                assert step["with"]["merge-multiple"] is True
        for step in keep.values():
            assert step["if"] == "${{ !cancelled() }}"


def test_a_re_run_job_replaces_its_artifact(workflows):
    # upload-artifact v4 and later refuse a name that exists in the run (409), and a re-run job is the same run
    uploads = [(tree, step) for tree, files in workflows.items() for workflow in files.values()
               for _, step in all_steps(workflow) if step.get("uses", "").startswith("actions/upload-artifact@")]
    assert {tree for tree, _ in uploads} == {tree for tree in TREES if not is_ghes(tree)}
    for tree, step in uploads:
        assert step["with"]["overwrite"] is True, (tree, step["name"])


def test_runners(workflows):
    for tree, files in workflows.items():
        for name, workflow in files.items():
            for job_id, job in workflow["jobs"].items():
                expected = ["self-hosted", "linux"] if is_ghes(tree) else "ubuntu-latest"
                assert job["runs-on"] == expected, (tree, name, job_id)


# --- CD: deployments -------------------------------------------------------------------------


def test_cd_deploys_staging_from_the_default_branch_and_prod_from_the_release_branch(workflows):
    for tree, files in workflows.items():
        cd = files[f"{NAME}-cd.yml"]
        assert cd["on"]["push"] == {"branches": [DEFAULT_BRANCH, RELEASE_BRANCH],
                                    "paths": [f"{prefix(tree)}**", f".github/workflows/{NAME}-cd.yml"]}
        assert set(cd["on"]) == {"push", "workflow_dispatch"}
        assert set(cd["jobs"]) == {"deploy-staging", "deploy-prod"}
        for target, branch in (("staging", DEFAULT_BRANCH), ("prod", RELEASE_BRANCH)):
            job = cd["jobs"][f"deploy-{target}"]
            assert job["if"] == f"github.ref == 'refs/heads/{branch}'"
            assert job["environment"] == target
            assert job["concurrency"] == {"group": f"{NAME}-{target}", "cancel-in-progress": False}
            assert job["permissions"] == {"contents": "read", "id-token": "write"}
            assert job["env"]["DATABRICKS_AUTH_TYPE"] == "github-oidc"
            assert "BUNDLE_VAR_deployer" not in job["env"]  # the deployer is who deploys
            runs = [s["run"] for s in steps_of(job) if "run" in s]
            assert runs[-2:] == [f"databricks bundle validate -t {target}", f"databricks bundle deploy -t {target}"]
            assert "python -m pip install -r requirements-dev.txt" in runs  # deploy builds the wheel
            setup = next(s for s in steps_of(job) if s.get("uses", "").startswith("actions/setup-python@"))
            assert "cache" not in setup["with"]  # no cache a pull request could have written


# --- add a project (CICD_Only) ---------------------------------------------------------------


def test_add_project_workflow(workflows):
    for tree in ("github-repository", "ghes-repository"):
        workflow = workflows[tree]["add-project.yml"]
        inputs = workflow["on"]["workflow_dispatch"]["inputs"]
        assert set(workflow["on"]) == {"workflow_dispatch"}
        assert inputs["project"]["required"] is True and inputs["project_dir"]["required"] is False
        assert workflow["permissions"] == {}
        job = workflow["jobs"]["add-project"]
        assert job["environment"] == "add-project" and job["permissions"] == {}
        assert job["env"] == {"PROJECT": "${{ inputs.project }}", "PROJECT_DIR": "${{ inputs.project_dir }}"}
        steps = steps_of(job)
        assert steps[0]["name"] == "Check the inputs"
        assert steps[-1]["run"] == (
            'python ci/add_project.py "$PROJECT" --project-dir "${PROJECT_DIR:-$PROJECT}" --open-pr --base "$GITHUB_REF_NAME"')
        assert steps[-1]["env"] == {"GITHUB_TOKEN": "${{ secrets.ADD_PROJECT_TOKEN }}"}
        checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
        assert checkout["with"]["token"] == "${{ secrets.ADD_PROJECT_TOKEN }}"


@pytest.mark.parametrize(("project", "project_dir", "ok"), [
    ("fraud-scoring_v2", "", True),
    ("fraud-scoring_v2", "Fraud.Dir-2", True),
    ("ab", "x", True),
    ("a" * 63, "_" + "d" * 127, True),
    ("Fraud", "", False),
    ("a", "", False),
    ("a" * 64, "", False),
    ("x; rm -rf /", "", False),
    ("ok-name", "../escape", False),
    ("ok-name", ".hidden", False),
    ("ok-name", "a/b", False),
    ("ok-name", "-flag", False),
    ("ok-name", "$(touch pwned)", False),
    ("ok\nname", "", False),
])
def test_add_project_checks_its_inputs(trees, tmp_path, project, project_dir, ok):
    workflow = _load(trees["github-repository"] / ".github" / "workflows" / "add-project.yml")
    script = workflow["jobs"]["add-project"]["steps"][0]["run"]
    env = {"PATH": os.environ["PATH"], "PROJECT": project, "PROJECT_DIR": project_dir, "HAS_TOKEN": "true"}
    result = subprocess.run(["bash", "-e", "-c", script], check=False, cwd=tmp_path, env=env,
                            capture_output=True, text=True)
    assert (result.returncode == 0) is ok, result.stdout
    assert not (tmp_path / "pwned").exists()
    if ok:  # valid inputs, but no token to push with
        no_token = subprocess.run(["bash", "-e", "-c", script], check=False, cwd=tmp_path,
                                  env={**env, "HAS_TOKEN": "false"}, capture_output=True, text=True)
        assert no_token.returncode == 1 and "ADD_PROJECT_TOKEN" in no_token.stdout


# --- the shell of the steps, run here --------------------------------------------------------


def test_ghes_hands_the_results_over_through_job_outputs(workflows, tmp_path):
    """Keep (in the plan legs and the integration test) then collect (in the comment job)."""
    jobs = workflows["ghes-project"][f"{NAME}-ci.yml"]["jobs"]
    keep = next(s for s in steps_of(jobs["plan"]) if s["name"] == "Keep the results for the comment")["run"]
    collect = next(s for s in steps_of(jobs["comment"]) if s["name"] == "Collect the results")["run"]
    files = {"plan_staging": {"plan-staging.json": '{"ok": true, "text": "a\\nb \\"q\\""}'},
             "plan_prod": {"plan-prod.json": "{}", "champion.json": '{"rmse": 3.5}'},
             "integration_test": {"candidate.json": '{"rmse": 3.4}'}}
    outputs = {}
    for key, contents in files.items():
        job_dir = tmp_path / key
        (job_dir / "ci-results").mkdir(parents=True)
        for name, text in contents.items():
            (job_dir / "ci-results" / name).write_text(text)
        output_file = tmp_path / f"{key}.out"
        env = {"PATH": os.environ["PATH"], "KEY": key, "GITHUB_OUTPUT": str(output_file)}
        subprocess.run(["bash", "-e", "-c", keep], cwd=job_dir, env=env, check=True)
        line = output_file.read_text()
        assert line.startswith(key + "=") and line.count("\n") == 1
        outputs[key] = line.strip().split("=", 1)[1]
    # A job that wrote no results leaves no output.
    empty = tmp_path / "empty"
    empty.mkdir()
    subprocess.run(["bash", "-e", "-c", keep], cwd=empty, check=True,
                   env={"PATH": os.environ["PATH"], "KEY": "x", "GITHUB_OUTPUT": str(tmp_path / "x.out")})
    assert not (tmp_path / "x.out").exists()

    comment_dir = tmp_path / "comment"
    comment_dir.mkdir()
    env = {"PATH": os.environ["PATH"], "PLAN_STAGING": outputs["plan_staging"], "PLAN_PROD": outputs["plan_prod"],
           "INTEGRATION_TEST": outputs["integration_test"]}
    subprocess.run(["bash", "-e", "-c", collect], cwd=comment_dir, env=env, check=True)
    got = {p.name: p.read_text() for p in (comment_dir / "ci-results").iterdir()}
    assert got == {name: text for contents in files.values() for name, text in contents.items()}
    # A leg that failed before writing anything: the others still arrive.
    partial = tmp_path / "partial"
    partial.mkdir()
    subprocess.run(["bash", "-e", "-c", collect], cwd=partial, check=True,
                   env={**env, "PLAN_STAGING": "", "INTEGRATION_TEST": ""})
    assert sorted(p.name for p in (partial / "ci-results").iterdir()) == ["champion.json", "plan-prod.json"]


def test_the_cli_step_uses_a_cli_of_the_pinned_version_already_on_path(workflows, tmp_path):
    job = workflows["ghes-project"][f"{NAME}-ci.yml"]["jobs"]["integration-test"]
    step = next(s for s in steps_of(job) if s["name"] == "Install the Databricks CLI")
    version = step["env"]["DATABRICKS_CLI_VERSION"]
    assert version == "1.13.0"
    assert "https://github.com/databricks/cli/releases/download/v$DATABRICKS_CLI_VERSION" in step["run"]
    assert "sha256sum -c" in step["run"] and "sudo" not in step["run"]
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "databricks"
    fake.write_text(f'#!/bin/sh\necho "Databricks CLI v{version}"\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    no_network = tmp_path / "nobin"
    no_network.mkdir()
    for tool in ("sh", "bash", "echo", "cat", "mkdir"):
        found = shutil.which(tool)
        if found:
            (no_network / tool).symlink_to(found)
    env = {"PATH": f"{bin_dir}:{no_network}", "DATABRICKS_CLI_VERSION": version, "RUNNER_ARCH": "X64",
           "RUNNER_TEMP": str(tmp_path), "GITHUB_PATH": str(tmp_path / "path")}
    result = subprocess.run([shutil.which("bash"), "-e", "-c", step["run"]], check=False, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Using" in result.stdout and not (tmp_path / "databricks-cli").exists()


# --- docs ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> dict[str, dict[str, str]]:
    """{tree: {define: rendered Markdown}} of the docs defines, through a one-file template."""
    root = tmp_path_factory.mktemp("docs-template")
    shutil.copy(SCHEMA_FILE, root / "databricks_template_schema.json")
    shutil.copytree(REPO / "library", root / "library")
    (root / "template").mkdir()
    (root / "template" / "docs.md.tmpl").write_text(
        '{{ template "mlops_setup_github" . }}\n=====\n{{ template "ml_pull_request_github" . }}\n')
    out = {}
    for tree, config in TREES.items():
        target = tmp_path_factory.mktemp(f"docs-{tree}")
        bricksmith.render(root, config, target, **FACTS)
        setup, pull_request = (target / "docs.md").read_text().split("\n=====\n")
        out[tree] = {"setup": setup, "pull_request": pull_request}
    return out


def test_docs_name_the_environments_variables_and_branches(docs):
    for tree, text in docs.items():
        setup = text["setup"]
        assert "{{" not in setup.replace("${{ vars.", "").replace("${{ secrets.", "")
        for environment in ("test", "staging-plan", "prod-plan", "staging", "prod"):
            assert f"| `{environment}` |" in setup
        for variable in ("DATABRICKS_CLIENT_ID", "DATABRICKS_DEPLOYER_CLIENT_ID", "DATABRICKS_TOKEN_AUDIENCE",
                         "DATABRICKS_CLIENT_SECRET"):
            assert variable in setup
        assert f"selected branches: `{DEFAULT_BRANCH}`" in setup
        assert f"selected branches: `{RELEASE_BRANCH}` | required reviewers" in setup
        assert "repo:<org>/<repo>:environment:prod" in setup
        if is_ghes(tree):  # GHES has no immutable subjects: the names are the subject
            assert '"subject": "repo:<org>/<repo>:environment:prod"' in setup
            assert "@<owner ID>" not in setup and "sub_claim_prefix" not in setup
        else:  # github.com: both formats, and how to read the repository's own before creating the policies
            assert "repo:<org>@<owner ID>/<repo>@<repository ID>:environment:prod" in setup
            assert "gh api repos/<org>/<repo>/actions/oidc/customization/sub" in setup
            assert "`sub_claim_prefix`" in setup and "`use_immutable_subject`" in setup
            assert '"subject": "<prefix>:environment:prod"' in setup
            assert "2026-04-23-immutable-subject-claims-for-github-actions-oidc-tokens" in setup
        assert "databricks account service-principal-federation-policy create" in setup
        assert "https://accounts.cloud.databricks.com" in setup  # aws
        assert "oauth-m2m" in setup
        issuer = ("https://<GHES host>/_services/token" if is_ghes(tree)
                  else "https://token.actions.githubusercontent.com")
        assert f'"issuer": "{issuer}"' in setup
        assert ("## GitHub Enterprise Server" in setup) is is_ghes(tree)
        assert ("## Adding projects" in setup) is tree.endswith("repository")
        if is_ghes(tree):
            assert "actions-sync" in setup and "jwks_json" in setup and "[self-hosted, linux]" in setup
        if tree.endswith("project"):
            assert "`Plan (staging)`, `Plan (prod)` and `Integration test`" in setup
        else:
            assert "Do not make the projects' checks required" in setup
        assert 3 <= len(text["pull_request"].splitlines()) <= 8
        assert "fork" in text["pull_request"]


def test_docs_for_an_azure_repository_explain_entra_id_service_principals(tmp_path):
    root = tmp_path / "t"
    shutil.copytree(REPO / "library", root / "library")
    shutil.copy(SCHEMA_FILE, root / "databricks_template_schema.json")
    (root / "template").mkdir()
    (root / "template" / "setup.md.tmpl").write_text('{{ template "mlops_setup_github" . }}')
    bricksmith.render(root, {"input_cloud": "azure"}, tmp_path / "out", **FACTS)
    text = (tmp_path / "out" / "setup.md").read_text()
    assert "github-oidc-azure" in text and "https://accounts.azuredatabricks.net" in text
    assert "`.github/workflows/my_mlops_project-ci.yml`" in text

