"""The Spark side of a comparison: bin counts, exact KS, missing values, means and quantiles in one Spark job.

Both frames (or the current frame alone, when the reference is a saved profile) are read once, as one
long table of ``(stratum, side, column number, value)`` — every column's non-missing values, plus one
row per frame row — which is counted per distinct value and side, ordered by value within each
column and stratum by a window (cumulative counts: the two empirical distribution functions), then
aggregated per bin. Only a few rows per column, stratum and bin reach the driver.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pyspark.sql.functions as F
from pyspark.sql import Window
from pyspark.sql import types as T

from .._compat import Column, DataFrame
from .._expressions import column, values
from .._validation import field_types, is_numeric
from ..errors import ArgumentError
from ..safety import collect_aggregates

if TYPE_CHECKING:
    from ..strata import Strata

__all__ = ["QUANTILES", "NUMERIC", "CATEGORICAL", "column_kind", "long_values", "binned_counts"]

#: The quantiles whose change a comparison reports (the profile's), by label.
QUANTILES = {"1%": 0.01, "5%": 0.05, "25%": 0.25, "50%": 0.5, "75%": 0.75, "95%": 0.95, "99%": 0.99}

NUMERIC, CATEGORICAL = "numeric", "categorical"


def column_kind(dtype: T.DataType) -> str | None:
    """``"numeric"`` (binned, ordered: KS), ``"categorical"`` (strings and booleans, by category) or None
    (a type a comparison leaves out: dates, times, arrays, maps, structs, binary).

    Examples
    --------
    >>> column_kind(T.IntegerType()), column_kind(T.StringType()), column_kind(T.DateType())
    ('numeric', 'categorical', None)
    """
    if is_numeric(dtype):
        return NUMERIC
    if isinstance(dtype, (T.StringType, T.BooleanType)):
        return CATEGORICAL
    return None


def long_values(df: DataFrame, names: Sequence[str], kinds: Sequence[str], strata: Strata | None,
                side: int) -> DataFrame:
    """One row per non-missing value of each column (``i`` its number; ``x`` a number as a double, ``s`` a
    category as text, booleans as ``true``/``false``), plus one row per frame row (``i == -1``), with
    the stratum keys and ``side``. NaN is missing, as in pandas; infinities are values."""
    cells: list[Column] = []
    no_x, no_s = F.lit(None).cast("double"), F.lit(None).cast("string")
    for j, (name, kind) in enumerate(zip(names, kinds)):
        if kind == NUMERIC:
            x = values(df, name).cast("double")
            cells.append(F.when(x.isNotNull(), F.struct(F.lit(j).alias("i"), x.alias("x"), no_s.alias("s"))))
        else:
            s = column(name).cast("string")
            cells.append(F.when(s.isNotNull(), F.struct(F.lit(j).alias("i"), no_x.alias("x"), s.alias("s"))))
    cells.append(F.struct(F.lit(-1).alias("i"), no_x.alias("x"), no_s.alias("s")))
    keys = strata.key_columns() if strata is not None else []
    key_names = strata.key_names if strata is not None else []
    cell = F.explode(F.filter(F.array(*cells), lambda c: c.isNotNull())).alias("c")
    return df.select(*keys, F.lit(side).alias("side"), cell).select(*key_names, "side", "c.i", "c.x", "c.s")


def _json_literal(data: Any, dtype: T.DataType) -> Column:
    """A constant of type ``dtype`` from plain data, as one JSON text Spark parses once (a few Py4J calls)."""
    return F.from_json(F.lit(json.dumps({"v": data}, allow_nan=False)),
                       T.StructType([T.StructField("v", dtype)]), {"mode": "FAILFAST"}).getField("v")


def binned_counts(
    long: DataFrame,
    kinds: Sequence[str],
    strata: Strata | None,
    *,
    bins: int = 10,
    max_categories: int = 50,
    edges: Sequence[Sequence[float]] | None = None,
    categories: Sequence[Sequence[str]] | None = None,
) -> list[dict[str, Any]]:
    """Count :func:`long_values` rows per stratum, column and bin, side by side; collect the bins (one Spark job).

    Bins are either the reference's own (``edges`` and ``categories`` None): a number's bin is the number of
    the reference's ``k / bins`` quantiles (inverted CDF, ``k = 1 .. bins - 1``) at or below it, found
    from the reference's cumulative counts, so that equal quantiles make one bin; a category's bin is its
    rank by the count of both sides (ties by value), the ranks past ``max_categories`` one bin
    (``"other"``). Or given (a saved profile's): the number of ``edges[j]`` at or below the value, the
    last edge closing its bin (as ``numpy.histogram``), and a category's position in ``categories[j]``,
    any other category one bin after them.

    Each collected row is one bin of one column in one stratum (``i == -1``: the rows of the frames):
    ``n0``, ``n1`` the counts of each side; ``edge`` the smallest reference value in the bin; ``lo``,
    ``hi`` the smallest and largest value of either side; ``d`` the largest difference of the two
    empirical distribution functions at the bin's values times ``t0 * t1`` (an exact integer, while
    ``t0 * t1`` fits a long: up to about 3 billion values a side; the exact KS statistic is the largest
    over the bins, divided by ``t0 * t1``); ``cat`` a category; ``appeared``, ``vanished`` its distinct values found on one side only;
    ``sum0``, ``sum1`` the sums of the values; and the order statistics around each of :data:`QUANTILES`
    on each side (``q{side}_{k}_lo`` / ``_hi``: the smallest value whose cumulative count reaches the rank).
    """
    key_names = strata.key_names if strata is not None else []
    n0, n1 = F.col("n0"), F.col("n1")
    counted = long.groupBy(*key_names, "i", "x", "s").agg(
        F.count_if(F.col("side") == 0).alias("n0"), F.count_if(F.col("side") == 1).alias("n1"))
    column_window = Window.partitionBy(*key_names, "i")
    running = column_window.orderBy("x").rowsBetween(Window.unboundedPreceding, Window.currentRow)
    ranked = column_window.orderBy(F.desc(n0 + n1), F.asc("s"))
    counted = (counted.withColumn("t0", F.sum(n0).over(column_window)).withColumn("t1", F.sum(n1).over(column_window))
               .withColumn("c0", F.sum(n0).over(running)).withColumn("c1", F.sum(n1).over(running)))
    numeric = [j for j, k in enumerate(kinds) if k == NUMERIC]
    i, x, s = F.col("i"), F.col("x"), F.col("s")
    if edges is None:
        c0, t0 = F.col("c0"), F.col("t0")
        number_bin = sum((F.when(c0 * bins >= t0 * k, 1).otherwise(0) for k in range(1, bins)), F.lit(0))
        category_bin = F.least(F.row_number().over(ranked) - 1, F.lit(max_categories))
    else:
        own = F.try_element_at(_json_literal([list(e) for e in edges], T.ArrayType(T.ArrayType(T.DoubleType()))),
                               i + 1)
        number_bin = F.size(F.filter(own, lambda e: e <= x)) - F.when(x == F.element_at(own, -1), 1).otherwise(0)
        listed = F.try_element_at(_json_literal([list(c) for c in categories or []],
                                                T.ArrayType(T.ArrayType(T.StringType()))), i + 1)
        position = F.array_position(listed, s)
        category_bin = F.when(position > 0, position - 1).otherwise(F.size(listed))
    label = (F.when(i < 0, F.lit(0)).when(i.isin(numeric), number_bin) if numeric else F.when(i < 0, F.lit(0)))
    label = label.otherwise(category_bin)
    aggs = [F.sum(n0).alias("n0"), F.sum(n1).alias("n1"), F.min(F.when(n0 > 0, x)).alias("edge"),
            F.min(x).alias("lo"), F.max(x).alias("hi"),
            F.max(F.abs(F.col("c0") * F.col("t1") - F.col("c1") * F.col("t0"))).alias("d"),
            F.min(s).alias("cat"), F.count_if(n0 == 0).alias("appeared"), F.count_if(n1 == 0).alias("vanished"),
            F.sum(x * n0).alias("sum0"), F.sum(x * n1).alias("sum1")]
    for side in (0, 1):
        cumulative, total = F.col(f"c{side}"), F.col(f"t{side}")
        for k, prob in enumerate(QUANTILES.values()):
            below = F.floor((total - 1) * prob) + 1  # 1-based rank of the order statistic at or below the quantile
            above = F.least(below + 1, total)
            aggs += [F.min(F.when(cumulative >= below, x)).alias(f"q{side}_{k}_lo"),
                     F.min(F.when(cumulative >= above, x)).alias(f"q{side}_{k}_hi")]
    query = counted.withColumn("bin", label).groupBy(*key_names, "i", "bin").agg(*aggs)
    return [row.asDict() for row in collect_aggregates(query)]


def check_kinds(df: DataFrame, names: Sequence[str], explicit: bool, what: str = "compare") -> list[str]:
    """The columns of ``names`` that a comparison can compare (all of them when ``explicit``: otherwise an
    :class:`~handyspark.errors.ArgumentError` names the first it cannot)."""
    types = field_types(df)
    kept = []
    for name in names:
        if column_kind(types[name]) is not None:
            kept.append(name)
        elif explicit:
            raise ArgumentError(f"{what} cannot compare column {name!r} of type {types[name].simpleString()}: "
                                "it compares numeric, string and boolean columns")
    return kept
