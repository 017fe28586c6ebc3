"""Spark types and pandas dtypes: sample Series per Spark type, and the Spark type of a pandas result.

The Spark type of a pandas method's result is found by running the method on a
tiny Series of the column's type on the driver (no Spark job) and reading the
dtype pandas returns. The samples hold no missing values, so that integer
results stay integers (pandas turns them into floats only to hold NaN).
"""

from __future__ import annotations

import datetime as _dt
import decimal

import numpy as np
import pandas as pd
from pyspark.sql import types as T

__all__ = ["sample_series", "spark_type_of", "DATETIME_TYPES"]

DATETIME_TYPES = (T.TimestampType, T.TimestampNTZType, T.DateType)

_STRINGS = ["Braund, Mr. Owen Harris", "Cumings, Mrs. John Bradley", "A/5 21171"]
_TIMES = ["2020-01-31 12:34:56", "2021-02-28 00:00:00", "2024-12-31 23:59:59"]
_INTS = [3, 1, 2]

_INT_DTYPES = {T.ByteType: "int8", T.ShortType: "int16", T.IntegerType: "int32", T.LongType: "int64"}


def sample_series(dtype: T.DataType) -> pd.Series:
    """A small Series holding values of Spark type ``dtype`` as a pandas UDF receives them.

    Examples
    --------
    >>> sample_series(T.IntegerType()).dtype
    dtype('int32')
    """
    for spark_type, np_type in _INT_DTYPES.items():
        if isinstance(dtype, spark_type):
            return pd.Series(_INTS, dtype=np_type)
    if isinstance(dtype, T.FloatType):
        return pd.Series([1.5, -2.25, 3.0], dtype="float32")
    if isinstance(dtype, T.DoubleType):
        return pd.Series([1.5, -2.25, 3.0], dtype="float64")
    if isinstance(dtype, T.DecimalType):
        return pd.Series([decimal.Decimal("1.5"), decimal.Decimal("-2.25"), decimal.Decimal("3")], dtype=object)
    if isinstance(dtype, T.StringType):
        return pd.Series(_STRINGS, dtype=object)
    if isinstance(dtype, T.BooleanType):
        return pd.Series([True, False, True], dtype=bool)
    if isinstance(dtype, (T.TimestampType, T.TimestampNTZType)):
        return pd.Series(pd.to_datetime(_TIMES))
    if isinstance(dtype, T.DateType):
        return pd.Series([t.date() for t in pd.to_datetime(_TIMES)], dtype=object)
    if isinstance(dtype, T.BinaryType):
        return pd.Series([b"ab", b"c", b""], dtype=object)
    return None


def _scalar_type(value: object, input_type: T.DataType) -> T.DataType | None:
    if isinstance(value, (bool, np.bool_)):
        return T.BooleanType()
    if isinstance(value, (int, np.integer)):
        return T.LongType()
    if isinstance(value, (float, np.floating)):
        return T.DoubleType()
    if isinstance(value, str):
        return T.StringType()
    if isinstance(value, bytes):
        return T.BinaryType()
    if isinstance(value, (pd.Timestamp, _dt.datetime)):
        aware = value.tzinfo is not None
        return T.TimestampNTZType() if not aware and isinstance(input_type, T.TimestampNTZType) else T.TimestampType()
    if isinstance(value, _dt.date):
        return T.DateType()
    if isinstance(value, decimal.Decimal):
        return input_type if isinstance(input_type, T.DecimalType) else T.DecimalType(38, 18)
    if isinstance(value, (list, tuple, np.ndarray)):
        inner = next((v for v in value if not _missing(v)), None)
        element = T.StringType() if inner is None else _scalar_type(inner, input_type)
        return None if element is None else T.ArrayType(element)
    return None


def _missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # arrays are never "missing" as a whole
        return False


def spark_type_of(result: pd.Series, input_type: T.DataType) -> T.DataType | None:
    """The Spark type that holds ``result`` (a pandas result computed from a column of ``input_type``).

    Returns None when no Spark type fits (the caller explains and suggests ``.ret``).

    Examples
    --------
    >>> spark_type_of(pd.Series([1, 2]), T.StringType())
    LongType()
    """
    dtype = result.dtype
    if isinstance(dtype, pd.DatetimeTZDtype):
        return T.TimestampType()
    if isinstance(dtype, pd.CategoricalDtype):
        return spark_type_of(result.astype(object), input_type)
    if pd.api.types.is_bool_dtype(dtype):
        return T.BooleanType()
    if pd.api.types.is_integer_dtype(dtype):
        bits = np.dtype(dtype.numpy_dtype if hasattr(dtype, "numpy_dtype") else dtype).itemsize * 8
        if pd.api.types.is_unsigned_integer_dtype(dtype):
            bits *= 2
        return {8: T.ByteType(), 16: T.ShortType(), 32: T.IntegerType()}.get(bits, T.LongType())
    if pd.api.types.is_float_dtype(dtype):
        return T.FloatType() if np.dtype(dtype).itemsize == 4 else T.DoubleType()
    if pd.api.types.is_datetime64_dtype(dtype):
        return T.TimestampNTZType() if isinstance(input_type, T.TimestampNTZType) else T.TimestampType()
    if pd.api.types.is_timedelta64_dtype(dtype):
        return T.DayTimeIntervalType()
    if pd.api.types.is_string_dtype(dtype) and not pd.api.types.is_object_dtype(dtype):
        return T.StringType()
    first = next((v for v in result if not _missing(v)), None)
    return None if first is None else _scalar_type(first, input_type)
