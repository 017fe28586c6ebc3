"""A column's values as counting statistics see them: one helper for every distinct-value count."""

from __future__ import annotations

import pyspark.sql.functions as F
from pyspark.sql import types as T

from .._compat import Column, DataFrame
from .._expressions import values
from .._validation import field_types


def distinct_values(df: DataFrame, name: str) -> Column:
    """Column ``name`` with each value as a *distinct value*, as pandas counts them.

    NaN is missing (null), as in :func:`handyspark._expressions.values`, and in
    float columns ``-0.0`` is ``0.0``: pandas' hash tables hold them as one value,
    while Spark's ``count_distinct``, ``mode`` and string casts tell them apart.
    Adding ``0.0`` (of the column's own type, so the type is kept) turns ``-0.0``
    into ``0.0`` by IEEE 754 and leaves every other value, NaN and null alone; Spark
    does not simplify it away. Every counting statistic (``nunique``, ``mode``,
    ``value_counts``, ``entropy``, ``mutual_info``, categorical histograms) reads
    values through this function.

    Examples
    --------
    >>> signs = spark.createDataFrame([(-0.0,), (0.0,), (float("nan"),)], "x double")
    >>> sorted(signs.select(distinct_values(signs, "x").alias("x")).distinct().collect(), key=str)
    [Row(x=0.0), Row(x=None)]
    """
    dtype = field_types(df)[name]
    x = values(df, name)
    if isinstance(dtype, T.DoubleType):
        return x + F.lit(0.0)
    if isinstance(dtype, T.FloatType):
        return x + F.lit(0.0).cast("float")
    return x
