"""Tukey's fences: learn ``[Q1 - k·IQR, Q3 + k·IQR]`` per column (and stratum) and clip to them.

:func:`fit_fences` learns the fences of every column, per stratum and globally,
in one Spark job; :func:`apply_fences` clips with Column expressions only (nulls
and NaN stay as they are). A :class:`FenceModel` is plain data (it serialises to
JSON), so :class:`~handyspark.ml.HandyFencer` carries it into Spark ML pipelines.

Quartiles are exact with ``relativeError=0`` (the default; linear interpolation,
as pandas). With ``relativeError=e > 0`` they come from Spark's
``percentile_approx``: each quartile is a value of the data whose rank is within
``e * n`` of the exact rank, so it lies between the exact ``p - e`` and
``p + e`` quantiles. An integer column keeps its type when both fences are
whole numbers; otherwise the clipped column is double, as pandas' ``clip``.
A decimal column keeps its type: fences are rounded inward to its scale (the
lower one up, the upper one down), so clipped values lie within the fences. A fence beyond
the range of the column's type (a ``tinyint`` fenced at 300) clips at the end
of that range instead: the clipped values stay in the type.
"""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pyspark.sql.functions as F
from pyspark.sql import types as T

from ._column_models import ColumnFit, ColumnModels, fit_grouped, legacy_steps, result_type, value_chain
from ._compat import Column, DataFrame
from ._expressions import column as ref
from ._expressions import quantiles
from ._expressions import values as present
from ._validation import (
    as_column_list,
    check_columns,
    check_numeric,
    check_relative_error,
    field_types,
    is_floating,
)
from .errors import ArgumentError
from .stats.exact_quantiles import aggregate_with_quantiles
from .strata import Strata

__all__ = ["FenceModel", "fit_fences", "apply_fences", "tukey_fences", "check_k"]


def check_k(k: Any) -> float:
    """Check Tukey's ``k`` (a non-negative number) and return it as float."""
    if isinstance(k, bool):
        raise ArgumentError(f"k must be a non-negative number, got {k!r}")
    try:
        number = float(k)
    except (TypeError, ValueError):
        raise ArgumentError(f"k must be a non-negative number, got {k!r}") from None
    if not number >= 0 or number == float("inf"):
        raise ArgumentError(f"k must be a non-negative number, got {k!r}")
    return number


def tukey_fences(quartiles: Sequence[float] | None, k: float) -> list[float] | None:
    """``[Q1 - k·IQR, Q3 + k·IQR]`` from ``[Q1, Q3]`` (None when there are no quartiles)."""
    if quartiles is None or quartiles[0] is None or quartiles[1] is None:
        return None
    q1, q3 = float(quartiles[0]), float(quartiles[1])
    iqr = q3 - q1
    return [q1 - k * iqr, q3 + k * iqr]


@dataclass(frozen=True)
class FenceModel(ColumnModels):
    """The fences of one or more columns, in the order they are applied.

    Examples
    --------
    >>> fit_fences(df, ["Fare"], k=1.5).fences_
    {'Fare': [-26.724, 65.6344]}
    """

    fences: tuple[ColumnFit, ...]

    @property
    def _items(self) -> tuple[ColumnFit, ...]:
        return self.fences

    @property
    def fences_(self) -> dict:
        """``{column: [lower, upper]}``, or ``{column: {clause: [lower, upper]}}`` when stratified.

        A column fenced twice shows its latest fences (the model still clips at every
        fence in order, as the frame did).
        """
        return {f.column: f.readable(lambda v: None if v is None else list(v)) for f in self.fences}

    @classmethod
    def from_json(cls, data: Sequence[dict]) -> FenceModel:
        fences = [ColumnFit.from_json(d) for d in data]
        for f in fences:
            for value in f.values():
                if value is not None and (not isinstance(value, list) or len(value) != 2):
                    raise ArgumentError(f"fences of {f.column!r} must be [lower, upper] pairs, got {value!r}")
        return cls(legacy_steps(fences, data))


def fit_fences(
    df: DataFrame,
    columns: Sequence[str] | str,
    *,
    k: float = 1.5,
    relativeError: float = 0.0,
    strata: Strata | None = None,
) -> FenceModel:
    """Learn Tukey's fences of numeric ``columns`` (per stratum too) in a fixed number of Spark jobs.

    Approximate quartiles take one job (the strata and the whole frame together); exact ones two
    bounded passes, and two more per stratum when stratified (see
    :func:`~handyspark.stats.exact_quantiles.aggregate_with_quantiles`).

    Parameters
    ----------
    df : DataFrame
        The data (never collected).
    columns : list of str
        Numeric columns.
    k : float, default 1.5
        How many interquartile ranges beyond the quartiles the fences lie.
    relativeError : float, default 0
        0: exact quartiles; otherwise approximate ones (see the module documentation for the bound).
    strata : Strata, optional
        Learn fences per stratum; the global fences serve strata unseen at fit time.

    Examples
    --------
    >>> fit_fences(df, ["Fare"]).fences_
    {'Fare': [-26.724, 65.6344]}
    """
    names = as_column_list(columns, "cols")
    if not names:
        raise ArgumentError("fence needs at least one column")
    if len(set(names)) != len(names):
        raise ArgumentError(f"a column appears twice in {names}")
    k = check_k(k)
    relativeError = check_relative_error(relativeError)
    check_columns(df, names + (strata.names if strata is not None else []))
    check_numeric(df, names, "fence")
    if relativeError > 0:  # one job: the strata and the whole frame by grouping sets
        glob, groups = fit_grouped(df, {c: quantiles(present(df, c), [0.25, 0.75], relativeError) for c in names},
                                   strata)
    else:
        glob, groups = _exact_quartiles(df, names, strata)
    fences = []
    for column in names:
        per = tuple(
            (key, fence) for key, res in groups if (fence := tukey_fences(res[column], k)) is not None
        )
        fences.append(ColumnFit(column, tukey_fences(glob.get(column), k), strata, per))
    return FenceModel(tuple(fences))


