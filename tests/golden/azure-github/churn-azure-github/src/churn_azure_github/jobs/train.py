"""Entry point `train`: train a model and register a new version in Unity Catalog.

Sets task values `model_version` and `model_uri` for validate_model and deploy_model.
"""

from __future__ import annotations

import argparse

from .. import runtime
from ..training import train


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="train", description=__doc__)
    parser.add_argument("--training-table", required=True, help="table to learn from (catalog.schema.table)")
    parser.add_argument("--model-name", required=True, help="registered model (catalog.schema.model)")
    parser.add_argument("--experiment", required=True, help="MLflow experiment path")
    parser.add_argument("--feature-table", help="feature table to look features up in (catalog.schema.table)")
    args = parser.parse_args(argv)

    result = train(args.training_table, args.model_name, args.experiment, args.feature_table)
    runtime.set_task_value("model_version", result.version)
    runtime.set_task_value("model_uri", result.model_uri)


if __name__ == "__main__":
    main()
