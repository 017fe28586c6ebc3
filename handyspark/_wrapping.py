"""Which DataFrame methods a HandyFrame wraps, and how: one reviewed list, and the wrappers.

A wrapped method runs Spark's own method and hands its DataFrame results (lists of them, grouped
data) to the frame's ``_adopt``, which makes them HandyFrames with the frame's settings.
"""

from __future__ import annotations

import functools
from typing import Any

from pyspark.sql import DataFrame as _BaseDataFrame

from .errors import spark_errors

__all__ = ["WRAPPED", "NOT_WRAPPED", "GROUPED_DATA", "HandyHelper", "install_wrappers"]

#: DataFrame methods whose DataFrame (or list of DataFrames, or grouped data) results a HandyFrame
#: returns as HandyFrames with its settings. One reviewed list: tests/test_frame.py fails when PySpark
#: gains a DataFrame-returning method that is neither here nor in NOT_WRAPPED. Names missing from an
#: older PySpark are skipped.
WRAPPED = (
    "agg", "alias", "cache", "checkpoint", "coalesce", "crossJoin", "crosstab", "cube", "distinct",
    "drop", "dropDuplicates", "dropDuplicatesWithinWatermark", "drop_duplicates", "dropna", "exceptAll",
    "fillna", "filter", "freqItems", "groupBy", "groupby", "groupingSets", "hint", "intersect", "intersectAll",
    "join", "lateralJoin", "localCheckpoint", "mapInArrow", "mapInPandas", "melt", "nearestByJoin", "observe",
    "offset", "orderBy", "persist", "randomSplit", "repartition", "repartitionById", "repartitionByRange",
    "replace", "rollup", "sample", "sampleBy", "select", "selectExpr", "sort", "sortWithinPartitions",
    "subtract", "summary", "to", "toDF", "transpose", "union", "unionAll", "unionByName", "unpersist", "unpivot",
    "where", "withColumn", "withColumnRenamed", "withColumns", "withColumnsRenamed", "withMetadata",
    "withWatermark", "zip", "zipWithIndex",
)
#: DataFrame methods a HandyFrame defines itself, or deliberately leaves as Spark has them (and why).
NOT_WRAPPED = {
    "collect": "bounded by the safety limit (HandyFrame.collect)",
    "toPandas": "bounded by the safety limit (HandyFrame.toPandas)",
    "toArrow": "bounded by the safety limit (HandyFrame.toArrow)",
    "toLocalIterator": "bounded by the safety limit (HandyFrame.toLocalIterator)",
    "limit": "an explicit size: the result's limit is that size (HandyFrame.limit)",
    "take": "an explicit size", "head": "an explicit size", "tail": "an explicit size", "first": "one row",
    "transform": "keeps the result handy (HandyFrame.transform)",
    "pandas_api": "a pandas-on-Spark frame: its own API, not bounded (docs/safety.md)",
    "to_pandas_on_spark": "pandas_api's old name (PySpark 3.5): a pandas-on-Spark frame",
    "to_koalas": "pandas_api's old name (PySpark 3.5): a pandas-on-Spark frame",
    "toJSON": "an RDD on classic sessions",
    "asTable": "a table argument for table functions, not rows",
    "mergeInto": "a writer", "writeTo": "a writer",
    "toHandy": "HandyFrame.toHandy returns the frame itself",
    "describe": "pandas' describe (HandyFrame.describe); Spark's is notHandy().describe() or summary()",
}

GROUPED_DATA = ("GroupedData", "PandasCogroupedOps")


class HandyHelper:
    """Spark's helper objects (``hdf.na``, ``hdf.stat``, grouped data) with DataFrame results kept handy."""

    def __init__(self, frame: Any, helper: Any) -> None:  # frame: the HandyFrame (it imports this module)
        self._frame = frame
        self._helper = helper

    def __repr__(self) -> str:
        return f"Handy({self._helper!r})"

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._helper, name)
        if not callable(attr):
            return attr

        @functools.wraps(attr)
        def call(*args: Any, **kwargs: Any) -> Any:
            with spark_errors():
                result = attr(*args, **kwargs)
            return self._frame._adopt(result)

        return call


def install_wrappers(cls: type) -> None:
    """Give ``cls`` (HandyFrame) a wrapper of every method in :data:`WRAPPED` that this PySpark has."""
    for name in WRAPPED:
        if hasattr(_BaseDataFrame, name):  # an older PySpark may not have it
            setattr(cls, name, _wrap(cls, name))


def _wrap(cls: type, name: str) -> Any:
    base = getattr(_BaseDataFrame, name)

    @functools.wraps(base)
    def method(self: Any, *args: Any, **kwargs: Any) -> Any:
        with spark_errors():
            result = getattr(super(cls, self), name)(*args, **kwargs)
        return self._adopt(result)

    return method
