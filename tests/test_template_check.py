"""Every project the template generates passes `bricksmith check` with zero problems.

This is a release condition (issue 3): CI runs it over every configuration the template's tests
render, with the official bundle schema, and every rule must actually run there.
"""

from __future__ import annotations

import os

import pytest

import bricksmith
from bricksmith.check import Checker, Options
from checkkit import bundle_schema
from template_configs import FACTS, configurations

CONFIGS = configurations()
IN_CI = bool(os.environ.get("CI"))
# Generated projects carry no warnings either (--strict), and in CI every rule must run
# (--require-all-rules): a missing validator or schema fails the run instead of passing it.
CHECKER = Checker(options=Options(bundle_schema=bundle_schema(), strict=True, require_all_rules=IN_CI))


@pytest.mark.parametrize("name", CONFIGS)
def test_generated_project_has_no_problems(tmp_path, name):
    out = tmp_path / "out"
    bricksmith.render(None, CONFIGS[name], out, **FACTS)
    report = CHECKER.check(out)
    assert [p.text() for p in report.problems] == []
    if IN_CI:
        assert bundle_schema(), "CI must provide the bundle schema (DATABRICKS_BUNDLE_SCHEMA)"
    assert report.exit_status == 0, report.as_text()
