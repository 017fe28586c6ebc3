"""StratifiedFrame: what ``hdf.stratify([...])`` returns — every operation per stratum."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from .columns import HandyColumns
from .stats import descriptive
from .strata import Strata

if TYPE_CHECKING:
    from .frame import HandyFrame

__all__ = ["StratifiedFrame"]


class StratifiedFrame:
    """A HandyFrame split into strata: statistics, plots, ``fill``, ``fence`` and ``outliers`` per stratum.

    Each operation scans the data once, whatever the number of strata; rows whose
    stratum value is null form their own stratum. pandas results gain the strata
    as leading index levels.

    Examples
    --------
    >>> hdf.stratify(["Pclass"]).cols["Embarked"].value_counts()  # doctest: +SKIP
    Pclass  Embarked
    1       S           127
            C            85
            Q             2
    ...
    """

    def __init__(self, frame: HandyFrame, strata: Strata) -> None:
        self._frame = frame
        self.strata = strata

    def __repr__(self) -> str:
        return f"StratifiedFrame(strata={self.strata.names})"

    @property
    def cols(self) -> HandyColumns:
        """Column statistics and plots per stratum."""
        return HandyColumns(self._frame.notHandy(), self._frame._handy, strata=self.strata)

    def isnull(self, ratio: bool = False) -> pd.Series:
        """Missing values per stratum and column."""
        df = self._frame.notHandy()
        return descriptive.isnull(df, list(df.columns), strata=self.strata, ratio=ratio)

    def nunique(self) -> pd.Series:
        """Exact distinct counts per stratum and column."""
        df = self._frame.notHandy()
        return descriptive.nunique(df, list(df.columns), strata=self.strata)

    def fill(self, *args: Any, categorical: Sequence[str] | None = None, continuous: Sequence[str] | None = None,
             strategy: str | Sequence[str] | None = None) -> HandyFrame:
        """Fill missing values with per-stratum values; returns the filled HandyFrame (all rows kept)."""
        return self._frame._fill(args, categorical, continuous, strategy, strata=self.strata)

    def fence(self, cols: Sequence[str] | str, k: float = 1.5, relativeError: float = 0.0) -> HandyFrame:
        """Clip to per-stratum Tukey fences; returns the fenced HandyFrame (all rows kept)."""
        return self._frame._fence(cols, k, relativeError, strata=self.strata)

    def outliers(self, method: str = "tukey", k: float = 1.5, ratio: bool = False,
                 relativeError: float = 0.0) -> pd.Series:
        """Tukey outlier counts per stratum and numerical column."""
        return self._frame._outliers(method, k, ratio, relativeError, strata=self.strata)
