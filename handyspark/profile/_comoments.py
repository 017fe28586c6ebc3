"""Pearson's correlation of every pair of numeric columns, per stratum, from co-moment sums that numpy
computes on each partition (a fixed-size plan whatever the number of columns).

One aggregate expression per pair of columns makes a plan whose code generation grows faster than the
pairs: 1,770 pairs (60 numeric columns) took Spark minutes to compile before it read a row. Here each
partition's rows go to Python once (Arrow batches, ``mapInArrow``), where numpy sums, per stratum and
for every pair ``(a, b)`` at once by matrix products, the pairwise-complete counts and sums
``n, Σx, Σy, Σx², Σy², Σxy``; Spark adds up the partitions' sums per stratum and pair and divides.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import partial
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyspark.sql.functions as F
from pyspark.sql import types as T

from .._compat import Column, DataFrame
from .._expressions import is_missing, values
from ..stats.grouped import with_strata_keys
from ._batches import stratum_groups

if TYPE_CHECKING:
    from ..strata import Strata

__all__ = ["correlate", "pearson_pairs", "partition_sums", "key_slots", "with_key_names", "SUMS", "CONSTANT_TOLERANCE"]

#: The sums of each pair, as :func:`partition_sums` names them.
SUMS = ["n", "sx", "sy", "sxx", "syy", "sxy", "infinite"]

#: A side whose sum of squared deviations is at most this fraction of its sum of squares (about its
#: stratum's minimum) is constant on the pair's rows: NaN, as pandas gives a constant column.
CONSTANT_TOLERANCE = 1e-12


def key_slots(n: int) -> list[str]:
    """The internal names ``k0, k1, ...`` of ``n`` stratum keys (no clash with a key named like a work column)."""
    return [f"k{i}" for i in range(n)]


def with_key_names(frame: DataFrame, key_names: Sequence[str], *rest: str | Column) -> DataFrame:
    """``frame``'s keys ``k0, ...`` under their stratum names ``key_names``, then the columns ``rest``."""
    return frame.select(*[F.col(slot).alias(name) for slot, name in zip(key_slots(len(key_names)), key_names)], *rest)


def partition_sums(batches: Iterator[pa.RecordBatch], keys: int, columns: int) -> Iterator[pa.RecordBatch]:
    """The pair sums of one partition's rows, per stratum: one output row per stratum met and pair.

    The batches hold ``keys`` stratum key columns, then ``columns`` doubles (missing as null, each
    shifted by its stratum's minimum, so that a column constant in a stratum is exactly 0 there).
    For the pairs ``(a, b)``, ``a <= b``, row by row, it yields ``p`` (the pair's number), ``n`` (rows
    where both are present), ``sx``/``sy`` (sums of ``a``/``b`` on those rows), ``sxx``, ``syy``, ``sxy``
    and ``infinite`` (rows where one side is infinite: the correlation is NaN, as pandas').
    """
    first, second = np.triu_indices(columns)
    sums: dict[tuple, np.ndarray] = {}
    key_arrays: dict[tuple, list[pa.Array]] = {}
    for batch in batches:
        if batch.num_rows == 0:
            continue
        x = np.column_stack([np.asarray(batch.column(keys + i).to_numpy(zero_copy_only=False), dtype=float)
                             for i in range(columns)])
        groups = stratum_groups(batch, keys)
        for identity, arrays, rows in groups:
            here = x[rows]
            present = ~np.isnan(here)
            infinite = np.isinf(here)
            finite = np.where(present & ~infinite, here, 0.0)
            m = present.astype(float)
            inf = infinite.astype(float)
            add = np.stack([m.T @ m, finite.T @ m, (finite * finite).T @ m, finite.T @ finite, inf.T @ m])
            diagonal = np.diag_indices(columns)
            add[2][diagonal] = add[3][diagonal]  # the same sum, so that a column's r with itself is exactly 1
            if identity in sums:
                sums[identity] += add
            else:
                sums[identity], key_arrays[identity] = add, arrays
    pairs = len(first)
    for identity, (n, s, q, p, inf) in sums.items():
        repeat = pa.array(np.zeros(pairs, dtype=np.int64))
        out = [array.take(repeat) for array in key_arrays[identity]]
        out += [pa.array(np.arange(pairs, dtype=np.int32)), pa.array(n[first, second]),
                pa.array(s[first, second]), pa.array(s[second, first]), pa.array(q[first, second]),
                pa.array(q[second, first]), pa.array(p[first, second]),
                pa.array(inf[first, second] + inf[second, first])]
        yield pa.RecordBatch.from_arrays(out, names=[*key_slots(keys), "p", *SUMS])


