"""Entry point `write_features`: compute the feature table from the source table."""

from __future__ import annotations

import argparse

from ..feature_store import write_features


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="write_features", description=__doc__)
    parser.add_argument("--source-table", required=True, help="table of trips (catalog.schema.table)")
    parser.add_argument("--feature-table", required=True, help="feature table to write (catalog.schema.table)")
    args = parser.parse_args(argv)

    write_features(args.source_table, args.feature_table)


if __name__ == "__main__":
    main()
