"""Validation: evaluate a new model version on held-out trips and decide whether it may ship.

`mlflow.models.evaluate` computes the regression metrics of the new version and, when there is
one, of the current `champion` on the same rows; `mlflow.validate_evaluation_results` checks
them against `validation_thresholds.py`. The outcome is recorded twice:

- in an MLflow run of the experiment (metrics, residuals and feature-importance plots, tags);
- on the model version, as tags (`validation_status`, `validation_mode`, metrics, run id), which
  deployment reads. A version that passes also gets the alias `challenger`.

Run modes: `enabled` (a failure fails the job: nothing is deployed), `dry_run` (evaluate and
record, never fail; deployment will not promote it) and `disabled` (record that validation was
skipped; deployment will not promote it either).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import mlflow
import numpy as np
import pandas as pd
from mlflow.exceptions import MlflowException
from mlflow.models.evaluation.validation import ModelValidationFailedException
from mlflow.tracking import MlflowClient

from . import evaluation_plots, runtime
from .data import BASE_FEATURES, prepare_trips, split_holdout
from .training import to_pandas
from .validation_thresholds import validation_thresholds

RUN_MODES = ("enabled", "dry_run", "disabled")
PASSED, FAILED, SKIPPED = "passed", "failed", "skipped"
CHALLENGER, CHAMPION = "challenger", "champion"
# Tags recorded on the model version.
TAG_STATUS = "validation_status"
TAG_MODE = "validation_mode"
TAG_RUN_ID = "validation_run_id"
TAG_BASELINE = "validation_baseline_version"
TAG_MESSAGE = "validation_message"
# Evaluate on at most this many held-out rows (they are collected to the driver).
MAX_EVALUATION_ROWS = 50_000
RECORDED_METRICS = ("root_mean_squared_error", "mean_absolute_error", "r2_score")


@dataclass
class ValidationResult:
    """Outcome of validating one model version."""

    model_name: str
    version: str
    mode: str
    status: str
    metrics: dict[str, float] = field(default_factory=dict)
    baseline_version: str | None = None
    message: str = ""
    run_id: str | None = None

    @property
    def passed(self) -> bool:
        return self.status == PASSED


def champion_version(client: MlflowClient, model_name: str) -> str | None:
    """Version that holds the `champion` alias, or None before the first deployment."""
    try:
        return str(client.get_model_version_by_alias(model_name, CHAMPION).version)
    except MlflowException as err:
        if err.error_code in ("RESOURCE_DOES_NOT_EXIST", "NOT_FOUND", "INVALID_PARAMETER_VALUE"):
            return None
        raise


def predict(model: mlflow.pyfunc.PyFuncModel, features: pd.DataFrame) -> np.ndarray:
    """One prediction per row (a model that looks features up returns a table: its `prediction`)."""
    output = model.predict(features)
    if isinstance(output, pd.DataFrame):
        output = output["prediction"] if "prediction" in output else output.iloc[:, 0]
    return np.asarray(output, dtype=float).reshape(-1)


def evaluate(features: pd.DataFrame, label: pd.Series, predictions: np.ndarray) -> mlflow.models.EvaluationResult:
    """Regression metrics of `predictions`, logged to the active run."""
    data = features.assign(label=label.to_numpy(), prediction=predictions)
    return mlflow.models.evaluate(
        data=data,
        targets="label",
        predictions="prediction",
        model_type="regressor",
        evaluator_config={"log_model_explainability": False},
    )


def validate(
    model_name: str,
    version: str,
    validation_table: str,
    experiment: str,
    run_mode: str = "enabled",
    feature_table: str | None = None,
) -> ValidationResult:
    """Validate `model_name` version `version` on the holdout rows of `validation_table`."""
    if run_mode not in RUN_MODES:
        raise ValueError(f"run mode must be one of {', '.join(RUN_MODES)}, not {run_mode!r}")
    runtime.configure_mlflow()
    client = MlflowClient()
    result = ValidationResult(model_name, str(version), run_mode, SKIPPED)
    if run_mode == "disabled":
        result.message = "validation is disabled: this version will not be promoted"
        record_on_version(client, result)
        return result

    runtime.set_experiment(experiment)
    _training, holdout = split_holdout(prepare_trips(runtime.read_table(validation_table)))
    features = BASE_FEATURES
    if feature_table:
        from . import feature_store

        holdout = feature_store.add_features(holdout, feature_table)
        features = BASE_FEATURES + feature_store.LOOKUP_FEATURES
    x, y = to_pandas(holdout.limit(MAX_EVALUATION_ROWS), features)

    baseline_version = champion_version(client, model_name)
    if baseline_version == result.version:
        baseline_version = None  # re-validating the champion itself: nothing to compare with
    candidate_uri = f"models:/{model_name}/{result.version}"

    with mlflow.start_run(run_name=f"validate-{model_name.split('.')[-1]}-v{result.version}") as run:
        result.run_id = run.info.run_id
        mlflow.set_tags({"model_name": model_name, "model_version": result.version, TAG_MODE: run_mode})
        candidate_model = mlflow.pyfunc.load_model(candidate_uri)
        predictions = predict(candidate_model, x)
        candidate = evaluate(x, y, predictions)
        baseline = None
        if baseline_version is not None:
            with mlflow.start_run(run_name=f"champion-v{baseline_version}", nested=True):
                mlflow.set_tags({"model_name": model_name, "model_version": baseline_version})
                champion_uri = f"models:/{model_name}/{baseline_version}"
                baseline = evaluate(x, y, predict(mlflow.pyfunc.load_model(champion_uri), x))
            result.baseline_version = baseline_version

        title = f"{model_name} v{result.version}"
        mlflow.log_figure(evaluation_plots.residuals_figure(y, predictions, title), "plots/residuals.png")
        importance = evaluation_plots.permutation_importance(lambda frame: predict(candidate_model, frame), x, y)
        mlflow.log_figure(
            evaluation_plots.feature_importance_figure(importance, f"Feature importance, {title}"),
            "plots/feature_importance.png",
        )
        mlflow.log_dict(importance.to_dict(), "plots/feature_importance.json")

        thresholds = validation_thresholds(compare_with_champion=baseline is not None)
        try:
            mlflow.validate_evaluation_results(thresholds, candidate, baseline)
        except ModelValidationFailedException as failure:
            result.status, result.message = FAILED, str(failure.message)
        else:
            result.status = PASSED
            versus = f" and is at least as good as champion v{baseline_version}" if baseline else ""
            result.message = f"meets every threshold{versus}"
        result.metrics = {name: float(candidate.metrics[name]) for name in RECORDED_METRICS if name in candidate.metrics}
        mlflow.set_tags({TAG_STATUS: result.status, TAG_MESSAGE: result.message[:5000]})

    record_on_version(client, result)
    if result.passed:
        client.set_registered_model_alias(model_name, CHALLENGER, result.version)
    print(f"validation of {model_name} v{result.version} ({run_mode}): {result.status}: {result.message}")
    return result


def record_on_version(client: MlflowClient, result: ValidationResult) -> None:
    """Write the outcome on the model version, where deployment and people find it."""
    tags = {
        TAG_STATUS: result.status,
        TAG_MODE: result.mode,
        # Unity Catalog limits tag values to 256 characters; the run has the whole message.
        TAG_MESSAGE: result.message[:250],
    }
    if result.run_id:
        tags[TAG_RUN_ID] = result.run_id
    if result.baseline_version:
        tags[TAG_BASELINE] = result.baseline_version
    for name, value in result.metrics.items():
        tags[f"validation_{name}"] = f"{value:.6g}"
    for key, value in tags.items():
        client.set_model_version_tag(result.model_name, result.version, key, value)
