"""The CI/CD the template writes, across platforms and setup modes, as the platforms would read it.

- Every platform x setup mode (x feature store, for projects) passes `bricksmith check`: the
  platforms' published schemas, actionlint and zizmor for GitHub workflows, no float versions.
- Project_Only writes no CI/CD; CICD_Only writes no project.
- The monorepo flow end to end: CICD_Only, then Project_Only for two projects into the same
  repository, then the add-a-project script each pipeline calls (git and the pull request API
  stubbed at the process and HTTP boundary), then `bricksmith check` of the whole repository.
- What the add-a-project script writes is what the template's own defines render for that
  project: the blueprints cannot go stale.
"""

from __future__ import annotations

import itertools
import os
import re
from pathlib import Path

import pytest

import bricksmith
from bricksmith.check import Checker, Options
from checkkit import bundle_schema
from template_configs import FACTS, enum_values

IN_CI = bool(os.environ.get("CI"))
REPO = Path(__file__).resolve().parent.parent
PLATFORMS = enum_values()["input_cicd_platform"]
CI_DIRS = (".github", ".azure", ".gitlab", ".gitlab-ci.yml")
BUNDLE_RULE_FAMILIES = ("bundle_schema", "resource_models", "bundle_semantics")


def checker(require_all_rules: bool = IN_CI) -> Checker:
    return Checker(options=Options(bundle_schema=bundle_schema(), strict=True, require_all_rules=require_all_rules))


def render(config: dict, out: Path) -> Path:
    written = bricksmith.render(None, config, out, **FACTS)
    roots = {Path(rel).parts[0] for rel in written}
    assert len(roots) == 1, roots
    return out / roots.pop()


def clean(report) -> None:
    assert [p.text() for p in report.problems] == [], report.as_text()


PROJECT_CASES = [
    pytest.param(platform, setup, fs, id=f"{platform}-{setup}-fs_{fs}")
    for platform, setup, fs in itertools.product(PLATFORMS, ("CICD_and_Project",), ("no", "yes"))
]


@pytest.mark.parametrize(("platform", "setup", "feature_store"), PROJECT_CASES)
def test_project_with_its_ci_passes_every_rule(tmp_path, platform, setup, feature_store):
    root = render({"input_setup_cicd_and_project": setup, "input_cicd_platform": platform,
                   "input_include_feature_store": feature_store}, tmp_path)
    report = checker().check(root)
    clean(report)
    assert report.exit_status == 0, report.as_text()
    present = [d for d in CI_DIRS if (root / d).exists()]
    assert present, "no CI/CD files"


@pytest.mark.parametrize("platform", PLATFORMS)
def test_repository_for_several_projects_passes_the_ci_rules(tmp_path, platform):
    root = render({"input_setup_cicd_and_project": "CICD_Only", "input_cicd_platform": platform}, tmp_path)
    assert not (root / "databricks.yml").exists()
    report = checker(require_all_rules=False).check(root)
    clean(report)
    # Only the bundle rules, with no bundle to check yet, did not run.
    from bricksmith.check.rules import FAMILIES

    bundle_rules = {rule.id for family in FAMILIES for rule in family.RULES
                    if family.__name__.rsplit(".", 1)[-1] in BUNDLE_RULE_FAMILIES}
    not_run = {n.rule for n in report.not_run}
    assert not_run == bundle_rules or (not IN_CI and not_run >= bundle_rules), not_run
    # Said once, not once per rule.
    lines = [line for line in report.as_text().splitlines() if line.startswith("not run:")]
    assert len([line for line in lines if "no bundle here yet" in line]) == 1, lines


@pytest.mark.parametrize("platform", PLATFORMS)
def test_project_only_writes_no_ci(tmp_path, platform):
    root = render({"input_setup_cicd_and_project": "Project_Only", "input_cicd_platform": platform}, tmp_path)
    assert not [d for d in (*CI_DIRS, "docs", "ci/pr_comment.py", "ci/add_project.py", "ci/blueprints")
                if (root / d).exists()]
    assert (root / "databricks.yml").is_file()


