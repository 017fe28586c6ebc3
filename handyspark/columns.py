"""HandyColumns: ``hdf.cols[...]`` — fetching rows to pandas and column statistics.

A thin facade: every statistic is computed by :mod:`handyspark.stats`, every
plot by :mod:`handyspark.plotting`; this class only knows which columns (and
which strata) were selected.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pandas as pd
from pyspark.sql import types as T

from . import safety
from ._compat import DataFrame
from ._deprecation import precision_as_relative_error, relative_error_keyword
from ._selection import leading_stop, selected_columns, unknown_attribute
from ._state import HandyState
from ._validation import as_column_list, field_types, is_categorical, is_floating, is_numeric
from .errors import ArgumentError
from .stats import correlation, descriptive, frequencies, moments

if TYPE_CHECKING:
    from .strata import Strata

__all__ = ["HandyColumns"]


class HandyColumns:
    """Columns of a HandyFrame: ``hdf.cols['Age']``, ``hdf.cols[['Age', 'Fare']]``, ``hdf.cols[:]``.

    Selecting gives an object with statistics (``mean()``, ``value_counts()``, ...)
    and plots; slicing a selection with a leading slice ``[:N]`` fetches the
    first N rows to pandas (a Series for one column, a DataFrame for several).

    Examples
    --------
    >>> hdf.cols["Name"][:2].tolist()
    ['Braund, Mr. Owen Harris', 'Cumings, Mrs. John Bradley (Florence Briggs Thayer)']
    >>> hdf.cols[["Age", "Fare"]].mean()
    Age     29.699118
    Fare    32.204208
    dtype: float64
    """

    def __init__(
        self,
        df: DataFrame,
        state: HandyState,
        columns: str | list[str] | None = None,
        strata: Strata | None = None,
        make_frame: Callable[[DataFrame, HandyState], DataFrame] | None = None,
        every_column: bool = False,
    ) -> None:
        self._df = df
        self._state = state
        self._columns = columns
        self._strata = strata
        self._make_frame = make_frame  # rows returned as a DataFrame come back through it (a HandyFrame)
        self._every_column = every_column  # selected by cols[:]: number-only statistics skip other columns

    def __getattr__(self, name: str) -> Any:
        # only reached for names that are not attributes: say what exists instead of a bare AttributeError
        raise unknown_attribute(type(self), name)

    def __repr__(self) -> str:
        """``HandyColumns[Fare]``, ``HandyColumns[Age, Fare]`` (every column of the frame before a selection)."""
        names = list(self._df.columns) if self._columns is None else as_column_list(self._columns)
        return f"HandyColumns[{', '.join(names)}]"

    # ------------------------------------------------------------------ selection and fetching
    def __getitem__(self, key: Any) -> Any:
        if self._columns is None:  # select columns: cols['a'], cols[['a', 'b']], cols[:]
            columns, every_column = selected_columns(self._df, key)
            return HandyColumns(self._df, self._state, columns, self._strata, self._make_frame, every_column)
        # then fetch rows: [:N] or [:] (the limit is read, and a lifted one used up, only for a valid slice)
        stop = leading_stop(key)
        return safety.bounded_columns(self._df, self._columns, stop, self._state.limit_for_action())

    # ------------------------------------------------------------------ column groups
    def _names_where(self, test) -> list[str]:
        return [name for name, dtype in field_types(self._df).items() if test(dtype)]

    @property
    def numerical(self) -> list[str]:
        """Columns of any numeric type."""
        return self._names_where(is_numeric)

    @property
    def continuous(self) -> list[str]:
        """Float and double columns."""
        return self._names_where(is_floating)

    @property
    def categorical(self) -> list[str]:
        """Integer, boolean and string columns."""
        return self._names_where(is_categorical)

    @property
    def string(self) -> list[str]:
        """String columns."""
        return self._names_where(lambda t: isinstance(t, T.StringType))

    @property
    def array(self) -> list[str]:
        """Array columns."""
        return self._names_where(lambda t: isinstance(t, T.ArrayType))

    # ------------------------------------------------------------------ statistics
    def _selected(self) -> str | list[str]:
        if self._columns is None:
            raise ArgumentError("select columns first, e.g. cols['Age'].mean() or cols[:].mean()")
        return self._columns

    def _stat(self, fn, **kwargs: Any) -> Any:
        return fn(self._df, self._selected(), strata=self._strata, **kwargs)

    def _numbers(self) -> str | list[str]:
        """The selection for a statistic of numbers: after ``cols[:]``, its numeric columns (as pandas'
        ``numeric_only=True``); columns named one by one are all kept (a string column is then an error)."""
        if not self._every_column:
            return self._selected()
        numeric = set(self._names_where(is_numeric))
        return [c for c in as_column_list(self._selected()) if c in numeric]

    def _number_stat(self, fn, **kwargs: Any) -> Any:
        return fn(self._df, self._numbers(), strata=self._strata, **kwargs)

    def min(self) -> Any:
        """Minimum of each selected column (scalar for one column, Series for several)."""
        return self._stat(descriptive.min)

    def max(self) -> Any:
        """Maximum of each selected column."""
        return self._stat(descriptive.max)

    def mean(self) -> Any:
        """Mean of each selected numeric column."""
        return self._number_stat(descriptive.mean)

    def stddev(self) -> Any:
        """Sample standard deviation (ddof=1, as pandas) of each selected numeric column."""
        return self._number_stat(descriptive.stddev)

    def std(self) -> Any:
        """Sample standard deviation (ddof=1), pandas' name for :meth:`stddev`.

        Examples
        --------
        >>> round(float(hdf.cols["Age"].std()), 6)
        14.526497
        """
        return self.stddev()

    def count(self) -> Any:
        """Non-missing values of each selected column, as pandas' ``count`` (NaN is missing).

        Examples
        --------
        >>> hdf.cols[["Age", "Cabin"]].count().tolist()
        [714, 204]
        """
        return self._stat(descriptive.count)

    def sum(self) -> Any:
        """Sum of each selected numeric column (0 when it has no value, as pandas).

        Examples
        --------
        >>> round(float(hdf.cols["Fare"].sum()), 4)
        28693.9493
        """
        return self._number_stat(descriptive.total)

    def skew(self) -> Any:
        """Sample skewness (bias-corrected, as pandas' ``skew``) of each selected numeric column."""
        return self._number_stat(moments.skew)

    def kurt(self) -> Any:
        """Sample excess kurtosis (bias-corrected, as pandas' ``kurt``) of each selected numeric column."""
        return self._number_stat(moments.kurt)

    def quantile(self, q: float | list[float] = 0.5, relativeError: float = 0.0) -> Any:
        """The ``q`` quantile(s) of each selected numeric column, as pandas' ``quantile``: exact by default.

        A number gives what :meth:`percentile` gives; a list gives a table with a row per
        quantile (a Series for one column), in one Spark job (two bounded passes when exact). ``relativeError`` > 0
        trades exactness for a bounded rank error (see :meth:`percentile`).

        Examples
        --------
        >>> float(hdf.cols["Age"].quantile(0.9))
        50.0
        >>> hdf.cols["Age"].quantile([0.1, 0.9]).tolist()
        [14.0, 50.0]
        """
        if not isinstance(q, (list, tuple)):
            return self.percentile(q, relativeError)
        table = self._number_stat(descriptive.quantile_table, qs=list(q), relativeError=relativeError)
        selected = self._selected()
        if isinstance(selected, str) and self._strata is None:
            return table.iloc[:, 0].rename(selected)
        return table

    def var(self) -> Any:
        """Sample variance (ddof=1, as pandas) of each selected numeric column."""
        return self._number_stat(descriptive.var)

    def percentile(self, p: float, relativeError: float = descriptive.DEFAULT_RELATIVE_ERROR, **precision: Any) -> Any:
        """The ``p`` quantile (0..1) of each selected numeric column.

        ``relativeError=0`` is exact (linear interpolation, as pandas); otherwise the
        result is a value of the data whose rank is within ``relativeError * n`` of ``p * n``.
        ``relativeError`` must be 0 or lie in ``[1 / (2**31 - 1), 1]`` (see
        :func:`~handyspark._validation.check_relative_error`). ``precision=`` is the
        HandySpark 0.2 spelling of ``relativeError=`` (a ``FutureWarning``).
        """
        relativeError = relative_error_keyword(relativeError, precision, "percentile")
        return self._number_stat(descriptive.percentile, p=p, relativeError=relativeError)

    def median(self, relativeError: float = descriptive.DEFAULT_RELATIVE_ERROR, **precision: Any) -> Any:
        """The median (see :meth:`percentile` for the error bound)."""
        return self.percentile(0.5, relative_error_keyword(relativeError, precision, "median"))

    def q1(self, relativeError: float = descriptive.DEFAULT_RELATIVE_ERROR, **precision: Any) -> Any:
        """The first quartile (see :meth:`percentile` for the error bound)."""
        return self.percentile(0.25, relative_error_keyword(relativeError, precision, "q1"))

    def q3(self, relativeError: float = descriptive.DEFAULT_RELATIVE_ERROR, **precision: Any) -> Any:
        """The third quartile (see :meth:`percentile` for the error bound)."""
        return self.percentile(0.75, relative_error_keyword(relativeError, precision, "q3"))

    def describe(self, relativeError: float = descriptive.DEFAULT_RELATIVE_ERROR, **precision: Any) -> pd.DataFrame:
        """count, mean, std, min, quartiles and max of the selected numeric columns, in one Spark job.

        As pandas' ``describe()`` (non-numeric columns are left out); quartiles carry the
        error bound of :meth:`percentile` (``relativeError=0`` is exact).

        Examples
        --------
        >>> hdf.cols[["Age", "Fare"]].describe(relativeError=0)
                      Age        Fare
        count  714.000000  891.000000
        mean    29.699118   32.204208
        std     14.526497   49.693429
        min      0.420000    0.000000
        25%     20.125000    7.910400
        50%     28.000000   14.454200
        75%     38.000000   31.000000
        max     80.000000  512.329200
        """
        relativeError = relative_error_keyword(relativeError, precision, "describe")
        return self._stat(descriptive.describe, relativeError=relativeError)

    def mode(self) -> Any:
        """The most frequent value of each selected column (ties: the smallest)."""
        return self._stat(descriptive.mode)

    def nunique(self) -> Any:
        """The exact number of distinct non-missing values of each selected column."""
        return self._stat(descriptive.nunique)

    def isnull(self, ratio: bool = False) -> Any:
        """Missing values of each selected column (counts, or fractions with ``ratio``)."""
        return self._stat(descriptive.isnull, ratio=ratio)

    def value_counts(self, dropna: bool = True) -> pd.Series:
        """Counts of distinct values (of combinations, for several columns), as pandas' ``value_counts``."""
        return self._stat(frequencies.value_counts, dropna=dropna)

    def entropy(self) -> Any:
        """Shannon entropy (base 2) of each selected column's values."""
        return self._stat(frequencies.entropy)

    def mutual_info(self) -> pd.DataFrame:
        """Pairwise mutual information (base 2) of the selected columns."""
        return frequencies.mutual_info(self._df, as_column_list(self._selected()), strata=self._strata)

    def corr(self, method: str = "pearson") -> pd.DataFrame:
        """Pairwise correlation (``'pearson'`` or ``'spearman'``) of the selected numeric columns."""
        return correlation.corr(self._df, as_column_list(self._numbers()), strata=self._strata, method=method)

    # ------------------------------------------------------------------ outliers (Mahalanobis)
    def get_outliers(self, critical_value: float = 0.999) -> DataFrame:
        """Rows whose squared Mahalanobis distance on the selected columns exceeds the chi-square critical value.

        A HandyFrame with the frame's settings. Assumes the selected columns are roughly
        multivariate normal. Rows with a missing
        value are inliers; a column holding ``inf`` or ``-inf`` raises
        :class:`~handyspark.errors.ArgumentError` naming it (there is no finite distance).

        Examples
        --------
        >>> hdf.cols[["Age", "Fare", "SibSp"]].get_outliers(critical_value=0.90).count()
        69
        """
        return self._rows(self._outlier_split(critical_value)[0])

    def remove_outliers(self, critical_value: float = 0.999) -> DataFrame:
        """The rows :meth:`get_outliers` does not return (a HandyFrame with the frame's settings)."""
        return self._rows(self._outlier_split(critical_value)[1])

    def _outlier_split(self, critical_value: float) -> tuple[DataFrame, DataFrame]:
        from .outliers import mahalanobis_split

        return mahalanobis_split(self._df, as_column_list(self._selected()), critical_value)

    def _rows(self, df: DataFrame) -> DataFrame:
        """Rows of the user's data as the facade returns them (a HandyFrame with the same settings)."""
        return df if self._make_frame is None else self._make_frame(df, self._state)

    # ------------------------------------------------------------------ plots and their data
    def _single(self, what: str) -> str:
        columns = self._selected()
        if not isinstance(columns, str):
            raise ArgumentError(f"{what} takes one column, e.g. cols['Fare'].{what}(); got {columns}")
        return columns

    def _pair(self, what: str) -> list[str]:
        columns = as_column_list(self._selected())
        if len(columns) != 2:
            raise ArgumentError(f"{what} takes two columns, e.g. cols[['Fare', 'Age']].{what}(); got {columns}")
        return columns

    def histogram(self, bins: int = 10, **kwargs: Any) -> Any:
        """The counts and bin edges behind :meth:`hist` (per stratum when stratified)."""
        from .stats import binning

        return binning.histogram(self._df, self._single("histogram"), bins=bins, strata=self._strata, **kwargs)

    def box_stats(self, k: float = 1.5, **kwargs: Any) -> Any:
        """Quartiles, whiskers and fliers behind :meth:`boxplot`."""
        from .stats import boxstats

        return boxstats.box_stats(self._df, as_column_list(self._selected()), k=k, strata=self._strata, **kwargs)

    def scatter_counts(self, bins: int = 30, **kwargs: Any) -> Any:
        """Binned cell counts behind :meth:`scatterplot`."""
        from .stats import scatter

        x, y = self._pair("scatter_counts")
        return scatter.scatter_counts(self._df, x, y, bins=bins, strata=self._strata, **kwargs)

    def hist(self, ax: Any = None, bins: int = 10, **kwargs: Any) -> Any:
        """Histogram (numeric) or bar chart of counts (categorical); returns the matplotlib Axes."""
        from .plotting import hist

        return hist(self._df, self._single("hist"), ax=ax, bins=bins, strata=self._strata, **kwargs)

    def boxplot(self, ax: Any = None, k: float = 1.5, showfliers: bool = True, **kwargs: Any) -> Any:
        """Box plot with Tukey whiskers computed by Spark; returns the Axes, or a PanelGrid (one panel per column)
        for several columns (``precision=``: see :meth:`percentile`)."""
        from .plotting import boxplot

        if "precision" in kwargs:
            kwargs["relativeError"] = precision_as_relative_error(kwargs, kwargs.get("relativeError"), stacklevel=4)
        return boxplot(self._df, as_column_list(self._selected()), ax=ax, k=k, showfliers=showfliers,
                       strata=self._strata, **kwargs)

    def scatterplot(self, ax: Any = None, bins: int = 30, **kwargs: Any) -> Any:
        """Binned scatter plot (one circle per non-empty cell, sized by count); returns the Axes."""
        from .plotting import scatterplot

        x, y = self._pair("scatterplot")
        return scatterplot(self._df, x, y, ax=ax, bins=bins, strata=self._strata, **kwargs)

