"""The one bounded path from Spark to the driver.

Library code that brings results to the driver goes through these functions:
aggregates with :func:`collect_aggregates`, rows the user asked for with
:func:`bounded_rows`, :func:`bounded_pandas`, :func:`bounded_arrow` and
:func:`bounded_iterator`, which stop at the safety limit.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

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
        pdf: pd.DataFrame = df.limit(limit + 1).toPandas()
    if len(pdf) > limit:
        if warn:
            _warn_truncated(limit)
        pdf = pdf.iloc[:limit]
    return pdf


def bounded_arrow(df: DataFrame, limit: int | None) -> Any:
    """A ``pyarrow.Table`` of at most ``limit`` rows (all when ``limit`` is None), warning when cut."""
    with spark_errors():
        if limit is None:
            return df.toArrow()
        table = df.limit(limit + 1).toArrow()
    if table.num_rows > limit:
        _warn_truncated(limit)
        table = table.slice(0, limit)
    return table


def bounded_iterator(df: DataFrame, limit: int | None, prefetchPartitions: bool = False) -> Iterator[Row]:
    """Iterate over at most ``limit`` rows (all when ``limit`` is None), warning when cut.

    As ``DataFrame.toLocalIterator``: rows arrive a partition at a time.
    """
    with spark_errors():
        source = df if limit is None else df.limit(limit + 1)
        rows = source.toLocalIterator(prefetchPartitions)
    return _bounded(rows, limit)


def _bounded(rows: Iterator[Row], limit: int | None) -> Iterator[Row]:
    with spark_errors():
        for i, row in enumerate(rows):
            if limit is not None and i == limit:
                _warn_truncated(limit)
                return
            yield row
