"""Exact quantiles in two bounded passes: approximate brackets, then only the values inside them.

Spark's exact ``percentile`` keeps every distinct value of a group in memory and merges them
on one reducer. Here a first pass brackets each order statistic that numpy's linear
interpolation needs with Spark's ``percentile_approx``; a second pass counts the values below
each bracket and brings to the driver only the distinct values inside it, with their counts.
The driver then picks the exact order statistics and interpolates as ``numpy.quantile``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd
import pyspark.sql.functions as F
from pyspark.sql import types as T

from .._compat import Column, DataFrame
from .._expressions import quantiles, values
from .._validation import as_column_list, check_fraction, check_numeric, check_relative_error, field_types
from ..errors import ArgumentError, QuantileBracketError
from ..safety import collect_aggregates
from .grouped import grouped_aggregate, per_stratum_doubles, stratum_hash, with_strata_keys
from .order_statistics import hashable, pick

if TYPE_CHECKING:
    from ..strata import Strata

__all__ = ["DEFAULT_BRACKET_ERROR", "aggregate_with_quantiles", "exact_quantiles", "max_rows_per_column"]

#: The relative error ``e`` of the first pass (``percentile_approx`` accuracy ``1 / e``).
DEFAULT_BRACKET_ERROR = 1e-4
#: The bracket of probability ``p`` is ``[p - MARGIN * e, p + MARGIN * e]``.
MARGIN = 2.0
#: Widening of the margin for a retry, and how many retries before giving up.
_WIDEN, _RETRIES = 8.0, 3


def max_rows_per_column(n: int, n_quantiles: int, bracket_error: float = DEFAULT_BRACKET_ERROR,
                        margin: float = MARGIN) -> int:
    """The most rows the second pass brings to the driver for one column in one stratum of ``n`` values.

    Spark's ``percentile_approx`` with relative error ``e`` returns, for probability ``q``, a value
    whose 1-based position ``r`` in the sorted values satisfies ``floor((q - e) n) <= r <= ceil((q + e) n)``.
    With ``d = margin * e``, the bracket ``[lo, hi]`` of probability ``p`` spans positions
    ``floor((p - d - e) n)`` to ``ceil((p + d + e) n)``: at most ``2 (d + e) n + 3`` distinct values
    (``6 e n + 3`` with the default margin of 2). Adding one row for all values outside every bracket:
    ``1 + n_quantiles * floor(2 (d + e) n + 3)``.

    Examples
    --------
    >>> max_rows_per_column(2_000_000, 3)
    3610
    >>> max_rows_per_column(20_000_000, 3)  # the figures of docs/statistics.md
    36010
    """
    return 1 + n_quantiles * math.floor(2 * (margin + 1) * bracket_error * n + 3)


def exact_quantiles(
    df: DataFrame,
    columns: str | Sequence[str],
    probabilities: Sequence[float],
    strata: Strata | None = None,
    *,
    bracket_error: float = DEFAULT_BRACKET_ERROR,
) -> dict[tuple, dict[str, list[float]]]:
    """Exact quantiles of numeric ``columns``, as ``numpy.quantile(method="linear")``, in two Spark jobs.

    Missing values (null, or NaN as pandas reads it) are skipped; values are read as doubles.

    1. One job for all columns and strata: the number ``n`` of values and Spark's
       ``percentile_approx`` (relative error ``e = bracket_error``) at ``p - 2e`` and ``p + 2e``
       (clipped to ``[0, 1]``): a bracket ``[lo, hi]`` around the two order statistics numpy needs,
       at 0-based positions ``floor(p (n - 1))`` and the next.
    2. One job for all columns, probabilities and strata: per column and stratum, the values are
       grouped by value where they fall inside some bracket, and all others in one group; with
       them, per probability, the number of values below ``lo``, the largest value below ``lo``
       and the smallest above ``hi`` (which cover the off-by-one of Spark's rank rounding).
       At most :func:`max_rows_per_column` rows reach the driver per column and stratum:
       ``1 + len(probabilities) * floor(6 e n + 3)``, whatever the number of distinct values.

    The driver picks the order statistics from the counts and interpolates as numpy. Should an
    order statistic fall outside its bracket (Spark's guarantee not holding), the brackets of that
    column are taken again with an 8 times wider margin and pass 2 repeated (up to 3 times), then
    a :class:`~handyspark.errors.QuantileBracketError` (a ``RuntimeError``) naming the columns is
    raised: a wrong value is never returned.

    Parameters
    ----------
    df : DataFrame
        The data; only the aggregates above reach the driver.
    columns : str or sequence of str
        Numeric columns (integers, floats, decimals); any name (spaces, dots, backticks).
    probabilities : sequence of float
        Each in ``[0, 1]``.
    strata : Strata, optional
        Quantiles per stratum (null keys form their own stratum).
    bracket_error : float
        The relative error ``e`` of the first pass, in ``(0, 1]``: smaller brackets bring fewer
        values to the driver, and cost the first pass more memory (about ``1 / e`` values per
        column and stratum).

    Returns
    -------
    dict
        ``{raw stratum key tuple: {column: [quantile per probability]}}``, strata sorted with
        null keys last; the key is ``()`` without strata. A column without values in a stratum
        gives NaN.

    Examples
    --------
    >>> exact_quantiles(df, ["Age"], [0.25, 0.5, 0.75])
    {(): {'Age': [20.125, 28.0, 38.0]}}
    """
    names = list(dict.fromkeys(as_column_list(columns)))
    check_numeric(df, names, "exact_quantiles")
    probs = [check_fraction(p, "probabilities") for p in probabilities]
    if not probs:
        raise ArgumentError("exact_quantiles needs at least one probability")
    error = check_relative_error(bracket_error, "bracket_error")
    if error == 0:
        raise ArgumentError("bracket_error must be greater than 0")
    cells = {f"q{i}": (values(df, name), probs) for i, name in enumerate(names)}
    table = aggregate_with_quantiles(df, {}, cells, strata, relativeError=0.0, bracket_error=error,
                                     labels={f"q{i}": name for i, name in enumerate(names)})
    key_names = strata.key_names if strata is not None else []
    out: dict[tuple, dict[str, list[float]]] = {}
    for record in table.to_dict("records"):
        key = tuple(record[k] for k in key_names)
        out[key] = {name: [math.nan] * len(probs) if record[f"q{i}"] is None else list(record[f"q{i}"])
                    for i, name in enumerate(names)}
    return out


def aggregate_with_quantiles(
    df: DataFrame,
    aggs: Mapping[str, Column],
    cells: Mapping[str, tuple[Column, Sequence[float]]],
    strata: Strata | None = None,
    *,
    relativeError: float,
    keyed: bool = False,
    bracket_error: float = DEFAULT_BRACKET_ERROR,
    labels: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """:func:`~handyspark.stats.grouped.grouped_aggregate` of ``aggs`` plus quantile ``cells``, exact or approximate.

    Each cell ``name: (values, probabilities)`` becomes a column ``name`` of lists of doubles, one
    per probability (None where the group has no values), as Spark's ``percentile`` gives them.

    - ``relativeError > 0``: Spark's ``percentile_approx`` inside the one aggregation (one job).
    - ``relativeError == 0``: exact, equal to ``numpy.quantile`` (linear), in two bounded passes
      (two jobs whatever the number of cells and strata, see :func:`exact_quantiles`): the
      brackets are taken in the aggregation of ``aggs``, and only the values inside them reach
      the driver. Spark's exact ``percentile`` would keep every distinct value of a group in
      memory and merge them on one reducer.

    Parameters
    ----------
    df : DataFrame
        The data (keyed by :func:`~handyspark.stats.grouped.with_strata_keys` if ``keyed``).
    aggs : mapping of str to Column
        Other aggregates, computed in the first job.
    cells : mapping of str to (Column, list of float)
        Numeric expressions over ``df`` (NaN must already read as null) and their probabilities.
    strata : Strata, optional
        Per stratum (null keys form their own stratum).
    relativeError : float
        0 for exact quantiles; otherwise the approximate quantiles' relative rank error.
    keyed : bool
        ``df`` already holds the stratum key columns.
    bracket_error : float
        The relative error of the exact path's first pass (see :func:`exact_quantiles`).
    labels : mapping of str to str, optional
        The user's name of each cell's column, for error messages (default: the cell names).

    Raises
    ------
    QuantileBracketError
        (A ``RuntimeError``.) Should an order statistic stay outside its bracket after the retries
        (Spark's ``percentile_approx`` not keeping its bound); it names the columns.

    Returns
    -------
    pandas.DataFrame
        As :func:`~handyspark.stats.grouped.grouped_aggregate`: the raw stratum keys, ``aggs``, then ``cells``;
        stratified, also ``__hash``, each stratum's :func:`~handyspark.stats.grouped.stratum_hash`.

    Examples
    --------
    >>> aggregate_with_quantiles(df, {"n": F.count("Age")}, {"q": (F.col("Age"), [0.5, 0.75])}, relativeError=0)
         n             q
    0  714  [28.0, 38.0]
    """
    if strata is not None:  # each stratum's hash, for lookups by stratum in later jobs (per_stratum_doubles)
        keys_of_rows = [F.col(n) for n in strata.key_names] if keyed else [lv.key() for lv in strata.levels]
        aggs = {**aggs, "__hash": F.min(stratum_hash(keys_of_rows))}
    if relativeError > 0 or not cells:
        approximate = {name: quantiles(x, list(p), relativeError) for name, (x, p) in cells.items()}
        return grouped_aggregate(df, {**aggs, **approximate}, strata, keyed=keyed)
    names = list(cells)
    xs = [cells[name][0].cast("double") for name in names]
    probs = [[float(p) for p in cells[name][1]] for name in names]
    first = dict(aggs)
    for i, x in enumerate(xs):
        first[f"__n{i}"] = F.count(x)
        first[f"__b{i}"] = _brackets(x, probs[i], bracket_error, MARGIN)
    table = grouped_aggregate(df, first, strata, keyed=keyed)  # pass 1: one job
    key_names = strata.key_names if strata is not None else []
    keys = [tuple(r) for r in table[key_names].itertuples(index=False, name=None)] if key_names else [()] * len(table)
    counts = {i: [int(n) for n in table[f"__n{i}"]] for i in range(len(names))}
    found: dict[int, list[list[float] | None]] = {i: [None] * len(table) for i in range(len(names))}
    pending, margin = list(range(len(names))), MARGIN
    brackets = {i: list(table[f"__b{i}"]) for i in pending}
    hashes = list(table["__hash"]) if strata is not None else None
    for attempt in range(_RETRIES + 1):
        if attempt:  # wider brackets for the columns that missed (one more job), then pass 2 again
            margin *= _WIDEN
            wider = grouped_aggregate(df, {f"b{i}": _brackets(xs[i], probs[i], bracket_error, margin) for i in pending},
                                      strata, keyed=keyed)
            brackets = {i: list(wider[f"b{i}"]) for i in pending}
        todo = {(row, i): [float(b) for b in brackets[i][row]] for i in pending for row in range(len(table))
                if counts[i][row] > 0}
        groups = _pass_two(df, xs, probs, strata, keyed, keys, todo, hashes) if todo else {}
        missed = set()
        for (row, i), bracket in todo.items():
            result = pick(counts[i][row], probs[i], bracket, groups.get((row, i), []))
            if result is None:
                missed.add(i)
            else:
                found[i][row] = result
        pending = sorted(missed)
        if not pending:
            break
    else:
        columns = [(labels or {}).get(names[i], names[i]) for i in pending]
        raise QuantileBracketError(f"exact quantiles could not bracket the order statistics of {columns} with "
                                   f"percentile_approx (relative error {bracket_error}, {_RETRIES} retries)")
    table = table.drop(columns=[c for i in range(len(names)) for c in (f"__n{i}", f"__b{i}")])
    for i, name in enumerate(names):
        table[name] = pd.Series(found[i], index=table.index, dtype=object)
    return table


def _brackets(x: Column, probs: list[float], error: float, margin: float) -> Column:
    """``percentile_approx`` of ``x`` at ``p - margin e`` then at ``p + margin e`` for each ``p`` (clipped to [0, 1])."""
    d = margin * error
    percentages = [max(0.0, p - d) for p in probs] + [min(1.0, p + d) for p in probs]
    accuracy = max(1, min(2**31 - 1, round(1 / error)))
    return F.percentile_approx(x, percentages, accuracy)


def _pass_two(df: DataFrame, xs: list[Column], probs: list[list[float]], strata: Strata | None, keyed: bool,
              keys: list[tuple], brackets: dict[tuple[int, int], list[float]], hashes: list[int] | None = None
              ) -> dict[tuple[int, int], list[Any]]:
    """One Spark job: per column and stratum, the counts around the brackets and the grouped values inside them.

    ``brackets`` maps (stratum row, column number) to the column's ``[lo per probability, hi per probability]``.
    Two aggregations in one job (a union): per stratum, for each column and probability the number of
    values below ``lo``, the largest below ``lo`` and the smallest above ``hi`` (no row is multiplied);
    and, per stratum, column and value, the count of the values inside a bracket of their column.

    Returns ``{(stratum row, column number): [(value or None, count, below, largest below, smallest above)]}``,
    the last three being lists per probability (None for the grouped values, whose rows only count).
    """
    k, c = max(len(p) for p in probs), len(xs)
    key_names = strata.key_names if strata is not None else []
    named = [x.alias(f"__x{i}") for i, x in enumerate(xs)]
    base = df.select(*key_names, *named) if keyed else with_strata_keys(df, strata, *named)
    # every stratum's bounds in one literal table, [row][column * 2k + slot]: one map lookup per row, not per bound
    table: list[list[float | None]] = [[None] * (2 * k * c) for _ in keys]
    for (row, i), b in brackets.items():
        n = len(probs[i])
        for j in range(n):
            table[row][i * 2 * k + j], table[row][i * 2 * k + k + j] = b[j], b[n + j]
    row_bounds = per_stratum_doubles(base, strata, keys, table, [field_types(base)[name] for name in key_names], hashes,
                                     infinite=True)  # a bracket may end at an infinite value of the data
    with_bounds = base.select(*key_names, *[F.col(f"__x{i}") for i in range(c)], row_bounds.alias("__b"))

    def bound(i: int, slot: int) -> Column:
        return F.col("__b")[i * 2 * k + slot]

    aggs: list[Column] = []
    for i in range(c):
        x = F.col(f"__x{i}")
        aggs += [F.count_if(x < bound(i, j)) for j in range(k)]
        aggs += [F.max(F.when(x < bound(i, j), x)) for j in range(k)]
        aggs += [F.min(F.when(x > bound(i, k + j), x)) for j in range(k)]
        aggs += [F.count_if(x <= bound(i, k + j)) for j in range(k)]
    around = with_bounds.groupBy(*key_names).agg(*aggs) if key_names else with_bounds.agg(*aggs)
    packed = around.select(*key_names, F.lit(-1).alias("i"), F.lit(None).cast("double").alias("v"),
                           F.lit(0).cast("long").alias("n"),
                           F.array(*[F.col(name).cast("double") for name in around.columns[len(key_names):]]).alias("a"))

    def inside(i: int) -> Column:
        x, within = F.col(f"__x{i}"), F.lit(False)
        for j in range(len(probs[i])):  # a one-value bracket's count comes from the counts around it
            lo, hi = bound(i, j), bound(i, k + j)
            within = within | ((x >= lo) & (x <= hi) & (lo < hi))
        return F.coalesce(within, F.lit(False))

    wide = sorted({i for (_, i), b in brackets.items() if any(b[j] < b[len(probs[i]) + j] for j in range(len(probs[i])))})
    query = packed
    if wide:  # heavily tied data often has one-value brackets only: no grouping of values at all
        # one pass: each row's in-bracket flags, then the cells of the columns it has inside a bracket. The flags
        # come first, in a projection of their own: one expression testing every column's brackets inside the
        # explode outgrows the JVM's limit for compiling a method (12 columns: ten times slower). With strata,
        # each row looks its stratum's bounds up once; without, they are literals
        flagged = with_bounds.select(*key_names, *[F.col(f"__x{i}") for i in wide],
                                     *[inside(i).alias(f"__in{i}") for i in wide])
        cell = F.array(*[F.when(F.col(f"__in{i}"), F.struct(F.lit(i).alias("i"), F.col(f"__x{i}").alias("v")))
                         for i in wide])
        cells = (flagged.select(*key_names, F.explode(cell).alias("c")).where(F.col("c").isNotNull())
                 .select(*key_names, "c.i", "c.v"))  # exploded then filtered: no interpreted lambda per row
        inside_values = (cells.groupBy(*key_names, "i", "v").count()
                         .select(*key_names, "i", "v", F.col("count").alias("n"),
                                 F.lit(None).cast(T.ArrayType(T.DoubleType())).alias("a")))
        query = packed.unionByName(inside_values)
    rows = collect_aggregates(query)  # pass 2: one job
    m = len(key_names)
    position_of = {hashable(key): row for row, key in enumerate(keys)}
    out: dict[tuple[int, int], list[Any]] = {}
    for r in rows:
        row, i = position_of[hashable(tuple(r[:m]))], int(r[m])
        if i >= 0:
            out.setdefault((row, i), []).append((float(r[m + 1]), int(r[m + 2]), [0] * k, [None] * k, [None] * k))
            continue
        a = r[m + 3]
        for i in range(c):
            part = a[i * 4 * k:(i + 1) * 4 * k]
            below = [int(v) for v in part[:k]]
            out.setdefault((row, i), []).append((None, 0, below, part[k:2 * k], part[2 * k:3 * k]))
            bracket = brackets.get((row, i))
            for j in range(len(probs[i])):  # a one-value bracket: its value's count is at most hi less below lo
                if bracket is not None and bracket[j] == bracket[len(probs[i]) + j]:
                    at_most = int(part[3 * k + j])
                    if at_most > below[j]:
                        out[(row, i)].append((float(bracket[j]), at_most - below[j], [0] * k, [None] * k, [None] * k))
    return out
