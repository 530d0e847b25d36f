"""Azure DevOps CI/CD of generated projects: the pipelines, the add-a-project pipeline, the docs.

Renders Azure DevOps × (CICD_and_Project, CICD_Only) × (azure, aws) once per module, with
unusual but valid answers (a default branch with `/` and `.`, a release branch with `.`, a
project name with `-` and `_`, a root folder with `.` and `-`), fills in the blueprints of
CICD_Only for a sample project the way ci/add_project.py does, and checks that:
- `bricksmith check`'s CI/CD rules (Microsoft's Azure Pipelines schema, versions as floats) are clean;
- the answers reach the triggers, path filters, working directories, conditions and environments;
- no answer stands in a script: scripts read them from `env:`;
- each job signs in as its identity, the way its cloud does it.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from initkit import REPO, make_template
from template_configs import FACTS

import bricksmith
from bricksmith.check import Checker, Options
from bricksmith.check.rules import cicd, docs_links, template_residue

NAME = "fraud-scoring_v2"
ROOT = "ML.Repo-1"
DEFAULT = "release/2.x-main"
RELEASE = "prod.v1"
PROJECT_DIR = "ML.Repo-1"  # the sample project's folder in a CICD_Only repository
ANSWERS = (NAME, ROOT, DEFAULT, RELEASE, PROJECT_DIR)
PIPELINES = ".azure/devops-pipelines"
SOURCES = "$(Build.SourcesDirectory)"

CONFIGS = {
    f"{mode}-{cloud}": {
        "input_setup_cicd_and_project": setup,
        "input_cicd_platform": "azure_devops",
        "input_cloud": cloud,
        "input_project_name": NAME,
        "input_root_dir": ROOT,
        "input_default_branch": DEFAULT,
        "input_release_branch": RELEASE,
    }
    for mode, setup in (("project", "CICD_and_Project"), ("only", "CICD_Only"))
    for cloud in ("azure", "aws")
}

# identity -> (Azure service connection, variable of its application ID on AWS/GCP)
IDENTITIES = {
    "test": ("databricks-test", "DATABRICKS_TEST_CLIENT_ID"),
    "staging-plan": ("databricks-staging-plan", "DATABRICKS_STAGING_PLAN_CLIENT_ID"),
    "prod-plan": ("databricks-prod-plan", "DATABRICKS_PROD_PLAN_CLIENT_ID"),
    "staging": ("databricks-staging", "DATABRICKS_STAGING_DEPLOYER_CLIENT_ID"),
    "prod": ("databricks-prod", "DATABRICKS_PROD_DEPLOYER_CLIENT_ID"),
}

CHECKER = Checker(families=[cicd], options=Options(strict=True))


def add_project(repo: Path, name: str, directory: str) -> None:
    """What ci/add_project.py does with the blueprints: tokens replaced in paths and content."""
    blueprints = repo / "ci" / "blueprints"
    for src in sorted(p for p in blueprints.rglob("*") if p.is_file()):
        rel = src.relative_to(blueprints).as_posix().replace("@@PROJECT_NAME@@", name)
        text = src.read_text().replace("@@PROJECT_NAME@@", name).replace("@@PROJECT_DIR@@", directory)
        dest = repo / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(text)


@pytest.fixture(scope="module")
def repos(tmp_path_factory) -> dict[str, Path]:
    """{config name: the rendered repository}, blueprints of CICD_Only filled in for NAME."""
    out = {}
    for key, config in CONFIGS.items():
        target = tmp_path_factory.mktemp(key)
        bricksmith.render(None, config, target, **FACTS)
        repo = target / ROOT
        if config["input_setup_cicd_and_project"] == "CICD_Only":
            add_project(repo, NAME, PROJECT_DIR)
        out[key] = repo
    return out


def project_dir(key: str) -> str:
    return "." if key.startswith("project") else PROJECT_DIR


def pipeline(repos, key: str, kind: str) -> dict:
    return yaml.safe_load((repos[key] / PIPELINES / f"{NAME}-{kind}.yml").read_text())


def text(repos, key: str, kind: str) -> str:
    return (repos[key] / PIPELINES / f"{NAME}-{kind}.yml").read_text()


def jobs(doc: dict) -> dict[str, dict]:
    """{job or deployment id: job} of every stage (or of a pipeline of jobs)."""
    listed = [job for stage in doc["stages"] for job in stage["jobs"]] if "stages" in doc else doc["jobs"]
    return {job.get("job") or job["deployment"]: job for job in listed}


def steps(job: dict) -> list[dict]:
    if "deployment" in job:
        return job["strategy"]["runOnce"]["deploy"]["steps"]
    return job["steps"]


def script_of(step: dict) -> str | None:
    if "script" in step:
        return step["script"]
    if step.get("task", "").startswith("AzureCLI@"):
        return step["inputs"]["inlineScript"]
    return None


def workdir_of(step: dict) -> str | None:
    if step.get("task", "").startswith("AzureCLI@"):
        return step["inputs"].get("workingDirectory")
    return step.get("workingDirectory")


def all_steps(doc: dict) -> list[dict]:
    return [step for job in jobs(doc).values() for step in steps(job)]


def databricks_steps(job: dict) -> list[dict]:
    """The steps that call Databricks: the CLI, or a ci/ script of the project other than the comment."""
    out = []
    for step in steps(job):
        script = script_of(step) or ""
        if re.search(r"\bdatabricks bundle\b|ci/(bundle_plan|integration_test|model_metrics)\.py", script):
            out.append(step)
    return out


# --- the check ----------------------------------------------------------------------------------


@pytest.mark.parametrize("key", CONFIGS)
def test_ci_rules_are_clean(repos, key):
    report = CHECKER.check(repos[key])
    assert [p.text() for p in report.problems] == []
    assert not report.not_run, report.not_run
    expected = {f"{PIPELINES}/{NAME}-ci.yml", f"{PIPELINES}/{NAME}-cd.yml"}
    if key.startswith("only"):
        expected.add(f"{PIPELINES}/add-project.yml")
    files = {p.relative_to(repos[key]).as_posix() for p in (repos[key] / PIPELINES).glob("*.yml")}
    assert files == expected


@pytest.mark.parametrize("key", CONFIGS)
def test_files_end_with_one_newline(repos, key):
    for path in (repos[key] / PIPELINES).glob("*.yml"):
        content = path.read_text()
        assert content.endswith("\n") and not content.endswith("\n\n"), path.name
        assert "\n\n\n" not in content, path.name


# --- answers in the right places ----------------------------------------------------------------


@pytest.mark.parametrize("key", CONFIGS)
def test_ci_triggers(repos, key):
    doc = pipeline(repos, key, "ci")
    assert doc["trigger"] == "none"  # Azure Repos: the build validation policy runs it
    assert doc["pr"]["branches"] == {"include": [DEFAULT]}
    assert doc["pr"]["autoCancel"] is False
    if key.startswith("only"):
        assert doc["pr"]["paths"] == {"include": [PROJECT_DIR, f"{PIPELINES}/{NAME}-ci.yml"]}
        assert f"(path filter /{PROJECT_DIR}/*)" in text(repos, key, "ci")
    else:
        assert "paths" not in doc["pr"]  # the repository is the project


@pytest.mark.parametrize("key", CONFIGS)
def test_cd_triggers_and_stages(repos, key):
    doc = pipeline(repos, key, "cd")
    assert doc["pr"] == "none"
    assert doc["trigger"]["branches"] == {"include": [DEFAULT, RELEASE]}
    if key.startswith("only"):
        assert doc["trigger"]["paths"] == {"include": [PROJECT_DIR, f"{PIPELINES}/{NAME}-cd.yml"]}
    else:
        assert "paths" not in doc["trigger"]
    stages = {stage["stage"]: stage for stage in doc["stages"]}
    assert list(stages) == ["staging", "prod"]
    for target, branch in (("staging", DEFAULT), ("prod", RELEASE)):
        stage = stages[target]
        assert stage["condition"] == f"eq(variables['Build.SourceBranch'], 'refs/heads/{branch}')"
        assert stage["lockBehavior"] == "sequential"
        (job,) = stage["jobs"]
        assert job["environment"] == target
        commands = [script_of(s).splitlines()[-1] for s in databricks_steps(job)]
        assert commands == [f"databricks bundle validate -t {target}", f"databricks bundle deploy -t {target}"]


@pytest.mark.parametrize("key", CONFIGS)
def test_ci_stages(repos, key):
    doc = pipeline(repos, key, "ci")
    stages = {stage["stage"]: stage for stage in doc["stages"]}
    assert list(stages) == ["unit_tests", "plan", "integration_test", "comment"]
    assert stages["integration_test"]["dependsOn"] == "unit_tests"
    assert stages["integration_test"]["lockBehavior"] == "sequential"
    (deployment,) = stages["integration_test"]["jobs"]
    assert deployment["environment"] == f"{NAME}-test"
    assert steps(deployment)[0] == {"download": "none"}
    assert {"checkout": "self", "displayName": "Check out"} in steps(deployment)
    assert stages["comment"]["dependsOn"] == ["plan", "integration_test"]
    # Comments run after failures too, for pull requests from this repository only.
    for stage in (stages["comment"],):
        assert stage["condition"].startswith("and(not(canceled()), eq(variables['Build.Reason'], 'PullRequest')")
    for job_id in ("plan_staging", "plan_prod", "comment_plans"):
        assert "System.PullRequest.IsFork" in jobs(doc)[job_id]["condition"]
    assert jobs(doc)["comment_plans"]["dependsOn"] == ["plan_staging", "plan_prod"]


@pytest.mark.parametrize("key", CONFIGS)
@pytest.mark.parametrize("kind", ["ci", "cd"])
def test_working_directories(repos, key, kind):
    doc = pipeline(repos, key, kind)
    project = SOURCES if project_dir(key) == "." else f"{SOURCES}/{PROJECT_DIR}"
    for job_id, job in jobs(doc).items():
        for step in steps(job):
            script = script_of(step) or ""
            if "ci/pr_comment.py" in script:
                assert workdir_of(step) == SOURCES  # the repository root's ci/
            elif re.search(r"pip install|pytest|databricks bundle|ci/\w+\.py", script):
                assert workdir_of(step) == project, (job_id, script)
    for step in all_steps(doc):
        if step.get("task") == "PublishPipelineArtifact@1":
            assert step["inputs"]["targetPath"] == f"{project}/ci-results"
            assert step["condition"] == "succeededOrFailed()"


@pytest.mark.parametrize("key", CONFIGS)
def test_python_versions_are_strings(repos, key):
    files = list((repos[key] / PIPELINES).glob("*.yml"))
    specs = []
    for path in files:
        for step in all_steps(yaml.safe_load(path.read_text())):
            if step.get("task") == "UsePythonVersion@0":
                specs.append(step["inputs"]["versionSpec"])
        assert re.search(r'versionSpec: (?!")', path.read_text()) is None
    assert specs and set(specs) == {"3.12"}


@pytest.mark.parametrize("key", CONFIGS)
def test_no_answer_in_a_script(repos, key):
    for path in (repos[key] / PIPELINES).glob("*.yml"):
        doc = yaml.safe_load(path.read_text())
        for step in all_steps(doc):
            script = script_of(step)
            if script is None:
                continue
            for answer in ANSWERS:
                assert answer not in script, (path.name, answer, script)
            assert "${{" not in script and "$(" not in script.replace("$(System.", "")


@pytest.mark.parametrize("key", CONFIGS)
def test_comment_steps(repos, key):
    doc = pipeline(repos, key, "ci")
    results = "ci-results" if project_dir(key) == "." else f"{PROJECT_DIR}/ci-results"
    for job_id in ("comment_plans", "comment"):
        job = jobs(doc)[job_id]
        comment = [s for s in steps(job) if "ci/pr_comment.py" in (script_of(s) or "")]
        assert len(comment) == 1
        (step,) = comment
        assert step["script"] == 'python ci/pr_comment.py --project "$PROJECT" --results "$RESULTS"'
        assert step["env"] == {"PROJECT": NAME, "RESULTS": results, "SYSTEM_ACCESSTOKEN": "$(System.AccessToken)"}
        download = [s for s in steps(job) if s.get("task") == "DownloadPipelineArtifact@2"]
        assert download and download[0]["inputs"]["buildType"] == "current"


# --- authentication -----------------------------------------------------------------------------

EXPECTED_IDENTITIES = {
    ("ci", "plan_staging"): "staging-plan",
    ("ci", "plan_prod"): "prod-plan",
    ("ci", "integration_test"): "test",
    ("cd", "deploy_staging"): "staging",
    ("cd", "deploy_prod"): "prod",
}


@pytest.mark.parametrize("key", CONFIGS)
def test_each_job_signs_in_as_its_identity(repos, key):
    cloud = CONFIGS[key]["input_cloud"]
    seen = set()
    for kind in ("ci", "cd"):
        for job_id, job in jobs(pipeline(repos, key, kind)).items():
            calls = databricks_steps(job)
            identity = EXPECTED_IDENTITIES.get((kind, job_id))
            if identity is None:
                assert calls == [], job_id  # unit tests and comments never call Databricks
                continue
            assert calls, job_id
            seen.add(identity)
            connection, variable = IDENTITIES[identity]
            for step in calls:
                if cloud == "azure":
                    assert step["task"] == "AzureCLI@2"
                    assert step["inputs"]["azureSubscription"] == connection
                    assert step["inputs"]["scriptType"] == "bash"
                    assert step["env"]["DATABRICKS_AUTH_TYPE"] == "azure-cli"
                    assert "DATABRICKS_CLIENT_ID" not in step["env"]
                else:
                    assert "task" not in step
                    assert step["env"]["DATABRICKS_AUTH_TYPE"] == "azure-devops-oidc"
                    assert step["env"]["DATABRICKS_CLIENT_ID"] == f"$({variable})"
                    assert step["env"]["SYSTEM_ACCESSTOKEN"] == "$(System.AccessToken)"
                assert "DATABRICKS_CLIENT_SECRET" not in step["env"]
                assert "DATABRICKS_TOKEN" not in step["env"]
                if job_id.startswith("plan") and "bundle_plan.py" in script_of(step):
                    target = job_id.removeprefix("plan_")
                    assert step["env"]["BUNDLE_VAR_deployer"] == f"$({IDENTITIES[target][1]})"
    assert seen == set(IDENTITIES)


@pytest.mark.parametrize("key", CONFIGS)
def test_variable_group(repos, key):
    cloud = CONFIGS[key]["input_cloud"]
    ci = pipeline(repos, key, "ci")
    assert {"group": "databricks-ci"} in ci["variables"]
    cd = pipeline(repos, key, "cd")
    if cloud == "azure":
        assert cd["variables"] == {"PIP_CACHE_DIR": "$(Pipeline.Workspace)/.pip"}
    else:
        assert {"group": "databricks-ci"} in cd["variables"]


@pytest.mark.parametrize("key", CONFIGS)
@pytest.mark.parametrize("kind", ["ci", "cd"])
def test_the_pip_cache_follows_both_requirements_files(repos, key, kind):
    # requirements-dev.txt includes requirements.txt: a change to either must miss the cache
    prefix = "" if project_dir(key) == "." else project_dir(key) + "/"
    caches = [s for s in all_steps(pipeline(repos, key, kind)) if s.get("task") == "Cache@2"]
    assert caches
    for step in caches:
        segments = [part.strip() for part in step["inputs"]["key"].split("|")]
        files = segments[2:]
        assert segments[:2] == ["pip", '"$(Agent.OS)"']
        assert files == [f"{prefix}requirements.txt", f"{prefix}requirements-dev.txt"]
        if key.startswith("project"):  # Cache@2 hashes a file path segment, which must exist
            for rel in files:
                assert (repos[key] / rel).is_file(), rel


@pytest.mark.parametrize("key", CONFIGS)
def test_prod_champion_metrics_never_fail_the_job(repos, key):
    job = jobs(pipeline(repos, key, "ci"))["plan_prod"]
    (metrics,) = [s for s in steps(job) if "model_metrics.py" in (script_of(s) or "")]
    assert metrics["condition"] == "succeededOrFailed()"
    assert "##vso[task.complete result=SucceededWithIssues;]" in script_of(metrics)
    assert "--target prod --alias champion --out ci-results/champion.json" in script_of(metrics)


# --- the add-a-project pipeline -----------------------------------------------------------------


@pytest.mark.parametrize("key", [k for k in CONFIGS if k.startswith("only")])
def test_add_project_pipeline(repos, key):
    path = repos[key] / PIPELINES / "add-project.yml"
    doc = yaml.safe_load(path.read_text())
    assert doc["trigger"] == "none" and doc["pr"] == "none"
    assert doc["parameters"] == [
        {"name": "project", "displayName": "Project name: the bundle name in its databricks.yml", "type": "string"},
        {"name": "projectDir", "displayName": "The project's folder in the repository (empty: the project name)",
         "type": "string", "default": ""},
    ]
    (job,) = doc["jobs"]
    check, checkout, python, add = job["steps"]
    for step in (check, add):
        assert step["env"]["PROJECT"] == "${{ parameters.project }}"
        assert step["env"]["PROJECT_DIR"] == "${{ parameters.projectDir }}"
    assert "^[a-z][a-z0-9_-]{1,62}$" in check["script"]
    assert "^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$" in check["script"]
    assert checkout["checkout"] == "self" and checkout["persistCredentials"] is True
    assert python["inputs"]["versionSpec"] == "3.12"
    assert 'python ci/add_project.py "$PROJECT" --project-dir "$PROJECT_DIR" --open-pr' in add["script"]
    assert add["env"]["SYSTEM_ACCESSTOKEN"] == "$(System.AccessToken)"


@pytest.mark.parametrize("key", [k for k in CONFIGS if k.startswith("only")])
def test_blueprints_keep_their_tokens(repos, key):
    blueprints = repos[key] / "ci" / "blueprints" / PIPELINES
    names = sorted(p.name for p in blueprints.iterdir())
    assert names == ["@@PROJECT_NAME@@-cd.yml", "@@PROJECT_NAME@@-ci.yml"]
    ci = (blueprints / "@@PROJECT_NAME@@-ci.yml").read_text()
    assert '"@@PROJECT_DIR@@"' in ci and '"@@PROJECT_NAME@@-test"' in ci
    assert '"$(Build.SourcesDirectory)/@@PROJECT_DIR@@"' in ci


# --- the docs -----------------------------------------------------------------------------------

DOCS_TEMPLATE = """\
# Setting up CI/CD

