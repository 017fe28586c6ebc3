"""Compare and drift: what changed between two frames, per stratum, or from a saved profile.

:func:`compare` (two frames, one Spark job), :func:`compare_profile` (a saved profile against a frame:
one job on the frame only) and :func:`compare_profiles` (two saved profiles: none) make a
:class:`Comparison` (plain data with pandas views, flags, a plot and an HTML report);
``hdf.compare(other)``, ``hdf.stratify([...]).compare(other)`` and ``Profile.compare(...)`` call them.
"""

from __future__ import annotations

from .compute import QUANTILES
from .core import SPARK_JOBS, compare, compare_profile, compare_profiles
from .measures import EPSILON, THRESHOLDS
from .result import COLUMNS, Comparison

__all__ = ["Comparison", "compare", "compare_profile", "compare_profiles", "EPSILON", "THRESHOLDS", "QUANTILES",
           "COLUMNS", "SPARK_JOBS"]
