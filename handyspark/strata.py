"""Strata: what to split a frame by, and the Column expressions that do it.

A stratum level is either a plain column (its values are the strata, null
included) or a numeric column cut into bins (:class:`Bucket`, equal width;
:class:`Quantile`, equal count). :func:`resolve_strata` turns what the user
asked for into a :class:`Strata` with concrete bin edges (one Spark job when
there are bins, none otherwise). The first grouping by the strata checks that
they are no more than ``max_strata``, collecting at most one more than that.

A :class:`Strata` is plain data (it serialises to JSON), so fitted pipeline
stages carry it and rebuild the same key expressions on any DataFrame.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyspark.sql.functions as F
from pyspark.sql import types as T

from ._compat import Column, DataFrame
from ._expressions import (
    key_struct,
    literal_map,
    quantiles,
    values,
)
from ._validation import (
    check_columns,
    check_numeric,
    check_positive_int,
    check_relative_error,
    field_types,
    is_floating,
)
from .errors import ArgumentError, spark_errors
from .safety import collect_aggregates
from .stratum_level import StratumLevel

__all__ = ["Bucket", "Quantile", "Strata", "StratumLevel", "resolve_strata", "DEFAULT_MAX_STRATA"]

#: Default cap on the number of strata (distinct combinations of the stratum keys, null
#: included); pass ``max_strata=`` to ``stratify`` to raise it.
DEFAULT_MAX_STRATA = 100


@dataclass(frozen=True)
class Bucket:
    """Stratify a numeric column into ``bins`` equal-width bins between its min and max.

    As numpy's ``histogram`` and scikit-learn's uniform binning: every bin is
    closed on the left, the last one on both sides.

    Examples
    --------
    >>> Bucket("Age", 2)
    Bucket(col='Age', bins=2)
    """

    col: str
    bins: int

    def __post_init__(self) -> None:
        check_positive_int(self.bins, "bins")


@dataclass(frozen=True)
class Quantile:
    """Stratify a numeric column into ``bins`` equal-count bins.

    The inner edges are approximate quantiles with relative error
    ``relativeError`` (0 means exact): each edge's rank is within
    ``relativeError * n`` of the exact one.

    Examples
    --------
    >>> Quantile("Fare", 4)
    Quantile(col='Fare', bins=4, relativeError=0.0001)
    """

    col: str
    bins: int
    relativeError: float = 1e-4

    def __post_init__(self) -> None:
        check_positive_int(self.bins, "bins")
        check_relative_error(self.relativeError)


class StrataCap:
    """``max_strata``, and whether the data was found within it (set by the first grouping; shared by copies)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.checked = False


