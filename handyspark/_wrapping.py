"""How a HandyFrame wraps a DataFrame: which DataFrame methods it wraps (one reviewed list), the wrappers,
and the plumbing that turns a DataFrame into a HandyFrame and back.

A wrapped method runs Spark's own method and hands its DataFrame results (lists of them, grouped
data) to the frame's ``_adopt`` (:func:`adopt`), which makes them HandyFrames with the frame's settings.
A HandyFrame is the DataFrame object's state given a subclass of its own class (:func:`make_handy`);
:func:`plain_frame` gives the same state back its plain class.
"""

from __future__ import annotations

import functools
from typing import Any

from pyspark.sql import DataFrame as _BaseDataFrame

from ._compat import check_frame
from .errors import spark_errors

__all__ = ["WRAPPED", "NOT_WRAPPED", "GROUPED_DATA", "HandyHelper", "install_wrappers", "adopt", "make_handy",
           "plain_frame"]

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


def adopt(frame: Any, result: Any, handy_cls: type) -> Any:
    """``result`` of a DataFrame method of ``frame`` (a ``handy_cls``, HandyFrame), kept handy.

    A DataFrame becomes a HandyFrame with ``frame``'s settings (one already of ``handy_cls`` is kept
    as it is), a list of DataFrames each of them, grouped data a :class:`HandyHelper`; anything else
    is returned unchanged.

    Examples
    --------
    >>> type(adopt(hdf, df.limit(3), type(hdf))).__name__, adopt(hdf, 3, type(hdf))
    ('HandyFrame', 3)
    """
    if isinstance(result, _BaseDataFrame):
        return result if isinstance(result, handy_cls) else frame._derive(result)
    if isinstance(result, list) and result and all(isinstance(r, _BaseDataFrame) for r in result):
        return [adopt(frame, r, handy_cls) for r in result]
    if type(result).__name__ in GROUPED_DATA:
        return HandyHelper(frame, result)
    return result


#: The subclass of ``handy_cls`` and of a DataFrame class that :func:`make_handy` gives a DataFrame of that class.
_CLASSES: dict[tuple[type, type], type] = {}


def make_handy(df: Any, handy_cls: type, state: Any) -> Any:
    """``df`` (classic or Spark Connect) as a ``handy_cls`` (HandyFrame) with ``state``, sharing its query plan.

    The object is ``df``'s own state given a subclass of ``handy_cls`` and of ``df``'s class (made once
    per class), so every DataFrame method works on it.

    Examples
    --------
    >>> class Marked:
    ...     pass
    >>> marked = make_handy(df, Marked, None)
    >>> isinstance(marked, Marked), marked.count()
    (True, 891)
    """
    check_frame(df)
    cls = type(df)
    made = _CLASSES.get((handy_cls, cls))
    if made is None:
        made = type(handy_cls.__name__, (handy_cls, cls), {"_spark_class": cls, "__module__": handy_cls.__module__})
        _CLASSES[(handy_cls, cls)] = made
    obj: Any = object.__new__(made)
    obj.__dict__.update(df.__dict__)
    obj._handy = state
    return obj


def plain_frame(frame: Any) -> _BaseDataFrame:
    """The same data as ``frame`` (a HandyFrame) as a plain DataFrame of its Spark class.

    Examples
    --------
    >>> type(plain_frame(hdf)).__name__
    'DataFrame'
    """
    plain: _BaseDataFrame = object.__new__(frame._spark_class)
    plain.__dict__.update({k: v for k, v in frame.__dict__.items() if not k.startswith("_handy")})
    return plain
