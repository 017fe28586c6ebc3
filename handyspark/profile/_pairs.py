"""The pairwise statistics of a profile: Pearson's and Spearman's correlations of numeric
columns and Cramér's V of categorical ones, for every pair and stratum in one Spark job (no join)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import reduce
from typing import TYPE_CHECKING, Any

import pyspark.sql.functions as F
from pyspark.sql import Window

from .._compat import Column, DataFrame
from .._expressions import is_missing, pearson
from ..safety import collect_aggregates
from ..stats._values import distinct_values
from ..stats.grouped import with_strata_keys
from ._comoments import correlate, key_slots, pearson_pairs, with_key_names
from ._contingency import contingency_cells

if TYPE_CHECKING:
    from ..strata import Strata

__all__ = ["pair_statistics", "upper_pairs"]


def upper_pairs(n: int) -> list[tuple[int, int]]:
    """The pairs ``(a, b)`` with ``a <= b < n``, row by row: the upper triangle of an ``n`` x ``n`` matrix."""
    return [(a, b) for a in range(n) for b in range(a, n)]


def _long(df: DataFrame, names: Sequence[str], strata: Strata | None, value: Any,
          pairs: Sequence[tuple[int, int]], numbers: Sequence[int]) -> DataFrame:
    """One row ``(keys..., p, x, y)`` per pair ``(a, b)`` of ``pairs`` (numbered ``p`` by ``numbers``) and
    input row where both ``names[a]`` and ``names[b]`` are present.

    The row's values go into one array, and the pairs are a literal sequence exploded per row, whose
    sides are looked up in the array: the plan grows with the columns, not with their pairs.
    """
    keys = strata.key_names if strata is not None else []
    k = key_slots(len(keys))
    xs = F.array(*[F.when(~is_missing(df, name), value(df, name)) for name in names])
    keyed = with_strata_keys(df, strata, xs).toDF(*k, "xs")
    firsts, seconds = (F.array(*[F.lit(pair[side]) for pair in pairs]) for side in (0, 1))
    number = F.array(*[F.lit(p) for p in numbers])
    j = F.explode(F.sequence(F.lit(0), F.lit(len(pairs) - 1))).alias("j")
    at = F.col("j")
    cells = keyed.select(*k, "xs", j).select(
        *k, number[at].alias("p"), F.col("xs")[firsts[at]].alias("x"), F.col("xs")[seconds[at]].alias("y"))
    long = cells.where(F.col("x").isNotNull() & F.col("y").isNotNull())
    return with_key_names(long, keys, "p", "x", "y")


def _average_rank(group: Sequence[str], side: str) -> Column:
    """The average rank of ``side`` in its ``group`` (ties share the mean of their ranks, as pandas)."""
    ordered = Window.partitionBy(*group).orderBy(side)
    ties = ordered.rangeBetween(Window.currentRow, Window.currentRow)
    return F.rank().over(ordered) + (F.count(F.lit(1)).over(ties) - 1) / 2


def _rankable(frame: DataFrame, name: str) -> Column:
    """Column ``name`` as a double to rank: -0.0 ties 0.0, and NaN and ±inf are missing (null), as pandas'
    Spearman correlation reads them (it ranks the finite values of each pair only)."""
    x = distinct_values(frame, name).cast("double")
    return F.when(F.abs(x) < F.lit(float("inf")), x)


def _ranked_once(df: DataFrame, names: Sequence[str], strata: Strata | None, numbers: Sequence[int]) -> DataFrame:
    """``(keys..., p, r)``: the correlation of every pair of ``names``' ranks, each column ranked once
    among its present values in its stratum; ``numbers`` numbers the pairs.

    For columns without missing values this is Spearman's correlation as pandas gives it. For others
    it is the correlation of the column ranks on the rows where both are present, as pandas'
    ``df.rank().corr()`` (a pair's rows are not ranked anew; infinities are missing, as in pandas'
    Spearman). Every column's present values are
    exploded into one long table ``(row, column, value)``, ranked by two windows over one partitioning,
    turned back into one row per input row by a pivot, and correlated as
    :func:`~handyspark.profile._comoments.correlate` does (pairwise-complete): the work grows with the
    columns, not with their pairs.
    """
    keys = strata.key_names if strata is not None else []
    k = key_slots(len(keys))
    cells = [F.struct(F.lit(i).alias("i"), _rankable(df, name).alias("x")) for i, name in enumerate(names)]
    numbered = with_strata_keys(df, strata, F.monotonically_increasing_id(), F.array(*cells)).toDF(*k, "row", "cells")
    long = (numbered.select(*k, "row", F.explode("cells").alias("cell")).select(*k, "row", "cell.i", "cell.x")
            .where(F.col("x").isNotNull()))
    ranked = long.select(*k, "row", "i", _average_rank([*k, "i"], "x").cast("double").alias("rank"))
    wide = ranked.groupBy(*k, "row").pivot("i", list(range(len(names)))).agg(F.first("rank"))
    frame = wide.select(*k, *[F.col(str(i)).alias(f"x{i}") for i in range(len(names))])
    r = correlate(frame, len(keys), len(names))
    number = F.array(*[F.lit(p) for p in numbers])
    return with_key_names(r, keys, number[F.col("p")].alias("p"), "r")


def _spearman(df: DataFrame, names: Sequence[str], strata: Strata | None, complete: Sequence[str]) -> DataFrame:
    """``(keys..., p, r)``: Spearman's correlation of each pair on the rows where both are present, as pandas.

    pandas ranks each pair's complete rows anew (its finite values: an infinity is missing there). A
    pair of two ``complete`` columns (no missing or infinite value in any stratum) has all its rows: each such column is ranked once (:func:`_ranked_once`). The
    other pairs' complete rows are ranked per pair by two windows over the same partitioning (one
    shuffle: the average rank of a value is its rank plus half its ties) and correlated by one
    aggregation: that work grows with the rows times the pairs with a missing side. Passing every
    column as ``complete`` ranks each column once whatever its missing values (``spearman="ranks"``).
    """
    pairs = upper_pairs(len(names))
    whole = [i for i, name in enumerate(names) if name in complete]
    index = {pair: p for p, pair in enumerate(pairs)}
    parts = []
    if whole:
        numbers = [index[(whole[a], whole[b])] for a, b in upper_pairs(len(whole))]
        parts.append(_ranked_once(df, [names[i] for i in whole], strata, numbers))
    rest = [(p, pair) for p, pair in enumerate(pairs) if not (pair[0] in whole and pair[1] in whole)]
    if rest:
        long = _long(df, names, strata, _rankable, [pair for _, pair in rest], [p for p, _ in rest])
        group = [*(strata.key_names if strata is not None else []), "p"]
        ranked = long.select(*group, _average_rank(group, "x").alias("rx"), _average_rank(group, "y").alias("ry"))
        parts.append(ranked.groupBy(*group).agg(pearson(F.col("rx"), F.col("ry")).alias("r")))
    return reduce(lambda a, b: a.unionByName(b), parts)


def _cramers_v(df: DataFrame, names: Sequence[str], strata: Strata | None) -> DataFrame:
    """``(keys..., p, r)``: Cramér's V of each pair's contingency table on the rows where both are present.

    With cell counts ``n``, row and column totals ``R`` and ``C`` and ``N`` rows, the chi-squared
    statistic is ``N (sum n^2 / (R C) - 1)`` and ``V = sqrt(chi2 / (N (min(rows, columns) - 1)))``,
    as ``scipy.stats.contingency.association(table, method="cramer")``; a table of one row or one
    column has no V (NaN). The cells are counted by numpy on each partition
    (:func:`~handyspark.profile._contingency.contingency_cells`); the totals come from windows over
    the counts (no join).
    """
    group = [*(strata.key_names if strata is not None else []), "p"]
    texts = [F.when(~is_missing(df, name), distinct_values(df, name).cast("string")) for name in names]
    cells = contingency_cells(df, texts, strata)
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
    df: DataFrame, numeric: Sequence[str], categorical: Sequence[str], strata: Strata | None,
    keys: Sequence[tuple], minimums: Sequence[Sequence[float | None]], complete: Sequence[str] = (),
) -> dict[tuple, dict[str, list[float]]]:
    """Pearson's and Spearman's correlations of every pair of ``numeric`` columns and Cramér's V of every
    pair of ``categorical`` ones (each pair with itself included), per stratum, in one Spark job.

    ``keys`` and ``minimums`` are the strata and each numeric column's finite minimum in each (see
    :func:`~handyspark.profile._comoments.pearson_pairs`); ``complete`` names the numeric columns without
    a missing or infinite value, or that are to be ranked once whatever their missing values (Spearman ranks each
    of them once, see :func:`_spearman`). Returns ``{raw stratum key: {"pearson": [...],
    "spearman": [...], "cramer": [...]}}``, one value per pair of :func:`upper_pairs` (NaN where a pair
    has no rows or no value).

    Examples
    --------
    >>> out = pair_statistics(df, ["Age", "Fare"], ["Sex"], None, [()], [[0.42], [0.0]])
    >>> [round(r, 6) for r in out[()]["pearson"]], [round(r, 6) for r in out[()]["spearman"]], out[()]["cramer"]
    ([1.0, 0.096067, 1.0], [1.0, 0.135051, 1.0], [1.0])
    """
    parts = []
    if numeric:
        parts.append(pearson_pairs(df, numeric, strata, keys, minimums).withColumn("kind", F.lit("pearson")))
        parts.append(_spearman(df, numeric, strata, complete).withColumn("kind", F.lit("spearman")))
    if categorical:
        parts.append(_cramers_v(df, categorical, strata).withColumn("kind", F.lit("cramer")))
    if not parts:
        return {}
    union = reduce(lambda a, b: a.unionByName(b), parts)
    names = strata.key_names if strata is not None else []
    pairs = {"numeric": len(upper_pairs(len(numeric))), "categorical": len(upper_pairs(len(categorical)))}
    sizes = {"pearson": pairs["numeric"], "spearman": pairs["numeric"], "cramer": pairs["categorical"]}
    out: dict[tuple, dict[str, list[float]]] = {}
    for row in collect_aggregates(union):
        here = out.setdefault(tuple(row[k] for k in names), {k: [math.nan] * n for k, n in sizes.items()})
        here[row["kind"]][row["p"]] = math.nan if row["r"] is None else float(row["r"])
    return out
