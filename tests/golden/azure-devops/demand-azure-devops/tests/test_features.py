from __future__ import annotations

from datetime import datetime

from pyspark.sql import DataFrame, SparkSession

from demand_azure_devops.data import prepare_trips
from demand_azure_devops.features import (
    LOOKUP_FEATURES,
    add_lookup_features,
    point_in_time_lookup,
    zip_features,
)
from demand_azure_devops.sample_data import SCHEMA_DDL


def test_zip_features_by_pickup_zip_and_hour_of_dropoff(spark: SparkSession) -> None:
    trips = spark.createDataFrame(
        [
            (datetime(2016, 1, 4, 8, 0), datetime(2016, 1, 4, 8, 20), 2.0, 10.0, 10001, 10003),
            (datetime(2016, 1, 4, 8, 10), datetime(2016, 1, 4, 8, 40), 4.0, 20.0, 10001, 10036),
            (datetime(2016, 1, 4, 8, 30), datetime(2016, 1, 4, 9, 5), 1.0, 7.0, 10001, 10003),
            (datetime(2016, 1, 4, 8, 0), datetime(2016, 1, 4, 8, 15), 3.0, 12.0, 10036, 10001),
        ],
        SCHEMA_DDL,
    )
    rows = {(r["zip"], r["ts"]): r for r in zip_features(trips).collect()}
    assert set(rows) == {
        (10001, datetime(2016, 1, 4, 9)),
        (10001, datetime(2016, 1, 4, 10)),
        (10036, datetime(2016, 1, 4, 9)),
    }
    first = rows[(10001, datetime(2016, 1, 4, 9))]
    assert (first["trip_count"], first["mean_fare"], first["mean_distance"]) == (2.0, 15.0, 3.0)


def test_point_in_time_lookup_takes_the_latest_row_not_after_the_trip(spark: SparkSession) -> None:
    features = spark.createDataFrame(
        [
            (10001, datetime(2016, 1, 4, 8), 5.0, 10.0, 2.0),
            (10001, datetime(2016, 1, 4, 9), 7.0, 12.0, 2.5),
            (10001, datetime(2016, 1, 4, 11), 9.0, 14.0, 3.0),
        ],
        "zip INT, ts TIMESTAMP, trip_count DOUBLE, mean_fare DOUBLE, mean_distance DOUBLE",
    )
    trips = spark.createDataFrame(
        [
            (1, 10001, datetime(2016, 1, 4, 10, 30)),  # -> the 09:00 row
            (2, 10001, datetime(2016, 1, 4, 9, 0)),  # -> exactly 09:00
            (3, 10001, datetime(2016, 1, 4, 7, 0)),  # nothing yet
            (4, 10036, datetime(2016, 1, 4, 10, 0)),  # unknown zip
        ],
        "id INT, pickup_zip INT, tpep_pickup_datetime TIMESTAMP",
    )
    result = point_in_time_lookup(trips, features, "pickup_zip", "tpep_pickup_datetime", "pickup")
    counts = {r["id"]: r["pickup_trip_count"] for r in result.collect()}
    assert counts == {1: 7.0, 2: 7.0, 3: None, 4: None}
    assert set(result.columns) == {"id", "pickup_zip", "tpep_pickup_datetime", *[c for c in LOOKUP_FEATURES if c.startswith("pickup_")]}


def test_lookups_keep_every_trip(trips: DataFrame) -> None:
    prepared = prepare_trips(trips)
    with_features = add_lookup_features(prepared, zip_features(prepared))
    assert with_features.count() == prepared.count()
    assert set(LOOKUP_FEATURES) <= set(with_features.columns)
    assert with_features.where("pickup_trip_count IS NOT NULL").count() > 0.5 * prepared.count()
