"""HandyFencer (fitted Tukey fences as a Spark ML Model) and HandyFencerEstimator (fits it in a Pipeline)."""

from __future__ import annotations

from typing import Any

from pyspark import keyword_only
from pyspark.ml import Estimator
from pyspark.ml.param import Param, Params, TypeConverters

from .._compat import DataFrame
from .._deprecation import renamed
from ..fencing import FenceModel, apply_fences, fit_fences
from ..strata import DEFAULT_MAX_STRATA, resolve_strata
from ._model_stage import ModelStage, payload_converter
from ._params import plain, strata_items, to_strata_spec
from .persistence import HandyMLReadable, HandyMLWritable

__all__ = ["HandyFencer", "HandyFencerEstimator"]


_to_fences = payload_converter("fences", FenceModel)


class HandyFencer(ModelStage):
    """Clips columns to fitted Tukey fences (per stratum too), as ``HandyFrame.fence`` did.

    Get one from a fenced frame (``hdf.fence([...]).transformers.fencer()``) or by
    fitting :class:`HandyFencerEstimator`. It applies Column expressions only; a
    stratum unseen at fit time gets the global fences; nulls and NaN stay as they are.

    Examples
    --------
    >>> fencer = hdf.fence(["Fare"]).transformers.fencer()
    >>> fencer.fences_
    {'Fare': [-26.724, 65.6344]}
    """

    fences = Param(
        Params._dummy(), "fences", "the fitted fences, one JSON object per column (FenceModel.to_json())",
        typeConverter=_to_fences,
    )

    _payload = "fences"
    _model_class = FenceModel
    _apply = staticmethod(apply_fences)
    _how_to_fit = "get one from hdf.fence([...]).transformers.fencer() or by fitting HandyFencerEstimator"

    @keyword_only
    def __init__(self, *, fences: list | None = None) -> None:
        super().__init__()
        self._setDefault(fences=[])
        self._set(**self._input_kwargs)

    @keyword_only
    def setParams(self, *, fences: list | None = None) -> HandyFencer:
        """Set the fences."""
        return self._set(**self._input_kwargs)

    @property
    def fences_(self) -> dict:
        """The fences, as ``HandyFrame.fences_``."""
        return self.model.fences_

    def getDictValues(self) -> dict:
        """HandySpark 0.2 spelling of :attr:`fences_` (a ``FutureWarning``)."""
        renamed("HandyFencer.getDictValues()", "HandyFencer.fences_")
        return self.fences_


class HandyFencerEstimator(Estimator, HandyMLWritable, HandyMLReadable):
    """Learns Tukey fences inside a Pipeline; ``fit`` gives a :class:`HandyFencer`.

    Examples
    --------
    >>> est = HandyFencerEstimator(inputCols=["Fare"], k=1.5, strata=["Pclass"])
    >>> fencer = est.fit(df)
    """

    _input_kwargs: dict[str, Any]  # set by @keyword_only, as PySpark's own stages declare it

    inputCols = Param(Params._dummy(), "inputCols", "numeric columns to clip to their fences",
                      typeConverter=TypeConverters.toListString)
    k = Param(Params._dummy(), "k", "how many interquartile ranges beyond the quartiles the fences lie",
              typeConverter=TypeConverters.toFloat)
    relativeError = Param(Params._dummy(), "relativeError", "relative error of the quartiles (0: exact)",
                          typeConverter=TypeConverters.toFloat)
    strata = Param(Params._dummy(), "strata",
                   "columns to stratify by: names, or {'bucket'|'quantile': column, 'bins': n} (Bucket/Quantile)",
                   typeConverter=to_strata_spec)
    maxStrata = Param(Params._dummy(), "maxStrata", "the most strata the fit may make",
                      typeConverter=TypeConverters.toInt)

    @keyword_only
    def __init__(self, *, inputCols: list[str] | None = None, k: float | None = None,
                 relativeError: float | None = None, strata: list | None = None,
                 maxStrata: int | None = None) -> None:
        super().__init__()
        self._setDefault(inputCols=[], k=1.5, relativeError=0.0, strata=[], maxStrata=DEFAULT_MAX_STRATA)
        self._set(**{k: v for k, v in self._input_kwargs.items() if v is not None})

    @keyword_only
    def setParams(self, *, inputCols: list[str] | None = None, k: float | None = None,
                  relativeError: float | None = None, strata: list | None = None,
                  maxStrata: int | None = None) -> HandyFencerEstimator:
        """Set the parameters."""
        return self._set(**{k: v for k, v in self._input_kwargs.items() if v is not None})

    def _fit(self, dataset: DataFrame) -> HandyFencer:
        df = plain(dataset)
        spec = self.getOrDefault(self.strata)
        strata = resolve_strata(df, strata_items(spec), self.getOrDefault(self.maxStrata)) if spec else None
        model = fit_fences(
            df,
            self.getOrDefault(self.inputCols),
            k=self.getOrDefault(self.k),
            relativeError=self.getOrDefault(self.relativeError),
            strata=strata,
        )
        return HandyFencer.from_model(model)
