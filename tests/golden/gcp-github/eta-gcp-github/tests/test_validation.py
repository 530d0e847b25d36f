from __future__ import annotations

import mlflow
import pytest
from mlflow.models import MetricThreshold
from mlflow.tracking import MlflowClient

from eta_gcp_github import runtime, validation
from eta_gcp_github.deployment import promote
from eta_gcp_github.jobs import validate_model
from eta_gcp_github.training import train
from eta_gcp_github.validation_thresholds import validation_thresholds


def impossible(compare_with_champion: bool) -> dict[str, MetricThreshold]:
    return {"root_mean_squared_error": MetricThreshold(threshold=0.001, greater_is_better=False)}


@pytest.fixture(scope="module")
def candidate(champion: tuple[str, str], trips_table: str, experiment: str) -> tuple[str, str]:
    """A second version of the champion's model, not yet validated."""
    name, _ = champion
    return name, train(trips_table, name, experiment).version


def args(name: str, version: str, table: str, experiment: str, mode: str) -> list[str]:
    return [
        "--model-name", name, "--model-version", version, "--validation-table", table,
        "--experiment", experiment, "--run-mode", mode,
    ]


def test_thresholds_compare_with_the_champion_only_when_there_is_one() -> None:
    alone, versus = validation_thresholds(False), validation_thresholds(True)
    assert alone["root_mean_squared_error"].min_relative_change is None
    assert versus["root_mean_squared_error"].min_relative_change == 0.0


def test_a_passing_version_is_recorded_with_its_plots(champion: tuple[str, str]) -> None:
    name, version = champion
    tags = MlflowClient().get_model_version(name, version).tags
    assert tags[validation.TAG_STATUS] == "passed"
    assert tags[validation.TAG_MODE] == "enabled"
    assert float(tags["validation_root_mean_squared_error"]) < 8.0
    run = mlflow.get_run(tags[validation.TAG_RUN_ID])
    assert run.data.tags[validation.TAG_STATUS] == "passed"
    assert {"root_mean_squared_error", "r2_score"} <= set(run.data.metrics)
    plots = {a.path for a in MlflowClient().list_artifacts(run.info.run_id, "plots")}
    assert {"plots/residuals.png", "plots/feature_importance.png"} <= plots


def test_a_new_version_is_compared_with_the_champion(
    champion: tuple[str, str], candidate: tuple[str, str], trips_table: str, experiment: str
) -> None:
    name, version = candidate
    validate_model.main(args(name, version, trips_table, experiment, "enabled"))
    assert runtime.LOCAL_TASK_VALUES["passed"] == "true"
    client = MlflowClient()
    tags = client.get_model_version(name, version).tags
    assert tags[validation.TAG_BASELINE] == champion[1]
    assert str(client.get_model_version_by_alias(name, "challenger").version) == version
    nested = mlflow.search_runs(filter_string=f"tags.mlflow.parentRunId = '{tags[validation.TAG_RUN_ID]}'")
    assert list(nested["tags.model_version"]) == [champion[1]]


def test_dry_run_records_a_failure_without_failing(
    monkeypatch: pytest.MonkeyPatch, candidate: tuple[str, str], trips_table: str, experiment: str
) -> None:
    monkeypatch.setattr(validation, "validation_thresholds", impossible)
    name, version = candidate
    validate_model.main(args(name, version, trips_table, experiment, "dry_run"))
    assert runtime.LOCAL_TASK_VALUES["passed"] == "false"
    tags = MlflowClient().get_model_version(name, version).tags
    assert (tags[validation.TAG_STATUS], tags[validation.TAG_MODE]) == ("failed", "dry_run")
    assert "root_mean_squared_error" in tags[validation.TAG_MESSAGE]
    assert not promote(name, version).promoted


def test_enabled_mode_fails_the_task(
    monkeypatch: pytest.MonkeyPatch, candidate: tuple[str, str], trips_table: str, experiment: str
) -> None:
    monkeypatch.setattr(validation, "validation_thresholds", impossible)
    name, version = candidate
    with pytest.raises(SystemExit, match="failed validation"):
        validate_model.main(args(name, version, trips_table, experiment, "enabled"))
    assert MlflowClient().get_model_version(name, version).tags[validation.TAG_STATUS] == "failed"


def test_disabled_mode_skips_and_says_so(candidate: tuple[str, str], trips_table: str, experiment: str) -> None:
    name, version = candidate
    validate_model.main(args(name, version, trips_table, experiment, "disabled"))
    tags = MlflowClient().get_model_version(name, version).tags
    assert (tags[validation.TAG_STATUS], tags[validation.TAG_MODE]) == ("skipped", "disabled")
    assert not promote(name, version).promoted


def test_unknown_run_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="run mode"):
        validation.validate("m", "1", "t", "/e", run_mode="sometimes")
