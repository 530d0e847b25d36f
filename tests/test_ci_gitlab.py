"""GitLab CI/CD of generated repositories: `.gitlab-ci.yml`, the pipelines it includes, the CI image.

Rendered once per configuration (a repository that is one project, and a repository of several
projects whose blueprint is filled in here for two projects, as ci/add_project.py would) and
checked for: a clean `bricksmith check` of the CI rules (GitLab's schema, versions as strings),
the CI image built from the prompt's base image and used by every job, prompt values in every
trigger and path filter, always quoted and never in a shell line, job names unique across
projects, and which jobs each kind of pipeline runs (the rules evaluated as GitLab would).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

import bricksmith
from bricksmith.check import Checker, Options, ci_files
from bricksmith.check.project import Project
from bricksmith.check.rules import cicd
from template_configs import FACTS

REPO = Path(__file__).resolve().parent.parent

NAME, DIR = "fraud-scoring_v2", "Fraud.Scoring-2"  # the monorepo's first project (blueprint filled in)
OTHER, OTHER_DIR = "churn", "churn"
DEFAULT, RELEASE = "release/2.x-main", "prod.v1"
DIGEST_IMAGE = "registry.example.com/ml/ci:1.4@sha256:" + "0123456789abcdef" * 4
UNUSUAL = {
    "input_cicd_platform": "gitlab",
    "input_project_name": NAME,
    "input_root_dir": "ML.Repo-1",
    "input_default_branch": DEFAULT,
    "input_release_branch": RELEASE,
}
CONFIGS = {
    "project": {**UNUSUAL, "input_docker_image": DIGEST_IMAGE, "input_include_feature_store": "yes"},
    "project-nofs": {**UNUSUAL, "input_docker_image": DIGEST_IMAGE, "input_include_feature_store": "no"},
    "project-defaults": {"input_cicd_platform": "gitlab", "input_cloud": "aws"},
    "monorepo": {**UNUSUAL, "input_setup_cicd_and_project": "CICD_Only", "input_docker_image": "python:3.12-slim"},
}
ROOT_KEYWORDS = {"stages", "variables", "workflow", "default", "include", "image", "services", "cache",
                 "before_script", "after_script"}
CHECKER = Checker(families=[cicd], options=Options(strict=True, require_all_rules=True))


def _fill_blueprint(root: Path, name: str, directory: str) -> None:
    """What ci/add_project.py does for one project: the blueprint's tokens substituted, in place."""
    blueprints = root / "ci" / "blueprints"
    for source in blueprints.rglob("*"):
        if source.is_file():
            rel = source.relative_to(blueprints).as_posix().replace("@@PROJECT_NAME@@", name)
            target = root / rel.replace("@@PROJECT_DIR@@", directory)
            text = source.read_text().replace("@@PROJECT_NAME@@", name).replace("@@PROJECT_DIR@@", directory)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, Path]:
    """{configuration: the repository root}, each rendered once."""
    out = {}
    for key, config in CONFIGS.items():
        base = tmp_path_factory.mktemp(key)
        bricksmith.render(None, config, base, **FACTS)
        root = base / config.get("input_root_dir", "my_mlops_project")
        if config.get("input_setup_cicd_and_project") == "CICD_Only":
            _fill_blueprint(root, NAME, DIR)
            _fill_blueprint(root, OTHER, OTHER_DIR)
        out[key] = root
    return out


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text())


def pipeline(root: Path) -> dict:
    """Every job of the repository's pipeline, its included files merged as GitLab merges them."""
    merged = dict(load(root / ".gitlab-ci.yml"))
    for rel in ci_files.gitlab_files(Project(root))[1:]:
        for key, value in load(root / rel).items():
            assert key not in merged, f"{rel}: {key} is defined twice"
            merged[key] = value
    return merged


def jobs(pipe: dict) -> dict:
    return {k: v for k, v in pipe.items() if k not in ROOT_KEYWORDS and not k.startswith(".")}


