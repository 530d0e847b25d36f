"""The example configurations, in databricks/mlops-stacks' config-file format, initialize without
error, render as Go renders them, pass `bricksmith check --strict`, and match their golden trees.

Their keys are mlops-stacks' (`input_databricks_test_workspace_host` included, which this template
does not ask: the CLI ignores it, and bricksmith warns).  The golden trees under tests/golden/ are
rewritten by scripts/update_golden.py and reviewed as diffs.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from checkkit import bundle_schema
from template_configs import FACTS

import bricksmith
from bricksmith.check import Checker, Options
from bricksmith.cli import main

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
EXAMPLES = sorted((TESTS / "example-project-configs").glob("*.json"))
GOLDEN = TESTS / "golden"
CHECKER = Checker(options=Options(bundle_schema=bundle_schema(), strict=True))


def tree_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_five_examples_are_there():
    assert {p.stem for p in EXAMPLES} == {"aws-github", "azure-devops", "azure-github", "azure-gitlab", "gcp-github"}


@pytest.mark.parametrize("config_file", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_initializes_with_the_cli(tmp_path, capsys, config_file):
    facts = ["--workspace-host", FACTS["workspace_host"], "--user-name", FACTS["user_name"],
             "--default-catalog", FACTS["default_catalog"], "--bundle-uuid", FACTS["bundle_uuid"]]
    status = main(["init", "--config-file", str(config_file), "--output-dir", str(tmp_path), *facts])
    err = capsys.readouterr().err
    assert status == 0, err
    assert 'config file key "input_databricks_test_workspace_host" is not a property' in err
    project = json.loads(config_file.read_text())["input_root_dir"]
    assert (tmp_path / project / "databricks.yml").is_file()


@pytest.mark.parametrize("config_file", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_renders_as_go_does_and_passes_check(goref, tmp_path, config_file):
    go_out, py_out = tmp_path / "go", tmp_path / "py"
    expected = goref.run_init(REPO, go_out, config_file=config_file, facts=FACTS)
    written = bricksmith.render(None, str(config_file), py_out, **FACTS)
    assert written == sorted(expected["outputs"])
    assert tree_of(py_out) == tree_of(go_out)
    report = CHECKER.check(py_out)
    assert [p.text() for p in report.problems] == []


@pytest.mark.parametrize("config_file", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_matches_its_golden_tree(tmp_path, config_file):
    bricksmith.render(None, str(config_file), tmp_path, **FACTS)
    golden = GOLDEN / config_file.stem
    assert golden.is_dir(), "run scripts/update_golden.py"
    rendered, expected = tree_of(tmp_path), tree_of(golden)
    assert sorted(rendered) == sorted(expected), "files differ: run scripts/update_golden.py and review the diff"
    changed = [rel for rel in rendered if rendered[rel] != expected[rel]]
    assert changed == [], "run scripts/update_golden.py and review the diff"
