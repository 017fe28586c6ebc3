"""Spearman correlations of every pair of numeric columns, per stratum, in one Spark job (no join)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pyspark.sql.functions as F
from pyspark.sql import Window

from .._compat import Column, DataFrame
from .._expressions import is_missing
from ..stats._values import distinct_values
from ..stats.frequencies import _widen
from ..stats.grouped import grouped_aggregate, with_strata_keys

if TYPE_CHECKING:
    from ..strata import Strata

__all__ = ["spearman"]


def spearman(
    df: DataFrame, names: Sequence[str], pairs: Sequence[tuple[int, int]], strata: Strata | None
) -> dict[tuple, list[Any]]:
    """Spearman's correlation of each pair of ``names`` on the rows where both are present, as pandas.

    Each pair's complete rows are exploded into one long table, ranked by two windows over the
    same partitioning (one shuffle: the average rank of a value is its rank plus half its ties),
    and correlated by one aggregation. ``stats.correlation.corr`` ranks distinct values and joins
    them back, which Spark may run as broadcast joins: one Spark job each. Returns
    ``{raw stratum key: [r of pair 0, r of pair 1, ...]}`` (NaN where a pair has no rows).
    """
    cells = [
        F.when(~is_missing(df, names[a]) & ~is_missing(df, names[b]), F.struct(
            F.lit(p).alias("p"),
            distinct_values(df, names[a]).cast("double").alias("x"),  # -0.0 ties 0.0, as pandas ranks them
            distinct_values(df, names[b]).cast("double").alias("y"),
        ))
        for p, (a, b) in enumerate(pairs)
    ]
    keys = strata.key_names if strata is not None else []
    long = (with_strata_keys(df, strata, F.explode(F.array(*cells)).alias("cell"))
            .where(F.col("cell").isNotNull()).select(*keys, "cell.p", "cell.x", "cell.y"))
    group = [*keys, "p"]

    def average_rank(side: str) -> Column:
        ordered = Window.partitionBy(*group).orderBy(side)
        ties = ordered.rangeBetween(Window.currentRow, Window.currentRow)
        return F.rank().over(ordered) + (F.count(F.lit(1)).over(ties) - 1) / 2

    ranked = long.select(*group, average_rank("x").alias("rx"), average_rank("y").alias("ry"))
    table = grouped_aggregate(ranked, {"r": F.corr("rx", "ry")}, strata, by={"p": F.col("p")}, keyed=True)
    wide = _widen(table, keys, len(pairs), value="r", by="p")
    return {tuple(r[k] for k in keys): [r[f"c{p}"] for p in range(len(pairs))] for r in wide.to_dict("records")}
