"""The pairwise statistics of a profile that need a shuffle: Spearman's rank correlation of numeric
columns and Cramér's V of categorical ones, for every pair and stratum in one Spark job (no join)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pyspark.sql.functions as F
from pyspark.sql import Window

from .._compat import Column, DataFrame
from .._expressions import is_missing, pearson
from ..safety import collect_aggregates
from ..stats._values import distinct_values
from ..stats.grouped import with_strata_keys

if TYPE_CHECKING:
    from ..strata import Strata

__all__ = ["pair_statistics", "upper_pairs"]


def upper_pairs(n: int) -> list[tuple[int, int]]:
    """The pairs ``(a, b)`` with ``a <= b < n``, row by row: the upper triangle of an ``n`` x ``n`` matrix."""
    return [(a, b) for a in range(n) for b in range(a, n)]


def _long(df: DataFrame, names: Sequence[str], strata: Strata | None, value: Any) -> DataFrame:
    """One row ``(keys..., p, x, y)`` per pair ``p`` of ``names`` and input row where both values are present."""
    cells = [
        F.when(~is_missing(df, names[a]) & ~is_missing(df, names[b]), F.struct(
            F.lit(p).alias("p"), value(df, names[a]).alias("x"), value(df, names[b]).alias("y")))
        for p, (a, b) in enumerate(upper_pairs(len(names)))
    ]
    keys = strata.key_names if strata is not None else []
    return (with_strata_keys(df, strata, F.explode(F.array(*cells)).alias("cell"))
            .where(F.col("cell").isNotNull()).select(*keys, "cell.p", "cell.x", "cell.y"))


def _spearman(df: DataFrame, names: Sequence[str], strata: Strata | None) -> DataFrame:
    """``(keys..., p, r)``: Spearman's correlation of each pair on the rows where both are present, as pandas.

    The pairs' complete rows are ranked by two windows over the same partitioning (one shuffle:
    the average rank of a value is its rank plus half its ties) and correlated by one aggregation.
    """
    def as_double(frame: DataFrame, name: str) -> Column:  # -0.0 ties 0.0, as pandas ranks them
        return distinct_values(frame, name).cast("double")

    long = _long(df, names, strata, as_double)
    group = [*(strata.key_names if strata is not None else []), "p"]

    def average_rank(side: str) -> Column:
        ordered = Window.partitionBy(*group).orderBy(side)
        ties = ordered.rangeBetween(Window.currentRow, Window.currentRow)
        return F.rank().over(ordered) + (F.count(F.lit(1)).over(ties) - 1) / 2

    ranked = long.select(*group, average_rank("x").alias("rx"), average_rank("y").alias("ry"))
    return ranked.groupBy(*group).agg(pearson(F.col("rx"), F.col("ry")).alias("r"))


def _cramers_v(df: DataFrame, names: Sequence[str], strata: Strata | None) -> DataFrame:
    """``(keys..., p, r)``: Cramér's V of each pair's contingency table on the rows where both are present.

    With cell counts ``n``, row and column totals ``R`` and ``C`` and ``N`` rows, the chi-squared
    statistic is ``N (sum n^2 / (R C) - 1)`` and ``V = sqrt(chi2 / (N (min(rows, columns) - 1)))``,
    as ``scipy.stats.contingency.association(table, method="cramer")``; a table of one row or one
    column has no V (NaN). The totals come from windows over the counts (no join).
    """
    def as_text(frame: DataFrame, name: str) -> Column:  # one value field for every type
        return distinct_values(frame, name).cast("string")

    group = [*(strata.key_names if strata is not None else []), "p"]
    cells = _long(df, names, strata, as_text).groupBy(*group, "x", "y").agg(F.count(F.lit(1)).alias("n"))
    by_x, by_y = Window.partitionBy(*group, "x"), Window.partitionBy(*group, "y")
    cells = cells.select(
        *group, "n", F.sum("n").over(by_x).alias("R"), F.sum("n").over(by_y).alias("C"),
        (F.row_number().over(by_x.orderBy("y")) == 1).alias("first_x"),
        (F.row_number().over(by_y.orderBy("x")) == 1).alias("first_y"),
    )
    n = F.col("n").cast("double")
    table = cells.groupBy(*group).agg(
        F.sum(n * n / (F.col("R") * F.col("C"))).alias("s"),
        F.least(F.count_if("first_x"), F.count_if("first_y")).alias("d"),
    )
    v = F.when(F.col("d") > 1, F.sqrt(F.greatest(F.col("s") - 1, F.lit(0.0)) / (F.col("d") - 1)))
    return table.select(*group, v.cast("double").alias("r"))


def pair_statistics(
    df: DataFrame, numeric: Sequence[str], categorical: Sequence[str], strata: Strata | None
) -> dict[tuple, dict[str, list[float]]]:
    """Spearman's correlation of every pair of ``numeric`` columns and Cramér's V of every pair of
    ``categorical`` ones (each pair with itself included), per stratum, in one Spark job.

    Returns ``{raw stratum key: {"spearman": [...], "cramer": [...]}}``, one value per pair of
    :func:`upper_pairs` (NaN where a pair has no rows or no value).

    Examples
    --------
    >>> out = pair_statistics(df, ["Age", "Fare"], ["Sex"], None)
    >>> [round(r, 6) for r in out[()]["spearman"]], out[()]["cramer"]
    ([1.0, 0.135051, 1.0], [1.0])
    """
    parts = []
    if numeric:
        parts.append(_spearman(df, numeric, strata).withColumn("kind", F.lit("spearman")))
    if categorical:
        parts.append(_cramers_v(df, categorical, strata).withColumn("kind", F.lit("cramer")))
    if not parts:
        return {}
    union = parts[0] if len(parts) == 1 else parts[0].unionByName(parts[1])
    keys = strata.key_names if strata is not None else []
    sizes = {"spearman": len(upper_pairs(len(numeric))), "cramer": len(upper_pairs(len(categorical)))}
    out: dict[tuple, dict[str, list[float]]] = {}
    for row in collect_aggregates(union):
        here = out.setdefault(tuple(row[k] for k in keys), {k: [math.nan] * n for k, n in sizes.items()})
        here[row["kind"]][row["p"]] = math.nan if row["r"] is None else float(row["r"])
    return out
