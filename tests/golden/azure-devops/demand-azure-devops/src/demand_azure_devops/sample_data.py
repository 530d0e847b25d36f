"""A local stand-in for `samples.nyctaxi.trips`: NYC yellow-taxi trips with the same schema.

On Databricks the jobs read the real table, which every Unity Catalog workspace has. Locally,
`runtime.read_table("samples.nyctaxi.trips")` writes this sample on first use. It is generated,
not downloaded, and the same seed always gives the same rows, so local runs are repeatable.

The fares follow the 2016 metered rate (a $2.50 flag drop, about $2.50 a mile and $0.50 a
minute in slow traffic, a night surcharge) and the $52 flat fare between JFK and Manhattan, plus
noise: enough structure for a model to learn, as in the real data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

SCHEMA_DDL = (
    "tpep_pickup_datetime TIMESTAMP, tpep_dropoff_datetime TIMESTAMP, trip_distance DOUBLE, "
    "fare_amount DOUBLE, pickup_zip INT, dropoff_zip INT"
)
JFK_ZIP = 11430
# Manhattan, Brooklyn and Queens zip codes, with how often trips start or end there.
ZIP_WEIGHTS = {
    10001: 9, 10003: 9, 10011: 8, 10016: 8, 10019: 9, 10022: 8, 10023: 7, 10024: 5, 10028: 6,
    10036: 9, 10065: 6, 10012: 6, 10013: 6, 10014: 5, 10021: 5, 10002: 4, 10009: 4, 10025: 4,
    11201: 3, 11211: 3, 11215: 2, 11101: 2, 11371: 2, JFK_ZIP: 3,
}
START = pd.Timestamp("2016-01-01")
DAYS = 59  # January and February 2016, as in the samples table


def generate_trips(rows: int = 4000, seed: int = 7) -> pd.DataFrame:
    """`rows` trips, the same ones for the same `seed`."""
    rng = np.random.default_rng(seed)
    zips = np.array(list(ZIP_WEIGHTS))
    weights = np.array(list(ZIP_WEIGHTS.values()), dtype=float)
    pickup_zip = rng.choice(zips, size=rows, p=weights / weights.sum())
    dropoff_zip = rng.choice(zips, size=rows, p=weights / weights.sum())

    seconds = rng.integers(0, DAYS * 24 * 3600, size=rows)
    pickup = START + pd.to_timedelta(np.sort(seconds), unit="s")
    hour = pickup.hour.to_numpy()
    rush = ((hour >= 7) & (hour <= 10)) | ((hour >= 16) & (hour <= 19))

    airport = (pickup_zip == JFK_ZIP) | (dropoff_zip == JFK_ZIP)
    distance = np.where(airport, rng.normal(16.5, 2.0, rows), rng.gamma(2.0, 1.4, rows))
    distance = np.round(np.clip(distance, 0.1, 40.0), 2)
    speed_mph = np.clip(rng.normal(np.where(rush, 8.0, 13.0), 2.5), 3.0, 35.0)
    minutes = np.clip(distance / speed_mph * 60 + rng.exponential(2.0, rows), 1.0, 180.0)
    dropoff = pickup + pd.to_timedelta(np.round(minutes * 60), unit="s")

    slow_minutes = np.clip(minutes - distance / 12.0 * 60, 0.0, None)
    night = (hour >= 20) | (hour < 6)
    metered = 2.5 + 2.5 * distance + 0.5 * slow_minutes + 0.5 * night + rng.normal(0.0, 1.0, rows)
    manhattan_jfk = airport & ((pickup_zip // 1000 == 10) | (dropoff_zip // 1000 == 10))
    fare = np.where(manhattan_jfk, 52.0, np.round(np.clip(metered, 2.5, None) * 2) / 2)

    return pd.DataFrame(
        {
            "tpep_pickup_datetime": pickup,
            "tpep_dropoff_datetime": dropoff,
            "trip_distance": distance.astype(float),
            "fare_amount": fare.astype(float),
            "pickup_zip": pickup_zip.astype("int32"),
            "dropoff_zip": dropoff_zip.astype("int32"),
        }
    )


def write_sample_trips(spark: SparkSession, path: str, rows: int = 4000) -> None:
    """Write the sample as parquet at `path` (the local stand-in for the samples table)."""
    df = spark.createDataFrame(generate_trips(rows), schema=SCHEMA_DDL)
    df.coalesce(1).write.mode("overwrite").parquet(path)
