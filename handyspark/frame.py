"""HandyFrame: a Spark DataFrame with pandas-like statistics, cleaning and plots.

A HandyFrame *is* a ``pyspark.sql.DataFrame`` (classic or Spark Connect): it is
made by giving an existing DataFrame object a subclass of its own class, so
every DataFrame method works and Spark ML accepts it. DataFrame methods that
return DataFrames return HandyFrames carrying the same settings.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd
from pyspark.sql import DataFrame as _BaseDataFrame

from . import cleaning
from ._driver_path import DriverPathMethods
from ._state import HandyState, SafetyLift
from ._validation import check_columns, check_positive_int, field_types, is_categorical
from ._wrapping import NOT_WRAPPED, WRAPPED, HandyHelper, adopt, install_wrappers, make_handy, plain_frame
from .columns import HandyColumns
from .compare import Comparison, compare
from .errors import ArgumentError, spark_errors
from .profile import Profile, profile
from .stats import descriptive
from .strata import DEFAULT_MAX_STRATA, Bucket, Quantile, resolve_strata
from .stratified_frame import StratifiedFrame

if TYPE_CHECKING:
    from .pandas_functions import PandasColumns

__all__ = ["HandyFrame", "to_handy", "WRAPPED", "NOT_WRAPPED"]

class HandyFrame(DriverPathMethods, _BaseDataFrame):
    """A Spark DataFrame with pandas-like column statistics, cleaning, plots and safety limits.

    Make one with ``df.toHandy()`` (``import handyspark`` adds the method). Its settings
    (safety limit, response, fitted fills and fences) are one immutable
    :class:`~handyspark._state.HandyState`: every setter returns a new frame, and frames
    derived from this one by DataFrame methods keep its settings.

    Examples
    --------
    >>> import handyspark
    >>> from handyspark.datasets import titanic
    >>> hdf = titanic(spark).toHandy()
    >>> hdf.shape
    (891, 12)
    >>> hdf.cols["Embarked"].value_counts(dropna=False)
    Embarked
    S      644
    C      168
    Q       77
    NaN      2
    Name: count, dtype: int64
    """

    _handy: HandyState
    _spark_class: type = _BaseDataFrame

    # ------------------------------------------------------------------ plumbing
    def _adopt(self, result: Any) -> Any:
        """DataFrame results of a DataFrame method as HandyFrames with this frame's settings (grouped data too)."""
        return adopt(self, result, HandyFrame)

    def _derive(self, df: _BaseDataFrame, state: HandyState | None = None) -> HandyFrame:
        """A HandyFrame of ``df`` with ``state`` (by default this frame's)."""
        return to_handy(df, self._handy if state is None else state)

    def notHandy(self) -> _BaseDataFrame:
        """The same data as a plain Spark DataFrame.

        Examples
        --------
        >>> type(hdf.notHandy()).__name__
        'DataFrame'
        """
        return plain_frame(self)

    def toHandy(self) -> HandyFrame:
        """Already handy: returns itself."""
        return self

    def __repr__(self) -> str:
        """``HandyFrame[name: type, ...]``, as Spark shows a DataFrame (and HandySpark 0.2 a HandyFrame)."""
        plain = repr(self.notHandy())
        return "HandyFrame" + plain[len("DataFrame"):] if plain.startswith("DataFrame[") else plain

    # ------------------------------------------------------------------ safety
    @property
    def safety_limit(self) -> int:
        """How many rows ``collect``, ``toPandas``, ``toArrow``, ``toLocalIterator`` and ``cols[...][:]`` return."""
        return self._handy.safety_limit

    def set_safety_limit(self, limit: int) -> HandyFrame:
        """A new frame whose safety limit is ``limit`` rows (this frame keeps its own).

        Examples
        --------
        >>> hdf = hdf.set_safety_limit(100)
        >>> len(hdf.collect())
        100
        """
        return self._derive(self.notHandy(), self._handy.replace(safety_limit=check_positive_int(limit, "limit")))

    def safety_off(self) -> HandyFrame:
        """A new frame whose next action (or that of a frame derived from it) is not limited; this one still is.

        Examples
        --------
        >>> rows = hdf.safety_off().collect()
        """
        return self._derive(self.notHandy(), self._handy.replace(lift=SafetyLift()))

    # collect, toPandas, toArrow, toLocalIterator, limit, take, head, first, tail and pandas_api:
    # inherited from DriverPathMethods (handyspark/_driver_path.py), each one call to handyspark.safety

    def transform(self, func: Any, *args: Any, **kwargs: Any) -> Any:
        """As ``DataFrame.transform``, keeping the result handy."""
        return self._adopt(func(self, *args, **kwargs))

    @property
    def na(self) -> Any:
        """As ``DataFrame.na`` (``fill``, ``drop``, ``replace``), returning HandyFrames."""
        return HandyHelper(self, self.notHandy().na)

    @property
    def stat(self) -> Any:
        """As ``DataFrame.stat``, returning HandyFrames where it returns DataFrames."""
        return HandyHelper(self, self.notHandy().stat)

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
        """A new frame with ``column`` as the response (target).

        Examples
        --------
        >>> hdf = hdf.set_response("Survived")
        >>> hdf.classes, hdf.nclasses
        ([0, 1], 2)
        """
        check_columns(self, [column])
        return self._derive(self.notHandy(), self._handy.replace(response=column))

    @property
    def response(self) -> str | None:
        """The response column set by :meth:`set_response`, or None (a column named ``response``: ``hdf['response']``)."""
        return self._handy.response

    @property
    def is_classification(self) -> bool:
        """Whether the response is categorical (integer, boolean or string)."""
        if self.response is None:
            return False
        return is_categorical(field_types(self)[self.response])

    @property
    def classes(self) -> list | None:
        """The sorted distinct non-null values of a categorical response (one Spark job, kept by this frame only)."""
        if not self.is_classification:
            return None
        found = self.__dict__.get("_handy_classes")
        if found is None or found[0] != self.response:
            counts = self.cols[self.response].value_counts()
            found = (self.response, sorted(v.item() if hasattr(v, "item") else v for v in counts.index))
            self.__dict__["_handy_classes"] = found  # a value of this frame's data: never copied to another frame
        return list(found[1])

    @property
    def nclasses(self) -> int | None:
        """The number of classes of a categorical response."""
        classes = self.classes
        return None if classes is None else len(classes)

    # ------------------------------------------------------------------ statistics
    def describe(  # pandas' describe on purpose (issue 17): Spark's is notHandy().describe()
        self, *cols: str | list[str], relativeError: float = 0.0
    ) -> pd.DataFrame:
        """pandas' ``describe()``: count, mean, std, min, quartiles and max of the numeric columns, in one job.

        The quartiles are exact by default, as pandas'. Spark's own ``describe`` (a DataFrame
        of strings) is ``hdf.notHandy().describe()``, or ``hdf.summary()``.

        Examples
        --------
        >>> hdf.describe("Age", "Fare").loc["50%"].tolist()
        [28.0, 14.4542]
        """
        names = [c for item in cols for c in ([item] if isinstance(item, str) else item)]
        return self.cols[names if names else slice(None)].describe(relativeError=relativeError)

    @property
    def cols(self) -> HandyColumns:
        """Column access: ``cols['Age'][:5]``, ``cols[['Age', 'Fare']].mean()``, ``cols.numerical`` ..."""
        return HandyColumns(self.notHandy(), self._handy, make_frame=to_handy)

    def stratify(
        self, strata: Sequence[str | Bucket | Quantile], max_strata: int = DEFAULT_MAX_STRATA
    ) -> StratifiedFrame[HandyFrame]:
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
        >>> hdf.stratify(["Pclass"]).cols["Embarked"].value_counts()
        Pclass  Embarked
        1       S           127
                C            85
                Q             2
        2       S           164
                C            17
                Q             3
        3       S           353
                Q            72
                C            66
        Name: count, dtype: int64
        """
        resolved = resolve_strata(self.notHandy(), strata, max_strata=max_strata)
        return StratifiedFrame(self.notHandy(), self._handy, resolved, to_handy)

    def isnull(self, ratio: bool = False) -> pd.Series:
        """Missing values (null, or NaN in float columns) per column: counts, or fractions with ``ratio``.

        Examples
        --------
        >>> float(hdf.isnull(ratio=True)["Age"])
        0.19865319865319866
        """
        return descriptive.isnull(self.notHandy(), list(self.columns), ratio=ratio)

    def nunique(self) -> pd.Series:
        """The exact number of distinct non-missing values per column, as pandas' ``nunique``."""
        return descriptive.nunique(self.notHandy(), list(self.columns))

    def profile(self, columns: Sequence[str] | None = None, *, k: int = 10, bins: int = 10,
                relativeError: float = 1e-4, approx: bool = False, max_categories: int = 100,
                spearman: str = "auto") -> Profile:
        """Every column's figures, top values and histogram, and the correlations: at most 4 Spark jobs.

        See :func:`handyspark.profile.profile` for the figures, the jobs and the parameters.

        Examples
        --------
        >>> float(hdf.profile(["Age"], relativeError=0).table.loc["Age", "50%"])
        28.0
        """
        return profile(self.notHandy(), columns, k=k, bins=bins, relativeError=relativeError, approx=approx,
                       max_categories=max_categories, spearman=spearman)

    def compare(self, other: Any, columns: Sequence[str] | None = None, *, bins: int = 10,
                max_categories: int = 50, thresholds: dict[str, Any] | None = None) -> Comparison:
        """What changed from this frame (the reference) to ``other`` (the current one), per column: PSI, KS,
        Jensen–Shannon distance, missing rate, mean, quantiles, categories; one Spark job.

        See :func:`handyspark.compare.compare` for the bins, the measures and the parameters, and
        :class:`~handyspark.compare.Comparison` for the result (``table``, ``plot()``, ``to_html()``).

        Examples
        --------
        >>> c = hdf.where(F.col("Pclass") == 1).toHandy().compare(hdf.where(F.col("Pclass") == 3), ["Fare", "Embarked"])
        >>> c.table["flag"].tolist()
        ['alarm', 'alarm']
        """
        return compare(self.notHandy(), other, columns, bins=bins, max_categories=max_categories,
                       thresholds=thresholds)

    # ------------------------------------------------------------------ cleaning
    def fill(self, *args: Any, categorical: Sequence[str] | None = None, continuous: Sequence[str] | None = None,
             strategy: str | Sequence[str] | None = None) -> HandyFrame:
        """Fill missing values: the mode for ``categorical`` columns, mean or median for ``continuous``.

        Parameters
        ----------
        categorical : list of str
            Columns filled with their most frequent value.
        continuous : list of str
            Numeric columns filled with ``strategy``.
        strategy : 'mean', 'median' or a list of them (one per continuous column), default 'mean'

        Returns
        -------
        HandyFrame
            The filled frame; ``statistics_`` tells the values used (accumulating across fills).

        Examples
        --------
        >>> hdf.fill(categorical=["Embarked"]).statistics_
        {'Embarked': 'S'}
        """
        if args:
            raise ArgumentError("fill takes keyword arguments only: fill(categorical=[...], continuous=[...], strategy=...)")
        filled, state = cleaning.fill_frame(self.notHandy(), self._handy, None, categorical, continuous, strategy)
        return self._derive(filled, state)

    @property
    def statistics_(self) -> dict:
        """The values used by the fills so far, as ``{'Embarked': 'S', 'Age': {clause: value, ...}}``."""
        return cleaning.fill_values(self._handy)

    def fence(self, cols: Sequence[str] | str, k: float = 1.5, relativeError: float = 0.0) -> HandyFrame:
        """Clip numeric columns to Tukey's fences; ``fences_`` tells the fences used.

        Examples
        --------
        >>> hdf.fence(["Fare"]).fences_
        {'Fare': [-26.724, 65.6344]}
        """
        fenced, state = cleaning.fence_frame(self.notHandy(), self._handy, None, cols, k, relativeError)
        return self._derive(fenced, state)

    @property
    def fences_(self) -> dict:
        """The fences used so far, as ``{'Fare': [lower, upper]}`` (clause-keyed when stratified)."""
        return cleaning.fence_values(self._handy)

    def outliers(self, method: str = "tukey", k: float = 1.5, ratio: bool = False,
                 relativeError: float = 0.0) -> pd.Series:
        """Per numerical column, how many values lie outside Tukey's fences ``[Q1 - k·IQR, Q3 + k·IQR]``.

        Examples
        --------
        >>> int(hdf.outliers(k=3.)["Fare"])
        53
        """
        return cleaning.outlier_counts(self.notHandy(), None, method, k, ratio, relativeError)

    @property
    def transformers(self) -> cleaning.HandyTransformers:
        """Spark ML transformers that redo this frame's fills and fences on other data.

        Examples
        --------
        >>> imputer = hdf.fill(categorical=["Embarked"]).transformers.imputer()
        """
        return cleaning.HandyTransformers(self._handy)

    # ------------------------------------------------------------------ pandas functions
    @property
    def pandas(self) -> PandasColumns:
        """pandas Series methods as Spark Columns: ``hdf.pandas['Name'].str.find('Mrs.')``."""
        from .pandas_functions import PandasColumns

        return PandasColumns(self.notHandy())

    def assign(self, **columns: Any) -> HandyFrame:
        """Add columns from Columns, constants or Python functions of columns (run as pandas UDFs).

        Examples
        --------
        >>> import numpy as np
        >>> round(float(hdf.assign(logFare=lambda Fare: np.log(Fare + 1)).cols["logFare"].mean()), 4)
        2.9622
        """
        from .pandas_functions import assign_columns

        return self._derive(assign_columns(self.notHandy(), **columns))


install_wrappers(HandyFrame)


def to_handy(df: _BaseDataFrame, state: HandyState | None = None) -> HandyFrame:
    """Make a HandyFrame of ``df`` (classic or Spark Connect), sharing its query plan.

    Examples
    --------
    >>> hdf = to_handy(df)
    """
    plain = df.notHandy() if isinstance(df, HandyFrame) else df
    return make_handy(plain, HandyFrame, state if state is not None else HandyState())
