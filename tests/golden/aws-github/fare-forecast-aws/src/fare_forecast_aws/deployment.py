"""Deployment: make a validated model version the `champion`.

Only a version whose tags say it passed validation in `enabled` mode is promoted. Anything else
(failed, validated in `dry_run`, validation `disabled`, never validated) is left where it is,
with a message that says why, and the task still succeeds: declining to deploy is not an error.
"""

from __future__ import annotations

from dataclasses import dataclass

from mlflow.tracking import MlflowClient

from . import runtime
from .validation import CHALLENGER, CHAMPION, PASSED, TAG_MODE, TAG_STATUS


@dataclass(frozen=True)
class DeploymentResult:
    """Whether the version became the champion, and why (not)."""

    model_name: str
    version: str
    promoted: bool
    reason: str
    previous_champion: str | None = None


def promotion_refusal(tags: dict[str, str]) -> str | None:
    """Why a version with these tags may not become champion, or None if it may."""
    status, mode = tags.get(TAG_STATUS), tags.get(TAG_MODE)
    if status is None:
        return "it has no validation result (run validate_model first)"
    if status != PASSED:
        return f"its validation {status} (mode {mode})"
    if mode != "enabled":
        return f"it was validated in {mode} mode; only versions validated in enabled mode are promoted"
    return None


def promote(model_name: str, version: str) -> DeploymentResult:
    """Move the `champion` alias to `version` if its validation allows it."""
    runtime.configure_mlflow()
    client = MlflowClient()
    model_version = client.get_model_version(model_name, str(version))
    refusal = promotion_refusal(dict(model_version.tags))
    if refusal:
        message = f"{model_name} v{version} is not promoted: {refusal}"
        print(message)
        return DeploymentResult(model_name, str(version), False, message)

    aliases = client.get_registered_model(model_name).aliases or {}
    # Registries report alias versions as numbers or strings.
    previous = str(aliases[CHAMPION]) if CHAMPION in aliases else None
    client.set_registered_model_alias(model_name, CHAMPION, str(version))
    if str(aliases.get(CHALLENGER)) == str(version):
        client.delete_registered_model_alias(model_name, CHALLENGER)
    message = f"{model_name} v{version} is now the {CHAMPION}" + (f" (was v{previous})" if previous else "")
    print(message)
    return DeploymentResult(model_name, str(version), True, message, previous)
