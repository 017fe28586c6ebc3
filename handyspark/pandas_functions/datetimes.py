"""``hdf.pandas[col].dt``: pandas' datetime properties and methods as Spark Columns.

TIMESTAMP values reach pandas as wall-clock times of the session time zone
(tz-naive), which is also how Spark's own ``year``, ``hour``... read them;
DATE columns are read as midnight. Result types are taken from pandas' result
on a sample (``dt.year`` is int32, ``dt.date`` a date, ``dt.floor`` a timestamp).
"""

from __future__ import annotations

import inspect

from pyspark.sql import types as T

from ._accessor import Accessor, Method, install_methods
from ._build import set_signature
from ._calls import _tz_convert, _tz_localize

__all__ = ["DatetimeMethods", "DATETIME_METHODS"]

_PROPERTIES = [
    "year", "month", "day", "hour", "minute", "second", "microsecond", "nanosecond",
    "dayofweek", "day_of_week", "weekday", "dayofyear", "day_of_year", "quarter", "days_in_month", "daysinmonth",
    "is_month_start", "is_month_end", "is_quarter_start", "is_quarter_end", "is_year_start", "is_year_end",
    "is_leap_year", "date",
]


def _names(self, locale=None):  # the signature of dt.month_name / dt.day_name
    """month_name(locale=None)"""


def _strftime(self, date_format):
    """strftime(date_format)"""


def _rounding(self, freq, ambiguous="raise", nonexistent="raise"):
    """floor / ceil / round(freq, ambiguous='raise', nonexistent='raise')"""


def _normalize(self):
    """normalize()"""


def _tz_method(function):
    """A stub with ``function``'s signature minus the Series and the session time zone (for binding)."""

    def signature(self, *args, **kwargs):
        pass

    params = list(inspect.signature(function).parameters.values())[1:]
    self_param = inspect.Parameter("self", inspect.Parameter.POSITIONAL_ONLY)
    set_signature(signature, inspect.Signature([self_param] + [p for p in params if p.name != "session_tz"]))
    return signature


#: pandas ``.dt`` properties and methods available on Spark DATE / TIMESTAMP / TIMESTAMP_NTZ columns
DATETIME_METHODS: dict[str, Method] = {
    **{name: Method(is_property=True) for name in _PROPERTIES},
    "strftime": Method(signature=_strftime),
    "floor": Method(signature=_rounding),
    "ceil": Method(signature=_rounding),
    "round": Method(signature=_rounding),
    "normalize": Method(signature=_normalize),
    "month_name": Method(signature=_names),
    "day_name": Method(signature=_names),
    "tz_localize": Method(signature=_tz_method(_tz_localize)),
    "tz_convert": Method(signature=_tz_method(_tz_convert), result=lambda input_type: T.TimestampNTZType()),
}


class DatetimeMethods(Accessor):
    """pandas' ``Series.dt`` properties and methods on a Spark date/timestamp column; each gives a lazy Column.

    Refuses (``AttributeError``) a column that is not DATE, TIMESTAMP or TIMESTAMP_NTZ.
    ``tz_localize(tz)`` reads the wall-clock values as times in ``tz`` (a TIMESTAMP result);
    ``tz_convert(tz)`` gives the wall-clock times in ``tz`` of TIMESTAMP values (a TIMESTAMP_NTZ result,
    since Spark has no per-value time zone).

    Examples
    --------
    >>> import datetime
    >>> events = spark.createDataFrame([(datetime.datetime(2024, 3, 1, 12, 30),)], "when timestamp").toHandy()
    >>> when = events.pandas["when"]
    >>> events.select(when.dt.year, when.dt.strftime("%Y-%m")).first()
    Row(dt_year(when)=2024, dt_strftime(when)='2024-03')
    """

    _prefix = "dt"


install_methods(DatetimeMethods, DATETIME_METHODS, "Series.dt")
