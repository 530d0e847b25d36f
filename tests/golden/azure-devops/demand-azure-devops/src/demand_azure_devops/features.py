"""Feature transforms: pure DataFrame -> DataFrame functions, tested on local Spark.

The feature table describes each pickup zip code hour by hour: how many trips that started there
ended in that hour, their mean fare and their mean distance. Its key is (`zip`, `ts`), where `ts`
is the end of the hour: every trip counted there had ended, and its fare was known, by `ts`.

Training and scoring look these features up *as of* each trip's pickup time (a point-in-time
lookup: the latest row with `ts` at or before the pickup), for the trip's pickup zip and for its
dropoff zip. So a model never learns from fares that were not yet known when the trip began.

To add a feature: compute it in `zip_features()`, add its name to `FEATURE_NAMES`, and rerun the
feature job; the lookups pick it up.
"""

from __future__ import annotations

from pyspark.sql import DataFrame, Window
from pyspark.sql import functions as F

from .data import DROPOFF_TIME, LABEL, PICKUP_TIME

PRIMARY_KEYS = ["zip", "ts"]
TIMESERIES_KEY = "ts"
FEATURE_NAMES = ["trip_count", "mean_fare", "mean_distance"]
WINDOW = "1 hour"
# (column of the trips holding the zip code, prefix of the looked-up features)
LOOKUPS = [("pickup_zip", "pickup"), ("dropoff_zip", "dropoff")]
LOOKUP_FEATURES = [f"{prefix}_{name}" for _key, prefix in LOOKUPS for name in FEATURE_NAMES]


def zip_features(trips: DataFrame, window: str = WINDOW) -> DataFrame:
    """Per pickup zip and hour (by drop-off time): trip count, mean fare, mean distance."""
    hourly = trips.groupBy(F.col("pickup_zip").alias("zip"), F.window(DROPOFF_TIME, window).alias("w")).agg(
        F.count(F.lit(1)).cast("double").alias("trip_count"),
        F.avg(LABEL).alias("mean_fare"),
        F.avg("trip_distance").alias("mean_distance"),
    )
    return hourly.select(F.col("zip").cast("int"), F.col("w.end").alias(TIMESERIES_KEY), *FEATURE_NAMES)


def point_in_time_lookup(
    df: DataFrame,
    features: DataFrame,
    lookup_key: str,
    timestamp_key: str,
    prefix: str,
) -> DataFrame:
    """`df` with the features of the latest `features` row whose `zip` equals `df[lookup_key]`
    and whose `ts` is at or before `df[timestamp_key]`, named `<prefix>_<feature>` (null when
    there is none). Every row of `df` is kept, once.
    """
    row_id = "_lookup_row"
    left = df.withColumn(row_id, F.monotonically_increasing_id())
    right = features.select(
        F.col("zip").alias("_lookup_zip"),
        F.col(TIMESERIES_KEY).alias("_lookup_ts"),
        *[F.col(name).alias(f"{prefix}_{name}") for name in FEATURE_NAMES],
    )
    joined = left.join(
        right,
        (left[lookup_key] == right["_lookup_zip"]) & (right["_lookup_ts"] <= left[timestamp_key]),
        "left",
    )
    latest_first = Window.partitionBy(row_id).orderBy(F.col("_lookup_ts").desc_nulls_last())
    return (
        joined.withColumn("_lookup_rank", F.row_number().over(latest_first))
        .where(F.col("_lookup_rank") == 1)
        .drop(row_id, "_lookup_rank", "_lookup_zip", "_lookup_ts")
    )


def add_lookup_features(df: DataFrame, features: DataFrame) -> DataFrame:
    """`df` with every feature of `LOOKUP_FEATURES`, looked up as of the pickup time."""
    for lookup_key, prefix in LOOKUPS:
        df = point_in_time_lookup(df, features, lookup_key, PICKUP_TIME, prefix)
    return df