def resolved(pipe: dict, job: dict) -> dict:
    """A job with its `extends` chain merged in (hashes deeply, as GitLab does)."""
    parent = job.get("extends")
    if parent is None:
        return job
    base = resolved(pipe, pipe[parent])

    def merge(a, b):
        if isinstance(a, dict) and isinstance(b, dict):
            return {**a, **{k: merge(a.get(k), v) if k in a else v for k, v in b.items()}}
        return b
    return merge(base, {k: v for k, v in job.items() if k != "extends"})


def project_pipeline_files(key: str, root: Path) -> list[Path]:
    if key == "monorepo":
        return [root / f".gitlab/pipelines/{NAME}.yml", root / f".gitlab/pipelines/{OTHER}.yml"]
    name = CONFIGS[key].get("input_project_name", "my_mlops_project")
    return [root / f".gitlab/pipelines/{name}.yml"]


# --- check --------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", CONFIGS)
def test_ci_rules_are_clean(rendered, key):
    root = rendered[key]
    report = CHECKER.check(root)
    assert [p.text() for p in report.problems] == []
    assert report.not_run == []
    checked = ci_files.gitlab_files(Project(root))
    expected = [".gitlab-ci.yml"] + [p.relative_to(root).as_posix() for p in project_pipeline_files(key, root)]
    if key == "monorepo":
        expected.append(".gitlab/pipelines/add-project.yml")
    assert sorted(checked) == sorted(expected)  # the include glob reaches every pipeline file


