"""Monitoring: a data-profiling (quality) monitor on the inference table, and the retraining check.

- `update_monitor` creates the monitor the first time the inference table exists, and refreshes it
  on every later run (batch inference runs it right after appending predictions). Before the first
  predictions exist it only says so: the first deployment to a fresh workspace never fails.
- `check_monitor` reads the metric the monitor computed for the latest time window from
  `<output schema>.<table>_profile_metrics` (where the monitor writes it) and says whether the
  model should be retrained; the retraining job runs training when it says yes.

The monitor treats the table as an inference log: `prediction` against the label `fare_amount`
per `model_version`, in daily windows of `scored_at`. It uses the Data Quality Monitors API of the
Databricks SDK (`WorkspaceClient().data_quality`).
"""

from __future__ import annotations

from dataclasses import dataclass

from databricks.sdk import WorkspaceClient
from databricks.sdk.errors import NotFound
from databricks.sdk.service.dataquality import (
    AggregationGranularity,
    DataProfilingConfig,
    InferenceLogConfig,
    InferenceProblemType,
    Monitor,
    Refresh,
    RefreshState,
)
from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from . import runtime
from .data import LABEL
from .inference import MODEL_VERSION, PREDICTION, SCORED_AT

# Metrics where a larger value is better: retrain when they fall below the threshold. For every
# other metric (errors, drift, null counts), retrain when it rises above it.
GREATER_IS_BETTER = {"r2_score"}
GRANULARITY = AggregationGranularity.AGGREGATION_GRANULARITY_1_DAY
TABLE = "table"


def profile_metrics_table(inference_table: str, output_schema: str) -> str:
    """Where the monitor writes the profile metrics of `inference_table`."""
    return f"{output_schema}.{inference_table.split('.')[-1]}_profile_metrics"


def monitor_config(output_schema_id: str, assets_dir: str, has_label: bool = True) -> DataProfilingConfig:
    """The monitor's settings: an inference log of regression predictions. With `has_label` (the
    table holds the true fares), the monitor also computes model quality: RMSE, MAE, R², ..."""
    return DataProfilingConfig(
        output_schema_id=output_schema_id,
        assets_dir=assets_dir,
        inference_log=InferenceLogConfig(
            problem_type=InferenceProblemType.INFERENCE_PROBLEM_TYPE_REGRESSION,
            timestamp_column=SCORED_AT,
            granularities=[GRANULARITY],
            prediction_column=PREDICTION,
            model_id_column=MODEL_VERSION,
            label_column=LABEL if has_label else None,
        ),
    )


def update_monitor(
    workspace: WorkspaceClient,
    inference_table: str,
    output_schema: str,
    assets_dir: str,
) -> str:
    """Create or refresh the monitor of `inference_table`. Returns what it did: "waiting" (no
    table yet), "created", "refreshed" or "refresh already running"."""
    if not workspace.tables.exists(full_name=inference_table).table_exists:
        print(f"{inference_table} does not exist yet: the monitor is created after the first batch inference")
        return "waiting"
    table = workspace.tables.get(full_name=inference_table)
    table_id = table.table_id
    has_label = any(column.name == LABEL for column in table.columns or [])
    try:
        workspace.data_quality.get_monitor(object_type=TABLE, object_id=table_id)
    except NotFound:
        schema_id = workspace.schemas.get(full_name=output_schema).schema_id
        workspace.data_quality.create_monitor(
            monitor=Monitor(
                object_type=TABLE,
                object_id=table_id,
                data_profiling_config=monitor_config(schema_id, assets_dir, has_label),
            )
        )
        print(f"created the monitor of {inference_table}; its metrics go to {output_schema}")
        return "created"

    busy = {RefreshState.MONITOR_REFRESH_STATE_PENDING, RefreshState.MONITOR_REFRESH_STATE_RUNNING}
    if any(r.state in busy for r in workspace.data_quality.list_refresh(object_type=TABLE, object_id=table_id)):
        print(f"a refresh of the monitor of {inference_table} is already running")
        return "refresh already running"
    workspace.data_quality.create_refresh(
        object_type=TABLE, object_id=table_id, refresh=Refresh(object_type=TABLE, object_id=table_id)
    )
    print(f"refreshing the monitor of {inference_table}")
    return "refreshed"


def latest_metric(profile: DataFrame, metric: str) -> float | None:
    """The value of `metric` for the whole table in the latest time window that has one.

    Profile metrics hold one row per window, column (`:table` for the whole table), slice and
    model version; the worst value of that window is returned, so that one bad model version is
    enough to trigger retraining.
    """
    if metric not in profile.columns:
        raise ValueError(f"{metric!r} is not a column of the profile metrics; choose one of: {', '.join(profile.columns)}")
    rows = profile.where((F.col("column_name") == ":table") & F.col(metric).isNotNull())
    if "slice_key" in profile.columns:
        rows = rows.where(F.col("slice_key").isNull())
    if "log_type" in profile.columns:
        rows = rows.where(F.col("log_type") == "INPUT")
    latest = rows.agg(F.max("window.end").alias("end")).first()
    if latest is None or latest["end"] is None:
        return None
    window = rows.where(F.col("window.end") == F.lit(latest["end"]))
    worst = F.min(metric) if metric in GREATER_IS_BETTER else F.max(metric)
    return float(window.agg(worst.alias("value")).first()["value"])


def needs_retraining(value: float | None, metric: str, threshold: float) -> bool:
    """Whether `value` of `metric` crosses `threshold` (no value yet: no)."""
    if value is None:
        return False
    return value < threshold if metric in GREATER_IS_BETTER else value > threshold


@dataclass(frozen=True)
class MonitorCheck:
    """The retraining decision and what it was based on."""

    metric: str
    value: float | None
    threshold: float
    retrain: bool


def check_monitor(inference_table: str, output_schema: str, metric: str, threshold: float) -> MonitorCheck:
    """Decide whether to retrain from the monitor's latest `metric` of `inference_table`."""
    table = profile_metrics_table(inference_table, output_schema)
    value = None
    if runtime.table_exists(table):
        value = latest_metric(runtime.read_table(table), metric)
    else:
        print(f"{table} does not exist yet: the monitor has not computed metrics")
    retrain = needs_retraining(value, metric, threshold)
    shown = "no value yet" if value is None else f"{value:.6g}"
    print(f"{metric} = {shown}, threshold {threshold:g}: {'retrain' if retrain else 'no retraining needed'}")
    return MonitorCheck(metric, value, threshold, retrain)
