"""Batch inference: score a table with the champion model and append the predictions.

Scoring runs on the Spark executors through `mlflow.pyfunc.spark_udf` (or the Feature
Engineering client's `score_batch` when the model looks features up), so it scales with the
cluster; nothing is collected to the driver. Every run *appends* its rows, each stamped with the
model version that scored it and the time, so the inference table keeps the history that
monitoring compares over time windows.
"""

from __future__ import annotations

from dataclasses import dataclass

import mlflow
from mlflow.tracking import MlflowClient
from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from . import runtime
from .data import BASE_FEATURES, KEY_COLUMNS, LABEL, feature_columns, prepare_trips
from .validation import CHAMPION

PREDICTION = "prediction"
MODEL_VERSION = "model_version"
SCORED_AT = "scored_at"


@dataclass(frozen=True)
class InferenceResult:
    """What one batch inference run appended."""

    model_name: str
    version: str
    output_table: str
    rows: int


def score_with_udf(df: DataFrame, model_uri: str, features: list[str]) -> DataFrame:
    """`df` with a `prediction` column computed by the model on the executors."""
    predict = mlflow.pyfunc.spark_udf(df.sparkSession, model_uri, result_type="double", env_manager="local")
    return df.withColumn(PREDICTION, predict(F.struct(*feature_columns(features))))


def inference_rows(scored: DataFrame, version: str) -> DataFrame:
    """The columns the inference table keeps: trip keys, inputs, label (when known), prediction,
    model version and scoring time."""
    keep = [*KEY_COLUMNS, *[c for c in BASE_FEATURES if c not in KEY_COLUMNS]]
    if LABEL in scored.columns:
        keep.append(LABEL)
    return scored.select(
        *keep,
        F.col(PREDICTION).cast("double").alias(PREDICTION),
        F.lit(str(version)).alias(MODEL_VERSION),
        F.current_timestamp().alias(SCORED_AT),
    )


def batch_inference(
    model_name: str,
    input_table: str,
    output_table: str,
    feature_table: str | None = None,
) -> InferenceResult:
    """Score `input_table` with the champion of `model_name` and append to `output_table`."""
    runtime.configure_mlflow()
    # Resolve the alias once, so every row records the version that really scored it even if a
    # deployment moves the alias while this job runs.
    version = str(MlflowClient().get_model_version_by_alias(model_name, CHAMPION).version)
    model_uri = f"models:/{model_name}/{version}"
    trips = prepare_trips(runtime.read_table(input_table), require_label=False)
    rows = trips.count()

    if feature_table:
        from . import feature_store

        scored = feature_store.score(trips, model_uri, feature_table)
    else:
        scored = score_with_udf(trips, model_uri, BASE_FEATURES)
    runtime.append_to_table(inference_rows(scored, version), output_table)
    print(f"appended {rows} predictions of {model_name} v{version} ({CHAMPION}) to {output_table}")
    return InferenceResult(model_name, version, output_table, rows)
