"""The numbers behind the plots: histograms, box statistics and binned scatter counts.

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
numpy's exactly. With strata the edges come from the whole column, so every
stratum shares them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import reduce
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyspark.sql.functions as F
from pyspark.sql import Window

from .._compat import Column, DataFrame
from .._expressions import is_missing, quantiles, values
from .._validation import (
    INTEGRAL_TYPES,
    as_column_list,
    check_columns,
    check_fraction,
    check_numeric,
    check_positive_int,
    field_types,
    is_numeric,
)
from ..errors import ArgumentError, ColumnTypeError
from ..safety import collect_aggregates
from .grouped import grouped_aggregate, with_strata_keys

if TYPE_CHECKING:
    from ..strata import Strata

__all__ = ["Histogram", "BoxStats", "ScatterCounts", "histogram", "box_stats", "scatter_counts", "bin_edges"]


# ---------------------------------------------------------------------- shared pieces
def bin_edges(lo: float | None, hi: float | None, bins: int) -> np.ndarray:
    """``bins + 1`` equal-width edges from ``lo`` to ``hi``, exactly as ``numpy.histogram`` makes them.

    A single value gets the range ``[v - 0.5, v + 0.5]``; no values at all ``[0, 1]``.

    Examples
    --------
    >>> bin_edges(0, 10, 2)
    array([ 0.,  5., 10.])
    """
    if lo is None or hi is None:
        lo, hi = 0.0, 1.0
    lo, hi = float(lo), float(hi)
    if lo == hi:
        lo, hi = lo - 0.5, hi + 0.5
    return np.linspace(lo, hi, bins + 1, endpoint=True)


def _bin_index(x: Column, edges: np.ndarray) -> Column:
    """The bin of ``x`` (0-based; null when ``x`` is null or outside the edges), as numpy computes it.

    A first guess from the arithmetic is corrected by one by comparing with the edge values.
    """
    n = len(edges) - 1
    lo, hi = float(edges[0]), float(edges[-1])
    table = F.array(*[F.lit(float(e)) for e in edges])
    guess = F.floor((x - F.lit(lo)) / F.lit(hi - lo) * F.lit(float(n))).cast("int")
    guess = F.least(F.greatest(guess, F.lit(0)), F.lit(n - 1))
    index = (
        F.when(x < F.element_at(table, guess + 1), guess - 1)
        .when((x >= F.element_at(table, guess + 2)) & (guess < n - 1), guess + 1)
        .otherwise(guess)
    )
    return F.when((x >= F.lit(lo)) & (x <= F.lit(hi)), index)


def _positions(table: pd.DataFrame, strata: Strata | None) -> tuple[list[tuple], np.ndarray]:
    """The distinct raw stratum keys of a grouped result (in order) and each row's stratum position."""
    if strata is None:
        return [()], np.zeros(len(table), dtype=int)
    raw = list(table[strata.key_names].itertuples(index=False, name=None))
    order: dict[tuple, int] = {}
    pos = np.array([order.setdefault(k, len(order)) for k in raw], dtype=int)
    return list(order), pos


def _labels(strata: Strata | None, keys: list[tuple]) -> tuple[pd.Index | None, tuple[str, ...] | None]:
    if strata is None:
        return None, None
    return strata.index(keys), tuple(strata.clause(k) for k in keys)


@dataclass(eq=False)
class _Panels:
    strata: pd.Index | None = field(default=None, kw_only=True)
    clauses: tuple[str, ...] | None = field(default=None, kw_only=True)

    @property
    def n_panels(self) -> int:
        """The number of strata (1 without strata)."""
        return 1 if self.strata is None else len(self.strata)

    def title(self, i: int) -> str:
        """A short title for stratum ``i``, e.g. ``Sex = male, Age in [0.42, 40.21)``."""
        if self.strata is None:
            return ""
        label = self.strata[i]
        parts = label if isinstance(label, tuple) else (label,)
        return ", ".join(_show_level(name, v) for name, v in zip(self.strata.names, parts))


def _show_level(name: str, value: object) -> str:
    if isinstance(value, pd.Interval):
        close = "]" if value.closed == "both" else ")"
        return f"{name} in [{value.left:.4g}, {value.right:.4g}{close}"
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return f"{name} is null"
    return f"{name} = {value}"


