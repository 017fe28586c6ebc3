"""hdf.pandas[col].dt and the datetime Series methods on a generated date range with nulls.

The session time zone is set explicitly (Asia/Kolkata: not UTC, no daylight saving)
by a fixture that restores it: TIMESTAMP values reach pandas as wall-clock times
of that zone, which is also how Spark's own year/hour/... read them.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pyspark.sql.functions as F
import pytest
from pyspark.sql import types as T
from test_pandas_functions_series import assert_same, run_cases

from handyspark.errors import ArgumentError
from handyspark.pandas_functions import PandasColumns, native_methods

SESSION_TZ = "Asia/Kolkata"
TIMES = [str(t) for t in pd.date_range("2019-12-28 05:06:07", periods=30, freq="37h")] + [
    "2020-02-29 23:59:59", "2021-12-31 00:00:00", "2024-03-31 12:00:00", "2023-06-30 18:45:00",
    "2020-01-01 00:00:00", None, "2022-10-01 07:30:15", None,
]


@pytest.fixture
def session_tz(spark):
    previous = spark.conf.get("spark.sql.session.timeZone")
    spark.conf.set("spark.sql.session.timeZone", SESSION_TZ)
    yield SESSION_TZ
    spark.conf.set("spark.sql.session.timeZone", previous)


@pytest.fixture
def dates(spark, session_tz):
    """TIMESTAMP, TIMESTAMP_NTZ and DATE columns parsed by Spark from the same wall-clock strings."""
    raw = spark.createDataFrame([(t,) for t in TIMES], "text string")
    return raw.select(F.col("text").cast("timestamp").alias("ts"), F.col("text").cast("timestamp_ntz").alias("ntz"),
                      F.col("text").cast("date").alias("d"))


def oracle_frame() -> pd.DataFrame:
    """The same values as pandas sees them: wall-clock datetimes, and dates read as midnight."""
    ts = pd.Series(pd.to_datetime(pd.Series(TIMES)))
    return pd.DataFrame({"ts": ts, "ntz": ts, "d": ts.dt.normalize()})


PROPERTIES = ["year", "month", "day", "hour", "minute", "second", "microsecond", "nanosecond", "dayofweek",
              "day_of_week", "weekday", "dayofyear", "day_of_year", "quarter", "days_in_month", "daysinmonth",
              "is_month_start", "is_month_end", "is_quarter_start", "is_quarter_end", "is_year_start",
              "is_year_end", "is_leap_year", "date"]
METHODS = {"strftime": ("%Y-%m-%d %H:%M",), "floor": ("h",), "ceil": ("D",), "round": ("15min",),
           "normalize": (), "month_name": (), "day_name": ()}


def _result_type(name: str, col: str) -> T.DataType:
    if name == "date":
        return T.DateType()
    if name.startswith("is_"):
        return T.BooleanType()
    if name in ("strftime", "month_name", "day_name"):
        return T.StringType()
    if name in ("floor", "ceil", "round", "normalize"):
        return T.TimestampNTZType() if col == "ntz" else T.TimestampType()
    return T.IntegerType()


def _cases() -> dict:
    cases = {}
    for col in ("ts", "ntz", "d"):
        for name in PROPERTIES:
            get = (lambda n: lambda s: getattr(s.dt, n))(name)
            cases[f"{col}.{name}"] = (col, get, get, _result_type(name, col))
        for name, args in METHODS.items():
            call = (lambda n, a: lambda s: getattr(s.dt, n)(*a))(name, args)
            cases[f"{col}.{name}"] = (col, call, call, _result_type(name, col))
    return cases


def test_dt_properties_and_methods_equal_pandas_on_both_paths(dates):
    run_cases(dates, _cases(), oracle_frame())


def test_native_dt_methods(dates):
    natives = set(native_methods("dt"))
    assert {"year", "month", "day", "hour", "dayofweek", "quarter", "is_leap_year", "date", "normalize"} <= natives
    assert not natives & {"strftime", "floor", "ceil", "round", "microsecond", "nanosecond"}
    for col in ("ts", "ntz", "d"):
        p = PandasColumns(dates)[col]
        for name in PROPERTIES:
            assert ("pandas_" not in repr(getattr(p.dt, name))) == (name in natives), (col, name)


def test_datetime_series_methods(dates, session_tz):
    paris = "Europe/Paris"
    wall = oracle_frame()["ts"]
    dates_only = pd.Series([None if t is None else pd.Timestamp(t).date() for t in TIMES], dtype=object)
    cases = {
        "between_time": ("ts", lambda s: s.between_time("06:00", "18:00"),
                         lambda s: pd.Series(range(len(wall))).isin(pd.Series(range(len(wall)), index=pd.DatetimeIndex(
                             wall)).between_time("06:00", "18:00")), T.BooleanType()),
        "between_time_neither": ("ts", lambda s: s.between_time("23:00", "01:00", inclusive="neither"),
                                 lambda s: pd.Series([t is not None and (t.time() > dt.time(23)
                                                                         or t.time() < dt.time(1))
                                                      for t in wall.astype(object).where(wall.notna(), None)]),
                                 T.BooleanType()),
        "truncate_ts": ("ts", lambda s: s.truncate(before="2020-01-15", after="2021-12-31"),
                        lambda s: s.where((s >= "2020-01-15") & (s <= "2021-12-31")), T.TimestampType()),
        "truncate_d": ("d", lambda s: s.truncate(before=dt.date(2020, 2, 1)),
                       lambda s: dates_only.where(wall.dt.normalize() >= "2020-02-01"), T.DateType()),
        "between_ts": ("ts", lambda s: s.between(pd.Timestamp("2020-01-01"), pd.Timestamp("2020-02-01")),
                       lambda s: s.between(pd.Timestamp("2020-01-01"), pd.Timestamp("2020-02-01")), T.BooleanType()),
        "isin_d": ("d", lambda s: s.isin([dt.date(2020, 2, 29), dt.date(2021, 12, 31)]),
                   lambda s: dates_only.isin([dt.date(2020, 2, 29), dt.date(2021, 12, 31)]), T.BooleanType()),
        "isna_ts": ("ts", lambda s: s.isna(), lambda s: s.isna(), T.BooleanType()),
        # wall-clock values read as Paris times: the instants, shown in the session time zone
        "tz_localize": ("ntz", lambda s: s.tz_localize(paris),
                        lambda s: s.dt.tz_localize(paris).dt.tz_convert(session_tz).dt.tz_localize(None),
                        T.TimestampType()),
        "dt_tz_localize": ("ts", lambda s: s.dt.tz_localize(paris),
                           lambda s: s.dt.tz_localize(paris).dt.tz_convert(session_tz).dt.tz_localize(None),
                           T.TimestampType()),
        # instants shown as New York wall-clock times
        "tz_convert": ("ts", lambda s: s.tz_convert("America/New_York"),
                       lambda s: s.dt.tz_localize(session_tz).dt.tz_convert("America/New_York").dt.tz_localize(None),
                       T.TimestampNTZType()),
        "dt_tz_convert": ("ts", lambda s: s.dt.tz_convert("UTC"),
                          lambda s: s.dt.tz_localize(session_tz).dt.tz_convert("UTC").dt.tz_localize(None),
                          T.TimestampNTZType()),
    }
    run_cases(dates, cases, oracle_frame())


def test_tz_convert_needs_instants(dates):
    with pytest.raises(ArgumentError, match="tz-naive"):
        PandasColumns(dates)["ntz"].dt.tz_convert("UTC")
    with pytest.raises(ArgumentError, match="tz-naive"):
        PandasColumns(dates)["d"].tz_convert("UTC")


def test_results_follow_the_session_time_zone(spark, dates):
    # an instant's hour is read in the session time zone, on both paths, as Spark's own hour()
    p, slow = PandasColumns(dates), PandasColumns(dates, native=False)
    row = dates.where(F.col("ts").isNotNull()).select(
        F.hour("ts").alias("spark"), p["ts"].dt.hour.alias("native"), slow["ts"].dt.hour.alias("udf")
    ).toPandas()
    assert_same(row["native"], row["spark"], "native hour")
    assert_same(row["udf"], row["spark"], "udf hour")
