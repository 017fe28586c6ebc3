"""Pairwise correlation (Pearson and Spearman) computed by Spark."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyspark.sql.functions as F
from pyspark.sql import Window

from .._compat import DataFrame
from .._expressions import is_missing, pearson, values
from .._validation import as_column_list, check_numeric
from ..errors import ArgumentError
from .frequencies import _stack_matrices, _widen
from .grouped import grouped_aggregate, with_strata_keys

if TYPE_CHECKING:
    from ..strata import Strata


def corr(
    df: DataFrame, columns: Sequence[str], strata: Strata | None = None, method: str = "pearson"
) -> pd.DataFrame:
    """Pairwise correlation of numeric columns, each pair on the rows where both are present.

    As pandas' ``DataFrame.corr``: ``method='pearson'`` or ``'spearman'`` (Pearson
    correlation of average ranks, ties sharing their mean rank).

    Pearson runs as one aggregation. Spearman ranks each pair's values with a
    per-value count table (one row per distinct value, not per row), then one
    aggregation.
    """
    names = as_column_list(columns)
    check_numeric(df, names, "corr")
    if method not in ("pearson", "spearman"):
        raise ArgumentError(f"method must be 'pearson' or 'spearman', got {method!r}")
    pairs = [(a, b) for a in range(len(names)) for b in range(a, len(names))]
    keys = strata.key_names if strata is not None else []
    if method == "pearson":
        aggs = {f"c{p}": pearson(values(df, names[a]), values(df, names[b])) for p, (a, b) in enumerate(pairs)}
        wide = grouped_aggregate(df, aggs, strata)
    else:
        wide = _widen(_spearman_long(df, names, pairs, strata), keys, len(pairs), value="r", by="p")
    frames = []
    for _, row in wide.iterrows():
        matrix = pd.DataFrame(np.nan, index=names, columns=names)
        for p, (a, b) in enumerate(pairs):
            value = row[f"c{p}"]
            matrix.iloc[a, b] = matrix.iloc[b, a] = np.nan if value is None else float(value)
        frames.append(matrix)
    return _stack_matrices(frames, wide, strata, names)


def _spearman_long(df: DataFrame, names: list[str], pairs: list[tuple[int, int]], strata: Strata | None):
    keys = strata.key_names if strata is not None else []
    cells = F.array(*[
        F.when(
            ~is_missing(df, names[a]) & ~is_missing(df, names[b]),
            F.struct(
                F.lit(p).alias("p"),
                values(df, names[a]).cast("double").alias("x"),
                values(df, names[b]).cast("double").alias("y"),
            ),
        )
        for p, (a, b) in enumerate(pairs)
    ])
    long = (
        with_strata_keys(df, strata, F.explode(cells).alias("cell"))
        .where(F.col("cell").isNotNull())
        .select(*keys, "cell.p", "cell.x", "cell.y")
    )
    group = [*keys, "p"]

    def ranks(side: str):
        # average rank of each distinct value: values below it, plus (count + 1) / 2
        counts = long.groupBy(*group, side).agg(F.count(F.lit(1)).alias("n"))
        before = F.sum("n").over(Window.partitionBy(*group).orderBy(side).rowsBetween(Window.unboundedPreceding, -1))
        return counts.select(*group, side, (F.coalesce(before, F.lit(0)) + (F.col("n") + 1) / 2).alias(f"r{side}"))

    def attach(left, side: str):
        # null-safe join: a null stratum is a stratum like any other
        right = ranks(side).alias("r")
        cond = [F.col(f"l.{c}").eqNullSafe(F.col(f"r.{c}")) for c in [*group, side]]
        return left.alias("l").join(right, cond, "left").select("l.*", f"r.r{side}")

    ranked = attach(attach(long, "x"), "y")
    return grouped_aggregate(ranked, {"r": pearson(F.col("rx"), F.col("ry"))}, strata, by={"p": F.col("p")}, keyed=True)