def test_the_check_sees_a_broken_included_pipeline(rendered, tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(rendered["monorepo"], root)
    path = root / ".gitlab/pipelines" / f"{OTHER}.yml"
    path.write_text(path.read_text().replace("  stage: test\n", "  stage: test\n  runs-on: linux\n", 1))
    rules = {p.rule for p in CHECKER.check(root).problems}
    assert rules == {"gitlab-ci-schema"}


# --- the CI image -------------------------------------------------------------------------------


@pytest.mark.parametrize("key,image", [("project", DIGEST_IMAGE), ("project-defaults", "python:3.12-slim"),
                                       ("monorepo", "python:3.12-slim")])
def test_the_dockerfile_builds_on_the_prompts_image(rendered, key, image):
    text = (rendered[key] / ".gitlab/ci-image/Dockerfile").read_text()
    assert [line for line in text.splitlines() if line.startswith("FROM")] == [f"FROM {image}"]
    assert "default-jre-headless" in text and "openjdk-17" not in text  # Debian 13 has no OpenJDK 17
    for tool in ("git", "curl", "unzip", "ca-certificates"):
        assert re.search(rf"\s{tool}\s", text), tool
    assert "https://raw.githubusercontent.com/databricks/setup-cli/v1.13.0/install.sh" in text
    assert 'mlops.databricks-cli.version="1.13.0"' in text


@pytest.mark.parametrize("key", CONFIGS)
def test_every_job_runs_in_the_pinned_ci_image(rendered, key):
    pipe = pipeline(rendered[key])
    image = "$CI_REGISTRY_IMAGE/ci:$MLOPS_CI_IMAGE_TAG"
    assert pipe["default"]["image"] == image
    assert re.fullmatch(r"1\.13\.0-\d+", pipe["variables"]["MLOPS_CI_IMAGE_TAG"])
    build = pipe["ci-image"]
    assert build["variables"]["CI_IMAGE"] == image
    assert "docker build" in build["script"][0] and ".gitlab/ci-image" in build["script"][0]
    assert "docker manifest inspect" in build["script"][0]  # built only when missing
    version = re.fullmatch(r"docker:(\d+\.\d+\.\d+)-cli", build["image"]).group(1)
    assert build["services"] == [{"name": f"docker:{version}-dind", "alias": "docker"}]
    assert {".gitlab/ci-image/**/*", ".gitlab-ci.yml"} <= set(build["rules"][0]["changes"])
    others = {name: job for name, job in jobs(pipe).items() if name != "ci-image"}
    assert others and all("image" not in resolved(pipe, job) for job in others.values())
    assert all(name.startswith((NAME, OTHER, "my_mlops_project", "add-project")) for name in others)


# --- prompt values ------------------------------------------------------------------------------


def _branch_rule(branch: str, source: str = "push") -> str:
    return f'$CI_PIPELINE_SOURCE == "{source}" && $CI_COMMIT_BRANCH == "{branch}"'


@pytest.mark.parametrize("key", ["project", "monorepo"])
def test_branches_from_the_prompts_reach_every_trigger(rendered, key):
    pipe = pipeline(rendered[key])
    workflow = [rule["if"] for rule in pipe["workflow"]["rules"]]
    assert _branch_rule(DEFAULT) in workflow and _branch_rule(RELEASE) in workflow
    for name in {NAME} | ({OTHER} if key == "monorepo" else set()):
        staging = [rule.get("if") for rule in pipe[f"{name}-deploy-staging"]["rules"]]
        prod = [rule.get("if") for rule in pipe[f"{name}-deploy-prod"]["rules"]]
        assert _branch_rule(DEFAULT) in staging and _branch_rule(DEFAULT, "web") in staging
        assert _branch_rule(RELEASE) in prod and _branch_rule(RELEASE, "web") in prod
        assert not any(RELEASE in (rule or "") for rule in staging)


@pytest.mark.parametrize("key", ["project", "monorepo"])
def test_path_filters_cover_subfolders(rendered, key):
    pipe = pipeline(rendered[key])
    projects = {NAME: DIR, OTHER: OTHER_DIR} if key == "monorepo" else {NAME: "."}
    for name, directory in projects.items():
        prefix = "" if directory == "." else directory + "/"
        for job in (f"{name}-unit-tests", f"{name}-plan-prod", f"{name}-deploy-staging"):
            changes = [c for rule in pipe[job]["rules"] for c in rule.get("changes", [])]
            assert f"{prefix}**/*" in changes
            assert f".gitlab/pipelines/{name}.yml" in changes
            deep = f"{prefix}src/pkg/sub/deeper/module.py"
            assert any(_glob(pattern).match(deep) for pattern in changes)
            assert any(_glob(pattern).match(f"{prefix}databricks.yml") for pattern in changes)
        artifacts = pipe[f"{name}-plan-staging"]["artifacts"]["paths"]
        assert artifacts == [f"{prefix}ci-results/"]
        base = pipe[f".{name}-project"]
        assert base["variables"]["ML_PROJECT_DIR"] == directory
        assert base["before_script"] == ['cd "$ML_PROJECT_DIR"']
        assert base["cache"]["key"]["files"] == [f"{prefix}requirements.txt", f"{prefix}requirements-dev.txt"]
    if key == "monorepo":  # one project's change runs none of the other's jobs
        changes = pipe[f"{OTHER}-unit-tests"]["rules"][-1]["changes"]
        assert not any(_glob(pattern).match(f"{DIR}/src/x.py") for pattern in changes)


def _quoted_spans_removed(line: str) -> str:
    return re.sub(r'"(?:[^"\\]|\\.)*"', '""', line)


@pytest.mark.parametrize("key", CONFIGS)
def test_prompt_values_are_quoted_and_never_in_a_shell_line(rendered, key):
    root = rendered[key]
    config = CONFIGS[key]
    values = [v for v in (config.get("input_project_name"), config.get("input_root_dir"),
                          config.get("input_default_branch"), config.get("input_release_branch"),
                          DIR, OTHER_DIR if key == "monorepo" else None) if v]
    pipe = pipeline(root)
    for name, job in jobs(pipe).items():
        job = resolved(pipe, job)
        shell = "\n".join(job.get("before_script", []) + job.get("script", []) + job.get("after_script", []))
        for value in values:
            assert value not in shell, (name, value)
    files = [root / ".gitlab-ci.yml", *project_pipeline_files(key, root)]
    for path in files:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if line.lstrip().startswith("#"):
                continue
            for value in values:
                assert value not in _quoted_spans_removed(line), f"{path.name}:{number}: {line}"


def test_job_names_are_unique_across_projects(rendered):
    root = rendered["monorepo"]
    first, second = (set(load(p)) for p in project_pipeline_files("monorepo", root))
    assert first and second and not first & second
    assert all(k.lstrip(".").startswith(NAME + "-") for k in first)
    assert all(k.lstrip(".").startswith(OTHER + "-") for k in second)
    shared = set(load(root / ".gitlab-ci.yml")) | set(load(root / ".gitlab/pipelines/add-project.yml"))
    assert not (first | second) & shared
    pipe = pipeline(root)
    for name in (NAME, OTHER):
        assert pipe[f"{name}-integration-test"]["resource_group"] == f"{name}-test"
        assert pipe[f"{name}-deploy-staging"]["resource_group"] == f"{name}-staging"
        assert pipe[f"{name}-deploy-prod"]["resource_group"] == f"{name}-prod"


def test_the_feature_store_changes_no_pipeline_file(rendered):
    with_fs, without = rendered["project"], rendered["project-nofs"]
    for rel in (".gitlab-ci.yml", f".gitlab/pipelines/{NAME}.yml", ".gitlab/ci-image/Dockerfile"):
        assert (with_fs / rel).read_text() == (without / rel).read_text()
    assert "feature" not in (with_fs / f".gitlab/pipelines/{NAME}.yml").read_text().lower()


# --- what the jobs do ---------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["project", "monorepo"])
def test_jobs_authenticate_keylessly_as_their_environments_identity(rendered, key):
    pipe = pipeline(rendered[key])
    environments = {"plan-staging": "staging-plan", "plan-prod": "prod-plan", "integration-test": "test",
                    "deploy-staging": "staging", "deploy-prod": "prod"}
    for suffix, environment in environments.items():
        job = resolved(pipe, pipe[f"{NAME}-{suffix}"])
        assert job["environment"]["name"] == environment
        assert job["id_tokens"] == {"DATABRICKS_OIDC_TOKEN": {"aud": "$DATABRICKS_OIDC_AUDIENCE"}}
        assert job["variables"]["DATABRICKS_AUTH_TYPE"] == "env-oidc"
        assert "DATABRICKS_CLIENT_ID" not in job["variables"]  # from the environment's CI/CD variables
        assert "SECRET" not in str(job) and "TOKEN" not in " ".join(job["script"])
        assert job.get("interruptible") is (suffix.startswith("plan"))
        if suffix.startswith("plan"):
            assert job["environment"]["action"] == "prepare"
            assert job["variables"]["BUNDLE_VAR_deployer"] == "$DATABRICKS_DEPLOYER_CLIENT_ID"
    for job in ("unit-tests", "comment-plan", "comment-results"):
        assert "id_tokens" not in resolved(pipe, pipe[f"{NAME}-{job}"])
    scripts = {suffix: resolved(pipe, pipe[f"{NAME}-{suffix}"])["script"] for suffix in environments}
    assert scripts["plan-staging"][-1] == "python ci/bundle_plan.py --target staging --out ci-results/plan-staging.json"
    assert any(line.startswith("python ci/model_metrics.py --target prod --alias champion")
               for line in scripts["plan-prod"])
    assert scripts["integration-test"][-1] == (
        "python ci/integration_test.py --target test --metrics-out ci-results/candidate.json")
    for target in ("staging", "prod"):
        assert scripts[f"deploy-{target}"][-2:] == [f"databricks bundle validate -t {target}",
                                                    f"databricks bundle deploy -t {target}"]
    comment = pipe[f"{NAME}-comment-results"]
    assert "before_script" not in resolved(pipe, comment)  # from the repository root
    command = 'python ci/pr_comment.py --project "$ML_PROJECT_NAME" --results "$ML_PROJECT_DIR/ci-results"'
    assert command in comment["script"][0]
    assert 'if [ -z "${GITLAB_API_TOKEN:-}" ]' in comment["script"][0]
    assert comment["rules"][-1]["when"] == "always"


def _run_script(lines: list[str], tmp_path: Path, env: dict, cwd: Path) -> subprocess.CompletedProcess:
    """A job's script lines in one bash, as the runner runs them (errexit, pipefail), with a fake `python`
    on PATH that records each call's arguments and GITLAB_API_TOKEN and fails when FAIL_<script> is set."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    fake = bin_dir / "python"
    fake.write_text(
        '#!/bin/bash\n'
        'printf "%s|%s\\n" "${GITLAB_API_TOKEN:-}" "$*" >> "$CALLS"\n'
        'case "$*" in\n'
        '  *bundle_plan.py*) [ -z "${FAIL_bundle_plan:-}" ] ;;\n'
        '  *model_metrics.py*) [ -z "${FAIL_model_metrics:-}" ] ;;\n'
        'esac\n')
    fake.chmod(0o755)
    full_env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(tmp_path), "CALLS": str(tmp_path / "calls"), **env}
    return subprocess.run(["bash", "-eo", "pipefail", "-c", "\n".join(lines)], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("plan_fails,metrics_fail", [(False, False), (False, True), (True, False), (True, True)])
def test_the_champion_is_read_after_a_failed_plan_and_never_fails_the_job(rendered, tmp_path, plan_fails,
                                                                            metrics_fail):
    pipe = pipeline(rendered["project"])
    script = resolved(pipe, pipe[f"{NAME}-plan-prod"])["script"]
    env = {"FAIL_bundle_plan": "1" if plan_fails else "", "FAIL_model_metrics": "1" if metrics_fail else ""}
    result = _run_script(script, tmp_path, env, tmp_path)
    calls = (tmp_path / "calls").read_text()
    assert "ci/model_metrics.py --target prod --alias champion --out ci-results/champion.json" in calls
    assert result.returncode == (1 if plan_fails else 0), result.stderr


def test_add_project_runs_only_from_the_web_form_with_a_project(rendered):
    pipe = pipeline(rendered["monorepo"])
    job = pipe["add-project"]
    assert job["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "web" && $PROJECT'}]
    assert job["script"][-1] == (
        'GITLAB_API_TOKEN="$GITLAB_ADD_PROJECT_TOKEN" python ci/add_project.py "$PROJECT"'
        ' --project-dir "${PROJECT_DIR:-$PROJECT}" --base "$CI_COMMIT_BRANCH" --open-pr')
    assert pipe["variables"]["PROJECT"]["value"] == ""
    # git pushes with the project access token through a credential helper: never in a URL or the log
    assert "credential.helper" in job["script"][0] and "TOKEN@" not in job["script"][0]
    for key in ("project", "project-defaults"):
        root = rendered[key]
        assert not (root / ".gitlab/pipelines/add-project.yml").exists()
        assert "add-project" not in pipeline(root)["stages"]


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_add_project_pushes_and_opens_the_merge_request_with_the_protected_token_only(rendered, tmp_path):
    # GITLAB_API_TOKEN (the comment's Reporter token, unprotected) reaches every merge request pipeline;
    # the add-project job must use the protected GITLAB_ADD_PROJECT_TOKEN for git and for the API alike.
    script = pipeline(rendered["monorepo"])["add-project"]["script"]
    repo = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run(["git", "-C", str(repo), "remote", "add", "origin", "https://example.invalid/x.git"], check=True)
    env = {"CI_SERVER_URL": "https://gitlab.example.com", "CI_PROJECT_PATH": "ml/repo", "CI_COMMIT_BRANCH": DEFAULT,
           "PROJECT": NAME, "PROJECT_DIR": DIR, "GITLAB_API_TOKEN": "comment-token"}

    unset = _run_script(script, tmp_path, env, repo)
    assert unset.returncode == 1 and "GITLAB_ADD_PROJECT_TOKEN is not set" in unset.stderr
    assert not (tmp_path / "calls").exists()

    result = _run_script(script, tmp_path, {**env, "GITLAB_ADD_PROJECT_TOKEN": "add-token"}, repo)
    assert result.returncode == 0, result.stderr
    token, args = (tmp_path / "calls").read_text().strip().split("|")
    assert token == "add-token"
    assert args == f"ci/add_project.py {NAME} --project-dir {DIR} --base {DEFAULT} --open-pr"
    remote = subprocess.run(["git", "-C", str(repo), "remote", "get-url", "origin"], capture_output=True, text=True)
    assert remote.stdout.strip() == "https://gitlab.example.com/ml/repo.git"
    fill = subprocess.run(["git", "-C", str(repo), "credential", "fill"], input="url=https://gitlab.example.com/ml/repo.git\n\n",
                          capture_output=True, text=True, timeout=30,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "GIT_TERMINAL_PROMPT": "0",
                               "GITLAB_API_TOKEN": "comment-token", "GITLAB_ADD_PROJECT_TOKEN": "add-token"})
    assert "username=oauth2" in fill.stdout and "password=add-token" in fill.stdout, fill.stderr


# --- the rules, evaluated ------------------------------------------------------------------------


def _glob(pattern: str) -> re.Pattern:
    """GitLab's `changes:` glob (Ruby fnmatch, FNM_PATHNAME | FNM_DOTMATCH): `**/` is any depth."""
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:[^/]*/)*", i + 3
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(out + r"\Z")


