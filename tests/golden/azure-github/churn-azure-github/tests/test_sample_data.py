from __future__ import annotations

import pandas as pd

from churn_azure_github.sample_data import JFK_ZIP, generate_trips


def test_same_seed_same_trips() -> None:
    pd.testing.assert_frame_equal(generate_trips(200, seed=3), generate_trips(200, seed=3))
    assert not generate_trips(200, seed=3).equals(generate_trips(200, seed=4))


def test_trips_look_like_the_samples_table() -> None:
    trips = generate_trips(1000)
    assert list(trips.columns) == [
        "tpep_pickup_datetime", "tpep_dropoff_datetime", "trip_distance", "fare_amount", "pickup_zip", "dropoff_zip",
    ]
    assert (trips["tpep_dropoff_datetime"] > trips["tpep_pickup_datetime"]).all()
    assert trips["tpep_pickup_datetime"].min() >= pd.Timestamp("2016-01-01")
    assert (trips["trip_distance"] > 0).all() and (trips["fare_amount"] >= 2.5).all()
    # Longer trips cost more, and JFK to Manhattan is the flat fare.
    assert trips["fare_amount"].corr(trips["trip_distance"]) > 0.8
    flat = trips[(trips["pickup_zip"] == JFK_ZIP) & (trips["dropoff_zip"] // 1000 == 10)]
    assert len(flat) > 0 and (flat["fare_amount"] == 52.0).all()
