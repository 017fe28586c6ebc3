"""The per-score table: every metric of a binary classifier follows from it.

One aggregation of the predictions, grouped by distinct score, counts the
rows, positives and negatives of each score (and sums their log losses); an
invalid score is a group of its own, so the same aggregation counts the
invalid rows (:mod:`~handyspark.evaluation.checks`). Its size is the number of
distinct scores, not the number of rows. For scores with very many distinct
values, ``numBins`` groups them into equal-width bins between the smallest and
the largest finite score: thresholds are then the bin edges, and counts at
those edges stay exact (see :mod:`handyspark.evaluation.curves` for the error
this brings to the areas).

With a ``weightCol`` (see :class:`~handyspark.evaluation.scores.ScoreSpec`),
``pos`` and ``neg`` are the summed weights of the positives and negatives of
each score (doubles), and every per-score sum (losses, scores) is weighted: each
figure is then the weighted one, as scikit-learn's with ``sample_weight``. The
row counts (``n``, and the invalid rows) stay counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyspark.sql.functions as F

from .._compat import Column, DataFrame
from .._validation import check_positive_int
from ..errors import ArgumentError
from ..safety import aggregates_to_pandas, collect_aggregates
from .checks import (
    WEIGHTED_COUNTS,
    RowCounts,
    check_counts,
    check_rows,
    counts_from_groups,
    finite,
    row_problems,
)
from .loss import negative_loss, positive_loss
from .scores import ScoreSpec

__all__ = [
    "check_predictions",
    "Binning",
    "find_binning",
    "grouped_scores",
    "score_counts",
    "collect_table",
    "finish_table",
    "DEFAULT_MAX_THRESHOLDS",
    "SCORE_SUMS",
]

#: Per-score sums of the scores, of their squares and of the positives' scores (see :func:`grouped_scores`).
SCORE_SUMS = ("sum_score", "sum_score2", "sum_score_pos")

#: Most distinct scores (or bins) the driver-side table may hold.
DEFAULT_MAX_THRESHOLDS = 100_000


@dataclass(frozen=True)
class Binning:
    """Equal-width bins of the finite scores between ``lo`` and ``hi``.

    Bin ``k`` is ``[edge(k), edge(k + 1))``, the last one closed, with
    ``edge(k) = c * (lo / c + (hi / c - lo / c) * (k / bins))``: ``c`` is 1, or 2
    when ``hi - lo`` overflows a double (scores near ``±1.8e308``), so that no
    step overflows anywhere in the double range. Each score is placed by
    comparing it with the edges themselves, so "score >= edge(k)" holds exactly
    for the rows of bins ``k`` and above: counts at the edges are exact.
    """

    lo: float
    hi: float
    bins: int

    @property
    def scale(self) -> float:
        """1, or 2 when ``hi - lo`` is not a finite double."""
        return 1.0 if np.isfinite(self.hi - self.lo) else 2.0

    def edges(self) -> np.ndarray:
        """The ``bins`` lower edges, as :meth:`edge` computes them in Spark."""
        c = self.scale
        width = self.hi / c - self.lo / c
        return np.array([c * (self.lo / c + width * (k / self.bins)) for k in range(self.bins)])

    def _edge(self, k: Column) -> Column:
        c = self.scale
        return F.lit(c) * (F.lit(self.lo / c) + F.lit(self.hi / c - self.lo / c) * (k / F.lit(self.bins)))

    def edge(self, score: Column) -> Column:
        """The lower edge of the bin holding a finite ``score``; any other score stays as it is (an invalid key)."""
        if self.hi <= self.lo:
            return F.when(finite(score), F.lit(float(self.lo))).otherwise(score)
        c, last = self.scale, F.lit(float(self.bins - 1))
        share = (score / F.lit(c) - F.lit(self.lo / c)) / F.lit(self.hi / c - self.lo / c)
        guess = F.least(F.greatest(F.floor(share * F.lit(self.bins)).cast("double"), F.lit(0.0)), last)
        # the guess may be one bin off where a score meets an edge: compare with the edges themselves
        down = F.when(score < self._edge(guess), F.lit(1.0)).otherwise(F.lit(0.0))
        up = F.when((guess < last) & (score >= self._edge(guess + F.lit(1.0))), F.lit(1.0)).otherwise(F.lit(0.0))
        return F.when(finite(score), self._edge(guess - down + up)).otherwise(score)


def _checked_aggregates(df: DataFrame, spec: ScoreSpec, *columns: Column) -> dict:
    """``columns`` aggregated in one Spark job that also counts the invalid rows and raises for any."""
    problems = row_problems(spec)
    row = collect_aggregates(df.agg(*columns, *(c.alias(k) for k, c in problems.items())))[0].asDict()
    check_counts(spec, RowCounts.of(row))
    return row


def check_predictions(df: DataFrame, spec: ScoreSpec) -> None:
    """Raise :class:`~handyspark.evaluation.checks.InvalidRowsError` for invalid rows (one Spark job).

    An empty frame passes (its tables are empty).
    """
    _checked_aggregates(df, spec)


def find_binning(df: DataFrame, spec: ScoreSpec, bins: int) -> Binning:
    """Bins between the smallest and the largest finite score (one Spark job, which also checks every row).

    Raises :class:`~handyspark.evaluation.checks.InvalidRowsError` for invalid
    rows, counted in the same aggregation. An empty frame gets bins at 0 (its
    per-score table is then empty).
    """
    check_positive_int(bins, "numBins")
    key = spec.key()
    usable = F.when(finite(key), key)
    row = _checked_aggregates(df, spec, F.min(usable).alias("lo"), F.max(usable).alias("hi"))
    if row["lo"] is None:
        return Binning(0.0, 0.0, bins)
    return Binning(float(row["lo"]), float(row["hi"]), bins)


def _key(spec: ScoreSpec, binning: Binning | None) -> Column:
    return spec.key() if binning is None else binning.edge(spec.key())


def _classes(spec: ScoreSpec) -> list[Column]:
    """Per group: ``pos`` and ``neg``, the rows labelled 1 and 0 (with weights: their summed weights)."""
    y = spec.label_value()
    if not spec.weighted:
        return [F.count_if(y == 1).alias("pos"), F.count_if(y == 0).alias("neg")]
    w, zero = spec.weight(), F.lit(0.0)
    return [F.sum(F.when(y == 1, w).otherwise(zero)).alias("pos"), F.sum(F.when(y == 0, w).otherwise(zero)).alias("neg")]


def _counts(spec: ScoreSpec) -> list[Column]:
    """Per group: rows, positives, negatives and wrong-sized vectors (0 for a numeric score).

    With weights, ``pos``/``neg`` are summed weights, and the rows with a bad label, a bad weight
    and either are counted too (:data:`~handyspark.evaluation.checks.WEIGHTED_COUNTS`).
    """
    bad_size = F.count_if(~spec.score_size_ok()) if spec.sized else F.lit(0).cast("long")
    counts = [F.count(F.lit(1)).alias("n"), *_classes(spec), bad_size.alias("bad_size")]
    if spec.weighted:
        label_ok, weight_ok = spec.label_ok(), spec.weight_ok()
        counts += [F.count_if(~label_ok).alias("bad_label"), F.count_if(~weight_ok).alias("bad_weight"),
                   F.count_if(~(label_ok & weight_ok)).alias("bad_row")]
    return counts


def grouped_scores(df: DataFrame, spec: ScoreSpec, binning: Binning | None = None,
                   keys: Sequence[Column] = ()) -> DataFrame:
    """The lazy per-score aggregation (no Spark job), per group of the ``keys`` columns first, if any
    (the strata of a per-segment evaluation).

    Columns: ``threshold`` (the score, or its bin's lower edge; an invalid
    score keeps its raw value: null, NaN or ``±inf``), ``n``, ``pos``, ``neg``
    (rows, and rows labelled 1 and 0), ``bad_size`` (probability vectors
    without exactly two elements), ``loss_pos``, ``loss_neg`` (summed per-row
    log losses), ``smin``, ``smax`` (the smallest and largest score grouped
    there) and ``sum_score``, ``sum_score2``, ``sum_score_pos`` (the sums of the
    scores, of their squares, and of the positives' scores: the Brier score and
    calibration bins stay exact with ``numBins``).

    With weights (``spec.weightCol``), ``pos``, ``neg``, the losses and the score sums are
    weighted sums (``smin``/``smax`` still bound every row's score), and ``bad_label``,
    ``bad_weight``, ``bad_row`` count the rows with a bad label, a bad weight and either.
    """
    s, y, times = spec.key(), spec.label_value(), spec.weighted_sum
    return df.groupBy(*keys, _key(spec, binning).alias("threshold")).agg(
        *_counts(spec),
        F.sum(F.when(y == 1, times(positive_loss(s)))).alias("loss_pos"),
        F.sum(F.when(y == 0, times(negative_loss(s)))).alias("loss_neg"),
        F.min(s).alias("smin"),
        F.max(s).alias("smax"),
        F.sum(times(s)).alias("sum_score"),
        F.sum(times(s * s)).alias("sum_score2"),
        F.sum(F.when(y == 1, times(s))).alias("sum_score_pos"),
    )


def score_counts(df: DataFrame, spec: ScoreSpec, binning: Binning | None = None) -> DataFrame:
    """The lazy per-score counts only (no Spark job): what the metrics by threshold need.

    As lean as Spark allows: no loss or cast that the score and label types
    make needless (a double score is grouped as it is). Columns ``threshold,
    n, pos, neg, bad_size``, as :func:`grouped_scores` (with weights: ``threshold, pos, neg``,
    the summed weights; make it once the rows were checked).
    """
    if spec.weighted:
        return df.groupBy(_key(spec, binning)).agg(*_classes(spec)).toDF("threshold", "pos", "neg")
    return df.groupBy(_key(spec, binning)).agg(*_counts(spec)).toDF("threshold", "n", "pos", "neg", "bad_size")


def collect_table(
    df: DataFrame,
    spec: ScoreSpec,
    binning: Binning | None = None,
    max_thresholds: int = DEFAULT_MAX_THRESHOLDS,
) -> pd.DataFrame:
    """Collect the per-score table (one Spark job), checked and sorted by decreasing threshold.

    Raises :class:`~handyspark.errors.ArgumentError` for invalid rows (counted
    in the same aggregation, see :mod:`~handyspark.evaluation.checks`), for an
    empty frame, or when there are more than ``max_thresholds`` distinct scores
    (bin them with ``numBins`` instead).
    """
    # invalid scores form at most 4 groups (null, NaN, +inf, -inf): with fewer groups than the limit, all were read
    limit = max_thresholds + 5
    table = aggregates_to_pandas(grouped_scores(df, spec, binning).limit(limit))
    if len(table) == limit:
        _too_many(spec, max_thresholds)
    return finish_table(table, spec, max_thresholds)


def _too_many(spec: ScoreSpec, max_thresholds: int) -> None:
    raise ArgumentError(
        f"scoreCol {spec.scoreCol!r} has more than {max_thresholds} distinct scores: pass numBins= "
        "to bin them (or raise maxThresholds)"
    )


def finish_table(table: pd.DataFrame, spec: ScoreSpec, max_thresholds: int = DEFAULT_MAX_THRESHOLDS,
                 keys: Sequence[str] = ()) -> pd.DataFrame:
    """The checked per-score table from the collected groups of :func:`grouped_scores` (no Spark job).

    Raises for invalid rows (counted in the groups) and for more than ``max_thresholds`` valid
    groups; keeps the valid groups, sorted by decreasing threshold, with the ``keys`` columns first.
    """
    table["threshold"] = table["threshold"].astype(np.float64)
    valid = np.isfinite(table["threshold"].to_numpy())
    if valid.sum() > max_thresholds:
        _too_many(spec, max_thresholds)
    counted = ("n", "bad_size", *WEIGHTED_COUNTS) if spec.weighted else ("n", "pos", "neg", "bad_size")
    for name in counted:
        table[name] = table[name].fillna(0).astype(np.int64)
    if spec.weighted:  # summed weights
        for name in ("pos", "neg"):
            table[name] = table[name].astype(np.float64).fillna(0.0)
    counts = counts_from_groups(table)
    check_counts(spec, counts)
    check_rows(counts)
    table = table.loc[valid].sort_values("threshold", ascending=False, ignore_index=True, kind="stable")
    for name in ("loss_pos", "loss_neg", "sum_score", "sum_score2", "sum_score_pos"):
        table[name] = table[name].astype(np.float64).fillna(0.0)
    return table[[*keys, "threshold", "pos", "neg", "loss_pos", "loss_neg", "smin", "smax", *SCORE_SUMS]].astype(
        {"smin": np.float64, "smax": np.float64}
    )
