"""The shared shell of the fitted stages: a JSON payload Param holding a model, applied by a function."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Protocol, TypeVar

from pyspark.ml import Model

from .._compat import DataFrame
from ..errors import NotFittedError
from ._params import json_data
from .persistence import HandyMLReadable, HandyMLWritable


class JsonModel(Protocol):
    """A model class rebuilt from its ``to_json()`` data (``FillModel``, ``FenceModel``)."""

    @classmethod
    def from_json(cls, data: Any) -> Any: ...


_Stage = TypeVar("_Stage", bound="ModelStage")


def payload_converter(name: str, model_class: type[JsonModel]) -> Callable[[Any], list]:
    """A Param type converter accepting only a valid ``model_class.to_json()`` list."""

    def convert(value: Any) -> list:
        data = json_data(value)
        if not isinstance(data, list):
            raise TypeError(f"{name} must be a list ({model_class.__name__}.to_json()), got {value!r}")
        model_class.from_json(data)  # validates
        return data

    return convert


class ModelStage(Model, HandyMLWritable, HandyMLReadable):
    """A Model whose learned values live in one JSON Param (``_payload``) and apply with ``_apply``.

    Subclasses declare the Param, ``__init__``/``setParams`` (Spark ML wants them
    keyword-only per class), and the class variables below.
    """

    _payload: ClassVar[str]
    _model_class: ClassVar[type[JsonModel]]
    _apply: ClassVar[Callable[..., DataFrame]]  # a staticmethod: (DataFrame, model) -> DataFrame
    _how_to_fit: ClassVar[str]
    _input_kwargs: dict[str, Any]  # set by @keyword_only, as PySpark's own stages declare it

    @classmethod
    def from_model(cls: type[_Stage], model: Any) -> _Stage:
        """A stage applying ``model``; raises :class:`~handyspark.errors.NotFittedError` for None."""
        if model is None:
            raise NotFittedError(f"nothing was fitted to make a {cls.__name__} of: {cls._how_to_fit}")
        return cls(**{cls._payload: model.to_json()})

    @property
    def model(self) -> Any:
        """The fitted model (plain data) this stage applies."""
        data = self.getOrDefault(self.getParam(self._payload))
        if not data:
            raise NotFittedError(f"this {type(self).__name__} has nothing fitted: {self._how_to_fit}")
        return self._model_class.from_json(data)

    def _transform(self, dataset: DataFrame) -> DataFrame:
        return type(self)._apply(dataset, self.model)
