"""The counting jobs of a profile: histogram counts on known edges, and each column's top values."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pyspark.sql.functions as F
from pyspark.sql import Window
from pyspark.sql import types as T

from .._compat import Column, DataFrame
from .._expressions import Instant, column
from .._validation import field_types
from ..safety import collect_aggregates
from ..stats._values import distinct_values
from ..stats.grouped import grouped_aggregate, with_strata_keys
from ..strata import finite_values

if TYPE_CHECKING:
    from ..strata import Strata

__all__ = ["histogram_counts", "top_values"]


def histogram_counts(
    df: DataFrame, edges: dict[str, np.ndarray], strata: Strata | None
) -> dict[tuple, dict[str, list[int]]]:
    """Counts per bin of each numeric column's finite values on its ``edges``, per stratum, in one Spark job.

    As ``numpy.histogram(values, edges)``: the values below each inner edge are counted in one
    aggregation (no shuffle but the strata's), and bins follow as differences; the last bin is
    closed. Returns ``{raw stratum key: {column: counts}}``.
    """
    types = field_types(df)
    aggs: dict[str, Column] = {}
    for j, (name, e) in enumerate(edges.items()):
        x = finite_values(df, name)
        x = x if isinstance(types[name], T.DoubleType) else x.cast("double")
        aggs[f"h{j}"] = F.array(*[F.count_if(x < F.lit(float(edge))) for edge in e[1:-1]], F.count(x))
    table = grouped_aggregate(df, aggs, strata)
    key_names = strata.key_names if strata is not None else []
    out: dict[tuple, dict[str, list[int]]] = {}
    for record in table.to_dict("records"):
        key = tuple(record[k] for k in key_names)
        out[key] = {name: np.diff([0, *record[f"h{j}"]]).astype(np.int64).tolist()
                    for j, name in enumerate(edges)}
    return out


def _value(df: DataFrame, name: str, dtype: T.DataType) -> Column:
    """The value counted for column ``name``: an instant as microseconds, a float with ``-0.0`` as ``0.0``."""
    if isinstance(dtype, T.TimestampType):
        return F.unix_micros(column(name))
    return distinct_values(df, name)


def top_values(
    df: DataFrame, names: Sequence[str], strata: Strata | None, k: int, whole_row: Column | None = None
) -> dict[tuple, dict[str, Any]]:
    """The ``k`` most frequent non-missing values of each column (ties by value), their number, and the
    number of distinct rows, per stratum, in one Spark job.

    Every column's values are exploded into one long table of ``(column number, value)``, with one
    value field per Spark type (not per column), counted per value and ranked within each column
    by a window, which also counts the distinct values (exactly, at no extra cost). ``whole_row``
    (a struct of the row's values, as :func:`~handyspark.stats._values.distinct_values` reads them)
    is counted as one more column, of which only the number of distinct rows is kept. The work does
    not grow in jobs with the number of columns or strata, and only ``k`` rows per column and
    stratum reach the driver. Returns ``{raw stratum key: {"top": {column: [[value, count], ...]},
    "distinct": {column: n}, "rows": distinct rows}}``.
    """
    types = field_types(df)
    exprs: list[tuple[Column, T.DataType]] = []
    for name in names:
        dtype = types[name]
        exprs.append((_value(df, name, dtype), T.LongType() if isinstance(dtype, T.TimestampType) else dtype))
    if whole_row is not None:
        exprs.append((whole_row, df.select(whole_row).schema.fields[0].dataType))
    slots: dict[str, tuple[str, T.DataType]] = {}
    for _, dtype in exprs:
        slots.setdefault(dtype.simpleString(), (f"t{len(slots)}", dtype))
    fields = [f for f, _ in slots.values()]
    cells = []
    for j, (value, dtype) in enumerate(exprs):
        own = slots[dtype.simpleString()][0]
        parts = [(value if f == own else F.lit(None).cast(t)).alias(f) for f, t in slots.values()]
        cells.append(F.when(value.isNotNull(), F.struct(F.lit(j).alias("i"), *parts)))
    keys = strata.key_names if strata is not None else []
    long = (with_strata_keys(df, strata, F.explode(F.array(*cells)).alias("cell"))
            .where(F.col("cell").isNotNull()).select(*keys, "cell.*"))
    counts = long.groupBy(*keys, "i", *fields).agg(F.count(F.lit(1)).alias("n"))
    column = Window.partitionBy(*keys, "i")
    order = column.orderBy(F.desc("n"), *[F.asc(f) for f in fields])
    ranked = (counts.withColumn("rank", F.row_number().over(order))
              .withColumn("groups", F.count(F.lit(1)).over(column))
              .where((F.col("rank") <= k) & ((F.col("i") < len(names)) | (F.col("rank") == 1))))
    row_slot = slots[exprs[-1][1].simpleString()][0] if whole_row is not None else None  # no column is a struct
    shown = [f for f in fields if f != row_slot]  # rows themselves never reach the driver
    rows = collect_aggregates(ranked.select(*keys, "i", "rank", "n", "groups", *shown))
    out: dict[tuple, dict[str, Any]] = {}
    for row in sorted(rows, key=lambda r: (r["i"], r["rank"])):
        here = out.setdefault(tuple(row[k] for k in keys), {"top": {}, "distinct": {}, "rows": 0})
        if row["i"] == len(names):  # the whole row
            here["rows"] = int(row["groups"])
            continue
        name = names[row["i"]]
        raw = row[slots[exprs[row["i"]][1].simpleString()][0]]
        found = Instant(raw) if isinstance(types[name], T.TimestampType) else raw
        here["top"].setdefault(name, []).append([found, int(row["n"])])
        here["distinct"][name] = int(row["groups"])
    return out
