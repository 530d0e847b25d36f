"""Every project the template generates passes `bricksmith check` with zero problems.

This is a release condition (issue 3): CI runs it over every configuration the template's tests
render, with the official bundle schema, and every rule must actually run there.
"""

from __future__ import annotations

import os

import pytest

import bricksmith
from checkkit import bundle_schema, check
from template_configs import FACTS, configurations

CONFIGS = configurations()


@pytest.mark.parametrize("name", CONFIGS)
def test_generated_project_has_no_problems(tmp_path, name):
    out = tmp_path / "out"
    bricksmith.render(None, CONFIGS[name], out, **FACTS)
    report = check(out)
    assert [p.text() for p in report.problems] == []
    if os.environ.get("CI"):
        assert bundle_schema(), "CI must provide the bundle schema (DATABRICKS_BUNDLE_SCHEMA)"
        assert report.not_run == [], "every rule must run in CI"
