"""Fill, fence and outliers of a frame and its state: what the facades delegate to.

:class:`~handyspark.HandyFrame` and :class:`~handyspark.stratified_frame.StratifiedFrame`
call these functions with their plain DataFrame, their
:class:`~handyspark._state.HandyState` and their strata (None for the whole
frame). ``fill_frame`` and ``fence_frame`` return the cleaned DataFrame and the
new state (the fitted model appended as the next step); the state passed in is
not changed. The work itself lives in :mod:`handyspark.imputation`,
:mod:`handyspark.fencing` and :mod:`handyspark.outliers`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from . import fencing, imputation
from ._compat import DataFrame
from ._state import HandyState
from ._validation import as_column_list, field_types, is_numeric
from .errors import ArgumentError
from .outliers import tukey_outliers

if TYPE_CHECKING:
    from .ml import HandyFencer, HandyImputer
    from .strata import Strata

__all__ = ["fill_frame", "fence_frame", "outlier_counts", "fill_values", "fence_values", "HandyTransformers"]


def fill_frame(
    df: DataFrame,
    state: HandyState,
    strata: Strata | None,
    categorical: Sequence[str] | None = None,
    continuous: Sequence[str] | None = None,
    strategy: str | Sequence[str] | None = None,
) -> tuple[DataFrame, HandyState]:
    """Fill missing values (per stratum with ``strata``); the filled frame and the state with the fill appended.

    Examples
    --------
    >>> filled, state = fill_frame(df, HandyState(), None, categorical=["Embarked"])
    >>> fill_values(state)
    {'Embarked': 'S'}
    """
    model = imputation.fit_fill(df, categorical=categorical, continuous=continuous, strategy=strategy, strata=strata)
    filled = imputation.apply_fill(df, model)
    previous = state.fill_model
    return filled, state.replace(fill_model=model if previous is None else previous.merge(model))


def fence_frame(
    df: DataFrame,
    state: HandyState,
    strata: Strata | None,
    cols: Sequence[str] | str,
    k: float = 1.5,
    relativeError: float = 0.0,
) -> tuple[DataFrame, HandyState]:
    """Clip to Tukey's fences (per stratum with ``strata``); the fenced frame and the state with the fences appended.

    Examples
    --------
    >>> fenced, state = fence_frame(df, HandyState(), None, ["Fare"])
    """
    columns = as_column_list(cols, "cols")
    model = fencing.fit_fences(df, columns, k=k, relativeError=relativeError, strata=strata)
    fenced = fencing.apply_fences(df, model)
    previous = state.fence_model
    return fenced, state.replace(fence_model=model if previous is None else previous.merge(model))


def outlier_counts(
    df: DataFrame,
    strata: Strata | None,
    method: str = "tukey",
    k: float = 1.5,
    ratio: bool = False,
    relativeError: float = 0.0,
) -> pd.Series:
    """Per numerical column (and stratum), the values outside Tukey's fences: counts, or fractions with ``ratio``.

    Examples
    --------
    >>> int(outlier_counts(df, None, k=3.0)["Fare"])
    53
    """
    if method != "tukey":
        raise ArgumentError(f"method must be 'tukey', got {method!r}")
    numerical = [name for name, dtype in field_types(df).items() if is_numeric(dtype)]
    return tukey_outliers(df, numerical, k=k, ratio=ratio, relativeError=relativeError, strata=strata)


def fill_values(state: HandyState) -> dict:
    """The values the fills of ``state`` used: ``{'Embarked': 'S', 'Age': {clause: value, ...}}``."""
    return {} if state.fill_model is None else state.fill_model.statistics_


def fence_values(state: HandyState) -> dict:
    """The fences of ``state``: ``{'Fare': [lower, upper]}`` (clause-keyed when stratified)."""
    return {} if state.fence_model is None else state.fence_model.fences_


class HandyTransformers:
    """Spark ML stages that redo a frame's fills and fences on other data (``hdf.transformers``).

    Examples
    --------
    >>> imputer = hdf.fill(categorical=["Embarked"]).transformers.imputer()
    """

    def __init__(self, state: HandyState) -> None:
        self._state = state

    def imputer(self) -> HandyImputer:
        """A :class:`~handyspark.ml.HandyImputer` that applies every fill of the frame, in order."""
        from .ml import HandyImputer

        return HandyImputer.from_model(self._state.fill_model)

    def fencer(self) -> HandyFencer:
        """A :class:`~handyspark.ml.HandyFencer` that applies every fence of the frame, in order."""
        from .ml import HandyFencer

        return HandyFencer.from_model(self._state.fence_model)

    def __repr__(self) -> str:
        fills = fencers = 0
        if self._state.fill_model is not None:
            fills = len(self._state.fill_model.steps())
        if self._state.fence_model is not None:
            fencers = len(self._state.fence_model.steps())
        return f"HandyTransformers(fill steps={fills}, fence steps={fencers})"
