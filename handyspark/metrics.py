"""The old import path of :mod:`handyspark.binary_metrics` (``BinaryClassificationMetrics``).

Kept so that ``from handyspark.metrics import BinaryClassificationMetrics`` keeps working; the
numbers are computed in :mod:`handyspark.evaluation`.
"""

from .binary_metrics import BinaryClassificationMetrics

__all__ = ["BinaryClassificationMetrics"]
