"""Calibration: the reliability curve, the Brier score and the calibration errors, from the per-score table.

Everything here is a pure function of the per-score table (one row per
distinct score, see :func:`~handyspark.evaluation.table.collect_table`): no
Spark job, and the same numbers as scikit-learn on the rows.

* :func:`calibration_curve` bins the predicted probabilities as
  ``sklearn.calibration.calibration_curve`` does: ``uniform`` edges are
  ``numpy.linspace(0, 1, n_bins + 1)``; ``quantile`` edges are
  ``numpy.percentile(p, numpy.linspace(0, 1, n_bins + 1) * 100)`` (linear
  interpolation, computed from the distinct scores and their counts with
  numpy's own arithmetic, so the edges are the same doubles). A score goes to
  bin ``numpy.searchsorted(edges[1:-1], p)``: a score equal to an inner edge
  belongs to the bin below it. Per non-empty bin, ``prob_pred`` is the mean
  score and ``prob_true`` the share of positives; empty bins are left out.
* :func:`brier_score` is ``mean((p - y) ** 2)``, scikit-learn's ``brier_score_loss``.
* :func:`calibration_errors`: the expected calibration error
  ``ECE = sum_b (n_b / n) * |prob_true_b - prob_pred_b|`` and the maximum
  calibration error ``MCE = max_b |prob_true_b - prob_pred_b|`` over the
  non-empty bins of :func:`calibration_curve` (same arguments).

All of them need probabilities in [0, 1] (else
:class:`~handyspark.errors.ArgumentError`). One class only is fine
(``prob_true`` is then 0 or 1 in every bin), so are constant scores (one bin).

With ``numBins`` the table holds bins of scores, not scores. The Brier score
stays exact: Spark sums the scores, their squares and the positives' scores of
every bin (``sum_score``, ``sum_score2``, ``sum_score_pos``). The ``uniform``
curve (and its errors) stays exact when every score bin lies inside one
calibration bin, and raises :class:`~handyspark.errors.ArgumentError` when one
straddles a calibration edge. The ``quantile`` curve needs the order statistics
of the scores: it raises unless every score bin holds a single distinct score.

Weights (``weightCol``): the Brier score is the weighted mean, as
``brier_score_loss(..., sample_weight=w)``. scikit-learn's ``calibration_curve``
takes no weights; here each bin's ``count`` and ``positives`` are summed weights,
``prob_pred`` the weighted mean score and ``prob_true`` the weighted share of
positives (with integer weights, the curve of the rows repeated that many
times), and bins of weight 0 are left out; ECE weighs the bins by their weight.
The ``quantile`` strategy raises with weights (weighted quantiles have no
standard definition): use ``'uniform'``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._validation import check_positive_int
from ..errors import ArgumentError
from .checks import is_weighted
from .loss import check_probabilities, total_weight

__all__ = ["STRATEGIES", "score_sums", "percentiles", "calibration_curve", "calibration_errors", "brier_score"]

#: How :func:`calibration_curve` places its bin edges.
STRATEGIES = ("uniform", "quantile")


def _exact(table: pd.DataFrame) -> np.ndarray:
    """Where a row of the table holds one distinct score (always, without ``numBins``)."""
    return (table["smin"].to_numpy(np.float64) == table["smax"].to_numpy(np.float64))


def _rows(table: pd.DataFrame) -> tuple[np.ndarray, float]:
    """The rows of each score (summed weights with weights) and their total."""
    if is_weighted(table):
        return table["pos"].to_numpy(np.float64) + table["neg"].to_numpy(np.float64), total_weight(table, "calibration")
    counts = table["pos"].to_numpy(np.int64) + table["neg"].to_numpy(np.int64)
    n = int(counts.sum())
    if n == 0:
        raise ArgumentError("the predictions DataFrame has no rows: there is nothing to evaluate")
    return counts, n


def score_sums(table: pd.DataFrame) -> pd.DataFrame:
    """Per row of the table: ``sum_score``, ``sum_score2`` and ``sum_score_pos`` (scores, squares, positives' scores).

    Read from the table when Spark summed them (:func:`~handyspark.evaluation.table.collect_table`
    does); otherwise derived from the score of rows holding one distinct score.

    Examples
    --------
    >>> t = pd.DataFrame({"threshold": [.9, .2], "pos": [2, 0], "neg": [1, 1], "smin": [.9, .2], "smax": [.9, .2]})
    >>> score_sums(t)["sum_score"].tolist()
    [2.7, 0.2]
    """
    names = ["sum_score", "sum_score2", "sum_score_pos"]
    if all(name in table.columns for name in names):
        return table[names].astype(np.float64).reset_index(drop=True)
    if not _exact(table).all():
        raise ArgumentError("the per-score table has bins of scores but no score sums: collect it with collect_table")
    s = table["smin"].to_numpy(np.float64)
    counts, _ = _rows(table)
    return pd.DataFrame({"sum_score": s * counts, "sum_score2": s * s * counts,
                         "sum_score_pos": s * table["pos"].to_numpy(np.float64)})


def _check_strategy(n_bins: int, strategy: str) -> None:
    check_positive_int(n_bins, "n_bins")
    if strategy not in STRATEGIES:
        raise ArgumentError(f"strategy must be one of {list(STRATEGIES)}, got {strategy!r}")


def percentiles(table: pd.DataFrame, q: np.ndarray) -> np.ndarray:
    """``numpy.percentile(p, q)`` (method ``linear``) of the rows' scores, from the distinct scores and their counts.

    numpy's own steps, on the order statistics found by counting: the virtual
    index ``(n - 1) * (q / 100)``, its floor and the next index (clipped to the
    last row), and numpy's two-sided interpolation.
    Needs one distinct score per row of the table.

    Examples
    --------
    >>> t = pd.DataFrame({"threshold": [.9, .2], "pos": [1, 0], "neg": [0, 3], "smin": [.9, .2], "smax": [.9, .2]})
    >>> percentiles(t, np.array([0., 50., 100.])).tolist()
    [0.2, 0.2, 0.9]
    """
    if not _exact(table).all():
        raise ArgumentError(
            "quantile bins need the scores themselves: with numBins the scores are binned "
            "(use strategy='uniform', or no numBins)"
        )
    if is_weighted(table):
        raise ArgumentError(
            "quantile bins are not defined with weights (weightCol): use strategy='uniform'"
        )
    counts, n = _rows(table)
    order = np.argsort(table["smin"].to_numpy(np.float64), kind="stable")  # ascending scores
    scores, ends = table["smin"].to_numpy(np.float64)[order], np.cumsum(counts[order])

    def value(index: np.ndarray) -> np.ndarray:
        return scores[np.searchsorted(ends, index, side="right")]  # the score of 0-based row ``index``

    quantiles = np.true_divide(np.asarray(q, dtype=np.float64), 100)
    virtual = (n - 1) * quantiles
    previous = np.floor(virtual)
    following = previous + 1
    above, below = virtual >= n - 1, virtual < 0
    previous[above], following[above] = n - 1, n - 1
    previous[below], following[below] = 0, 0
    gamma = virtual - np.floor(virtual)
    a, b = value(previous.astype(np.int64)), value(following.astype(np.int64))
    diff = b - a
    return np.where(gamma >= 0.5, b - diff * (1 - gamma), a + diff * gamma)


def calibration_curve(table: pd.DataFrame, n_bins: int = 5, strategy: str = "uniform") -> pd.DataFrame:
    """The reliability curve, as ``sklearn.calibration.calibration_curve(y, p, n_bins=, strategy=)``.

    Parameters
    ----------
    table : pandas.DataFrame
        The per-score table.
    n_bins : int
        Number of bins (empty ones are left out, as scikit-learn does).
    strategy : {'uniform', 'quantile'}
        Equal-width bins over [0, 1], or bins holding about as many rows each.

    Returns
    -------
    pandas.DataFrame
        One row per non-empty bin: ``bin`` (its 0-based position among the
        ``n_bins``), ``lower``, ``upper`` (its edges), ``count``, ``positives``,
        ``prob_pred`` (mean score) and ``prob_true`` (share of positives).

    Examples
    --------
    >>> t = pd.DataFrame({"threshold": [.9, .2], "pos": [2, 1], "neg": [1, 3], "smin": [.9, .2], "smax": [.9, .2]})
    >>> calibration_curve(t, n_bins=2)[["count", "prob_pred", "prob_true"]].to_dict("list")
    {'count': [4, 3], 'prob_pred': [0.2, 0.9], 'prob_true': [0.25, 0.6666666666666666]}
    """
    _check_strategy(n_bins, strategy)
    check_probabilities(table, "calibration_curve")
    counts, _ = _rows(table)
    if strategy == "quantile":
        edges = percentiles(table, np.linspace(0, 1, n_bins + 1) * 100)
    else:
        edges = np.linspace(0.0, 1.0, n_bins + 1)
    low = np.searchsorted(edges[1:-1], table["smin"].to_numpy(np.float64))
    high = np.searchsorted(edges[1:-1], table["smax"].to_numpy(np.float64))
    if (low != high).any():
        k = int(np.flatnonzero(low != high)[0])
        raise ArgumentError(
            f"calibration bins need whole score bins: the scores binned at {float(table['threshold'].iloc[k])!r} "
            f"range from {float(table['smin'].iloc[k])!r} to {float(table['smax'].iloc[k])!r}, across the calibration "
            f"bin edge {float(edges[1 + low[k]])!r} (choose numBins so that its bins fit in the calibration bins, "
            "or no numBins)"
        )
    sums = score_sums(table)
    total = np.bincount(low, weights=counts, minlength=n_bins)
    positives = np.bincount(low, weights=table["pos"].to_numpy(np.float64), minlength=n_bins)
    scores = np.bincount(low, weights=sums["sum_score"].to_numpy(), minlength=n_bins)
    keep = np.flatnonzero(total != 0)
    whole = np.float64 if is_weighted(table) else np.int64  # summed weights, or counts
    return pd.DataFrame({
        "bin": keep,
        "lower": edges[keep],
        "upper": edges[keep + 1],
        "count": total[keep].astype(whole),
        "positives": positives[keep].astype(whole),
        "prob_pred": scores[keep] / total[keep],
        "prob_true": positives[keep] / total[keep],
    })


def calibration_errors(table: pd.DataFrame, n_bins: int = 5, strategy: str = "uniform") -> dict[str, float]:
    """The expected (``ECE``) and maximum (``MCE``) calibration errors over the bins of :func:`calibration_curve`.

    ``ECE = sum_b (n_b / n) * |prob_true_b - prob_pred_b|`` and
    ``MCE = max_b |prob_true_b - prob_pred_b|``, over the non-empty bins.

    Examples
    --------
    >>> t = pd.DataFrame({"threshold": [.9, .2], "pos": [2, 1], "neg": [1, 3], "smin": [.9, .2], "smax": [.9, .2]})
    >>> {k: round(v, 4) for k, v in calibration_errors(t, n_bins=2).items()}
    {'ECE': 0.1286, 'MCE': 0.2333}
    """
    curve = calibration_curve(table, n_bins, strategy)
    gaps = (curve["prob_true"] - curve["prob_pred"]).abs().to_numpy()
    weights = curve["count"].to_numpy(np.float64)
    return {"ECE": float(np.sum(weights * gaps) / weights.sum()), "MCE": float(gaps.max())}


def brier_score(table: pd.DataFrame) -> float:
    """The Brier score ``mean((p - y) ** 2)``, as scikit-learn's ``brier_score_loss``.

    From the per-score sums: ``(sum p**2 - 2 * sum_{y=1} p + P) / n``, exact with
    ``numBins`` too (Spark sums the scores row by row).

    Examples
    --------
    >>> t = pd.DataFrame({"threshold": [.9, .2], "pos": [1, 0], "neg": [0, 1], "smin": [.9, .2], "smax": [.9, .2]})
    >>> round(brier_score(t), 6)
    0.025
    """
    check_probabilities(table, "brier_score")
    _, n = _rows(table)
    sums = score_sums(table)
    P = float(table["pos"].sum())
    total = sums["sum_score2"].sum() - 2 * sums["sum_score_pos"].sum() + P
    return float(max(total, 0.0) / n)
