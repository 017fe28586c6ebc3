"""Exact JSON for the values a profile holds: NaN, infinities, decimals, dates and instants tagged."""

from __future__ import annotations

import datetime as _dt
import decimal
import math
from collections.abc import Callable
from typing import Any

import numpy as np

from .._expressions import Instant

__all__ = ["encode", "decode"]


def encode(value: Any) -> Any:
    """``value`` as strict-JSON data that :func:`decode` turns back into an equal value of the same type.

    Examples
    --------
    >>> encode([1, 1.5, float("nan"), None])
    [1, 1.5, {'$float': 'nan'}, None]
    """
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"$float": repr(value)}
    if isinstance(value, decimal.Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, Instant):
        return {"$instant": value.micros}
    if isinstance(value, _dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, _dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {str(k): encode(v) for k, v in value.items()}
    raise TypeError(f"a profile holds no value of type {type(value).__name__}: {value!r}")


_TAGS: dict[str, Callable[[Any], Any]] = {
    "$float": float,
    "$decimal": decimal.Decimal,
    "$instant": Instant,
    "$datetime": _dt.datetime.fromisoformat,
    "$date": _dt.date.fromisoformat,
}


def decode(data: Any) -> Any:
    """The value :func:`encode` made ``data`` of (lists stay lists).

    Examples
    --------
    >>> decode([1, {"$float": "nan"}])
    [1, nan]
    """
    if isinstance(data, list):
        return [decode(v) for v in data]
    if isinstance(data, dict):
        if len(data) == 1:
            (tag, raw), = data.items()
            if tag in _TAGS:
                return _TAGS[tag](raw)
        return {k: decode(v) for k, v in data.items()}
    return data
