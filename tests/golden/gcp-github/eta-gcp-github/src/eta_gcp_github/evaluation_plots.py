"""Pictures of a model's quality, logged with each validation: people look at these first.

- residuals: predicted against actual fares, and the errors against the predictions;
- feature importance: how much worse the model gets when one input is shuffled (permutation
  importance, which works for any model, including one that looks features up itself).

Figures are built with matplotlib's object API (no pyplot, no display needed) and logged with
`mlflow.log_figure`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from matplotlib.figure import Figure


def rmse(actual: np.ndarray, predicted: np.ndarray) -> float:
    """Root mean squared error."""
    return float(np.sqrt(np.mean((np.asarray(actual) - np.asarray(predicted)) ** 2)))


def permutation_importance(
    predict: Callable[[pd.DataFrame], np.ndarray],
    features: pd.DataFrame,
    label: pd.Series,
    repeats: int = 3,
    seed: int = 0,
) -> pd.Series:
    """Increase of RMSE when each feature's values are shuffled, largest first."""
    rng = np.random.default_rng(seed)
    base = rmse(label, predict(features))
    increase = {}
    for name in features.columns:
        scores = []
        for _ in range(repeats):
            shuffled = features.copy()
            shuffled[name] = rng.permutation(shuffled[name].to_numpy())
            scores.append(rmse(label, predict(shuffled)) - base)
        increase[name] = float(np.mean(scores))
    return pd.Series(increase, name="rmse_increase").sort_values(ascending=False)


def residuals_figure(actual: np.ndarray, predicted: np.ndarray, title: str) -> Figure:
    """Predicted against actual values, and residuals against predicted values."""
    actual, predicted = np.asarray(actual, dtype=float), np.asarray(predicted, dtype=float)
    fig = Figure(figsize=(11, 4.5), layout="constrained")
    left, right = fig.subplots(1, 2)
    left.scatter(actual, predicted, s=6, alpha=0.4)
    low, high = float(min(actual.min(), predicted.min())), float(max(actual.max(), predicted.max()))
    left.plot([low, high], [low, high], color="black", linewidth=1)
    left.set(xlabel="actual", ylabel="predicted", title="Predicted vs actual")
    right.scatter(predicted, actual - predicted, s=6, alpha=0.4)
    right.axhline(0.0, color="black", linewidth=1)
    right.set(xlabel="predicted", ylabel="actual - predicted", title="Residuals")
    fig.suptitle(title)
    return fig


def feature_importance_figure(importance: pd.Series, title: str) -> Figure:
    """Horizontal bars of permutation importance, most important on top."""
    ordered = importance.sort_values()
    fig = Figure(figsize=(7, 0.4 * len(ordered) + 1.5), layout="constrained")
    ax = fig.subplots()
    ax.barh(list(ordered.index), ordered.to_numpy())
    ax.set(xlabel="RMSE increase when shuffled", title=title)
    return fig
