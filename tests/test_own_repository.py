"""This repository passes the rules it enforces on generated projects, where they apply to it.

Its CI files pass the CI/CD rules and its Markdown links resolve.  (The template files under
template/ are templates, so the residue and bundle rules apply to what they generate instead:
see test_template_check.py.)
"""

from pathlib import Path

import pytest

from bricksmith.check import Checker
from bricksmith.check.rules import cicd, docs_links

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("family", [cicd, docs_links], ids=["cicd", "docs_links"])
def test_own_files_pass(family):
    report = Checker(families=[family]).check(REPO)
    assert [p.text() for p in report.problems] == []
    assert report.not_run == []
