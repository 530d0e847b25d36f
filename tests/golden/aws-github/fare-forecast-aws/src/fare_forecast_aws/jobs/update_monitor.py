"""Entry point `update_monitor`: create or refresh the quality monitor of the inference table.

Does nothing, successfully, while the table does not exist yet (before the first batch inference).
"""

from __future__ import annotations

import argparse

from databricks.sdk import WorkspaceClient

from ..monitoring import update_monitor


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="update_monitor", description=__doc__)
    parser.add_argument("--inference-table", required=True, help="monitored table (catalog.schema.table)")
    parser.add_argument("--output-schema", required=True, help="schema for the metric tables (catalog.schema)")
    parser.add_argument("--assets-dir", required=True, help="workspace folder for the monitor's dashboard")
    args = parser.parse_args(argv)

    update_monitor(WorkspaceClient(), args.inference_table, args.output_schema, args.assets_dir)


if __name__ == "__main__":
    main()
