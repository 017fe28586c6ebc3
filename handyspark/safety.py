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
import pyspark.sql.functions as F
from pyspark.sql import Row

from ._compat import DataFrame
from .errors import SafetyWarning, spark_errors

DEFAULT_SAFETY_LIMIT = 1000
_ROW_ORDER = "__handy_row_order"


def head_in_order(df: DataFrame, n: int) -> DataFrame:
    """The first ``n`` rows of ``df``, in its order, for ``toPandas``/``toArrow``.

    ``df.limit(n).toPandas()`` gathers the rows through a shuffle into one partition,
    whose order is the order the partitions finish in: on a cluster, a frame with a
    pandas UDF came back rotated (rows 446-891, then 1-445). Numbering the rows
    (partition, then position) and taking the ``n`` smallest numbers keeps the first
    ``n`` rows in order, in the same one job (a top-``n`` per partition).

    Examples
    --------
    >>> [r.PassengerId for r in head_in_order(df, 3).collect()]
    [1, 2, 3]
    """
    order = F.monotonically_increasing_id()
    return df.withColumn(_ROW_ORDER, order).orderBy(_ROW_ORDER).limit(n).drop(_ROW_ORDER)


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
        pdf: pd.DataFrame = head_in_order(df, limit + 1).toPandas()
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
        table = head_in_order(df, limit + 1).toArrow()
    if table.num_rows > limit:
        _warn_truncated(limit)
        table = table.slice(0, limit)
    return table


def bounded_iterator(df: DataFrame, limit: int | None, prefetchPartitions: bool = False) -> Iterator[Row]:
    """Iterate over at most ``limit`` rows (all when ``limit`` is None), warning when cut.

    As ``DataFrame.toLocalIterator``: rows arrive a partition at a time, in order, and
    partitions after the limit are not computed.
    """
    with spark_errors():
        rows = df.toLocalIterator(prefetchPartitions)
    return _bounded(rows, limit)


def _bounded(rows: Iterator[Row], limit: int | None) -> Iterator[Row]:
    with spark_errors():
        for i, row in enumerate(rows):
            if limit is not None and i == limit:
                _warn_truncated(limit)
                return
            yield row
