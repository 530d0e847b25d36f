"""The feature store, behind one seam: Unity Catalog feature tables on Databricks, parquet locally.

On Databricks this module uses the Feature Engineering client (`databricks-feature-engineering`):
the feature job writes a feature table in Unity Catalog with a time-series key, training builds
its data with point-in-time `FeatureLookup`s and logs the model with the lookups packaged in it,
and batch inference calls `score_batch`, which looks the features up again at scoring time.

Locally (and in the unit tests) the client cannot run: it needs a Databricks workspace. The same
transforms (features.py) then write parquet, and the point-in-time lookups are done with plain
Spark joins that follow the same rule. Only this module knows which of the two happens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import mlflow
import pandas as pd
from mlflow.models import ModelSignature
from pyspark.sql import DataFrame

from . import runtime
from .data import BASE_FEATURES, DROPOFF_TIME, LABEL, PICKUP_TIME, prepare_trips
from .features import FEATURE_NAMES, LOOKUP_FEATURES, LOOKUPS, PRIMARY_KEYS, TIMESERIES_KEY
from .features import add_lookup_features, zip_features

if TYPE_CHECKING:
    from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
    from databricks.feature_engineering.training_set import TrainingSet

__all__ = ["LOOKUP_FEATURES", "add_features", "log_model", "score", "training_frame", "write_features"]
MODEL_ARTIFACT = "model"


def _client() -> FeatureEngineeringClient:
    from databricks.feature_engineering import FeatureEngineeringClient

    return FeatureEngineeringClient()


def feature_lookups(feature_table: str) -> list[FeatureLookup]:
    """Point-in-time lookups of the zip features, for the pickup and the dropoff zip."""
    from databricks.feature_engineering import FeatureLookup

    return [
        FeatureLookup(
            table_name=feature_table,
            lookup_key=key,
            timestamp_lookup_key=PICKUP_TIME,
            feature_names=FEATURE_NAMES,
            rename_outputs={name: f"{prefix}_{name}" for name in FEATURE_NAMES},
        )
        for key, prefix in LOOKUPS
    ]


def write_features(source_table: str, feature_table: str) -> int:
    """Compute the zip features of `source_table` and write them to `feature_table`.

    Returns the number of feature rows. Each run recomputes every hour of the source, and rows
    with the same key replace the earlier ones (a merge), so reruns are harmless.
    """
    features = zip_features(prepare_trips(runtime.read_table(source_table)))
    rows = features.count()
    if runtime.on_databricks():
        client = _client()
        if runtime.table_exists(feature_table):
            client.write_table(name=feature_table, df=features, mode="merge")
        else:
            client.create_table(
                name=feature_table,
                primary_keys=PRIMARY_KEYS,
                timeseries_column=TIMESERIES_KEY,
                df=features,
                description="Hourly trip count, mean fare and mean distance of taxi trips by pickup zip code.",
            )
    else:
        features.write.mode("overwrite").parquet(str(runtime.local_table_path(feature_table)))
    print(f"wrote {rows} feature rows to {feature_table}")
    return rows


def _lookup_input(trips: DataFrame, with_label: bool) -> DataFrame:
    """The trip columns the lookups and the model need, zip codes kept as lookup keys."""
    columns = [PICKUP_TIME, DROPOFF_TIME, *BASE_FEATURES]
    return trips.select(*columns, LABEL) if with_label else trips.select(*columns)


def training_frame(trips: DataFrame, feature_table: str) -> tuple[DataFrame, TrainingSet | None, list[str]]:
    """(training rows with looked-up features, the training set to log the model with, the model's
    feature columns in order)."""
    if runtime.on_databricks():
        training_set = _client().create_training_set(
            df=_lookup_input(trips, with_label=True),
            feature_lookups=feature_lookups(feature_table),
            label=LABEL,
            exclude_columns=[PICKUP_TIME, DROPOFF_TIME],
        )
        df = training_set.load_df()
        return df, training_set, [c for c in df.columns if c != LABEL]
    return add_features(_lookup_input(trips, with_label=True), feature_table), None, BASE_FEATURES + LOOKUP_FEATURES


def add_features(df: DataFrame, feature_table: str) -> DataFrame:
    """`df` with the looked-up features (`LOOKUP_FEATURES`) as of each trip's pickup time."""
    if runtime.on_databricks():
        has_label = LABEL in df.columns
        return (
            _client()
            .create_training_set(
                df=_lookup_input(df, with_label=has_label),
                feature_lookups=feature_lookups(feature_table),
                label=LABEL if has_label else None,
            )
            .load_df()
        )
    features = runtime.read_table(feature_table)
    return add_lookup_features(df, features)


def log_model(
    model: Any,
    training_set: TrainingSet | None,
    signature: ModelSignature,
    input_example: pd.DataFrame,
    skops_trusted_types: list[str],
) -> str:
    """Log `model` in the active run and return its URI.

    On Databricks the model is packaged with its feature lookups, so that `score_batch` and
    Model Serving look the features up themselves; locally it is a plain scikit-learn model.
    """
    if runtime.on_databricks() and training_set is not None:
        _client().log_model(
            model=model,
            artifact_path=MODEL_ARTIFACT,
            flavor=mlflow.sklearn,
            training_set=training_set,
            infer_input_example=True,
        )
        return mlflow.last_logged_model().model_uri
    info = mlflow.sklearn.log_model(
        model,
        name=MODEL_ARTIFACT,
        signature=signature,
        input_example=input_example,
        skops_trusted_types=skops_trusted_types,
    )
    return info.model_uri


def score(trips: DataFrame, model_uri: str, feature_table: str) -> DataFrame:
    """`trips` with a `prediction` column, features looked up as of each pickup time."""
    if runtime.on_databricks():
        return _client().score_batch(model_uri=model_uri, df=trips, result_type="double")
    from .inference import score_with_udf

    return score_with_udf(add_features(trips, feature_table), model_uri, BASE_FEATURES + LOOKUP_FEATURES)
