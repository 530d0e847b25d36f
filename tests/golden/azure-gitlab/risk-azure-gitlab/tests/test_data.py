from __future__ import annotations

from datetime import datetime

from pyspark.sql import DataFrame, SparkSession

from risk_azure_gitlab.data import (
    BASE_FEATURES,
    add_trip_features,
    clean_trips,
    feature_columns,
    prepare_trips,
    split_holdout,
)
from risk_azure_gitlab.sample_data import SCHEMA_DDL


def trips_of(spark: SparkSession, rows: list[tuple]) -> DataFrame:
    return spark.createDataFrame(rows, SCHEMA_DDL)


def test_clean_trips_drops_unusable_rows(spark: SparkSession) -> None:
    t = datetime(2016, 1, 4, 8, 0)
    later = datetime(2016, 1, 4, 8, 12)
    trips = trips_of(
        spark,
        [
            (t, later, 2.0, 11.5, 10001, 10003),  # fine
            (t, later, 0.0, 11.5, 10001, 10003),  # no distance
            (t, t, 2.0, 11.5, 10001, 10003),  # no time
            (t, later, 2.0, -3.0, 10001, 10003),  # negative fare
            (t, later, 2.0, None, 10001, 10003),  # no fare
            (t, later, 2.0, 11.5, None, 10003),  # no pickup zip
        ],
    )
    assert clean_trips(trips).count() == 1
    # Rows to score need no fare.
    assert clean_trips(trips, require_label=False).count() == 3


def test_trip_features(spark: SparkSession) -> None:
    trips = trips_of(spark, [(datetime(2016, 1, 2, 22, 30), datetime(2016, 1, 2, 22, 45), 3.0, 14.0, 10001, 10036)])
    row = add_trip_features(trips).first()
    assert row["trip_minutes"] == 15.0
    assert row["pickup_hour"] == 22.0
    assert row["pickup_weekday"] == 7.0  # a Saturday
    assert set(BASE_FEATURES) <= set(add_trip_features(trips).columns)


def test_feature_columns_are_doubles(trips: DataFrame) -> None:
    selected = prepare_trips(trips).select(*feature_columns(BASE_FEATURES))
    assert selected.columns == BASE_FEATURES
    assert {t for _, t in selected.dtypes} == {"double"}


def test_holdout_is_fixed_and_disjoint(trips: DataFrame) -> None:
    prepared = prepare_trips(trips)
    training, holdout = split_holdout(prepared)
    total, n_holdout = prepared.count(), holdout.count()
    assert training.count() + n_holdout == total
    assert 0.1 * total < n_holdout < 0.3 * total
    assert training.join(holdout, on=list(prepared.columns)).count() == 0
    assert split_holdout(prepared)[1].exceptAll(holdout).count() == 0
