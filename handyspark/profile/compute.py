"""The Spark side of a profile: every figure of every column, per stratum, in at most four Spark jobs."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pyspark.sql.functions as F
from pyspark.sql import types as T

from .._compat import Column, DataFrame
from .._expressions import Instant, column, is_missing, mean_of, quantiles, values
from .._validation import (
    as_column_list,
    check_columns,
    check_positive_int,
    check_relative_error,
    field_types,
    is_floating,
    is_numeric,
)
from ..errors import ArgumentError
from ..stats._values import distinct_values
from ..stats.binning import bin_edges
from ..stats.descriptive import DEFAULT_RELATIVE_ERROR
from ..stats.grouped import grouped_aggregate
from ..stats.moments import _kurt, _skew
from ..strata import finite_values
from ._counts import histogram_counts, top_values
from ._pairs import pair_statistics, upper_pairs
from .result import QUANTILES, STATISTICS, Profile

if TYPE_CHECKING:
    from ..strata import Strata

__all__ = ["profile", "spearman_method", "APPROX_RSD", "SPARK_JOBS", "SPEARMAN_METHODS", "SPEARMAN_PAIRWISE_BUDGET"]

#: The ways Spearman's correlation may treat missing values (see :func:`profile`).
SPEARMAN_METHODS = ("auto", "pairwise", "ranks")

#: With ``spearman="auto"``, pairs with a missing side are ranked anew while the rows times those pairs
#: are at most this (about 15 s of ranking on two cores).
SPEARMAN_PAIRWISE_BUDGET = 10_000_000

#: Relative standard deviation of the HyperLogLog++ distinct counts of ``approx=True``.
APPROX_RSD = 0.05

#: The most Spark jobs a profile runs (without adaptive execution; see :func:`profile`).
SPARK_JOBS = 4

_UNORDERED = (T.ArrayType, T.MapType, T.StructType, T.BinaryType)


def _column_aggregates(df: DataFrame, name: str, approx: bool, relative_error: float) -> dict[str, Column]:
    """The aggregates of one column's figures, by figure name (those its type has)."""
    dtype = field_types(df)[name]
    x = values(df, name)
    out = {"count": F.count(x), "missing": F.count_if(is_missing(df, name))}
    if isinstance(dtype, _UNORDERED):
        return out
    if approx:  # exact counts come from the top-values job, at no cost
        out["distinct"] = F.approx_count_distinct(distinct_values(df, name), APPROX_RSD)
    if isinstance(dtype, T.TimestampType):  # an instant, the same in every time zone
        out.update(min=F.unix_micros(F.min(column(name))), max=F.unix_micros(F.max(column(name))))
    else:
        out.update(min=F.min(x), max=F.max(x))
    if is_numeric(dtype):
        finite = finite_values(df, name)
        out.update(mean=mean_of(df, name), std=F.stddev_samp(x), skew=_skew(x), kurt=_kurt(x),
                   zeros=F.count_if(x == 0), negatives=F.count_if(x < 0),
                   quantiles=quantiles(x, list(QUANTILES.values()), relative_error),
                   lo=F.min(finite).cast("double"), hi=F.max(finite).cast("double"))
        if is_floating(dtype):
            out["infinities"] = F.count_if(F.abs(x) == F.lit(float("inf")))
    if isinstance(dtype, T.StringType):
        length = F.length(x)
        out.update(len_min=F.min(length), len_mean=F.avg(length), len_max=F.max(length))
    return out


