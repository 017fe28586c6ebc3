"""PySpark version and Spark Connect differences: the only place for them."""

from __future__ import annotations

try:
    import pyspark
    from pyspark.sql import Column, DataFrame, SparkSession
except ImportError:  # pragma: no cover - exercised in a subprocess test
    raise ImportError(
        "handyspark needs PySpark >= 4.0: run  pip install 'handyspark[spark]'  "
        "(or 'handyspark[connect]' for Spark Connect)"
    ) from None

PYSPARK_VERSION = tuple(int(p) for p in pyspark.__version__.split(".")[:2])
if PYSPARK_VERSION < (4, 0):  # pragma: no cover
    raise ImportError(
        f"handyspark needs PySpark >= 4.0, found {pyspark.__version__}: "
        "run  pip install -U 'handyspark[spark]'"
    )

__all__ = ["Column", "DataFrame", "SparkSession", "is_connect", "PYSPARK_VERSION"]


def is_connect(obj: object) -> bool:
    """Whether a DataFrame or SparkSession belongs to Spark Connect."""
    return any(cls.__module__.startswith("pyspark.sql.connect") for cls in type(obj).__mro__)
