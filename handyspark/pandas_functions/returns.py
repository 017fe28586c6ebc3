"""``StringType.ret(f)``: a function carrying the Spark type of its result, for ``assign``.

``import handyspark`` calls :func:`install_type_wrappers`, which adds ``.ret`` to
every Spark data type, on the class (``StringType.ret(f)``, for types built
without arguments) and on instances (``ArrayType(DoubleType()).ret(f)``).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from pyspark.sql import types as T

from ..errors import ArgumentError

__all__ = ["TypedFunction", "returns", "install_type_wrappers"]


class TypedFunction:
    """A function of pandas Series together with the Spark type of its result.

    Calling it calls the function; :func:`~handyspark.pandas_functions.assign_columns` reads ``returnType``.

    Examples
    --------
    >>> from pyspark.sql.types import StringType
    >>> f = returns(StringType(), lambda Fare: Fare.map("${:,.2f}".format))
    >>> f.returnType
    StringType()
    """

    def __init__(self, func: Callable, returnType: T.DataType) -> None:
        if not callable(func):
            raise ArgumentError(f".ret needs a function, got {func!r}")
        if not isinstance(returnType, T.DataType):
            raise ArgumentError(f".ret needs a Spark DataType, got {returnType!r}")
        self.func: Callable = func.func if isinstance(func, TypedFunction) else func
        self.returnType = returnType
        functools.update_wrapper(self, self.func)
        self.__signature__ = inspect.signature(self.func)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.func(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<function {getattr(self.func, '__name__', 'function')} returning {self.returnType.simpleString()}>"


def returns(dtype: T.DataType, func: Callable) -> TypedFunction:
    """``func`` marked as returning Spark type ``dtype`` (what ``dtype.ret(func)`` does)."""
    return TypedFunction(func, dtype)


class _Ret:
    """The ``.ret`` attribute of Spark types: works on the class and on instances."""

    def __get__(self, instance: T.DataType | None, owner: type) -> Callable[[Callable], TypedFunction]:
        if instance is not None:
            return functools.partial(returns, instance)

        def ret(func: Callable) -> TypedFunction:
            try:
                dtype = owner()
            except TypeError:
                raise ArgumentError(
                    f"{owner.__name__} needs arguments: call .ret on an instance, e.g. {owner.__name__}(...).ret(f)"
                ) from None
            return returns(dtype, func)

        ret.__doc__ = f"Mark a function as returning {owner.__name__}."
        return ret


def install_type_wrappers() -> None:
    """Add ``.ret`` to every Spark data type (idempotent).

    Examples
    --------
    >>> install_type_wrappers()
    >>> from pyspark.sql.types import ArrayType, DoubleType
    >>> ArrayType(DoubleType()).ret(lambda Fare: Fare).returnType
    ArrayType(DoubleType(), True)
    """
    if not isinstance(T.DataType.__dict__.get("ret"), _Ret):
        # .ret is handyspark's own addition to PySpark's class: unknown to PySpark's stubs
        T.DataType.ret = _Ret()  # type: ignore[attr-defined]