def _figures(cell: dict[str, Any], dtype: T.DataType, rows: int) -> dict[str, Any]:
    """One column's figures in one stratum, as :data:`STATISTICS` names them (None where they do not apply)."""
    out: dict[str, Any] = dict.fromkeys(STATISTICS)
    out.update(type=dtype.simpleString(), count=cell["count"], missing=cell["missing"],
               missing_ratio=cell["missing"] / rows if rows else math.nan)
    nan = math.nan
    for key in ("distinct", "min", "max", "len_min", "len_max"):
        if key in cell:
            out[key] = cell[key]
    if isinstance(dtype, T.TimestampType):
        out.update({k: None if cell[k] is None else Instant(cell[k]) for k in ("min", "max")})
    if is_numeric(dtype):
        for key in ("min", "max"):  # no values: NaN, as pandas
            out[key] = nan if cell[key] is None else cell[key]
        for key in ("mean", "std", "skew", "kurt"):
            out[key] = nan if cell[key] is None else float(cell[key])
        out.update(zeros=cell["zeros"], negatives=cell["negatives"], infinities=cell.get("infinities", 0))
        qs = cell["quantiles"] or [None] * len(QUANTILES)
        out.update({label: nan if q is None else float(q) for label, q in zip(QUANTILES, qs)})
    if isinstance(dtype, T.StringType):
        out["len_mean"] = nan if cell["len_mean"] is None else float(cell["len_mean"])
        out.update({k: nan if cell[k] is None else cell[k] for k in ("len_min", "len_max")})
    return out


def _matrix(flat: Sequence[Any], n: int) -> list[list[float]]:
    """A symmetric ``n`` x ``n`` matrix from its upper triangle, row by row (None is NaN); a defined
    diagonal value (a column with itself) is exactly 1, whatever the rounding of its sums."""
    matrix = [[math.nan] * n for _ in range(n)]
    for (a, b), value in zip(upper_pairs(n), flat):
        r = math.nan if value is None else float(value)
        matrix[a][b] = matrix[b][a] = 1.0 if a == b and not math.isnan(r) else r
    return matrix


