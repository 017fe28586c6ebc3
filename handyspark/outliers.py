"""Outliers: Tukey's fences per column, and the Mahalanobis distance across columns.

:func:`tukey_outliers` counts, per numeric column (and stratum), the values
outside ``[Q1 - k·IQR, Q3 + k·IQR]`` in three Spark jobs whatever the number of
columns and strata: two for exact quartiles (bounded passes, see
:func:`~handyspark.stats.exact_quantiles.aggregate_with_quantiles`; one for approximate
ones), one for the counts.

:func:`mahalanobis_split` splits the rows by their squared Mahalanobis distance
from the mean, against the chi-square critical value with as many degrees of
freedom as columns. The chi-square law of that distance holds when the columns
are (roughly) multivariate normal; on skewed data (Fare, say) many ordinary rows
exceed the critical value. Means and covariances come from one Spark aggregation;
the covariance is inverted on the driver.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyspark.sql.functions as F

from ._compat import Column, DataFrame
from ._expressions import values as present
from ._validation import as_column_list, check_columns, check_numeric, check_relative_error, field_types, is_floating
from .errors import ArgumentError
from .fencing import check_k, tukey_fences
from .safety import collect_aggregates
from .stats.descriptive import shape_result
from .stats.exact_quantiles import aggregate_with_quantiles
from .stats.grouped import grouped_aggregate, per_stratum_doubles, with_strata_keys
from .strata import Strata

__all__ = ["tukey_outliers", "mahalanobis_split", "mahalanobis_critical_value"]


def tukey_outliers(
    df: DataFrame,
    columns: Sequence[str],
    *,
    k: float = 1.5,
    ratio: bool = False,
    relativeError: float = 0.0,
    strata: Strata | None = None,
) -> pd.Series:
    """Per numeric column, how many values lie outside Tukey's fences (three Spark jobs in all; two if approximate).

    Parameters
    ----------
    df : DataFrame
        The data (never collected).
    columns : list of str
        Numeric columns.
    k : float, default 1.5
        How many interquartile ranges beyond the quartiles the fences lie.
    ratio : bool, default False
        Fractions of the rows (missing values count as inliers) instead of counts; NaN
        for a frame (or stratum) without rows, as pandas' mean of nothing.
    relativeError : float, default 0
        0: exact quartiles; otherwise approximate ones (see :mod:`handyspark.fencing`), down
        to ``1 / (2**31 - 1)`` (see :func:`~handyspark._validation.check_relative_error`).
    strata : Strata, optional
        Fences and counts per stratum; the strata become leading index levels.

    Returns
    -------
    pandas.Series
        Named ``outliers`` (int counts) or ``outliers(ratio)`` (floats), indexed by column.

    Examples
    --------
    >>> tukey_outliers(df, ["Age", "Fare"], k=3.0)
    Age      0
    Fare    53
    Name: outliers, dtype: int64
    """
    names = as_column_list(columns)
    if not names:
        raise ArgumentError("outliers needs at least one numeric column")
    k = check_k(k)
    relativeError = check_relative_error(relativeError)
    check_columns(df, names + (strata.names if strata is not None else []))
    check_numeric(df, names, "outliers")

    cells = {f"q{i}": (present(df, c), [0.25, 0.75]) for i, c in enumerate(names)}
    quartiles = aggregate_with_quantiles(df, {}, cells, strata, relativeError=relativeError,
                                        labels=dict(zip(cells, names)))
    key_rows = (
        [tuple(r) for r in quartiles[strata.key_names].itertuples(index=False, name=None)]
        if strata is not None
        else [()]
    )
    fences = {
        i: {key: tukey_fences(quartiles[f"q{i}"].iloc[row], k) for row, key in enumerate(key_rows)}
        for i in range(len(names))
    }

    keyed = with_strata_keys(df, strata, *[present(df, c).alias(f"__v{i}") for i, c in enumerate(names)])
    # every column's fences of the row's stratum in one array: one lookup per row, not two per column
    table = [[None if (f := fences[i][key]) is None else f[side] for i in range(len(names)) for side in (0, 1)]
             for key in key_rows]
    bounds = per_stratum_doubles(df, strata, key_rows, table,
                                 hashes=list(quartiles["__hash"]) if strata is not None else None)
    if strata is not None:  # found once per row, in a projection, not once per use in the aggregation
        keyed = keyed.select(*strata.key_names, *[f"__v{i}" for i in range(len(names))], bounds.alias("__fences"))
        bounds = F.col("__fences")
    aggs: dict[str, Column] = {}
    for i in range(len(names)):
        lower, upper = bounds[2 * i], bounds[2 * i + 1]
        value = F.col(f"__v{i}")
        outside = F.count_if((value < lower) | (value > upper))
        aggs[f"c{i}"] = F.try_divide(outside, F.count(F.lit(1))) if ratio else outside  # no rows: NaN
    table = grouped_aggregate(keyed, aggs, strata, keyed=True)
    return shape_result(list(names), table, strata, name="outliers(ratio)" if ratio else "outliers")


def mahalanobis_critical_value(critical_value: float, ncols: int) -> float:
    """The chi-square quantile ``critical_value`` with ``ncols`` degrees of freedom."""
    from scipy.stats import chi2

    return float(chi2.ppf(critical_value, df=ncols))


def mahalanobis_split(
    df: DataFrame, columns: Sequence[str], critical_value: float = 0.999
) -> tuple[DataFrame, DataFrame]:
    """Split the rows into (outliers, inliers) by their squared Mahalanobis distance.

    A row is an outlier when its squared distance from the mean of ``columns``
    exceeds ``chi2.ppf(critical_value, df=len(columns))``. Means and the sample
    covariance (ddof=1) come from the rows without a missing value in
    ``columns``; rows with a missing value cannot be scored and are inliers, so
    the two frames always partition the rows. One Spark job; both returned
    frames are lazy.

    Assumes the columns are roughly multivariate normal (that is what makes the
    squared distance chi-square distributed).

    Infinite values have no finite distance (numpy's covariance of them is NaN): the
    aggregation that learns the means also counts, per column, values that are ``inf``
    or ``-inf``, and any of them raises :class:`~handyspark.errors.ArgumentError` naming
    the columns (no extra Spark job). NaN, as null, is missing.

    Examples
    --------
    >>> outliers, inliers = mahalanobis_split(df, ["Age", "Fare"], 0.99)
    """
    names = as_column_list(columns)
    if not names:
        raise ArgumentError("Mahalanobis outliers need at least one numeric column")
    if len(set(names)) != len(names):
        raise ArgumentError(f"a column appears twice in {names}")
    check_numeric(df, names, "Mahalanobis outliers")
    try:
        ok = 0.0 < float(critical_value) < 1.0
    except (TypeError, ValueError):
        ok = False
    if not ok or isinstance(critical_value, bool):
        raise ArgumentError(f"critical_value must be a probability strictly between 0 and 1, got {critical_value!r}")

    p = len(names)
    complete = present(df, names[0]).isNotNull()  # names is not empty (checked above)
    for c in names[1:]:
        complete = complete & present(df, c).isNotNull()
    xs = [F.when(complete, present(df, c).cast("double")) for c in names]
    aggs = [F.count(F.when(complete, F.lit(1))).alias("n")]
    aggs += [F.avg(x).alias(f"m{i}") for i, x in enumerate(xs)]
    aggs += [F.covar_samp(xs[i], xs[j]).alias(f"c{i}_{j}") for i in range(p) for j in range(i, p)]
    floating = [i for i, c in enumerate(names) if is_floating(field_types(df)[c])]
    aggs += [F.count_if(F.abs(present(df, names[i])) == F.lit(float("inf"))).alias(f"inf{i}") for i in floating]
    row = collect_aggregates(df.agg(*aggs))[0]
    infinite = {names[i]: row[f"inf{i}"] for i in floating if row[f"inf{i}"]}
    if infinite:
        raise ArgumentError(
            f"Mahalanobis outliers need finite values; column(s) {list(infinite)} hold inf or -inf "
            f"(counts {infinite}); filter those rows out or replace the values first"
        )
    if row["n"] < p + 1:
        raise ArgumentError(
            f"Mahalanobis outliers on {names} need at least {p + 1} rows without missing values, got {row['n']}"
        )
    means = np.array([row[f"m{i}"] for i in range(p)], dtype=float)
    cov = np.empty((p, p))
    for i in range(p):
        for j in range(i, p):
            cov[i, j] = cov[j, i] = row[f"c{i}_{j}"]
    try:
        inverse = np.linalg.inv(cov)
    except np.linalg.LinAlgError:
        raise ArgumentError(
            f"the covariance matrix of {names} is singular (a column is constant or a combination of the others); "
            "drop the redundant column(s)"
        ) from None

    diffs = [present(df, c).cast("double") - F.lit(float(means[i])) for i, c in enumerate(names)]
    terms = [F.lit(float(inverse[i, j]) * (1.0 if i == j else 2.0)) * diffs[i] * diffs[j]
             for i in range(p) for j in range(i, p)]
    distance = terms[0]  # p >= 1
    for term in terms[1:]:
        distance = distance + term
    threshold = mahalanobis_critical_value(float(critical_value), p)
    is_outlier = F.coalesce(complete & (distance > F.lit(threshold)), F.lit(False))
    return df.filter(is_outlier), df.filter(~is_outlier)
