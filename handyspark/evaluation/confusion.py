"""Confusion matrices: rows are the true class, columns the predicted class (0 then 1).

Cells are counts, or with weights (``weightCol``) summed weights (floats), as scikit-learn's
``confusion_matrix(..., sample_weight=w)``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyspark.sql.functions as F

from .._compat import DataFrame
from .._deprecation import renamed
from ..errors import ArgumentError
from ..safety import collect_aggregates
from .checks import is_weighted
from .scores import ScoreSpec

__all__ = ["ConfusionMatrix", "confusion_from_table", "confusion_from_data", "format_confusion", "check_threshold"]


class ConfusionMatrix(pd.DataFrame):
    """A confusion matrix: a pandas DataFrame (true class by predicted class, counts) with ``toArray()``.

    ``toArray()`` is the spelling of HandySpark 0.2 (whose matrix was Spark's ``DenseMatrix``):
    it warns and returns ``to_numpy()``. Anything computed from the matrix is a plain DataFrame.

    Examples
    --------
    >>> m = ConfusionMatrix(pd.DataFrame([[5, 1], [2, 7]]))
    >>> m.to_numpy().tolist()
    [[5, 1], [2, 7]]
    """

    @property
    def _constructor(self) -> type[pd.DataFrame]:
        return pd.DataFrame

    def toArray(self) -> np.ndarray:
        """HandySpark 0.2 spelling of ``to_numpy()`` (a ``FutureWarning``)."""
        renamed("confusionMatrix(...).toArray()", "confusionMatrix(...).to_numpy()")
        return self.to_numpy()


def check_threshold(threshold: float) -> float:
    """A threshold must be a real number (cases with score >= threshold are predicted positive)."""
    try:
        value = float(threshold)
    except (TypeError, ValueError):
        raise ArgumentError(f"threshold must be a number, got {threshold!r}") from None
    if np.isnan(value):
        raise ArgumentError("threshold must be a number, got NaN")
    return value


def _matrix(tn: float, fp: float, fn: float, tp: float, label: str, weighted: bool = False) -> ConfusionMatrix:
    index = pd.Index([0, 1], name=label)
    columns = pd.Index([0, 1], name="predicted")
    return ConfusionMatrix([[tn, fp], [fn, tp]], index=index, columns=columns,
                           dtype=np.float64 if weighted else np.int64)


def confusion_from_table(table: pd.DataFrame, threshold: float, label: str = "label") -> pd.DataFrame:
    """The confusion matrix at ``threshold`` from an exact per-score table (no Spark job).

    Examples
    --------
    >>> t = pd.DataFrame({"threshold": [.9, .4], "pos": [1, 1], "neg": [0, 2]})
    >>> confusion_from_table(t, 0.5).to_numpy().tolist()
    [[2, 0], [1, 1]]
    """
    threshold = check_threshold(threshold)
    positive = table["threshold"] >= threshold
    weighted = is_weighted(table)
    cast = float if weighted else int
    tp, fp = cast(table.loc[positive, "pos"].sum()), cast(table.loc[positive, "neg"].sum())
    fn, tn = cast(table.loc[~positive, "pos"].sum()), cast(table.loc[~positive, "neg"].sum())
    return _matrix(tn, fp, fn, tp, label, weighted)


def confusion_from_data(df: DataFrame, spec: ScoreSpec, threshold: float) -> pd.DataFrame:
    """The confusion matrix at ``threshold`` from the predictions themselves (one Spark job).

    Used when the per-score table is binned and ``threshold`` may fall inside a bin.
    Rows must already have been checked (labels 0/1, no missing score); with weights, the cells
    are summed weights.
    """
    threshold = check_threshold(threshold)
    s, y = spec.score(), spec.label()
    predicted = s >= F.lit(threshold)
    cells = {
        "tn": (y == 0.0) & ~predicted,
        "fp": (y == 0.0) & predicted,
        "fn": (y == 1.0) & ~predicted,
        "tp": (y == 1.0) & predicted,
    }
    if spec.weighted:
        w = spec.weight()
        sums = [F.sum(F.when(c, w).otherwise(F.lit(0.0))).alias(k) for k, c in cells.items()]
    else:
        sums = [F.sum(c.cast("long")).alias(k) for k, c in cells.items()]
    row = collect_aggregates(df.agg(*sums))[0]
    cast = float if spec.weighted else int
    tn, fp, fn, tp = (cast(row[k] or 0) for k in cells)
    return _matrix(tn, fp, fn, tp, spec.labelCol, spec.weighted)


def format_confusion(matrix: pd.DataFrame, threshold: float) -> str:
    """A plain-text rendering of a confusion matrix, for printing."""
    body = matrix.rename(index=lambda v: f"true {v}", columns=lambda v: f"predicted {v}")
    body.index.name, body.columns.name = None, None
    return f"Confusion matrix (threshold = {threshold:g}; score >= threshold is predicted 1)\n{body.to_string()}"
