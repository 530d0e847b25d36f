"""Entry point `batch_inference`: score a table with the champion model and append the predictions."""

from __future__ import annotations

import argparse

from ..inference import batch_inference


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="batch_inference", description=__doc__)
    parser.add_argument("--model-name", required=True, help="registered model (catalog.schema.model)")
    parser.add_argument("--input-table", required=True, help="table of rows to score (catalog.schema.table)")
    parser.add_argument("--output-table", required=True, help="table to append predictions to (catalog.schema.table)")
    parser.add_argument("--feature-table", help="feature table to look features up in (catalog.schema.table)")
    args = parser.parse_args(argv)

    batch_inference(args.model_name, args.input_table, args.output_table, args.feature_table)


if __name__ == "__main__":
    main()
