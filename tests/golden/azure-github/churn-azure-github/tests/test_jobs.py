"""Every entry point the jobs name exists, parses its parameters and documents them."""

from __future__ import annotations

import importlib
import tomllib
from pathlib import Path

import pytest

PYPROJECT = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())
SCRIPTS = PYPROJECT["project"]["scripts"]


def test_every_job_module_is_an_entry_point() -> None:
    jobs = Path(__file__).parent.parent / "src" / "churn_azure_github" / "jobs"
    modules = {p.stem for p in jobs.glob("*.py")} - {"__init__"}
    assert modules == set(SCRIPTS)
    assert {"train", "validate_model", "deploy_model", "batch_inference", "update_monitor", "check_monitor"} <= modules


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_entry_point_parses_its_parameters(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    module_name, _, function = SCRIPTS[name].partition(":")
    main = getattr(importlib.import_module(module_name), function)
    with pytest.raises(SystemExit) as exit_help:
        main(["--help"])
    assert exit_help.value.code == 0
    assert f"usage: {name}" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_missing:
        main([])
    assert exit_missing.value.code == 2
