"""Run the whole pipeline on this machine: local Spark, a local MLflow store, the jobs' own code.

    python local_run.py [--workdir DIR]

Each step calls the entry point that a Databricks job task runs, with the same parameters, in
the order the jobs run them. Tables are parquet folders under the work directory (the NYC taxi
sample is generated there on first use), and MLflow tracking and registry live in
`<workdir>/mlflow.db`. Run it again to train a new version: it is validated against the current
champion, and its predictions are appended to those of the earlier runs.
"""

from __future__ import annotations

import argparse
import logging
import os
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from churn_azure_github import runtime
from churn_azure_github.jobs import batch_inference, deploy_model, train, validate_model

# Local stand-ins for the Unity Catalog names the jobs get from databricks.yml.
CATALOG_SCHEMA = "local.churn_azure_github"
MODEL_NAME = f"{CATALOG_SCHEMA}.fare_model"
PREDICTIONS = f"{CATALOG_SCHEMA}.predictions"
TRIPS = "samples.nyctaxi.trips"
EXPERIMENT = "/local/churn_azure_github"
# This project has no feature table: the jobs take no --feature-table.
FEATURE_ARGS: list[str] = []


@dataclass
class Step:
    """One job task: its name, its entry point and its parameters."""

    name: str
    entry_point: Callable[[list[str]], None]
    args: list[str]


def steps() -> list[Step]:
    """The pipeline, as the jobs run it. `{version}` is the version that training registered."""
    return [
        Step(
            "train",
            train.main,
            ["--training-table", TRIPS, "--model-name", MODEL_NAME, "--experiment", EXPERIMENT, *FEATURE_ARGS],
        ),
        Step(
            "validate",
            validate_model.main,
            [
                "--model-name", MODEL_NAME, "--model-version", "{version}", "--validation-table", TRIPS,
                "--experiment", EXPERIMENT, "--run-mode", "enabled", *FEATURE_ARGS,
            ],
        ),
        Step("deploy", deploy_model.main, ["--model-name", MODEL_NAME, "--model-version", "{version}"]),
        Step(
            "batch inference",
            batch_inference.main,
            ["--model-name", MODEL_NAME, "--input-table", TRIPS, "--output-table", PREDICTIONS, *FEATURE_ARGS],
        ),
    ]


def quiet_logs() -> None:
    """Keep the output to the pipeline's own lines: libraries' warnings and info logs go."""
    warnings.filterwarnings("ignore")
    os.environ.setdefault("MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR", "false")
    for name in ("mlflow", "alembic", "py4j", "pyspark", "urllib3"):
        logging.getLogger(name).setLevel(logging.ERROR)


def summary(workdir: Path) -> str:
    """The closing summary: model, version, alias, metrics, rows scored, where to look."""
    from mlflow.tracking import MlflowClient

    client = MlflowClient()
    version = runtime.LOCAL_TASK_VALUES["model_version"]
    model_version = client.get_model_version(MODEL_NAME, version)
    aliases = ", ".join(model_version.aliases) or "none"
    metrics = {k.removeprefix("validation_"): v for k, v in model_version.tags.items() if k.startswith("validation_")}
    predictions = runtime.read_table(PREDICTIONS)
    scored = predictions.where(predictions.model_version == version).count()
    lines = [
        "",
        f"model        {MODEL_NAME} version {version} (aliases: {aliases})",
        f"validation   {metrics.get('status')} in {metrics.get('mode')} mode",
        "metrics      " + ", ".join(
            f"{name} {metrics[name]}" for name in ("root_mean_squared_error", "mean_absolute_error", "r2_score")
            if name in metrics
        ),
        f"predictions  {scored} rows scored by version {version}; {predictions.count()} rows in {PREDICTIONS}",
        f"             {runtime.local_table_path(PREDICTIONS)}",
        f"look around  mlflow ui --backend-store-uri {runtime.local_mlflow_uri()}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workdir", default=runtime.DEFAULT_LOCAL_WORKDIR, help="where tables and MLflow data go")
    args = parser.parse_args(argv)

    quiet_logs()
    workdir = runtime.use_local_workdir(args.workdir)
    runtime.configure_mlflow()
    print(f"local run in {workdir}")
    started = time.perf_counter()
    runtime.get_spark().sparkContext.setLogLevel("ERROR")
    print(f"spark        started in {time.perf_counter() - started:.1f} s")

    pipeline = steps()
    for number, step in enumerate(pipeline, 1):
        print(f"[{number}/{len(pipeline)}] {step.name} ...", flush=True)
        step_started = time.perf_counter()
        version = runtime.LOCAL_TASK_VALUES.get("model_version", "")
        step.entry_point([arg.replace("{version}", version) for arg in step.args])
        print(f"[{number}/{len(pipeline)}] {step.name} done in {time.perf_counter() - step_started:.1f} s", flush=True)

    print(summary(workdir))
    print(f"\ndone in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
