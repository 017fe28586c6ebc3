"""Binary cross-entropy (log loss): per-row loss expressions and the mean loss.

For a case with label ``y`` and predicted probability ``p`` of the positive
class, the loss is ``-log(p)`` when ``y == 1`` and ``-log(1 - p)`` when
``y == 0`` (natural logarithm); the log loss is the mean over all cases. As
scikit-learn's ``log_loss`` does, the probability of the true class is clipped
to ``[eps, 1 - eps]`` with ``eps = numpy.finfo(float64).eps`` so that a
confident mistake costs a large but finite loss (about 36.04). With weights
(``weightCol``) it is the weighted mean, as ``log_loss(..., sample_weight=w)``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyspark.sql.functions as F

from .._compat import Column
from ..errors import ArgumentError

__all__ = ["EPS", "positive_loss", "negative_loss", "log_loss", "check_probabilities", "total_weight"]

#: The clipping bound of probabilities (scikit-learn's, for float64 predictions).
EPS = float(np.finfo(np.float64).eps)


def _clip(col: Column) -> Column:
    return F.least(F.greatest(col, F.lit(EPS)), F.lit(1.0 - EPS))


def positive_loss(score: Column) -> Column:
    """``-log(clip(p))``: the loss of a positive case predicted with probability ``p``."""
    return -F.log(_clip(score))


def negative_loss(score: Column) -> Column:
    """``-log(clip(1 - p))``: the loss of a negative case predicted with probability ``p``."""
    return -F.log(_clip(F.lit(1.0) - score))


def check_probabilities(table: pd.DataFrame, what: str) -> None:
    """Refuse scores outside [0, 1]: a loss needs probabilities."""
    lo, hi = table["smin"].min(), table["smax"].max()
    if lo < 0 or hi > 1:
        raise ArgumentError(
            f"{what} needs probabilities in [0, 1]; the scores range from {lo} to {hi} "
            "(pass the probability column, not a raw score)"
        )


def total_weight(table: pd.DataFrame, what: str) -> float:
    """The rows (or, with weights, the summed weight) of a per-score table; refuses 0 (nothing to average).

    Examples
    --------
    >>> total_weight(pd.DataFrame({"pos": [0.5, 1.0], "neg": [2.0, 0.0]}), "log_loss")
    3.5
    """
    n = float(table["pos"].sum() + table["neg"].sum())
    if n == 0:
        raise ArgumentError(f"{what} needs rows of positive weight: there are no rows, or their weights sum to 0")
    return n


def log_loss(table: pd.DataFrame) -> float:
    """The mean binary cross-entropy from a per-score table.

    Parameters
    ----------
    table : pandas.DataFrame
        The per-score table (:func:`handyspark.evaluation.table.collect_table`):
        ``pos``, ``neg`` and the summed losses ``loss_pos``, ``loss_neg`` of each
        score (computed row by row in Spark, so exact even when scores are binned);
        with weights, summed weights and weighted sums of losses.

    Returns
    -------
    float

    Examples
    --------
    >>> t = pd.DataFrame({"threshold": [.9, .2], "pos": [1, 0], "neg": [0, 1],
    ...                   "loss_pos": [-np.log(.9), 0.], "loss_neg": [0., -np.log(.8)],
    ...                   "smin": [.9, .2], "smax": [.9, .2]})
    >>> round(log_loss(t), 6)
    0.164252
    """
    check_probabilities(table, "log_loss")
    n = total_weight(table, "log_loss")
    return float((table["loss_pos"].sum() + table["loss_neg"].sum()) / n)
