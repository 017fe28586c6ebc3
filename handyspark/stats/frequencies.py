"""Frequencies: value counts, entropy and mutual information, computed by Spark."""

from __future__ import annotations

from collections.abc import Sequence
from functools import reduce
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyspark.sql.functions as F
from pyspark.sql import Window
from pyspark.sql import types as T

from .._compat import Column, DataFrame
from .._expressions import is_missing
from .._validation import as_column_list, check_columns, field_types
from ..errors import ColumnTypeError
from ._values import distinct_values
from .descriptive import shape_result
from .grouped import grouped_aggregate, with_strata_keys

if TYPE_CHECKING:
    from ..strata import Strata


def _level(values_: pd.Series) -> list:
    return [np.nan if v is None else v for v in values_]


def value_counts(
    df: DataFrame,
    columns: str | Sequence[str],
    strata: Strata | None = None,
    dropna: bool = True,
) -> pd.Series:
    """Counts of each distinct value (or combination of values, for several columns).

    As pandas' ``value_counts``: a Series named ``count``, most frequent first
    (ties by value), missing values dropped unless ``dropna=False``. With strata
    the strata are leading index levels, each stratum in turn.

    Examples
    --------
    >>> value_counts(df, "Embarked", dropna=False)
    Embarked
    S      644
    C      168
    Q       77
    NaN      2
    Name: count, dtype: int64
    """
    names = as_column_list(columns)
    check_columns(df, names)
    types = field_types(df)
    maps = {c: types[c].simpleString() for c in names if isinstance(types[c], T.MapType)}
    if maps:
        raise ColumnTypeError(f"value_counts cannot count map values (Spark cannot compare maps); got {maps}")
    data = df
    if dropna:
        data = df.where(~reduce(lambda a, b: a | b, [is_missing(df, c) for c in names]))
    by = {f"v{i}": distinct_values(df, c) for i, c in enumerate(names)}
    table = grouped_aggregate(data, {"count": F.count(F.lit(1))}, strata, by=by)
    key_names = strata.key_names if strata is not None else []
    table["__order"] = range(len(table))
    if key_names:
        table["__stratum"] = pd.factorize(pd.Series(list(table[key_names].itertuples(index=False, name=None))))[0]
    else:
        table["__stratum"] = 0
    table = table.sort_values(["__stratum", "count", "__order"], ascending=[True, False, True], kind="stable")
    counts = table["count"].astype("int64").to_numpy()
    value_levels: dict[str | None, list] = {c: _level(table[f"v{i}"]) for i, c in enumerate(names)}
    if strata is not None:
        keys = list(table[key_names].itertuples(index=False, name=None))
        index = strata.index(keys, extra=value_levels)
    elif len(names) == 1:
        index = pd.Index(value_levels[names[0]], name=names[0])
    else:
        index = pd.MultiIndex.from_arrays(list(value_levels.values()), names=names)
    return pd.Series(counts, index=index, name="count")


def _as_strings(df: DataFrame, name: str) -> Column:
    return distinct_values(df, name).cast("string")


def entropy(df: DataFrame, columns: str | Sequence[str], strata: Strata | None = None):
    """Shannon entropy (base 2) of the distribution of values of each column, missing values skipped.

    Computed in Spark from per-value counts: ``H = log2(N) - sum(c log2 c) / N``.
    """
    names = as_column_list(columns)
    check_columns(df, names)
    cells = F.array(*[F.struct(F.lit(i).alias("i"), _as_strings(df, c).alias("v")) for i, c in enumerate(names)])
    keys = strata.key_names if strata is not None else []
    long = with_strata_keys(df, strata, F.explode(cells).alias("cell")).select(*keys, "cell.i", "cell.v")
    counts = long.where(F.col("v").isNotNull()).groupBy(*keys, "i", "v").agg(F.count(F.lit(1)).alias("n"))
    n, s = F.sum("n"), F.sum(F.col("n") * F.log2("n"))
    table = grouped_aggregate(counts, {"h": F.log2(n) - s / n}, strata, by={"i": F.col("i")}, keyed=True)
    wide = _widen(table, keys, len(names))
    return shape_result(columns, wide, strata, name="entropy")


