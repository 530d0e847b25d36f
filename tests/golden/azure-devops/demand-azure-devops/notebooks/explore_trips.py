# Databricks notebook source
# MAGIC %md
# MAGIC # Explore the taxi trips
# MAGIC
# MAGIC A scratch pad for looking at the data and trying ideas; no job runs it. The pipeline's code
# MAGIC lives in the `demand_azure_devops` package (`src/demand_azure_devops`): import it here to try a
# MAGIC change on real data, then move what works into the package and its tests.
# MAGIC
# MAGIC On Databricks, attach the notebook to compute with the project installed (for example the
# MAGIC wheel that `databricks bundle deploy` builds). Locally it also runs as a plain Python script.

# COMMAND ----------

from pyspark.sql import functions as F

from demand_azure_devops import runtime
from demand_azure_devops.data import LABEL, prepare_trips, split_holdout

trips = runtime.read_table("samples.nyctaxi.trips")
print(f"{trips.count()} trips")
trips.printSchema()

# COMMAND ----------

# MAGIC %md
# MAGIC ## Fares against distance and time of day

# COMMAND ----------

prepared = prepare_trips(trips)
prepared.select(LABEL, "trip_distance", "trip_minutes").summary().show()
(
    prepared.groupBy("pickup_hour")
    .agg(F.count(F.lit(1)).alias("trips"), F.avg(LABEL).alias("mean_fare"), F.avg("trip_minutes").alias("mean_minutes"))
    .orderBy("pickup_hour")
    .show(24)
)

# COMMAND ----------

# MAGIC %md
# MAGIC ## The busiest pickup zip codes, and the holdout that validation evaluates on

# COMMAND ----------

prepared.groupBy("pickup_zip").agg(F.count(F.lit(1)).alias("trips"), F.avg(LABEL).alias("mean_fare")).orderBy(
    F.desc("trips")
).show(10)
training, holdout = split_holdout(prepared)
print(f"training rows: {training.count()}, holdout rows: {holdout.count()}")
