"""Entry point `check_monitor`: decide from the monitor's latest metrics whether to retrain.

Sets task value `retrain` ("true" or "false"), which the retraining job's condition reads.
"""

from __future__ import annotations

import argparse

from .. import runtime
from ..monitoring import check_monitor


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="check_monitor", description=__doc__)
    parser.add_argument("--inference-table", required=True, help="monitored table (catalog.schema.table); its table name names the metric tables")
    parser.add_argument("--output-schema", required=True, help="schema of the metric tables (catalog.schema)")
    parser.add_argument("--metric", required=True, help="profile metric to check, e.g. root_mean_squared_error")
    parser.add_argument("--threshold", required=True, type=float, help="value beyond which to retrain")
    args = parser.parse_args(argv)

    result = check_monitor(args.inference_table, args.output_schema, args.metric, args.threshold)
    runtime.set_task_value("retrain", "true" if result.retrain else "false")


if __name__ == "__main__":
    main()