# ---------------------------------------------------------------------- histogram
@dataclass(eq=False)
class Histogram(_Panels):
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
        Categorical: the values, most frequent overall first (ties by value), as ``value_counts``.
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
        return replace(self, counts=self.counts[i], missing=int(self.missing[i]), strata=None, clauses=None)

    def to_frame(self) -> pd.DataFrame:
        """A pandas DataFrame: ``left, right, count`` per bin, or ``count`` per value; strata lead the index."""
        counts = np.atleast_2d(self.counts)
        if self.kind == "numeric":
            part = pd.DataFrame({"left": self.edges[:-1], "right": self.edges[1:]})
            inner, inner_name = list(range(len(part))), "bin"
        else:
            part = pd.DataFrame(index=range(len(self.categories)))
            inner, inner_name = list(self.categories), self.column
        frames = [part.assign(count=row) for row in counts]
        out = pd.concat(frames, ignore_index=True)
        if self.strata is None:
            out.index = pd.Index(inner, name=inner_name)
        else:
            outer = [lab if isinstance(lab, tuple) else (lab,) for lab in self.strata for _ in inner]
            arrays = [list(a) for a in zip(*outer)] + [inner * len(self.strata)]
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
    >>> h = histogram(df, "Fare", bins=10)  # doctest: +SKIP
    >>> h.counts, h.edges  # doctest: +SKIP
    """
    check_columns(df, [column])
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
    aggs = []
    if want_range:
        aggs += [F.min(x).alias("lo"), F.max(x).alias("hi")]
    if want_distinct:
        aggs.append(F.count_distinct(x).alias("n"))
    row = collect_aggregates(df.agg(*aggs))[0]
    if kind is None:
        kind = "categorical" if want_distinct and (not numeric or row["n"] <= max_categories) else "numeric"
    if kind == "numeric":
        edges = bin_edges(row["lo"], row["hi"], bins)
        index = _bin_index(x.cast("double"), edges)
        table = grouped_aggregate(df, {"count": F.count(F.lit(1))}, strata, by={"bin": index})
        keys, pos = _positions(table, strata)
        counts = np.zeros((len(keys), bins), dtype=np.int64)
        missing = np.zeros(len(keys), dtype=np.int64)
        for p, b, c in zip(pos, table["bin"], table["count"]):
            if b is None or pd.isna(b):
                missing[p] += c
            else:
                counts[p, int(b)] += c
        categories = None
    else:
        if row["n"] > max_bars:
            raise ArgumentError(
                f"{column!r} has {row['n']} distinct values, more than max_bars={max_bars}; "
                f"pass max_bars={row['n']} to draw them all, or kind='numeric' for a numeric column"
            )
        table = grouped_aggregate(df, {"count": F.count(F.lit(1))}, strata, by={"value": x})
        keys, pos = _positions(table, strata)
        totals: dict = {}
        for v, c in zip(table["value"], table["count"]):
            if v is not None:
                totals[v] = totals.get(v, 0) + c
        categories = sorted(totals, key=lambda v: (-totals[v], v))
        where = {v: i for i, v in enumerate(categories)}
        counts = np.zeros((len(keys), len(categories)), dtype=np.int64)
        missing = np.zeros(len(keys), dtype=np.int64)
        for p, v, c in zip(pos, table["value"], table["count"]):
            if v is None:
                missing[p] += c
            else:
                counts[p, where[v]] += c
        edges = None
    labels, clauses = _labels(strata, keys)
    if strata is None:
        return Histogram(column, kind, counts[0], edges, categories, int(missing[0]))
    return Histogram(column, kind, counts, edges, categories, missing, strata=labels, clauses=clauses)


# ---------------------------------------------------------------------- box statistics
@dataclass(eq=False)
class BoxStats(_Panels):
    """Box-plot statistics of one or more columns (per stratum).

    ``table`` has one row per column (strata first in the index when stratified) and
    the columns ``n`` (non-missing values), ``mean``, ``q1``, ``median``, ``q3``,
    ``whislo``, ``whishi`` (the most extreme values inside the fences
    ``[q1 - k*IQR, q3 + k*IQR]``, never inside the box, as matplotlib),
    ``n_fliers`` (values outside the fences), ``fliers`` (a numpy array of at most
    ``max_fliers`` of them, evenly spread over their sorted order, both extremes
    included) and ``truncated`` (whether some fliers were left out).
    """

    table: pd.DataFrame
    k: float = 1.5

    def panel(self, i: int) -> BoxStats:
        """The statistics of stratum ``i`` (itself without strata)."""
        if self.strata is None:
            return self
        per = len(self.table) // len(self.strata)
        part = self.table.iloc[i * per:(i + 1) * per]
        part.index = part.index.get_level_values(-1)
        return BoxStats(part, self.k)

    def to_bxp(self) -> list[dict]:
        """The statistics of an unstratified result as the dicts ``Axes.bxp`` draws."""
        if self.strata is not None:
            raise ArgumentError("to_bxp() draws one panel: call panel(i).to_bxp()")
        keys = {"mean": "mean", "q1": "q1", "median": "med", "q3": "q3", "whislo": "whislo", "whishi": "whishi"}
        return [
            {**{mk: float(r[k]) for k, mk in keys.items()}, "fliers": r["fliers"], "label": str(name)}
            for name, r in self.table.iterrows()
        ]


def _per_stratum(strata: Strata | None, keys: list[tuple], value_of) -> Column:
    """A CASE expression over the stratum key columns giving ``value_of(position)`` in each stratum."""
    def lit(v):
        return F.lit(None).cast("double") if v is None or not np.isfinite(v) else F.lit(float(v))

    if strata is None:
        return lit(value_of(0))
    expr = None
    for p, raw in enumerate(keys):
        cond = reduce(lambda a, b: a & b, [F.col(n).eqNullSafe(F.lit(r)) for n, r in zip(strata.key_names, raw)])
        expr = F.when(cond, lit(value_of(p))) if expr is None else expr.when(cond, lit(value_of(p)))
    return expr


def box_stats(
    df: DataFrame,
    columns: str | Sequence[str],
    k: float = 1.5,
    strata: Strata | None = None,
    relativeError: float = 0.0,
    fliers: bool = True,
    max_fliers: int = 1000,
) -> BoxStats:
    """Quartiles, Tukey whiskers and fliers of numeric columns, in three Spark jobs (two without fliers).

    Parameters
    ----------
    df : DataFrame
    columns : str or list of str
    k : float, default 1.5
        The fences are ``q1 - k * IQR`` and ``q3 + k * IQR``.
    strata : Strata, optional
    relativeError : float, default 0 (exact)
        Quartiles are exact with linear interpolation (as numpy and matplotlib) by default;
        otherwise values of the data whose rank is within ``relativeError * n`` of the exact rank.
    fliers : bool, default True
        Whether to fetch flier values (their count is always computed).
    max_fliers : int, default 1000
        The most fliers fetched per column and stratum.

    Examples
    --------
    >>> box_stats(df, ["Age", "Fare"]).table[["q1", "median", "q3"]]  # doctest: +SKIP
    """
    names = as_column_list(columns)
    if not names:
        raise ArgumentError("box_stats needs at least one column")
    check_numeric(df, names, "box_stats")
    if isinstance(k, bool) or not isinstance(k, (int, float)) or not k >= 0:
        raise ArgumentError(f"k must be a non-negative number, got {k!r}")
    relativeError = check_fraction(relativeError, "relativeError")
    check_positive_int(max_fliers, "max_fliers")
    data = with_strata_keys(df, strata, *[values(df, c).cast("double").alias(f"v{i}") for i, c in enumerate(names)])
    v = [F.col(f"v{i}") for i in range(len(names))]
    aggs = {}
    for i, col in enumerate(v):
        aggs.update({f"n{i}": F.count(col), f"mean{i}": F.avg(col), f"q{i}": quantiles(col, [0.25, 0.5, 0.75],
                                                                                          relativeError)})
    first = grouped_aggregate(data, aggs, strata, keyed=True)
    keys, _ = _positions(first, strata)
    quart = [[(None, None, None) if q is None else tuple(q) for q in first[f"q{i}"]] for i in range(len(names))]
    low = [[np.nan if q[0] is None else q[0] - k * (q[2] - q[0]) for q in qs] for qs in quart]
    high = [[np.nan if q[0] is None else q[2] + k * (q[2] - q[0]) for q in qs] for qs in quart]
    lo_col = [_per_stratum(strata, keys, lambda p, i=i: low[i][p]) for i in range(len(names))]
    hi_col = [_per_stratum(strata, keys, lambda p, i=i: high[i][p]) for i in range(len(names))]
    aggs = {}
    for i, col in enumerate(v):
        outside = (col < lo_col[i]) | (col > hi_col[i])
        aggs.update({f"lo{i}": F.min(F.when(col >= lo_col[i], col)), f"hi{i}": F.max(F.when(col <= hi_col[i], col)),
                     f"f{i}": F.count(F.when(outside, F.lit(1)))})
    second = grouped_aggregate(data, aggs, strata, keyed=True)
    second = second.reset_index(drop=True)  # the same groups, in the same order, as ``first``
    n_fliers = [[int(0 if pd.isna(f) else f) for f in second[f"f{i}"]] for i in range(len(names))]
    fetched = _fetch_fliers(data, v, strata, keys, lo_col, hi_col, n_fliers, max_fliers) if fliers else {}

    records, index = [], []
    for p, key in enumerate(keys):
        for i, name in enumerate(names):
            q1, med, q3 = quart[i][p]
            lo, hi = second[f"lo{i}"].iloc[p], second[f"hi{i}"].iloc[p]
            found = np.sort(np.asarray(fetched.get((p, i), []), dtype=float))
            records.append({
                "n": int(first[f"n{i}"].iloc[p]), "mean": _num(first[f"mean{i}"].iloc[p]),
                "q1": _num(q1), "median": _num(med), "q3": _num(q3),
                "whislo": _num(None if q1 is None else min(q1, q1 if pd.isna(lo) else lo)),
                "whishi": _num(None if q3 is None else max(q3, q3 if pd.isna(hi) else hi)),
                "n_fliers": n_fliers[i][p], "fliers": found, "truncated": len(found) < n_fliers[i][p],
            })
            index.append((*key, name))
    table = pd.DataFrame.from_records(records)
    labels, clauses = _labels(strata, keys)
    if strata is None:
        table.index = pd.Index(names)
        return BoxStats(table, float(k))
    outer = [lab if isinstance(lab, tuple) else (lab,) for lab in labels for _ in names]
    arrays = [list(a) for a in zip(*outer)] + [names * len(keys)]
    table.index = pd.MultiIndex.from_arrays(arrays, names=[*labels.names, None])
    return BoxStats(table, float(k), strata=labels, clauses=clauses)


def _num(v: object) -> float:
    return np.nan if v is None or pd.isna(v) else float(v)


def _fetch_fliers(data, v, strata, keys, lo_col, hi_col, n_fliers, max_fliers) -> dict:
    """Fetch at most ``max_fliers`` fliers per column and stratum (one job): evenly spaced ranks, both ends kept."""
    if not any(n for per in n_fliers for n in per):
        return {}
    m = max_fliers

    def step(n: int) -> int:
        return 1 if n <= m else (n if m == 1 else math.ceil((n - 1) / (m - 1)))

    key_cols = strata.key_names if strata is not None else []
    cells = []
    for i, col in enumerate(v):
        st = _per_stratum(strata, keys, lambda p, i=i: step(n_fliers[i][p])).cast("long")
        nn = _per_stratum(strata, keys, lambda p, i=i: n_fliers[i][p]).cast("long")
        cell = F.struct(F.lit(i).alias("i"), col.alias("v"), st.alias("step"), nn.alias("n"))
        cells.append(F.when((col < lo_col[i]) | (col > hi_col[i]), cell))
    long = data.select(*key_cols, F.explode(F.filter(F.array(*cells), lambda c: c.isNotNull())).alias("c"))
    long = long.select(*key_cols, "c.i", "c.v", "c.step", "c.n")
    rn = F.row_number().over(Window.partitionBy(*key_cols, "i").orderBy("v"))
    long = long.withColumn("rn", rn)
    keep = ((F.col("rn") - 1) % F.col("step") == 0) | ((F.col("rn") == F.col("n")) & F.lit(m > 1))
    rows = collect_aggregates(long.where(keep).select(*key_cols, "i", "v"))
    where = {key: p for p, key in enumerate(keys)}
    out: dict = {}
    for r in rows:
        key = tuple(r[c] for c in key_cols)
        out.setdefault((where[key], r["i"]), []).append(r["v"])
    return out


# ---------------------------------------------------------------------- binned scatter
@dataclass(eq=False)
class ScatterCounts(_Panels):
    """Counts of rows per non-empty (x bin, y bin) cell, as ``numpy.histogram2d`` on rows where both are present.

    Attributes
    ----------
    x, y : str
    x_edges, y_edges : numpy.ndarray
        Shared by every stratum.
    cells : pandas.DataFrame
        One row per non-empty cell: ``ix, iy`` (bin numbers), ``x, y`` (cell centres), ``count``,
        and ``stratum`` (the position in ``strata``) when stratified.
    missing : int or numpy.ndarray
        Rows left out because x or y is missing (one per stratum with strata).
    """

    x: str
    y: str
    x_edges: np.ndarray
    y_edges: np.ndarray
    cells: pd.DataFrame
    missing: int | np.ndarray = 0

    @property
    def counts(self) -> np.ndarray:
        """Dense counts, shape ``(n_x_bins, n_y_bins)`` as ``numpy.histogram2d``; strata first when stratified."""
        shape = (len(self.x_edges) - 1, len(self.y_edges) - 1)
        out = np.zeros((self.n_panels, *shape), dtype=np.int64)
        strat = self.cells["stratum"] if self.strata is not None else np.zeros(len(self.cells), dtype=int)
        out[np.asarray(strat, dtype=int), self.cells["ix"].to_numpy(int), self.cells["iy"].to_numpy(int)] = (
            self.cells["count"].to_numpy())
        return out if self.strata is not None else out[0]

    def panel(self, i: int) -> ScatterCounts:
        """The cells of stratum ``i`` (itself without strata)."""
        if self.strata is None:
            return self
        part = self.cells[self.cells["stratum"] == i].drop(columns="stratum").reset_index(drop=True)
        return replace(self, cells=part, missing=int(self.missing[i]), strata=None, clauses=None)


def _bins_pair(bins: int | Sequence[int]) -> tuple[int, int]:
    if isinstance(bins, int) and not isinstance(bins, bool):
        return check_positive_int(bins, "bins"), bins
    pair = list(bins) if isinstance(bins, (list, tuple)) else []
    if len(pair) != 2:
        raise ArgumentError(f"bins must be a positive integer or a pair of them, got {bins!r}")
    return check_positive_int(pair[0], "bins[0]"), check_positive_int(pair[1], "bins[1]")


def scatter_counts(
    df: DataFrame,
    x: str,
    y: str,
    bins: int | Sequence[int] = 30,
    strata: Strata | None = None,
) -> ScatterCounts:
    """Exact counts of rows per (x bin, y bin) cell, in two Spark jobs (range, then counts); no sampling.

    Examples
    --------
    >>> sc = scatter_counts(df, "Fare", "Age", bins=30)  # doctest: +SKIP
    >>> sc.counts.shape  # doctest: +SKIP
    (30, 30)
    """
    check_numeric(df, [x, y], "scatter_counts")
    nx, ny = _bins_pair(bins)
    xv, yv = values(df, x).cast("double"), values(df, y).cast("double")
    present = ~is_missing(df, x) & ~is_missing(df, y)
    both = [F.when(present, c) for c in (xv, yv)]
    row = collect_aggregates(df.agg(*[f(c) for c in both for f in (F.min, F.max)]))[0]
    x_edges, y_edges = bin_edges(row[0], row[1], nx), bin_edges(row[2], row[3], ny)
    by = {"ix": _bin_index(both[0], x_edges), "iy": _bin_index(both[1], y_edges)}
    table = grouped_aggregate(df, {"count": F.count(F.lit(1))}, strata, by=by)
    keys, pos = _positions(table, strata)
    empty = table["ix"].isna().to_numpy()
    missing = np.bincount(pos[empty], weights=table["count"].to_numpy()[empty], minlength=len(keys)).astype(np.int64)
    cells = pd.DataFrame({
        "ix": table["ix"][~empty].astype(int).to_numpy(), "iy": table["iy"][~empty].astype(int).to_numpy(),
        "count": table["count"][~empty].astype(np.int64).to_numpy(),
    })
    cells.insert(2, "x", (x_edges[cells["ix"]] + x_edges[cells["ix"] + 1]) / 2)
    cells.insert(3, "y", (y_edges[cells["iy"]] + y_edges[cells["iy"] + 1]) / 2)
    labels, clauses = _labels(strata, keys)
    if strata is None:
        return ScatterCounts(x, y, x_edges, y_edges, cells, int(missing[0]))
    cells.insert(0, "stratum", pos[~empty])
    return ScatterCounts(x, y, x_edges, y_edges, cells, missing, strata=labels, clauses=clauses)
