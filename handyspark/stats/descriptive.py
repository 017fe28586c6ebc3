"""Column statistics: one aggregation for any number of columns and strata."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyspark.sql.functions as F

from .._compat import Column, DataFrame, modes
from .._expressions import is_missing, mean_of, values
from .._validation import (
    as_column_list,
    check_columns,
    check_fraction,
    check_numeric,
    check_orderable,
    check_relative_error,
    field_types,
    is_numeric,
)
from ..errors import ColumnTypeError
from ._values import distinct_values
from .exact_quantiles import aggregate_with_quantiles
from .grouped import grouped_aggregate

if TYPE_CHECKING:
    from ..strata import Strata

#: Default relative error of approximate quantiles (0 means exact).
DEFAULT_RELATIVE_ERROR = 1e-4


def shape_result(
    columns: str | Sequence[str],
    table: pd.DataFrame,
    strata: Strata | None,
    name: str | None = None,
    numeric: bool = True,
) -> Any:
    """Turn a grouped result with one column ``c{i}`` per input column into pandas.

    One column, no strata: a scalar. Several columns: a Series indexed by column.
    With strata, the strata become leading index levels.
    """
    names = as_column_list(columns)
    single = isinstance(columns, str)
    cells = [f"c{i}" for i in range(len(names))]
    if numeric:
        table = table.copy()
        for cell in cells:
            if table[cell].dtype == object:
                table[cell] = pd.to_numeric(table[cell]) if len(table) else table[cell].astype(np.float64)
    if strata is None:
        row = table.iloc[0]
        if single:
            value = row[cells[0]]
            return np.nan if value is None else value  # no value at all: NaN, as pandas
        data = [np.nan if row[c] is None else row[c] for c in cells]
        return pd.Series(data, index=pd.Index(names), name=name, dtype=_common_dtype(table, cells))
    keys = list(table[strata.key_names].itertuples(index=False, name=None))
    if single:
        return pd.Series(table[cells[0]].to_numpy(), index=strata.index(keys), name=names[0])
    stacked_keys = [k for k in keys for _ in names]
    column_level = [n for _ in keys for n in names]
    data = [table[c].iloc[i] for i in range(len(keys)) for c in cells]
    index = strata.index(stacked_keys, extra={None: column_level})
    return pd.Series(data, index=index, name=name, dtype=_common_dtype(table, cells))


def _common_dtype(table: pd.DataFrame, cells: list[str]) -> Any:
    dtypes = {table[c].dtype for c in cells}
    if len(dtypes) == 1:
        return dtypes.pop()
    if all(pd.api.types.is_numeric_dtype(d) and not pd.api.types.is_bool_dtype(d) for d in dtypes):
        return np.float64
    return object


def column_statistic(
    df: DataFrame,
    columns: str | Sequence[str],
    make: Callable[[str], Column],
    strata: Strata | None = None,
    name: str | None = None,
    numeric: bool = True,
) -> Any:
    """Evaluate ``make(column)`` for every column in one Spark job and shape the result."""
    names = as_column_list(columns)
    table = grouped_aggregate(df, {f"c{i}": make(c) for i, c in enumerate(names)}, strata)
    return shape_result(columns, table, strata, name=name, numeric=numeric)


def _numeric_stat(fn: Callable[[DataFrame, str], Column], label: str):
    def stat(df: DataFrame, columns: str | Sequence[str], strata: Strata | None = None) -> Any:
        check_numeric(df, as_column_list(columns), label)
        return column_statistic(df, columns, lambda c: fn(df, c), strata)

    stat.__name__ = label
    stat.__doc__ = f"The {label} of each numeric column (nulls and NaN skipped), as pandas computes it."
    return stat


mean = _numeric_stat(mean_of, "mean")  # decimals summed exactly; no overflow for any type
total = _numeric_stat(lambda df, c: F.coalesce(F.sum(values(df, c)), F.lit(0)), "sum")  # pandas: 0 when empty


def count(df: DataFrame, columns: str | Sequence[str], strata: Strata | None = None) -> Any:
    """Non-missing values of each column (null, and NaN for floats, are missing), as pandas' ``count``."""
    check_columns(df, as_column_list(columns))
    return column_statistic(df, columns, lambda c: F.count(values(df, c)), strata)
