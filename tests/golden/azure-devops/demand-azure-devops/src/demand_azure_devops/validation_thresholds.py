"""The bar a new model version must clear before it may become the champion. Edit freely.

Each entry maps a metric of `mlflow.models.evaluate` (regressor metrics: `root_mean_squared_error`,
`mean_absolute_error`, `r2_score`, `max_error`, ...) to an MLflow `MetricThreshold`:

- `threshold`: an absolute bar (at most this error, at least this R²);
- `min_relative_change` / `min_absolute_change`: how much better than the current champion the
  version must be. They apply only when there is a champion to compare with. A
  `min_relative_change` of 0.0 means "at least as good as the champion".

Validation fails (and, in `enabled` mode, fails the job, so the version is never deployed) when
any metric misses its bar.
"""

from __future__ import annotations

from mlflow.models import MetricThreshold

# Fares are in US dollars.
MAX_ROOT_MEAN_SQUARED_ERROR = 8.0
MAX_MEAN_ABSOLUTE_ERROR = 4.0
MIN_R2_SCORE = 0.6


def validation_thresholds(compare_with_champion: bool) -> dict[str, MetricThreshold]:
    """Thresholds per metric; with `compare_with_champion`, also no worse than the champion."""
    versus_champion = {"min_relative_change": 0.0} if compare_with_champion else {}
    return {
        "root_mean_squared_error": MetricThreshold(
            threshold=MAX_ROOT_MEAN_SQUARED_ERROR, greater_is_better=False, **versus_champion
        ),
        "mean_absolute_error": MetricThreshold(threshold=MAX_MEAN_ABSOLUTE_ERROR, greater_is_better=False),
        "r2_score": MetricThreshold(threshold=MIN_R2_SCORE, greater_is_better=True),
    }
