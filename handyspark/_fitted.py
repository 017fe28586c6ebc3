"""Fitted per-column values (one global, one per stratum) as plain data, and the Columns that apply them.

Shared by :mod:`handyspark.imputation` (fill values) and :mod:`handyspark.fencing`
(fences): both learn, for each column, a value for every stratum plus a global
value, in one Spark job (the strata and the whole frame in the same aggregation,
with ``groupingSets``, or for means a grouping by the strata whose sums and counts
also give the global mean), and apply it with a literal map looked up by the
stratum keys (:meth:`~handyspark.strata.Strata.lookup`). Everything here is plain,
JSON-able data, so Spark ML stages can persist it.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pyspark.sql.functions as F
from pyspark.sql import types as T

from ._compat import Column, DataFrame
from ._expressions import literal
from ._validation import INTEGRAL_TYPES
from .safety import collect_aggregates
from .stats.grouped import first_rows
from .strata import Strata

__all__ = ["ColumnModels", "encode", "decode", "Fitted", "Mean", "fit_grouped", "value_chain", "result_type"]


# ---------------------------------------------------------------- JSON codec for scalars
def encode(value: Any) -> Any:
    """A JSON-safe form of a Spark scalar (numpy scalars, NaN, Decimal and dates included)."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if hasattr(value, "item") and not isinstance(value, (int, float)):  # numpy scalar
        value = value.item()
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value) if math.isfinite(value) else {"float": repr(value)}
    if isinstance(value, decimal.Decimal):
        return {"decimal": str(value)}
    if isinstance(value, _dt.datetime):
        return {"timestamp": value.isoformat()}
    if isinstance(value, _dt.date):
        return {"date": value.isoformat()}
    raise TypeError(f"cannot store a value of type {type(value).__name__} ({value!r}) in a fitted model")


def decode(value: Any) -> Any:
    """The inverse of :func:`encode`."""
    if not isinstance(value, Mapping):
        return value
    (kind, text), = value.items()
    if kind == "float":
        return float(text)
    if kind == "decimal":
        return decimal.Decimal(text)
    if kind == "timestamp":
        return _dt.datetime.fromisoformat(text)
    if kind == "date":
        return _dt.date.fromisoformat(text)
    raise ValueError(f"unknown encoded value {value!r}")


# ---------------------------------------------------------------- fitted values
@dataclass(frozen=True)
class Fitted:
    """What was learned for one column: a global ``value`` and one per stratum.

    ``per_stratum`` holds ``(raw key, value)`` pairs; strata where nothing could
    be learned (no non-missing value) are left out and use the global value,
    as does any stratum not seen at fit time.
    """

    column: str
    value: Any
    strata: Strata | None = None
    per_stratum: tuple[tuple[tuple, Any], ...] = ()

    def values(self) -> list[Any]:
        """Every value held (global first)."""
        return [self.value, *(v for _, v in self.per_stratum)]

    def readable(self, show: Callable[[Any], Any] = lambda v: v) -> Any:
        """The global value, or ``{clause: value}`` when stratified."""
        if self.strata is None:
            return show(self.value)
        return {self.strata.clause(key): show(v) for key, v in self.per_stratum}

    def to_json(self) -> dict:
        return {
            "column": self.column,
            "value": _encode_nested(self.value),
            "strata": None if self.strata is None else self.strata.to_json(),
            "per_stratum": [[[encode(k) for k in key], _encode_nested(v)] for key, v in self.per_stratum],
        }

    @classmethod
    def from_json(cls, data: Mapping) -> Fitted:
        strata = data.get("strata")
        return cls(
            column=str(data["column"]),
            value=_decode_nested(data.get("value")),
            strata=None if strata is None else Strata.from_json(strata),
            per_stratum=tuple(
                (tuple(decode(k) for k in key), _decode_nested(v)) for key, v in data.get("per_stratum", [])
            ),
        )


