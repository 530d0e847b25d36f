"""Entry point `validate_model`: evaluate a model version against the thresholds and the champion.

Sets task value `passed` ("true" or "false"). In `enabled` mode a version that misses a threshold
fails the task, so the job stops before deployment.
"""

from __future__ import annotations

import argparse

from .. import runtime
from ..validation import FAILED, RUN_MODES, validate


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="validate_model", description=__doc__)
    parser.add_argument("--model-name", required=True, help="registered model (catalog.schema.model)")
    parser.add_argument("--model-version", required=True, help="version to validate")
    parser.add_argument("--validation-table", required=True, help="table to evaluate on (catalog.schema.table)")
    parser.add_argument("--experiment", required=True, help="MLflow experiment path")
    parser.add_argument("--run-mode", choices=RUN_MODES, default="enabled", help="enabled, dry_run or disabled")
    parser.add_argument("--feature-table", help="feature table to look features up in (catalog.schema.table)")
    args = parser.parse_args(argv)

    result = validate(
        args.model_name,
        args.model_version,
        args.validation_table,
        args.experiment,
        args.run_mode,
        args.feature_table,
    )
    runtime.set_task_value("passed", "true" if result.passed else "false")
    if result.status == FAILED and args.run_mode == "enabled":
        raise SystemExit(f"{args.model_name} v{args.model_version} failed validation: {result.message}")


if __name__ == "__main__":
    main()