def profile(
    df: DataFrame,
    columns: str | Sequence[str] | None = None,
    strata: Strata | None = None,
    *,
    k: int = 10,
    bins: int = 10,
    relativeError: float = DEFAULT_RELATIVE_ERROR,
    approx: bool = False,
    max_categories: int = 100,
    spearman: str = "auto",
) -> Profile:
    """Profile ``columns`` of ``df`` (all by default), per stratum, in at most four Spark jobs.

    1. one aggregation (no distinct aggregate) for the figures of
       :data:`~handyspark.profile.result.STATISTICS` and the rows;
    2. one for the histogram counts of the numeric columns, on ``bins`` equal-width bins between
       each column's finite minimum and maximum (job 1's), shared by every stratum: the bins of
       ``hist`` and ``numpy.histogram``;
    3. one for the ``k`` most frequent values of every column (ties by value), which also counts
       each column's distinct values and the distinct rows (for ``duplicates``), exactly;
    4. one for the Pearson correlations of the numeric columns (pairwise-complete sums of every pair,
       by numpy on each partition's rows), their Spearman correlations (average ranks by windows: a
       column without missing values ranked once, a pair with a missing side per pair, or every
       column ranked once: see ``spearman``) and Cramér's V
       of the string and boolean columns with at most ``max_categories`` distinct values
       (contingency tables, totals by windows).

    The number does not grow with the number of columns or strata (job 2 is left out without
    numeric columns, job 4 without numeric, string or boolean columns). With adaptive execution (Spark's default) Spark runs each shuffle's
    map stage as a job of its own: more jobs, still a fixed number. Only aggregates reach the
    driver: about ``k`` values per column and stratum, and a histogram and a correlation matrix.

    Parameters
    ----------
    df : DataFrame
    columns : str or list of str, optional
        The columns to profile (all by default); the frame figures are of these columns.
    strata : Strata, optional
    k : int, default 10
        Top values per column; a categorical histogram is these values plus ``"other"``.
    bins : int, default 10
        Bins of the numeric histograms.
    relativeError : float, default 1e-4
        The quantiles' bound, as :func:`~handyspark.stats.descriptive.percentile`: 0 is exact
        (linear interpolation, as numpy and pandas), otherwise a value of the data whose rank is
        within ``relativeError * n`` of the exact rank.
    approx : bool, default False
        Report distinct counts estimated by HyperLogLog++ (``approx_count_distinct``, in job 1) with
        relative standard deviation :data:`APPROX_RSD` (0.05, Spark's default: an estimate is off by
        more than 15% of the exact count about 3 times in 1,000), instead of the exact counts of job 3.
        The exact counts cost nothing beyond the top values, so this saves no work yet; it is there
        for sketch-based top values (a later part of the profile's issue).
    max_categories : int, default 100
        Cramér's V is computed between the string and boolean columns with at most this many distinct
        values in every stratum (as ydata-profiling's ``categorical_maximum_correlation_distinct``): a
        nearly unique column, such as a name, has a contingency table of about one cell per row and
        a V near 1 that says nothing.
    spearman : {'auto', 'pairwise', 'ranks'}, default 'auto'
        How Spearman's correlation treats missing values. ``'pairwise'``: each pair's rows where both
        are present are ranked anew, as pandas' ``df.corr(method="spearman")``; the work grows with
        the rows times the pairs with a missing side. ``'ranks'``: each column is ranked once among
        its present values and the ranks are correlated on the rows where both are present, as
        pandas' ``df.rank().corr()``, infinities missing; the work grows with the rows times the columns. Without missing
        values the two are equal. Both read an infinity as missing, as pandas' Spearman does. ``'auto'`` is ``'pairwise'`` while the rows times the numeric
        pairs with a missing side are at most :data:`SPEARMAN_PAIRWISE_BUDGET`, else ``'ranks'``.
        ``options["spearman"]`` records the method used.

    Examples
    --------
    >>> p = profile(df, ["Fare", "Sex"], relativeError=0)
    >>> fare, sex = p.stats[0]  # the figures of each column (of the one stratum), as plain Python values
    >>> fare["zeros"], fare["max"], sex["distinct"], sex["len_max"]
    (15, 512.3292, 2, 6)
    """
    names = list(df.columns) if columns is None else as_column_list(columns)
    check_columns(df, names)
    check_positive_int(k, "k")
    check_positive_int(bins, "bins")
    check_positive_int(max_categories, "max_categories")
    relativeError = check_relative_error(relativeError)
    if not isinstance(approx, bool):
        raise ArgumentError(f"approx must be True or False, got {approx!r}")
    if spearman not in SPEARMAN_METHODS:
        raise ArgumentError(f"spearman must be one of {list(SPEARMAN_METHODS)}, got {spearman!r}")
    types = field_types(df)
    numeric = [c for c in names if is_numeric(types[c])]
    countable = [c for c in names if not isinstance(types[c], _UNORDERED)]

    # job 1: every figure, the frame and the Pearson correlations
    aggs: dict[str, Column] = {}
    for j, name in enumerate(names):
        parts = _column_aggregates(df, name, approx, relativeError)
        aggs[f"c{j}"] = F.struct(*[expr.alias(key) for key, expr in parts.items()])
    aggs["rows"] = F.count(F.lit(1))
    table = grouped_aggregate(df, aggs, strata)
    key_names = strata.key_names if strata is not None else []
    records = table.to_dict("records")
    keys = [tuple(r[k] for k in key_names) for r in records]

    # job 2: histograms on edges shared by every stratum
    edges: dict[str, np.ndarray] = {}
    for j, name in enumerate(names):
        if name in numeric:
            edges[name] = _edges([r[f"c{j}"] for r in records], name, bins)
    binned = {c: e for c, e in edges.items() if len(e)}
    hist = histogram_counts(df, binned, strata) if binned and records else {}
    # job 3: top values, exact distinct counts, distinct rows
    groupable = bool(names) and not any(isinstance(types[c], T.MapType) for c in names)
    whole = F.struct(*[distinct_values(df, c).alias(f"f{j}") for j, c in enumerate(names)]) if groupable else None
    top = top_values(df, countable, strata, k, whole) if (countable or whole is not None) and records else {}
    # job 4: Pearson, Spearman and Cramér's V
    categorical = [c for c in names if isinstance(types[c], (T.StringType, T.BooleanType))
                   and all(t["distinct"].get(c, 0) <= max_categories for t in top.values())]
    minimums = [[r[f"c{names.index(c)}"].lo for r in records] for c in numeric]
    complete = [c for c in numeric if all(_ranks_whole(r[f"c{names.index(c)}"]) for r in records)]
    method = spearman_method(spearman, sum(int(r["rows"]) for r in records), len(numeric), len(complete))
    ranked = numeric if method == "ranks" else complete
    associations = pair_statistics(df, numeric, categorical, strata, keys, minimums, ranked) if records else {}
    return _assemble(names, types, strata, keys, records, hist, top, edges, numeric, categorical, associations,
                     options={"k": k, "bins": bins, "relativeError": relativeError, "approx": approx,
                              "max_categories": max_categories, "spearman": method},
                     groupable=groupable)


