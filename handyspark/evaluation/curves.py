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

Weights
-------
With a ``weightCol``, ``pos``/``neg`` are summed weights and every count
above (``tp``, ``fp``, ``P``, ``N``) is a sum of weights: the curves and areas
are scikit-learn's with ``sample_weight``. As scikit-learn's curves leave rows
of weight 0 out, a score whose rows all weigh 0 is no threshold.

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
from .checks import group_problems, is_weighted

__all__ = ["metrics_frame", "spark_areas", "total", "cumulative", "roc_points", "pr_points", "areas", "check_both_classes",
           "check_positives", "require_both_classes", "require_positives", "ROC_AREAS", "PR_AREAS"]

AREA_NAMES = ("areaUnderROC", "areaUnderPR", "averagePrecision", "rocErrorBound")
ROC_AREAS = ("areaUnderROC", "rocErrorBound")  # need both classes
PR_AREAS = ("areaUnderPR", "averagePrecision")  # need a positive case
METRIC_COLUMNS = ("threshold", "fpr", "recall", "precision", "f1", "tp", "fp", "tn", "fn")


def _ordered() -> WindowSpec:
    # One window over the whole per-score table, by decreasing threshold: the table is moved to one
    # partition first (see _one_partition) and the partition key is true on every row (``pos`` is a
    # count). A literal key would be folded away by the optimizer, and Spark would then warn "No
    # Partition Defined for Window operation" on every query.
    return Window.partitionBy(F.col("pos") >= 0).orderBy(F.desc("threshold"))


def _one_partition(grouped: DataFrame) -> DataFrame:
    # The per-score table in one partition, as the window needs it: that partition satisfies the
    # window's key and the final ordering alike, so no further exchange (nor a sampling job) runs.
    return grouped.repartition(1)


