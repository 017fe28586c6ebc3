"""The contingency tables of every pair of categorical columns, per stratum, counted by numpy on each
partition (a fixed-size plan whatever the number of columns).

Exploding one row per pair and input row, then grouping them in Spark, moves the rows times the
pairs through a shuffle: 300 pairs of 2,000,000 rows are 600 million rows. Here each partition's
rows go to Python once (Arrow batches, ``mapInArrow``), where each column is coded once
(``pandas.factorize``) and each pair's cells counted by ``numpy.bincount`` of the combined codes;
only the non-empty cells leave the partition, and Spark adds them up.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import partial
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import pyspark.sql.functions as F
from pyspark.sql import types as T

from .._compat import DataFrame
from ..stats.grouped import with_strata_keys
from ._batches import stratum_groups
from ._comoments import key_slots, with_key_names

if TYPE_CHECKING:
    from .._compat import Column
    from ..strata import Strata

__all__ = ["partition_cells", "contingency_cells"]


def _codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(codes, uniques)`` of an object array of strings (None missing: code -1)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return np.asarray(codes, dtype=np.int64), np.asarray(uniques, dtype=object)


def partition_cells(batches: Iterator[pa.RecordBatch], keys: int, columns: int) -> Iterator[pa.RecordBatch]:
    """The contingency cells of one partition's rows, per stratum and pair of columns.

    The batches hold ``keys`` stratum key columns, then ``columns`` strings (missing as null). For the
    pairs ``(a, b)``, ``a <= b``, row by row (numbered ``p``), it yields one row ``(keys..., p, x, y, n)``
    per non-empty cell: ``n`` rows of the partition and stratum have ``x`` in ``a`` and ``y`` in ``b``.
    """
    first, second = np.triu_indices(columns)
    cells: dict[tuple, dict[tuple[int, str, str], int]] = {}
    key_arrays: dict[tuple, list[pa.Array]] = {}
    for batch in batches:
        if batch.num_rows == 0:
            continue
        text = [np.asarray(batch.column(keys + i).to_numpy(zero_copy_only=False), dtype=object)
                for i in range(columns)]
        for identity, arrays, rows in stratum_groups(batch, keys):
            coded = [_codes(t[rows]) for t in text]
            here = cells.setdefault(identity, {})
            key_arrays.setdefault(identity, arrays)
            for p, (a, b) in enumerate(zip(first, second)):
                (ca, ua), (cb, ub) = coded[a], coded[b]
                both = (ca >= 0) & (cb >= 0)
                if not both.any():
                    continue
                counts = np.bincount(ca[both] * len(ub) + cb[both], minlength=len(ua) * len(ub))
                for cell in np.flatnonzero(counts):
                    at = (int(p), ua[cell // len(ub)], ub[cell % len(ub)])
                    here[at] = here.get(at, 0) + int(counts[cell])
    for identity, found in cells.items():
        if not found:
            continue
        repeat = pa.array(np.zeros(len(found), dtype=np.int64))
        out = [array.take(repeat) for array in key_arrays[identity]]
        ps, xs, ys = zip(*found)
        out += [pa.array(ps, type=pa.int32()), pa.array(xs, type=pa.string()), pa.array(ys, type=pa.string()),
                pa.array(list(found.values()), type=pa.int64())]
        yield pa.RecordBatch.from_arrays(out, names=[*key_slots(keys), "p", "x", "y", "n"])


def contingency_cells(df: DataFrame, texts: Sequence[Column], strata: Strata | None) -> DataFrame:
    """``(keys..., p, x, y, n)``: the non-empty cells of the contingency table of every pair ``p`` of
    :func:`~handyspark.profile._pairs.upper_pairs` of the string Columns ``texts`` (null missing), per
    stratum, over the rows where both are present. A lazy frame: one ``mapInArrow`` and one aggregation.

    Examples
    --------
    >>> import pyspark.sql.functions as F
    >>> cells = contingency_cells(df, [F.col("Sex"), F.col("Embarked")], None)
    >>> sorted((r.p, r.x, r.y, r.n) for r in cells.collect() if r.p == 1)[:2]
    [(1, 'female', 'C', 73), (1, 'female', 'Q', 36)]
    """
    key_names = list(strata.key_names) if strata is not None else []
    k = key_slots(len(key_names))
    frame = with_strata_keys(df, strata, *texts).toDF(*k, *[f"x{i}" for i in range(len(texts))])
    key_fields = [T.StructField(f.name, f.dataType, True) for f in frame.schema.fields[:len(k)]]
    schema = T.StructType([*key_fields, T.StructField("p", T.IntegerType(), False),
                           T.StructField("x", T.StringType(), False), T.StructField("y", T.StringType(), False),
                           T.StructField("n", T.LongType(), False)])
    counted = frame.mapInArrow(partial(partition_cells, keys=len(k), columns=len(texts)), schema)
    total = counted.groupBy(*k, "p", "x", "y").agg(F.sum("n").alias("n"))
    return with_key_names(total, key_names, "p", "x", "y", "n")
