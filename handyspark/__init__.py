"""handyspark: pandas-like exploration, cleaning and model evaluation for Spark DataFrames.

``import handyspark`` adds ``toHandy()`` to every ``pyspark.sql.DataFrame``
(classic and Spark Connect) and ``.ret`` to Spark data types.

Examples
--------
>>> import handyspark
>>> from handyspark.datasets import titanic
>>> hdf = titanic(spark).toHandy()
>>> hdf.cols["Embarked"].value_counts(dropna=False)
"""

from __future__ import annotations

import warnings

from ._compat import DataFrame  # fails with one line when PySpark is missing
from ._compat import separate_connect_frame_classes as _separate_connect_frame_classes
from .errors import HandyException, SafetyWarning, VersionError  # noqa: F401 - handyspark.VersionError
from .frame import HandyFrame, to_handy
from .pandas_functions import install_type_wrappers as _install_type_wrappers
from .profile import Profile
from .strata import Bucket, Quantile

__version__ = "1.0.0.dev0"


def _to_handy(self: DataFrame) -> HandyFrame:
    """This DataFrame as a :class:`~handyspark.HandyFrame` (same data, same plan).

    A column whose name is also a HandyFrame attribute (``response``, ``shape``, ``cols``...)
    is read as ``hdf['response']``: ``hdf.response`` is the attribute, and a warning says so.

    Examples
    --------
    >>> hdf = df.toHandy()
    """
    hdf = to_handy(self)
    # names HandyFrame adds to DataFrame (DataFrame's own, such as count, shadow columns in Spark already)
    shadowed = [c for c in self.columns if hasattr(HandyFrame, c) and not hasattr(DataFrame, c)]
    if shadowed:
        warnings.warn(
            f"columns {shadowed} share their names with HandyFrame attributes: hdf.{shadowed[0]} is the attribute; "
            f"read the column as hdf[{shadowed[0]!r}]",
            UserWarning,
            stacklevel=2,
        )
    return hdf


# toHandy is handyspark's own addition to PySpark's class: unknown to PySpark's stubs
DataFrame.toHandy = _to_handy  # type: ignore[attr-defined]
for _cls in _separate_connect_frame_classes():  # PySpark 3.5's Connect DataFrame: says what is needed
    setattr(_cls, "toHandy", _to_handy)  # noqa: B010 - a class PySpark 4 no longer has
_install_type_wrappers()  # StringType.ret(f), ArrayType(DoubleType()).ret(f)

__all__ = ["HandyFrame", "Bucket", "Quantile", "HandyException", "SafetyWarning", "BinaryClassificationMetrics",
           "MulticlassMetrics", "Profile"]


def __getattr__(name: str):
    # optional parts load on first use, so that a partial install still imports
    if name == "BinaryClassificationMetrics":
        from .binary_metrics import BinaryClassificationMetrics

        return BinaryClassificationMetrics
    if name == "MulticlassMetrics":
        from .multiclass_metrics import MulticlassMetrics

        return MulticlassMetrics
    raise AttributeError(f"module 'handyspark' has no attribute {name!r}")
