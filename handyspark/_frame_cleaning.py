"""The cleaning methods of HandyFrame: ``fill``, ``outliers``, ``fence`` and ``transformers``.

A mixin, so that frame.py stays a thin facade; the work lives in
:mod:`handyspark.imputation`, :mod:`handyspark.fencing`, :mod:`handyspark.outliers`
and :mod:`handyspark.ml`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from ._state import HandyState
from ._validation import as_column_list
from .errors import ArgumentError

if TYPE_CHECKING:
    from .frame import HandyFrame


class CleaningMethods:
    """Missing values and outliers (mixed into :class:`~handyspark.HandyFrame`)."""

    _handy: HandyState

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
        >>> hdf.fill(categorical=["Embarked"]).statistics_  # doctest: +SKIP
        {'Embarked': 'S'}
        """
        return self._fill(args, categorical, continuous, strategy, strata=None)

    def _fill(self, args, categorical, continuous, strategy, strata) -> HandyFrame:
        from . import imputation

        if args:
            raise ArgumentError("fill takes keyword arguments only: fill(categorical=[...], continuous=[...], strategy=...)")
        model = imputation.fit_fill(
            self.notHandy(), categorical=categorical, continuous=continuous, strategy=strategy, strata=strata
        )
        filled = imputation.apply_fill(self.notHandy(), model)
        previous = self._handy.fill_model
        return self._derive(filled, fill_model=(model if previous is None else previous.merge(model)))

    @property
    def statistics_(self) -> dict:
        """The values used by the fills so far, as ``{'Embarked': 'S', 'Age': {clause: value, ...}}``."""
        return {} if self._handy.fill_model is None else self._handy.fill_model.statistics_

    def outliers(self, method: str = "tukey", k: float = 1.5, ratio: bool = False,
                 relativeError: float = 0.0) -> pd.Series:
        """Per numerical column, how many values lie outside Tukey's fences ``[Q1 - k·IQR, Q3 + k·IQR]``.

        Examples
        --------
        >>> hdf.outliers(k=3.)["Fare"]  # doctest: +SKIP
        53
        """
        return self._outliers(method, k, ratio, relativeError, strata=None)

    def _outliers(self, method, k, ratio, relativeError, strata) -> pd.Series:
        from .outliers import tukey_outliers

        if method != "tukey":
            raise ArgumentError(f"method must be 'tukey', got {method!r}")
        return tukey_outliers(
            self.notHandy(), self.cols.numerical, k=k, ratio=ratio, relativeError=relativeError, strata=strata
        )

    def fence(self, cols: Sequence[str] | str, k: float = 1.5, relativeError: float = 0.0) -> HandyFrame:
        """Clip numeric columns to Tukey's fences; ``fences_`` tells the fences used.

        Examples
        --------
        >>> hdf.fence(["Fare"]).fences_  # doctest: +SKIP
        {'Fare': [-26.724, 65.6344]}
        """
        return self._fence(cols, k, relativeError, strata=None)

    def _fence(self, cols, k, relativeError, strata) -> HandyFrame:
        from . import fencing

        columns = as_column_list(cols, "cols")
        model = fencing.fit_fences(self.notHandy(), columns, k=k, relativeError=relativeError, strata=strata)
        fenced = fencing.apply_fences(self.notHandy(), model)
        previous = self._handy.fence_model
        return self._derive(fenced, fence_model=(model if previous is None else previous.merge(model)))

    @property
    def fences_(self) -> dict:
        """The fences used so far, as ``{'Fare': [lower, upper]}`` (clause-keyed when stratified)."""
        return {} if self._handy.fence_model is None else self._handy.fence_model.fences_

    @property
    def transformers(self):
        """Spark ML transformers that redo this frame's fills and fences on other data.

        Examples
        --------
        >>> imputer = hdf.fill(categorical=["Embarked"]).transformers.imputer()  # doctest: +SKIP
        """
        return HandyTransformers(self._handy)


class HandyTransformers:
    """Builds Spark ML stages from a frame's fitted fills and fences (``hdf.transformers``)."""

    def __init__(self, state: HandyState) -> None:
        self._state = state

    def imputer(self):
        """A :class:`~handyspark.ml.HandyImputer` that applies every fill of the frame."""
        from .ml import HandyImputer

        return HandyImputer.from_model(self._state.fill_model)

    def fencer(self):
        """A :class:`~handyspark.ml.HandyFencer` that applies every fence of the frame."""
        from .ml import HandyFencer

        return HandyFencer.from_model(self._state.fence_model)
