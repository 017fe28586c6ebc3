"""Spark ML stages for handyspark's cleaning: imputer and fencer, as fitted Models and as Estimators.

Each stage is a real ``pyspark.ml`` stage (Params, ``transform``, Pipelines,
``write().save(path)`` / ``load(path)``) on classic sessions and Spark Connect;
the work is done by :mod:`handyspark.imputation` and :mod:`handyspark.fencing`.

Examples
--------
>>> from handyspark.ml import HandyImputerEstimator, HandyFencerEstimator
>>> from pyspark.ml import Pipeline
>>> pipeline = Pipeline(stages=[
...     HandyImputerEstimator(categorical=["Embarked"], continuous=["Age"], strata=["Pclass", "Sex"]),
...     HandyFencerEstimator(inputCols=["Fare"]),
... ])
>>> model = pipeline.fit(df)
"""

from .fencer import HandyFencer, HandyFencerEstimator
from .imputer import HandyImputer, HandyImputerEstimator
from .persistence import HandyMLReadable, HandyMLWritable, HandyParamsWriter

__all__ = [
    "HandyImputer",
    "HandyImputerEstimator",
    "HandyFencer",
    "HandyFencerEstimator",
    "HandyMLReadable",
    "HandyMLWritable",
    "HandyParamsWriter",
]
