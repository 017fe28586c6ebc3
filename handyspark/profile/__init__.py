"""Profile a frame: every column's figures, top values and histogram, and the correlations, in a few Spark jobs.

:func:`profile` (the Spark side, :mod:`.compute`) makes a :class:`Profile` (plain data with pandas views
and exact JSON, :mod:`.result`); ``hdf.profile()`` and ``hdf.stratify([...]).profile()`` call it.
"""

from __future__ import annotations

from .compute import APPROX_RSD, SPARK_JOBS, profile
from .result import QUANTILES, STATISTICS, Profile

__all__ = ["Profile", "profile", "APPROX_RSD", "SPARK_JOBS", "QUANTILES", "STATISTICS"]
