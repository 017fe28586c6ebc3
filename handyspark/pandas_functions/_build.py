"""Build a pandas-UDF Column from a function of pandas Series.

Everything in the UDF is plain data or importable functions, so it pickles to
the Python workers of classic and Spark Connect sessions alike.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyspark.sql.functions as F
from pyspark.sql import types as T

from .._compat import Column
from .._expressions import column as column_ref

__all__ = ["column_ref", "pandas_column", "finish_result", "set_signature"]

_INTEGRAL = (T.ByteType, T.ShortType, T.IntegerType, T.LongType)
_NULLABLE_INT: dict[type[T.DataType], str] = {
    T.ByteType: "Int8", T.ShortType: "Int16", T.IntegerType: "Int32", T.LongType: "Int64"
}
_BITS: dict[type[T.DataType], int] = {T.ByteType: 8, T.ShortType: 16, T.IntegerType: 32, T.LongType: 64}


def set_signature(func: Any, signature: inspect.Signature) -> None:
    """Give the function ``func`` the ``signature`` that :func:`inspect.signature` reports.

    (``func`` is typed ``Any``: type checkers know no ``__signature__`` attribute on functions.)
    """
    func.__signature__ = signature


def _integral_range(return_type: T.DataType) -> tuple[int, int]:
    bits = _BITS[type(return_type)]
    return -(2 ** (bits - 1)), 2 ** (bits - 1) - 1


def _as_integral(result: pd.Series, return_type: T.DataType, what: str) -> pd.Series:
    """``result`` as the nullable integer type of ``return_type``; a fractional or out-of-range value is an error."""
    name = return_type.simpleString()
    advice = "choose the type with e.g. DoubleType.ret(f) or LongType.ret(f)"
    values = result.to_numpy(dtype=np.float64, na_value=np.nan) if result.dtype.kind not in "iu" else None
    if values is not None:
        present = values[~np.isnan(values)]
        if not np.all(np.isfinite(present)) or np.any(present != np.floor(present)):
            raise TypeError(f"{what}: the result has fractional or infinite values but its type is {name} "
                            f"(the first argument's type by default): {advice}")
        low, high = (float(present.min()), float(present.max())) if len(present) else (0.0, 0.0)
    else:
        low, high = (int(result.min()), int(result.max())) if len(result) else (0, 0)
    lo, hi = _integral_range(return_type)
    if low < lo or high > hi:
        raise TypeError(f"{what}: the result has values outside the range of {name} [{lo}, {hi}] "
                        f"(the first argument's type by default): {advice}")
    return result.astype(_NULLABLE_INT[type(return_type)])


def finish_result(result: Any, return_type: T.DataType, nrows: int, what: str = "the function") -> pd.Series:
    """Shape a function's result as the Series Spark expects for ``return_type``.

    Scalars are repeated on every row. A result declared as an integer type
    becomes a nullable integer Series (NaN -> null); a fractional value, or one
    outside the type's range, is an error naming ``what`` rather than a silent
    truncation or wrap.
    """
    if isinstance(result, pd.DataFrame):
        raise TypeError(f"{what}: the function returned a DataFrame; it must return one value per row (a Series)")
    if not isinstance(result, pd.Series):
        if np.ndim(result) == 0 or isinstance(result, (str, bytes)):
            result = pd.Series([result] * nrows)
        else:
            result = pd.Series(list(result) if not isinstance(result, np.ndarray) else result)
    if len(result) != nrows:
        raise ValueError(f"{what}: the function returned {len(result)} values for {nrows} rows")
    if isinstance(return_type, _INTEGRAL) and (
        pd.api.types.is_float_dtype(result.dtype) or pd.api.types.is_integer_dtype(result.dtype)
    ):
        result = _as_integral(result, return_type, what)
    return result.reset_index(drop=True)


def _widened(s: pd.Series) -> pd.Series:
    """The Series a function sees: narrow integers as int64, so that its arithmetic does not wrap at 8, 16
    or 32 bits; strings as Python strings (object dtype, missing as None), as pandas 2 gives them, so that
    ``.str`` methods follow Python's Unicode case mappings under pandas 3 too (whose Arrow-backed strings
    map ``'ß'.upper()`` to ``'ẞ'``) and results are the same under pandas 2 and 3."""
    if isinstance(s.dtype, pd.StringDtype):
        return s.astype(object).where(s.notna(), None)
    return s.astype(np.int64) if s.dtype.kind in "iu" and s.dtype.itemsize < 8 else s


def _typed_runner(func: Callable, return_type: T.DataType, nargs: int, name: str, what: str) -> Callable:
    def run(*series: pd.Series) -> pd.Series:
        return finish_result(func(*(_widened(s) for s in series)), return_type, len(series[0]), what)

    # pandas_udf reads the kind of UDF from the type hints: n Series in, one Series out
    params = [inspect.Parameter(f"s{i}", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=pd.Series)
              for i in range(nargs)]
    set_signature(run, inspect.Signature(params, return_annotation=pd.Series))
    run.__annotations__ = {f"s{i}": pd.Series for i in range(nargs)} | {"return": pd.Series}
    run.__name__ = run.__qualname__ = name
    return run


def pandas_column(
    func: Callable, columns: Sequence[Column], return_type: T.DataType, name: str, what: str | None = None
) -> Column:
    """A lazy Column running ``func(*series)`` as a scalar pandas UDF on ``columns``.

    Parameters
    ----------
    func : callable
        Takes one pandas Series per column and returns a Series of the same length (or a scalar).
    columns : list of Column
        The input columns, in the order of ``func``'s arguments.
    return_type : DataType
        The Spark type of the result.
    name : str
        The UDF's name (shown in the default column name).
    what : str, optional
        What an error in the result names (default: ``name``).

    Examples
    --------
    >>> plus_one = pandas_column(lambda s: s + 1, [column_ref("Age")], T.DoubleType(), "plus_one")
    >>> df.select(plus_one).first()
    Row(plus_one(Age)=23.0)
    """
    runner = _typed_runner(func, return_type, len(columns), name, what or name)
    # PySpark's stubs lack the type-hint form pandas_udf(f, returnType) and list only some return types
    return F.pandas_udf(runner, return_type)(*columns)  # type: ignore[call-overload]
