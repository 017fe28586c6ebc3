"""The score and label Columns of a predictions DataFrame, checked before any Spark job.

The score is the probability of the positive class: either element 1 of a
probability vector (``pyspark.ml`` ``VectorUDT``, as Spark ML classifiers write
``probability``) or of an ``array<double>``, or a numeric column (a probability
or any other score where larger means "more positive"). The label is 0/1 in
any numeric type (or boolean). An optional weight column (``weightCol``, as
Spark's evaluators and scikit-learn's ``sample_weight``) gives each row a
weight: a finite number >= 0 (0 is allowed and contributes nothing); a null,
NaN, negative or infinite weight makes the row invalid (counted, never dropped).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyspark.sql.functions as F
from pyspark.sql import types as T

from .._compat import Column, DataFrame
from .._expressions import column
from .._validation import check_columns, field_types, is_numeric
from ..errors import ArgumentError, ColumnTypeError

__all__ = ["ScoreSpec", "prediction_types", "resolve_scores"]

VECTOR, ARRAY, NUMBER = "vector", "array", "number"
#: Label types whose values equal 0 or 1 exactly when their double does (compared without a cast).
_EXACT_LABEL_TYPES = frozenset({"tinyint", "smallint", "int", "bigint", "float", "double"})


def _is_vector(dtype: T.DataType) -> bool:
    return isinstance(dtype, T.UserDefinedType) and dtype.simpleString() == "vector"


@dataclass(frozen=True)
class ScoreSpec:
    """Which columns hold the score and the label, and how to read them.

    Columns are built on demand (not stored), so that they belong to the
    session kind (classic or Connect) in use when a query is made.
    """

    scoreCol: str
    labelCol: str
    score_kind: str
    label_type: str
    score_type: str | None = None  # the score column's type (simpleString); None: unknown
    weightCol: str | None = None  # the row weights; None: every row weighs 1 (counts)

    @property
    def weighted(self) -> bool:
        """Whether rows carry weights (``weightCol``): the per-score sums are then summed weights, not counts."""
        return self.weightCol is not None

    def weight(self) -> Column:
        """The row weight as a double: ``weightCol`` cast to double, or 1.0 without weights."""
        if self.weightCol is None:
            return F.lit(1.0)
        return column(self.weightCol).cast("double")

    def weight_ok(self) -> Column:
        """True where the weight is usable: finite and >= 0 (false for null, NaN, ``±inf`` and negatives)."""
        if self.weightCol is None:
            return F.lit(True)
        w = self.weight()
        return F.coalesce((F.abs(w) < F.lit(float("inf"))) & (w >= F.lit(0.0)), F.lit(False))

    def weighted_sum(self, value: Column) -> Column:
        """``value`` times the weight (``value`` itself without weights: the same expression as before)."""
        return value if self.weightCol is None else value * self.weight()

    @property
    def sized(self) -> bool:
        """Whether the score is a vector / array whose number of elements must be checked."""
        return self.score_kind != NUMBER

    def _elements(self) -> Column:
        """A probability vector / array score as an array (null stays null: ``vector_to_array`` refuses null)."""
        col = column(self.scoreCol)
        if self.score_kind == VECTOR:
            from pyspark.ml.functions import vector_to_array  # works on classic and Connect

            return F.when(col.isNotNull(), vector_to_array(col))
        return col

    def key(self) -> Column:
        """The positive-class score as a double, to group by: an invalid score keeps its raw value.

        Element 1 of a probability vector / array with exactly two elements (null
        for any other size, or a null vector); a numeric score cast to double (a
        double column is the column itself: no per-row work). NaN and ``±inf``
        stay as they are, so that grouping by the key puts every invalid score in
        a group of its own (see :mod:`handyspark.evaluation.checks`).
        """
        if self.sized:
            elements = self._elements()
            # getItem, not F.get: Spark 3.5 cannot group by F.get (unresolved dataType); the size guards the index
            return F.when(F.size(elements) == 2, elements.getItem(1).cast("double"))
        col = column(self.scoreCol)
        return col if self.score_type == "double" else col.cast("double")

    def score(self) -> Column:
        """The positive-class score as a double, NaN read as null (otherwise as :meth:`key`)."""
        return F.nanvl(self.key(), F.lit(None).cast("double"))

    def score_size_ok(self) -> Column:
        """True where the score is usable for a binary problem (a vector/array must have 2 elements; null is)."""
        if not self.sized:
            return F.lit(True)
        elements = self._elements()  # size(null) is -1 on Spark 3.5 (legacy sizeOfNull), null on 4.x
        return F.when(elements.isNull(), F.lit(True)).otherwise(F.size(elements) == 2)

    def label(self) -> Column:
        """The label as a double (booleans as 0/1)."""
        return column(self.labelCol).cast("int" if self.label_type == "boolean" else "double").cast("double")

    def label_value(self) -> Column:
        """The label, to compare with 0 and 1: equal to them exactly where :meth:`label` is.

        Integer and float labels are the column itself (no cast: ``y == 1`` holds
        exactly where ``double(y) == 1.0``); others are read as :meth:`label`.
        Null stays null, so ``F.count_if(label_value() == 1)`` counts the positives.
        """
        if self.label_type in _EXACT_LABEL_TYPES:
            return column(self.labelCol)
        return self.label()

    def label_ok(self) -> Column:
        """True where the label is 0 or 1 (false for null and NaN)."""
        return F.coalesce(self.label().isin(0.0, 1.0), F.lit(False))


def prediction_types(df: DataFrame, scoreCol: str, labelCol: str, weightCol: str | None = None
                     ) -> tuple[T.DataType, T.DataType]:
    """Check that the score, label and weight columns are named by strings and exist in ``df``, and that
    the weights are numeric; return the score's and the label's types (no Spark job).

    Examples
    --------
    >>> [t.simpleString() for t in prediction_types(predictions, "probability", "Survived")]
    ['vector', 'int']
    """
    for value, what in ((scoreCol, "scoreCol"), (labelCol, "labelCol")):
        if not isinstance(value, str):
            raise ArgumentError(f"{what} must be a column name, got {value!r}")
    if weightCol is not None and not isinstance(weightCol, str):
        raise ArgumentError(f"weightCol must be a column name or None, got {weightCol!r}")
    check_columns(df, [scoreCol, labelCol] + ([] if weightCol is None else [weightCol]))
    types = field_types(df)
    if weightCol is not None and not is_numeric(types[weightCol]):
        raise ColumnTypeError(
            f"weightCol {weightCol!r} must be numeric (finite weights >= 0); it is {types[weightCol].simpleString()}"
        )
    return types[scoreCol], types[labelCol]


def resolve_scores(df: DataFrame, scoreCol: str, labelCol: str, weightCol: str | None = None) -> ScoreSpec:
    """Check the score, label (and weight) columns of ``df`` and say how to read them.

    Parameters
    ----------
    df : DataFrame
        Predictions: one row per case.
    scoreCol : str
        A probability vector / array (positive class at index 1) or a numeric score.
    labelCol : str
        The true class, 0 or 1, of any numeric type or boolean.
    weightCol : str, optional
        A numeric column of row weights (finite, >= 0); None: every row weighs 1.

    Returns
    -------
    ScoreSpec

    Raises
    ------
    ColumnNotFoundError, ColumnTypeError, ArgumentError

    Examples
    --------
    >>> spec = resolve_scores(predictions, "probability", "Survived")
    >>> spec.score_kind
    'vector'
    >>> resolve_scores(predictions, "probability", "Survived", weightCol="Fare").weighted
    True
    """
    score_type, label_type = prediction_types(df, scoreCol, labelCol, weightCol)
    if _is_vector(score_type):
        kind = VECTOR
    elif isinstance(score_type, T.ArrayType) and is_numeric(score_type.elementType):
        kind = ARRAY
    elif is_numeric(score_type):
        kind = NUMBER
    else:
        raise ColumnTypeError(
            f"scoreCol {scoreCol!r} must be a probability vector (positive class at index 1), "
            f"an array of numbers or a numeric column; it is {score_type.simpleString()}"
        )
    if not (is_numeric(label_type) or isinstance(label_type, T.BooleanType)):
        raise ColumnTypeError(
            f"labelCol {labelCol!r} must be numeric (0/1) or boolean; it is {label_type.simpleString()}"
        )
    return ScoreSpec(scoreCol, labelCol, kind, label_type.simpleString(), score_type.simpleString(), weightCol)
