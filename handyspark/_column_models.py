"""ColumnFit per-column values (one global, one per stratum) as plain data, and the Columns that apply them.

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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, cast

import pyspark.sql.functions as F
from pyspark.sql import types as T

from ._compat import Column, DataFrame, by_keys_and_total
from ._expressions import Instant, literal
from ._json_values import STAGE
from ._validation import INTEGRAL_TYPES
from .safety import collect_aggregates
from .stats.grouped import first_rows
from .strata import Strata

__all__ = ["ColumnModels", "encode", "decode", "ColumnFit", "Mean", "fit_grouped", "value_chain", "result_type",
           "check_value_fits", "display"]


# ---------------------------------------------------------------- JSON codec for scalars
encode = STAGE.encode
decode = STAGE.decode


# ---------------------------------------------------------------- fitted values
@dataclass(frozen=True)
class ColumnFit:
    """What was learned for one column: a global ``value`` and one per stratum.

    ``per_stratum`` holds ``(raw key, value)`` pairs; strata where nothing could
    be learned (no non-missing value) are left out and use the global value,
    as does any stratum not seen at fit time. ``step`` orders the fits of a
    model: every item of a step reads the frame as it was before the step
    (see :meth:`ColumnModels.apply`).
    """

    column: str
    value: Any
    strata: Strata | None = None
    per_stratum: tuple[tuple[tuple, Any], ...] = ()
    step: int = 0

    def with_step(self, step: int) -> ColumnFit:
        return replace(self, step=step)

    def values(self) -> list[Any]:
        """Every value held (global first)."""
        return [self.value, *(v for _, v in self.per_stratum)]

    def readable(self, show: Callable[[Any], Any] = lambda v: v) -> Any:
        """The global value, or ``{clause: value}`` when stratified (one entry per stratum)."""
        if self.strata is None:
            return show(self.value)
        return {self.strata.clause(key): show(v) for key, v in self.per_stratum}

    def to_json(self) -> dict:
        return {
            "column": self.column,
            "value": STAGE.encode_tree(self.value),
            "strata": None if self.strata is None else self.strata.to_json(),
            "per_stratum": [[[encode(k) for k in key], STAGE.encode_tree(v)] for key, v in self.per_stratum],
            "step": self.step,
        }

    @classmethod
    def from_json(cls, data: Mapping) -> ColumnFit:
        strata = data.get("strata")
        return cls(
            column=str(data["column"]),
            value=STAGE.decode_tree(data.get("value")),
            strata=None if strata is None else Strata.from_json(strata),
            per_stratum=tuple(
                (tuple(decode(k) for k in key), STAGE.decode_tree(v)) for key, v in data.get("per_stratum", [])
            ),
            step=int(data.get("step", 0)),
        )


def display(value: Any) -> Any:
    """A fitted value as users read it: an :class:`Instant` as a UTC ``pandas.Timestamp``, others as they are."""
    return value.to_pandas() if isinstance(value, Instant) else value




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
        glob, groups = _fit_means(df, cast(Mapping[str, Mean], aggs), strata, keys)  # all Means: checked above
    else:
        gid = "__handy_grouping_id"
        exprs = [_aggregate(a) for a in aggs.values()]
        query = by_keys_and_total(df, keys, gid, exprs)
        if limit is not None:  # the global row and at most one stratum more than allowed
            query = first_rows(query, limit + 2)
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
        query = first_rows(query, strata.max_strata + 1)
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
    fitted: ColumnFit, df: DataFrame, dtype: T.DataType, pick: Callable[[Any], Any] = lambda v: v
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
    becomes double, as pandas upcasts. A decimal column keeps its type when every
    number fits its precision and scale; otherwise it widens to the decimal type
    that holds them (a mean of ``decimal(5,2)`` values keeps the four extra digits
    Spark's ``avg`` gives), up to Spark's 38 digits. Any other column keeps its type.

    Examples
    --------
    >>> result_type(T.IntegerType(), [2.5])
    DoubleType()
    >>> result_type(T.DecimalType(5, 2), [decimal.Decimal("1.666667")])
    DecimalType(9,6)
    """
    if isinstance(dtype, INTEGRAL_TYPES):
        for v in numbers:
            if isinstance(v, (float, decimal.Decimal)) and not float(v).is_integer():
                return T.DoubleType()
    if isinstance(dtype, T.DecimalType):
        return _decimal_type(dtype, numbers)
    return dtype


def _decimal_type(dtype: T.DecimalType, numbers: Sequence[Any]) -> T.DecimalType:
    whole, scale = dtype.precision - dtype.scale, dtype.scale
    for v in numbers:
        if v is None or isinstance(v, bool):
            continue
        number = decimal.Decimal(repr(v)) if isinstance(v, float) else decimal.Decimal(v)
        if not number.is_finite():
            continue
        with decimal.localcontext() as exact:
            exact.prec = 80  # normalize() rounds to the context's digits: 28 by default, fewer than 38
            sign, digits, exponent = number.normalize().as_tuple()
        assert isinstance(exponent, int)
        scale = max(scale, -exponent)
        whole = max(whole, len(digits) + exponent)
    if whole + scale <= dtype.precision and scale <= dtype.scale:
        return dtype
    whole = min(whole, 38)
    return T.DecimalType(min(38, whole + scale), min(scale, 38 - whole))


