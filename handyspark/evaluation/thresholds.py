"""Metrics at every threshold on the driver, and choosing a threshold.

All functions take the per-score table (one row per distinct score, by
decreasing score) and need no Spark job.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._validation import check_fraction
from ..errors import ArgumentError
from .curves import check_both_classes, cumulative

__all__ = ["METRICS", "metrics_by_threshold", "best_threshold", "threshold_for_fpr"]

#: Metrics that :func:`best_threshold` can maximise.
METRICS = ("f1", "precision", "recall", "accuracy", "specificity", "balanced_accuracy", "youden")


def metrics_by_threshold(table: pd.DataFrame) -> pd.DataFrame:
    """Counts and metrics at every threshold (score >= threshold means positive).

    Returns
    -------
    pandas.DataFrame
        ``threshold, fpr, recall, precision, f1, accuracy, specificity,
        balanced_accuracy, youden, tp, fp, tn, fn`` by decreasing threshold.

    Examples
    --------
    >>> t = pd.DataFrame({"threshold": [.9, .4], "pos": [1, 1], "neg": [0, 2]})
    >>> metrics_by_threshold(t)[["threshold", "tp", "fp", "f1"]].to_dict("list")
    {'threshold': [0.9, 0.4], 'tp': [1, 2], 'fp': [0, 2], 'f1': [0.6666666666666666, 0.6666666666666666]}
    """
    cum = cumulative(table)
    n = float(cum["tp"].iloc[-1] + cum["fp"].iloc[-1] + cum["fn"].iloc[-1] + cum["tn"].iloc[-1])
    with np.errstate(divide="ignore", invalid="ignore"):
        cum["accuracy"] = (cum["tp"] + cum["tn"]) / n
        cum["specificity"] = 1.0 - cum["fpr"]
        cum["balanced_accuracy"] = (cum["recall"] + cum["specificity"]) / 2
        cum["youden"] = cum["recall"] - cum["fpr"]
    columns = ["threshold", "fpr", "recall", "precision", "f1", "accuracy", "specificity",
               "balanced_accuracy", "youden", "tp", "fp", "tn", "fn"]
    return cum[columns]


def best_threshold(table: pd.DataFrame, metric: str = "f1") -> float:
    """The threshold that maximises ``metric``; among ties, the highest threshold.

    Parameters
    ----------
    table : pandas.DataFrame
        The per-score table.
    metric : str
        One of :data:`METRICS`.

    Examples
    --------
    >>> t = pd.DataFrame({"threshold": [.9, .6, .4], "pos": [1, 1, 0], "neg": [0, 0, 2]})
    >>> best_threshold(t, "f1")
    0.6
    """
    if metric not in METRICS:
        raise ArgumentError(f"metric must be one of {list(METRICS)}, got {metric!r}")
    check_both_classes(table)
    values = metrics_by_threshold(table)[metric].to_numpy(np.float64)
    return float(table["threshold"].iloc[int(np.nanargmax(values))])


def threshold_for_fpr(table: pd.DataFrame, fpr: float) -> float:
    """The lowest threshold whose false positive rate is at most ``fpr`` (so the highest recall under it).

    When even the highest score gives a larger false positive rate, the result
    is ``inf``: only predicting no positive at all meets the target.

    Examples
    --------
    >>> t = pd.DataFrame({"threshold": [.9, .6, .4], "pos": [1, 0, 1], "neg": [0, 1, 1]})
    >>> threshold_for_fpr(t, 0.5)
    0.6
    """
    target = check_fraction(fpr, "fpr")
    check_both_classes(table)
    rates = cumulative(table)["fpr"].to_numpy(np.float64)
    meets = np.flatnonzero(rates <= target + 1e-12)
    return float(table["threshold"].iloc[meets[-1]]) if len(meets) else float("inf")
