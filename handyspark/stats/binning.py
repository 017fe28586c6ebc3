"""The numbers behind the plots: histograms, and the equal-width bins they share with scatter counts.

Every function scans the data a fixed, small number of times whatever its size
and whatever the number of strata, and brings only counts and summary values to
the driver. Results are small dataclasses holding numpy arrays; with strata they
hold one row (or table part) per stratum, in stratum order, with ``strata`` (the
stratum labels, a pandas Index, one level per stratum column) and ``clauses``
(each stratum as a readable condition, e.g. ``Sex == "male" and Age is null``),
and ``panel(i)`` gives the unstratified result of stratum ``i``.

Bins follow ``numpy.histogram``: equal width between the minimum and maximum,
each closed on the left, the last closed on both sides; a value's bin is
settled by comparing it with the edge values themselves, so counts equal
numpy's exactly: ``numpy.histogram(values, edges)``'s always, and
``numpy.histogram(values, bins)``'s but where bins are narrower than the smallest
normal double and numpy strays from its own edges. With strata the edges come from
the whole column, so every stratum shares them. Box statistics live in
:mod:`handyspark.stats.boxstats` and are available here too; binned scatter counts,
on the same bins, in :mod:`handyspark.stats.scatter`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, cast

import numpy as np
import pandas as pd
import pyspark.sql.functions as F
from pyspark.sql import types as T

from .._compat import Column, DataFrame
from .._expressions import values
from .._validation import (
    INTEGRAL_TYPES,
    check_orderable,
    check_positive_int,
    field_types,
    is_numeric,
)
from ..errors import ArgumentError, ColumnTypeError
from ..safety import collect_aggregates
from ._panels import PanelResult, stratum_labels, stratum_positions
from ._values import distinct_values
from .grouped import grouped_aggregate

if TYPE_CHECKING:
    from ..strata import Strata

__all__ = ["Histogram", "histogram", "bin_edges"]


def __getattr__(name: str) -> object:
    """``binning.box_stats`` / ``binning.BoxStats``: moved to :mod:`handyspark.stats.boxstats` (a FutureWarning)."""
    if name in ("box_stats", "BoxStats"):
        import warnings

        from . import boxstats

        warnings.warn(f"handyspark.stats.binning.{name} moved: import it from handyspark.stats.boxstats",
                      FutureWarning, stacklevel=2)
        return getattr(boxstats, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# ---------------------------------------------------------------------- bins
def bin_edges(lo: float | None, hi: float | None, bins: int, column: str | None = None) -> np.ndarray:
    """``bins + 1`` equal-width edges from ``lo`` to ``hi``, exactly as ``numpy.histogram`` makes them.

    A single value gets the range ``[v - 0.5, v + 0.5]``; no values at all ``[0, 1]``.
    An infinite range, and edges that do not increase (a range too narrow for the bins,
    e.g. a few subnormal numbers wide, or too wide for a double), raise
    :class:`ArgumentError` (naming ``column`` when given), as ``numpy.histogram`` refuses them.

    Examples
    --------
    >>> bin_edges(0, 10, 2)
    array([ 0.,  5., 10.])
    """
    if lo is None or hi is None:
        lo, hi = 0.0, 1.0
    lo, hi = float(lo), float(hi)
    of = "" if column is None else f" of column {column!r}"
    if not (np.isfinite(lo) and np.isfinite(hi)):
        raise ArgumentError(f"the range of the values{of}, [{lo}, {hi}], is not finite: cannot make bins of it")
    if lo == hi:
        lo, hi = lo - 0.5, hi + 0.5
    with np.errstate(over="ignore", invalid="ignore"):  # a range too wide raises below
        edges = np.linspace(lo, hi, bins + 1, endpoint=True)
    if np.any(edges[:-1] >= edges[1:]):  # numpy's test
        raise ArgumentError(
            f"too many bins for the data range{of}: cannot make {bins} finite-sized bins in [{lo}, {hi}]"
        )
    return edges


def _bin_index(x: Column, edges: np.ndarray) -> Column:
    """The bin of ``x`` (0-based, null when ``x`` is null) by the edges, or ``n`` for ``x`` on the last edge.

    ``x`` must lie within the edges; a value on the last edge may come out as ``n``, the
    number of bins: the caller counts it in bin ``n - 1`` (numpy's last bin is closed).

    Arithmetic alone can put a value near an edge in the next bin, so, as
    ``numpy.histogram``, a guess is corrected by comparing ``x`` with an edge.
    ``numpy.linspace`` makes edge ``i`` as ``i * step + lo``, and the edge is computed the
    same way per row (the same IEEE operations, so the same double). The guess is
    ``u = floor((x - lo) / step + 1/2)``: with ``x`` in bin ``t``, ``u`` is ``t`` or ``t + 1``
    as long as the arithmetic and the edges are off by less than half a bin, and the bin is
    ``u - 1`` where ``x`` lies below edge ``u``, else ``u``. A few cheap operations per row, a
    whole-number (bigint) result: Spark normalises floating-point grouping keys row by row.

    When the edges are too coarse for that (doubles near the range spaced wider than a
    64th of a bin, a step that is a subnormal number, or ``n * (hi - lo)`` beyond the
    double range) the bin is the number of inner edges at or below ``x``, counted per row
    (exact, and slower). ``numpy.histogram(values, n)`` itself strays from its edges when
    the step is subnormal; the counts here follow the edges, as
    ``numpy.histogram(values, edges)`` and ``numpy.histogram2d`` do.
    """
    n = len(edges) - 1
    lo, hi = float(edges[0]), float(edges[-1])
    step = (hi - lo) / n
    fine = np.spacing(max(abs(lo), abs(hi))) * 64 <= step  # edges within a 128th of a bin of their place
    if not (fine and step >= np.finfo(np.float64).tiny and np.isfinite(n * (hi - lo))):
        inner = F.from_json(F.lit(json.dumps([float(e) for e in edges[1:-1]])), "array<double>")
        return F.when(F.isnotnull(x), F.size(F.filter(inner, lambda edge: edge <= x)))
    # functions where they serve: each Column operator costs a classic session some ten Py4J calls
    guess = F.floor(F.try_multiply(F.try_subtract(x, F.lit(lo - step / 2)), F.lit(1 / step)))
    edge = F.try_add(F.try_multiply(guess, F.lit(step)), F.lit(lo))
    return F.when(x < edge, F.try_subtract(guess, F.lit(1))).otherwise(guess)


#: Up to this many bins a histogram counts the values below each inner edge in one aggregation
#: (no shuffle, a few comparisons per row); more bins are grouped by bin number.
_CUMULATIVE_BINS = 64


def _numeric_counts(x: Column, edges: np.ndarray) -> tuple[dict[str, Column], dict[str, Column] | None]:
    """Aggregates (and grouping, if any) whose results :func:`_bin_counts` turns into counts per bin."""
    bins = len(edges) - 1
    if bins <= _CUMULATIVE_BINS:
        # values in bins 0..i-1 are those below edge i: bins follow as differences
        below = {f"below_{i}": F.count_if(x < float(edges[i])) for i in range(1, bins)}
        return {**below, "present": F.count(x), "rows": F.count(F.lit(1))}, None
    return {"count": F.count(F.lit(1))}, {"bin": _bin_index(x, edges)}


def _bin_counts(table: pd.DataFrame, pos: np.ndarray, n_panels: int, bins: int) -> tuple[np.ndarray, np.ndarray]:
    """Counts per (panel, bin) and missing values per panel from the result of :func:`_numeric_counts`."""
    counts = np.zeros((n_panels, bins), dtype=np.int64)
    missing = np.zeros(n_panels, dtype=np.int64)
    if "present" in table:
        cumulative = table[[f"below_{i}" for i in range(1, bins)] + ["present"]].to_numpy(np.int64)
        counts[pos] = np.diff(cumulative, axis=1, prepend=0)
        missing[pos] = table["rows"].to_numpy(np.int64) - table["present"].to_numpy(np.int64)
        return counts, missing
    for p, b, c in zip(pos, table["bin"], table["count"]):
        if b is None or pd.isna(b):
            missing[p] += c
        else:
            counts[p, min(int(b), bins - 1)] += c
    return counts, missing


def _as_double(x: Column, dtype: T.DataType) -> Column:
    """``x``, of type ``dtype``, as doubles (as numpy bins it)."""
    return x if isinstance(dtype, T.DoubleType) else x.cast("double")


# ---------------------------------------------------------------------- histogram
@dataclass(eq=False)
class Histogram(PanelResult):
    """Counts per bin (numeric) or per value (categorical).

    Attributes
    ----------
    column : str
    kind : {'numeric', 'categorical'}
    counts : numpy.ndarray of int64
        One count per bin or category; with strata, shape ``(n_strata, n_bins)``.
    edges : numpy.ndarray or None
        Numeric: the ``n_bins + 1`` bin edges (shared by every stratum), as ``numpy.histogram``.
    categories : list or None
        Categorical: the values. Numbers and booleans in value order (``Pclass`` 1, 2, 3;
        ``False`` before ``True``), as ``value_counts().sort_index()``; other values (strings,
        dates) most frequent overall first, ties by value, as ``value_counts()``.
    missing : int or numpy.ndarray
        Null/NaN values left out (one per stratum with strata).
    """

    column: str
    kind: str
    counts: np.ndarray
    edges: np.ndarray | None = None
    categories: list | None = None
    missing: int | np.ndarray = 0

    def panel(self, i: int) -> Histogram:
        """The histogram of stratum ``i`` (itself without strata)."""
        if self.strata is None:
            return self
        missing = cast(np.ndarray, self.missing)  # one per stratum when stratified
        return replace(self, counts=self.counts[i], missing=int(missing[i]), strata=None, clauses=None)

    def to_frame(self) -> pd.DataFrame:
        """A pandas DataFrame: ``left, right, count`` per bin, or ``count`` per value; strata lead the index."""
        counts = np.atleast_2d(self.counts)
        if self.kind == "numeric":
            edges = cast(np.ndarray, self.edges)  # set for numeric histograms
            part = pd.DataFrame({"left": edges[:-1], "right": edges[1:]})
            inner, inner_name = list(range(len(part))), "bin"
        else:
            categories = cast(list, self.categories)  # set for categorical histograms
            part = pd.DataFrame(index=range(len(categories)))
            inner, inner_name = list(categories), self.column
        frames = [part.assign(count=row) for row in counts]
        out = pd.concat(frames, ignore_index=True) if frames else part.assign(count=np.zeros(len(part), np.int64))[:0]
        if self.strata is None:
            out.index = pd.Index(inner, name=inner_name)
        else:
            outer = [lab if isinstance(lab, tuple) else (lab,) for lab in self.strata for _ in inner]
            levels = [list(a) for a in zip(*outer)] if outer else [[] for _ in self.strata.names]
            arrays = levels + [inner * len(self.strata)]
            out.index = pd.MultiIndex.from_arrays(arrays, names=[*self.strata.names, inner_name])
        return out


def histogram(
    df: DataFrame,
    column: str,
    bins: int = 10,
    strata: Strata | None = None,
    kind: str | None = None,
    max_categories: int = 20,
    max_bars: int = 100,
) -> Histogram:
    """Histogram counts of one column, computed by Spark in two jobs (one for the range, one for the counts).

    Parameters
    ----------
    df : DataFrame
    column : str
    bins : int, default 10
        Numeric columns: the number of equal-width bins, as ``numpy.histogram(values, bins)``.
    strata : Strata, optional
        Counts per stratum, all in the same aggregation, on shared bins.
    kind : {'numeric', 'categorical'}, optional
        Forces the kind. By default string and boolean columns are categorical, float and
        decimal columns numeric, and integer columns categorical when they have at most
        ``max_categories`` distinct values (so ``Pclass`` gets one bar per class and
        ``PassengerId`` a histogram).
    max_categories : int, default 20
    max_bars : int, default 100
        A categorical column with more distinct values raises :class:`ArgumentError`.

    Returns
    -------
    Histogram

    Examples
    --------
    >>> h = histogram(df, "Fare", bins=10)
    >>> h.counts, h.edges
    (array([732, 106,  31,   2,  11,   6,   0,   0,   0,   3]), array([  0.     ,  51.23292, 102.46584, 153.69876, 204.93168, 256.1646 ,
           307.39752, 358.63044, 409.86336, 461.09628, 512.3292 ]))
    """
    check_orderable(df, [column], "a histogram")
    check_positive_int(bins, "bins")
    check_positive_int(max_categories, "max_categories")
    check_positive_int(max_bars, "max_bars")
    if kind not in (None, "numeric", "categorical"):
        raise ArgumentError(f"kind must be 'numeric', 'categorical' or None, got {kind!r}")
    dtype = field_types(df)[column]
    numeric = is_numeric(dtype)
    if kind == "numeric" and not numeric:
        raise ColumnTypeError(f"a numeric histogram needs a numeric column; {column!r} is {dtype.simpleString()}")
    x = values(df, column)
    want_range = numeric and kind != "categorical"
    want_distinct = kind == "categorical" or (kind is None and (not numeric or isinstance(dtype, INTEGRAL_TYPES)))
    aggs: dict[str, Column] = {}  # read by position: no aliases (each costs a classic session some ten Py4J calls)
    if want_range:
        aggs.update(lo=F.min(x), hi=F.max(x))
    counted = distinct_values(df, column)  # categories as value_counts counts them (-0.0 is 0.0)
    if want_distinct:
        aggs["n"] = F.count_distinct(counted)
    row = dict(zip(aggs, collect_aggregates(df.agg(*aggs.values()))[0]))
    if kind is None:
        kind = "categorical" if want_distinct and (not numeric or row["n"] <= max_categories) else "numeric"
    if kind == "numeric":
        edges = bin_edges(row["lo"], row["hi"], bins, column)
        aggs, by = _numeric_counts(_as_double(x, dtype), edges)
        table = grouped_aggregate(df, aggs, strata, by=by)
        keys, pos = stratum_positions(table, strata)
        counts, missing = _bin_counts(table, pos, len(keys), bins)
        categories = None
    else:
        if row["n"] > max_bars:
            raise ArgumentError(
                f"{column!r} has {row['n']} distinct values, more than max_bars={max_bars}; "
                f"pass max_bars={row['n']} to draw them all, or kind='numeric' for a numeric column"
            )
        table = grouped_aggregate(df, {"count": F.count(F.lit(1))}, strata, by={"value": counted})
        keys, pos = stratum_positions(table, strata)
        totals: dict = {}
        for v, c in zip(table["value"], table["count"]):
            if v is not None:
                totals[v] = totals.get(v, 0) + c
        by_value = numeric or isinstance(dtype, T.BooleanType)  # numbers and booleans read in their order
        categories = sorted(totals) if by_value else sorted(totals, key=lambda v: (-totals[v], v))
        where = {v: i for i, v in enumerate(categories)}
        counts = np.zeros((len(keys), len(categories)), dtype=np.int64)
        missing = np.zeros(len(keys), dtype=np.int64)
        for p, v, c in zip(pos, table["value"], table["count"]):
            if v is None:
                missing[p] += c
            else:
                counts[p, where[v]] += c
        edges = None
    labels, clauses = stratum_labels(strata, keys)
    if strata is None:
        return Histogram(column, kind, counts[0], edges, categories, int(missing[0]))
    return Histogram(column, kind, counts, edges, categories, missing, strata=labels, clauses=clauses)
