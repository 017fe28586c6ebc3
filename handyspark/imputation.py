"""Filling missing values: the mode, mean or median of each column, globally or per stratum.

:func:`fit_fill` learns the values in one Spark job (every column, every stratum
and the global fallback in one aggregation); :func:`apply_fill` puts them in with
Column expressions only. A :class:`FillModel` is plain data (it serialises to
JSON), so :class:`~handyspark.ml.HandyImputer` carries it into Spark ML pipelines.

What counts as missing is what ``pandas.isna`` says: null, and NaN in float
columns. Non-missing values are never changed and every row and column is kept.
An integer column filled with a whole number (a mode, or a mean/median that
happens to be whole) keeps its type; filled with a fraction it becomes double,
as pandas upcasts, so that no value is rounded.
"""

from __future__ import annotations

import decimal
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

import pyspark.sql.functions as F
from pyspark.sql import types as T

from ._column_models import (
    ColumnFit,
    ColumnModels,
    Mean,
    check_value_fits,
    display,
    fit_grouped,
    legacy_steps,
    result_type,
    value_chain,
)
from ._compat import Column, DataFrame, modes
from ._expressions import Instant, fill_mean, instant_micros, quantiles
from ._expressions import values as present
from ._validation import as_column_list, check_columns, check_orderable, field_types, is_numeric
from .errors import ArgumentError, ColumnTypeError
from .stats._values import distinct_values
from .strata import Strata

__all__ = ["STRATEGIES", "ColumnFill", "FillModel", "fit_fill", "apply_fill"]

#: The strategies for continuous columns.
STRATEGIES = ("mean", "median")
_HOWS = ("mode", *STRATEGIES)


@dataclass(frozen=True)
class ColumnFill:
    """How one column is filled (``'mode'``, ``'mean'`` or ``'median'``) and the values learned."""

    how: str
    fitted: ColumnFit

    @property
    def column(self) -> str:
        return self.fitted.column

    @property
    def strata(self) -> Strata | None:
        return self.fitted.strata

    @property
    def step(self) -> int:
        return self.fitted.step

    def with_step(self, step: int) -> ColumnFill:
        return ColumnFill(self.how, self.fitted.with_step(step))

    def to_json(self) -> dict:
        return {"how": self.how, **self.fitted.to_json()}

    @classmethod
    def from_json(cls, data: dict) -> ColumnFill:
        how = data.get("how")
        if how not in _HOWS:
            raise ArgumentError(f"a fill must be one of {list(_HOWS)}, got {how!r} for column {data.get('column')!r}")
        return cls(how, ColumnFit.from_json(data))


@dataclass(frozen=True)
class FillModel(ColumnModels):
    """The fill values of one or more columns, in the order they are applied.

    Examples
    --------
    >>> model = fit_fill(df, categorical=["Embarked"])
    >>> model.statistics_
    {'Embarked': 'S'}
    """

    fills: tuple[ColumnFill, ...]

    @property
    def _items(self) -> tuple[ColumnFill, ...]:
        return self.fills

    @property
    def statistics_(self) -> dict:
        """``{column: value}``, or ``{column: {clause: value}}`` for stratified fills.

        A column filled twice shows the values of its first fill: those are the values
        that went in, as a later fill finds nothing missing in it (the model still
        applies every fill in order, as the frame did).
        """
        out: dict = {}
        for f in self.fills:
            out.setdefault(f.column, f.fitted.readable(display))
        return out

    @classmethod
    def from_json(cls, data: Sequence[dict]) -> FillModel:
        return cls(legacy_steps([ColumnFill.from_json(d) for d in data], data))


def _strategies(continuous: list[str], strategy: str | Sequence[str] | None) -> list[str]:
    if strategy is None:
        strategy = "mean"
    if isinstance(strategy, str):
        hows = [strategy] * len(continuous)
    else:
        hows = list(strategy)
        if len(hows) != len(continuous):
            raise ArgumentError(
                f"strategy has {len(hows)} value(s) for the {len(continuous)} continuous column(s) {continuous}; "
                "give one strategy, or one per continuous column"
            )
    for column, how in zip(continuous, hows):
        if how not in STRATEGIES:
            raise ArgumentError(f"unknown strategy {how!r} for column {column!r}: expected 'mean' or 'median'")
    return hows


