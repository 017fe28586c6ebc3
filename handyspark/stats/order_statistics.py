"""Exact order statistics from the counts of :mod:`~handyspark.stats.exact_quantiles`' second pass.

The driver side of the two-pass exact quantiles: given, per column and stratum, the number of
values below each bracket and the values inside it (with their counts), pick the order statistics
numpy's ``quantile`` (method "linear") needs and interpolate with numpy's own float64 operations,
so that results are bitwise equal. No Spark here.
"""

from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np

__all__ = ["hashable", "numpy_linear", "pick"]


def hashable(key: tuple) -> tuple:
    """A stratum key that finds itself in a dict: NaN (a float stratum's) compares unequal to itself.

    Examples
    --------
    >>> hashable((float("nan"), "a")) == hashable((float("nan"), "a"))
    True
    """
    return tuple(("NaN",) if isinstance(v, float) and math.isnan(v) else v for v in key)


def pick(n: int, probs: list[float], bracket: list[float], groups: list[Any]) -> list[float] | None:
    """The quantiles of one column in one stratum from its pass-two groups; None if a bracket missed.

    Parameters
    ----------
    n : int
        The number of values of the column in the stratum.
    probs : list of float
        The probabilities, ``k`` of them.
    bracket : list of float
        ``[lo per probability, hi per probability]``, the first pass's brackets.
    groups : list of tuple
        ``(value or None, count, below, largest below, smallest above)``: a value inside a
        bracket with its count, or (value None) a share of the counts around the brackets,
        per probability: the values below ``lo``, the largest of them and the smallest above ``hi``.

    Examples
    --------
    Ten values ``0, 1, ..., 9``; the bracket of the median is ``[4, 5]``, four values lie below it:

    >>> pick(10, [0.5], [4.0, 5.0], [(None, 0, [4], [3.0], [6.0]), (4.0, 1, [0], [None], [None]),
    ...                               (5.0, 1, [0], [None], [None])])
    [4.5]
    """
    k = len(probs)
    below = [0] * k
    largest_below: list[float | None] = [None] * k
    smallest_above: list[float | None] = [None] * k
    counted: dict[float, int] = {}
    for v, count, b, lb, sa in groups:
        if v is not None:  # a value may come both grouped and from a one-value bracket: the same true count
            counted[float(v)] = count
        for j in range(k):
            below[j] += int(b[j])
            if lb[j] is not None and (largest_below[j] is None or lb[j] > largest_below[j]):
                largest_below[j] = lb[j]
            if sa[j] is not None and (smallest_above[j] is None or sa[j] < smallest_above[j]):
                smallest_above[j] = sa[j]
    inside = sorted(counted.items())
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

        value = numpy_linear(n, p, functools.partial(_value_at, known, start))
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


def numpy_linear(n: int, p: float, at: Any) -> float | None:
    """``numpy.quantile(values, p)`` (method "linear") from ``at(position)``, the sorted values' accessor.

    The same float64 operations as numpy's ``_quantile`` and ``_lerp``, so results are bitwise equal.
    None when a needed position is unknown.

    Examples
    --------
    >>> numpy_linear(4, 0.5, [1.0, 2.0, 4.0, 8.0].__getitem__)
    3.0
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