def metrics_frame(grouped: DataFrame, weighted: bool = False) -> DataFrame:
    """A Spark DataFrame with the metrics at every threshold (lazy: no job runs).

    Columns ``threshold, fpr, recall, precision, f1, tp, fp, tn, fn``, one row
    per distinct score (or bin edge), by decreasing threshold. ``grouped`` needs
    the columns ``threshold, pos, neg`` of valid rows only (as
    :func:`~handyspark.evaluation.table.score_counts` makes once
    :func:`~handyspark.evaluation.table.check_predictions` found no invalid row).
    A rate whose denominator is 0 is null; ``f1`` is 0 where ``tp`` is. An empty
    frame gives an empty table. ``weighted``: ``pos``/``neg`` are summed weights
    (``tp, fp, tn, fn`` are then doubles), and scores of weight 0 are left out.

    Examples
    --------
    >>> from handyspark.evaluation.scores import resolve_scores
    >>> from handyspark.evaluation.table import score_counts
    >>> spec = resolve_scores(predictions, "probability", "Survived")
    >>> metrics_frame(score_counts(predictions, spec)).show(3)
    +------------------+---+--------------------+---------+--------------------+---+---+---+---+
    |         threshold|fpr|              recall|precision|                  f1| tp| fp| tn| fn|
    +------------------+---+--------------------+---------+--------------------+---+---+---+---+
    |0.9511795314034768|0.0|0.002923976608187...|      1.0|0.005830903790087...|  1|  0|549|341|
    |0.9313726338008946|0.0|0.008771929824561403|      1.0|0.017391304347826087|  3|  0|549|339|
    |0.9313146765192786|0.0|0.014619883040935672|      1.0| 0.02881844380403458|  5|  0|549|337|
    +------------------+---+--------------------+---------+--------------------+---+---+---+---+
    only showing top 3 rows
    """
    # As few Column operations and DataFrames as possible: on a classic session each Column operation
    # costs some ten round trips to the JVM and each DataFrame an analysis. So the window sums are used
    # in place (Spark repeats them, on the small per-score table) and the names are set once by toDF.
    # Counts stay integers; dividing them gives the same doubles as dividing their double casts, and
    # try_divide is null for a zero denominator.
    order = _ordered()
    upto = order.rowsBetween(Window.unboundedPreceding, Window.currentRow)
    whole = order.rowsBetween(Window.unboundedPreceding, Window.unboundedFollowing)
    tp, fp = F.sum("pos").over(upto), F.sum("neg").over(upto)
    P, N = F.sum("pos").over(whole), F.sum("neg").over(whole)
    predicted = tp + fp
    if weighted:  # as scikit-learn's curves, which leave rows of weight 0 out
        grouped = grouped.where(F.col("pos") + F.col("neg") > F.lit(0.0))
    table = _one_partition(grouped).select(
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


def spark_areas(grouped: DataFrame, weighted: bool = False) -> dict:
    """The areas and the row counts in one Spark job, however many distinct scores there are.

    Returns a dict with ``areaUnderROC``, ``areaUnderPR``, ``averagePrecision``,
    ``rocErrorBound`` (the ROC area's binning error bound, see the module notes;
    the ROC values are None without both classes, the PR ones without positives),
    ``P``, ``N`` and the counts of :class:`~handyspark.evaluation.checks.RowCounts`.
    The areas mean nothing when a row is invalid: check the counts first. ``weighted``:
    ``grouped`` is a weighted grouping (``P``, ``N`` are then summed weights).
    """
    w = _ordered()
    upto = w.rowsBetween(Window.unboundedPreceding, Window.currentRow)
    whole = w.rowsBetween(Window.unboundedPreceding, Window.unboundedFollowing)
    tp, fp = F.sum("pos").over(upto).cast("double"), F.sum("neg").over(upto).cast("double")
    P, N = F.sum("pos").over(whole), F.sum("neg").over(whole)
    problems = group_problems(weighted=weighted)
    rates = _one_partition(grouped).select(
        "threshold",
        "pos",
        "neg",
        P.alias("P"),
        N.alias("N"),
        F.try_divide(fp, N).alias("fpr"),
        F.try_divide(tp, P).alias("recall"),
        F.try_divide(tp, tp + fp).alias("precision"),
        *(c.alias(k) for k, c in problems.items()),
    )
    # the first defined precision (with weights, the highest scores may weigh 0: no precision there)
    first_precision = F.first("precision", ignorenulls=True).over(whole)
    steps = rates.select(
        "*",
        (F.col("fpr") - F.lag("fpr", 1, 0.0).over(w)).alias("dfpr"),
        (F.col("recall") - F.lag("recall", 1, 0.0).over(w)).alias("drecall"),
        F.lag("recall", 1, 0.0).over(w).alias("recall0"),
        F.coalesce(F.lag("precision", 1).over(w), first_precision).alias("precision0"),
    )
    Pd, Nd = F.max("P").cast("double"), F.max("N").cast("double")
    row = collect_aggregates(
        steps.agg(
            F.sum(F.col("dfpr") * (F.col("recall") + F.col("recall0")) / 2).alias("areaUnderROC"),
            F.sum(F.col("drecall") * (F.col("precision") + F.col("precision0")) / 2).alias("areaUnderPR"),
            F.sum(F.col("drecall") * F.col("precision")).alias("averagePrecision"),
            F.when(Pd * Nd > 0, F.sum(F.col("pos").cast("double") * F.col("neg")) / (2 * Pd * Nd)).alias(
                "rocErrorBound"
            ),
            F.max("P").alias("P"),
            F.max("N").alias("N"),
            *(F.sum(k).alias(k) for k in problems),
        )
    )[0]
    return row.asDict()


def total(values: pd.Series) -> int | float:
    """The sum of a column of the per-score table: an int for counts, a float for summed weights."""
    return float(values.sum()) if values.dtype.kind == "f" else int(values.sum())


def cumulative(table: pd.DataFrame) -> pd.DataFrame:
    """Add ``tp, fp, fn, tn, fpr, recall, precision, f1`` to a per-score table (driver side, no Spark).

    Scores of weight 0 (a weighted table's rows with ``pos + neg == 0``) are left out, as
    scikit-learn's curves leave rows of weight 0 out; a table of counts has none.
    """
    out = table[["threshold", "pos", "neg"]].copy()
    if is_weighted(table):
        out = out.loc[(out["pos"] + out["neg"]) > 0].reset_index(drop=True)
    out["tp"], out["fp"] = out["pos"].cumsum(), out["neg"].cumsum()
    P, N = total(out["pos"]), total(out["neg"])
    out["fn"], out["tn"] = P - out["tp"], N - out["fp"]
    tp, fp = out["tp"].to_numpy(np.float64), out["fp"].to_numpy(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["fpr"] = fp / N if N else np.nan
        out["recall"] = tp / P if P else np.nan
        out["precision"] = tp / (tp + fp)
        out["f1"] = np.where(tp > 0, 2 * tp / (tp + fp + P), 0.0)
    return out


def _classes(table: pd.DataFrame) -> tuple[int | float, int | float]:
    return total(table["pos"]), total(table["neg"])


def _holding(P: float, N: float) -> str:
    if isinstance(P, float) or isinstance(N, float):
        return f"the positives weigh {P:g} and the negatives {N:g}"
    return f"the labels hold {P} positives and {N} negatives"


def require_both_classes(P: float, N: float) -> None:
    """ROC curves and areas (and thresholds chosen on them) need a positive and a negative case.

    scikit-learn's ``roc_auc_score`` returns NaN with an ``UndefinedMetricWarning`` there.
    """
    if P == 0 or N == 0:
        raise ArgumentError(
            f"the ROC curve needs both classes; {_holding(P, N)} "
            "(the false or true positive rate is undefined)"
        )


def require_positives(P: float, N: float) -> None:
    """Precision-recall curves and areas need a positive case (recall is undefined otherwise).

    scikit-learn warns and sets recall to 1 there; with positives only, both agree (precision 1).
    """
    if P == 0:
        raise ArgumentError(
            f"the precision-recall curve needs positive cases; {_holding(P, N)} "
            "(recall is undefined)"
        )


def check_both_classes(table: pd.DataFrame) -> None:
    """:func:`require_both_classes` for a per-score table."""
    require_both_classes(*_classes(table))


def check_positives(table: pd.DataFrame) -> None:
    """:func:`require_positives` for a per-score table."""
    require_positives(*_classes(table))


def roc_points(table: pd.DataFrame) -> pd.DataFrame:
    """The ROC curve: ``threshold, fpr, tpr``, starting at (0, 0) with threshold ``inf``."""
    check_both_classes(table)
    cum = cumulative(table)
    head = pd.DataFrame({"threshold": [np.inf], "fpr": [0.0], "tpr": [0.0]})
    body = pd.DataFrame({"threshold": cum["threshold"], "fpr": cum["fpr"], "tpr": cum["recall"]})
    return pd.concat([head, body], ignore_index=True)


def pr_points(table: pd.DataFrame) -> pd.DataFrame:
    """The PR curve: ``threshold, recall, precision``, starting at (0, precision of the first threshold)."""
    check_positives(table)
    cum = cumulative(table)
    head = pd.DataFrame({"threshold": [np.inf], "recall": [0.0], "precision": [cum["precision"].iloc[0]]})
    body = pd.DataFrame({"threshold": cum["threshold"], "recall": cum["recall"], "precision": cum["precision"]})
    return pd.concat([head, body], ignore_index=True)


def _trapezoid(x: np.ndarray, y: np.ndarray) -> float:
    return float(np.sum(np.diff(x) * (y[1:] + y[:-1]) / 2))


def areas(table: pd.DataFrame) -> dict:
    """The areas (same definitions and keys as :func:`spark_areas`) from a per-score table on the driver.

    The ROC values are None without both classes, the PR ones without positives;
    ``P`` and ``N`` are the numbers of positives and negatives.
    """
    P, N = _classes(table)
    found = dict.fromkeys(AREA_NAMES) | {"P": P, "N": N}
    if P and N:
        roc = roc_points(table)
        found["areaUnderROC"] = _trapezoid(roc["fpr"].to_numpy(), roc["tpr"].to_numpy())
        found["rocErrorBound"] = float((table["pos"] * table["neg"].astype(np.float64)).sum() / (2.0 * P * N))
    if P:
        pr = pr_points(table)
        recall, precision = pr["recall"].to_numpy(), pr["precision"].to_numpy()
        found["areaUnderPR"] = _trapezoid(recall, precision)
        found["averagePrecision"] = float(np.sum(np.diff(recall) * precision[1:]))
    return found
