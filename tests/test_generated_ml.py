"""The generated project's ML code works, for every ML flavour: its own tests pass, and
`local_run.py` runs the whole pipeline on local Spark, twice, appending.

Per flavour (feature store off and on; serving, which adds code, on with the feature store): the
project is rendered, its `requirements-dev.txt` is installed into a cached environment
(tests/mlenv.py: one per distinct requirements, reused across sessions, the project itself run
with PYTHONPATH=src), its pytest suite runs, `local_run.py` runs twice into one work directory,
and a script run with the project's environment reads back the MLflow store and the predictions.
Everything expensive happens once per flavour, in the module-scoped `flavour` fixture.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import bricksmith
from mlenv import ensure_env, project_env
from template_configs import FACTS, configurations

CONFIGS = configurations()
FLAVOURS = {
    "default": CONFIGS["default"],  # no feature store, no serving
    "features_serving": CONFIGS["ml_features_serving"],
}
TIMEOUT = 900
JOB_ENTRY_POINTS = {"train", "validate_model", "deploy_model", "batch_inference", "update_monitor", "check_monitor"}

# Run with the project's own environment: what local_run.py left behind.
INSPECT = r'''
import json, sys
import pandas as pd
from mlflow.tracking import MlflowClient

workdir, model_name, predictions, trips = sys.argv[1:5]
uri = f"sqlite:///{workdir}/mlflow.db"
client = MlflowClient(tracking_uri=uri, registry_uri=uri)
versions = {}
for v in client.search_model_versions(f"name = '{model_name}'"):
    versions[str(v.version)] = {"tags": dict(v.tags), "aliases": list(v.aliases)}
champion = client.get_model_version_by_alias(model_name, "champion")
run_id = versions[str(champion.version)]["tags"].get("validation_run_id")
run = client.get_run(run_id) if run_id else None
scored = pd.read_parquet(predictions)
print(json.dumps({
    "versions": versions,
    "champion": str(champion.version),
    "validation_run": None if run is None else {
        "metrics": run.data.metrics,
        "tags": run.data.tags,
        "plots": sorted(a.path for a in client.list_artifacts(run_id, "plots")),
    },
    "columns": {c: str(t) for c, t in scored.dtypes.items()},
    "rows_by_version": {str(k): int(n) for k, n in scored["model_version"].value_counts().items()},
    "rows": len(scored),
    "null_predictions": int(scored["prediction"].isna().sum()),
    "input_rows": len(pd.read_parquet(trips)),
}))
'''


@dataclass
class Flavour:
    name: str
    root: Path
    python: Path
    workdir: Path
    pytest_run: subprocess.CompletedProcess
    local_runs: list[subprocess.CompletedProcess] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    state: dict = field(default_factory=dict)


def run(args: list, cwd: Path, env: dict) -> tuple[subprocess.CompletedProcess, float]:
    started = time.perf_counter()
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT)
    return done, time.perf_counter() - started


def local_name(root: Path, variable: str) -> str:
    """A name local_run.py defines (MODEL_NAME, PREDICTIONS), with its f-string expanded."""
    source = (root / "local_run.py").read_text()
    catalog_schema = re.search(r'^CATALOG_SCHEMA = "([^"]+)"', source, re.M).group(1)
    value = re.search(rf'^{variable} = f"([^"]+)"', source, re.M).group(1)
    return value.replace("{CATALOG_SCHEMA}", catalog_schema)


@pytest.fixture(scope="module", params=sorted(FLAVOURS))
def flavour(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Flavour:
    name = request.param
    out = tmp_path_factory.mktemp(f"ml-{name}")
    bricksmith.render(None, FLAVOURS[name], out / "project", **FACTS)
    (root,) = (out / "project").iterdir()
    started = time.perf_counter()
    python = ensure_env(root)
    env_seconds = time.perf_counter() - started
    env = project_env(root)

    pytest_run, pytest_seconds = run([python, "-m", "pytest", "-q", "-p", "no:cacheprovider"], root, env)
    result = Flavour(name, root, python, out / "workdir", pytest_run)
    result.seconds = {"environment": env_seconds, "pytest": pytest_seconds}
    for number in (1, 2):
        done, seconds = run([python, "local_run.py", "--workdir", result.workdir], root, env)
        result.local_runs.append(done)
        result.seconds[f"local_run {number}"] = seconds
        if done.returncode != 0:
            break
    if all(r.returncode == 0 for r in result.local_runs) and len(result.local_runs) == 2:
        tables = result.workdir / "tables"
        predictions = tables.joinpath(*local_name(root, "PREDICTIONS").split("."))
        trips = tables / "samples" / "nyctaxi" / "trips"
        inspect, _ = run(
            [python, "-c", INSPECT, result.workdir, local_name(root, "MODEL_NAME"), predictions, trips], root, env
        )
        assert inspect.returncode == 0, inspect.stderr
        result.state = json.loads(inspect.stdout.strip().splitlines()[-1])
    print(f"\n{name}: " + ", ".join(f"{k} {v:.1f} s" for k, v in result.seconds.items()), file=sys.stderr)
    return result


def output(done: subprocess.CompletedProcess) -> str:
    return f"--- stdout\n{done.stdout[-6000:]}\n--- stderr\n{done.stderr[-6000:]}"


def test_project_tests_pass(flavour: Flavour) -> None:
    assert flavour.pytest_run.returncode == 0, output(flavour.pytest_run)
    summary = flavour.pytest_run.stdout.strip().splitlines()[-1]
    assert re.search(r"\d+ passed", summary) and "skipped" not in summary and "failed" not in summary, summary


def test_local_run_runs_twice_with_progress_and_summary(flavour: Flavour) -> None:
    for done in flavour.local_runs:
        assert done.returncode == 0, output(done)
    assert len(flavour.local_runs) == 2
    first = flavour.local_runs[0].stdout
    has_features = bool(list((flavour.root / "src").glob("*/feature_store.py")))
    steps = (["feature engineering"] if has_features else []) + ["train", "validate", "deploy", "batch inference"]
    for number, step in enumerate(steps, 1):
        assert f"[{number}/{len(steps)}] {step} done in" in first, first
    assert f"mlflow ui --backend-store-uri sqlite:///{flavour.workdir.resolve()}/mlflow.db" in first
    assert "aliases: champion" in flavour.local_runs[1].stdout


def test_a_registered_model_with_a_champion_and_a_validation_result(flavour: Flavour) -> None:
    state = flavour.state
    assert state, "local_run.py did not complete"
    assert sorted(state["versions"]) == ["1", "2"]
    assert state["champion"] == "2"  # the second run's version, validated against the first
    tags = state["versions"]["2"]["tags"]
    assert tags["validation_status"] == "passed" and tags["validation_mode"] == "enabled"
    assert tags["validation_baseline_version"] == "1"
    assert float(tags["validation_root_mean_squared_error"]) > 0
    run = state["validation_run"]
    assert run["tags"]["validation_status"] == "passed"
    assert {"root_mean_squared_error", "mean_absolute_error", "r2_score"} <= set(run["metrics"])
    assert run["plots"] == ["plots/feature_importance.json", "plots/feature_importance.png", "plots/residuals.png"]


def test_predictions_are_appended_with_version_and_timestamp(flavour: Flavour) -> None:
    state = flavour.state
    assert state, "local_run.py did not complete"
    assert {"prediction", "model_version", "scored_at"} <= set(state["columns"])
    assert state["columns"]["scored_at"].startswith("datetime64")
    assert state["null_predictions"] == 0
    n = state["input_rows"]
    assert n > 0
    assert state["rows_by_version"] == {"1": n, "2": n}
    assert state["rows"] == 2 * n


def test_every_module_has_tests(flavour: Flavour) -> None:
    """The project's tests import every module of its package (the jobs' modules included)."""
    (package,) = [p for p in (flavour.root / "src").iterdir() if p.is_dir()]
    imported: set[str] = set()
    for test_file in (flavour.root / "tests").glob("*.py"):
        for node in ast.walk(ast.parse(test_file.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.update(node.module.split("."))
                imported.update(alias.name for alias in node.names)
            elif isinstance(node, ast.Import):
                imported.update(part for alias in node.names for part in alias.name.split("."))
    modules = {p.stem for p in package.glob("*.py")} | {p.stem for p in package.glob("jobs/*.py")}
    untested = modules - {"__init__"} - imported
    # The entry points are also all called through pyproject's scripts (tests/test_jobs.py).
    assert not untested, f"modules no test imports: {sorted(untested)}"


def test_the_wheel_builds_with_the_jobs_entry_points(flavour: Flavour, tmp_path: Path) -> None:
    done, _ = run(
        [flavour.python, "-m", "pip", "wheel", "-q", "--no-deps", "--disable-pip-version-check", "-w", tmp_path, "."],
        flavour.root,
        project_env(flavour.root),
    )
    assert done.returncode == 0, output(done)
    (wheel,) = tmp_path.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        meta = {Path(n).name: archive.read(n).decode() for n in archive.namelist() if ".dist-info/" in n}
    scripts = set(re.findall(r"^(\w+) = ", meta["entry_points.txt"], re.M))
    assert JOB_ENTRY_POINTS <= scripts
    pins = {line for line in (flavour.root / "requirements.txt").read_text().splitlines() if "==" in line}
    assert pins == set(re.findall(r"^Requires-Dist: (\S+==\S+)$", meta["METADATA"], re.M))