def _condition(expression: str, env: dict) -> bool:
    """The subset of GitLab's rule expressions the pipelines use: `&&` of comparisons and presence."""
    for part in expression.split("&&"):
        part = part.strip()
        compared = re.fullmatch(r'\$(\w+) (==|!=) (?:"([^"]*)"|\$(\w+))', part)
        if compared:
            left = env.get(compared[1])
            right = compared[3] if compared[3] is not None else env.get(compared[4])
            ok = (left == right) if compared[2] == "==" else (left != right)
        else:
            assert re.fullmatch(r"\$\w+", part), part
            ok = bool(env.get(part[1:]))
        if not ok:
            return False
    return True


def _first_match(rules: list, env: dict, changed: list[str] | None) -> str | None:
    for rule in rules:
        if "if" in rule and not _condition(rule["if"], env):
            continue
        if "changes" in rule and changed is not None:  # web pipelines: changes is always true
            if not any(_glob(p).match(f) for p in rule["changes"] for f in changed):
                continue
        return rule.get("when", "on_success")
    return None


def run(pipe: dict, env: dict, changed: list[str] | None) -> set[str]:
    """The jobs GitLab would create for a pipeline, or an empty set when the workflow runs none."""
    env = {**{k: v["value"] if isinstance(v, dict) else v for k, v in pipe["variables"].items()}, **env}
    if _first_match(pipe["workflow"]["rules"], env, changed) in (None, "never"):
        return set()
    created = set()
    for name, job in jobs(pipe).items():
        rules = resolved(pipe, job).get("rules")
        if rules is None or _first_match(rules, env, changed) not in (None, "never"):
            created.add(name)
    for name in created:  # GitLab refuses a pipeline whose jobs need jobs it did not create
        for need in pipe[name].get("needs", []):
            if not (isinstance(need, dict) and need.get("optional")):
                assert (need["job"] if isinstance(need, dict) else need) in created, (name, need)
    return created


