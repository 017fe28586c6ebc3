"""``MulticlassMetrics``: confusion matrix, per-class and averaged precision / recall / F1, log loss and
one-vs-rest ROC areas of a probability vector.

A front end over :mod:`handyspark.evaluation.multiclass`: every number is computed by Spark from the
predictions DataFrame (classic or Spark Connect) in two aggregations, each run once and kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ._compat import DataFrame, is_connect, require
from .errors import ArgumentError
from .evaluation import multiclass as mc
from .evaluation.checks import InvalidRowsError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["MulticlassMetrics"]


class MulticlassMetrics:
    """Evaluate a multiclass classifier from a DataFrame of predictions.

    Two Spark jobs at most, each run the first time it is needed and kept: one groups the rows by
    true class, predicted class (the index of the largest probability, the first among ties, as
    ``numpy.argmax``) and vector size, and gives the confusion matrix, the per-class figures, their
    averages, the accuracy and the log loss; the other gives the one-vs-rest ROC areas. Only about
    ``K * K`` aggregates reach the driver.

    Invalid rows are never dropped: a null vector or one with a null, NaN or infinite probability, a
    vector without ``K`` elements, or a label that is not a class index ``0 .. K - 1`` (null, NaN and
    fractional included) raise :class:`~handyspark.evaluation.checks.InvalidRowsError` (an
    :class:`~handyspark.errors.ArgumentError`) naming the columns and counts, from the first job.

    Parameters
    ----------
    df : DataFrame
        Predictions, one row per case.
    scoreCol : str
        A probability vector (as Spark ML classifiers write ``probability``) or an array of numbers,
        element ``c`` for class ``c``.
    labelCol : str
        The true class index ``0, 1, ..., K - 1``, of any numeric type (Spark ML's ``0.0, 1.0, ...``).
    numClasses : int, optional
        ``K``; by default the size of the largest vector.
    weightCol : str, optional
        A numeric column of row weights, as Spark's ``MulticlassClassificationEvaluator(weightCol=)``
        and scikit-learn's ``sample_weight``: the confusion matrix, supports, averages, accuracy, log
        loss and ROC areas are then weighted (summed weights, floats). A null, NaN, negative or
        infinite weight makes the row invalid; a weight of 0 contributes nothing.

    Examples
    --------
    >>> from handyspark import MulticlassMetrics
    >>> mcm = MulticlassMetrics(predictions3, scoreCol="probability", labelCol="Pclass_idx")
    >>> mcm.numClasses, round(mcm.accuracy, 4)
    (3, 0.8148)
    >>> mcm.confusionMatrix()
    predicted     0   1    2
    Pclass_idx
    0           199  11    6
    1            12  50  122
    2             8   6  477
    >>> weighted = MulticlassMetrics(predictions3, "probability", "Pclass_idx", weightCol="Fare")
    >>> round(weighted.accuracy, 4), round(weighted.roc_auc("weighted"), 4)
    (0.8846, 0.9704)
    """

    def __init__(self, df: DataFrame, scoreCol: str = "probability", labelCol: str = "label",
                 numClasses: int | None = None, *, weightCol: str | None = None) -> None:
        if is_connect(df):
            require("connect", connect=True)
        if not isinstance(df, DataFrame):
            raise ArgumentError(f"MulticlassMetrics needs a Spark DataFrame of predictions, got {type(df).__name__}")
        # a HandyFrame's own collect/toPandas stop at its safety limit: the aggregates must not
        self._df = df.notHandy() if hasattr(type(df), "notHandy") else df  # type: ignore[operator]
        self._spec = mc.resolve_multiclass(df, scoreCol, labelCol, numClasses, weightCol)
        self._table_: tuple[pd.DataFrame, int] | None = None
        self._auc_: pd.DataFrame | None = None
        self._invalid_: str | None = None

    def __repr__(self) -> str:
        s = self._spec
        weights = "" if s.weightCol is None else f", weightCol={s.weightCol!r}"
        return (f"MulticlassMetrics(scoreCol={s.scoreCol!r}, labelCol={s.labelCol!r}, "
                f"numClasses={s.numClasses}{weights})")

    def _table(self) -> tuple[pd.DataFrame, int]:
        """The valid class table and ``K`` (one Spark job, the first time)."""
        if self._invalid_ is not None:
            raise InvalidRowsError(self._invalid_)
        if self._table_ is None:
            try:
                self._table_ = mc.check_table(mc.class_table(self._df, self._spec), self._spec)
            except InvalidRowsError as exc:
                self._invalid_ = str(exc)
                raise
        return self._table_

    @property
    def numClasses(self) -> int:
        """``K``: ``numClasses``, or the size of the vectors."""
        return self._table()[1]

    def confusionMatrix(self) -> pd.DataFrame:
        """Counts with rows = true class and columns = predicted class, every class ``0 .. K - 1``.

        Equals scikit-learn's ``confusion_matrix(y, P.argmax(axis=1), labels=range(K))`` (with
        ``weightCol``, ``sample_weight=w``: summed weights, floats).
        """
        table, k = self._table()
        return mc.confusion_matrix(table, k, self._spec.labelCol)

    @property
    def accuracy(self) -> float:
        """The share of rows whose predicted class is the true one (``accuracy_score``)."""
        return mc.accuracy(self.confusionMatrix())

    def metrics_by_class(self, zero_division: float = 0.0) -> pd.DataFrame:
        """``precision, recall, f1, support`` per class, as ``precision_recall_fscore_support(average=None)``.

        A ratio with a zero denominator (a class never predicted or never true) is ``zero_division``
        (0.0, 1.0 or ``numpy.nan``): scikit-learn's default gives 0.0 and warns.
        """
        return mc.metrics_by_class(self.confusionMatrix(), zero_division)

    def averages(self, zero_division: float = 0.0) -> pd.DataFrame:
        """Micro, macro and weighted ``precision, recall, f1`` (and the support), as scikit-learn's averages.

        With ``zero_division=numpy.nan`` the undefined figures are left out of the means, as scikit-learn does.
        """
        return mc.averages(self.confusionMatrix(), zero_division)

    def log_loss(self) -> float:
        """Multiclass cross-entropy, as ``log_loss(y, P, labels=range(K))`` (probabilities clipped, not
        renormalised); a probability outside [0, 1] raises :class:`~handyspark.errors.ArgumentError`."""
        return mc.log_loss(self._table()[0], self._spec.scoreCol)

    def roc_auc_by_class(self) -> pd.DataFrame:
        """Each class's one-vs-rest ROC area (``auc``) with its ``positives`` and ``negatives`` (one Spark job).

        NaN for a class without rows of its own or without other rows. With weights, ``positives`` and
        ``negatives`` are summed weights.
        """
        k = self.numClasses  # the first job checks every row
        if self._auc_ is None:
            self._auc_ = mc.one_vs_rest_auc(self._df, self._spec, k)
        return self._auc_

    def roc_auc(self, average: str = "macro") -> float:
        """The one-vs-rest ROC area, averaged over the classes: ``'macro'`` (plain mean) or ``'weighted'``
        (by each class's rows, or summed weight), as ``roc_auc_score(y, P, multi_class="ovr", average=...)``.

        Raises :class:`~handyspark.errors.ArgumentError` when a class has no rows, or all rows are of
        one class (scikit-learn raises too). Unlike scikit-learn, the scores need not sum to 1.
        """
        if average not in ("macro", "weighted"):
            raise ArgumentError(f"average must be 'macro' or 'weighted', got {average!r}")
        per_class = self.roc_auc_by_class()
        undefined = [int(c) for c in per_class.index[per_class["auc"].isna()]]
        if undefined:
            raise ArgumentError(f"the one-vs-rest ROC area needs rows of every class and of others; "
                                f"class(es) {undefined} have none (see roc_auc_by_class)")
        weights = per_class["positives"].to_numpy(np.float64) if average == "weighted" else None
        return float(np.average(per_class["auc"].to_numpy(np.float64), weights=weights))

    def plot_confusion_matrix(self, ax: Axes | None = None, normalize: bool = False, **kwargs: Any) -> Axes:
        """Draw the confusion matrix as a heatmap with the counts (or the share of each true class with
        ``normalize=True``) written in the cells; returns the Axes."""
        from .plotting.confusion import draw_confusion_matrix

        return draw_confusion_matrix(self.confusionMatrix(), normalize=normalize, ax=ax, **kwargs)