# --- the monorepo flow, end to end ----------------------------------------------------------

# Two projects: one named after its folder, one not; the second with feature store and serving.
MONOREPO_PROJECTS = [
    {"input_project_name": "churn-model", "input_root_dir": "churn-model"},
    {"input_project_name": "fraud_scoring", "input_root_dir": "Fraud.Scoring-2",
     "input_include_feature_store": "yes", "input_include_model_serving": "yes", "input_compute": "classic"},
]
SHORT = {"github_actions": "github", "github_actions_for_github_enterprise_servers": "github",
         "azure_devops": "azure", "gitlab": "gitlab"}


def monorepo(tmp_path: Path, platform: str) -> Path:
    """CICD_Only, then Project_Only for each project into the same repository."""
    repo_config = {"input_setup_cicd_and_project": "CICD_Only", "input_cicd_platform": platform,
                   "input_project_name": "ml-platform", "input_root_dir": "ml-platform",
                   "input_default_branch": "develop/next", "input_release_branch": "release/v2"}
    repo = render(repo_config, tmp_path)
    for project in MONOREPO_PROJECTS:
        written = bricksmith.render(None, {"input_setup_cicd_and_project": "Project_Only", **project}, repo, **FACTS)
        assert {Path(rel).parts[0] for rel in written} == {project["input_root_dir"]}
    return repo


@pytest.fixture
def api():
    """A local HTTP server standing in for the platforms' pull request APIs."""
    from test_ci_scripts import Stub

    server = Stub()
    yield server
    server.close()


@pytest.mark.parametrize("platform", PLATFORMS)
def test_monorepo_add_a_project_flow(tmp_path, api, platform):
    from test_ci_scripts import add_project, git_calls, platform_env

    repo = monorepo(tmp_path / "out", platform)
    for project in MONOREPO_PROJECTS:
        name, folder = project["input_project_name"], project["input_root_dir"]
        calls_before = len(git_calls(tmp_path))
        done = add_project(repo, tmp_path, name, "--project-dir", folder, "--open-pr",
                           env=platform_env(SHORT[platform], api, tmp_path, pull_request=False))
        assert done.returncode == 0, done.stdout + done.stderr
        calls = git_calls(tmp_path)[calls_before:]
        assert ["push", "origin", f"add-project/{name}"] in calls
    assert len(api.writes()) == len(MONOREPO_PROJECTS)  # one pull request per project
    # The repository with both projects wired passes every rule, the bundle rules included.
    report = checker().check(repo)
    clean(report)
    assert report.exit_status == 0, report.as_text()
    ci_files = [p for d in CI_DIRS for p in ((repo / d).rglob("*") if (repo / d).is_dir() else [repo / d])
                if p.is_file()]
    text = "\n".join(p.read_text() for p in ci_files)
    for project in MONOREPO_PROJECTS:
        assert project["input_root_dir"] in text and project["input_project_name"] in text
    assert "@@PROJECT" not in text
    # Branch names from the repository's answers reach the triggers.
    assert "develop/next" in text and "release/v2" in text


PER_PROJECT_DEFINES = {
    "github_actions": {".github/workflows/{name}-ci.yml": "github_ci_workflow",
                       ".github/workflows/{name}-cd.yml": "github_cd_workflow"},
    "azure_devops": {".azure/devops-pipelines/{name}-ci.yml": "azure_ci_pipeline",
                     ".azure/devops-pipelines/{name}-cd.yml": "azure_cd_pipeline"},
    "gitlab": {".gitlab/pipelines/{name}.yml": "gitlab_project_pipeline"},
}
PER_PROJECT_DEFINES["github_actions_for_github_enterprise_servers"] = PER_PROJECT_DEFINES["github_actions"]