MR = {"CI_PIPELINE_SOURCE": "merge_request_event", "CI_MERGE_REQUEST_SOURCE_PROJECT_ID": "7",
      "CI_MERGE_REQUEST_PROJECT_ID": "7"}
MR_JOBS = {"unit-tests", "plan-staging", "plan-prod", "integration-test", "comment-plan", "comment-results"}


def of(name: str, *suffixes: str) -> set[str]:
    return {f"{name}-{suffix}" for suffix in suffixes}


def test_which_jobs_each_pipeline_runs_in_a_repository_of_several_projects(rendered):
    pipe = pipeline(rendered["monorepo"])
    deep = f"{DIR}/src/fraud_scoring_v2/sub/model.py"
    assert run(pipe, MR, [deep]) == of(NAME, *MR_JOBS)
    assert run(pipe, MR, [f"{OTHER_DIR}/databricks.yml"]) == of(OTHER, *MR_JOBS)
    assert run(pipe, MR, ["README.md"]) == set()
    assert run(pipe, MR, [".gitlab/ci-image/Dockerfile"]) == {"ci-image"} | of(NAME, *MR_JOBS) | of(OTHER, *MR_JOBS)
    fork = {**MR, "CI_MERGE_REQUEST_SOURCE_PROJECT_ID": "9"}
    assert run(pipe, fork, [deep]) == {"ci-image", f"{NAME}-unit-tests"}
    push = {"CI_PIPELINE_SOURCE": "push"}
    assert run(pipe, {**push, "CI_COMMIT_BRANCH": DEFAULT}, [deep]) == of(NAME, "deploy-staging")
    assert run(pipe, {**push, "CI_COMMIT_BRANCH": RELEASE}, [f"{OTHER_DIR}/x.py"]) == of(OTHER, "deploy-prod")
    assert run(pipe, {**push, "CI_COMMIT_BRANCH": "feature/x"}, [deep]) == set()  # its MR pipeline runs
    web = {"CI_PIPELINE_SOURCE": "web", "CI_COMMIT_BRANCH": DEFAULT}
    assert run(pipe, web, None) == {"ci-image"} | of(NAME, "deploy-staging") | of(OTHER, "deploy-staging")
    assert run(pipe, {**web, "PROJECT": "new-model"}, None) == {"ci-image", "add-project"}


