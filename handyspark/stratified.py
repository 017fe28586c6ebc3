"""The old import path of :mod:`handyspark.stratified_frame` (``StratifiedFrame``).

Kept so that ``from handyspark.stratified import StratifiedFrame`` keeps working; the strata
themselves (``Bucket``, ``Quantile``, ``Strata``) live in :mod:`handyspark.strata`.
"""

from .stratified_frame import StratifiedFrame

__all__ = ["StratifiedFrame"]