{{ template "mlops_setup_azure_devops" . }}

# The life of a change

{{ template "ml_pull_request_azure_devops" . }}
"""


@pytest.fixture(scope="module")
def docs_template(tmp_path_factory) -> Path:
    """A template root: the repository's schema and library, and one file calling the docs defines."""
    root = tmp_path_factory.mktemp("docs-template")
    make_template(root, files={"{{.input_root_dir}}/docs/setup.md.tmpl": DOCS_TEMPLATE})
    shutil.copy(REPO / "databricks_template_schema.json", root)
    shutil.copytree(REPO / "library", root / "library")
    return root


@pytest.fixture(scope="module")
def docs(docs_template) -> dict[str, str]:
    """{config name: the docs defines rendered into one Markdown file}, checked for links and residue."""
    root = docs_template
    checker = Checker(families=[docs_links, template_residue], options=Options(strict=True))
    out = {}
    for key, config in CONFIGS.items():
        target = root / "out" / key
        bricksmith.render(root, config, target, **FACTS)
        report = checker.check(target / ROOT)
        assert [p.text() for p in report.problems] == [], key
        out[key] = (target / ROOT / "docs" / "setup.md").read_text()
    return out


@pytest.mark.parametrize("key", CONFIGS)
def test_docs_setup(docs, key):
    doc = docs[key]
    name = "<project>" if key.startswith("only") else NAME
    assert doc.startswith("# Setting up CI/CD\n\n## Azure DevOps\n")
    for pipeline_name in (f"{name}-ci", f"{name}-cd"):
        assert f"az pipelines create --name {pipeline_name} " in doc
    assert f"--yaml-path .azure/devops-pipelines/{name}-ci.yml" in doc
    assert f"--branch {DEFAULT} \\" in doc
    assert f"| `{name}-test` |" in doc and "| `prod` |" in doc and "**Exclusive lock**" in doc
    assert "**Approvals**" in doc and "lockBehavior: sequential" in doc
    assert "Contribute to pull\nrequests" in doc
    assert "az repos policy build create" in doc and f"--branch {DEFAULT}" in doc
    assert "variable-group create --name databricks-ci" in doc
    assert "oauth-m2m" in doc and "--secret\ntrue" in doc
    if key.startswith("only"):
        assert '--path-filter "/<project folder>/*;/.azure/devops-pipelines/<project>-ci.yml"' in doc
        assert "az pipelines create --name add-project" in doc
        assert "**Create branch**" in doc
    else:
        assert "--path-filter" not in doc and "add-project" not in doc
    if CONFIGS[key]["input_cloud"] == "azure":
        for connection, _ in IDENTITIES.values():
            assert f"`{connection}`" in doc
        assert "Workload identity federation" in doc and "azure-cli" in doc
        assert f"`refs/heads/{DEFAULT}`" in doc and f"`refs/heads/{RELEASE}`" in doc
        assert "vstoken" not in doc
    else:
        assert "azure-devops-oidc" in doc
        assert '"issuer": "https://vstoken.dev.azure.com/<organization ID>"' in doc
        assert '"audiences": ["api://AzureADTokenExchange"]' in doc
        assert f'"subject": "p://<organization>/<devops-project>/{name}-cd"' in doc
        for _, variable in IDENTITIES.values():
            assert f"`{variable}`" in doc and f"{variable}=<" in doc
        assert "AzureCLI@2" not in doc.split("### Fallback")[0]
        # the subject has no branch: a branch's edited copy of the CD file must not get to run
        cd_part = doc.split("### Who can run the CD pipeline\n", 1)[1].split("\n### ", 1)[0]
        assert "**Override the YAML continuous integration trigger from\n   here**" in cd_part
        assert f"`{DEFAULT}` and `{RELEASE}` only" in cd_part
        assert "**Queue builds**" in cd_part and "**Edit\n   build pipeline**" in cd_part
        assert "**Bypass policies when pushing**" in cd_part and "**Force push**" in cd_part
        assert "What remains:" in cd_part and "`schedules:`" in cd_part
        assert "https://learn.microsoft.com/azure/devops/pipelines/repos/azure-repos-git" in cd_part
    fallback = doc.split("### Fallback: OAuth secrets\n", 1)[1]
    assert f"`refs/heads/{DEFAULT}` and\n`refs/heads/{RELEASE}`" in fallback
    if CONFIGS[key]["input_cloud"] == "azure":  # the CD file names no group there: the fallback must add it
        assert f"in `{name}-cd.yml`, which names no variable group on Azure" in fallback
        assert "`- group: databricks-ci`" in fallback


