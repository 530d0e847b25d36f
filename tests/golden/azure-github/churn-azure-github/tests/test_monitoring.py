from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

import pytest
from databricks.sdk.errors import NotFound
from databricks.sdk.service.dataquality import InferenceProblemType, RefreshState
from pyspark.sql import DataFrame, SparkSession

from churn_azure_github import runtime
from churn_azure_github.jobs import check_monitor as check_monitor_job
from churn_azure_github.jobs import update_monitor as update_monitor_job
from churn_azure_github.monitoring import (
    check_monitor,
    latest_metric,
    monitor_config,
    needs_retraining,
    profile_metrics_table,
    update_monitor,
)

TABLE = "staging.fares.predictions"


class FakeWorkspace:
    """The parts of WorkspaceClient that update_monitor uses, recording every change."""

    def __init__(self, table_exists: bool, monitor_exists: bool, refresh_state: RefreshState | None = None) -> None:
        self.calls: list[tuple] = []
        refreshes = [SimpleNamespace(state=refresh_state)] if refresh_state else []
        outer = self

        class Tables:
            def exists(self, full_name: str) -> SimpleNamespace:
                return SimpleNamespace(table_exists=table_exists)

            def get(self, full_name: str) -> SimpleNamespace:
                columns = [SimpleNamespace(name=n) for n in ("prediction", "fare_amount", "model_version", "scored_at")]
                return SimpleNamespace(table_id="table-uuid", columns=columns)

        class Schemas:
            def get(self, full_name: str) -> SimpleNamespace:
                return SimpleNamespace(schema_id="schema-uuid")

        class DataQuality:
            def get_monitor(self, object_type: str, object_id: str) -> SimpleNamespace:
                if not monitor_exists:
                    raise NotFound("no monitor")
                return SimpleNamespace(object_id=object_id)

            def create_monitor(self, monitor: object) -> object:
                outer.calls.append(("create_monitor", monitor))
                return monitor

            def list_refresh(self, object_type: str, object_id: str) -> list:
                return refreshes

            def create_refresh(self, object_type: str, object_id: str, refresh: object) -> object:
                outer.calls.append(("create_refresh", object_id))
                return refresh

        self.tables, self.schemas, self.data_quality = Tables(), Schemas(), DataQuality()


def test_nothing_happens_before_the_first_predictions() -> None:
    workspace = FakeWorkspace(table_exists=False, monitor_exists=False)
    assert update_monitor(workspace, TABLE, "staging.fares", "/Workspace/monitoring") == "waiting"
    assert workspace.calls == []


def test_the_update_monitor_job_passes_its_parameters(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(update_monitor_job, "WorkspaceClient", lambda: FakeWorkspace(False, False))
    update_monitor_job.main(["--inference-table", TABLE, "--output-schema", "staging.fares", "--assets-dir", "/w"])
    assert f"{TABLE} does not exist yet" in capsys.readouterr().out


def test_the_monitor_is_created_once_the_table_exists() -> None:
    workspace = FakeWorkspace(table_exists=True, monitor_exists=False)
    assert update_monitor(workspace, TABLE, "staging.fares", "/Workspace/monitoring") == "created"
    [(call, monitor)] = workspace.calls
    assert call == "create_monitor" and monitor.object_id == "table-uuid"
    config = monitor.data_profiling_config
    assert config.output_schema_id == "schema-uuid" and config.assets_dir == "/Workspace/monitoring"
    log = config.inference_log
    assert log.problem_type == InferenceProblemType.INFERENCE_PROBLEM_TYPE_REGRESSION
    assert (log.prediction_column, log.label_column, log.model_id_column, log.timestamp_column) == (
        "prediction", "fare_amount", "model_version", "scored_at",
    )


def test_without_true_fares_the_monitor_profiles_predictions_only() -> None:
    assert monitor_config("schema-uuid", "/w", has_label=False).inference_log.label_column is None


def test_an_existing_monitor_is_refreshed_unless_a_refresh_runs() -> None:
    workspace = FakeWorkspace(table_exists=True, monitor_exists=True)
    assert update_monitor(workspace, TABLE, "staging.fares", "/w") == "refreshed"
    assert workspace.calls == [("create_refresh", "table-uuid")]
    busy = FakeWorkspace(table_exists=True, monitor_exists=True, refresh_state=RefreshState.MONITOR_REFRESH_STATE_RUNNING)
    assert update_monitor(busy, TABLE, "staging.fares", "/w") == "refresh already running"
    assert busy.calls == []


def profile(spark: SparkSession, rows: list[tuple]) -> DataFrame:
    """Rows shaped like a profile metrics table: (window end, column, slice key, log type, model, rmse)."""
    return spark.createDataFrame(
        [((end.replace(hour=0), end), column, key, log, model, rmse) for end, column, key, log, model, rmse in rows],
        "window STRUCT<start: TIMESTAMP, end: TIMESTAMP>, column_name STRING, slice_key STRING, "
        "log_type STRING, model_version STRING, root_mean_squared_error DOUBLE",
    )


def test_latest_metric_reads_the_whole_table_row_of_the_latest_window(spark: SparkSession) -> None:
    day1, day2 = datetime(2026, 3, 1, 23), datetime(2026, 3, 2, 23)
    metrics = profile(
        spark,
        [
            (day1, ":table", None, "INPUT", "1", 9.0),
            (day2, ":table", None, "INPUT", "1", 3.0),
            (day2, ":table", None, "INPUT", "2", 4.5),  # the worst model of the latest window counts
            (day2, "trip_distance", None, "INPUT", "2", 50.0),  # a column, not the table
            (day2, ":table", "pickup_zip", "INPUT", "2", 70.0),  # a slice
            (day2, ":table", None, "BASELINE", "2", 80.0),
        ],
    )
    assert latest_metric(metrics, "root_mean_squared_error") == 4.5
    with pytest.raises(ValueError, match="not a column"):
        latest_metric(metrics, "accuracy")
    assert latest_metric(metrics.limit(0), "root_mean_squared_error") is None


def test_thresholds_point_the_right_way() -> None:
    assert needs_retraining(6.0, "root_mean_squared_error", 5.0)
    assert not needs_retraining(4.0, "root_mean_squared_error", 5.0)
    assert needs_retraining(0.5, "r2_score", 0.6)
    assert not needs_retraining(None, "root_mean_squared_error", 5.0)


def test_check_monitor_reads_where_the_monitor_writes(spark: SparkSession) -> None:
    inference_table, output_schema = "local.monitoring.predictions", "local.monitoring"
    metrics_table = profile_metrics_table(inference_table, output_schema)
    assert metrics_table == "local.monitoring.predictions_profile_metrics"
    assert not check_monitor(inference_table, output_schema, "root_mean_squared_error", 5.0).retrain

    rows = profile(spark, [(datetime(2026, 3, 2, 23), ":table", None, "INPUT", "1", 7.25)])
    runtime.append_to_table(rows, metrics_table)
    args = ["--inference-table", inference_table, "--output-schema", output_schema, "--metric", "root_mean_squared_error"]
    check_monitor_job.main([*args, "--threshold", "5.0"])
    assert runtime.LOCAL_TASK_VALUES["retrain"] == "true"
    check_monitor_job.main([*args, "--threshold", "8"])
    assert runtime.LOCAL_TASK_VALUES["retrain"] == "false"