@pytest.mark.parametrize("platform", PLATFORMS)
def test_added_pipelines_are_what_the_template_renders_for_the_project(tmp_path, platform):
    """add_project.py fills in blueprints; the result equals the template's defines rendered with the
    project's real name and folder, so the blueprints are never a stale copy."""
    import shutil

    from test_ci_scripts import add_project

    repo = monorepo(tmp_path / "out", platform)
    name, folder = MONOREPO_PROJECTS[1]["input_project_name"], MONOREPO_PROJECTS[1]["input_root_dir"]
    done = add_project(repo, tmp_path, name, "--project-dir", folder)
    assert done.returncode == 0, done.stdout + done.stderr
    # A one-file-per-define template sharing the repository's schema and library.
    probe = tmp_path / "probe"
    (probe / "template").mkdir(parents=True)
    shutil.copy(REPO / "databricks_template_schema.json", probe)
    shutil.copytree(REPO / "library", probe / "library")
    arguments = f'(map (pair "c" .) (pair "name" "{name}") (pair "dir" "{folder}") (pair "prefix" "{folder}/"))'
    for i, define in enumerate(PER_PROJECT_DEFINES[platform].values()):
        (probe / "template" / f"{i}.txt.tmpl").write_text(f'{{{{ template "{define}" {arguments} }}}}\n')
    config = {"input_setup_cicd_and_project": "CICD_Only", "input_cicd_platform": platform,
              "input_project_name": "ml-platform", "input_root_dir": "ml-platform",
              "input_default_branch": "develop/next", "input_release_branch": "release/v2"}
    bricksmith.render(probe, config, probe / "out", **FACTS)
    for i, path in enumerate(PER_PROJECT_DEFINES[platform]):
        added = (repo / path.format(name=name)).read_text()
        assert added == (probe / "out" / f"{i}.txt").read_text(), path


@pytest.mark.parametrize("setup", ["CICD_and_Project", "CICD_Only"])
def test_one_branch_for_staging_and_prod_is_refused_as_go_refuses_it(goref, tmp_path, setup):
    from test_init_goref import compare

    config = {"input_setup_cicd_and_project": setup, "input_default_branch": "main", "input_release_branch": "main"}
    compare(goref, tmp_path, REPO, config, facts=FACTS)
    with pytest.raises(bricksmith.InitError, match='both "main": every merge would deploy staging and prod'):
        bricksmith.render(None, config, tmp_path / "again", **FACTS)
    assert not (tmp_path / "again").exists()


REFUSED = [
    ({"input_default_branch": "HEAD"}, 'input_default_branch "HEAD" is not a name Git gives a branch'),
    ({"input_release_branch": "hotfix/x.lock"}, 'input_release_branch "hotfix/x.lock" is not a name Git gives'),
    ({"input_default_branch": "main", "input_release_branch": "main/release"}, "cannot both exist in Git"),
    ({"input_default_branch": "rel/next", "input_release_branch": "rel"}, "cannot both exist in Git"),
    ({"input_default_branch": "main", "input_release_branch": "Main"}, "differs from input_default_branch only in case"),
    ({"input_cicd_platform": "gitlab", "input_project_name": "add-project"},
     "is the name of the repository's add-a-project pipeline on GitLab"),
]


@pytest.mark.parametrize(("config", "message"), REFUSED, ids=[m[:30] for _, m in REFUSED])
def test_answers_git_or_the_platform_cannot_hold_are_refused_as_go_refuses_them(goref, tmp_path, config, message):
    from test_init_goref import compare

    compare(goref, tmp_path, REPO, config, facts=FACTS)
    with pytest.raises(bricksmith.InitError, match=re.escape(message)):
        bricksmith.render(None, config, tmp_path / "again", **FACTS)
    assert not (tmp_path / "again").exists()
    # A project that joins a repository with CI/CD does not use the branches: nothing to refuse.
    if "input_project_name" not in config:
        bricksmith.render(None, {**config, "input_setup_cicd_and_project": "Project_Only"}, tmp_path / "joins", **FACTS)


def test_branches_that_only_look_nested_are_fine(tmp_path):
    # "a.b" is not a folder of "axb/c": the dot is matched as a dot.
    render({"input_default_branch": "a.b", "input_release_branch": "axb/c"}, tmp_path)
