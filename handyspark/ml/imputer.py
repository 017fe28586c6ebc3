"""HandyImputer (a fitted fill as a Spark ML Model) and HandyImputerEstimator (fits it in a Pipeline)."""

from __future__ import annotations

from typing import Any

from pyspark import keyword_only
from pyspark.ml import Estimator
from pyspark.ml.param import Param, Params, TypeConverters

from .._compat import DataFrame
from .._deprecation import renamed
from ..imputation import FillModel, apply_fill, fit_fill
from ..strata import DEFAULT_MAX_STRATA, resolve_strata
from ._model_stage import ModelStage, payload_converter
from ._params import plain, strata_items, to_strata_spec, to_strategy
from .persistence import HandyMLReadable, HandyMLWritable

__all__ = ["HandyImputer", "HandyImputerEstimator"]


_to_fills = payload_converter("fills", FillModel)


class HandyImputer(ModelStage):
    """Fills missing values with fitted values (per stratum too), as ``HandyFrame.fill`` did.

    Get one from a filled frame (``hdf.fill(...).transformers.imputer()``) or by
    fitting :class:`HandyImputerEstimator`. It applies Column expressions only; a
    stratum unseen at fit time gets the global value. Save and load it like any
    Spark ML stage, alone or in a ``PipelineModel``.

    Examples
    --------
    >>> imputer = hdf.fill(categorical=["Embarked"]).transformers.imputer()
    >>> imputer.statistics_
    {'Embarked': 'S'}
    >>> filled = imputer.transform(df)
    >>> filled.where(filled["Embarked"].isNull()).count()
    0
    """

    fills = Param(
        Params._dummy(), "fills", "the fitted fill values, one JSON object per column (FillModel.to_json())",
        typeConverter=_to_fills,
    )

    _payload = "fills"
    _model_class = FillModel
    _apply = staticmethod(apply_fill)
    _how_to_fit = "get one from hdf.fill(...).transformers.imputer() or by fitting HandyImputerEstimator"

    @keyword_only
    def __init__(self, *, fills: list | None = None) -> None:
        super().__init__()
        self._setDefault(fills=[])
        self._set(**self._input_kwargs)

    @keyword_only
    def setParams(self, *, fills: list | None = None) -> HandyImputer:
        """Set the fill values."""
        return self._set(**self._input_kwargs)

    @property
    def statistics_(self) -> dict:
        """The fill values, as ``HandyFrame.statistics_``."""
        return self.model.statistics_

    def getDictValues(self) -> dict:
        """HandySpark 0.2 spelling of :attr:`statistics_` (a ``FutureWarning``)."""
        renamed("HandyImputer.getDictValues()", "HandyImputer.statistics_")
        return self.statistics_


class HandyImputerEstimator(Estimator, HandyMLWritable, HandyMLReadable):
    """Learns fill values inside a Pipeline; ``fit`` gives a :class:`HandyImputer`.

    Examples
    --------
    >>> from pyspark.ml import Pipeline
    >>> est = HandyImputerEstimator(categorical=["Embarked"], continuous=["Age"], strata=["Pclass", "Sex"])
    >>> model = Pipeline(stages=[est]).fit(df)
    """

    _input_kwargs: dict[str, Any]  # set by @keyword_only, as PySpark's own stages declare it

    categorical = Param(Params._dummy(), "categorical", "columns filled with their mode",
                        typeConverter=TypeConverters.toListString)
    continuous = Param(Params._dummy(), "continuous", "numeric columns filled with their mean or median",
                       typeConverter=TypeConverters.toListString)
    strategy = Param(Params._dummy(), "strategy", "'mean', 'median', or one per continuous column",
                     typeConverter=to_strategy)
    strata = Param(Params._dummy(), "strata",
                   "columns to stratify by: names, or {'bucket'|'quantile': column, 'bins': n} (Bucket/Quantile)",
                   typeConverter=to_strata_spec)
    maxStrata = Param(Params._dummy(), "maxStrata", "the most strata the fit may make",
                      typeConverter=TypeConverters.toInt)

    @keyword_only
    def __init__(self, *, categorical: list[str] | None = None, continuous: list[str] | None = None,
                 strategy: str | list[str] | None = None, strata: list | None = None,
                 maxStrata: int | None = None) -> None:
        super().__init__()
        self._setDefault(categorical=[], continuous=[], strategy="mean", strata=[], maxStrata=DEFAULT_MAX_STRATA)
        self._set(**{k: v for k, v in self._input_kwargs.items() if v is not None})

    @keyword_only
    def setParams(self, *, categorical: list[str] | None = None, continuous: list[str] | None = None,
                  strategy: str | list[str] | None = None, strata: list | None = None,
                  maxStrata: int | None = None) -> HandyImputerEstimator:
        """Set the parameters."""
        return self._set(**{k: v for k, v in self._input_kwargs.items() if v is not None})

    def _fit(self, dataset: DataFrame) -> HandyImputer:
        df = plain(dataset)
        spec = self.getOrDefault(self.strata)
        strata = resolve_strata(df, strata_items(spec), self.getOrDefault(self.maxStrata)) if spec else None
        model = fit_fill(
            df,
            categorical=self.getOrDefault(self.categorical),
            continuous=self.getOrDefault(self.continuous),
            strategy=self.getOrDefault(self.strategy),
            strata=strata,
        )
        return HandyImputer.from_model(model)
