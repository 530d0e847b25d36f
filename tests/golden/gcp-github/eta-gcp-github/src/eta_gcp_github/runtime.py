"""Where the code runs: Databricks or your laptop.

This is the one module that knows the difference. Everything else reads and writes tables, logs
to MLflow and hands values to the next task through the functions below, and runs unchanged in
both places:

| | on Databricks | locally |
| --- | --- | --- |
| Spark | the cluster's (or serverless) session | a local session (`local[*]`) |
| tables | Unity Catalog tables (`catalog.schema.table`) | parquet folders under the work directory |
| `samples.nyctaxi.trips` | the samples catalog | a generated sample with the same schema |
| MLflow | the workspace, models in Unity Catalog | `sqlite:///<workdir>/mlflow.db` |
| task values | `dbutils.jobs.taskValues` | a dictionary that `local_run.py` reads |

Databricks runtimes (classic and serverless) set `DATABRICKS_RUNTIME_VERSION`; that is how the
module tells them apart. Locally, the work directory comes from `use_local_workdir()` (which
`local_run.py` and the tests call) or the `MLOPS_LOCAL_WORKDIR` environment variable.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

WORKDIR_ENV = "MLOPS_LOCAL_WORKDIR"
DEFAULT_LOCAL_WORKDIR = "local-run"
SAMPLE_TRIPS_TABLE = "samples.nyctaxi.trips"

LOCAL_LOG_CONFIG = """\
rootLogger.level = error
rootLogger.appenderRef.stderr.ref = stderr
appender.console.type = Console
appender.console.name = stderr
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
"""

# Task values set while running locally, in the order they were set (local_run.py reads them).
LOCAL_TASK_VALUES: dict[str, str] = {}


def on_databricks() -> bool:
    """True inside a Databricks runtime (a job task, a notebook, serverless or classic)."""
    return "DATABRICKS_RUNTIME_VERSION" in os.environ


# --- local work directory -------------------------------------------------------------------


def use_local_workdir(path: str | os.PathLike[str]) -> Path:
    """Keep local tables, MLflow runs and models under `path` (created when missing)."""
    workdir = Path(path).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    os.environ[WORKDIR_ENV] = str(workdir)
    return workdir


def local_workdir() -> Path:
    """The local work directory: the one chosen last, else `./local-run`."""
    return Path(os.environ.get(WORKDIR_ENV) or DEFAULT_LOCAL_WORKDIR).resolve()


def local_table_path(name: str) -> Path:
    """Folder of the parquet files that stand for table `catalog.schema.table` locally."""
    parts = name.split(".")
    if len(parts) != 3 or not all(parts):
        raise ValueError(f"expected a full table name catalog.schema.table, got {name!r}")
    return local_workdir().joinpath("tables", *parts)


# --- Spark ----------------------------------------------------------------------------------


def get_spark() -> SparkSession:
    """The Spark session: Databricks' own, or a small local one started on first use."""
    from pyspark.sql import SparkSession

    if on_databricks():
        return SparkSession.builder.getOrCreate()
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    # Spark's Python workers (which score with the model) must run this very interpreter.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    workdir = local_workdir()
    workdir.mkdir(parents=True, exist_ok=True)
    # Spark logs errors only: its start-up warnings say nothing about this project.
    log_config = workdir / "log4j2.properties"
    log_config.write_text(LOCAL_LOG_CONFIG)
    return (
        SparkSession.builder.master("local[*]")
        .config("spark.driver.extraJavaOptions", f"-Dlog4j.configurationFile={log_config.as_uri()}")
        .appName("local-run")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "4")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.warehouse.dir", str(workdir / "spark-warehouse"))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )


# --- tables ---------------------------------------------------------------------------------


def read_table(name: str) -> DataFrame:
    """Read table `name` (`catalog.schema.table`)."""
    spark = get_spark()
    if on_databricks():
        return spark.read.table(name)
    path = local_table_path(name)
    if name == SAMPLE_TRIPS_TABLE and not path.exists():
        from .sample_data import write_sample_trips

        write_sample_trips(spark, str(path))
    return spark.read.parquet(str(path))


def table_exists(name: str) -> bool:
    """Whether table `name` exists."""
    if on_databricks():
        return get_spark().catalog.tableExists(name)
    return local_table_path(name).exists()


def append_to_table(df: DataFrame, name: str) -> None:
    """Append the rows of `df` to table `name`, creating it on first use."""
    if on_databricks():
        df.write.mode("append").option("mergeSchema", "true").saveAsTable(name)
    else:
        df.write.mode("append").parquet(str(local_table_path(name)))


# --- task values ----------------------------------------------------------------------------


def set_task_value(key: str, value: str) -> None:
    """Hand `value` to later tasks of the job run, which read it as `tasks.<task>.values.<key>`."""
    print(f"task value {key} = {value}")
    if on_databricks():
        _dbutils().jobs.taskValues.set(key=key, value=value)
    else:
        LOCAL_TASK_VALUES[key] = value


def _dbutils():  # -> DBUtils, whose type only Databricks runtimes can import
    """Databricks utilities, looked up only on Databricks."""
    try:
        from databricks.sdk.runtime import dbutils
    except ImportError:  # older runtimes
        from pyspark.dbutils import DBUtils

        return DBUtils(get_spark())
    return dbutils


# --- MLflow ---------------------------------------------------------------------------------


def configure_mlflow() -> None:
    """Point MLflow at the workspace and Unity Catalog, or at the local sqlite store."""
    import mlflow

    if on_databricks():
        mlflow.set_tracking_uri("databricks")
        mlflow.set_registry_uri("databricks-uc")
        return
    uri = local_mlflow_uri()
    mlflow.set_tracking_uri(uri)
    mlflow.set_registry_uri(uri)
    # Locally, the models loaded are the ones you just trained yourself. MLflow refuses to
    # deserialize models outside Databricks unless this is set; never set it for models whose
    # origin you do not trust.
    os.environ.setdefault("MLFLOW_ALLOW_PICKLE_DESERIALIZATION", "true")


def local_mlflow_uri() -> str:
    """Tracking and registry URI of local runs: a sqlite file in the work directory."""
    return f"sqlite:///{local_workdir() / 'mlflow.db'}"


def set_experiment(name: str) -> str:
    """Use experiment `name` (created when missing) and return its id.

    Locally the experiment keeps its artifacts (models, plots) under the work directory, not in
    the current directory.
    """
    import mlflow

    if not on_databricks() and mlflow.get_experiment_by_name(name) is None:
        artifacts = (local_workdir() / "mlartifacts").as_uri()
        mlflow.create_experiment(name, artifact_location=artifacts)
    return mlflow.set_experiment(name).experiment_id
