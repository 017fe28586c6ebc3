"""Build a pandas-UDF Column from a function of pandas Series.

Everything in the UDF is plain data or importable functions, so it pickles to
the Python workers of classic and Spark Connect sessions alike.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
import pyspark.sql.functions as F
from pyspark.sql import types as T

from .._compat import Column
from .._expressions import column as column_ref

__all__ = ["column_ref", "pandas_column", "finish_result"]

_INTEGRAL = (T.ByteType, T.ShortType, T.IntegerType, T.LongType)
_NULLABLE_INT = {T.ByteType: "Int8", T.ShortType: "Int16", T.IntegerType: "Int32", T.LongType: "Int64"}


def finish_result(result: object, return_type: T.DataType, nrows: int) -> pd.Series:
    """Shape a function's result as the Series Spark expects for ``return_type``.

    Scalars are repeated on every row; float results declared as an integer type
    become nullable integers (NaN -> null, and a fractional value is an error
    rather than a silent truncation).
    """
    if isinstance(result, pd.DataFrame):
        raise TypeError("the function returned a DataFrame; it must return one value per row (a Series)")
    if not isinstance(result, pd.Series):
        if np.ndim(result) == 0 or isinstance(result, (str, bytes)):
            result = pd.Series([result] * nrows)
        else:
            result = pd.Series(list(result) if not isinstance(result, np.ndarray) else result)
    if len(result) != nrows:
        raise ValueError(f"the function returned {len(result)} values for {nrows} rows")
    if isinstance(return_type, _INTEGRAL) and pd.api.types.is_float_dtype(result.dtype):
        try:
            result = result.astype(_NULLABLE_INT[type(return_type)])
        except (TypeError, ValueError):
            raise TypeError(
                f"the result has fractional values but its type is {return_type.simpleString()} "
                "(the first argument's type by default): choose the type with e.g. DoubleType.ret(f)"
            ) from None
    return result.reset_index(drop=True)


def _typed_runner(func: Callable, return_type: T.DataType, nargs: int, name: str) -> Callable:
    def run(*series: pd.Series) -> pd.Series:
        return finish_result(func(*series), return_type, len(series[0]))

    # pandas_udf reads the kind of UDF from the type hints: n Series in, one Series out
    params = [inspect.Parameter(f"s{i}", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=pd.Series)
              for i in range(nargs)]
    run.__signature__ = inspect.Signature(params, return_annotation=pd.Series)
    run.__annotations__ = {f"s{i}": pd.Series for i in range(nargs)} | {"return": pd.Series}
    run.__name__ = run.__qualname__ = name
    return run


def pandas_column(func: Callable, columns: Sequence[Column], return_type: T.DataType, name: str) -> Column:
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

    Examples
    --------
    >>> pandas_column(lambda s: s + 1, [column_ref("Age")], T.DoubleType(), "plus_one")  # doctest: +SKIP
    """
    runner = _typed_runner(func, return_type, len(columns), name)
    return F.pandas_udf(runner, return_type)(*columns)