stddev = _numeric_stat(lambda df, c: F.stddev_samp(values(df, c)), "stddev")
var = _numeric_stat(lambda df, c: F.var_samp(values(df, c)), "var")


def _extreme(fn: Callable[[Column], Column], label: str):
    def stat(df: DataFrame, columns: str | Sequence[str], strata: Strata | None = None) -> Any:
        names = as_column_list(columns)
        check_orderable(df, names, label)
        numeric = all(dict(df.dtypes)[c] not in ("string", "boolean", "date", "timestamp") for c in names)
        return column_statistic(df, columns, lambda c: fn(values(df, c)), strata, numeric=numeric)

    stat.__name__ = label
    stat.__doc__ = f"The {label}imum of each column (nulls and NaN skipped)."
    return stat


min = _extreme(F.min, "min")  # noqa: A001 - named as pandas names it
max = _extreme(F.max, "max")  # noqa: A001


def percentile(
    df: DataFrame,
    columns: str | Sequence[str],
    p: float,
    strata: Strata | None = None,
    relativeError: float = DEFAULT_RELATIVE_ERROR,
) -> Any:
    """The ``p`` quantile (0 <= p <= 1) of each numeric column.

    With ``relativeError == 0`` the result is exact and interpolated linearly
    (as pandas' ``quantile``); otherwise it is a value of the data whose rank is
    within ``relativeError * n`` of the exact rank ``p * n``. Exact quantiles take two
    bounded Spark jobs (see :func:`~handyspark.stats.exact_quantiles.aggregate_with_quantiles`),
    approximate ones one.
    """
    names = as_column_list(columns)
    check_numeric(df, names, "percentile")
    p = check_fraction(p, "p")
    relativeError = check_relative_error(relativeError)
    cells = {f"q{i}": (values(df, c), [p]) for i, c in enumerate(names)}
    table = aggregate_with_quantiles(df, {}, cells, strata, relativeError=relativeError, labels=dict(zip(cells, names)))
    for i in range(len(names)):
        table[f"c{i}"] = pd.Series([None if q is None else q[0] for q in table.pop(f"q{i}")], index=table.index,
                                   dtype=object)
    return shape_result(columns, table, strata)


def mode(df: DataFrame, columns: str | Sequence[str], strata: Strata | None = None) -> Any:
    """The most frequent value of each column; ties go to the smallest value, as pandas' first mode.

    Values are counted as pandas counts them (``-0.0`` and ``0.0`` are one value, NaN is
    missing); a column without values gives NaN.
    """
    names = as_column_list(columns)
    check_orderable(df, names, "mode")
    numeric = all(dict(df.dtypes)[c] not in ("string", "boolean", "date", "timestamp") for c in names)
    keys = [level.key_ref() for level in strata.levels] if strata is not None else []
    frame, aggs = modes(df, {c: distinct_values(df, c) for c in dict.fromkeys(names)}, keys)
    return column_statistic(frame, columns, lambda c: aggs[c], strata, numeric=numeric)


def nunique(df: DataFrame, columns: str | Sequence[str], strata: Strata | None = None) -> Any:
    """The exact number of distinct non-missing values of each column (``-0.0`` and ``0.0`` are one, as pandas)."""
    check_columns(df, as_column_list(columns))
    return column_statistic(df, columns, lambda c: F.count_distinct(distinct_values(df, c)), strata)


def isnull(
    df: DataFrame, columns: str | Sequence[str], strata: Strata | None = None, ratio: bool = False
) -> Any:
    """The number (or, with ``ratio``, the fraction) of missing values per column.

    As pandas' ``isnull().sum()`` / ``isnull().mean()``: on a frame without rows the
    counts are 0 and the fractions NaN.
    """
    check_columns(df, as_column_list(columns))

    def make(c: str) -> Column:
        missing = F.count_if(is_missing(df, c))  # 0, not null, without rows
        return F.try_divide(missing, F.count(F.lit(1))) if ratio else missing

    return column_statistic(df, columns, make, strata, name="missing(ratio)" if ratio else "missing")


_DESCRIBE = ("count", "mean", "std", "min", "25%", "50%", "75%", "max")


