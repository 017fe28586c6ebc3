"""Saving and loading handyspark stages, alone or inside Pipelines, on classic and Spark Connect.

A stage is saved as Spark ML saves any Python-only stage: its Params as JSON
metadata (``DefaultParamsWriter``; the metadata file is written by Spark, so any
path Spark can write works), and loaded back by class name, which is also how
``Pipeline``/``PipelineModel`` persistence finds our stages next to JVM stages.

The one gap filled here: ``DefaultParamsWriter.overwrite()`` removes the old
directory through the JVM session, which a Spark Connect client does not have.
On Connect the overwrite goes through the same server-side helper that Spark's
own ``PipelineModel`` writer uses on Connect.
"""

from __future__ import annotations

from typing import cast

from pyspark.ml.param import Params
from pyspark.ml.util import DefaultParamsReadable, DefaultParamsWritable, DefaultParamsWriter, MLWriter

from .._compat import is_connect

__all__ = ["HandyParamsWriter", "HandyMLWritable", "HandyMLReadable"]


class HandyParamsWriter(DefaultParamsWriter):
    """A ``DefaultParamsWriter`` whose ``overwrite()`` also works on Spark Connect.

    Examples
    --------
    >>> import tempfile
    >>> from handyspark.ml import HandyImputer
    >>> imputer = hdf.fill(categorical=["Embarked"]).transformers.imputer()
    >>> path = tempfile.mkdtemp() + "/imputer"
    >>> imputer.write().overwrite().save(path)
    >>> HandyImputer.load(path).statistics_
    {'Embarked': 'S'}
    """

    def _handleOverwrite(self, path: str) -> None:
        if is_connect(self.sparkSession):
            from pyspark.ml.connect.readwrite import RemoteMLWriter

            RemoteMLWriter.handleOverwrite(path, True)
        else:
            super()._handleOverwrite(path)


class HandyMLWritable(DefaultParamsWritable):
    """Mixin: ``stage.write()`` gives a :class:`HandyParamsWriter`; ``stage.save(path)`` works too."""

    def write(self) -> MLWriter:
        return HandyParamsWriter(cast(Params, self))  # mixed into Params subclasses only


class HandyMLReadable(DefaultParamsReadable):
    """Mixin: ``Stage.load(path)`` and ``Stage.read().load(path)``, on either kind of session."""
