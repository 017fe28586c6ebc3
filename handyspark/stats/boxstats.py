"""Box-plot statistics computed by Spark: exact quartiles, Tukey whiskers and a bounded set of fliers."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyspark.sql.functions as F
from pyspark.sql import Window

from .._compat import Column, DataFrame
from .._expressions import quantiles, values
from .._validation import as_column_list, check_fraction, check_numeric, check_positive_int
from ..errors import ArgumentError
from ..safety import collect_aggregates
from ._panels import PanelResult, stratum_labels, stratum_positions
from .grouped import grouped_aggregate, with_strata_keys

if TYPE_CHECKING:
    from ..strata import Strata

__all__ = ["BoxStats", "box_stats"]


@dataclass(eq=False)
class BoxStats(PanelResult):
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
    keys, _ = stratum_positions(first, strata)
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
    labels, clauses = stratum_labels(strata, keys)
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
    cells, outside = [], []
    for i, col in enumerate(v):
        st = _per_stratum(strata, keys, lambda p, i=i: step(n_fliers[i][p])).cast("long")
        nn = _per_stratum(strata, keys, lambda p, i=i: n_fliers[i][p]).cast("long")
        cell = F.struct(F.lit(i).alias("i"), col.alias("v"), st.alias("step"), nn.alias("n"))
        outside.append((col < lo_col[i]) | (col > hi_col[i]))
        cells.append(F.when(outside[-1], cell))
    rows_with_fliers = data.where(reduce(lambda a, b: a | b, outside))  # a cheap row filter first
    long = rows_with_fliers.select(*key_cols, F.explode(F.array(*cells)).alias("c")).where(F.col("c").isNotNull())
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
