"""Multiclass metrics of a probability vector: two Spark aggregations, every figure on the driver.

A row has a probability vector (or array) of ``K`` elements, one per class, and a label, the index
of its true class (``0.0, 1.0, ...`` as Spark ML writes it). The predicted class is the index of
the largest probability, the first one among ties (as ``numpy.argmax``).

* :func:`class_table`, one Spark job: the rows grouped by true class, predicted class and vector
  size, with the summed log losses and the smallest and largest probability. The confusion matrix,
  the per-class precision, recall, F1 and support, their averages, the accuracy and the log loss
  all follow from it (:func:`confusion_matrix`, :func:`metrics_by_class`, :func:`averages`,
  :func:`log_loss`). Its size is about ``K * K``, whatever the number of rows.
* :func:`one_vs_rest_auc`, one Spark job: each class's score against the rest, as the rank-based
  ROC area (ties count one half), from the rows grouped by class and distinct score, with window
  sums in Spark; only ``K`` areas reach the driver.

Invalid rows are never dropped: a null or wrong-sized vector, a vector with a null, NaN or
infinite element, and a label that is not a class index of the vector (null, NaN, fractional,
negative or too large) are counted by the first job, and every metric raises
:class:`~handyspark.evaluation.checks.InvalidRowsError` naming the columns and the counts.

With a ``weightCol`` (finite weights >= 0, as Spark's evaluators' ``weightCol`` and scikit-learn's
``sample_weight``), every count becomes a summed weight (a float): the confusion matrix, the
supports, the averages, the accuracy, the log loss and the one-vs-rest areas are then
scikit-learn's with ``sample_weight``. A null, NaN, negative or infinite weight makes the row
invalid (counted, never dropped); a weight of 0 is allowed and contributes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyspark.sql.functions as F
from pyspark.sql import Window
from pyspark.sql import types as T

from .._compat import Column, DataFrame
from .._expressions import column
from .._validation import is_numeric
from ..errors import ArgumentError, ColumnTypeError
from ..safety import aggregates_to_pandas, collect_aggregates
from .checks import InvalidRowsError
from .loss import EPS
from .scores import prediction_types

__all__ = [
    "MulticlassSpec",
    "resolve_multiclass",
    "class_table",
    "confusion_matrix",
    "metrics_by_class",
    "averages",
    "accuracy",
    "log_loss",
    "one_vs_rest_auc",
    "AVERAGES",
]

#: The averages of :func:`averages` (and scikit-learn's ``average=``).
AVERAGES = ("micro", "macro", "weighted")


@dataclass(frozen=True)
class MulticlassSpec:
    """Which columns hold the probability vector and the label, and how to read them (no Spark job)."""

    scoreCol: str
    labelCol: str
    vector: bool  # a pyspark.ml vector (else an array of numbers)
    numClasses: int | None = None
    weightCol: str | None = None  # the row weights; None: every row weighs 1 (counts)

    def weight(self) -> Column:
        """The row weight as a double (1.0 without ``weightCol``)."""
        return F.lit(1.0) if self.weightCol is None else column(self.weightCol).cast("double")

    def weight_ok(self) -> Column:
        """True where the weight is finite and >= 0 (always without ``weightCol``)."""
        if self.weightCol is None:
            return F.lit(True)
        w = self.weight()
        return F.coalesce((F.abs(w) < F.lit(float("inf"))) & (w >= F.lit(0.0)), F.lit(False))

    def elements(self) -> Column:
        """The probabilities as an array of doubles (a null vector stays null)."""
        col = column(self.scoreCol)
        if self.vector:
            from pyspark.ml.functions import vector_to_array  # works on classic and Connect

            return F.when(col.isNotNull(), vector_to_array(col))
        return F.transform(col, lambda x: x.cast("double"))

    def label(self) -> Column:
        """The label as a double (null and NaN stay as they are)."""
        return column(self.labelCol).cast("double")


def resolve_multiclass(df: DataFrame, scoreCol: str, labelCol: str, numClasses: int | None = None,
                       weightCol: str | None = None) -> MulticlassSpec:
    """Check the probability and label columns of ``df`` before any Spark job.

    Parameters
    ----------
    df : DataFrame
    scoreCol : str
        A probability vector (``pyspark.ml``) or an array of numbers, one element per class.
    labelCol : str
        The true class index (``0, 1, ..., K - 1``), of any numeric type.
    numClasses : int, optional
        ``K``; by default the size of the largest vector.
    weightCol : str, optional
        A numeric column of row weights (finite, >= 0); None: every row weighs 1.

    Examples
    --------
    >>> resolve_multiclass(predictions3, "probability", "Pclass_idx").vector
    True
    >>> resolve_multiclass(predictions3, "probability", "Pclass_idx", weightCol="Fare").weightCol
    'Fare'
    """
    if numClasses is not None and (isinstance(numClasses, bool) or not isinstance(numClasses, int)
                                   or numClasses < 2):
        raise ArgumentError(f"numClasses must be an integer of at least 2 or None, got {numClasses!r}")
    score_type, label_type = prediction_types(df, scoreCol, labelCol, weightCol)
    vector = isinstance(score_type, T.UserDefinedType) and score_type.simpleString() == "vector"
    if not vector and not (isinstance(score_type, T.ArrayType) and is_numeric(score_type.elementType)):
        raise ColumnTypeError(f"scoreCol {scoreCol!r} must be a probability vector or an array of numbers, "
                              f"one per class; it is {score_type.simpleString()}")
    if not is_numeric(label_type):
        raise ColumnTypeError(f"labelCol {labelCol!r} must be numeric (the class index 0, 1, ...); "
                              f"it is {label_type.simpleString()}")
    return MulticlassSpec(scoreCol, labelCol, vector, numClasses, weightCol)


def _bad_element(x: Column) -> Column:
    return x.isNull() | F.isnan(x) | (F.abs(x) == F.lit(float("inf")))


def class_table(df: DataFrame, spec: MulticlassSpec) -> pd.DataFrame:
    """The rows grouped by true class, predicted class and vector size (one Spark job).

    Returns a pandas DataFrame ``label, predicted, size, n, loss, pmin, pmax, bad_score, bad_label``:
    ``loss`` sums ``-log(clip(p[label], eps, 1 - eps))`` (scikit-learn's clipping, see
    :mod:`~handyspark.evaluation.loss`) where the label is an index of the vector; ``pmin``, ``pmax``
    bound the probabilities. Rows with an unusable vector (null, or a null, NaN or infinite
    element) have null ``label``, ``predicted`` and ``size`` and are counted in ``bad_score``;
    rows whose label is not a whole number at least 0 (null and NaN included) are counted in
    ``bad_label``. :func:`check_table` then checks the sizes and label ranges against ``K``.
    With weights, ``weight`` sums the rows' weights and ``loss`` their weighted losses; the other
    rows with a null, NaN, negative or infinite weight are counted in ``bad_weight``.

    Examples
    --------
    >>> int(class_table(predictions3, resolve_multiclass(predictions3, "probability", "Pclass_idx"))["n"].sum())
    891
    """
    p, y = spec.elements(), spec.label()
    bad_score = p.isNull() | F.exists(p, _bad_element)
    bad_label = y.isNull() | F.isnan(y) | (y < 0) | (y != F.floor(y))
    weighted = spec.weightCol is not None
    bad_weight = ~bad_score & ~bad_label & ~spec.weight_ok()
    valid = ~bad_score & ~bad_label & spec.weight_ok() if weighted else ~bad_score & ~bad_label
    index = F.when(valid, y).cast("int")
    truth = F.get(p, index)  # null where the label is past the vector's end (counted by check_table)
    loss = -F.log(F.least(F.greatest(truth, F.lit(EPS)), F.lit(1.0 - EPS)))
    weights = [F.when(valid, spec.weight()).alias("w"), bad_weight.alias("bad_weight")] if weighted else []
    rows = df.select(
        F.when(valid, y).alias("label"),
        F.when(valid, F.array_position(p, F.array_max(p)) - 1).alias("predicted"),
        F.when(valid, F.size(p)).alias("size"),
        F.when(valid, loss * spec.weight() if weighted else loss).alias("loss"),
        F.when(valid, F.array_min(p)).alias("lo"),
        F.when(valid, F.array_max(p)).alias("hi"),
        bad_score.alias("bad_score"),
        (~bad_score & bad_label).alias("bad_label"),
        *weights,
    )
    sums = [F.sum("w").alias("weight"), F.count_if("bad_weight").alias("bad_weight")] if weighted else []
    grouped = rows.groupBy("label", "predicted", "size").agg(
        F.count(F.lit(1)).alias("n"), F.sum("loss").alias("loss"), F.min("lo").alias("pmin"),
        F.max("hi").alias("pmax"), F.count_if("bad_score").alias("bad_score"),
        F.count_if("bad_label").alias("bad_label"), *sums,
    )
    table = aggregates_to_pandas(grouped)
    for name in ("n", "bad_score", "bad_label", *(["bad_weight"] if weighted else [])):
        table[name] = table[name].fillna(0).astype(np.int64)
    if weighted:
        table["weight"] = table["weight"].astype(np.float64).fillna(0.0)
    return table


def check_table(table: pd.DataFrame, spec: MulticlassSpec) -> tuple[pd.DataFrame, int]:
    """The valid groups of :func:`class_table` and ``K``; raise for invalid rows or no rows.

    ``K`` is ``spec.numClasses`` or the largest vector size. A row whose vector has another size, or
    whose label is ``K`` or more, is invalid.
    """
    valid = table[table["size"].notna()].copy()
    sizes = valid["size"].astype(np.int64)
    k = spec.numClasses if spec.numClasses is not None else int(sizes.max()) if len(valid) else 0
    wrong_size = int(valid.loc[sizes != k, "n"].sum())
    valid = valid[sizes == k]
    too_large = int(valid.loc[valid["label"] >= k, "n"].sum())
    bad_score, bad_label = int(table["bad_score"].sum()), int(table["bad_label"].sum()) + too_large
    bad_weight = int(table["bad_weight"].sum()) if "bad_weight" in table.columns else 0
    problems = [(bad_label, f"labelCol {spec.labelCol!r}", "a label that is not a class index 0 to K - 1 "
                 "(null, NaN, fractional and negative included)"),
                (bad_score, f"scoreCol {spec.scoreCol!r}", "a null vector or a null, NaN or infinite probability"),
                (wrong_size, f"scoreCol {spec.scoreCol!r}", f"a vector without exactly K = {k} elements"),
                (bad_weight, f"weightCol {spec.weightCol!r}", "a weight that is null, NaN, negative or infinite")]
    found = [f"{n} {'row has' if n == 1 else 'rows have'} {what} ({where})" for n, where, what in problems if n]
    if found:
        raise InvalidRowsError(f"rows that cannot be evaluated: {sum(n for n, _, _ in problems)}: "
                               + "; ".join(found) + ". Multiclass metrics need a probability vector of K "
                               "finite elements and a class index on every row: filter or fill these rows first")
    if not len(valid):
        raise ArgumentError("multiclass metrics need at least one row; the predictions are empty")
    valid["label"] = valid["label"].astype(np.int64)
    valid["predicted"] = valid["predicted"].astype(np.int64)
    return valid.reset_index(drop=True), k


def confusion_matrix(table: pd.DataFrame, k: int, labelCol: str = "label") -> pd.DataFrame:
    """Counts with rows = true class and columns = predicted class, ``0`` to ``k - 1`` (all of them).

    Equal to scikit-learn's ``confusion_matrix(y, P.argmax(1), labels=range(k))``; with weights (a
    ``weight`` column in ``table``), summed weights, as with ``sample_weight=w``.

    Examples
    --------
    >>> t = pd.DataFrame({"label": [0, 1, 1], "predicted": [0, 1, 2], "n": [5, 3, 1]})
    >>> confusion_matrix(t, 3).to_numpy().tolist()
    [[5, 0, 0], [0, 3, 1], [0, 0, 0]]
    """
    weighted = "weight" in table.columns
    kind = np.float64 if weighted else np.int64
    matrix = np.zeros((k, k), dtype=kind)
    np.add.at(matrix, (table["label"].to_numpy(np.int64), table["predicted"].to_numpy(np.int64)),
              table["weight" if weighted else "n"].to_numpy(kind))
    return pd.DataFrame(matrix, index=pd.Index(range(k), name=labelCol),
                        columns=pd.Index(range(k), name="predicted"))


def _ratio(num: np.ndarray, den: np.ndarray, zero_division: float) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1), zero_division)


def _check_zero_division(zero_division: float) -> float:
    if isinstance(zero_division, bool) or not isinstance(zero_division, (int, float)) or not (
            zero_division in (0, 1) or np.isnan(zero_division)):
        raise ArgumentError(f"zero_division must be 0.0, 1.0 or nan, got {zero_division!r}")
    return float(zero_division)


def _mean(figures: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    """The (weighted) mean of each column, leaving NaN out (``zero_division=nan``), as scikit-learn averages."""
    w = np.ones(len(figures)) if weights is None else weights
    out = []
    for col in figures.T:
        keep = ~np.isnan(col)
        total = w[keep].sum()
        out.append(float((col[keep] * w[keep]).sum() / total) if total else float("nan"))
    return np.array(out)


def _whole(values: np.ndarray, matrix: pd.DataFrame) -> np.ndarray:
    """Counts as integers; summed weights (a matrix of floats) as they are."""
    return values if all(d.kind == "f" for d in matrix.dtypes) else values.astype(np.int64)


def metrics_by_class(matrix: pd.DataFrame, zero_division: float = 0.0) -> pd.DataFrame:
    """Precision, recall, F1 and support of every class, as scikit-learn's ``precision_recall_fscore_support``.

    A ratio whose denominator is 0 (a class never predicted, or never true) is ``zero_division``:
    scikit-learn's default (``"warn"``) gives 0.0 with a warning; pass ``numpy.nan`` to leave it undefined.
    A matrix of summed weights gives the weighted figures (``support`` is then the summed weight).

    Examples
    --------
    >>> m = pd.DataFrame([[5, 0], [1, 3]])
    >>> metrics_by_class(m).round(4).to_dict("list")
    {'precision': [0.8333, 1.0], 'recall': [1.0, 0.75], 'f1': [0.9091, 0.8571], 'support': [5, 4]}
    """
    zero_division = _check_zero_division(zero_division)
    c = matrix.to_numpy(np.float64)
    tp, predicted, actual = np.diag(c), c.sum(axis=0), c.sum(axis=1)
    precision, recall = _ratio(tp, predicted, zero_division), _ratio(tp, actual, zero_division)
    # F1 as scikit-learn computes it: 2 tp / (predicted + actual), zero_division where both are 0
    return pd.DataFrame({"precision": precision, "recall": recall,
                         "f1": _ratio(2.0 * tp, predicted + actual, zero_division),
                         "support": _whole(actual, matrix)}, index=matrix.index)


def averages(matrix: pd.DataFrame, zero_division: float = 0.0) -> pd.DataFrame:
    """Micro, macro and weighted precision, recall and F1, as ``precision_recall_fscore_support(average=...)``.

    Macro is the plain mean over the classes, weighted the mean weighted by support, micro the
    ratios of the summed counts (equal to the accuracy when every row has one true class).

    Examples
    --------
    >>> averages(pd.DataFrame([[5, 0], [1, 3]])).loc["macro"].round(4).tolist()
    [0.9167, 0.875, 0.8831, 9.0]
    """
    zd = _check_zero_division(zero_division)
    per_class = metrics_by_class(matrix, zd)
    support = per_class["support"].to_numpy(np.float64)
    total, tp = support.sum(), float(np.trace(matrix.to_numpy(np.float64)))
    # every row has one true and one predicted class: the summed counts are tp, total and total
    micro = _ratio(np.array([tp, tp, 2 * tp]), np.array([total, total, 2 * total]), zd)
    figures = per_class[["precision", "recall", "f1"]].to_numpy(np.float64)
    rows = {"micro": micro, "macro": _mean(figures), "weighted": _mean(figures, support)}
    out = pd.DataFrame.from_dict({k: list(v) for k, v in rows.items()}, orient="index",
                                 columns=["precision", "recall", "f1"])
    out["support"] = total if all(d.kind == "f" for d in matrix.dtypes) else int(total)
    return out


def accuracy(matrix: pd.DataFrame) -> float:
    """The share of rows whose predicted class is the true one (``accuracy_score``)."""
    c = matrix.to_numpy(np.float64)  # counts, or summed weights
    return float(np.trace(c) / c.sum())


def log_loss(table: pd.DataFrame, scoreCol: str = "probability") -> float:
    """The multiclass cross-entropy, as scikit-learn's ``log_loss(y, P, labels=range(K))``.

    The probability of the true class is clipped to ``[eps, 1 - eps]``; the vectors are not
    renormalised (scikit-learn warns when they do not sum to 1 and does not either). Probabilities
    outside [0, 1] raise :class:`~handyspark.errors.ArgumentError`, as scikit-learn raises.

    Examples
    --------
    >>> t = pd.DataFrame({"n": [2], "loss": [-2 * np.log(0.8)], "pmin": [0.1], "pmax": [0.8]})
    >>> round(log_loss(t), 6)
    0.223144
    """
    lo, hi = float(table["pmin"].min()), float(table["pmax"].max())
    if lo < 0 or hi > 1:
        raise ArgumentError(f"log_loss needs probabilities in [0, 1]; {scoreCol!r} ranges from {lo} to {hi}")
    if "weight" in table.columns:  # the weighted mean, as sample_weight=w
        total = float(table["weight"].sum())
        if total == 0:
            raise ArgumentError("log_loss needs rows of positive weight; the weights sum to 0")
        return float(table["loss"].sum() / total)
    return float(table["loss"].sum() / table["n"].sum())


def one_vs_rest_auc(df: DataFrame, spec: MulticlassSpec, k: int) -> pd.DataFrame:
    """Each class's ROC area against the rest (one Spark job): ``class, auc, positives, negatives``.

    The area of class ``c`` is the rank-based (Mann-Whitney) one of ``p[c]`` between the rows of
    class ``c`` and the others, ties counting one half: scikit-learn's
    ``roc_auc_score(y == c, P[:, c])``. It is NaN for a class without positive or negative rows.
    Rows are grouped by class and distinct score, and the rows of class ``c`` with a higher score
    are summed by a window per class: only ``k`` rows reach the driver. Call it on predictions
    that :func:`check_table` found valid (invalid rows are left out here). With weights,
    ``positives``/``negatives`` are summed weights and each pair weighs the product of its rows'
    weights: ``roc_auc_score(y == c, P[:, c], sample_weight=w)``.

    Examples
    --------
    >>> spec = resolve_multiclass(predictions3, "probability", "Pclass_idx")
    >>> one_vs_rest_auc(predictions3, spec, 3)["auc"].round(4).tolist()
    [0.9681, 0.851, 0.9211]
    """
    p, y = spec.elements(), spec.label()
    valid = (p.isNotNull() & ~F.exists(p, _bad_element) & (F.size(p) == k)
             & y.isNotNull() & ~F.isnan(y) & (y >= 0) & (y < k) & (y == F.floor(y)))
    weighted = spec.weightCol is not None
    if weighted:
        cells = df.where(valid & spec.weight_ok()).select(y.cast("int").alias("y"), spec.weight().alias("w"),
                                                          F.posexplode(p).alias("c", "s"))
        w, zero = F.col("w"), F.lit(0.0)
        grouped = cells.groupBy("c", "s").agg(F.sum(F.when(F.col("y") == F.col("c"), w).otherwise(zero)).alias("pos"),
                                              F.sum(F.when(F.col("y") != F.col("c"), w).otherwise(zero)).alias("neg"))
    else:
        cells = df.where(valid).select(y.cast("int").alias("y"), F.posexplode(p).alias("c", "s"))
        grouped = cells.groupBy("c", "s").agg(F.count_if(F.col("y") == F.col("c")).alias("pos"),
                                              F.count_if(F.col("y") != F.col("c")).alias("neg"))
    higher = Window.partitionBy("c").orderBy(F.col("s").desc()).rowsBetween(Window.unboundedPreceding, -1)
    above = F.coalesce(F.sum("pos").over(higher), F.lit(0)).cast("double")
    pairs = grouped.select("c", "pos", "neg", (F.col("neg") * (above + F.col("pos") / 2.0)).alias("wins"))
    per_class = pairs.groupBy("c").agg(F.sum("wins").alias("wins"), F.sum("pos").alias("positives"),
                                       F.sum("neg").alias("negatives"))
    found = {int(r["c"]): r for r in collect_aggregates(per_class)}
    rows = []
    cast = float if weighted else int  # summed weights, or counts
    for c in range(k):
        r = found.get(c)
        pos, neg = (cast(r["positives"]), cast(r["negatives"])) if r is not None else (cast(0), cast(0))
        auc = float(r["wins"]) / (pos * neg) if r is not None and pos and neg else float("nan")
        rows.append({"class": c, "auc": auc, "positives": pos, "negatives": neg})
    return pd.DataFrame(rows).set_index("class")
