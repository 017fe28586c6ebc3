"""Drift measures from bin counts, in numpy: PSI, Jensen–Shannon distance, KS bounds, quantiles, flags.

Pure functions of small arrays (no Spark): what :class:`~handyspark.compare.Comparison` computes from
the counts Spark collected, and what the tests compare with numpy and scipy.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

__all__ = ["EPSILON", "THRESHOLDS", "FLAGS", "psi", "js", "ks_from_bins", "linear_quantile", "flag", "worst",
           "check_thresholds"]

#: The proportion an empty bin gets in the PSI: a share below it is raised to it (on either side).
EPSILON = 1e-4

#: The default ``(warn, alarm)`` thresholds of each measure: a value at or above ``warn`` is flagged
#: ``"warn"``, at or above ``alarm`` ``"alarm"``. ``missing`` is the absolute change of the missing rate.
THRESHOLDS: dict[str, tuple[float, float]] = {"psi": (0.1, 0.25), "ks": (0.1, 0.2), "js": (0.1, 0.2),
                                              "missing": (0.02, 0.05)}

#: The flags, from best to worst (``"n/a"``: the measure is not defined, e.g. a side has no values).
FLAGS = ("n/a", "ok", "warn", "alarm")


def _shares(counts: Sequence[float]) -> np.ndarray:
    c = np.asarray(counts, dtype=np.float64)
    total = c.sum()
    return c / total if total > 0 else np.full(len(c), math.nan)


def psi(reference: Sequence[float], current: Sequence[float], epsilon: float = EPSILON) -> float:
    """The population stability index of two count vectors on the same bins.

    ``sum((q - p) * ln(q / p))`` over the bins, ``p`` the reference's shares and ``q`` the current's,
    each share raised to at least ``epsilon`` (an empty bin counts as ``epsilon``; shares are not
    renormalised). NaN when either side has no values.

    Examples
    --------
    >>> round(psi([50, 50], [40, 60]), 6)
    0.040547
    >>> psi([10, 0], [10, 0])
    0.0
    """
    p, q = _shares(reference), _shares(current)
    if len(p) == 0 or np.isnan(p).any() or np.isnan(q).any():
        return math.nan
    p, q = np.maximum(p, epsilon), np.maximum(q, epsilon)
    return float(np.sum((q - p) * np.log(q / p)))


def js(reference: Sequence[float], current: Sequence[float]) -> float:
    """The Jensen–Shannon *distance* (base 2, in [0, 1]) of two count vectors on the same bins.

    ``sqrt(JSD)`` with ``JSD = (KL(p, m) + KL(q, m)) / 2``, ``m = (p + q) / 2``, logarithms in base 2:
    ``scipy.spatial.distance.jensenshannon(p, q, base=2)``. Needs no smoothing (an empty bin adds 0).
    Its square is the divergence. NaN when either side has no values.

    Examples
    --------
    >>> js([1, 0], [0, 1]), js([3, 1], [3, 1])
    (1.0, 0.0)
    """
    p, q = _shares(reference), _shares(current)
    if len(p) == 0 or np.isnan(p).any() or np.isnan(q).any():
        return math.nan
    m = (p + q) / 2

    def kl(a: np.ndarray) -> float:
        present = a > 0
        return float(np.sum(a[present] * np.log2(a[present] / m[present])))

    return math.sqrt(max(0.0, (kl(p) + kl(q)) / 2))


def ks_from_bins(reference: Sequence[float], current: Sequence[float]) -> tuple[float, float]:
    """Bounds ``(low, high)`` of the Kolmogorov–Smirnov statistic of two samples known by their counts
    on the same ordered bins.

    ``low`` is the largest difference of the two empirical distribution functions at the bin edges
    (where they are known): the true statistic is at least that. Inside a bin each function rises by at
    most the bin's share, so the true statistic is at most ``high``, the largest over the bins of the
    difference at the bin's left edge plus the larger of its two shares (at most ``low`` plus the
    largest bin share). NaN when either side has no values.

    Examples
    --------
    >>> ks_from_bins([5, 5, 0], [0, 5, 5])
    (0.5, 1.0)
    """
    p, q = _shares(reference), _shares(current)
    if len(p) == 0 or np.isnan(p).any() or np.isnan(q).any():
        return math.nan, math.nan
    before = np.abs(np.concatenate([[0.0], np.cumsum(p)[:-1] - np.cumsum(q)[:-1]]))  # at each bin's left edge
    low = float(before.max())
    high = float(np.max(before + np.maximum(p, q)))
    return low, min(1.0, high)


def linear_quantile(below: float, above: float, n: int, prob: float) -> float:
    """numpy's linear quantile (its default, and pandas') of ``n`` sorted values from the two order
    statistics around it: ``below`` at 0-based rank ``floor((n - 1) * prob)`` and ``above`` at the next.

    Interpolates as ``numpy.quantile`` does (``numpy.lib._function_base_impl._lerp``), so that the
    result equals numpy's to the last bit.

    Examples
    --------
    >>> linear_quantile(2.0, 3.0, 4, 0.5)
    2.5
    """
    if n <= 0:
        return math.nan
    h = (n - 1) * prob
    t = h - math.floor(h)
    if t == 0 or below == above:
        return float(below)
    diff = above - below
    return float(above - diff * (1 - t)) if t >= 0.5 else float(below + diff * t)


def flag(value: float | None, thresholds: tuple[float, float] | None) -> str:
    """``"ok"``, ``"warn"`` or ``"alarm"`` for ``value`` against ``(warn, alarm)``; ``"n/a"`` for NaN/None or
    no thresholds.

    Examples
    --------
    >>> flag(0.05, (0.1, 0.25)), flag(0.1, (0.1, 0.25)), flag(0.3, (0.1, 0.25)), flag(float("nan"), (0.1, 0.25))
    ('ok', 'warn', 'alarm', 'n/a')
    """
    if thresholds is None or value is None or not math.isfinite(value):
        return "n/a"
    warn, alarm = thresholds
    return "alarm" if value >= alarm else "warn" if value >= warn else "ok"


def worst(flags: Sequence[str]) -> str:
    """The worst of ``flags`` (``"n/a"`` when there are none).

    Examples
    --------
    >>> worst(["ok", "warn", "n/a"])
    'warn'
    """
    return max(flags, key=FLAGS.index, default="n/a")


def check_thresholds(thresholds: Mapping[str, object] | None) -> dict[str, tuple[float, float] | None]:
    """:data:`THRESHOLDS` updated by ``thresholds`` (a measure's ``(warn, alarm)`` pair, or None to flag it
    never); :class:`~handyspark.errors.ArgumentError` for an unknown measure or a pair that is not
    ``0 <= warn <= alarm``.

    Examples
    --------
    >>> check_thresholds({"psi": (0.2, 0.3), "ks": None})["psi"]
    (0.2, 0.3)
    """
    from ..errors import ArgumentError

    out: dict[str, tuple[float, float] | None] = dict(THRESHOLDS)
    if thresholds is None:
        return out
    if not isinstance(thresholds, Mapping):
        raise ArgumentError(f"thresholds must be a dict such as {{'psi': (0.1, 0.25)}}, got {thresholds!r}")
    for name, pair in thresholds.items():
        if name not in THRESHOLDS:
            raise ArgumentError(f"thresholds has an unknown measure {name!r}; the measures are {list(THRESHOLDS)}")
        if pair is None:
            out[name] = None
            continue
        try:
            warn, alarm = (float(v) for v in pair)  # type: ignore[attr-defined]
        except (TypeError, ValueError):
            raise ArgumentError(f"thresholds[{name!r}] must be a pair (warn, alarm) of numbers, got {pair!r}") from None
        if not (0 <= warn <= alarm) or not math.isfinite(alarm):
            raise ArgumentError(f"thresholds[{name!r}] must be (warn, alarm) with 0 <= warn <= alarm, got {pair!r}")
        out[name] = (warn, alarm)
    return out
