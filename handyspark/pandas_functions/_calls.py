"""A pandas method call as plain, picklable data that runs on pandas Series (on the workers).

``PandasCall("str", "find", ("Mrs.",), {})(series)`` is ``series.str.find("Mrs.")``.
A few Series methods that pandas applies to the *index* (``between_time``,
``truncate``, ``tz_localize``, ``tz_convert``) are given their meaning on the
values here, since a Spark column has no index.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

__all__ = ["PandasCall", "VALUE_METHODS"]


def _as_datetimes(s: pd.Series) -> pd.Series:
    # Spark hands DATE values to pandas UDFs as datetime.date objects
    return s if pd.api.types.is_datetime64_any_dtype(s.dtype) else pd.to_datetime(s)


def _between_time(s: pd.Series, start_time, end_time, inclusive: str = "both") -> pd.Series:
    """True where the time of day lies between ``start_time`` and ``end_time`` (as ``DataFrame.between_time``)."""
    if inclusive not in ("both", "neither", "left", "right"):
        raise ValueError("inclusive must be one of 'both', 'neither', 'left' or 'right'")
    index = pd.DatetimeIndex(_as_datetimes(s))
    positions = index.indexer_between_time(
        start_time, end_time, include_start=inclusive in ("both", "left"), include_end=inclusive in ("both", "right")
    )
    mask = np.zeros(len(s), dtype=bool)
    mask[positions] = True
    mask[np.asarray(index.isna())] = False
    return pd.Series(mask)


def _truncate(s: pd.Series, before=None, after=None) -> pd.Series:
    """The values, with those outside ``[before, after]`` made missing (pandas drops those rows)."""
    values = s
    if pd.api.types.is_datetime64_any_dtype(s.dtype) or (len(s) and _holds_dates(s)):
        values = _as_datetimes(s)
        before = None if before is None else pd.Timestamp(before)
        after = None if after is None else pd.Timestamp(after)
    if before is not None and after is not None and before > after:
        raise ValueError(f"Truncate: {after} must be after {before}")
    keep = pd.Series(True, index=s.index)
    if before is not None:
        keep &= values >= before
    if after is not None:
        keep &= values <= after
    return s.where(keep)


def _holds_dates(s: pd.Series) -> bool:
    first = next((v for v in s if v is not None and not (isinstance(v, float) and np.isnan(v))), None)
    return isinstance(first, datetime.date)


def _tz_localize(s: pd.Series, tz, ambiguous="raise", nonexistent="raise") -> pd.Series:
    """The wall-clock values read as times in ``tz`` (a tz-aware result: Spark keeps the instant)."""
    return _as_datetimes(s).dt.tz_localize(tz, ambiguous=ambiguous, nonexistent=nonexistent)


def _tz_convert(s: pd.Series, tz, session_tz: str | None = None) -> pd.Series:
    """The instants as wall-clock times in ``tz`` (tz-naive: Spark has no per-value time zone)."""
    values = _as_datetimes(s)
    if values.dt.tz is None:
        if session_tz is None:
            raise TypeError("Cannot convert tz-naive timestamps, use tz_localize to localize")
        # Spark hands TIMESTAMP values over as session-local wall-clock times
        values = values.dt.tz_localize(session_tz, ambiguous="NaT", nonexistent="NaT")
    return values.dt.tz_convert(tz).dt.tz_localize(None)


#: Series methods pandas applies to the index, given their meaning on the values
VALUE_METHODS: dict[str, Callable[..., pd.Series]] = {
    "between_time": _between_time,
    "truncate": _truncate,
    "tz_localize": _tz_localize,
    "tz_convert": _tz_convert,
}


@dataclass(frozen=True)
class PandasCall:
    """``series[.accessor].name(*args, **kwargs)`` (or the property ``name``), as data.

    Parameters
    ----------
    accessor : str
        ``""`` for Series methods, ``"str"`` or ``"dt"``.
    name : str
        The method or property.
    args, kwargs
        The arguments, as given by the user.
    is_property : bool
        ``name`` is a property (``dt.year``), not a method.
    session_tz : str, optional
        The session time zone, for ``tz_convert`` on TIMESTAMP columns.

    Examples
    --------
    >>> PandasCall("str", "upper")(pd.Series(["a", None])).tolist()
    ['A', None]
    """

    accessor: str
    name: str
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    is_property: bool = False
    session_tz: str | None = None

    def __call__(self, s: pd.Series) -> pd.Series:
        if self.accessor == "dt":
            s = _as_datetimes(s)
        if self.name in VALUE_METHODS and (not self.accessor or (self.accessor == "dt" and self.name[:3] == "tz_")):
            kwargs = dict(self.kwargs)
            if self.name == "tz_convert":
                kwargs["session_tz"] = self.session_tz
            return VALUE_METHODS[self.name](s, *self.args, **kwargs)
        target = getattr(s, self.accessor) if self.accessor else s
        attribute = getattr(target, self.name)
        return attribute if self.is_property else attribute(*self.args, **self.kwargs)

    def describe(self) -> str:
        """The call as pandas code, e.g. ``.str.find('Mrs.')``."""
        prefix = f".{self.accessor}" if self.accessor else ""
        if self.is_property:
            return f"{prefix}.{self.name}"
        arguments = [repr(a) for a in self.args] + [f"{k}={v!r}" for k, v in self.kwargs.items()]
        return f"{prefix}.{self.name}({', '.join(arguments)})"
