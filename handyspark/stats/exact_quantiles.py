"""Exact quantiles in two bounded passes: approximate brackets, then only the values inside them.

Spark's exact ``percentile`` keeps every distinct value of a group in memory and merges them
on one reducer. Here a first pass brackets each order statistic that numpy's linear
interpolation needs with Spark's ``percentile_approx``; a second pass counts the values below
each bracket and brings to the driver only the distinct values inside it, with their counts.
The driver then picks the exact order statistics and interpolates as ``numpy.quantile``.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pyspark.sql.functions as F
from pyspark.sql import types as T

from .._compat import Column, DataFrame
from .._expressions import key_struct, literal_map, values
from .._validation import as_column_list, check_fraction, check_numeric, check_relative_error, field_types
from ..errors import ArgumentError
from ..safety import collect_aggregates
from .grouped import _sort_key, grouped_aggregate, with_strata_keys

if TYPE_CHECKING:
    from ..strata import Strata

__all__ = ["DEFAULT_BRACKET_ERROR", "exact_quantiles", "max_rows_per_column"]

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
    order statistic fall outside its bracket (Spark's guarantee not holding), both passes run again
    for that column with an 8 times wider margin (up to 3 times), then a ``RuntimeError`` is raised:
    a wrong value is never returned.

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
    names = as_column_list(columns)
    check_numeric(df, names, "exact_quantiles")
    probs = [check_fraction(p, "probabilities") for p in probabilities]
    if not probs:
        raise ArgumentError("exact_quantiles needs at least one probability")
    error = check_relative_error(bracket_error, "bracket_error")
    if error == 0:
        raise ArgumentError("bracket_error must be greater than 0")
    out: dict[tuple, dict[str, list[float]]] = {}
    pending, margin = list(dict.fromkeys(names)), MARGIN
    for _ in range(_RETRIES + 1):
        found, missed = _two_passes(df, pending, probs, strata, error, margin)
        for key, per_column in found.items():
            out.setdefault(key, {}).update(per_column)
        if not missed:
            break
        pending, margin = missed, margin * _WIDEN
    else:
        raise RuntimeError(f"exact_quantiles could not bracket the order statistics of {pending} "
                           f"with percentile_approx (relative error {error})")
    ordered = sorted(out, key=_sort_key)
    return {key: {name: out[key][name] for name in names} for key in ordered}


def _two_passes(df: DataFrame, names: list[str], probs: list[float], strata: Strata | None, error: float,
                margin: float) -> tuple[dict[tuple, dict[str, list[float]]], list[str]]:
    """Quantiles of ``names`` per stratum, and the columns whose order statistics fell outside a bracket."""
    d = margin * error
    percentages = [max(0.0, p - d) for p in probs] + [min(1.0, p + d) for p in probs]
    accuracy = max(1, min(2**31 - 1, round(1 / error)))
    xs = [_as_double(df, name) for name in names]
    aggs: dict[str, Column] = {}
    for i, x in enumerate(xs):
        aggs[f"n{i}"] = F.count(x)
        aggs[f"b{i}"] = F.percentile_approx(x, percentages, accuracy)
    table = grouped_aggregate(df, aggs, strata)  # pass 1: one job
    key_names = strata.key_names if strata is not None else []
    records = table.to_dict("records")
    keys = [tuple(r[k] for k in key_names) for r in records]
    counts = {(key, i): int(r[f"n{i}"]) for key, r in zip(keys, records) for i in range(len(names))}
    brackets = {(key, i): [float(b) for b in r[f"b{i}"]] for key, r in zip(keys, records)
                for i in range(len(names)) if counts[(key, i)] > 0}
    found: dict[tuple, dict[str, list[float]]] = {key: {} for key in keys}
    for (key, i), n in counts.items():
        if n == 0:
            found[key][names[i]] = [math.nan] * len(probs)
    if not brackets:
        return found, []
    groups = _pass_two(df, xs, probs, strata, brackets)
    missed: set[int] = set()
    for (key, i), bracket in brackets.items():
        result = _pick(counts[(key, i)], probs, bracket, groups.get((key, i), []))
        if result is None:
            missed.add(i)
        else:
            found[key][names[i]] = result
    if missed:  # retried for every stratum
        for per_column in found.values():
            for i in missed:
                per_column.pop(names[i], None)
    return found, [names[i] for i in sorted(missed)]


def _as_double(df: DataFrame, name: str) -> Column:
    x = values(df, name)
    return x if isinstance(field_types(df)[name], T.DoubleType) else x.cast("double")


def _pass_two(df: DataFrame, xs: list[Column], probs: list[float], strata: Strata | None,
              brackets: dict[tuple[tuple, int], list[float]]) -> dict[tuple[tuple, int], list[Any]]:
    """One Spark job: per column and stratum, the grouped values inside the brackets and the counts around them.

    Returns ``{(raw key, column number): [(value or None, count, below, largest below, smallest above)]}``,
    the last three being lists per probability (partial per group: summed or reduced by the caller).
    """
    k = len(probs)
    cells = [F.when(x.isNotNull(), F.struct(F.lit(i).alias("i"), x.alias("x"))) for i, x in enumerate(xs)]
    key_names = strata.key_names if strata is not None else []
    long = (with_strata_keys(df, strata, F.explode(F.array(*cells)).alias("cell"))
            .where(F.col("cell").isNotNull()).select(*key_names, "cell.i", "cell.x"))
    key_types = [*(strata.key_types(df) if strata is not None else []), T.IntegerType()]
    lookup = key_struct([*key_names, "i"])

    def bound(slot: int) -> Column:
        entries = [((*key, i), b[slot]) for (key, i), b in brackets.items()]
        return F.try_element_at(literal_map(entries, key_types, T.DoubleType()), lookup)

    bounded = long.select(*key_names, "i", "x", *[bound(s).alias(f"e{s}") for s in range(2 * k)])
    x = F.col("x")
    lo, hi = [F.col(f"e{j}") for j in range(k)], [F.col(f"e{k + j}") for j in range(k)]
    inside = F.lit(False)
    for j in range(k):
        inside = inside | ((x >= lo[j]) & (x <= hi[j]))
    aggs = [F.count(F.lit(1))]
    aggs += [F.count_if(x < lo[j]) for j in range(k)]
    aggs += [F.max(F.when(x < lo[j], x)) for j in range(k)]
    aggs += [F.min(F.when(x > hi[j], x)) for j in range(k)]
    query = bounded.groupBy(*key_names, "i", F.when(inside, x).alias("v")).agg(*aggs)
    rows = collect_aggregates(query)  # pass 2: one job
    m = len(key_names)
    out: dict[tuple[tuple, int], list[Any]] = {}
    for row in rows:
        key, i, v, n = tuple(row[:m]), int(row[m]), row[m + 1], int(row[m + 2])
        rest = list(row[m + 3:])
        out.setdefault((key, i), []).append((v, n, rest[:k], rest[k:2 * k], rest[2 * k:]))
    return out


def _pick(n: int, probs: list[float], bracket: list[float], groups: list[Any]) -> list[float] | None:
    """The quantiles of one column in one stratum from its pass-two groups; None if a bracket missed."""
    k = len(probs)
    below = [0] * k
    largest_below: list[float | None] = [None] * k
    smallest_above: list[float | None] = [None] * k
    inside: list[tuple[float, int]] = []
    for v, count, b, lb, sa in groups:
        if v is not None:
            inside.append((float(v), count))
        for j in range(k):
            below[j] += int(b[j])
            if lb[j] is not None and (largest_below[j] is None or lb[j] > largest_below[j]):
                largest_below[j] = lb[j]
            if sa[j] is not None and (smallest_above[j] is None or sa[j] < smallest_above[j]):
                smallest_above[j] = sa[j]
    inside.sort()
    result = []
    for j, p in enumerate(probs):
        lo, hi = bracket[j], bracket[k + j]
        # the known stretch of the sorted values: positions below - 1 (largest below lo) onwards
        start = below[j] - 1 if largest_below[j] is not None else below[j]
        known: list[tuple[float, int]] = []
        if largest_below[j] is not None:
            known.append((float(largest_below[j]), 1))  # type: ignore[arg-type]
        known += [(v, c) for v, c in inside if lo <= v <= hi]
        if smallest_above[j] is not None:
            known.append((float(smallest_above[j]), 1))  # type: ignore[arg-type]

        value = _numpy_linear(n, p, functools.partial(_value_at, known, start))
        if value is None:
            return None
        result.append(value)
    return result


def _value_at(known: list[tuple[float, int]], start: int, position: int) -> float | None:
    """The value at 0-based ``position`` of the sorted values, of which ``known`` (value, count) start at ``start``."""
    offset = position - start
    if offset < 0:
        return None
    for value, count in known:
        if offset < count:
            return value
        offset -= count
    return None


def _numpy_linear(n: int, p: float, at: Any) -> float | None:
    """``numpy.quantile(values, p)`` (method "linear") from ``at(position)``, the sorted values' accessor.

    The same float64 operations as numpy's ``_quantile`` and ``_lerp``, so results are bitwise equal.
    None when a needed position is unknown.
    """
    virtual = np.float64(n - 1) * np.float64(p)
    previous = np.floor(virtual)
    if virtual >= n - 1:  # numpy takes the last value, and its gamma against index -1
        first_at, next_at, previous = n - 1, n - 1, np.float64(-1)
    else:
        first_at, next_at = int(previous), int(previous) + 1
    gamma = virtual - previous
    a, b = at(first_at), at(next_at)
    if a is None or b is None:
        return None
    a, b = np.float64(a), np.float64(b)
    with np.errstate(invalid="ignore"):
        diff = b - a
        value = b - diff * (1 - gamma) if gamma >= 0.5 else a + diff * gamma
    return float(value)
