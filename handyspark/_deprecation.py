"""HandySpark 0.2 spellings kept as aliases: each warns once per call site and behaves as its new name.

See docs/migrating.md for every original call and what it does now.
"""

from __future__ import annotations

import warnings
from typing import Any

__all__ = ["renamed", "precision_as_relative_error", "relative_error_keyword"]

_UNSET: Any = object()


def renamed(old: str, new: str, stacklevel: int = 3) -> None:
    """Warn (``FutureWarning``) that the HandySpark 0.2 spelling ``old`` is now ``new``.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     renamed("getDictValues()", "statistics_")
    >>> str(caught[0].message)
    'getDictValues() is the HandySpark 0.2 spelling: use statistics_ (it behaves the same)'
    """
    warnings.warn(f"{old} is the HandySpark 0.2 spelling: use {new} (it behaves the same)", FutureWarning,
                  stacklevel=stacklevel)


def precision_as_relative_error(kwargs: dict[str, Any], relative_error: Any, stacklevel: int = 4) -> Any:
    """``relativeError``, or the 0.2 keyword ``precision`` (popped from ``kwargs``, with a FutureWarning).

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     precision_as_relative_error({"precision": 0.01}, 1e-4)
    0.01
    """
    if "precision" not in kwargs:
        return relative_error
    renamed("precision=", "relativeError=", stacklevel)
    return kwargs.pop("precision")


def relative_error_keyword(relative_error: Any, legacy: dict[str, Any], what: str) -> Any:
    """``relativeError``, or HandySpark 0.2's ``precision=`` (a FutureWarning); any other keyword is a TypeError.

    ``legacy`` holds the keywords ``what`` (a method taking ``**precision``) got besides its own;
    the warning names the caller of that method.

    Examples
    --------
    >>> relative_error_keyword(1e-4, {}, "median")
    0.0001
    """
    unknown = sorted(set(legacy) - {"precision"})
    if unknown:
        raise TypeError(f"{what}() got an unexpected keyword argument {unknown[0]!r}")
    return precision_as_relative_error(dict(legacy), relative_error, stacklevel=5)
