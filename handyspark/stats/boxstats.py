"""Box-plot statistics computed by Spark: exact quartiles, Tukey whiskers and a bounded set of fliers."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, SupportsFloat

import numpy as np
import pandas as pd
import pyspark.sql.functions as F
from pyspark.sql import Window
from pyspark.sql import types as T

from .._compat import Column, DataFrame
from .._expressions import column, nan_as_null
from .._validation import (
    as_column_list,
    check_numeric,
    check_positive_int,
    check_relative_error,
    field_types,
    is_floating,
)
from ..errors import ArgumentError
from ..safety import collect_aggregates
from ._panels import PanelResult, stratum_labels, stratum_positions
from .exact_quantiles import aggregate_with_quantiles
from .grouped import grouped_aggregate, per_stratum_doubles, per_stratum_value, with_strata_keys

if TYPE_CHECKING:
    from ..strata import Strata

__all__ = ["BoxStats", "box_stats"]


@dataclass(eq=False)
class BoxStats(PanelResult):
    """Box-plot statistics of one or more columns (per stratum).

    ``table`` has one row per column (strata first in the index when stratified) and
    the columns ``n`` (non-missing values), ``missing`` (null or NaN values, left out), ``mean``, ``q1``, ``median``, ``q3``,
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


def _double_values(name: str, dtype: T.DataType) -> Column:
    """Column ``name`` as doubles, NaN read as missing, built inline on a frame that holds it by that name.

    Inline, not an aliased projection: a filter or a generator over many aliased
    expressions makes Catalyst's constraint propagation exponential in their number.
    """
    x = nan_as_null(name) if is_floating(dtype) else column(name)
    return x if isinstance(dtype, T.DoubleType) else x.cast("double")


def box_stats(
    df: DataFrame,
    columns: str | Sequence[str],
    k: float = 1.5,
    strata: Strata | None = None,
    relativeError: float = 0.0,
    fliers: bool = True,
    max_fliers: int = 1000,
) -> BoxStats:
    """Quartiles, Tukey whiskers and fliers of numeric columns, in four Spark jobs (three without fliers).

    Exact quartiles (``relativeError=0``) take two bounded passes (see
    :func:`~handyspark.stats.exact_quantiles.aggregate_with_quantiles`); approximate ones one job less.

    Query planning grows linearly with the number of columns: no expression that
    mentions every column sits in a filter (see :func:`_fetch_fliers`).

    Parameters
    ----------
    df : DataFrame
    columns : str or list of str
    k : float, default 1.5
        The fences are ``q1 - k * IQR`` and ``q3 + k * IQR``.
    strata : Strata, optional
    relativeError : float, default 0 (exact)
        Quartiles are exact with linear interpolation (as numpy and matplotlib) by default;
        otherwise values of the data whose rank is within ``relativeError * n`` of the exact rank
        (see :func:`~handyspark._validation.check_relative_error` for the values allowed).
    fliers : bool, default True
        Whether to fetch flier values (their count is always computed).
    max_fliers : int, default 1000
        The most fliers fetched per column and stratum.

    Returns
    -------
    BoxStats
        A column without values (an empty frame, say) has ``n == 0`` and NaN statistics;
        a stratified frame without rows has an empty table (no strata).

    Examples
    --------
    >>> box_stats(df, ["Age", "Fare"]).table[["q1", "median", "q3"]]
               q1   median    q3
    Age   20.1250  28.0000  38.0
    Fare   7.9104  14.4542  31.0
    """
    names = as_column_list(columns)
    if not names:
        raise ArgumentError("box_stats needs at least one column")
    check_numeric(df, names, "box_stats")
    if isinstance(k, bool) or not isinstance(k, (int, float)) or not k >= 0:
        raise ArgumentError(f"k must be a non-negative number, got {k!r}")
    relativeError = check_relative_error(relativeError)
    check_positive_int(max_fliers, "max_fliers")
    types = field_types(df)
    data = with_strata_keys(df, strata, *[column(c) for c in dict.fromkeys(names)])
    v = [_double_values(c, types[c]) for c in names]
    aggs = {"rows": F.count(F.lit(1))}  # missing values are the rows less the values counted
    for i, col in enumerate(v):
        aggs.update({f"n{i}": F.count(col), f"mean{i}": F.avg(col)})
    cells = {f"q{i}": (col, [0.25, 0.5, 0.75]) for i, col in enumerate(v)}
    first = aggregate_with_quantiles(data, aggs, cells, strata, relativeError=relativeError, keyed=True,
                                     labels=dict(zip(cells, names)))
    keys, _ = stratum_positions(first, strata)
    if strata is not None and not keys:  # a stratified frame without rows: no strata (unstratified: one key, ())
        return _no_strata(names, strata, float(k))
    quart = [[(None, None, None) if q is None else tuple(q) for q in first[f"q{i}"]] for i in range(len(names))]
    low = [[None if q[0] is None else q[0] - k * (q[2] - q[0]) for q in qs] for qs in quart]
    high = [[None if q[0] is None else q[2] + k * (q[2] - q[0]) for q in qs] for qs in quart]
    # every column's fences of the row's stratum in one array: one lookup per row, not two per column
    bounds = per_stratum_doubles(df, strata, keys, [[side[i][p] for i in range(len(names)) for side in (low, high)]
                                                    for p in range(len(keys))],
                                 hashes=list(first["__hash"]) if strata is not None else None)
    lo_col = [bounds[2 * i] for i in range(len(names))]
    hi_col = [bounds[2 * i + 1] for i in range(len(names))]
    aggs = {}
    for i, col in enumerate(v):
        outside = (col < lo_col[i]) | (col > hi_col[i])
        aggs.update({f"lo{i}": F.min(F.when(col >= lo_col[i], col)), f"hi{i}": F.max(F.when(col <= hi_col[i], col)),
                     f"f{i}": F.count_if(outside)})
    second = grouped_aggregate(data, aggs, strata, keyed=True)
    second = second.reset_index(drop=True)  # the same groups, in the same order, as ``first``
    n_fliers = [[int(0 if pd.isna(f) else f) for f in second[f"f{i}"]] for i in range(len(names))]
    fetched = _fetch_fliers(df, data, v, strata, keys, lo_col, hi_col, n_fliers, max_fliers) if fliers else {}

    records, index = [], []
    for p, key in enumerate(keys):
        for i, name in enumerate(names):
            q1, med, q3 = quart[i][p]
            lo, hi = second[f"lo{i}"].iloc[p], second[f"hi{i}"].iloc[p]
            found = np.sort(np.asarray(fetched.get((p, i), []), dtype=float))
            records.append({
                "n": int(first[f"n{i}"].iloc[p]), "missing": int(first["rows"].iloc[p] - first[f"n{i}"].iloc[p]),
                "mean": _num(first[f"mean{i}"].iloc[p]),
                "q1": _num(q1), "median": _num(med), "q3": _num(q3),
                "whislo": _num(None if q1 is None else min(q1, q1 if pd.isna(lo) else lo)),
                "whishi": _num(None if q3 is None else max(q3, q3 if pd.isna(hi) else hi)),
                "n_fliers": n_fliers[i][p], "fliers": found, "truncated": len(found) < n_fliers[i][p],
            })
            index.append((*key, name))
    table = pd.DataFrame.from_records(records, columns=_COLUMNS)
    labels, clauses = stratum_labels(strata, keys)
    if strata is None:
        table.index = pd.Index(names)
        return BoxStats(table, float(k))
    table.index = _strata_index(labels, names)
    return BoxStats(table, float(k), strata=labels, clauses=clauses)


