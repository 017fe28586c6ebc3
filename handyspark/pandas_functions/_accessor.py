"""The machinery shared by ``hdf.pandas[col]``, ``.str`` and ``.dt``: from a method name to a Column.

A method is listed as data (:class:`Method`): how its result type is found and
whether its arguments can be checked on a sample. Calling it

1. checks the arguments against pandas' own signature,
2. runs the method on a tiny sample Series of the column's type on the driver
   (no Spark job): bad arguments fail now, and pandas' result dtype gives the
   Spark type,
3. emits a Spark built-in when :mod:`.native` has one with exactly pandas'
   semantics for these arguments, otherwise a pandas UDF.
"""

from __future__ import annotations

import inspect
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pyspark.sql.functions as F
from pyspark.sql import types as T

from .._compat import Column, DataFrame
from ..errors import ArgumentError, ColumnTypeError, HandyException
from . import native as _native
from ._build import column_ref, pandas_column, set_signature
from ._calls import PandasCall
from ._typing import sample_series, spark_type_of

__all__ = ["Method", "UnsupportedMethodError", "AccessorTypeError", "Accessor", "install_methods"]


class UnsupportedMethodError(HandyException, AttributeError):
    """The method is not a pandas element-wise method that handyspark runs on Spark columns."""


class AccessorTypeError(ColumnTypeError, AttributeError):
    """``.str`` on a non-string column, ``.dt`` on a non-datetime one (an AttributeError, as in pandas)."""


@dataclass(frozen=True)
class Method:
    """How one pandas method becomes a Column.

    Parameters
    ----------
    result : callable, optional
        Input Spark type -> result Spark type; None to take pandas' result dtype on the sample.
    probe : bool
        Run the method on a sample at build time (False for methods that raise on data they
        were not meant for, such as ``str.index``).
    is_property : bool
        A property (``dt.year``) rather than a method.
    signature : callable, optional
        The pandas function whose signature the arguments must fit.
    """

    result: Callable[[T.DataType], T.DataType] | None = None
    probe: bool = True
    is_property: bool = False
    signature: Callable | None = None


def _bind(method: Method, name: str, args: tuple, kwargs: dict) -> dict[str, Any]:
    """The arguments by name, defaults filled in (empty when pandas' signature is ``*args, **kwargs``)."""
    if method.signature is None:
        return {}
    sig = inspect.signature(method.signature)
    try:
        bound = sig.bind(None, *args, **kwargs)
    except TypeError as exc:
        raise ArgumentError(f"{name}: {exc}") from None
    bound.apply_defaults()
    params = list(sig.parameters)
    return {k: v for k, v in bound.arguments.items() if k != params[0]}


class Accessor:
    """Base of the accessors: builds Columns from the method table ``_methods``."""

    _prefix = ""
    _methods: dict[str, Method] = {}

    def __init__(self, df: DataFrame, name: str, dtype: T.DataType, native: bool = True) -> None:
        self._df = df
        self._name = name
        self._dtype = dtype
        self._native = native

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of column {self._name!r} ({self._dtype.simpleString()})>"

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(self._methods))

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if hasattr(type(self), name):  # a property (.str, .dt) refused this column: raise its own error
            return object.__getattribute__(self, name)
        where = f"Series{'.' + self._prefix if self._prefix else ''}"
        raise UnsupportedMethodError(
            f"{where}.{name} is not available on Spark columns (column {self._name!r}): only element-wise "
            f"pandas methods run as Spark expressions; available: {', '.join(sorted(self._methods))}"
        )

    def _session_tz(self) -> str | None:
        """The session time zone (TIMESTAMP values reach pandas as its wall-clock times), for ``tz_convert``."""
        if not isinstance(self._dtype, T.TimestampType):
            return None
        return self._df.sparkSession.conf.get("spark.sql.session.timeZone")

    def _column(self, name: str, args: tuple, kwargs: dict) -> Column:
        method = self._methods[name]
        if kwargs.get("inplace"):
            raise ArgumentError(f"{name}: inplace=True has no meaning for a Spark column")
        bound = _bind(method, name, args, kwargs)
        call = PandasCall(self._prefix, name, tuple(args), dict(kwargs), method.is_property,
                          self._session_tz() if name == "tz_convert" else None)
        return_type = self._return_type(method, call)
        label = f"{self._prefix + '_' if self._prefix else ''}{name}({self._name})"
        column = None
        if self._native:
            column = _native.build(self._prefix, name, column_ref(self._name), self._dtype, bound)
        if column is None:
            column = pandas_column(call, [column_ref(self._name)], return_type, "pandas_" + label.split("(")[0], label)
        else:
            column = column.cast(return_type)
            if isinstance(return_type, (T.FloatType, T.DoubleType)):  # as the UDF path: NaN comes back as null
                column = F.nanvl(column, F.lit(None).cast(return_type))
        return column.alias(label)

    def _return_type(self, method: Method, call: PandasCall) -> T.DataType:
        fixed = method.result(self._dtype) if method.result is not None else None
        if not method.probe and fixed is not None:
            return fixed
        sample = sample_series(self._dtype)
        if sample is None:
            raise ColumnTypeError(
                f"column {self._name!r} has type {self._dtype.simpleString()}, which pandas methods do not support here"
            )
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                result = call(sample)
        except Exception as exc:
            raise ArgumentError(
                f"{self._name}{call.describe()} fails in pandas on a {self._dtype.simpleString()} column: "
                f"{type(exc).__name__}: {exc}"
            ) from exc
        if fixed is not None:
            return fixed
        if not isinstance(result, pd.Series) or len(result) != len(sample):
            raise UnsupportedMethodError(
                f"{self._name}{call.describe()} does not return one value per row, so it cannot be a column"
            )
        inferred = spark_type_of(result, self._dtype)
        if inferred is None:
            raise ColumnTypeError(f"{self._name}{call.describe()} returns pandas dtype {result.dtype}, "
                                  "which has no Spark type")
        return inferred


def _make_method(name: str, method: Method, pandas_doc: str) -> Any:
    if method.is_property:
        def prop(self: Accessor) -> Column:
            return self._column(name, (), {})

        prop.__doc__ = f"``{pandas_doc}`` as a Spark Column."
        return property(prop)

    def call(self: Accessor, *args: Any, **kwargs: Any) -> Column:
        return self._column(name, args, kwargs)

    call.__name__ = call.__qualname__ = name
    call.__doc__ = f"``{pandas_doc}(...)`` as a lazy Spark Column (same arguments as pandas)."
    if method.signature is not None:
        try:
            set_signature(call, inspect.signature(method.signature))
        except (TypeError, ValueError):  # pragma: no cover - builtins without a signature
            pass
    return call


def install_methods(cls: type[Accessor], methods: dict[str, Method], pandas_prefix: str) -> None:
    """Give ``cls`` one method (or property) per entry of ``methods``."""
    cls._methods = methods
    for name, method in methods.items():
        setattr(cls, name, _make_method(name, method, f"{pandas_prefix}.{name}"))
