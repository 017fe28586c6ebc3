"""Counts at every threshold, ROC and precision-recall curves, and the areas under them.

A case is predicted positive when its score is at least the threshold; the
thresholds are the distinct scores (or bin edges), in decreasing order. With
``tp``/``fp`` the cumulative positives/negatives down to a threshold, ``P``/``N``
the totals: ``fpr = fp / N``, ``recall = tp / P``, ``precision = tp / (tp + fp)``.

Areas
-----
* ``areaUnderROC``: trapezoids over the ROC points, starting at (0, 0). Tied
  scores form one point, so a positive-negative tie counts one half: this is
  exactly the rank-based (Mann-Whitney) AUC and scikit-learn's ``roc_auc_score``.
* ``areaUnderPR``: trapezoids over the PR points (recall, precision), starting at
  (0, precision at the first threshold): the definition of Spark's
  ``BinaryClassificationMetrics`` / ``BinaryClassificationEvaluator``.
* ``averagePrecision``: ``sum((recall_k - recall_{k-1}) * precision_k)``, scikit-learn's
  ``average_precision_score`` (a step function, no interpolation).

Binning (``numBins``) keeps the counts exact at bin edges but merges the cases
inside a bin into one point. For the ROC area the error is at most
``sum_k pos_k * neg_k / (2 * P * N)`` over the bins (each positive-negative pair
sharing a bin counts one half instead of 0 or 1); :func:`spark_areas` and
:func:`areas` report that bound. The PR areas have no such simple bound; they
move little when bins hold few cases each.

In Spark, the cumulative sums run over one Window ordered by threshold (its
partition key is a constant, which says what Spark would otherwise warn about):
Spark moves the per-score table (aggregated data, one row per distinct score,
not the predictions) to a single partition for them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyspark.sql.functions as F
from pyspark.sql import Window, WindowSpec

from .._compat import DataFrame
from ..errors import ArgumentError
from ..safety import collect_aggregates

__all__ = ["metrics_frame", "spark_areas", "cumulative", "roc_points", "pr_points", "areas", "check_both_classes"]

AREA_NAMES = ("areaUnderROC", "areaUnderPR", "averagePrecision", "rocErrorBound")
METRIC_COLUMNS = ("threshold", "fpr", "recall", "precision", "f1", "tp", "fp", "tn", "fn")


def _count(name: str):
    # null-score rows (if any) are not part of any threshold
    return F.when(F.col("threshold").isNotNull(), F.col(name)).otherwise(F.lit(0))


def _ordered() -> WindowSpec:
    # one window over the whole per-score table, by decreasing threshold (missing scores last)
    return Window.partitionBy(F.lit(0)).orderBy(F.col("threshold").desc_nulls_last())


def _with_cumulative(grouped: DataFrame) -> DataFrame:
    upto = _ordered().rowsBetween(Window.unboundedPreceding, Window.currentRow)
    whole = _ordered().rowsBetween(Window.unboundedPreceding, Window.unboundedFollowing)
    pos, neg = _count("pos"), _count("neg")
    return grouped.select(
        "threshold",
        pos.alias("pos"),
        neg.alias("neg"),
        F.sum(pos).over(upto).alias("tp"),
        F.sum(neg).over(upto).alias("fp"),
        F.sum(pos).over(whole).alias("P"),
        F.sum(neg).over(whole).alias("N"),
        F.when(F.col("threshold").isNull(), F.col("pos") + F.col("neg")).otherwise(F.lit(0)).alias("missing"),
        F.col("bad_label"),
        F.col("bad_score"),
    )


def _rates(cum: DataFrame) -> DataFrame:
    tp, fp, P, N = (F.col(c).cast("double") for c in ("tp", "fp", "P", "N"))
    precision = F.when(tp + fp > 0, tp / (tp + fp))
    recall = F.when(P > 0, tp / P)
    return cum.select(
        "*",
        F.when(N > 0, fp / N).alias("fpr"),
        recall.alias("recall"),
        precision.alias("precision"),
        F.when(tp > 0, 2 * tp / (tp + fp + P)).otherwise(F.lit(0.0)).alias("f1"),
        (F.col("P") - F.col("tp")).alias("fn"),
        (F.col("N") - F.col("fp")).alias("tn"),
    )


def metrics_frame(grouped: DataFrame) -> DataFrame:
    """A Spark DataFrame with the metrics at every threshold (lazy: no job runs).

    Columns ``threshold, fpr, recall, precision, f1, tp, fp, tn, fn``, one row
    per distinct score (or bin edge), by decreasing threshold. ``grouped`` needs
    the columns ``threshold, pos, neg`` (as :func:`~handyspark.evaluation.table.score_counts`
    or :func:`~handyspark.evaluation.table.grouped_scores` make); its rows whose
    threshold is null or NaN (missing scores) are left out. A rate whose
    denominator is 0 is null; ``f1`` is 0 where ``tp`` is.

    Examples
    --------
    >>> metrics_frame(score_counts(df, spec)).show()  # doctest: +SKIP
    """
    # As few Column operations and DataFrames as possible: on a classic session each Column operation
    # costs some ten round trips to the JVM and each DataFrame an analysis. So the window sums are used
    # in place (Spark repeats them, on the small per-score table) and the names are set once by toDF.
    # Counts stay integers; dividing them gives the same doubles as dividing their double casts, and
    # try_divide is null for a zero denominator.
    order = Window.partitionBy(F.lit(0)).orderBy(F.desc("threshold"))
    upto = order.rowsBetween(Window.unboundedPreceding, Window.currentRow)
    whole = order.rowsBetween(Window.unboundedPreceding, Window.unboundedFollowing)
    tp, fp = F.sum("pos").over(upto), F.sum("neg").over(upto)
    P, N = F.sum("pos").over(whole), F.sum("neg").over(whole)
    predicted = tp + fp
    table = grouped.dropna(subset="threshold").select(
        "threshold",
        F.try_divide(fp, N),
        F.try_divide(tp, P),
        F.try_divide(tp, predicted),
        F.coalesce(F.try_divide(tp * 2, predicted + P), F.lit(0.0)),  # 2 tp / (2 tp + fp + fn)
        tp,
        fp,
        N - fp,
        P - tp,
    )
    return table.toDF(*METRIC_COLUMNS).orderBy(F.desc("threshold"))


def spark_areas(grouped: DataFrame) -> dict:
    """The areas and the row checks in one Spark job, however many distinct scores there are.

    Returns a dict with ``areaUnderROC``, ``areaUnderPR``, ``averagePrecision``,
    ``rocErrorBound`` (the ROC area's binning error bound, see the module notes),
    ``P``, ``N``, ``missing``, ``bad_label``, ``bad_score``.
    """
    rates = _rates(_with_cumulative(grouped))
    w = _ordered()
    first_precision = F.first("precision").over(w.rowsBetween(Window.unboundedPreceding, Window.unboundedFollowing))
    # the null-score row (if any) comes last and adds nothing: its counts are masked to 0
    steps = rates.select(
        "*",
        (F.col("fpr") - F.lag("fpr", 1, 0.0).over(w)).alias("dfpr"),
        (F.col("recall") - F.lag("recall", 1, 0.0).over(w)).alias("drecall"),
        F.lag("recall", 1, 0.0).over(w).alias("recall0"),
        F.coalesce(F.lag("precision", 1).over(w), first_precision).alias("precision0"),
    )
    P, N = F.max("P").cast("double"), F.max("N").cast("double")
    row = collect_aggregates(
        steps.agg(
            F.sum(F.col("dfpr") * (F.col("recall") + F.col("recall0")) / 2).alias("areaUnderROC"),
            F.sum(F.col("drecall") * (F.col("precision") + F.col("precision0")) / 2).alias("areaUnderPR"),
            F.sum(F.col("drecall") * F.col("precision")).alias("averagePrecision"),
            F.when(P * N > 0, F.sum(F.col("pos").cast("double") * F.col("neg")) / (2 * P * N)).alias(
                "rocErrorBound"
            ),
            F.max("P").alias("P"),
            F.max("N").alias("N"),
            F.sum("missing").alias("missing"),
            F.sum("bad_label").alias("bad_label"),
            F.sum("bad_score").alias("bad_score"),
        )
    )[0]
    return row.asDict()


def cumulative(table: pd.DataFrame) -> pd.DataFrame:
    """Add ``tp, fp, fn, tn, fpr, recall, precision, f1`` to a per-score table (driver side, no Spark)."""
    out = table[["threshold", "pos", "neg"]].copy()
    out["tp"], out["fp"] = out["pos"].cumsum(), out["neg"].cumsum()
    P, N = int(out["pos"].sum()), int(out["neg"].sum())
    out["fn"], out["tn"] = P - out["tp"], N - out["fp"]
    tp, fp = out["tp"].to_numpy(np.float64), out["fp"].to_numpy(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["fpr"] = fp / N if N else np.nan
        out["recall"] = tp / P if P else np.nan
        out["precision"] = tp / (tp + fp)
        out["f1"] = np.where(tp > 0, 2 * tp / (tp + fp + P), 0.0)
    return out


def check_both_classes(table: pd.DataFrame) -> None:
    """Curves and areas need at least one positive and one negative case."""
    P, N = int(table["pos"].sum()), int(table["neg"].sum())
    if P == 0 or N == 0:
        raise ArgumentError(
            f"ROC and PR curves need both classes; the labels hold {P} positives and {N} negatives"
        )


def roc_points(table: pd.DataFrame) -> pd.DataFrame:
    """The ROC curve: ``threshold, fpr, tpr``, starting at (0, 0) with threshold ``inf``."""
    check_both_classes(table)
    cum = cumulative(table)
    head = pd.DataFrame({"threshold": [np.inf], "fpr": [0.0], "tpr": [0.0]})
    body = pd.DataFrame({"threshold": cum["threshold"], "fpr": cum["fpr"], "tpr": cum["recall"]})
    return pd.concat([head, body], ignore_index=True)


def pr_points(table: pd.DataFrame) -> pd.DataFrame:
    """The PR curve: ``threshold, recall, precision``, starting at (0, precision of the first threshold)."""
    check_both_classes(table)
    cum = cumulative(table)
    head = pd.DataFrame({"threshold": [np.inf], "recall": [0.0], "precision": [cum["precision"].iloc[0]]})
    body = pd.DataFrame({"threshold": cum["threshold"], "recall": cum["recall"], "precision": cum["precision"]})
    return pd.concat([head, body], ignore_index=True)


def _trapezoid(x: np.ndarray, y: np.ndarray) -> float:
    return float(np.sum(np.diff(x) * (y[1:] + y[:-1]) / 2))


def areas(table: pd.DataFrame) -> dict:
    """The areas (same definitions and keys as :func:`spark_areas`) from a per-score table on the driver."""
    roc, pr = roc_points(table), pr_points(table)
    P, N = float(table["pos"].sum()), float(table["neg"].sum())
    recall, precision = pr["recall"].to_numpy(), pr["precision"].to_numpy()
    return {
        "areaUnderROC": _trapezoid(roc["fpr"].to_numpy(), roc["tpr"].to_numpy()),
        "areaUnderPR": _trapezoid(recall, precision),
        "averagePrecision": float(np.sum(np.diff(recall) * precision[1:])),
        "rocErrorBound": float((table["pos"] * table["neg"].astype(np.float64)).sum() / (2 * P * N)),
    }
