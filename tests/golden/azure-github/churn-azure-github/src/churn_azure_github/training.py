"""Training: fit a fare model on the training table and register it as a new model version.

The model is scikit-learn's HistGradientBoostingRegressor: fast, accurate on tabular data and
tolerant of missing values (a feature lookup can find nothing). To try another model, change
`fit_model()`; everything downstream (validation, deployment, batch inference) works on any
MLflow model that predicts one number per row.
"""

from __future__ import annotations

from dataclasses import dataclass

import mlflow
import pandas as pd
from mlflow.models import infer_signature
from pyspark.sql import DataFrame
from pyspark.sql import functions as F
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.metrics import mean_squared_error

from . import runtime
from .data import BASE_FEATURES, LABEL, feature_columns, prepare_trips, split_holdout

MODEL_ARTIFACT = "model"
# Classes MLflow may load when it reads this model back from its skops file (MLflow saves
# scikit-learn models with skops outside Databricks and refuses classes it was not told about).
SKOPS_TRUSTED_TYPES = ["sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor"]
HYPERPARAMETERS = {
    "max_iter": 200,
    "learning_rate": 0.1,
    "max_leaf_nodes": 31,
    "min_samples_leaf": 20,
    "random_state": 42,
}


@dataclass(frozen=True)
class TrainingResult:
    """What training produced: the registered version and where it came from."""

    model_name: str
    version: str
    model_uri: str
    run_id: str
    training_rmse: float
    rows: int


def fit_model(features: pd.DataFrame, label: pd.Series) -> HistGradientBoostingRegressor:
    """Fit the fare model. The same data and hyperparameters always give the same model."""
    return HistGradientBoostingRegressor(**HYPERPARAMETERS).fit(features, label)


def to_pandas(df: DataFrame, features: list[str]) -> tuple[pd.DataFrame, pd.Series]:
    """(features, label) of `df` as pandas, every feature a float."""
    pdf = df.select(*feature_columns(features), F.col(LABEL).cast("double")).toPandas()
    # Spark does not promise an order; sorting makes the same rows give the same model.
    pdf = pdf.sort_values([*features, LABEL], kind="mergesort", ignore_index=True)
    return pdf[features].astype("float64"), pdf[LABEL]


def train(
    training_table: str,
    model_name: str,
    experiment: str,
    feature_table: str | None = None,
) -> TrainingResult:
    """Train on `training_table` (less the validation holdout) and register a version.

    With `feature_table`, the model also learns from features looked up in that feature table
    as of each trip's pickup time (see feature_store.py).
    """
    runtime.configure_mlflow()
    runtime.set_experiment(experiment)
    trips, _holdout = split_holdout(prepare_trips(runtime.read_table(training_table)))

    training_set = None
    features = BASE_FEATURES
    if feature_table:
        from . import feature_store

        trips, training_set, features = feature_store.training_frame(trips, feature_table)
    x, y = to_pandas(trips, features)

    with mlflow.start_run(run_name="train") as run:
        model = fit_model(x, y)
        rmse = float(mean_squared_error(y, model.predict(x)) ** 0.5)
        mlflow.log_params({**HYPERPARAMETERS, "training_table": training_table, "rows": len(x)})
        if feature_table:
            mlflow.log_param("feature_table", feature_table)
        mlflow.log_metric("training_root_mean_squared_error", rmse)
        signature = infer_signature(x.head(100), model.predict(x.head(100)))
        if feature_table:
            model_uri = feature_store.log_model(model, training_set, signature, x.head(5), SKOPS_TRUSTED_TYPES)
        else:
            info = mlflow.sklearn.log_model(
                model,
                name=MODEL_ARTIFACT,
                signature=signature,
                input_example=x.head(5),
                skops_trusted_types=SKOPS_TRUSTED_TYPES,
            )
            model_uri = info.model_uri
        version = mlflow.register_model(model_uri, model_name, tags={"training_run_id": run.info.run_id})

    print(f"registered {model_name} version {version.version} (training RMSE {rmse:.3f}, {len(x)} rows)")
    return TrainingResult(
        model_name=model_name,
        version=str(version.version),
        model_uri=f"models:/{model_name}/{version.version}",
        run_id=run.info.run_id,
        training_rmse=rmse,
        rows=len(x),
    )
