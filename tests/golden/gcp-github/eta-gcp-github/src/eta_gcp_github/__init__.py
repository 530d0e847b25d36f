"""NYC taxi fare model: training, validation, deployment, batch inference and monitoring.

The modules hold the logic (see README.md beside this file); `jobs/` holds the thin entry points
that the Databricks jobs run.
"""

__version__ = "0.1.0"