#: The Python types of values each kind of column can take (checked before a fitted value is applied).
_FITS: tuple[tuple[tuple[type, ...], tuple[type, ...]], ...] = (
    ((T.StringType, T.VarcharType, T.CharType), (str,)),
    ((T.BooleanType,), (bool,)),
    ((T.ByteType, T.ShortType, T.IntegerType, T.LongType, T.FloatType, T.DoubleType, T.DecimalType),
     (int, float, decimal.Decimal)),
    ((T.DateType,), (_dt.date,)),
    ((T.TimestampType,), (Instant, _dt.datetime)),
    ((T.TimestampNTZType,), (_dt.datetime,)),
)


def check_value_fits(column: str, values: Sequence[Any], dtype: T.DataType, what: str) -> None:
    """Raise :class:`~handyspark.errors.ColumnTypeError` when fitted ``values`` cannot go in a column of ``dtype``.

    A model fitted on a string column and applied where that column holds integers
    would otherwise fail only when an action runs, with a raw Spark cast error.

    Examples
    --------
    >>> check_value_fits("Embarked", ["S"], T.IntegerType(), "filled")
    Traceback (most recent call last):
    handyspark.errors.ColumnTypeError: column 'Embarked' is int here, but it was filled with 'S' (str) when fitted; ...
    """
    from .errors import ColumnTypeError

    accepted = next((py for spark, py in _FITS if isinstance(dtype, spark)), None)
    for v in values:
        if v is None:
            continue
        ok = accepted is not None and isinstance(v, accepted) and not (isinstance(v, bool) and bool not in accepted)
        if not ok:
            raise ColumnTypeError(
                f"column {column!r} is {dtype.simpleString()} here, but it was {what} with {v!r} "
                f"({type(v).__name__}) when fitted; apply the model to data whose {column!r} has the type it was fitted on"
            )


class ColumnModels:
    """The shared shell of FillModel and FenceModel: fitted items, one per column and step, applied in order.

    A subclass is a frozen dataclass whose single field holds the items; each item has
    ``column``, ``strata``, ``step``, ``with_step()`` and ``to_json()``. A step is one
    fit (one call of ``fill`` or ``fence``): every item of a step reads the frame as
    it was before the step, so a column that is both filled and a stratum of the same
    fill is looked up by its value before filling, as it was when fitted.
    """

    if TYPE_CHECKING:  # the subclasses' dataclass constructor: the items are its single field
        def __init__(self, items: tuple, /) -> None: ...

    @property
    def _items(self) -> tuple:
        raise NotImplementedError

    @property
    def columns(self) -> list[str]:
        """The columns, in the order they are first applied."""
        return list(dict.fromkeys(item.column for item in self._items))

    @property
    def required_columns(self) -> list[str]:
        """Every column a frame needs to apply the model: the columns themselves and the strata."""
        names = list(self.columns)
        for item in self._items:
            if item.strata is not None:
                names += [n for n in item.strata.names if n not in names]
        return names

    def merge(self, other: ColumnModels) -> ColumnModels:
        """This model followed by ``other``: ``other``'s steps run after every step of this one."""
        offset = 1 + max((item.step for item in self._items), default=-1)
        return type(self)((*self._items, *(item.with_step(item.step + offset) for item in other._items)))

    def steps(self) -> list[list]:
        """The items grouped by step, in order."""
        groups: dict[int, list] = {}
        for item in self._items:
            groups.setdefault(item.step, []).append(item)
        return [groups[step] for step in sorted(groups)]

    def apply(self, df: DataFrame, make: Callable[[DataFrame, Any], Column]) -> DataFrame:
        """Apply the steps in order: each step's columns ``make(frame before the step, item)`` in one projection."""
        for group in self.steps():
            df = df.withColumns({item.column: make(df, item) for item in group})
        return df

    def to_json(self) -> list[dict]:
        return [item.to_json() for item in self._items]


def legacy_steps(items: Sequence[Any], data: Sequence[Mapping]) -> tuple:
    """Steps for a model saved before steps existed (no ``step`` in its JSON), reproducing how it was applied.

    Such a model started a new projection when a column came again or when a column
    was stratified by one of the current projection's columns.
    """
    if any("step" in d for d in data):
        return tuple(items)
    out, step, batch = [], 0, set[str]()
    for item in items:
        needs = set(item.strata.names) if item.strata is not None else set()
        if item.column in batch or needs & batch:
            step, batch = step + 1, set()
        batch.add(item.column)
        out.append(item.with_step(step))
    return tuple(out)