_COLUMNS = ["n", "missing", "mean", "q1", "median", "q3", "whislo", "whishi", "n_fliers", "fliers", "truncated"]


def _strata_index(labels: pd.Index, names: list[str]) -> pd.MultiIndex:
    outer = [lab if isinstance(lab, tuple) else (lab,) for lab in labels for _ in names]
    arrays = [list(a) for a in zip(*outer)] if outer else [[] for _ in labels.names]
    return pd.MultiIndex.from_arrays([*arrays, names * len(labels)], names=[*labels.names, None])


def _no_strata(names: list[str], strata: Strata, k: float) -> BoxStats:
    labels = strata.index([])
    table = pd.DataFrame({c: [] for c in _COLUMNS})
    table.index = _strata_index(labels, names)
    return BoxStats(table, k, strata=labels, clauses=())


def _num(v: SupportsFloat | None) -> float:
    return np.nan if v is None or pd.isna(v) else float(v)


def _fetch_fliers(df, data, v, strata, keys, lo_col, hi_col, n_fliers, max_fliers) -> dict:
    """Fetch at most ``max_fliers`` fliers per column and stratum (one job): evenly spaced ranks, both ends kept.

    Each row becomes one cell per column, null unless the value is a flier, and only
    the fliers are kept, after the ``explode``: a row filter ``outside_0 or outside_1 or ...``
    would be pushed below any projection that defines the columns (a ``fill``, a
    ``withColumns``), where Catalyst derives one constraint per subset of the columns the
    projection defines (2^16 of them for 16 columns).
    """
    if not any(n for per in n_fliers for n in per):
        return {}
    m = max_fliers

    def step(n: int) -> int:
        return 1 if n <= m else (n if m == 1 else math.ceil((n - 1) / (m - 1)))

    key_cols = strata.key_names if strata is not None else []
    cells = []
    for i, col in enumerate(v):
        outside = (col < lo_col[i]) | (col > hi_col[i])
        cells.append(F.when(outside, F.struct(F.lit(i).alias("i"), col.alias("v"))))
    long = data.select(*key_cols, F.explode(F.array(*cells)).alias("c"))
    long = long.where(F.col("c").isNotNull()).select(*key_cols, "c.i", "c.v")
    steps = [[step(n) for n in per] for per in n_fliers]
    st = per_stratum_value(df, strata, keys, steps, T.LongType(), extra=F.col("i"))
    nn = per_stratum_value(df, strata, keys, n_fliers, T.LongType(), extra=F.col("i"))
    rn = F.row_number().over(Window.partitionBy(*key_cols, "i").orderBy("v"))
    long = long.withColumn("rn", rn)
    keep = ((F.col("rn") - 1) % st == 0) | ((F.col("rn") == nn) & F.lit(m > 1))
    rows = collect_aggregates(long.where(keep).select(*key_cols, "i", "v"))
    where = {key: p for p, key in enumerate(keys)}
    out: dict = {}
    for r in rows:
        key = tuple(r[c] for c in key_cols)
        out.setdefault((where[key], r["i"]), []).append(r["v"])
    return out