def _exact_quartiles(df: DataFrame, names: list[str], strata: Strata | None
                     ) -> tuple[dict[str, Any], list[tuple[tuple, dict[str, Any]]]]:
    """Exact quartiles of the whole frame and per stratum, as :func:`fit_grouped` gives them.

    Two bounded passes (:func:`~handyspark.stats.exact_quantiles.aggregate_with_quantiles`) for
    the whole frame, and two more per stratum when stratified.
    """
    cells = {f"q{i}": (present(df, c), [0.25, 0.75]) for i, c in enumerate(names)}
    total = aggregate_with_quantiles(df, {}, cells, None, relativeError=0.0,
                                        labels=dict(zip(cells, names))).iloc[0]
    glob = {c: total[f"q{i}"] for i, c in enumerate(names)}
    if strata is None:
        return glob, []
    table = aggregate_with_quantiles(df, {}, cells, strata, relativeError=0.0,
                                        labels=dict(zip(cells, names)))
    groups = [(tuple(r[k] for k in strata.key_names), {c: r[f"q{i}"] for i, c in enumerate(names)})
              for r in table.to_dict("records")]
    return glob, groups


_BITS: dict[type[T.DataType], int] = {T.ByteType: 8, T.ShortType: 16, T.IntegerType: 32, T.LongType: 64}


def type_range(dtype: T.DataType) -> tuple[Any, Any] | None:
    """The smallest and largest value a column of integral or decimal ``dtype`` holds (None for others).

    Examples
    --------
    >>> type_range(T.ByteType())
    (-128, 127)
    """
    bits = _BITS.get(type(dtype))
    if bits is not None:
        return -(2 ** (bits - 1)), 2 ** (bits - 1) - 1
    if isinstance(dtype, T.DecimalType):
        top = decimal.Decimal(10) ** (dtype.precision - dtype.scale) - decimal.Decimal(1).scaleb(-dtype.scale)
        return -top, top
    return None


def _within(value: Any, bounds: tuple[Any, Any] | None) -> Any:
    if value is None or bounds is None:
        return value
    lo, hi = bounds
    return lo if value < lo else hi if value > hi else value


def _fence_column(df: DataFrame, fitted: ColumnFit) -> Column:
    column = fitted.column
    check_numeric(df, [column], "fence")
    dtype = field_types(df)[column]
    numbers = [x for v in fitted.values() if v is not None for x in v]
    # a decimal column keeps its type: fences are rounded inward to its scale (its values lie on that grid)
    target = dtype if isinstance(dtype, T.DecimalType) else result_type(dtype, numbers)
    bounds = type_range(target)

    def fence(side: int):
        def pick(v: Any) -> Any:
            if v is None:
                return None
            x = v[side]
            if isinstance(target, T.DecimalType) and x is not None:  # inward, onto the column's grid
                grid = decimal.Decimal(1).scaleb(-target.scale)
                x = decimal.Decimal(repr(x)).quantize(
                    grid, rounding=decimal.ROUND_CEILING if side == 0 else decimal.ROUND_FLOOR
                )
            return _within(x, bounds)

        return pick

    lower = value_chain(fitted, df, target, fence(0))
    upper = value_chain(fitted, df, target, fence(1))
    x = ref(column) if target == dtype else ref(column).cast(target)
    clipped = F.when(x < lower, lower).when(x > upper, upper)
    if is_floating(target):  # Spark orders NaN above every number: keep it, as pandas does
        clipped = F.when(F.isnan(x), x).when(x < lower, lower).when(x > upper, upper)
    return clipped.otherwise(x)


def apply_fences(df: DataFrame, model: FenceModel) -> DataFrame:
    """Clip the columns of ``df`` to the fences of ``model``; nulls and NaN stay as they are.

    One projection per fit (step), in order, as the frame was fenced.

    Examples
    --------
    >>> fenced = apply_fences(df, fit_fences(df, ["Fare"]))
    """
    check_columns(df, model.required_columns)
    return model.apply(df, _fence_column)
