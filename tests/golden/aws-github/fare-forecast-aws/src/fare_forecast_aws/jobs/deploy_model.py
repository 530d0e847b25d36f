"""Entry point `deploy_model`: promote a validated version to `champion` and, given a serving
endpoint, make the endpoint serve it.

A version that did not pass validation in enabled mode is not promoted; the task says why and
succeeds.
"""

from __future__ import annotations

import argparse

from ..deployment import promote


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="deploy_model", description=__doc__)
    parser.add_argument("--model-name", required=True, help="registered model (catalog.schema.model)")
    parser.add_argument("--model-version", required=True, help="version to promote")
    parser.add_argument("--serving-endpoint", help="Model Serving endpoint to create or update")
    args = parser.parse_args(argv)

    result = promote(args.model_name, args.model_version)
    if result.promoted and args.serving_endpoint:
        from databricks.sdk import WorkspaceClient

        from ..serving import deploy_endpoint

        deploy_endpoint(WorkspaceClient(), args.serving_endpoint, args.model_name, args.model_version)


if __name__ == "__main__":
    main()