def _encode_nested(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    return encode(value)


def _decode_nested(value: Any) -> Any:
    if isinstance(value, list):
        return [decode(v) for v in value]
    return decode(value)


def _sort_key(key: Sequence[Any]) -> tuple:
    # nulls last, as pandas' groupby(dropna=False)
    return tuple((v is None, v if v is not None else 0) for v in key)


@dataclass(frozen=True)
class Mean:
    """The mean of a numeric, non-decimal column, as ``F.avg`` (a double).

    Stratified, :func:`fit_grouped` sums and counts it per stratum and derives the
    global mean from those sums and counts, so that a fit of means alone needs a
    plain grouping (no second grouping set).
    """

    col: Column
    double: bool = False  # ``col`` is a double already


def _aggregate(agg: Column | Mean) -> Column:
    return F.avg(agg.col) if isinstance(agg, Mean) else agg


def fit_grouped(
    df: DataFrame, aggs: Mapping[str, Column | Mean], strata: Strata | None
) -> tuple[dict[str, Any], list[tuple[tuple, dict[str, Any]]]]:
    """Evaluate ``aggs`` on the whole frame and per stratum, in one Spark job.

    Means alone are grouped by the strata (:class:`Mean`); other aggregates by the
    strata and by the whole frame (``groupingSets``). At most ``strata.max_strata``
    strata are collected (:meth:`~handyspark.strata.Strata.check_count` raises for more).

    Returns the global results and ``(raw key, results)`` for every stratum
    (null keys included, sorted with nulls last).
    """
    names = list(aggs)
    if strata is None:  # results are read by position: no aliases (each costs Py4J calls on classic)
        row = collect_aggregates(df.agg(*[_aggregate(a) for a in aggs.values()]))[0]
        return dict(zip(names, row)), []
    keys = strata.group_keys()
    n_keys, limit = len(keys), strata.max_strata
    if all(isinstance(a, Mean) for a in aggs.values()):
        glob, groups = _fit_means(df, aggs, strata, keys)
    else:
        gid = "__handy_grouping_id"
        exprs = [_aggregate(a) for a in aggs.values()]
        query = df.groupingSets([keys, []], *keys).agg(F.grouping_id().alias(gid), *exprs)
        if limit is not None:  # the global row and at most one stratum more than allowed
            query = first_rows(query, limit + 2, gid)
        glob, groups = {}, []
        for row in collect_aggregates(query):
            results = dict(zip(names, row[n_keys + 1:]))
            if row[n_keys] != 0:
                glob = results
            else:
                groups.append((tuple(row[:n_keys]), results))
    strata.check_count(len(groups), df)
    groups.sort(key=lambda g: _sort_key(g[0]))
    return glob, groups


def _fit_means(
    df: DataFrame, aggs: Mapping[str, Mean], strata: Strata, keys: list[str | Column]
) -> tuple[dict[str, Any], list[tuple[tuple, dict[str, Any]]]]:
    """Sums and counts per stratum; the means per stratum and overall follow from them (as ``F.avg``)."""
    names = list(aggs)
    exprs = []
    for mean in aggs.values():  # read by position: aliases would cost Column operations
        x = mean.col if mean.double else mean.col.cast("double")
        exprs += [F.sum(x), F.count(x)]
    query = df.groupBy(*keys).agg(*exprs)
    if strata.max_strata is not None:
        query = first_rows(query, strata.max_strata + 1, strata.order_key())
    totals = [[0.0, 0] for _ in names]
    groups = []
    n_keys = len(keys)
    for row in collect_aggregates(query):
        results = {}
        for i, name in enumerate(names):
            total, count = row[n_keys + 2 * i], row[n_keys + 2 * i + 1]
            results[name] = total / count if count else None
            if count:
                totals[i][0] += total
                totals[i][1] += count
        groups.append((tuple(row[:n_keys]), results))
    glob = {name: (t / c if c else None) for name, (t, c) in zip(names, totals)}
    return glob, groups


def value_chain(
    fitted: Fitted, df: DataFrame, dtype: T.DataType, pick: Callable[[Any], Any] = lambda v: v
) -> Column:
    """A Column of type ``dtype`` giving, on each row of ``df``, the value of its stratum.

    The global value serves strata unseen at fit time. ``pick`` takes the value out
    of what was fitted (e.g. one fence of a pair).
    """
    fallback = literal(pick(fitted.value), dtype)
    if fitted.strata is None or not fitted.per_stratum:
        return fallback
    per_stratum = fitted.strata.lookup(df, [(key, pick(v)) for key, v in fitted.per_stratum], dtype)
    return F.coalesce(per_stratum, fallback)


def result_type(dtype: Any, numbers: Sequence[Any]) -> Any:
    """The type of a column after putting ``numbers`` in it.

    An integer column keeps its type when every number is whole; otherwise it
    becomes double, as pandas upcasts. Any other column keeps its type.
    """
    if isinstance(dtype, INTEGRAL_TYPES):
        for v in numbers:
            if isinstance(v, (float, decimal.Decimal)) and not float(v).is_integer():
                return T.DoubleType()
    return dtype


class ColumnModels:
    """The shared shell of FillModel and FenceModel: fitted items, one per column, applied in order.

    A subclass is a frozen dataclass whose single field holds the items; each item has
    ``column``, ``strata`` and ``to_json()``.
    """

    @property
    def _items(self) -> tuple:
        raise NotImplementedError

    @property
    def columns(self) -> list[str]:
        """The columns, in the order they are applied."""
        return [item.column for item in self._items]

    @property
    def required_columns(self) -> list[str]:
        """Every column a frame needs to apply the model: the columns themselves and the strata."""
        names = list(self.columns)
        for item in self._items:
            if item.strata is not None:
                names += [n for n in item.strata.names if n not in names]
        return names

    def merge(self, other: ColumnModels) -> ColumnModels:
        """This model followed by ``other``; a column in both takes ``other``'s values."""
        by_column = {item.column: item for item in self._items}
        by_column.update({item.column: item for item in other._items})
        return type(self)(tuple(by_column.values()))

    def to_json(self) -> list[dict]:
        return [item.to_json() for item in self._items]
