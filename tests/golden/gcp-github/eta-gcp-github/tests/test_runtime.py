from __future__ import annotations

from pathlib import Path

import mlflow
import pytest
from pyspark.sql import SparkSession

from eta_gcp_github import runtime


def test_databricks_is_told_by_the_runtime_version(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABRICKS_RUNTIME_VERSION", raising=False)
    assert not runtime.on_databricks()
    monkeypatch.setenv("DATABRICKS_RUNTIME_VERSION", "client.4.0")
    assert runtime.on_databricks()


def test_tables_are_parquet_folders_in_the_workdir(spark: SparkSession, workdir: Path) -> None:
    name = "local.tests.runtime_roundtrip"
    assert runtime.local_table_path(name) == workdir / "tables" / "local" / "tests" / "runtime_roundtrip"
    assert not runtime.table_exists(name)
    rows = spark.createDataFrame([(1, "a")], "id INT, value STRING")
    runtime.append_to_table(rows, name)
    runtime.append_to_table(rows, name)
    assert runtime.table_exists(name)
    assert runtime.read_table(name).count() == 2


def test_table_names_must_be_full(workdir: Path) -> None:
    with pytest.raises(ValueError, match="catalog.schema.table"):
        runtime.local_table_path("predictions")


def test_the_samples_table_is_generated_on_first_read(spark: SparkSession) -> None:
    trips = runtime.read_table(runtime.SAMPLE_TRIPS_TABLE)
    assert trips.count() == 4000
    assert trips.columns == [
        "tpep_pickup_datetime", "tpep_dropoff_datetime", "trip_distance", "fare_amount", "pickup_zip", "dropoff_zip",
    ]


def test_task_values_locally_and_on_databricks(monkeypatch: pytest.MonkeyPatch) -> None:
    runtime.set_task_value("model_version", "3")
    assert runtime.LOCAL_TASK_VALUES == {"model_version": "3"}

    recorded = {}

    class TaskValues:
        def set(self, key: str, value: str) -> None:
            recorded[key] = value

    class FakeDbutils:
        class jobs:  # noqa: N801 - the shape of dbutils.jobs.taskValues
            taskValues = TaskValues()

    monkeypatch.setenv("DATABRICKS_RUNTIME_VERSION", "16.4")
    monkeypatch.setattr(runtime, "_dbutils", lambda: FakeDbutils)
    runtime.set_task_value("passed", "true")
    assert recorded == {"passed": "true"}
    assert "passed" not in runtime.LOCAL_TASK_VALUES


def test_mlflow_uses_the_local_sqlite_store(workdir: Path) -> None:
    runtime.configure_mlflow()
    assert mlflow.get_tracking_uri() == f"sqlite:///{workdir / 'mlflow.db'}"
    assert mlflow.get_registry_uri() == mlflow.get_tracking_uri()
    experiment_id = runtime.set_experiment("/tests/runtime")
    location = mlflow.get_experiment(experiment_id).artifact_location
    assert location.startswith((workdir / "mlartifacts").as_uri())