@dataclass(frozen=True)
class Strata:
    """A resolved stratification: levels with concrete edges, ready to group by.

    Examples
    --------
    >>> s = Strata((StratumLevel("Pclass"), StratumLevel("Sex")))
    >>> s.names
    ['Pclass', 'Sex']
    >>> s.clause((1, "female"))
    'Pclass == "1" and Sex == "female"'
    """

    levels: tuple[StratumLevel, ...]
    cap: StrataCap | None = field(default=None, compare=False, repr=False)

    @property
    def max_strata(self) -> int | None:
        """The most strata a grouping may make, or None (no cap: a fitted model's strata)."""
        return None if self.cap is None else self.cap.limit

    @property
    def cap_checked(self) -> bool:
        """Whether a grouping has already found the data within ``max_strata`` (or there is no cap)."""
        return self.cap is None or self.cap.checked

    def check_count(self, n_strata: int, df: DataFrame, keyed: bool = False) -> None:
        """Check the number of strata a grouping found (collected with at most ``max_strata + 1`` of them).

        Raises :class:`~handyspark.errors.ArgumentError`, with the exact number of strata
        (one more Spark job, on this error path only), when there are more than ``max_strata``.
        ``keyed``: ``df`` holds the key columns (see ``with_strata_keys``) rather than the strata columns.
        """
        if self.cap is None:
            return
        if n_strata <= self.cap.limit:
            self.cap.checked = True
            return
        keys = [F.col(name) for name in self.key_names] if keyed else self.key_columns()
        with spark_errors():
            exact = df.select(*keys).distinct().count()
        names = ", ".join(repr(n) for n in self.names)
        raise ArgumentError(
            f"stratifying by {names} would make {exact} strata, more than max_strata={self.cap.limit}; "
            f"pass stratify([...], max_strata={exact}) to allow it, or use Bucket/Quantile"
        )

    @property
    def names(self) -> list[str]:
        return [lv.column for lv in self.levels]

    @property
    def key_names(self) -> list[str]:
        """Internal names of the key columns in grouped results."""
        return [f"__stratum_{i}" for i in range(len(self.levels))]

    def key_columns(self) -> list[Column]:
        """The key expressions, named :attr:`key_names`."""
        return [lv.key().alias(name) for lv, name in zip(self.levels, self.key_names)]

    def group_keys(self) -> list[str | Column]:
        """The keys to group by: a plain column by its (quoted) name, any other as its named key.

        Results are read by position; a name costs a classic session fewer Py4J calls than a Column.
        """
        refs = [lv.key_ref() for lv in self.levels]
        return [ref if isinstance(ref, str) else ref.alias(name) for ref, name in zip(refs, self.key_names)]

    def labels(self, raw: Sequence[object]) -> tuple:
        return tuple(lv.label(v) for lv, v in zip(self.levels, raw))

    def clause(self, raw: Sequence[object]) -> str:
        """The readable clause of a stratum's raw key (see :meth:`StratumLevel.clause`)."""
        return " and ".join(lv.clause(v) for lv, v in zip(self.levels, raw))

    def key_types(self, df: DataFrame) -> list[T.DataType]:
        """The Spark types of the keys on ``df`` (see :meth:`StratumLevel.key_type`)."""
        types = field_types(df)
        return [lv.key_type(types[lv.column]) for lv in self.levels]

    def lookup(self, df: DataFrame, entries: Sequence[tuple[Sequence[object], object]], value_type: T.DataType
               ) -> Column:
        """A Column giving, on each row of ``df``, the value its stratum has in ``entries`` (null if none).

        ``entries`` pairs raw keys (as a grouping by :meth:`group_keys` collects them) with
        values of type ``value_type``; they become one literal map (see
        :func:`~handyspark._expressions.literal_map`), where a ``when`` chain would take
        several Column operations per stratum, each of which costs a classic session some
        ten Py4J calls.
        """
        table = literal_map(entries, self.key_types(df), value_type)
        return F.try_element_at(table, key_struct([lv.key_ref() for lv in self.levels]))

    def index(self, raw_keys: Iterable[Sequence[object]], extra: dict[str | None, list] | None = None) -> pd.Index:
        """A pandas index of stratum labels (plus ``extra`` trailing levels; a None name leaves a level unnamed)."""
        raw_keys = list(raw_keys)
        arrays = [[lv.label(k[i]) for k in raw_keys] for i, lv in enumerate(self.levels)]
        names: list[str | None] = list(self.names)
        for name, level_values in (extra or {}).items():
            arrays.append(list(level_values))
            names.append(name)
        if len(arrays) == 1:
            return pd.Index(arrays[0], name=names[0], tupleize_cols=False)
        return pd.MultiIndex.from_arrays(arrays, names=names)

    def to_json(self) -> list[dict]:
        return [lv.to_json() for lv in self.levels]

    @classmethod
    def from_json(cls, data: Sequence[dict]) -> Strata:
        return cls(tuple(StratumLevel.from_json(d) for d in data))


def _edges(lo: float | None, hi: float | None, inner: Sequence[float] = ()) -> tuple[float, ...] | None:
    if lo is None or hi is None:
        return None
    points = sorted({float(lo), *(float(x) for x in inner if x is not None), float(hi)})
    if len(points) == 1:
        points = points * 2
    return tuple(points)


def finite_values(df: DataFrame, name: str) -> Column:
    """Numeric column ``name`` with NaN and ±inf read as null: what bins are cut from."""
    col = values(df, name)
    if is_floating(field_types(df)[name]):
        return F.when(F.abs(col) < F.lit(float("inf")), col)
    return col