def quantile_table(
    df: DataFrame,
    columns: Sequence[str],
    qs: Sequence[float],
    strata: Strata | None = None,
    relativeError: float = 0.0,
) -> pd.DataFrame:
    """The ``qs`` quantiles of each numeric column: a row per quantile, a column per column.

    As pandas' ``DataFrame.quantile(list)``; with strata, they lead the row index. The error
    bound and the jobs are :func:`percentile`'s (``relativeError=0``, the default here as in pandas,
    is exact).
    """
    names = as_column_list(columns)
    check_numeric(df, names, "quantile")
    qs = [check_fraction(q, "q") for q in qs]
    relativeError = check_relative_error(relativeError)
    cells = {f"q{i}": (values(df, c), qs) for i, c in enumerate(names)}
    table = aggregate_with_quantiles(df, {}, cells, strata, relativeError=relativeError, labels=dict(zip(cells, names)))

    def block(row: pd.Series) -> pd.DataFrame:
        data = {c: row[f"q{i}"] if row[f"q{i}"] is not None else [None] * len(qs) for i, c in enumerate(names)}
        return pd.DataFrame(data, index=pd.Index(qs), dtype=float)

    return _stack(table, strata, block, list(qs), names)


def _stack(table: pd.DataFrame, strata: Strata | None, block: Callable[[pd.Series], pd.DataFrame],
           labels: list, names: list[str]) -> pd.DataFrame:
    """One ``block`` per row of a grouped result, stacked under the strata (the whole result without strata)."""
    if strata is None:
        return block(table.iloc[0])
    keys = list(table[strata.key_names].itertuples(index=False, name=None))
    frames = [block(table.iloc[i]) for i in range(len(table))]
    if not frames:  # no rows, so no strata: an empty table, as pandas' groupby(...).describe()
        return pd.DataFrame({c: pd.Series(dtype=float) for c in names}, index=strata.index([], extra={None: []}))
    stacked = pd.concat(frames, ignore_index=True)
    stacked.index = strata.index([k for k in keys for _ in labels], extra={None: list(labels) * len(keys)})
    return stacked


def describe(
    df: DataFrame,
    columns: str | Sequence[str],
    strata: Strata | None = None,
    relativeError: float = DEFAULT_RELATIVE_ERROR,
) -> pd.DataFrame:
    """count, mean, std, min, quartiles and max of the numeric columns, in one aggregation (two if exact).

    As pandas' ``DataFrame.describe()``: one column per numeric column (others are
    left out), one row per statistic; with strata, the strata lead the row index.
    Quartiles carry the error bound of :func:`percentile` (``relativeError=0`` is exact).
    """
    names = as_column_list(columns)
    check_columns(df, names)
    types = field_types(df)
    numeric = [c for c in names if is_numeric(types[c])]
    if not numeric:
        raise ColumnTypeError(f"describe needs at least one numeric column; got {names}")
    relativeError = check_relative_error(relativeError)
    aggs: dict[str, Column] = {}
    for i, c in enumerate(numeric):
        v = values(df, c)
        aggs[f"count{i}"] = F.count(v).cast("double")
        aggs[f"mean{i}"] = mean_of(df, c)
        aggs[f"std{i}"] = F.stddev_samp(v)
        aggs[f"min{i}"] = F.min(v).cast("double")
        aggs[f"max{i}"] = F.max(v).cast("double")
    cells = {f"q{i}": (values(df, c), [0.25, 0.5, 0.75]) for i, c in enumerate(numeric)}
    table = aggregate_with_quantiles(df, aggs, cells, strata, relativeError=relativeError,
                                     labels=dict(zip(cells, numeric)))

    def block(row: pd.Series) -> pd.DataFrame:
        data = {}
        for i, c in enumerate(numeric):
            q = row[f"q{i}"] if row[f"q{i}"] is not None else [None] * 3
            data[c] = [row[f"count{i}"], row[f"mean{i}"], row[f"std{i}"], row[f"min{i}"], *q, row[f"max{i}"]]
        return pd.DataFrame(data, index=list(_DESCRIBE), dtype=float)

    return _stack(table, strata, block, list(_DESCRIBE), numeric)
