"""Model Serving: point a real-time endpoint at the champion version.

`deploy_endpoint` is idempotent: it creates the endpoint the first time, updates its served model
when the champion changes, and does nothing when the endpoint already serves that version. The
deploy_model task calls it after promoting a version, so the endpoint appears with the first
champion (no endpoint has to exist, or can, before a model version does) and follows every
later one.
"""

from __future__ import annotations

from datetime import timedelta

from databricks.sdk import WorkspaceClient
from databricks.sdk.errors import NotFound
from databricks.sdk.service.serving import EndpointCoreConfigInput, ServedEntityInput

# Small, scaling to zero when idle: change these for production traffic.
WORKLOAD_SIZE = "Small"
SCALE_TO_ZERO = True
TIMEOUT = timedelta(minutes=40)


def served_entity(model_name: str, version: str) -> ServedEntityInput:
    """The served model: one version of a Unity Catalog model."""
    return ServedEntityInput(
        entity_name=model_name,
        entity_version=str(version),
        workload_size=WORKLOAD_SIZE,
        scale_to_zero_enabled=SCALE_TO_ZERO,
    )


def deploy_endpoint(
    workspace: WorkspaceClient,
    endpoint_name: str,
    model_name: str,
    version: str,
    wait: bool = True,
) -> str:
    """Make `endpoint_name` serve `model_name` version `version`. Returns "created", "updated" or
    "unchanged". With `wait`, returns once the endpoint is ready (failing if it does not become so)."""
    entity = served_entity(model_name, version)
    try:
        endpoint = workspace.serving_endpoints.get(endpoint_name)
    except NotFound:
        waiter = workspace.serving_endpoints.create(
            name=endpoint_name,
            config=EndpointCoreConfigInput(name=endpoint_name, served_entities=[entity]),
        )
        print(f"creating serving endpoint {endpoint_name} for {model_name} v{version}")
        if wait:
            waiter.result(timeout=TIMEOUT)
        return "created"

    served = (endpoint.config.served_entities or []) if endpoint.config else []
    if any(e.entity_name == model_name and e.entity_version == str(version) for e in served):
        print(f"serving endpoint {endpoint_name} already serves {model_name} v{version}")
        return "unchanged"
    if wait:
        # One configuration change at a time: let a running update finish first.
        workspace.serving_endpoints.wait_get_serving_endpoint_not_updating(endpoint_name, timeout=TIMEOUT)
    waiter = workspace.serving_endpoints.update_config(name=endpoint_name, served_entities=[entity])
    print(f"updating serving endpoint {endpoint_name} to {model_name} v{version}")
    if wait:
        waiter.result(timeout=TIMEOUT)
    return "updated"
