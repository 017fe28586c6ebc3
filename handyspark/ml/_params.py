"""Param type converters shared by the handyspark stages: every Param value is plain JSON data."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .._compat import DataFrame
from ..errors import ArgumentError
from ..strata import Bucket, Quantile

__all__ = ["json_data", "to_strategy", "to_strata_spec", "strata_items", "plain"]


def _numpy_scalar(value: Any) -> Any:
    item = getattr(value, "item", None)
    if callable(item) and getattr(value, "shape", None) == ():
        return item()
    raise TypeError(f"{value!r} ({type(value).__name__}) is not JSON data")


def json_data(value: Any) -> Any:
    """``value`` as plain JSON data (tuples become lists, numpy scalars Python numbers); TypeError otherwise."""
    try:
        return json.loads(json.dumps(value, allow_nan=False, default=_numpy_scalar))
    except (TypeError, ValueError) as exc:
        raise TypeError(f"the value must be plain JSON data: {exc}") from None


def to_strategy(value: Any) -> str | list[str]:
    """'mean', 'median', or a list of them."""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return list(value)
    raise TypeError(f"strategy must be 'mean', 'median' or a list of them, got {value!r}")


def to_strata_spec(value: Any) -> list:
    """Strata as JSON: column names, and ``{"bucket"|"quantile": column, "bins": n, ...}`` for bins."""
    if isinstance(value, (str, Bucket, Quantile, Mapping)):
        value = [value]
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"strata must be a list of column names, Bucket or Quantile, got {value!r}")
    spec: list = []
    for item in value:
        if isinstance(item, str):
            spec.append(item)
        elif isinstance(item, Bucket):
            spec.append({"bucket": item.col, "bins": item.bins})
        elif isinstance(item, Quantile):
            spec.append({"quantile": item.col, "bins": item.bins, "relativeError": item.relativeError})
        elif isinstance(item, Mapping):
            strata_items([item])  # validates
            spec.append(json_data(dict(item)))
        else:
            raise TypeError(f"strata must hold column names, Bucket or Quantile, got {item!r}")
    return spec


def strata_items(spec: list) -> list[str | Bucket | Quantile]:
    """The inverse of :func:`to_strata_spec`."""
    items: list[str | Bucket | Quantile] = []
    for item in spec:
        if isinstance(item, str):
            items.append(item)
        elif "bucket" in item:
            items.append(Bucket(item["bucket"], item["bins"]))
        elif "quantile" in item:
            items.append(Quantile(item["quantile"], item["bins"], item.get("relativeError", 1e-4)))
        else:
            raise ArgumentError(f"a stratum must be a column name, {{'bucket': ...}} or {{'quantile': ...}}; got {item!r}")
    return items


def plain(df: DataFrame) -> DataFrame:
    """A HandyFrame's plain DataFrame (its aggregates are not bounded by the safety limit)."""
    not_handy = getattr(df, "notHandy", None)
    return not_handy() if callable(not_handy) else df
