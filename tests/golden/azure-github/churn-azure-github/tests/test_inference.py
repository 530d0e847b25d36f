from __future__ import annotations

from pyspark.sql import functions as F

from churn_azure_github import runtime
from churn_azure_github.inference import MODEL_VERSION, PREDICTION, SCORED_AT
from churn_azure_github.jobs import batch_inference


def test_batch_inference_appends_scored_rows(champion: tuple[str, str], trips_table: str) -> None:
    name, version = champion
    output = "local.tests.predictions"
    args = ["--model-name", name, "--input-table", trips_table, "--output-table", output]
    batch_inference.main(args)
    first = runtime.read_table(output)
    n_input = runtime.read_table(trips_table).count()
    assert first.count() == n_input
    assert {PREDICTION, MODEL_VERSION, SCORED_AT, "fare_amount"} <= set(first.columns)
    assert dict(first.dtypes)[SCORED_AT] == "timestamp"
    assert first.where(F.col(MODEL_VERSION) != version).count() == 0
    assert first.where(F.col(PREDICTION).isNull()).count() == 0
    error = first.select(F.sqrt(F.avg((F.col(PREDICTION) - F.col("fare_amount")) ** 2))).first()[0]
    assert error < 8.0

    batch_inference.main(args)
    both = runtime.read_table(output)
    assert both.count() == 2 * n_input
    assert both.select(SCORED_AT).distinct().count() == 2