def resolve_strata(
    df: DataFrame,
    items: Sequence[str | Bucket | Quantile],
    max_strata: int = DEFAULT_MAX_STRATA,
) -> Strata:
    """Resolve column names, :class:`Bucket` and :class:`Quantile` into a :class:`Strata`.

    Plain columns need no Spark job. Bins need one: min/max for buckets and
    quantiles for quantile bins, all in one aggregation. Bins are cut from the
    finite values; ±inf fall outside every bin, in the ``out of range`` stratum. The number of strata is
    checked against ``max_strata`` by the first grouping that uses them (see
    :meth:`Strata.check_count`): it collects at most ``max_strata + 1`` strata and
    raises :class:`~handyspark.errors.ArgumentError` when there are more.

    Examples
    --------
    >>> strata = resolve_strata(df, ["Pclass", Bucket("Age", 2)])
    """
    if isinstance(items, (str, Bucket, Quantile)):
        items = [items]
    items = list(items)
    if not items:
        raise ArgumentError("stratify needs at least one column, Bucket or Quantile")
    check_positive_int(max_strata, "max_strata")
    names = []
    for item in items:
        if not isinstance(item, (str, Bucket, Quantile)):
            raise ArgumentError(f"strata must be column names, Bucket or Quantile; got {item!r}")
        names.append(item if isinstance(item, str) else item.col)
    if len(set(names)) != len(names):
        raise ArgumentError(f"a column appears twice in the strata {names}")
    check_columns(df, names)
    binned = [item for item in items if not isinstance(item, str)]
    check_numeric(df, [b.col for b in binned], "Bucket/Quantile stratification")

    aggs: list[Column] = []
    for i, item in enumerate(items):
        if not isinstance(item, str):
            col = finite_values(df, item.col)
            aggs += [F.min(col).alias(f"lo{i}"), F.max(col).alias(f"hi{i}")]
            if isinstance(item, Quantile) and item.bins > 1:
                probs = [k / item.bins for k in range(1, item.bins)]
                aggs.append(quantiles(col, probs, item.relativeError).alias(f"q{i}"))
    row = collect_aggregates(df.agg(*aggs))[0] if aggs else T.Row()  # an empty Row is never read: nothing binned

    types = field_types(df)
    instants = any(isinstance(types[n], T.TimestampType) for n in names)
    zone = df.sparkSession.conf.get("spark.sql.session.timeZone") if instants else None
    levels = []
    for i, item in enumerate(items):
        if isinstance(item, str):
            dtype = types[item]
            time = "instant" if isinstance(dtype, T.TimestampType) else "wall" if isinstance(
                dtype, T.TimestampNTZType) else None
            levels.append(StratumLevel(item, nan_is_null=is_floating(dtype), time=time,
                                       zone=zone if time == "instant" else None))
        elif isinstance(item, Bucket):
            lo, hi = row[f"lo{i}"], row[f"hi{i}"]
            with np.errstate(over="ignore", invalid="ignore"):  # a range too wide for a double: refused below
                inner = [] if lo is None else np.linspace(lo, hi, item.bins + 1)[1:-1].tolist()
            if not np.all(np.isfinite(inner)):
                raise ArgumentError(f"cannot make {item.bins} equal-width bins of {item.col!r}: the range of its "
                                    f"finite values, [{lo}, {hi}], is wider than a double holds (numpy refuses it too)")
            levels.append(StratumLevel(item.col, _edges(lo, hi, inner)))
        else:
            inner = row[f"q{i}"] if item.bins > 1 else []
            levels.append(StratumLevel(item.col, _edges(row[f"lo{i}"], row[f"hi{i}"], inner or [])))
    for level in levels:
        if level.column in names and isinstance(items[names.index(level.column)], (Bucket, Quantile)):
            if level.edges is None:
                raise ArgumentError(f"cannot bin {level.column!r}: it has no non-null values")
    return Strata(tuple(levels), StrataCap(max_strata))
