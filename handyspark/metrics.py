"""``BinaryClassificationMetrics``: ROC/PR curves, metrics by threshold, confusion matrix and log loss.

A front end over :mod:`handyspark.evaluation` (the numbers, computed by Spark)
and :mod:`handyspark.plotting.evaluation` (the drawing). It works on any
predictions DataFrame, classic or Spark Connect, without RDDs or the JVM.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from ._compat import DataFrame
from .errors import ArgumentError
from .evaluation import confusion, curves, histograms, loss, thresholds
from .evaluation.scores import resolve_scores
from .evaluation.table import (
    DEFAULT_MAX_THRESHOLDS,
    Binning,
    check_counts,
    collect_table,
    find_binning,
    grouped_scores,
    score_counts,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["BinaryClassificationMetrics"]


class BinaryClassificationMetrics:
    """Evaluate a binary classifier from a DataFrame of predictions.

    Every number comes from one aggregation of the predictions by distinct
    score (counts of positives and negatives per score), computed by Spark the
    first time it is needed and kept: the per-score table on the driver (its
    size is the number of distinct scores, at most ``maxThresholds``) and the
    areas. Only these aggregates reach the driver; no row is collected. In all,
    an object runs at most three queries (areas, the per-score table and, with
    ``numBins``, the score range; Spark runs each as a few jobs, one per stage),
    whatever is called and however often; only ``confusionMatrix`` with
    ``numBins`` runs one more per call. ``getMetricsByThreshold`` runs no query
    itself: it returns a lazy Spark DataFrame with an aggregation of its own
    (counts only), run whenever you act on it.

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

    Examples
    --------
    >>> from handyspark import BinaryClassificationMetrics
    >>> bcm = BinaryClassificationMetrics(predictions, scoreCol="probability", labelCol="Survived")  # doctest: +SKIP
    >>> bcm.areaUnderROC  # doctest: +SKIP
    0.8502
    >>> bcm.confusionMatrix(0.5)  # doctest: +SKIP
    >>> bcm.plot_roc_curve()  # doctest: +SKIP
    """

    def __init__(
        self,
        df: DataFrame,
        scoreCol: str = "probability",
        labelCol: str = "label",
        numBins: int | None = None,
        maxThresholds: int = DEFAULT_MAX_THRESHOLDS,
    ) -> None:
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
        self._df = df.notHandy() if hasattr(type(df), "notHandy") else df
        self._spec = resolve_scores(df, scoreCol, labelCol)
        self.numBins = numBins
        self.maxThresholds = maxThresholds
        self._binning_: Binning | None = None
        self._table_: pd.DataFrame | None = None
        self._areas_: dict | None = None

    def __repr__(self) -> str:
        s = self._spec
        return f"BinaryClassificationMetrics(scoreCol={s.scoreCol!r}, labelCol={s.labelCol!r}, numBins={self.numBins})"

    # ------------------------------------------------------------------ cached aggregates
    def _binning(self) -> Binning | None:
        if self.numBins is not None and self._binning_ is None:
            self._binning_ = find_binning(self._df, self._spec, self.numBins)
        return self._binning_

    def _grouped(self) -> DataFrame:
        return grouped_scores(self._df, self._spec, self._binning())

    def _table(self) -> pd.DataFrame:
        """The per-score table on the driver (one Spark job, the first time)."""
        if self._table_ is None:
            self._table_ = collect_table(self._df, self._spec, self._binning(), self.maxThresholds)
        return self._table_

    def _areas(self) -> dict:
        if self._areas_ is None:
            if self._table_ is not None:  # already on the driver: no job
                self._areas_ = curves.areas(self._table_)
            else:
                found = curves.spark_areas(self._grouped())
                check_counts(self._spec, int(found["missing"] or 0), int(found["bad_label"] or 0),
                             int(found["bad_score"] or 0))
                P, N = int(found["P"] or 0), int(found["N"] or 0)
                if P == 0 or N == 0:
                    raise ArgumentError(
                        f"ROC and PR curves need both classes; the labels hold {P} positives and {N} negatives"
                    )
                self._areas_ = {k: float(found[k]) for k in curves.AREA_NAMES}
        return self._areas_

    @property
    def _exact(self) -> bool:
        return self.numBins is None

    # ------------------------------------------------------------------ areas and curves
    @property
    def areaUnderROC(self) -> float:
        """Area under the ROC curve, equal to the rank-based (Mann-Whitney) AUC with ties counted one half."""
        return self._areas()["areaUnderROC"]

    @property
    def areaUnderPR(self) -> float:
        """Area under the precision-recall curve by trapezoids, as Spark's ``BinaryClassificationMetrics``."""
        return self._areas()["areaUnderPR"]

    @property
    def averagePrecision(self) -> float:
        """Average precision, ``sum((R_k - R_{k-1}) * P_k)``, as scikit-learn's ``average_precision_score``."""
        return self._areas()["averagePrecision"]

    @property
    def areaUnderROCErrorBound(self) -> float:
        """Largest possible error of ``areaUnderROC`` due to ``numBins`` (0 when exact)."""
        return 0.0 if self._exact else self._areas()["rocErrorBound"]

    def roc(self) -> pd.DataFrame:
        """The ROC curve as a pandas DataFrame ``threshold, fpr, tpr`` (first row: threshold ``inf``, (0, 0))."""
        return curves.roc_points(self._table())

    def pr(self) -> pd.DataFrame:
        """The PR curve as a pandas DataFrame ``threshold, recall, precision`` (first row: recall 0)."""
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

        Lazy (one aggregation of the predictions by score, counting positives and
        negatives, then window sums; it runs when you act on it), ordered by
        decreasing threshold; score >= threshold means positive. Rows with a
        missing score (null or NaN) or a label other than 0/1 count nowhere.
        """
        return curves.metrics_frame(score_counts(self._df, self._spec, self._binning()))

    def metrics_by_threshold(self) -> pd.DataFrame:
        """The same metrics as a pandas DataFrame (plus accuracy, specificity, balanced accuracy, Youden's J)."""
        return thresholds.metrics_by_threshold(self._table())

    def best_threshold(self, metric: str = "f1") -> float:
        """The threshold that maximises ``metric`` (one of ``f1, precision, recall, accuracy, specificity,
        balanced_accuracy, youden``); among ties, the highest."""
        return thresholds.best_threshold(self._table(), metric)

    def threshold_for_fpr(self, fpr: float) -> float:
        """The lowest threshold whose false positive rate is at most ``fpr`` (``inf`` if none is)."""
        return thresholds.threshold_for_fpr(self._table(), fpr)

    # ------------------------------------------------------------------ confusion matrix
    def confusionMatrix(self, threshold: float = 0.5) -> pd.DataFrame:
        """Counts with rows = true class (0, 1) and columns = predicted class (0, 1); score >= threshold is 1."""
        table = self._table()
        if self._exact:
            return confusion.confusion_from_table(table, threshold, self._spec.labelCol)
        return confusion.confusion_from_data(self._df, self._spec, threshold)

    def print_confusion_matrix(self, threshold: float = 0.5) -> None:
        """Print the confusion matrix at ``threshold``."""
        print(confusion.format_confusion(self.confusionMatrix(threshold), float(threshold)))

    # ------------------------------------------------------------------ loss and histograms
    def log_loss(self) -> float:
        """Binary cross-entropy, probabilities clipped to ``[eps, 1 - eps]`` as scikit-learn's ``log_loss``."""
        return loss.log_loss(self._table())

    def probability_histogram(self, bins: int | Sequence[float] = 20, threshold: float = 0.5) -> pd.DataFrame:
        """Predicted probabilities binned per true class, with misclassified counts at ``threshold``."""
        return histograms.probability_histogram(self._table(), bins, confusion.check_threshold(threshold))

    def loss_histogram(self, bins: int | Sequence[float] = 20) -> pd.DataFrame:
        """Per-row losses binned, per true class."""
        return histograms.loss_histogram(self._table(), bins)

    def plot_probability_histogram(
        self, ax: Axes | None = None, bins: int | Sequence[float] = 20, threshold: float = 0.5, **kwargs: Any
    ) -> Axes:
        """Draw the probability histogram per true class, misclassified cases marked; returns the Axes."""
        from .plotting.evaluation import draw_probability_histogram

        return draw_probability_histogram(self.probability_histogram(bins, threshold), threshold, ax=ax, **kwargs)

    def plot_loss_histogram(self, ax: Axes | None = None, bins: int | Sequence[float] = 20, **kwargs: Any) -> Axes:
        """Draw the histogram of per-row losses; returns the Axes."""
        from .plotting.evaluation import draw_loss_histogram

        return draw_loss_histogram(self.loss_histogram(bins), ax=ax, **kwargs)
