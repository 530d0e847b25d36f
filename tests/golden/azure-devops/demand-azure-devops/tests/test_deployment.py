from __future__ import annotations

import pytest
from mlflow.tracking import MlflowClient

from demand_azure_devops.deployment import promote, promotion_refusal
from demand_azure_devops.jobs import deploy_model


@pytest.mark.parametrize(
    ("tags", "refused"),
    [
        ({"validation_status": "passed", "validation_mode": "enabled"}, False),
        ({"validation_status": "passed", "validation_mode": "dry_run"}, True),
        ({"validation_status": "failed", "validation_mode": "enabled"}, True),
        ({"validation_status": "skipped", "validation_mode": "disabled"}, True),
        ({}, True),
    ],
)
def test_only_versions_validated_in_enabled_mode_are_promoted(tags: dict[str, str], refused: bool) -> None:
    assert (promotion_refusal(tags) is not None) == refused


def test_the_champion_alias_moves_to_the_deployed_version(champion: tuple[str, str]) -> None:
    name, version = champion
    client = MlflowClient()
    assert str(client.get_model_version_by_alias(name, "champion").version) == version
    # Deploying again changes nothing and still succeeds.
    deploy_model.main(["--model-name", name, "--model-version", version])
    result = promote(name, version)
    assert result.promoted and result.previous_champion == version
    assert str(client.get_registered_model(name).aliases.get("challenger")) != version
