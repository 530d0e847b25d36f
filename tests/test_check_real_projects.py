"""`bricksmith check` raises no false alarm on realistic, valid bundle projects.

Each fixture under tests/fixtures/check/ is a small project of a kind the Databricks CLI's own
templates generate, written for these tests:

- lakeflow_pipeline: a serverless Lakeflow Declarative Pipeline (glob and file libraries,
  root_path) whose Python sources use the runtime's `spark` without importing it, one SQL
  transformation, and a job that refreshes the pipeline (lakeflow-pipelines template);
- sql_tasks: SQL files run on a warehouse by a job, with `{{catalog}}`-style query parameters
  fed by job parameters and a warehouse found by `lookup` (default-sql template);
- minimal: a bundle whose `include: resources/*.yml` matches nothing yet (default-minimal);
- pydabs: jobs written in Python with `databricks-bundles`, a wheel artifact run by a
  serverless python_wheel_task, a notebook and unit tests (pydabs template);
- with_env: a bundle with a dbt task, next to a Helm chart, an Airflow DAG and an MLflow prompt
  template (other tools' `{{ }}`), and a virtualenv `env/` created here at run time.

A valid project has no error-severity problem and `bricksmith check` exits 0 on it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from checkkit import TESTS, bundle_schema, checker

from bricksmith.check.project import Project
from bricksmith.cli import main

FIXTURES = TESTS / "fixtures" / "check"
PROJECTS = ("lakeflow_pipeline", "sql_tasks", "minimal", "pydabs", "with_env")
SCHEMA_RULE = "bundle-schema"


def _listing(problems) -> str:
    return "\n".join(f"{p.text()} [{p.severity}]" for p in problems) or "(none)"


def _add_virtualenv(root: Path) -> None:
    """A real virtualenv in `env/`, with one installed module that would fail the Python and
    residue rules if the check looked inside it (installed packages are not project code)."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root / "env")], check=True)
    site_packages = next((root / "env").glob("**/site-packages"))
    vendored = site_packages / "chart_renderer"
    vendored.mkdir()
    (vendored / "__init__.py").write_text(
        "import os\n"
        "import sys\n\n"
        'DEFAULT = "image: {{ .Values.image }}"\n\n\n'
        "def render(values):\n"
        "    return DEFAULT.replace('{{ .Values.image }}', values['image'])\n"
    )


def project_path(name: str, tmp_path: Path) -> Path:
    """The fixture to check: in place, except with_env, copied so `env/` can be created."""
    if name != "with_env":
        return FIXTURES / name
    root = tmp_path / name
    shutil.copytree(FIXTURES / name, root)
    _add_virtualenv(root)
    return root


@pytest.mark.parametrize("name", PROJECTS)
def test_valid_project_has_no_errors(name, tmp_path):
    root = project_path(name, tmp_path)
    report = checker().check(root)
    errors = [p for p in report.problems if p.severity == "error"]
    assert errors == [], (
        f"{name}: `bricksmith check` reports errors on a valid project:\n{_listing(errors)}\n"
        f"all problems:\n{_listing(report.problems)}"
    )
    assert report.exit_status == 0, f"{name}: exit status {report.exit_status}\n{report.as_text()}"
    if bundle_schema() is not None:
        assert SCHEMA_RULE not in {n.rule for n in report.not_run}, report.as_text()


@pytest.mark.parametrize("name", PROJECTS)
def test_cli_exits_zero_on_valid_project(name, tmp_path, capsys):
    root = project_path(name, tmp_path)
    argv = ["check", str(root)]
    schema = bundle_schema()
    if schema is not None:
        argv += ["--bundle-schema", schema]
    status = main(argv)
    out, err = capsys.readouterr()
    assert status == 0, f"{name}: `bricksmith {' '.join(argv)}` exited {status}\n{out}{err}"


def test_virtualenv_is_skipped_without_a_gitignore(tmp_path):
    """A virtualenv nobody listed in .gitignore is still not project code."""
    root = project_path("with_env", tmp_path)
    (root / ".gitignore").unlink()
    report = checker().check(root)
    inside = [p for p in report.problems if p.path.startswith("env/")]
    assert inside == [], _listing(inside)
    assert not any(f.startswith("env/") for f in Project(root).files), "env/ was walked"


# --- the Python-defined resources of the pydabs fixture are valid too ---------------------------

_LOAD_RESOURCES = """
import json, sys
sys.path.insert(0, sys.argv[1])
from databricks.bundles.core import Bundle
from resources import load_resources

bundle = Bundle(target="dev", variables={"catalog": "logistics_dev", "schema": "dev_user"})
loaded = load_resources(bundle)
print(json.dumps({
    "errors": loaded.diagnostics.has_error(),
    "diagnostics": repr(loaded.diagnostics),
    "resources": {
        "jobs": {key: job.as_dict() for key, job in loaded.jobs.items()},
        "pipelines": {key: p.as_dict() for key, p in loaded.pipelines.items()},
    },
}))
"""


def test_pydabs_python_resources_load_and_validate(tmp_path):
    """What `load_resources` returns, written out as bundle YAML, passes the bundle rules."""
    root = tmp_path / "pydabs"
    shutil.copytree(FIXTURES / "pydabs", root)
    run = subprocess.run(
        [sys.executable, "-B", "-c", _LOAD_RESOURCES, str(root)],
        capture_output=True, text=True, cwd=root, check=False,
    )
    assert run.returncode == 0, run.stderr
    loaded = json.loads(run.stdout)
    assert not loaded["errors"], loaded["diagnostics"]
    resources = {kind: items for kind, items in loaded["resources"].items() if items}
    assert set(resources["jobs"]) == {"score_open_parcels", "late_delivery_review"}

    # Python resources resolve paths from the bundle root, so the file goes there.
    (root / "python_resources.yml").write_text(yaml.safe_dump({"resources": resources}, sort_keys=False))
    main_file = root / "databricks.yml"
    text = main_file.read_text()
    assert "include:\n  - resources/*.yml\n" in text
    main_file.write_text(text.replace("include:\n", "include:\n  - python_resources.yml\n", 1))

    report = checker().check(root)
    generated = [p for p in report.problems if p.path == "python_resources.yml"]
    assert generated == [], _listing(generated)
    if bundle_schema() is not None:
        assert SCHEMA_RULE not in {n.rule for n in report.not_run}, report.as_text()