def _correlation(n: Column, sx: Column, sy: Column, sxx: Column, syy: Column, sxy: Column) -> Column:
    """Pearson's r from the pair sums: NaN-free, null with fewer than two rows or a constant side."""
    vx, vy = sxx - F.try_divide(sx * sx, n), syy - F.try_divide(sy * sy, n)  # no rows: null, also under ANSI
    defined = (n > 1) & (vx > F.lit(CONSTANT_TOLERANCE) * sxx) & (vy > F.lit(CONSTANT_TOLERANCE) * syy)
    r = F.try_divide(sxy - F.try_divide(sx * sy, n), F.sqrt(vx * vy))
    return F.when(defined, F.least(F.greatest(r, F.lit(-1.0)), F.lit(1.0)))


def correlate(frame: DataFrame, keys: int, columns: int) -> DataFrame:
    """``(k0.., p, r)``: Pearson's correlation of every pair ``p`` of the double columns ``x0..`` of
    ``frame``, per stratum ``k0..`` (its first ``keys`` columns), on the rows where both are present.

    ``frame`` has the columns ``k0, .., x0, ..`` (nulls missing). One ``mapInArrow`` (numpy's pair sums
    of each partition, :func:`partition_sums`) and one aggregation, of the same size for any number of
    columns.
    """
    key_fields = [T.StructField(f.name, f.dataType, True) for f in frame.schema.fields[:keys]]
    schema = T.StructType([*key_fields, T.StructField("p", T.IntegerType(), False),
                           *[T.StructField(s, T.DoubleType(), False) for s in SUMS]])
    sums = frame.mapInArrow(partial(partition_sums, keys=keys, columns=columns), schema)
    total = sums.groupBy(*key_slots(keys), "p").agg(*[F.sum(s).alias(s) for s in SUMS])
    n, sx, sy, sxx, syy, sxy = (F.col(s) for s in SUMS[:-1])
    r = F.when(F.col("infinite") == 0, _correlation(n, sx, sy, sxx, syy, sxy))
    return total.select(*key_slots(keys), "p", r.cast("double").alias("r"))


def pearson_pairs(df: DataFrame, names: Sequence[str], strata: Strata | None, keys: Sequence[tuple],
                  minimums: Sequence[Sequence[float | None]]) -> DataFrame:
    """``(keys..., p, r)``: Pearson's correlation of every pair ``p`` of :func:`~handyspark.profile._pairs.upper_pairs`
    of the numeric columns ``names``, per stratum, on the rows where both are present (as pandas' ``corr``).

    ``keys`` are the strata (as a profile's first job found them) and ``minimums[i][s]`` the finite
    minimum of column ``names[i]`` in stratum ``keys[s]``, by which each value is shifted before it is
    summed: deviations from a nearby value keep the sums' cancellation small, and a column constant
    in a stratum has exactly zero spread there. A lazy frame (see :func:`correlate`).

    Examples
    --------
    >>> r = pearson_pairs(df, ["Age", "Fare"], None, [()], [[0.42], [0.0]])
    >>> [round(row.r, 6) for row in r.orderBy("p").collect()]
    [1.0, 0.096067, 1.0]
    """
    key_names = list(strata.key_names) if strata is not None else []
    shifted = []
    for i, name in enumerate(names):
        if strata is None:
            shift = F.lit(minimums[i][0]).cast("double")
        else:
            shift = strata.lookup(df, list(zip(keys, minimums[i])), T.DoubleType())
        x = values(df, name).cast("double") - shift
        shifted.append(F.when(~is_missing(df, name), x).alias(f"x{i}"))
    keyed = with_strata_keys(df, strata, *shifted)
    frame = keyed.toDF(*key_slots(len(key_names)), *[f"x{i}" for i in range(len(names))])
    r = correlate(frame, len(key_names), len(names))
    return with_key_names(r, key_names, "p", "r")
