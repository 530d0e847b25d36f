"""The training data: NYC taxi trips, cleaned and turned into model inputs.

Every function here is a pure DataFrame -> DataFrame transform (no reads, no writes), so training,
validation and batch inference prepare rows identically, and the tests check each one on a few
rows of local Spark.

To use your own data: change `LABEL`, `BASE_FEATURES` and the two transforms, and pass your table
to the jobs (`training_table` and `scoring_table` in databricks.yml).
"""

from __future__ import annotations

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F

LABEL = "fare_amount"
PICKUP_TIME = "tpep_pickup_datetime"
DROPOFF_TIME = "tpep_dropoff_datetime"
# The columns the model learns from, all of them doubles.
BASE_FEATURES = [
    "trip_distance",
    "trip_minutes",
    "pickup_hour",
    "pickup_weekday",
    "pickup_zip",
    "dropoff_zip",
]
# Columns that identify a trip for lookups and for monitoring, kept next to the predictions.
KEY_COLUMNS = [PICKUP_TIME, DROPOFF_TIME, "pickup_zip", "dropoff_zip"]

MAX_FARE = 250.0
MAX_TRIP_MINUTES = 180.0
HOLDOUT_PERCENT = 20


def clean_trips(trips: DataFrame, require_label: bool = True) -> DataFrame:
    """Drop trips no model should learn from or score: missing values, zero or absurd times and
    distances, and (with `require_label`) missing or absurd fares."""
    minutes = (F.unix_timestamp(DROPOFF_TIME) - F.unix_timestamp(PICKUP_TIME)) / 60.0
    valid = (F.col("trip_distance") > 0) & (minutes > 0) & (minutes <= MAX_TRIP_MINUTES)
    required = [*KEY_COLUMNS, "trip_distance"]
    if require_label:
        valid = valid & (F.col(LABEL) > 0) & (F.col(LABEL) <= MAX_FARE)
        required.append(LABEL)
    return trips.dropna(subset=required).where(valid)


def add_trip_features(trips: DataFrame) -> DataFrame:
    """Add the per-trip model inputs of `BASE_FEATURES`, keeping every original column."""
    minutes = (F.unix_timestamp(DROPOFF_TIME) - F.unix_timestamp(PICKUP_TIME)) / 60.0
    return (
        trips.withColumn("trip_minutes", minutes.cast("double"))
        .withColumn("pickup_hour", F.hour(PICKUP_TIME).cast("double"))
        # 1 = Sunday ... 7 = Saturday
        .withColumn("pickup_weekday", F.dayofweek(PICKUP_TIME).cast("double"))
        .withColumn("trip_distance", F.col("trip_distance").cast("double"))
    )


def feature_columns(features: list[str]) -> list[Column]:
    """The model's inputs as double columns, in the model's order.

    The zip codes stay integers in the table (they are lookup keys); the model sees doubles.
    """
    return [F.col(name).cast("double").alias(name) for name in features]


def prepare_trips(trips: DataFrame, require_label: bool = True) -> DataFrame:
    """Clean trips and add their features: what training, validation and scoring start from."""
    return add_trip_features(clean_trips(trips, require_label))


def split_holdout(df: DataFrame, holdout_percent: int = HOLDOUT_PERCENT) -> tuple[DataFrame, DataFrame]:
    """(training rows, holdout rows): a fixed split by a hash of each trip.

    The same trip always lands on the same side, so training never sees the rows validation
    evaluates on, in any run.
    """
    bucket = F.pmod(F.xxhash64(*KEY_COLUMNS, "trip_distance"), F.lit(100))
    return df.where(bucket >= holdout_percent), df.where(bucket < holdout_percent)
