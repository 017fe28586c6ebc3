"""``hdf.pandas[col]``: pandas Series methods as lazy Spark Columns.

``PandasColumns(df)['Embarked'].isin(values=['C', 'Q'])`` is a boolean Column
equal to pandas' ``isin`` on the same data, nulls included; ``.str`` and ``.dt``
give the string and datetime methods. Only element-wise methods are offered: a
pandas UDF sees the data in batches, so methods whose result depends on other
rows (``rank``, ``cumsum``, ``shift``, ``fillna(method=...)``) cannot be columns.
"""

from __future__ import annotations

import pandas as pd
from pyspark.sql import types as T

from .._compat import Column, DataFrame
from .._validation import check_columns, field_types
from ..errors import ArgumentError, ColumnTypeError
from ._accessor import Accessor, AccessorTypeError, Method, install_methods
from ._calls import VALUE_METHODS
from ._typing import DATETIME_TYPES
from .datetimes import DATETIME_METHODS, DatetimeMethods
from .strings import StringMethods

__all__ = ["PandasColumns", "PandasSeries", "SERIES_METHODS"]


def _same(input_type: T.DataType) -> T.DataType:
    return input_type


def _boolean(input_type: T.DataType) -> T.DataType:
    return T.BooleanType()


def _series_method(name: str, **options) -> Method:
    return Method(signature=getattr(pd.Series, name), **options)


#: pandas Series methods available on Spark columns, with how their result type is found
SERIES_METHODS: dict[str, Method] = {
    "between": _series_method("between", result=_boolean),
    "between_time": Method(signature=VALUE_METHODS["between_time"], result=_boolean),
    "isin": _series_method("isin", result=_boolean),
    "isna": _series_method("isna", result=_boolean),
    "isnull": _series_method("isnull", result=_boolean),
    "notna": _series_method("notna", result=_boolean),
    "notnull": _series_method("notnull", result=_boolean),
    "abs": _series_method("abs"),
    "clip": _series_method("clip"),
    "round": _series_method("round"),
    "astype": _series_method("astype"),
    "fillna": _series_method("fillna", result=_same),
    "replace": _series_method("replace", result=_same),
    "truncate": Method(signature=VALUE_METHODS["truncate"], result=_same),
    "tz_localize": DATETIME_METHODS["tz_localize"],
    "tz_convert": DATETIME_METHODS["tz_convert"],
}
_NEEDS_DATETIMES = {"between_time", "tz_localize", "tz_convert"}


class PandasSeries(Accessor):
    """pandas Series methods on one Spark column; each returns a lazy Column.

    Series methods that pandas applies to the index act on the values here:
    ``between_time`` is True where the time of day is in range, ``truncate(before, after)``
    makes values outside ``[before, after]`` missing, ``tz_localize`` / ``tz_convert`` as
    in :class:`DatetimeMethods`.

    Examples
    --------
    >>> hdf.filter(hdf.pandas["Embarked"].isin(values=["C", "Q"])).count()
    245
    >>> hdf.filter(hdf.pandas["Age"].between(18, 65)).count()
    593
    """

    def _column(self, name: str, args: tuple, kwargs: dict) -> Column:
        if name in _NEEDS_DATETIMES and not isinstance(self._dtype, DATETIME_TYPES):
            raise ColumnTypeError(f"{name} needs a date or timestamp column; {self._name!r} is "
                                  f"{self._dtype.simpleString()}")
        if name == "fillna" and (kwargs.get("method") is not None or (len(args) > 1 and args[1] is not None)):
            raise ArgumentError("fillna(method=...) depends on other rows, so it cannot be a column; give a value")
        return super()._column(name, args, kwargs)

    @property
    def str(self) -> StringMethods:
        """pandas' string methods (``.str``); only for string columns."""
        if not isinstance(self._dtype, T.StringType):
            raise AccessorTypeError(
                f"Can only use .str accessor with string values: column {self._name!r} is {self._dtype.simpleString()}"
            )
        return StringMethods(self._df, self._name, self._dtype, self._native)

    @property
    def dt(self) -> DatetimeMethods:
        """pandas' datetime properties and methods (``.dt``); only for date and timestamp columns."""
        if not isinstance(self._dtype, DATETIME_TYPES):
            raise AccessorTypeError(
                f"Can only use .dt accessor with datetimelike values: column {self._name!r} is "
                f"{self._dtype.simpleString()}"
            )
        return DatetimeMethods(self._df, self._name, self._dtype, self._native)


install_methods(PandasSeries, SERIES_METHODS, "Series")


class PandasColumns:
    """``hdf.pandas``: index by a column name to get its pandas Series methods as Spark Columns.

    Parameters
    ----------
    df : DataFrame
        The Spark DataFrame (classic or Spark Connect).
    native : bool, default True
        Emit Spark built-ins where they have exactly pandas' semantics; False runs every
        method as a pandas UDF (same results, slower).

    Examples
    --------
    >>> df.select(PandasColumns(df)["Name"].str.find(sub="Mrs.")).first()
    Row(str_find(Name)=-1)
    """

    def __init__(self, df: DataFrame, native: bool = True) -> None:
        self._df = df
        self._native = native

    def __getitem__(self, name: str) -> PandasSeries:
        if not isinstance(name, str):
            raise ArgumentError(f"hdf.pandas[...] takes one column name, got {name!r}")
        check_columns(self._df, [name])
        return PandasSeries(self._df, name, field_types(self._df)[name], self._native)

    def __repr__(self) -> str:
        return f"<PandasColumns of {list(self._df.columns)}>"
