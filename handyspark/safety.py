"""The one bounded path from Spark to the driver.

Library code that brings results to the driver goes through these functions:
aggregates with :func:`collect_aggregates`, rows the user asked for with
:func:`bounded_rows` / :func:`bounded_pandas`, which stop at the safety limit.
"""

from __future__ import annotations

import warnings

import pandas as pd
from pyspark.sql import Row

from ._compat import DataFrame
from .errors import SafetyWarning, spark_errors

DEFAULT_SAFETY_LIMIT = 1000


def _warn_truncated(limit: int) -> None:
    warnings.warn(
        f"the result was truncated to the safety limit of {limit} rows; "
        "use set_safety_limit(n) to change it or safety_off() to lift it for the next action",
        SafetyWarning,
        stacklevel=4,
    )


def collect_aggregates(df: DataFrame) -> list[Row]:
    """Collect a small aggregated DataFrame (one Spark job), translating errors."""
    with spark_errors():
        return df.collect()


def aggregates_to_pandas(df: DataFrame) -> pd.DataFrame:
    """Collect a small aggregated DataFrame as pandas, translating errors."""
    with spark_errors():
        return df.toPandas()


def bounded_rows(df: DataFrame, limit: int | None) -> list[Row]:
    """Collect at most ``limit`` rows (all when ``limit`` is None), warning when cut."""
    with spark_errors():
        if limit is None:
            return df.collect()
        rows = df.limit(limit + 1).collect()
    if len(rows) > limit:
        _warn_truncated(limit)
    return rows[:limit]


def bounded_pandas(df: DataFrame, limit: int | None, *, warn: bool = True) -> pd.DataFrame:
    """Convert at most ``limit`` rows to pandas (all when ``limit`` is None), warning when cut."""
    with spark_errors():
        if limit is None:
            return df.toPandas()
        pdf = df.limit(limit + 1).toPandas()
    if len(pdf) > limit:
        if warn:
            _warn_truncated(limit)
        pdf = pdf.iloc[:limit]
    return pdf
