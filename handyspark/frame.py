"""HandyFrame: a Spark DataFrame with pandas-like statistics, cleaning and plots.

A HandyFrame *is* a ``pyspark.sql.DataFrame`` (classic or Spark Connect): it is
made by giving an existing DataFrame object a subclass of its own class, so
every DataFrame method works and Spark ML accepts it. DataFrame methods that
return DataFrames return HandyFrames carrying the same settings.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import pandas as pd
from pyspark.sql import DataFrame as _BaseDataFrame

from . import safety
from ._frame_cleaning import CleaningMethods
from ._state import HandyState
from ._validation import check_columns, check_positive_int, field_types, is_categorical
from .columns import HandyColumns
from .errors import ArgumentError, spark_errors
from .stats import descriptive
from .strata import DEFAULT_MAX_STRATA, Bucket, Quantile, resolve_strata

__all__ = ["HandyFrame", "to_handy"]

# actions that bring rows to the driver and are bounded by the safety limit
_BOUNDED = {"collect", "toPandas"}
# explicit, user-sized actions: not bounded
_EXPLICIT = {"take", "head", "tail", "first", "limit"}
# methods of DataFrame that HandyFrame defines itself or must not wrap
_NOT_WRAPPED = _BOUNDED | _EXPLICIT | {"toHandy", "notHandy", "transform"}


class HandyFrame(CleaningMethods, _BaseDataFrame):
    """A Spark DataFrame with pandas-like column statistics, cleaning, plots and safety limits.

    Make one with ``df.toHandy()`` (``import handyspark`` adds the method).

    Examples
    --------
    >>> import handyspark
    >>> from handyspark.datasets import titanic
    >>> hdf = titanic(spark).toHandy()  # doctest: +SKIP
    >>> hdf.shape  # doctest: +SKIP
    (891, 12)
    >>> hdf.cols["Embarked"].value_counts(dropna=False)  # doctest: +SKIP
    """

    _handy: HandyState
    _spark_class: type = _BaseDataFrame

    # ------------------------------------------------------------------ plumbing
    def _adopt(self, result: Any, **changes: Any) -> Any:
        """Wrap DataFrame results of a DataFrame method as HandyFrames with our settings."""
        if isinstance(result, _BaseDataFrame) and not isinstance(result, HandyFrame):
            return to_handy(result, self._handy.copy(**changes))
        if isinstance(result, list) and result and all(isinstance(r, _BaseDataFrame) for r in result):
            return [self._adopt(r) for r in result]
        return result

    def _derive(self, df: _BaseDataFrame, **changes: Any) -> HandyFrame:
        """A HandyFrame of ``df`` with this frame's settings, updated by ``changes``."""
        return to_handy(df, self._handy.copy(**changes))

    def notHandy(self) -> _BaseDataFrame:
        """The same data as a plain Spark DataFrame.

        Examples
        --------
        >>> type(hdf.notHandy()).__name__  # doctest: +SKIP
        'DataFrame'
        """
        plain = object.__new__(self._spark_class)
        plain.__dict__.update({k: v for k, v in self.__dict__.items() if k != "_handy"})
        return plain

    def toHandy(self) -> HandyFrame:
        """Already handy: returns itself."""
        return self

    # ------------------------------------------------------------------ safety
    @property
    def safety_limit(self) -> int:
        """How many rows ``collect``, ``toPandas`` and ``cols[...][:]`` return at most."""
        return self._handy.safety_limit

    def set_safety_limit(self, limit: int) -> HandyFrame:
        """Set the safety limit (rows) of this frame and return it.

        Examples
        --------
        >>> hdf.set_safety_limit(100).collect()  # doctest: +SKIP
        """
        self._handy.safety_limit = check_positive_int(limit, "limit")
        return self

    def safety_off(self) -> HandyFrame:
        """Lift the safety limit for the next action only, and return the frame.

        Examples
        --------
        >>> rows = hdf.safety_off().collect()  # doctest: +SKIP
        """
        self._handy.safety_off_once = True
        return self

    def collect(self) -> list:
        """Rows, at most the safety limit of them (a :class:`~handyspark.errors.SafetyWarning` says when cut)."""
        return safety.bounded_rows(self.notHandy(), self._handy.take_limit())

    def toPandas(self) -> pd.DataFrame:
        """A pandas DataFrame of at most the safety limit of rows (warns when cut)."""
        return safety.bounded_pandas(self.notHandy(), self._handy.take_limit())

    def limit(self, num: int) -> HandyFrame:
        """The first ``num`` rows; an explicit bound, so the safety limit does not apply to the result."""
        with spark_errors():
            result = self.notHandy().limit(num)
        return to_handy(result, self._handy.copy(safety_limit=max(num, 1), safety_off_once=False))

    def take(self, num: int) -> list:
        """The first ``num`` rows (explicit, not limited)."""
        with spark_errors():
            return self.notHandy().take(num)

    def head(self, n: int | None = None) -> Any:
        """As ``DataFrame.head`` (explicit, not limited)."""
        with spark_errors():
            return self.notHandy().head(n)

    def first(self) -> Any:
        """As ``DataFrame.first``."""
        with spark_errors():
            return self.notHandy().first()

    def tail(self, num: int) -> list:
        """The last ``num`` rows (explicit, not limited)."""
        with spark_errors():
            return self.notHandy().tail(num)

    def transform(self, func: Any, *args: Any, **kwargs: Any) -> Any:
        """As ``DataFrame.transform``, keeping the result handy."""
        return self._adopt(func(self, *args, **kwargs))

    @property
    def na(self) -> _HandyFunctions:
        """As ``DataFrame.na`` (``fill``, ``drop``, ``replace``), returning HandyFrames."""
        return _HandyFunctions(self, self.notHandy().na)

    @property
    def stat(self) -> _HandyFunctions:
        """As ``DataFrame.stat``, returning HandyFrames where it returns DataFrames."""
        return _HandyFunctions(self, self.notHandy().stat)

    # ------------------------------------------------------------------ shape & response
    @property
    def nrows(self) -> int:
        """Number of rows (one Spark job)."""
        with spark_errors():
            return self.notHandy().count()

    @property
    def ncols(self) -> int:
        """Number of columns."""
        return len(self.columns)

    @property
    def shape(self) -> tuple[int, int]:
        """``(nrows, ncols)``, as pandas."""
        return (self.nrows, self.ncols)

    def set_response(self, column: str) -> HandyFrame:
        """Mark ``column`` as the response (target) and return the frame.

        Examples
        --------
        >>> hdf = hdf.set_response("Survived")  # doctest: +SKIP
        >>> hdf.classes, hdf.nclasses  # doctest: +SKIP
        ([0, 1], 2)
        """
        check_columns(self, [column])
        return to_handy(self.notHandy(), self._handy.copy(response=column, classes=None))

    @property
    def response(self) -> str | None:
        """The response column set by :meth:`set_response`, or None."""
        return self._handy.response

    @property
    def is_classification(self) -> bool:
        """Whether the response is categorical (integer, boolean or string)."""
        if self.response is None:
            return False
        return is_categorical(field_types(self)[self.response])

    @property
    def classes(self) -> list | None:
        """The sorted distinct non-null values of a categorical response (one Spark job, then cached)."""
        if not self.is_classification:
            return None
        if self._handy.classes is None:
            counts = self.cols[self.response].value_counts()
            self._handy.classes = sorted(v.item() if hasattr(v, "item") else v for v in counts.index)
        return self._handy.classes

    @property
    def nclasses(self) -> int | None:
        """The number of classes of a categorical response."""
        classes = self.classes
        return None if classes is None else len(classes)

    # ------------------------------------------------------------------ statistics
    @property
    def cols(self) -> HandyColumns:
        """Column access: ``cols['Age'][:5]``, ``cols[['Age', 'Fare']].mean()``, ``cols.numerical`` ..."""
        return HandyColumns(self.notHandy(), self._handy)

    def stratify(self, strata: Sequence[str | Bucket | Quantile], max_strata: int = DEFAULT_MAX_STRATA):
        """Split-apply-combine: statistics, plots and cleaning per stratum, in one scan each.

        Plain columns run no Spark job now; ``Bucket``/``Quantile`` run one for their edges.
        The first operation checks the number of strata against ``max_strata``.

        Parameters
        ----------
        strata : list of str, Bucket or Quantile
            Columns to stratify by; ``Bucket(col, n)`` / ``Quantile(col, n)`` bin numeric columns.
        max_strata : int, default 100
            The most strata (distinct combinations of the stratum values, null included) an
            operation may make; more stop the first operation with ``ArgumentError`` after
            collecting at most ``max_strata + 1`` of them.

        Examples
        --------
        >>> hdf.stratify(["Pclass"]).cols["Embarked"].value_counts()  # doctest: +SKIP
        """
        from .stratified import StratifiedFrame

        resolved = resolve_strata(self.notHandy(), strata, max_strata=max_strata)
        return StratifiedFrame(self, resolved)

    def isnull(self, ratio: bool = False) -> pd.Series:
        """Missing values (null, or NaN in float columns) per column: counts, or fractions with ``ratio``.

        Examples
        --------
        >>> hdf.isnull(ratio=True)["Age"]  # doctest: +SKIP
        0.19865319865319866
        """
        return descriptive.isnull(self.notHandy(), list(self.columns), ratio=ratio)

    def nunique(self) -> pd.Series:
        """The exact number of distinct non-missing values per column, as pandas' ``nunique``."""
        return descriptive.nunique(self.notHandy(), list(self.columns))

    # ------------------------------------------------------------------ pandas functions
    @property
    def pandas(self):
        """pandas Series methods as Spark Columns: ``hdf.pandas['Name'].str.find('Mrs.')``."""
        from .udf import PandasColumns

        return PandasColumns(self.notHandy())

    def assign(self, **columns: Any) -> HandyFrame:
        """Add columns from Columns, constants or Python functions of columns (run as pandas UDFs).

        Examples
        --------
        >>> import numpy as np
        >>> hdf.assign(logFare=lambda Fare: np.log(Fare + 1))  # doctest: +SKIP
        """
        from .udf import assign_columns

        return self._derive(assign_columns(self.notHandy(), **columns))


