"""StratifiedFrame: what ``hdf.stratify([...])`` returns — every operation per stratum."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

import pandas as pd

from . import cleaning
from ._compat import DataFrame
from ._state import HandyState
from .columns import HandyColumns
from .compare import Comparison, compare
from .errors import ArgumentError
from .profile import Profile, profile
from .segment_metrics import SegmentMetrics
from .stats import descriptive
from .strata import Strata

__all__ = ["StratifiedFrame"]

#: The frames ``fill`` and ``fence`` return (HandyFrame, made by the factory the frame passes in).
FrameT = TypeVar("FrameT", bound=DataFrame)


class StratifiedFrame(Generic[FrameT]):
    """A HandyFrame split into strata: statistics, plots, ``fill``, ``fence`` and ``outliers`` per stratum.

    Each operation scans the data once, whatever the number of strata; rows whose
    stratum value is null form their own stratum. pandas results gain the strata
    as leading index levels.

    Examples
    --------
    >>> hdf.stratify(["Pclass"]).cols["Embarked"].value_counts()
    Pclass  Embarked
    1       S           127
            C            85
            Q             2
    ...
    """

    def __init__(
        self,
        df: DataFrame,
        state: HandyState,
        strata: Strata,
        make_frame: Callable[[DataFrame, HandyState], FrameT],
    ) -> None:
        self._df = df
        self._state = state
        self.strata = strata
        self._make_frame = make_frame  # what fill and fence return: a HandyFrame of the result

    def __repr__(self) -> str:
        return f"StratifiedFrame(strata={self.strata.names})"

    @property
    def cols(self) -> HandyColumns:
        """Column statistics and plots per stratum."""
        return HandyColumns(self._df, self._state, strata=self.strata, make_frame=self._make_frame)

    def isnull(self, ratio: bool = False) -> pd.Series:
        """Missing values per stratum and column."""
        return descriptive.isnull(self._df, list(self._df.columns), strata=self.strata, ratio=ratio)

    def nunique(self) -> pd.Series:
        """Exact distinct counts per stratum and column."""
        return descriptive.nunique(self._df, list(self._df.columns), strata=self.strata)

    def profile(self, columns: Sequence[str] | None = None, *, k: int = 10, bins: int = 10,
                relativeError: float = 1e-4, approx: bool = False, max_categories: int = 100,
                spearman: str = "auto") -> Profile:
        """:meth:`HandyFrame.profile` per stratum, in as many Spark jobs whatever the number of strata.

        Examples
        --------
        >>> hdf.stratify(["Sex"]).profile(["Age"]).overview["rows"].tolist()
        [314, 577]
        """
        return profile(self._df, columns, self.strata, k=k, bins=bins, relativeError=relativeError, approx=approx,
                       max_categories=max_categories, spearman=spearman)

    def compare(self, other: Any, columns: Sequence[str] | None = None, *, bins: int = 10,
                max_categories: int = 50, thresholds: dict[str, Any] | None = None) -> Comparison:
        """:meth:`HandyFrame.compare` per stratum (the strata applied to both frames), in as many Spark jobs
        whatever the number of strata (one more the first time the strata are used, for ``max_strata``).

        Examples
        --------
        >>> c = hdf.where(F.col("Pclass") == 1).toHandy().stratify(["Sex"]).compare(hdf.where(F.col("Pclass") == 3), ["Age"])
        >>> c.table["flag"].tolist()
        ['alarm', 'alarm']
        """
        return compare(self._df, other, columns, self.strata, bins=bins, max_categories=max_categories,
                       thresholds=thresholds)

    def evaluate(self, scoreCol: str = "probability", labelCol: str = "label", *, numBins: int | None = None,
                 maxThresholds: int = 100_000, weightCol: str | None = None) -> SegmentMetrics:
        """A binary classifier's metrics per stratum and overall, from one Spark job (see
        :class:`~handyspark.segment_metrics.SegmentMetrics`).

        Examples
        --------
        >>> seg = predictions.toHandy().stratify(["Pclass"]).evaluate("probability", "Survived")
        >>> seg.summary()["areaUnderROC"].round(4).tolist()
        [0.8193, 0.8984, 0.7174, 0.837]
        """
        return SegmentMetrics(self._df, self.strata, scoreCol, labelCol, numBins, maxThresholds, weightCol=weightCol)

    def fill(self, *args: Any, categorical: Sequence[str] | None = None, continuous: Sequence[str] | None = None,
             strategy: str | Sequence[str] | None = None) -> FrameT:
        """Fill missing values with per-stratum values; returns the filled HandyFrame (all rows kept)."""
        if args:
            raise ArgumentError("fill takes keyword arguments only: fill(categorical=[...], continuous=[...], strategy=...)")
        filled, state = cleaning.fill_frame(self._df, self._state, self.strata, categorical, continuous, strategy)
        return self._make_frame(filled, state)

    def fence(self, cols: Sequence[str] | str, k: float = 1.5, relativeError: float = 0.0) -> FrameT:
        """Clip to per-stratum Tukey fences; returns the fenced HandyFrame (all rows kept)."""
        fenced, state = cleaning.fence_frame(self._df, self._state, self.strata, cols, k, relativeError)
        return self._make_frame(fenced, state)

    def outliers(self, method: str = "tukey", k: float = 1.5, ratio: bool = False,
                 relativeError: float = 0.0) -> pd.Series:
        """Tukey outlier counts per stratum and numerical column."""
        return cleaning.outlier_counts(self._df, self.strata, method, k, ratio, relativeError)