def _widen(table: pd.DataFrame, keys: list[str], ncols: int, value: str = "h", by: str = "i") -> pd.DataFrame:
    """Pivot a long (keys, by, value) table into one row per stratum with columns ``c{i}``.

    Strata keep the order of ``table`` (already sorted, null strata last).
    """
    rows: dict[tuple, dict] = {}
    for record in table.to_dict("records"):
        key = tuple(record[k] for k in keys)
        row = rows.setdefault(key, {**dict(zip(keys, key)), **{f"c{i}": np.nan for i in range(ncols)}})
        row[f"c{int(record[by])}"] = record[value]
    if not rows and not keys:  # no values at all: one row of NaN (with strata: no rows, so no strata)
        rows[()] = {f"c{i}": np.nan for i in range(ncols)}
    return pd.DataFrame(list(rows.values()), columns=[*keys, *[f"c{i}" for i in range(ncols)]])


def mutual_info(df: DataFrame, columns: Sequence[str], strata: Strata | None = None) -> pd.DataFrame:
    """Pairwise mutual information (base 2) between columns, as a symmetric DataFrame.

    Each pair uses the rows where both values are present; the diagonal is
    each column's entropy. Equals scikit-learn's ``mutual_info_score`` / ln 2.
    """
    names = as_column_list(columns)
    check_columns(df, names)
    pairs = [(a, b) for a in range(len(names)) for b in range(a, len(names))]
    cells = F.array(*[
        F.when(
            ~is_missing(df, names[a]) & ~is_missing(df, names[b]),
            F.struct(F.lit(p).alias("p"), _as_strings(df, names[a]).alias("x"), _as_strings(df, names[b]).alias("y")),
        )
        for p, (a, b) in enumerate(pairs)
    ])
    keys = strata.key_names if strata is not None else []
    long = with_strata_keys(df, strata, F.explode(cells).alias("cell")).where(F.col("cell").isNotNull())
    joint = long.groupBy(*keys, "cell.p", "cell.x", "cell.y").agg(F.count(F.lit(1)).alias("n"))
    group = [*keys, "p"]
    joint = (
        joint.withColumn("nx", F.sum("n").over(Window.partitionBy(*group, "x")))
        .withColumn("ny", F.sum("n").over(Window.partitionBy(*group, "y")))
        .withColumn("total", F.sum("n").over(Window.partitionBy(*group)))
    )
    n, total = F.col("n"), F.col("total")
    term = n / total * F.log2(n * total / (F.col("nx") * F.col("ny")))
    table = grouped_aggregate(joint, {"mi": F.sum(term)}, strata, by={"p": F.col("p")}, keyed=True)
    wide = _widen(table, keys, len(pairs), value="mi", by="p")
    frames = []
    for _, row in wide.iterrows():
        matrix = pd.DataFrame(np.nan, index=names, columns=names)
        for p, (a, b) in enumerate(pairs):
            value = row[f"c{p}"]
            matrix.iloc[a, b] = matrix.iloc[b, a] = value
        frames.append(matrix)
    return _stack_matrices(frames, wide, strata, names)


def _stack_matrices(frames: list[pd.DataFrame], wide: pd.DataFrame, strata: Strata | None, names: list[str]):
    if strata is None:
        return frames[0]
    keys = list(wide[strata.key_names].itertuples(index=False, name=None))
    if not frames:  # no rows, so no strata
        return pd.DataFrame({n: pd.Series(dtype=float) for n in names}, index=strata.index([], extra={None: []}))
    stacked = pd.concat(frames, ignore_index=True)
    stacked.index = strata.index([k for k in keys for _ in names], extra={None: [n for _ in keys for n in names]})
    return stacked
