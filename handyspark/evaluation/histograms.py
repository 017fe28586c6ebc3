"""Histograms of predicted probabilities (per true class) and of per-row losses.

Both are computed on the driver from the per-score table: each distinct score
contributes its number of positives and negatives as weights, so the counts
equal ``numpy.histogram`` on the rows themselves. When scores were binned
(``numBins``), each bin stands at its lower edge in the probability histogram
and at its mean loss per class in the loss histogram: counts are then exact
only for edges that coincide with bin edges. With weights (``weightCol``) the
counts are summed weights (floats), as ``numpy.histogram(..., weights=w)``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..errors import ArgumentError
from .checks import is_weighted
from .loss import EPS, check_probabilities

__all__ = ["probability_histogram", "loss_histogram", "row_losses"]


def _edges(bins: int | Sequence[float], lo: float, hi: float) -> np.ndarray:
    if isinstance(bins, (int, np.integer)) and not isinstance(bins, bool):
        if bins < 1:
            raise ArgumentError(f"bins must be a positive integer or a sequence of edges, got {bins!r}")
        if lo == hi:
            lo, hi = lo - 0.5, hi + 0.5  # as numpy does for a single value
        return np.linspace(lo, hi, int(bins) + 1)
    try:
        edges = np.asarray(bins, dtype=np.float64)
    except (TypeError, ValueError):
        raise ArgumentError(f"bins must be a positive integer or a sequence of edges, got {bins!r}") from None
    if edges.ndim != 1 or len(edges) < 2 or np.any(np.diff(edges) <= 0):
        raise ArgumentError(f"bin edges must be an increasing sequence of at least 2 numbers, got {bins!r}")
    return edges


def _hist(values: np.ndarray, weights: np.ndarray, edges: np.ndarray, weighted: bool = False) -> np.ndarray:
    counts, _ = np.histogram(values, bins=edges, weights=weights)
    return counts if weighted else np.rint(counts).astype(np.int64)


def probability_histogram(
    table: pd.DataFrame, bins: int | Sequence[float] = 20, threshold: float = 0.5
) -> pd.DataFrame:
    """Predicted probabilities binned per true class, with the misclassified counts at ``threshold``.

    Bins are ``bins`` equal-width bins over [0, 1] (or explicit edges), closed
    on the left, the last one closed on both sides, as ``numpy.histogram``.

    Returns
    -------
    pandas.DataFrame
        ``left, right, negative, positive, negative_misclassified, positive_misclassified``:
        negatives with score >= threshold and positives with score < threshold are misclassified.

    Examples
    --------
    >>> t = pd.DataFrame({"threshold": [.9, .3], "pos": [2, 1], "neg": [1, 3],
    ...                   "smin": [.9, .3], "smax": [.9, .3]})
    >>> probability_histogram(t, bins=2).to_dict("list")["positive_misclassified"]
    [1, 0]
    """
    check_probabilities(table, "probability_histogram")
    edges = _edges(bins, 0.0, 1.0)
    scores = table["threshold"].to_numpy(np.float64)
    pos, neg = table["pos"].to_numpy(np.float64), table["neg"].to_numpy(np.float64)
    positive = scores >= float(threshold)
    w = is_weighted(table)
    return pd.DataFrame({
        "left": edges[:-1],
        "right": edges[1:],
        "negative": _hist(scores, neg, edges, w),
        "positive": _hist(scores, pos, edges, w),
        "negative_misclassified": _hist(scores, np.where(positive, neg, 0.0), edges, w),
        "positive_misclassified": _hist(scores, np.where(positive, 0.0, pos), edges, w),
    })


def row_losses(table: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The loss of a positive and of a negative case at each score of the table.

    For an exact score ``p`` these are ``-log(clip(p))`` and ``-log(clip(1 - p))``
    (computed as scikit-learn does); for a bin, the mean loss of its cases.
    """
    p = table["threshold"].to_numpy(np.float64)
    exact = (table["smin"] == table["smax"]).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_pos = table["loss_pos"].to_numpy(np.float64) / table["pos"].to_numpy(np.float64)
        mean_neg = table["loss_neg"].to_numpy(np.float64) / table["neg"].to_numpy(np.float64)
    loss_pos = np.where(exact, -np.log(np.clip(p, EPS, 1 - EPS)), mean_pos)
    loss_neg = np.where(exact, -np.log(np.clip(1 - p, EPS, 1 - EPS)), mean_neg)
    return loss_pos, loss_neg


def loss_histogram(table: pd.DataFrame, bins: int | Sequence[float] = 20) -> pd.DataFrame:
    """Per-row log losses binned (by default equal-width bins between the smallest and largest loss).

    Returns
    -------
    pandas.DataFrame
        ``left, right, negative, positive, count``: the rows of each true class
        whose loss falls in the bin, and their total.

    Examples
    --------
    >>> t = pd.DataFrame({"threshold": [.9, .3], "pos": [2, 1], "neg": [1, 3],
    ...                   "loss_pos": [0., 0.], "loss_neg": [0., 0.], "smin": [.9, .3], "smax": [.9, .3]})
    >>> loss_histogram(t, bins=2)["count"].tolist()
    [5, 2]
    """
    check_probabilities(table, "loss_histogram")
    loss_pos, loss_neg = row_losses(table)
    pos, neg = table["pos"].to_numpy(np.float64), table["neg"].to_numpy(np.float64)
    present = np.concatenate([loss_pos[pos > 0], loss_neg[neg > 0]])
    if not present.size:
        raise ArgumentError("loss_histogram needs rows of positive weight: there are no rows, or their weights sum to 0")
    edges = _edges(bins, float(present.min()), float(present.max()))
    values = np.concatenate([loss_pos, loss_neg])
    weights_neg = np.concatenate([np.zeros_like(pos), neg])
    weights_pos = np.concatenate([pos, np.zeros_like(neg)])
    values = np.nan_to_num(values, nan=0.0)  # NaN only where the weight is 0
    w = is_weighted(table)
    negative, positive = _hist(values, weights_neg, edges, w), _hist(values, weights_pos, edges, w)
    return pd.DataFrame({
        "left": edges[:-1], "right": edges[1:], "negative": negative, "positive": positive,
        "count": negative + positive,
    })
