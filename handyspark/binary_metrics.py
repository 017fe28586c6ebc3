"""``BinaryClassificationMetrics``: ROC/PR curves, thresholds, confusion matrix, losses, calibration and ranking.

A front end over :mod:`handyspark.evaluation` (the numbers, computed by Spark)
and :mod:`handyspark.plotting.evaluation` (the drawing). It works on any
predictions DataFrame, classic or Spark Connect, without RDDs or the JVM.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import pandas as pd

from ._compat import DataFrame, is_connect, require
from ._table_figures import TableFigures
from .errors import ArgumentError
from .evaluation import confusion, curves, thresholds
from .evaluation.checks import InvalidRowsError, RowCounts, check_counts, check_rows
from .evaluation.scores import resolve_scores
from .evaluation.table import (
    DEFAULT_MAX_THRESHOLDS,
    Binning,
    check_predictions,
    collect_table,
    find_binning,
    grouped_scores,
    score_counts,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["BinaryClassificationMetrics"]

_T = TypeVar("_T")


class BinaryClassificationMetrics(TableFigures):
    """Evaluate a binary classifier from a DataFrame of predictions.

    Every number comes from one aggregation of the predictions by distinct
    score (counts of positives and negatives per score), computed by Spark the
    first time it is needed and kept: the per-score table on the driver (its
    size is the number of distinct scores, at most ``maxThresholds``) and the
    areas. Only these aggregates reach the driver; no row is collected. In all,
    an object runs at most three queries (areas, the per-score table and, with
    ``numBins``, the score range; Spark runs each as a few jobs, one per stage),
    whatever is called and however often; only ``confusionMatrix`` with
    ``numBins`` runs one more per call. ``getMetricsByThreshold`` runs at most
    one query itself (the check for invalid rows, when no other query has read
    them) and returns a lazy Spark DataFrame with an aggregation of its own
    (counts only), run whenever you act on it.

    Invalid rows (a null, NaN or infinite score, a probability vector without
    exactly two elements, a label other than 0 or 1, null included, and with
    ``weightCol`` a null, NaN, negative or infinite weight) are never
    dropped: each query counts them in its own aggregation and raises
    :class:`~handyspark.evaluation.checks.InvalidRowsError` (an
    :class:`~handyspark.errors.ArgumentError`) naming the columns and the number
    of rows; the object remembers it and raises it again without a job.
    Undefined metrics raise :class:`~handyspark.errors.ArgumentError` where
    scikit-learn warns or raises: no rows at all, ROC without both classes,
    precision-recall without a positive case.

    Parameters
    ----------
    df : DataFrame
        Predictions, one row per case (classic or Spark Connect).
    scoreCol : str
        The probability vector of a Spark ML classifier (positive class at index 1),
        an array of two probabilities, or a numeric score (higher means more likely positive).
    labelCol : str
        The true class: 0 or 1, any numeric type (or boolean).
    numBins : int, optional
        Group scores into this many equal-width bins between the smallest and
        largest score, for scores with too many distinct values. Counts stay
        exact at bin edges; ``areaUnderROCErrorBound`` bounds the ROC area's error.
        Default: exact, every distinct score is a threshold.
    maxThresholds : int
        Most distinct scores (or bins) kept on the driver for curves, histograms
        and the confusion matrix; more is an error suggesting ``numBins``.
        ``areaUnderROC``/``areaUnderPR`` and ``getMetricsByThreshold`` have no such limit.
    weightCol : str, optional
        A numeric column of row weights, as Spark's evaluators' ``weightCol`` and
        scikit-learn's ``sample_weight``: every figure is then the weighted one (counts
        become summed weights, floats). A null, NaN, negative or infinite weight makes
        the row invalid (see above); a weight of 0 is allowed and contributes nothing.
        ``gains``/``top_k`` (which count rows) refuse weights, and so does the
        ``'quantile'`` calibration curve. Default: every row weighs 1.

    Examples
    --------
    >>> from handyspark import BinaryClassificationMetrics
    >>> bcm = BinaryClassificationMetrics(predictions, scoreCol="probability", labelCol="Survived")
    >>> round(bcm.areaUnderROC, 4)
    0.837
    >>> bcm.confusionMatrix(0.5)
    predicted    0    1
    Survived
    0          468   81
    1          107  235
    >>> ax = bcm.plot_roc_curve()
    >>> weighted = BinaryClassificationMetrics(predictions, "probability", "Survived", weightCol="Fare")
    >>> round(weighted.areaUnderROC, 4), round(float(weighted.confusionMatrix(0.5).loc[1, 1]), 1)
    (0.8663, 13126.3)
    """

    def __init__(
        self,
        df: DataFrame,
        scoreCol: str = "probability",
        labelCol: str = "label",
        numBins: int | None = None,
        maxThresholds: int = DEFAULT_MAX_THRESHOLDS,
        *,
        weightCol: str | None = None,
    ) -> None:
        if is_connect(df):
            require("connect", connect=True)
        if not isinstance(df, DataFrame):
            raise ArgumentError(
                f"BinaryClassificationMetrics needs a Spark DataFrame of predictions, got {type(df).__name__}"
            )
        if numBins is not None and (isinstance(numBins, bool) or not isinstance(numBins, int) or numBins < 1):
            raise ArgumentError(f"numBins must be a positive integer or None, got {numBins!r}")
        if isinstance(maxThresholds, bool) or not isinstance(maxThresholds, int) or maxThresholds < 1:
            raise ArgumentError(f"maxThresholds must be a positive integer, got {maxThresholds!r}")
        # a HandyFrame's own collect/toPandas stop at its safety limit: the aggregates must not
        # (looked up on the class: a Connect DataFrame answers any attribute with a Column)
        # (PySpark's stubs type any unknown DataFrame attribute as a Column, so df.notHandy() "is not callable")
        self._df = df.notHandy() if hasattr(type(df), "notHandy") else df  # type: ignore[operator]
        self._spec = resolve_scores(df, scoreCol, labelCol, weightCol)
        self.numBins = numBins
        self.maxThresholds = maxThresholds
        self._binning_: Binning | None = None
        self._table_: pd.DataFrame | None = None
        self._areas_: dict | None = None
        self._invalid_: str | None = None  # the invalid rows a query found (reported again without a job)
        self._checked_ = False  # whether a query found every row valid

    @classmethod
    def from_table(cls, df: DataFrame, table: pd.DataFrame, scoreCol: str = "probability", labelCol: str = "label",
                   binning: Binning | None = None, maxThresholds: int = DEFAULT_MAX_THRESHOLDS,
                   *, weightCol: str | None = None) -> BinaryClassificationMetrics:
        """The metrics of ``df`` whose checked per-score table (``finish_table``) is already on the driver.

        A per-segment evaluation makes one per stratum from one Spark job: the figures that the
        table gives (areas, curves, thresholds, calibration, ranking) run no job of their own;
        ``getMetricsByThreshold`` stays a lazy query of ``df``. ``binning``: the bins the table's
        scores were grouped by, if any; ``weightCol``: the weights the table was made with, if any.
        """
        metrics = cls(df, scoreCol, labelCol, None if binning is None else binning.bins, maxThresholds,
                      weightCol=weightCol)
        metrics._binning_ = binning
        metrics._table_ = table
        metrics._checked_ = True
        return metrics

    def __repr__(self) -> str:
        s = self._spec
        weights = "" if s.weightCol is None else f", weightCol={s.weightCol!r}"
        return (f"BinaryClassificationMetrics(scoreCol={s.scoreCol!r}, labelCol={s.labelCol!r}, "
                f"numBins={self.numBins}{weights})")

    # ------------------------------------------------------------------ cached aggregates
    def _query(self, compute: Callable[[], _T]) -> _T:
        """Run one of the object's queries; invalid rows found by one are reported again without a job."""
        if self._invalid_ is not None:
            raise InvalidRowsError(self._invalid_)
        try:
            found = compute()
        except InvalidRowsError as exc:
            self._invalid_ = str(exc)
            raise
        self._checked_ = True
        return found

    def _binning(self) -> Binning | None:
        numBins = self.numBins
        if numBins is not None and self._binning_ is None:
            self._binning_ = self._query(lambda: find_binning(self._df, self._spec, numBins))
        return self._binning_

    def _grouped(self) -> DataFrame:
        return grouped_scores(self._df, self._spec, self._binning())

    def _table(self) -> pd.DataFrame:
        """The per-score table on the driver (one Spark job, the first time)."""
        if self._table_ is None:
            self._table_ = self._query(
                lambda: collect_table(self._df, self._spec, self._binning(), self.maxThresholds)
            )
        return self._table_

    def _spark_areas(self) -> dict:
        found = curves.spark_areas(self._grouped(), self._spec.weighted)
        counts = RowCounts.of(found)
        check_counts(self._spec, counts)
        check_rows(counts)
        return found

    def _areas(self) -> dict:
        if self._areas_ is None:
            if self._table_ is not None:  # already on the driver: no job
                self._areas_ = curves.areas(self._table_)
            else:
                self._areas_ = self._query(self._spark_areas)
        return self._areas_

    def _area(self, name: str) -> float:
        found = self._areas()
        cast = float if self._spec.weighted else int  # summed weights, or counts
        P, N = cast(found["P"] or 0), cast(found["N"] or 0)
        if name in curves.ROC_AREAS:
            curves.require_both_classes(P, N)
        else:
            curves.require_positives(P, N)
        return float(found[name])

    @property
    def _exact(self) -> bool:
        return self.numBins is None

    # ------------------------------------------------------------------ areas and curves
    @property
    def areaUnderROC(self) -> float:
        """Area under the ROC curve, equal to the rank-based (Mann-Whitney) AUC with ties counted one half.

        Equals scikit-learn's ``roc_auc_score``. Needs both classes: with one class only
        (where scikit-learn warns and returns NaN) it raises :class:`~handyspark.errors.ArgumentError`.
        """
        return self._area("areaUnderROC")

    @property
    def areaUnderPR(self) -> float:
        """Area under the precision-recall curve by trapezoids, as Spark's ``BinaryClassificationMetrics``.

        The curve starts at (0, precision at the highest score). Needs a positive case
        (raises :class:`~handyspark.errors.ArgumentError` otherwise); with positives only it is 1.
        """
        return self._area("areaUnderPR")

    @property
    def averagePrecision(self) -> float:
        """Average precision, ``sum((R_k - R_{k-1}) * P_k)``, as scikit-learn's ``average_precision_score``.

        Needs a positive case (scikit-learn warns and returns 0 without one; this raises
        :class:`~handyspark.errors.ArgumentError`).
        """
        return self._area("averagePrecision")

    @property
    def areaUnderROCErrorBound(self) -> float:
        """Largest possible error of ``areaUnderROC`` due to ``numBins`` (0 when exact)."""
        return 0.0 if self._exact else self._area("rocErrorBound")

    def roc(self) -> pd.DataFrame:
        """The ROC curve as a pandas DataFrame ``threshold, fpr, tpr`` (first row: threshold ``inf``, (0, 0)).

        Needs both classes (scikit-learn's ``roc_curve`` warns and gives NaN rates otherwise).
        """
        return curves.roc_points(self._table())

    def pr(self) -> pd.DataFrame:
        """The PR curve as a pandas DataFrame ``threshold, recall, precision`` (first row: recall 0).

        Needs a positive case (scikit-learn's ``precision_recall_curve`` warns otherwise).
        """
        return curves.pr_points(self._table())

    def plot_roc_curve(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Draw the ROC curve (with its area in the legend); returns the Axes."""
        from .plotting.evaluation import draw_roc_curve

        return draw_roc_curve(self.roc(), self.areaUnderROC, ax=ax, **kwargs)

    def plot_pr_curve(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Draw the precision-recall curve (with its area and the share of positives); returns the Axes."""
        from .plotting.evaluation import draw_pr_curve

        table = self._table()
        baseline = float(table["pos"].sum() / (table["pos"].sum() + table["neg"].sum()))
        return draw_pr_curve(self.pr(), self.areaUnderPR, baseline=baseline, ax=ax, **kwargs)

    # ------------------------------------------------------------------ thresholds
    def getMetricsByThreshold(self) -> DataFrame:
        """A Spark DataFrame with ``threshold, fpr, recall, precision, f1, tp, fp, tn, fn`` per distinct score.

        Lazy (one aggregation of the predictions by score, counting positives,
        negatives and invalid rows, then window sums; it runs when you act on it),
        ordered by decreasing threshold; score >= threshold means positive. A rate
        whose denominator is 0 is null (one class only; scikit-learn's curves give
        NaN there, with a warning); an empty frame gives an empty table.

        No row is dropped. Rows with a null, NaN or infinite score, a probability
        vector without exactly two elements, or a label other than 0 or 1 raise
        :class:`~handyspark.evaluation.checks.InvalidRowsError` here, at once:
        unless another query of this object has already read every row, this
        runs one Spark job that counts them (with ``numBins``, the job that
        finds the score range).

        Examples
        --------
        >>> bcm = BinaryClassificationMetrics(predictions, scoreCol="probability", labelCol="Survived")
        >>> bcm.getMetricsByThreshold().show(3)
        +------------------+---+--------------------+---------+--------------------+---+---+---+---+
        |         threshold|fpr|              recall|precision|                  f1| tp| fp| tn| fn|
        +------------------+---+--------------------+---------+--------------------+---+---+---+---+
        |0.9511795314034768|0.0|0.002923976608187...|      1.0|0.005830903790087...|  1|  0|549|341|
        |0.9313726338008946|0.0|0.008771929824561403|      1.0|0.017391304347826087|  3|  0|549|339|
        |0.9313146765192786|0.0|0.014619883040935672|      1.0| 0.02881844380403458|  5|  0|549|337|
        +------------------+---+--------------------+---------+--------------------+---+---+---+---+
        only showing top 3 rows
        """
        binning = self._binning()
        if not self._checked_:
            self._query(lambda: check_predictions(self._df, self._spec))
        return curves.metrics_frame(score_counts(self._df, self._spec, binning), self._spec.weighted)

    def metrics_by_threshold(self) -> pd.DataFrame:
        """The same metrics as a pandas DataFrame (plus accuracy, specificity, balanced accuracy, Youden's J)."""
        return thresholds.metrics_by_threshold(self._table())

    def best_threshold(self, metric: str = "f1", costs: dict[str, float] | None = None) -> thresholds.Threshold:
        """The threshold that maximises ``metric``, or with ``metric='cost'`` minimises ``fp * FP + fn * FN``.

        ``metric`` is one of ``f1, precision, recall, accuracy, specificity,
        balanced_accuracy, youden, cost``; ``costs={'fp': ..., 'fn': ...}`` (finite,
        >= 0, not both 0) goes with ``'cost'`` only, where predicting no positive
        (``inf``) is a candidate too. Among ties, the highest threshold. The result
        is a float with ``.metrics`` there (see :class:`~handyspark.evaluation.thresholds.Threshold`).
        Needs both classes.

        Examples
        --------
        >>> bcm = BinaryClassificationMetrics(predictions, scoreCol="probability", labelCol="Survived")
        >>> best = bcm.best_threshold("cost", costs={"fp": 1, "fn": 3})
        >>> float(best.metrics["fp"] * 1 + best.metrics["fn"] * 3) == float(best.metrics["cost"])
        True
        """
        return thresholds.best_threshold(self._table(), metric, costs)

    def threshold_at(
        self, *, precision: float | None = None, recall: float | None = None, fpr: float | None = None
    ) -> thresholds.Threshold:
        """The threshold meeting a target (exactly one keyword), with the metrics there.

        ``precision=x``: the lowest threshold with precision >= x (an error when none
        reaches x); ``recall=x``: the highest threshold with recall >= x; ``fpr=x``: the
        lowest threshold with false positive rate <= x (``inf`` when none is). Exact over
        every distinct score; needs both classes.

        Examples
        --------
        >>> bcm = BinaryClassificationMetrics(predictions, scoreCol="probability", labelCol="Survived")
        >>> at = bcm.threshold_at(recall=0.9)
        >>> bool(at.metrics["recall"] >= 0.9)
        True
        """
        return thresholds.threshold_at(self._table(), precision=precision, recall=recall, fpr=fpr)

    def threshold_for_fpr(self, fpr: float) -> thresholds.Threshold:
        """``threshold_at(fpr=fpr)``: the lowest threshold whose false positive rate is at most ``fpr`` (``inf`` if none is)."""
        return thresholds.threshold_for_fpr(self._table(), fpr)

    # ------------------------------------------------------------------ confusion matrix
    def confusionMatrix(self, threshold: float = 0.5) -> pd.DataFrame:
        """Counts with rows = true class (0, 1) and columns = predicted class (0, 1); score >= threshold is 1.

        Equals scikit-learn's ``confusion_matrix(y, score >= threshold, labels=[0, 1])``
        (one class only included); an empty frame raises :class:`~handyspark.errors.ArgumentError`.
        """
        table = self._table()
        if self._exact:
            return confusion.confusion_from_table(table, threshold, self._spec.labelCol)
        return confusion.confusion_from_data(self._df, self._spec, threshold)

    def print_confusion_matrix(self, threshold: float = 0.5) -> confusion.ConfusionMatrix:
        """Print the confusion matrix at ``threshold`` and return it (as HandySpark 0.2 returned it).

        Examples
        --------
        >>> bcm = BinaryClassificationMetrics(predictions, scoreCol="probability", labelCol="Survived")
        >>> matrix = bcm.print_confusion_matrix(0.5)
        Confusion matrix (threshold = 0.5; score >= threshold is predicted 1)
                  predicted 0  predicted 1
        true 0          468           81
        true 1          107          235
        >>> int(matrix.loc[1, 1])
        235
        """
        matrix = self.confusionMatrix(threshold)
        print(confusion.format_confusion(matrix, float(threshold)))
        return matrix
