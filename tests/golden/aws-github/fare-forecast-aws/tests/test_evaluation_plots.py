from __future__ import annotations

import numpy as np
import pandas as pd

from fare_forecast_aws.evaluation_plots import (
    feature_importance_figure,
    permutation_importance,
    residuals_figure,
    rmse,
)


def test_permutation_importance_ranks_what_the_model_uses() -> None:
    rng = np.random.default_rng(0)
    x = pd.DataFrame({"used": rng.normal(size=300), "ignored": rng.normal(size=300)})
    y = pd.Series(3 * x["used"])
    importance = permutation_importance(lambda frame: 3 * frame["used"].to_numpy(), x, y)
    assert list(importance.index) == ["used", "ignored"]
    assert importance["used"] > 1.0 and importance["ignored"] == 0.0


def test_figures() -> None:
    actual = np.array([10.0, 12.0, 30.0])
    predicted = np.array([11.0, 12.0, 27.0])
    assert rmse(actual, predicted) == np.sqrt((1 + 0 + 9) / 3)
    assert len(residuals_figure(actual, predicted, "m v1").axes) == 2
    bars = feature_importance_figure(pd.Series({"a": 2.0, "b": 0.5}), "importance")
    assert [t.get_text() for t in bars.axes[0].get_yticklabels()] == ["b", "a"]
