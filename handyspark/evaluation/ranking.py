"""Ranking: cumulative gains and lift by quantile of score, the KS statistic, precision and recall at k.

Pure functions of the per-score table (one row per distinct score, by
decreasing score): no Spark job.

Ties
----
Rows are ranked by decreasing score. Rows with the same score cannot be
ordered, so where a group boundary (or the ``k``-th row) falls inside a tie,
the tie's positives are split in proportion to the rows on each side: each
row of a tie counts the tie's share of positives, ``pos / rows`` (the expected
count over every order of the tied rows). Counts of rows are whole numbers;
counts of positives may have a fraction where a tie is split. The result is
deterministic and does not depend on how Spark orders rows.

Groups
------
With ``n`` rows and ``G`` groups, group ``g`` (1 to ``G``) holds the rows of
rank ``floor((g - 1) * n / G)`` to ``floor(g * n / G) - 1`` (0-based, by
decreasing score): sizes differ by at most one row, and the first ``g`` groups
hold ``floor(g * n / G)`` rows, the same rows that ``top_k(fraction=g / G)``
takes.

With ``numBins`` the rows of a score bin count as tied at the bin's lower
edge: the results are those of the binned scores.

Weights
-------
With a ``weightCol``, :func:`ks_statistic` is ``max |tpr - fpr|`` of the
weighted rates (the weighted ROC curve's, as ``roc_curve(..., sample_weight=w)``).
:func:`gains` and :func:`top_k` count rows (groups of equal numbers of rows, the
top ``k`` rows): they raise :class:`~handyspark.errors.ArgumentError` with weights.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .._validation import check_positive_int
from ..errors import ArgumentError
from .checks import is_weighted
from .curves import check_both_classes, check_positives, cumulative, total

__all__ = ["cumulative_positives", "gains", "ks_statistic", "top_k"]


def _refuse_weights(table: pd.DataFrame, what: str) -> None:
    if is_weighted(table):
        raise ArgumentError(
            f"{what} ranks rows (groups of equal numbers of rows, the top k rows), which weights do not "
            "define: evaluate without weightCol for it"
        )


def _ranks(table: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, int, int]:
    counts = table["pos"].to_numpy(np.int64) + table["neg"].to_numpy(np.int64)
    pos = table["pos"].to_numpy(np.int64)
    n, P = int(counts.sum()), int(pos.sum())
    if n == 0:
        raise ArgumentError("the predictions DataFrame has no rows: there is nothing to evaluate")
    return counts, np.cumsum(counts), pos, n, P


def cumulative_positives(table: pd.DataFrame, ranks: np.ndarray) -> np.ndarray:
    """Positives among the top ``r`` rows for each ``r`` in ``ranks`` (ties split in proportion, see the module notes).

    Examples
    --------
    >>> t = pd.DataFrame({"threshold": [.9, .5], "pos": [1, 1], "neg": [0, 3]})
    >>> cumulative_positives(t, np.array([0, 1, 3, 5])).tolist()
    [0.0, 1.0, 1.5, 2.0]
    """
    counts, ends, pos, _, _ = _ranks(table)
    r = np.asarray(ranks, dtype=np.int64)
    i = np.minimum(np.searchsorted(ends, r, side="left"), len(ends) - 1)  # the tie holding rank r (its last row)
    before = np.cumsum(pos)[i] - pos[i]
    start = ends[i] - counts[i]
    return before + pos[i] * ((r - start) / counts[i])


def _lowest_score(table: pd.DataFrame, ranks: np.ndarray) -> np.ndarray:
    """The score of the row at each 0-based rank (by decreasing score)."""
    _, ends, _, _, _ = _ranks(table)
    return table["threshold"].to_numpy(np.float64)[np.searchsorted(ends, ranks, side="right")]


def gains(table: pd.DataFrame, n_groups: int = 10) -> pd.DataFrame:
    """Cumulative gains and lift by quantile of score (deciles by default).

    Parameters
    ----------
    table : pandas.DataFrame
        The per-score table.
    n_groups : int
        Number of groups of (about) equal size, by decreasing score; at most the number of rows.

    Returns
    -------
    pandas.DataFrame
        One row per group: ``group`` (1 holds the highest scores), ``rows``,
        ``positives``, ``max_score``, ``min_score``, ``response_rate``
        (``positives / rows``), ``lift`` (the response rate over the share of
        positives ``P / n``), ``cumulative_rows``, ``cumulative_positives``,
        ``cumulative_fraction`` (``cumulative_rows / n``), ``gain``
        (``cumulative_positives / P``) and ``cumulative_lift``
        (``gain / cumulative_fraction``).

    Examples
    --------
    >>> t = pd.DataFrame({"threshold": [.9, .6, .3, .1], "pos": [2, 1, 1, 0], "neg": [0, 1, 1, 2]})
    >>> gains(t, n_groups=2)[["rows", "positives", "gain", "cumulative_lift"]].to_dict("list")
    {'rows': [4, 4], 'positives': [3.0, 1.0], 'gain': [0.75, 1.0], 'cumulative_lift': [1.5, 1.0]}
    """
    check_positive_int(n_groups, "n_groups")
    _refuse_weights(table, "gains")
    check_positives(table)
    _, _, _, n, P = _ranks(table)
    if n_groups > n:
        raise ArgumentError(f"n_groups must be at most the number of rows ({n}), got {n_groups}")
    bounds = np.array([g * n // n_groups for g in range(n_groups + 1)], dtype=np.int64)
    cum = cumulative_positives(table, bounds)
    rows, positives = np.diff(bounds), np.diff(cum)
    base = P / n
    return pd.DataFrame({
        "group": np.arange(1, n_groups + 1),
        "rows": rows,
        "positives": positives,
        "max_score": _lowest_score(table, bounds[:-1]),
        "min_score": _lowest_score(table, bounds[1:] - 1),
        "response_rate": positives / rows,
        "lift": positives / rows / base,
        "cumulative_rows": bounds[1:],
        "cumulative_positives": cum[1:],
        "cumulative_fraction": bounds[1:] / n,
        "gain": cum[1:] / P,
        "cumulative_lift": cum[1:] / bounds[1:] / base,
    })


def ks_statistic(table: pd.DataFrame) -> pd.Series:
    """The Kolmogorov-Smirnov statistic between the scores of positives and negatives, and where it is reached.

    ``max |tpr - fpr|`` over every threshold (score >= threshold is positive),
    equal to ``scipy.stats.ks_2samp(p[y == 1], p[y == 0]).statistic``; the
    threshold is the highest one that reaches it. For a model better than
    chance ``tpr - fpr`` is positive there (Youden's J). Needs both classes.

    Returns
    -------
    pandas.Series
        ``statistic``, ``threshold``, ``tpr``, ``fpr``.

    Examples
    --------
    >>> t = pd.DataFrame({"threshold": [.9, .6, .3], "pos": [2, 1, 0], "neg": [0, 1, 2]})
    >>> ks_statistic(t).to_dict()
    {'statistic': 0.6666666666666666, 'threshold': 0.9, 'tpr': 0.6666666666666666, 'fpr': 0.0}
    """
    check_both_classes(table)
    cum = cumulative(table)
    P, N = total(table["pos"]), total(table["neg"])
    # |tpr - fpr| * P * N in integers: equal gaps compare equal, so the highest threshold wins a tie
    # (with weights, in floats)
    kind = np.float64 if is_weighted(table) else np.int64
    gaps = np.abs(cum["tp"].to_numpy(kind) * N - cum["fp"].to_numpy(kind) * P)
    i = int(np.argmax(gaps))
    tpr, fpr = float(cum["recall"].iloc[i]), float(cum["fpr"].iloc[i])
    return pd.Series({"statistic": float(gaps[i] / (P * N)), "threshold": float(cum["threshold"].iloc[i]),
                      "tpr": tpr, "fpr": fpr}, name="ks")


def top_k(table: pd.DataFrame, k: int | None = None, fraction: float | None = None) -> pd.Series:
    """Precision and recall among the ``k`` rows with the highest scores (or the top ``fraction`` of rows).

    Exactly one of ``k`` (a number of rows, 1 to ``n``) and ``fraction`` (in
    (0, 1]; ``k = floor(fraction * n)``, which must be at least 1) is given. A
    tie across the ``k``-th row counts in proportion (see the module notes), so
    ``positives`` may have a fraction. Needs a positive case.

    Returns
    -------
    pandas.Series
        ``k``, ``threshold`` (the score of the ``k``-th row), ``positives``,
        ``precision`` (``positives / k``) and ``recall`` (``positives / P``).

    Examples
    --------
    >>> t = pd.DataFrame({"threshold": [.9, .6, .3], "pos": [2, 1, 0], "neg": [0, 1, 2]})
    >>> top_k(t, k=3).to_dict()
    {'k': 3.0, 'threshold': 0.6, 'positives': 2.5, 'precision': 0.8333333333333334, 'recall': 0.8333333333333334}
    """
    _refuse_weights(table, "top_k")
    check_positives(table)
    _, _, _, n, P = _ranks(table)
    if k is not None and fraction is None:
        rows = check_positive_int(k, "k")
        if rows > n:
            raise ArgumentError(f"k must be at most the number of rows ({n}), got {k}")
    elif fraction is not None and k is None:
        if isinstance(fraction, bool) or not isinstance(fraction, (int, float)) or not 0 < fraction <= 1:
            raise ArgumentError(f"fraction must be a number in (0, 1], got {fraction!r}")
        rows = math.floor(fraction * n + 1e-9)  # 1e-9: 0.3 * 10 is 3, not 2.9999999999999996
        if rows < 1:
            raise ArgumentError(f"fraction={fraction!r} of {n} rows selects no row")
    else:
        raise ArgumentError("give exactly one of k (a number of rows) and fraction (a share of the rows)")
    positives = float(cumulative_positives(table, np.array([rows]))[0])
    return pd.Series({"k": float(rows), "threshold": float(_lowest_score(table, np.array([rows - 1]))[0]),
                      "positives": positives, "precision": positives / rows, "recall": positives / P},
                     name="top_k")
