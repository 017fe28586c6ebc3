"""Run many aggregate expressions in one Spark job, optionally per stratum."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyspark.sql.functions as F
from pyspark.sql import types as T

from .._compat import Column, DataFrame
from .._expressions import JSON_EXACT, json_value, key_struct, literal, literal_map
from ..safety import collect_aggregates

if TYPE_CHECKING:  # the engine needs key_columns(), key_names and the max_strata check
    from ..strata import Strata


def _sort_key(values: Sequence[object]) -> tuple:
    # nulls last, like pandas' groupby(dropna=False)
    return tuple((v is None, v if v is not None else 0) for v in values)


def first_rows(query: DataFrame, n: int) -> DataFrame:
    """At most ``n`` rows of a small aggregated ``query``, in as many Spark jobs as collecting it all.

    The aggregation's last step runs in one partition, whose first ``n`` rows are taken. A plain
    ``limit`` would read the partitions a few at a time, one job each, until it has ``n`` rows: an
    aggregation with fewer rows than that (the usual case: the limit is a cap) spread over several
    partitions would take several jobs, more as the data and the strata grow. A top ``n`` would
    bring up to ``n`` rows of every partition to the driver.

    Examples
    --------
    >>> first_rows(df.groupBy("Pclass").count(), 2).count()
    2
    """
    return query.coalesce(1).limit(n)


def grouped_aggregate(
    df: DataFrame,
    aggs: Mapping[str, Column],
    strata: Strata | None = None,
    by: Mapping[str, Column] | None = None,
    keyed: bool = False,
) -> pd.DataFrame:
    """Evaluate ``aggs`` over ``df`` (per stratum and ``by`` group) in one Spark job.

    Strata with a cap (``strata.max_strata``) are checked against it: without ``by``
    the query collects at most ``max_strata + 1`` rows and checks their number; with
    ``by``, strata not yet checked are first checked by a grouping of the strata alone
    (one more Spark job, once per :class:`~handyspark.strata.Strata`).

    Parameters
    ----------
    df : DataFrame
        The data; never collected.
    aggs : mapping of str to Column
        Aggregate expressions by result name.
    strata : Strata, optional
        Groups rows by the strata keys (null keys form their own group).
    by : mapping of str to Column, optional
        Further grouping expressions by result name.
    keyed : bool
        ``df`` already holds the stratum key columns (see :func:`with_strata_keys`).

    Returns
    -------
    pandas.DataFrame
        One row per group (a single row without grouping), with the raw stratum
        keys in columns ``strata.key_names``, then ``by`` and ``aggs`` columns,
        sorted by stratum and ``by`` values with nulls last.

    Examples
    --------
    >>> import pyspark.sql.functions as F
    >>> grouped_aggregate(df, {"n": F.count("*")})
         n
    0  891
    """
    if strata is not None and by and not strata.cap_checked:
        # groups per stratum vary: check the number of strata first, grouping by them alone
        grouped_aggregate(df, {"rows": F.count(F.lit(1))}, strata, keyed=keyed)
    keys: list[str | Column]
    if strata is None:
        keys = []
    elif keyed:
        keys = list(strata.key_names)
    else:
        keys = strata.group_keys()
    # results are read by position: no aliases (each costs a classic session some ten Py4J calls)
    keys += list((by or {}).values())
    exprs = list(aggs.values())
    query = df.groupBy(*keys).agg(*exprs) if keys else df.agg(*exprs)
    cap = strata.max_strata if strata is not None and not by else None
    if strata is not None and cap is not None:  # one row per stratum: collect at most one more than allowed (no extra job)
        query = first_rows(query, cap + 1)
    rows = collect_aggregates(query)
    if strata is not None and cap is not None:
        strata.check_count(len(rows), df, keyed)
    key_names = (strata.key_names if strata is not None else []) + list(by or {})
    columns = key_names + list(aggs)
    records = [tuple(row[i] for i in range(len(columns))) for row in rows]
    if key_names:
        records.sort(key=lambda r: _sort_key(r[: len(key_names)]))
    table = pd.DataFrame.from_records(records, columns=columns)
    for i, name in enumerate(key_names):  # keep None (not NaN) in keys: null strata stay null
        table[name] = pd.Series([r[i] for r in records], index=table.index, dtype=object)
    return table


def with_strata_keys(df: DataFrame, strata: Strata | None, *columns: Column) -> DataFrame:
    """Select the stratum key columns (if any) next to ``columns``; a narrow, row-wise projection."""
    keys = strata.key_columns() if strata is not None else []
    return df.select(*keys, *columns)


def per_stratum_value(
    df: DataFrame,
    strata: Strata | None,
    keys: Sequence[tuple],
    per_key: Sequence[Any],
    dtype: T.DataType,
    extra: Column | None = None,
) -> Column:
    """On a frame keyed by :func:`with_strata_keys`, the value ``per_key[p]`` of each row's stratum ``keys[p]``.

    Without strata, the literal ``per_key[0]``. With strata, one literal map looked up by
    the stratum keys, not a CASE chain per stratum (each Column operation costs a classic
    session some ten Py4J calls, and the plan stays small). With ``extra`` (an int column,
    such as a column number) the map is keyed by the stratum keys and ``extra``, and
    ``per_key[i][p]`` is the value for ``extra == i`` in stratum ``p``. NaN and infinite
    values become null; a stratum missing from ``keys`` gets null.

    Examples
    --------
    >>> per_stratum_value(df, None, [()], [2.5], T.DoubleType())
    Column<'2.5'>
    """
    def clean(value: object) -> object:
        return None if value is None or (isinstance(value, float) and not np.isfinite(value)) else value

    key_cols: list[str | Column] = list(strata.key_names) if strata is not None else []
    key_types = strata.key_types(df) if strata is not None else []
    if extra is None:
        if strata is None:
            value = clean(per_key[0])
            return F.lit(None).cast(dtype) if value is None else literal(value, dtype)
        entries = [(key, clean(per_key[p])) for p, key in enumerate(keys)]
    else:
        entries = [((*key, i), clean(per_key[i][p])) for i in range(len(per_key)) for p, key in enumerate(keys)]
        key_cols, key_types = [*key_cols, extra], [*key_types, T.IntegerType()]
    return F.try_element_at(literal_map(entries, key_types, dtype), key_struct(key_cols))


def stratum_hash(keys: Sequence[Column]) -> Column:
    """A 64-bit hash of a row's stratum key values (``xxhash64``: the same in every job and process).

    :func:`~handyspark.stats.exact_quantiles.aggregate_with_quantiles` collects it per stratum (``__hash``),
    so that :func:`per_stratum_doubles` can find a stratum in constant time.
    """
    return F.xxhash64(*keys)


def per_stratum_doubles(
    df: DataFrame,
    strata: Strata | None,
    keys: Sequence[tuple],
    rows: Sequence[Sequence[float | None]],
    key_types: Sequence[T.DataType] | None = None,
    hashes: Sequence[int] | None = None,
    infinite: bool = False,
) -> Column:
    """On a frame keyed by :func:`with_strata_keys`, the array of doubles ``rows[p]`` of each row's stratum ``keys[p]``.

    All the strata's arrays travel as one JSON literal that Spark parses once, when it optimises the
    query. With the strata's :func:`stratum_hash` values (``hashes``), a row finds its stratum in constant
    time: the strata are put in buckets by hash, and a row compares its keys with those of its bucket
    only (a literal map would compare them with every stratum's: Spark looks a map up by a linear scan,
    which at 1,000 strata costs more than the rest of the query). Elements are read with ``column[j]``.
    NaN and infinities become null (infinities stay with ``infinite``); a stratum missing from ``keys``
    gets a null array. ``key_types`` default to the strata's on ``df`` (the unkeyed frame).

    Examples
    --------
    >>> spark.range(1).select(per_stratum_doubles(df, None, [()], [[1.5, None]]).alias("b")).first().b
    [1.5, None]
    """
    def clean(value: float | None) -> float | None:
        if value is None or np.isnan(value) or (not infinite and np.isinf(value)):
            return None
        return float(value)

    values = [[clean(v) for v in row] for row in rows]
    doubles = T.ArrayType(T.DoubleType())
    if strata is None:
        return F.element_at(F.from_json(F.lit(json.dumps(values)), T.ArrayType(doubles), {"mode": "FAILFAST"}), 1)
    types = list(key_types) if key_types is not None else strata.key_types(df)
    names = strata.key_names
    if hashes is None or not all(isinstance(t, JSON_EXACT) for t in types):
        table = F.from_json(F.lit(json.dumps(values)), T.ArrayType(doubles), {"mode": "FAILFAST"})
        position = literal_map([(key, p + 1) for p, key in enumerate(keys)], types, T.IntegerType())
        return F.element_at(table, F.try_element_at(position, key_struct(names)))
    size = max(1, len(keys))
    buckets: list[list[str]] = [[] for _ in range(size)]
    for key, h, row in zip(keys, hashes, values):
        fields = ",".join(f'"k{i}":{json_value(v, t)}' for i, (v, t) in enumerate(zip(key, types)))
        buckets[int(h) % size].append("{" + fields + ',"v":' + json.dumps(row) + "}")
    entry = T.StructType([*[T.StructField(f"k{i}", t) for i, t in enumerate(types)], T.StructField("v", doubles)])
    text = "[" + ",".join("[" + ",".join(b) + "]" for b in buckets) + "]"
    table = F.from_json(F.lit(text), T.ArrayType(T.ArrayType(entry)), {"mode": "FAILFAST"})
    row_key = [F.col(name) for name in names]
    bucket = F.element_at(table, (F.pmod(stratum_hash(row_key), F.lit(size)) + 1).cast("int"))

    def same(e: Column) -> Column:
        match = e["k0"].eqNullSafe(row_key[0])
        for i in range(1, len(names)):
            match = match & e[f"k{i}"].eqNullSafe(row_key[i])
        return match

    return F.try_element_at(F.filter(bucket, same), F.lit(1)).getField("v")
