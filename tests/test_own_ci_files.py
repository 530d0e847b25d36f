"""This repository's own CI files pass the CI/CD rules it enforces on generated projects."""

from pathlib import Path

from bricksmith.check import Checker
from bricksmith.check.rules import cicd

REPO = Path(__file__).resolve().parent.parent


def test_own_ci_files_pass_the_ci_rules():
    report = Checker(families=[cicd]).check(REPO)
    assert [p.text() for p in report.problems] == []
    assert report.not_run == []
