"""pandas functions as Spark column expressions: ``hdf.pandas[col]``, ``.str``, ``.dt``, ``assign``, ``.ret``.

Each method builds a lazy Column: a Spark built-in where one has exactly
pandas' semantics (:mod:`.native`), a pandas UDF otherwise.

Examples
--------
>>> from handyspark.pandas_functions import PandasColumns, assign_columns
>>> is_c_or_q = PandasColumns(df)["Embarked"].isin(values=["C", "Q"])
>>> out = assign_columns(df, is_c_or_q=is_c_or_q)
>>> out.filter(out["is_c_or_q"]).count()
245
"""

from __future__ import annotations

from ._accessor import AccessorTypeError, UnsupportedMethodError
from .assign import assign_columns
from .datetimes import DATETIME_METHODS, DatetimeMethods
from .native import native_methods
from .returns import TypedFunction, install_type_wrappers, returns
from .series import SERIES_METHODS, PandasColumns, PandasSeries
from .strings import STRING_METHODS, StringMethods

__all__ = [
    "PandasColumns",
    "PandasSeries",
    "StringMethods",
    "DatetimeMethods",
    "assign_columns",
    "install_type_wrappers",
    "returns",
    "TypedFunction",
    "native_methods",
    "UnsupportedMethodError",
    "AccessorTypeError",
    "SERIES_METHODS",
    "STRING_METHODS",
    "DATETIME_METHODS",
]