def _ranks_whole(cell: Any) -> bool:
    """Whether a numeric column's figures in a stratum say it has no missing or infinite value (Spearman
    reads an infinity as missing)."""
    return cell.missing == 0 and not (cell.asDict().get("infinities") or 0)


def spearman_method(spearman: str, rows: int, numeric: int, complete: int) -> str:
    """The Spearman method that ``spearman`` picks for ``rows`` rows, ``numeric`` numeric columns and
    ``complete`` of them without missing values: ``'pairwise'`` or ``'ranks'``.

    ``'auto'`` is ``'pairwise'`` while ``rows`` times the pairs (a column with itself included) with a
    missing side is at most :data:`SPEARMAN_PAIRWISE_BUDGET`, and without missing values, where the two
    are equal.

    Examples
    --------
    >>> spearman_method("auto", 891, 7, 6), spearman_method("auto", 2_000_000, 59, 0)
    ('pairwise', 'ranks')
    """
    if spearman != "auto":
        return spearman
    with_missing = numeric * (numeric + 1) // 2 - complete * (complete + 1) // 2
    return "pairwise" if rows * with_missing <= SPEARMAN_PAIRWISE_BUDGET else "ranks"


def _edges(cells: list[Any], name: str, bins: int) -> np.ndarray:
    """The histogram edges of a numeric column: ``bins`` equal-width bins over its finite values in every stratum."""
    los = [c.lo for c in cells if c is not None and c.lo is not None]
    his = [c.hi for c in cells if c is not None and c.hi is not None]
    try:
        return bin_edges(min(los) if los else None, max(his) if his else None, bins, name)
    except ArgumentError:  # a range too narrow for the bins: numpy refuses it too
        return np.array([])


def _assemble(names: list[str], types: dict[str, T.DataType], strata: Strata | None, keys: list[tuple],
              records: list[dict], hist: dict, top: dict, edges: dict[str, np.ndarray], numeric: list[str],
              categorical: list[str], associations: dict[tuple, dict[str, list[float]]], options: dict,
              groupable: bool) -> Profile:
    stats, tops, histograms, frames, pearson, ranks, cramer = [], [], [], [], [], [], []
    for key, record in zip(keys, records):
        rows = int(record["rows"])
        counted = top.get(key, {"top": {}, "distinct": {}, "rows": 0})
        frames.append({"rows": rows, "columns": len(names),
                       "duplicates": rows - counted["rows"] if groupable else None})
        figures = []
        for j, c in enumerate(names):
            cell = record[f"c{j}"].asDict()
            if not isinstance(types[c], _UNORDERED):
                cell.setdefault("distinct", counted["distinct"].get(c, 0))
            figures.append(_figures(cell, types[c], rows))
        stats.append(figures)
        top_here = [counted["top"].get(c, []) for c in names]
        tops.append(top_here)
        per_column: list[dict | None] = []
        for j, c in enumerate(names):
            if c in numeric:
                e = edges[c]
                counts = hist.get(key, {}).get(c, [0] * (len(e) - 1))
                per_column.append({"edges": e.tolist(), "counts": counts} if len(e) else None)
            elif isinstance(types[c], _UNORDERED):
                per_column.append(None)
            else:
                shown = sum(n for _, n in top_here[j])
                per_column.append({"values": [v for v, _ in top_here[j]], "counts": [n for _, n in top_here[j]],
                                   "other": figures[j]["count"] - shown})
        histograms.append(per_column)
        pairs = associations.get(key, {})
        pearson.append(_matrix(pairs.get("pearson", []), len(numeric)))
        ranks.append(_matrix(pairs.get("spearman", []), len(numeric)))
        cramer.append(_matrix(pairs.get("cramer", []), len(categorical)))
    return Profile(names=list(names), types=[types[c].simpleString() for c in names],
                   strata=None if strata is None else strata.to_json(), keys=[list(k) for k in keys],
                   frame=frames, stats=stats, top=tops, histograms=histograms, numeric=list(numeric),
                   pearson=pearson, spearman=ranks, categorical=list(categorical), cramer=cramer,
                   options=options)
