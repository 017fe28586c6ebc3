"""``hdf.assign(name=...)``: new columns from Columns, constants or Python functions of columns.

A function's argument names are column names; each argument arrives as a
pandas Series and the function runs as a pandas UDF (lazily, at the next
action). Its result type is the first argument's column type unless the
function is wrapped by ``SomeType.ret`` (:mod:`.returns`).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pyspark.sql.functions as F
from pyspark.sql import types as T

from .._compat import Column, DataFrame
from .._validation import field_types
from ..errors import ArgumentError, ColumnNotFoundError
from ._build import column_ref, pandas_column
from .returns import TypedFunction

__all__ = ["assign_columns"]

_POSITIONAL = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)


class _ColumnsCaller:
    """Calls the user's function with the Series of its column arguments (picklable, runs on the workers)."""

    def __init__(self, func: Callable, positional: int, keywords: list[str]) -> None:
        self.func = func
        self.positional = positional
        self.keywords = keywords

    def __call__(self, *series: Any) -> Any:
        named = dict(zip(self.keywords, series[self.positional:]))
        return self.func(*series[: self.positional], **named)


def _function_column(name: str, value: Callable, types: dict[str, T.DataType]) -> Column:
    func, return_type = (value.func, value.returnType) if isinstance(value, TypedFunction) else (value, None)
    try:
        params = list(inspect.signature(func).parameters.values())
    except (TypeError, ValueError):
        raise ArgumentError(f"assign({name}=...): cannot read the arguments of {func!r}") from None
    if any(p.kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD) for p in params):
        raise ArgumentError(f"assign({name}=...): the function's arguments must be column names, not *args/**kwargs")
    # arguments with a default that are not columns keep their default
    params = [p for p in params if p.name in types or p.default is inspect.Parameter.empty]
    missing = [p.name for p in params if p.name not in types]
    if missing:
        raise ColumnNotFoundError(
            f"assign({name}=...): the function's argument(s) {missing} are not columns; the frame has {list(types)}"
        )
    if not params:
        raise ArgumentError(f"assign({name}=...): the function needs at least one argument named after a column")
    positional = sum(p.kind in _POSITIONAL for p in params)
    keywords = [p.name for p in params[positional:]]
    caller = _ColumnsCaller(func, positional, keywords)
    dtype = return_type if return_type is not None else types[params[0].name]
    return pandas_column(caller, [column_ref(p.name) for p in params], dtype, name, f"assign({name!r}=...)")


def assign_columns(df: DataFrame, **columns: Any) -> DataFrame:
    """``df`` with the given columns added (or replaced), in order, as pandas' ``assign``.

    Parameters
    ----------
    df : DataFrame
        A Spark DataFrame (classic or Spark Connect).
    **columns
        ``name=value``: a Column, a constant, or a function whose argument names are column
        names (each receives a pandas Series; the result, a Series or a scalar, is the new
        column). A later item may use a column made by an earlier one, as in pandas.

    Returns
    -------
    DataFrame

    Examples
    --------
    >>> import numpy as np
    >>> from pyspark.sql.types import StringType
    >>> out = assign_columns(df, logFare=lambda Fare: np.log(Fare + 1),
    ...                      fare=StringType.ret(lambda Fare: Fare.map("${:,.2f}".format)))
    >>> out.select("logFare", "fare").first()
    Row(logFare=2.1102132003465894, fare='$7.25')
    """
    items = list(columns.items())
    types = field_types(df)
    for i, (name, value) in enumerate(items):
        if isinstance(value, Column):
            column = value
        elif callable(value):
            column = _function_column(name, value, types)
        else:
            try:
                column = F.lit(value)
            except Exception as exc:
                raise ArgumentError(
                    f"assign({name}=...) takes a Column, a constant or a function of columns, got {value!r}"
                ) from exc
        df = df.withColumn(name, column)
        if any(callable(v) and not isinstance(v, Column) for _, v in items[i + 1:]):
            types = field_types(df)  # a later function may read this column (schema only, no Spark job)
    return df
