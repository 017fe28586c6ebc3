"""Spark built-ins with exactly pandas' semantics: the fast path of ``hdf.pandas[...]``.

Each entry takes the column, its Spark type and the method's arguments (by
name, pandas' defaults filled in) and returns a Column, or None when these
arguments or this column type would give a result different from pandas' (the
caller then runs the pandas method in a pandas UDF). The caller casts the
result to the type pandas returns and turns NaN into null, as the UDF path does.

Only what is provably identical is here, nulls included; for example pandas'
``isin`` and ``between`` say False for a missing value where Spark says null,
so the expressions add ``coalesce(..., False)``; Spark's ``weekday`` counts
Monday as 0 like pandas' ``dayofweek`` (Spark's ``dayofweek`` starts on Sunday = 1).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pyspark.sql.functions as F
from pyspark.sql import types as T

from .._compat import Column

__all__ = ["NATIVE", "build", "native_methods"]

_INTEGRAL = (T.ByteType, T.ShortType, T.IntegerType, T.LongType)
_FLOATING = (T.FloatType, T.DoubleType)
_TIMESTAMPS = (T.TimestampType, T.TimestampNTZType)
_NO_DEFAULT = pd.api.extensions.no_default
_MAX_LENGTH = 2**31 - 1

Builder = Callable[[Column, T.DataType, dict], "Column | None"]


def _is_number(value: Any) -> bool:
    return (isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))
            and math.isfinite(value))


def _is_missing(col: Column, dtype: T.DataType) -> Column:
    return (col.isNull() | F.isnan(col)) if isinstance(dtype, _FLOATING) else col.isNull()


def _literals_match(dtype: T.DataType, values: list) -> bool:
    """Whether Spark compares ``values`` with the column exactly as pandas does (no coercion surprises)."""
    if isinstance(dtype, T.StringType):
        return all(isinstance(v, str) for v in values)
    if isinstance(dtype, _INTEGRAL + _FLOATING):
        return all(_is_number(v) for v in values)
    if isinstance(dtype, T.BooleanType):
        return all(isinstance(v, (bool, np.bool_)) for v in values)
    return False


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


# ---------------------------------------------------------------- Series methods
def _isna(col: Column, dtype: T.DataType, args: dict) -> Column:
    return _is_missing(col, dtype)


def _notna(col: Column, dtype: T.DataType, args: dict) -> Column:
    return ~_is_missing(col, dtype)


def _isin(col: Column, dtype: T.DataType, args: dict) -> Column | None:
    values = args["values"]
    if isinstance(values, (str, bytes, dict)) or not hasattr(values, "__iter__"):
        return None
    values = [_plain(v) for v in values]
    if not _literals_match(dtype, values):
        return None
    if not values:
        return F.lit(False)
    return F.coalesce(col.isin(values), F.lit(False))


def _abs(col: Column, dtype: T.DataType, args: dict) -> Column | None:
    return F.abs(col) if isinstance(dtype, _INTEGRAL + _FLOATING) else None


def _between(col: Column, dtype: T.DataType, args: dict) -> Column | None:
    left, right, inclusive = _plain(args["left"]), _plain(args["right"]), args["inclusive"]
    if not _literals_match(dtype, [left, right]) or isinstance(dtype, T.BooleanType):
        return None
    lower = {"both": col >= left, "left": col >= left, "right": col > left, "neither": col > left}.get(inclusive)
    upper = {"both": col <= right, "right": col <= right, "left": col < right, "neither": col < right}.get(inclusive)
    if lower is None:
        return None
    return F.when(_is_missing(col, dtype), F.lit(False)).otherwise(lower & upper)


def _fillna(col: Column, dtype: T.DataType, args: dict) -> Column | None:
    value = _plain(args["value"])
    if args.get("method") is not None or args.get("limit") is not None:
        return None
    fits = (isinstance(dtype, T.StringType) and isinstance(value, str)) or (
        isinstance(dtype, _FLOATING) and _is_number(value)) or (
        isinstance(dtype, _INTEGRAL) and isinstance(value, int) and not isinstance(value, bool))
    return F.when(_is_missing(col, dtype), F.lit(value)).otherwise(col) if fits else None


# ---------------------------------------------------------------- .str
def _str_len(col: Column, dtype: T.DataType, args: dict) -> Column:
    return F.char_length(col)  # code points, as Python's len


def _str_find(col: Column, dtype: T.DataType, args: dict) -> Column | None:
    if not isinstance(args["sub"], str) or args["start"] != 0 or args["end"] is not None:
        return None
    return F.instr(col, args["sub"]) - 1  # 1-based, 0 when absent -> 0-based, -1 when absent


def _str_affix(method: str) -> Builder:
    def build(col: Column, dtype: T.DataType, args: dict) -> Column | None:
        if not isinstance(args["pat"], str) or args["na"] is not _NO_DEFAULT:
            return None
        return getattr(col, method)(F.lit(args["pat"]))

    return build


def _str_contains(col: Column, dtype: T.DataType, args: dict) -> Column | None:
    if (args["regex"] or not args["case"] or args["flags"] or args["na"] is not _NO_DEFAULT
            or not isinstance(args["pat"], str)):
        return None
    return col.contains(F.lit(args["pat"]))


def _str_replace(col: Column, dtype: T.DataType, args: dict) -> Column | None:
    pat, repl = args["pat"], args["repl"]
    if (args["regex"] or args["case"] is False or args["flags"] or args["n"] != -1
            or not isinstance(pat, str) or not pat or not isinstance(repl, str)):
        return None
    return F.replace(col, F.lit(pat), F.lit(repl))


def _str_slice(col: Column, dtype: T.DataType, args: dict) -> Column | None:
    start, stop, step = args["start"], args["stop"], args["step"]
    ok = (start is None or (isinstance(start, int) and start >= 0)) and (
        stop is None or (isinstance(stop, int) and stop >= 0)) and step in (None, 1)
    if not ok:
        return None
    start = start or 0
    length = _MAX_LENGTH if stop is None else max(0, stop - start)
    return F.substring(col, start + 1, length)


# ---------------------------------------------------------------- .dt
def _dt_field(function: Callable[[Column], Column], timestamps_only: bool = False) -> Builder:
    def build(col: Column, dtype: T.DataType, args: dict) -> Column:
        if timestamps_only and isinstance(dtype, T.DateType):
            return F.when(col.isNotNull(), F.lit(0))  # a date is at midnight
        return function(col)

    return build


def _days_in_month(col: Column) -> Column:
    return F.dayofmonth(F.last_day(col))


def _is_month_end(col: Column) -> Column:
    return F.dayofmonth(col) == _days_in_month(col)


def _flag(condition: Callable[[Column], Column]) -> Builder:
    # pandas says False (not missing) for NaT in the is_* fields
    return lambda col, dtype, args: F.coalesce(condition(col), F.lit(False))


def _is_leap_year(col: Column) -> Column:
    year = F.year(col)
    return ((year % 4) == 0) & (((year % 100) != 0) | ((year % 400) == 0))


def _dt_name(pattern: str) -> Builder:
    def build(col: Column, dtype: T.DataType, args: dict) -> Column | None:
        return F.date_format(col, pattern) if args.get("locale") is None else None

    return build


#: (accessor, method) -> builder; the docs list these as the natively run methods
NATIVE: dict[tuple[str, str], Builder] = {
    ("", "isna"): _isna,
    ("", "isnull"): _isna,
    ("", "notna"): _notna,
    ("", "notnull"): _notna,
    ("", "isin"): _isin,
    ("", "abs"): _abs,
    ("", "between"): _between,
    ("", "fillna"): _fillna,
    ("str", "len"): _str_len,
    ("str", "lower"): lambda col, dtype, args: F.lower(col),
    ("str", "upper"): lambda col, dtype, args: F.upper(col),
    ("str", "find"): _str_find,
    ("str", "startswith"): _str_affix("startswith"),
    ("str", "endswith"): _str_affix("endswith"),
    ("str", "contains"): _str_contains,
    ("str", "replace"): _str_replace,
    ("str", "slice"): _str_slice,
    ("dt", "year"): _dt_field(F.year),
    ("dt", "month"): _dt_field(F.month),
    ("dt", "day"): _dt_field(F.dayofmonth),
    ("dt", "hour"): _dt_field(F.hour, timestamps_only=True),
    ("dt", "minute"): _dt_field(F.minute, timestamps_only=True),
    ("dt", "second"): _dt_field(F.second, timestamps_only=True),
    ("dt", "quarter"): _dt_field(F.quarter),
    ("dt", "dayofyear"): _dt_field(F.dayofyear),
    ("dt", "day_of_year"): _dt_field(F.dayofyear),
    ("dt", "dayofweek"): _dt_field(F.weekday),
    ("dt", "day_of_week"): _dt_field(F.weekday),
    ("dt", "weekday"): _dt_field(F.weekday),
    ("dt", "days_in_month"): _dt_field(_days_in_month),
    ("dt", "daysinmonth"): _dt_field(_days_in_month),
    ("dt", "is_month_start"): _flag(lambda c: F.dayofmonth(c) == 1),
    ("dt", "is_month_end"): _flag(_is_month_end),
    ("dt", "is_quarter_start"): _flag(lambda c: (F.dayofmonth(c) == 1) & ((F.month(c) % 3) == 1)),
    ("dt", "is_quarter_end"): _flag(lambda c: _is_month_end(c) & ((F.month(c) % 3) == 0)),
    ("dt", "is_year_start"): _flag(lambda c: (F.dayofmonth(c) == 1) & (F.month(c) == 1)),
    ("dt", "is_year_end"): _flag(lambda c: (F.dayofmonth(c) == 31) & (F.month(c) == 12)),
    ("dt", "is_leap_year"): _flag(_is_leap_year),
    ("dt", "date"): _dt_field(F.to_date),
    ("dt", "normalize"): _dt_field(lambda c: F.date_trunc("day", c)),
    ("dt", "month_name"): _dt_name("MMMM"),
    ("dt", "day_name"): _dt_name("EEEE"),
}


def build(accessor: str, name: str, col: Column, dtype: T.DataType, args: dict) -> Column | None:
    """The built-in expression for ``accessor.name(**args)`` on ``col``, or None to use a pandas UDF.

    Examples
    --------
    >>> build("str", "upper", F.col("Name"), T.StringType(), {})
    Column<'upper(Name)'>
    """
    builder = NATIVE.get((accessor, name))
    return None if builder is None else builder(col, dtype, args)


def native_methods(accessor: str) -> list[str]:
    """The methods of an accessor (``''``, ``'str'``, ``'dt'``) that can run as Spark built-ins."""
    return sorted(name for acc, name in NATIVE if acc == accessor)