def fit_fill(
    df: DataFrame,
    *,
    categorical: Sequence[str] | None = None,
    continuous: Sequence[str] | None = None,
    strategy: str | Sequence[str] | None = None,
    strata: Strata | None = None,
) -> FillModel:
    """Learn fill values: the mode of ``categorical`` columns, the mean or median of ``continuous`` ones.

    One Spark job computes every value, per stratum and globally; the global
    value fills strata unseen at fit time and strata without any value.

    Parameters
    ----------
    df : DataFrame
        The data (never collected).
    categorical : list of str, optional
        Columns filled with their most frequent value (ties: the smallest, as pandas' first mode).
    continuous : list of str, optional
        Numeric columns filled with ``strategy``.
    strategy : 'mean', 'median' or a list with one per continuous column, default 'mean'
        The median is exact (linear interpolation, as pandas).
    strata : Strata, optional
        Learn one value per stratum (rows with a null stratum value form their own stratum).

    Returns
    -------
    FillModel

    Examples
    --------
    >>> fit_fill(df, continuous=["Age"], strategy="median").statistics_
    {'Age': 28.0}
    """
    cat = as_column_list(categorical, "categorical")
    cont = as_column_list(continuous, "continuous")
    if not cat and not cont:
        raise ArgumentError("fill needs columns: fill(categorical=[...]) and/or fill(continuous=[...])")
    names = cat + cont
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ArgumentError(f"column(s) {repeated} given twice; fill each column once")
    check_columns(df, names + (strata.names if strata is not None else []))
    hows = _strategies(cont, strategy)
    check_orderable(df, cat, "fill(categorical=...) (the mode)")
    types = field_types(df)
    for column, how in zip(cont, hows):
        if not is_numeric(types[column]):
            raise ColumnTypeError(
                f"cannot fill {column!r} with its {how}: it is {types[column].simpleString()}, not numeric; "
                f"fill it with its mode: fill(categorical=[{column!r}])"
            )

    plan = [(c, "mode") for c in cat] + list(zip(cont, hows))
    aggs: dict[str, Column | Mean] = {}
    instants = {c for c, _ in plan if isinstance(types[c], T.TimestampType)}
    for column, how in plan:
        col = present(df, column)
        dtype = types[column]
        if how == "mode":  # a timestamp's mode as microseconds: an instant, whatever the time zone
            aggs[column] = instant_micros(column) if column in instants else distinct_values(df, column)
        elif how == "mean":
            aggs[column] = fill_mean(df, column) if isinstance(dtype, T.DecimalType) else Mean(
                col, isinstance(dtype, T.DoubleType))
        else:
            aggs[column] = quantiles(col, [0.5], 0.0)[0]
    keys = [level.key_ref() for level in strata.levels] if strata is not None else []
    frame, mode_aggs = modes(df, {c: cast(Column, aggs[c]) for c, how in plan if how == "mode"}, keys, total=True)
    glob, groups = fit_grouped(frame, {**aggs, **mode_aggs}, strata)

    def value(column: str, how: str, raw: object) -> object:
        if column in instants and raw is not None:
            return Instant(int(raw))  # type: ignore[call-overload]
        if how != "mode" and isinstance(raw, float) and isinstance(types[column], T.DecimalType):
            return within_decimal(raw, cast(T.DecimalType, types[column]))
        return raw

    fills = []
    for column, how in plan:
        per = tuple((key, value(column, how, res[column])) for key, res in groups if res[column] is not None)
        fills.append(ColumnFill(how, ColumnFit(column, value(column, how, glob.get(column)), strata, per)))
    return FillModel(tuple(fills))


def within_decimal(mean: float, dtype: T.DecimalType) -> float | decimal.Decimal:
    """A mean or median of a decimal column computed as a double, kept within the column's range.

    The mean of values lies between their minimum and maximum, so within the column's
    type; the double it is computed in (for decimals wider than 28 digits) can round it
    past the type's largest value (``99999999999999999999.999999999999999999`` becomes
    ``1e20``), which would widen the column and round its values. The type's end is
    then the nearest value the column can hold.

    Examples
    --------
    >>> within_decimal(1e20, T.DecimalType(38, 18))
    Decimal('99999999999999999999.999999999999999999')
    >>> within_decimal(1.5, T.DecimalType(38, 18))
    1.5
    """
    if not math.isfinite(mean):
        return mean
    with decimal.localcontext() as exact:
        exact.prec = 80  # room for 38 digits (the default context keeps 28)
        end = decimal.Decimal(10) ** (dtype.precision - dtype.scale) - decimal.Decimal(10) ** -dtype.scale
        if abs(decimal.Decimal(mean)) <= end:
            return mean
        return end if mean > 0 else -end


def _fill_column(df: DataFrame, fill: ColumnFill) -> Column:
    column = fill.column
    dtype = field_types(df)[column]
    if fill.how != "mode" and not is_numeric(dtype):
        raise ColumnTypeError(
            f"column {column!r} was filled with its {fill.how} when fitted, but here it is "
            f"{dtype.simpleString()}, not numeric"
        )
    check_value_fits(column, fill.fitted.values(), dtype, "filled")
    target = result_type(dtype, fill.fitted.values())
    value = value_chain(fill.fitted, df, target)
    current = present(df, column)  # NaN read as null: missing either way
    return F.coalesce(current if target == dtype else current.cast(target), value)


def apply_fill(df: DataFrame, model: FillModel) -> DataFrame:
    """Fill the missing values of ``df`` with the values of ``model`` (Column expressions only).

    Fills run in the model's order, one projection per fit (step): a fill stratified by
    a column that an earlier fill completed sees the completed column, and a column that
    is both filled and a stratum of the same fill is looked up by its value before
    filling, each as it was when fitted.

    Examples
    --------
    >>> filled = apply_fill(df, fit_fill(df, categorical=["Embarked"]))
    """
    check_columns(df, model.required_columns)
    return model.apply(df, _fill_column)
