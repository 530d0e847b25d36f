"""The feature store seam: locally parquet and Spark joins; on Databricks the Feature Engineering
client, replaced here by a fake (the real one needs a workspace)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from mlflow.tracking import MlflowClient
from pyspark.sql import DataFrame

from demand_azure_devops import feature_store, runtime
from demand_azure_devops.data import BASE_FEATURES, LABEL, prepare_trips
from demand_azure_devops.features import LOOKUP_FEATURES, PRIMARY_KEYS
from demand_azure_devops.jobs import batch_inference, deploy_model, train, validate_model, write_features

FEATURE_TABLE = "local.tests.trip_features"


@pytest.fixture(scope="module")
def feature_table(trips_table: str) -> str:
    write_features.main(["--source-table", trips_table, "--feature-table", FEATURE_TABLE])
    return FEATURE_TABLE


def test_features_are_written_as_parquet_locally(feature_table: str) -> None:
    written = runtime.read_table(feature_table)
    assert written.columns == ["zip", "ts", "trip_count", "mean_fare", "mean_distance"]
    assert written.count() == written.select(*PRIMARY_KEYS).distinct().count() > 0


def test_training_frame_has_the_looked_up_features(trips: DataFrame, feature_table: str) -> None:
    frame, training_set, features = feature_store.training_frame(prepare_trips(trips), feature_table)
    assert training_set is None
    assert features == BASE_FEATURES + LOOKUP_FEATURES
    assert set(features) | {LABEL} <= set(frame.columns)
    assert frame.count() == prepare_trips(trips).count()


def test_the_whole_pipeline_with_features(feature_table: str, trips_table: str, experiment: str) -> None:
    name, predictions = "local.tests.featured_model", "local.tests.featured_predictions"
    lookup = ["--feature-table", feature_table]
    train.main(["--training-table", trips_table, "--model-name", name, "--experiment", experiment, *lookup])
    version = runtime.LOCAL_TASK_VALUES["model_version"]
    validate_model.main(
        [
            "--model-name", name, "--model-version", version, "--validation-table", trips_table,
            "--experiment", experiment, "--run-mode", "enabled", *lookup,
        ]
    )
    deploy_model.main(["--model-name", name, "--model-version", version])
    assert str(MlflowClient().get_model_version_by_alias(name, "champion").version) == version

    batch_inference.main(["--model-name", name, "--input-table", trips_table, "--output-table", predictions, *lookup])
    scored = runtime.read_table(predictions)
    assert scored.count() == runtime.read_table(trips_table).count()
    assert scored.where("prediction IS NULL").count() == 0


class FakeFeatureEngineering:
    """Records what the code asks of the Feature Engineering client."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict]] = []

    def __getattr__(self, method: str):
        def record(**kwargs: object) -> SimpleNamespace:
            self.calls.append((method, kwargs))
            return SimpleNamespace(load_df=lambda: kwargs["df"])

        return record


@pytest.fixture
def on_databricks(monkeypatch: pytest.MonkeyPatch) -> FakeFeatureEngineering:
    fake = FakeFeatureEngineering()
    monkeypatch.setattr(feature_store, "_client", lambda: fake)
    monkeypatch.setattr(runtime, "on_databricks", lambda: True)
    return fake


def test_on_databricks_the_feature_table_is_created_then_merged(
    monkeypatch: pytest.MonkeyPatch, trips: DataFrame, on_databricks: FakeFeatureEngineering
) -> None:
    monkeypatch.setattr(runtime, "read_table", lambda name: trips)
    exists = {"value": False}
    monkeypatch.setattr(runtime, "table_exists", lambda name: exists["value"])
    feature_store.write_features("samples.nyctaxi.trips", "main.fares.trip_features")
    exists["value"] = True
    feature_store.write_features("samples.nyctaxi.trips", "main.fares.trip_features")
    (create, first), (write, second) = on_databricks.calls
    assert create == "create_table" and first["primary_keys"] == PRIMARY_KEYS and first["timeseries_column"] == "ts"
    assert write == "write_table" and second["mode"] == "merge"


def test_on_databricks_training_uses_point_in_time_lookups(
    trips: DataFrame, on_databricks: FakeFeatureEngineering
) -> None:
    frame, training_set, features = feature_store.training_frame(prepare_trips(trips), "main.fares.trip_features")
    [(method, kwargs)] = on_databricks.calls
    assert method == "create_training_set" and kwargs["label"] == LABEL
    lookups = kwargs["feature_lookups"]
    assert [(lk.lookup_key, lk.timestamp_lookup_key) for lk in lookups] == [
        ("pickup_zip", "tpep_pickup_datetime"),
        ("dropoff_zip", "tpep_pickup_datetime"),
    ]
    assert LABEL not in features


def test_on_databricks_scoring_is_score_batch(trips: DataFrame, on_databricks: FakeFeatureEngineering) -> None:
    feature_store.score(trips, "models:/main.fares.model/3", "main.fares.trip_features")
    [(method, kwargs)] = on_databricks.calls
    assert method == "score_batch" and kwargs["model_uri"] == "models:/main.fares.model/3"