def test_which_jobs_each_pipeline_runs_in_a_repository_that_is_one_project(rendered):
    pipe = pipeline(rendered["project"])
    assert run(pipe, MR, ["src/fraud_scoring_v2/sub/model.py"]) == of(NAME, *MR_JOBS)
    push = {"CI_PIPELINE_SOURCE": "push"}
    assert run(pipe, {**push, "CI_COMMIT_BRANCH": DEFAULT}, ["resources/a/b.yml"]) == of(NAME, "deploy-staging")
    release = {**push, "CI_COMMIT_BRANCH": RELEASE}
    assert run(pipe, release, [".gitlab-ci.yml"]) == {"ci-image"} | of(NAME, "deploy-prod")
    assert run(pipe, {**push, "CI_COMMIT_BRANCH": "main"}, ["x.py"]) == set()


# --- the setup docs ------------------------------------------------------------------------------


@pytest.mark.parametrize("setup,cloud", [("CICD_and_Project", "azure"), ("CICD_Only", "aws")])
def test_the_setup_docs_name_the_branches_variables_and_image(tmp_path, setup, cloud):
    root = tmp_path / "t"
    (root / "library").mkdir(parents=True)
    shutil.copy(REPO / "databricks_template_schema.json", root)
    for lib in ("ci.tmpl", "ci_gitlab.tmpl", "yaml.tmpl", "readme.tmpl", "names.tmpl"):
        shutil.copy(REPO / "library" / lib, root / "library")
    (root / "template").mkdir()
    (root / "template" / "docs.md.tmpl").write_text(
        '{{ template "mlops_setup_gitlab" . }}\n---\n{{ template "ml_pull_request_gitlab" . }}\n')
    config = {**UNUSUAL, "input_setup_cicd_and_project": setup, "input_cloud": cloud}
    bricksmith.render(root, config, tmp_path / "out", **FACTS)
    setup_doc, pull_request = (tmp_path / "out" / "docs.md").read_text().split("\n---\n")
    for text in (f"ref_type:branch:ref:{DEFAULT}`", f"ref_type:branch:ref:{RELEASE}\"", "DATABRICKS_OIDC_AUDIENCE",
                 "DATABRICKS_DEPLOYER_CLIENT_ID", "GITLAB_API_TOKEN", "`staging-plan`", "`prod-plan`",
                 "MLOPS_CI_IMAGE_TAG", "privileged = true", "oauth-m2m", "subject_claim",
                 "service-principal-federation-policy create"):
        assert text in setup_doc, text
    assert ("azure-client-secret" in setup_doc) is (cloud == "azure")
    assert ("write_repository" in setup_doc) is (setup == "CICD_Only")
    # the comment's token is a Reporter with `api` only; pushing is the protected add-project token's job
    assert "| `GITLAB_API_TOKEN` | all | a project access token (Reporter, `api`)" in setup_doc
    only = setup == "CICD_Only"
    assert ("| `GITLAB_ADD_PROJECT_TOKEN` | all |" in setup_doc) is only
    if only:
        row = next(line for line in setup_doc.splitlines() if line.startswith("| `GITLAB_ADD_PROJECT_TOKEN`"))
        assert "Developer, `api` and `write_repository`" in row and "**protected**" in row
        assert '`--base "$CI_COMMIT_BRANCH"`' in setup_doc and "allowed to merge" in setup_doc
    assert 3 <= len(pull_request.strip().splitlines()) <= 6
    assert "GITLAB_API_TOKEN" in pull_request
