"""The HandyFrame methods that bring rows to the driver: bounded by the safety limit, or by an explicit size.

``collect``, ``toPandas``, ``toArrow`` and ``toLocalIterator`` stop at the frame's safety
limit (a :class:`~handyspark.errors.SafetyWarning` says when they cut); ``limit`` makes its
size the result's limit; ``take``, ``head``, ``first`` and ``tail`` take an explicit size and
are not limited; ``pandas_api`` gives a pandas-on-Spark frame, which the limit does not follow.
Each is one call to :mod:`handyspark.safety`. :class:`~handyspark.frame.HandyFrame` inherits
them from :class:`DriverPathMethods`, which knows nothing of the frame but its plain data
(``notHandy()``), its settings (``_handy``) and how it makes a frame of a DataFrame (``_derive``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TypeVar

import pandas as pd

from . import safety
from ._compat import DataFrame, is_connect, require

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.pandas import DataFrame as PandasOnSparkDataFrame
    from pyspark.sql import Row

    from ._state import HandyState

__all__ = ["DriverPathMethods"]

_Frame = TypeVar("_Frame", bound="DriverPathMethods")


class DriverPathMethods:
    """The methods of a HandyFrame that bring rows to the driver (see the module notes).

    Examples
    --------
    >>> len(hdf.set_safety_limit(5).collect()), len(hdf.take(3))
    (5, 3)
    """

    if TYPE_CHECKING:  # what the HandyFrame gives
        _handy: HandyState

        def notHandy(self) -> DataFrame: ...

        def _derive(self: _Frame, df: DataFrame, state: HandyState | None = None) -> _Frame: ...

    def collect(self) -> list[Row]:
        """Rows, at most the safety limit of them (a :class:`~handyspark.errors.SafetyWarning` says when cut)."""
        return safety.bounded_rows(self.notHandy(), self._handy.limit_for_action())

    def toPandas(self) -> pd.DataFrame:
        """A pandas DataFrame of at most the safety limit of rows (warns when cut)."""
        return safety.bounded_pandas(self.notHandy(), self._handy.limit_for_action())

    def toArrow(self) -> pa.Table:
        """A ``pyarrow.Table`` of at most the safety limit of rows (warns when cut)."""
        require("toArrow", connect=is_connect(self))
        return safety.bounded_arrow(self.notHandy(), self._handy.limit_for_action())

    def toLocalIterator(self, prefetchPartitions: bool = False) -> Iterator[Row]:
        """An iterator over at most the safety limit of rows (warns when cut)."""
        return safety.bounded_iterator(self.notHandy(), self._handy.limit_for_action(), prefetchPartitions)

    def limit(self: _Frame, num: int) -> _Frame:
        """The first ``num`` rows; an explicit bound, so the result's safety limit is ``num``."""
        rows = safety.limited(self.notHandy(), num)  # Spark checks num first
        return self._derive(rows, self._handy.replace(safety_limit=max(num, 1), lift=None))

    def take(self, num: int) -> list[Row]:
        """The first ``num`` rows (explicit, not limited)."""
        return safety.take(self.notHandy(), num)

    def head(self, n: int | None = None) -> Any:
        """As ``DataFrame.head`` (explicit, not limited)."""
        return safety.head(self.notHandy(), n)

    def first(self) -> Row | None:
        """As ``DataFrame.first``."""
        return safety.first(self.notHandy())

    def tail(self, num: int) -> list[Row]:
        """The last ``num`` rows (explicit, not limited)."""
        return safety.tail(self.notHandy(), num)

    def pandas_api(self, index_col: str | list[str] | None = None) -> PandasOnSparkDataFrame:
        """As ``DataFrame.pandas_api``: a pandas-on-Spark frame, which the safety limit does not follow.

        pandas-on-Spark converts its own intermediate frames to pandas the way its ``to_pandas()``
        does, so bounding that path would cut its internal results too; bound the frame yourself
        (``hdf.limit(n).pandas_api()``) or ask for ``head(n)``.

        Examples
        --------
        >>> len(hdf.limit(5).pandas_api().to_pandas())
        5
        """
        return safety.pandas_on_spark(self.notHandy(), index_col)
