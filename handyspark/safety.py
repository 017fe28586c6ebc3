"""The one bounded path from Spark to the driver.

Library code that brings results to the driver goes through these functions:
aggregates with :func:`collect_aggregates`, rows the user asked for with
:func:`bounded_rows`, :func:`bounded_pandas`, :func:`bounded_columns`,
:func:`bounded_arrow` and :func:`bounded_iterator`, which stop at the safety limit.
Rows asked for by an explicit size (:func:`limited`, :func:`take`, :func:`head`,
:func:`first`, :func:`tail`) and pandas-on-Spark frames (:func:`pandas_on_spark`) are
not limited: they only translate Spark's errors.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pandas as pd
import pyspark.sql.functions as F
from pyspark.sql import Row

from ._compat import DataFrame, require_pandas_on_spark
from ._expressions import column
from ._validation import as_column_list
from .errors import SafetyWarning, spark_errors

if TYPE_CHECKING:
    from pyspark.pandas import DataFrame as PandasOnSparkDataFrame

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


def bounded_columns(df: DataFrame, columns: str | list[str], stop: int | None,
                    limit: int | None) -> pd.Series | pd.DataFrame:
    """The first ``stop`` rows (all when None) of ``columns`` as pandas, at most ``limit`` of them (warns when cut).

    A name gives a Series, a list of names a DataFrame; ``hdf.cols[columns][:stop]`` fetches
    this way. A ``stop`` within the limit is an explicit bound: no warning.

    Examples
    --------
    >>> bounded_columns(df, "Age", 3, 1000).tolist()
    [22.0, 38.0, 26.0]
    """
    data = df.select(*[column(c) for c in as_column_list(columns)])
    if stop is not None and (limit is None or stop <= limit):
        pdf = bounded_pandas(data.limit(stop), None)
    else:
        pdf = bounded_pandas(data, limit)
    if isinstance(columns, str):
        return pdf[columns]
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


# ---------------------------------------------------------------------- explicit sizes: not limited
def limited(df: DataFrame, num: int) -> DataFrame:
    """``df.limit(num)``: an explicit bound, which a HandyFrame makes the result's safety limit.

    Examples
    --------
    >>> limited(df, 5).count()
    5
    """
    with spark_errors():
        return df.limit(num)


def take(df: DataFrame, num: int) -> list[Row]:
    """The first ``num`` rows of ``df`` (an explicit size: not limited).

    Examples
    --------
    >>> [r.PassengerId for r in take(df, 2)]
    [1, 2]
    """
    with spark_errors():
        return df.take(num)


def head(df: DataFrame, n: int | None = None) -> Any:
    """As ``DataFrame.head``: the first row (or None) without ``n``, else the first ``n`` rows (not limited).

    Examples
    --------
    >>> head(df).PassengerId, len(head(df, 3))
    (1, 3)
    """
    with spark_errors():
        return df.head() if n is None else df.head(n)


def first(df: DataFrame) -> Row | None:
    """As ``DataFrame.first``: the first row, or None.

    Examples
    --------
    >>> first(df).PassengerId
    1
    """
    with spark_errors():
        return df.first()


def tail(df: DataFrame, num: int) -> list[Row]:
    """The last ``num`` rows of ``df`` (an explicit size: not limited).

    Examples
    --------
    >>> [r.PassengerId for r in tail(df, 2)]
    [890, 891]
    """
    with spark_errors():
        return df.tail(num)


def pandas_on_spark(df: DataFrame, index_col: str | list[str] | None = None) -> PandasOnSparkDataFrame:
    """As ``DataFrame.pandas_api``: a pandas-on-Spark frame, which the safety limit does not follow.

    Examples
    --------
    >>> len(pandas_on_spark(df.limit(5)).to_pandas())
    5
    """
    require_pandas_on_spark()
    with spark_errors():
        return df.pandas_api(index_col)
