from __future__ import annotations

import mlflow
import numpy as np
from mlflow.tracking import MlflowClient
from pyspark.sql import DataFrame

from demand_azure_devops import runtime
from demand_azure_devops.data import BASE_FEATURES, prepare_trips
from demand_azure_devops.jobs import train as train_job
from demand_azure_devops.training import fit_model, to_pandas


def test_fit_model_is_repeatable_and_learns(trips: DataFrame) -> None:
    x, y = to_pandas(prepare_trips(trips), BASE_FEATURES)
    first, second = fit_model(x, y), fit_model(x, y)
    np.testing.assert_array_equal(first.predict(x), second.predict(x))
    rmse = float(np.sqrt(np.mean((first.predict(x) - y) ** 2)))
    assert rmse < 0.5 * float(y.std())


def test_train_job_registers_a_version_and_sets_task_values(trips_table: str, experiment: str) -> None:
    name = "local.tests.train_job_model"
    train_job.main(["--training-table", trips_table, "--model-name", name, "--experiment", experiment])
    version = runtime.LOCAL_TASK_VALUES["model_version"]
    assert runtime.LOCAL_TASK_VALUES["model_uri"] == f"models:/{name}/{version}"

    model_version = MlflowClient().get_model_version(name, version)
    run = mlflow.get_run(model_version.tags["training_run_id"])
    assert run.data.params["training_table"] == trips_table
    assert "training_root_mean_squared_error" in run.data.metrics

    model = mlflow.pyfunc.load_model(f"models:/{name}/{version}")
    assert model.metadata.get_input_schema().input_names() == BASE_FEATURES
    x, _ = to_pandas(prepare_trips(runtime.read_table(trips_table)).limit(5), BASE_FEATURES)
    assert model.predict(x).shape == (5,)