@pytest.mark.parametrize("key", CONFIGS)
def test_docs_pull_request(docs, key):
    part = docs[key].split("# The life of a change\n\n", 1)[1]
    lines = part.strip().splitlines()
    assert 3 <= len(lines) <= 6
    flat = " ".join(lines)
    assert f"`{DEFAULT}`" in flat and "build validation policy" in flat and "comment is a thread" in flat


# --- Go renders the same ------------------------------------------------------------------------


def go_and_python(goref, template_root: Path, config: dict, tmp_path: Path) -> tuple[Path, Path]:
    config_file = tmp_path / "config.json"
    config_file.write_text(json.dumps(config))
    go_out, py_out = tmp_path / "go", tmp_path / "py"
    result = goref.run_init(template_root, go_out, config_file=config_file, facts=FACTS)
    assert "error" not in result, result["error"]
    bricksmith.render(template_root, config, py_out, **FACTS)
    return go_out / ROOT, py_out / ROOT


@pytest.mark.parametrize("key", CONFIGS)
def test_pipelines_render_as_go_renders_them(goref, tmp_path, key):
    go, py = go_and_python(goref, REPO, CONFIGS[key], tmp_path)
    files = sorted(p.relative_to(py).as_posix() for p in py.rglob("*.yml") if "azure" in p.as_posix())
    assert len(files) == (3 if key.startswith("only") else 2)
    for rel in files:
        assert (py / rel).read_bytes() == (go / rel).read_bytes(), rel


@pytest.mark.parametrize("key", CONFIGS)
def test_docs_render_as_go_renders_them(goref, tmp_path, docs_template, key):
    go, py = go_and_python(goref, docs_template, CONFIGS[key], tmp_path)
    rel = "docs/setup.md"
    assert (py / rel).read_bytes() == (go / rel).read_bytes()
