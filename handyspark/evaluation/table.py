"""The per-score table: every metric of a binary classifier follows from it.

One aggregation of the predictions, grouped by distinct score, counts the
positives and negatives of each score (and sums their log losses). Its size is
the number of distinct scores, not the number of rows. For scores with very
many distinct values, ``numBins`` groups them into equal-width bins between the
smallest and the largest score: thresholds are then the bin edges, and counts at
those edges stay exact (see :mod:`handyspark.evaluation.curves` for the error
this brings to the areas).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyspark.sql.functions as F

from .._compat import Column, DataFrame
from .._validation import check_positive_int
from ..errors import ArgumentError
from ..safety import aggregates_to_pandas, collect_aggregates
from .loss import negative_loss, positive_loss
from .scores import ScoreSpec

__all__ = [
    "Binning",
    "find_binning",
    "grouped_scores",
    "score_counts",
    "collect_table",
    "check_counts",
    "DEFAULT_MAX_THRESHOLDS",
]

#: Most distinct scores (or bins) the driver-side table may hold.
DEFAULT_MAX_THRESHOLDS = 100_000

COUNT_COLUMNS = ["pos", "neg", "bad_label", "bad_score"]


@dataclass(frozen=True)
class Binning:
    """Equal-width bins of the score: bin ``k`` is ``[lo + k*width, lo + (k+1)*width)``, the last one closed."""

    lo: float
    hi: float
    bins: int

    @property
    def width(self) -> float:
        return (self.hi - self.lo) / self.bins

    def edge(self, score: Column) -> Column:
        """The lower edge of the bin holding ``score`` (null stays null)."""
        if self.hi <= self.lo:
            return F.when(score.isNotNull(), F.lit(float(self.lo)))
        index = F.least(F.floor((score - F.lit(self.lo)) / F.lit(self.width)), F.lit(self.bins - 1))
        return F.lit(self.lo) + index.cast("double") * F.lit(self.width)


def find_binning(df: DataFrame, spec: ScoreSpec, bins: int) -> Binning:
    """Bins between the smallest and the largest score (one Spark job)."""
    check_positive_int(bins, "numBins")
    row = collect_aggregates(df.select(spec.score().alias("s")).agg(F.min("s"), F.max("s")))[0]
    lo, hi = row[0], row[1]
    if lo is None:
        raise ArgumentError(f"scoreCol {spec.scoreCol!r} has no values")
    return Binning(float(lo), float(hi), bins)


def grouped_scores(df: DataFrame, spec: ScoreSpec, binning: Binning | None = None) -> DataFrame:
    """The lazy per-score aggregation (no Spark job).

    Columns: ``threshold`` (the score, or its bin's lower edge; null for rows
    whose score is missing), ``pos``, ``neg``, ``bad_label`` (labels other than
    0/1 or missing), ``bad_score`` (probability vectors without exactly two
    elements), ``loss_pos``, ``loss_neg`` (summed per-row log losses) and
    ``smin``, ``smax`` (the smallest and largest score grouped there).
    """
    score, label = spec.score().alias("s"), spec.label().alias("y")
    ok = spec.label_ok().alias("ok")
    size_ok = spec.score_size_ok().alias("size_ok")
    rows = df.select(score, label, ok, size_ok)
    s, y = F.col("s"), F.col("y")
    key = binning.edge(s) if binning is not None else s
    pos, neg = F.col("ok") & (y == 1.0), F.col("ok") & (y == 0.0)
    return rows.groupBy(key.alias("threshold")).agg(
        F.sum(pos.cast("long")).alias("pos"),
        F.sum(neg.cast("long")).alias("neg"),
        F.sum((~F.col("ok")).cast("long")).alias("bad_label"),
        F.sum((~F.col("size_ok")).cast("long")).alias("bad_score"),
        F.sum(F.when(pos, positive_loss(s))).alias("loss_pos"),
        F.sum(F.when(neg, negative_loss(s))).alias("loss_neg"),
        F.min(s).alias("smin"),
        F.max(s).alias("smax"),
    )


def score_counts(df: DataFrame, spec: ScoreSpec, binning: Binning | None = None) -> DataFrame:
    """The lazy per-score counts of positives and negatives only (no Spark job).

    The part of :func:`grouped_scores` that the metrics by threshold need, as
    lean as Spark allows: no per-row check, loss or cast that the score and
    label types make needless (a double score is grouped as it is).

    Columns: ``threshold`` (the score, or its bin's lower edge; null or NaN
    for rows whose score is missing), ``pos`` and ``neg`` (rows labelled 1 and
    0; other labels are in neither), equal to those of :func:`grouped_scores`.
    """
    y = spec.label_value()
    key = binning.edge(spec.score()) if binning is not None else spec.raw_score()
    return df.groupBy(key).agg(F.count_if(y == 1), F.count_if(y == 0)).toDF("threshold", "pos", "neg")


def check_counts(spec: ScoreSpec, missing: int, bad_label: int, bad_score: int) -> None:
    """Raise a clear error for rows that cannot be evaluated."""
    if bad_score:
        raise ArgumentError(
            f"scoreCol {spec.scoreCol!r}: {bad_score} rows hold a probability vector without exactly 2 "
            "elements; binary classification metrics need the probabilities of classes 0 and 1"
        )
    if bad_label:
        raise ArgumentError(
            f"labelCol {spec.labelCol!r}: {bad_label} rows have a label other than 0 or 1 (or a missing one)"
        )
    if missing:
        raise ArgumentError(
            f"scoreCol {spec.scoreCol!r}: {missing} rows have a missing score (null or NaN); "
            "filter or fill them first"
        )


def collect_table(
    df: DataFrame,
    spec: ScoreSpec,
    binning: Binning | None = None,
    max_thresholds: int = DEFAULT_MAX_THRESHOLDS,
) -> pd.DataFrame:
    """Collect the per-score table (one Spark job), checked and sorted by decreasing threshold.

    Raises :class:`~handyspark.errors.ArgumentError` for unusable rows, or when
    there are more than ``max_thresholds`` distinct scores (bin them with
    ``numBins`` instead).
    """
    table = aggregates_to_pandas(grouped_scores(df, spec, binning).limit(max_thresholds + 2))
    for name in COUNT_COLUMNS:
        table[name] = table[name].fillna(0).astype(np.int64)
    for name in ("loss_pos", "loss_neg"):
        table[name] = table[name].astype(np.float64).fillna(0.0)
    nulls = table["threshold"].isna()
    check_counts(
        spec,
        int(table.loc[nulls, ["pos", "neg", "bad_label"]].to_numpy().sum()),
        int(table["bad_label"].sum()),
        int(table["bad_score"].sum()),
    )
    table = table.loc[~nulls]
    if len(table) > max_thresholds:
        raise ArgumentError(
            f"scoreCol {spec.scoreCol!r} has more than {max_thresholds} distinct scores: pass numBins= "
            "to bin them (or raise maxThresholds)"
        )
    if len(table) == 0:
        raise ArgumentError("the predictions DataFrame has no rows")
    table = table.sort_values("threshold", ascending=False, ignore_index=True)
    return table[["threshold", "pos", "neg", "loss_pos", "loss_neg", "smin", "smax"]].astype(
        {"threshold": np.float64, "smin": np.float64, "smax": np.float64}
    )
