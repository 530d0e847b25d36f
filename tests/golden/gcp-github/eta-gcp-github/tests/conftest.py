"""Shared fixtures: one local Spark session and one local MLflow store for the whole test run.

Everything runs on this machine: Spark in local mode, MLflow in a sqlite file under a temporary
directory, tables as parquet. Nothing here needs a Databricks workspace.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pyspark.sql import DataFrame, SparkSession

from eta_gcp_github import runtime
from eta_gcp_github.sample_data import write_sample_trips

TRIPS_TABLE = "local.tests.trips"


@pytest.fixture(scope="session")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh local work directory (tables, MLflow store) for the test run."""
    path = runtime.use_local_workdir(tmp_path_factory.mktemp("workdir"))
    runtime.configure_mlflow()
    return path


@pytest.fixture(scope="session")
def spark(workdir: Path) -> Iterator[SparkSession]:
    session = runtime.get_spark()
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def trips_table(spark: SparkSession) -> str:
    """A table of 1,500 sample trips, written once."""
    write_sample_trips(spark, str(runtime.local_table_path(TRIPS_TABLE)), rows=1500)
    return TRIPS_TABLE


@pytest.fixture(scope="session")
def trips(spark: SparkSession, trips_table: str) -> DataFrame:
    return runtime.read_table(trips_table)


@pytest.fixture(autouse=True)
def _fresh_task_values() -> Iterator[None]:
    runtime.LOCAL_TASK_VALUES.clear()
    yield
    runtime.LOCAL_TASK_VALUES.clear()


@pytest.fixture(scope="session")
def experiment(workdir: Path) -> str:
    return "/tests/experiment"


@pytest.fixture(scope="session")
def champion(trips_table: str, experiment: str) -> tuple[str, str]:
    """(model name, version) of a model trained, validated and deployed by the jobs' entry points."""
    from eta_gcp_github.jobs import deploy_model, train, validate_model

    name = "local.tests.fare_model"
    train.main(["--training-table", trips_table, "--model-name", name, "--experiment", experiment])
    version = runtime.LOCAL_TASK_VALUES["model_version"]
    validate_model.main(
        [
            "--model-name", name, "--model-version", version, "--validation-table", trips_table,
            "--experiment", experiment, "--run-mode", "enabled",
        ]
    )
    deploy_model.main(["--model-name", name, "--model-version", version])
    return name, version
