"""Skewness and kurtosis as pandas computes them (bias-corrected), from Spark's moments in one job."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pyspark.sql.functions as F

from .._compat import Column, DataFrame
from .._expressions import values
from .._validation import as_column_list, check_numeric
from .descriptive import column_statistic

if TYPE_CHECKING:
    from ..strata import Strata

__all__ = ["skew", "kurt"]


def _skew(x: Column) -> Column:
    # pandas: G1 = g1 * sqrt(n (n - 1)) / (n - 2), g1 = m3 / m2**1.5 (Spark's skewness); NaN below 3
    # values and for constant data (0 / 0: pandas 3's answer; pandas 2 said 0)
    n = F.count(x).cast("double")
    g1 = F.skewness(x)
    return (
        F.when(n < 3, F.lit(float("nan")))
        .when(F.var_pop(x) == 0, F.lit(float("nan")))
        .otherwise(g1 * F.sqrt(n * (n - 1)) / (n - 2))
    )


def _kurt(x: Column) -> Column:
    # pandas: G2 = (n + 1)(n - 1)(g2 + 3) / ((n - 2)(n - 3)) - 3 (n - 1)**2 / ((n - 2)(n - 3)),
    # g2 = n m4 / m2**2 - 3 (Spark's kurtosis); NaN below 4 values and for constant data (as pandas 3)
    n = F.count(x).cast("double")
    g2 = F.kurtosis(x)
    d = (n - 2) * (n - 3)
    return (
        F.when(n < 4, F.lit(float("nan")))
        .when(F.var_pop(x) == 0, F.lit(float("nan")))
        .otherwise((n + 1) * (n - 1) * (g2 + 3) / d - 3 * (n - 1) * (n - 1) / d)
    )


def skew(df: DataFrame, columns: str | Sequence[str], strata: Strata | None = None) -> Any:
    """Sample skewness of each numeric column (bias-corrected, as pandas' ``skew``), in one Spark job.

    Examples
    --------
    >>> round(float(skew(df, "Fare")), 6)
    4.787317
    """
    check_numeric(df, as_column_list(columns), "skew")
    return column_statistic(df, columns, lambda c: _skew(values(df, c)), strata)


def kurt(df: DataFrame, columns: str | Sequence[str], strata: Strata | None = None) -> Any:
    """Sample excess kurtosis of each numeric column (bias-corrected, as pandas' ``kurt``), in one Spark job.

    Examples
    --------
    >>> round(float(kurt(df, "Fare")), 6)
    33.398141
    """
    check_numeric(df, as_column_list(columns), "kurt")
    return column_statistic(df, columns, lambda c: _kurt(values(df, c)), strata)