class _HandyFunctions:
    """``hdf.na`` / ``hdf.stat``: Spark's helper object, with DataFrame results kept handy."""

    def __init__(self, frame: HandyFrame, functions: Any) -> None:
        self._frame = frame
        self._functions = functions

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._functions, name)
        if not callable(attr):
            return attr

        @functools.wraps(attr)
        def call(*args: Any, **kwargs: Any) -> Any:
            with spark_errors():
                result = attr(*args, **kwargs)
            return self._frame._adopt(result)

        return call


def _wrap(name: str):
    base = getattr(_BaseDataFrame, name)

    @functools.wraps(base)
    def method(self: HandyFrame, *args: Any, **kwargs: Any) -> Any:
        with spark_errors():
            result = getattr(super(HandyFrame, self), name)(*args, **kwargs)
        return self._adopt(result)

    return method


for _name in dir(_BaseDataFrame):
    if _name.startswith("_") or _name in _NOT_WRAPPED or _name in vars(HandyFrame):
        continue
    if callable(getattr(_BaseDataFrame, _name, None)) and not isinstance(
        vars(_BaseDataFrame).get(_name), (property, staticmethod, classmethod)
    ):
        setattr(HandyFrame, _name, _wrap(_name))

_CLASSES: dict[type, type] = {}


def to_handy(df: _BaseDataFrame, state: HandyState | None = None) -> HandyFrame:
    """Make a HandyFrame of ``df`` (classic or Spark Connect), sharing its query plan.

    Examples
    --------
    >>> hdf = to_handy(df)  # doctest: +SKIP
    """
    if isinstance(df, HandyFrame):
        df = df.notHandy()
    if not isinstance(df, _BaseDataFrame):
        raise ArgumentError(f"toHandy needs a pyspark.sql.DataFrame, got {type(df).__name__}")
    cls = type(df)
    handy_cls = _CLASSES.get(cls)
    if handy_cls is None:
        handy_cls = type("HandyFrame", (HandyFrame, cls), {"_spark_class": cls, "__module__": __name__})
        _CLASSES[cls] = handy_cls
    hdf = object.__new__(handy_cls)
    hdf.__dict__.update(df.__dict__)
    hdf._handy = state if state is not None else HandyState()
    return hdf
