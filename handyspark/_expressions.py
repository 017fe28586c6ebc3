"""Small Column-expression helpers shared by the statistics and cleaning code."""

from __future__ import annotations

import datetime as _dt
import decimal
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pyspark.sql.functions as F
from pyspark.sql import types as T

from ._compat import Column, DataFrame
from ._validation import field_types, is_floating


def column(name: str) -> Column:
    """A reference to the column called ``name``, taken literally.

    ``F.col("a.b")`` would read a field ``b`` of a struct ``a``; here any name
    (dots, spaces, backticks) is just a name.

    Examples
    --------
    >>> spark.createDataFrame([(1,)], ["ticket no."]).select(column("ticket no.")).columns
    ['ticket no.']
    """
    return F.col(quoted(name))


def quoted(name: str) -> str:
    """``name`` in backticks, so that Spark reads it as one name (for APIs that take names, e.g. ``dropna``).

    Examples
    --------
    >>> quoted("a.b")
    '`a.b`'
    """
    return "`" + name.replace("`", "``") + "`"


def nan_as_null(name: str) -> Column:
    """Float column ``name`` with NaN read as missing (null), as pandas reads it."""
    return F.nanvl(quoted(name), F.lit(None))  # functions take the name: cheaper than a Column on classic


def values(df: DataFrame, name: str) -> Column:
    """Column ``name`` with float NaN read as missing (null), as pandas reads it."""
    return nan_as_null(name) if is_floating(field_types(df)[name]) else column(name)


#: The widest decimal whose sum Spark keeps without overflow (its sum has ten more digits).
MAX_EXACT_SUM_PRECISION = 28


def mean_of(df: DataFrame, name: str) -> Column:
    """The mean of numeric column ``name`` as a double (NaN skipped), without overflow for any type.

    A decimal of at most 28 digits is summed exactly and divided once (the mean then
    equals pandas' on the same values to double precision; ``avg`` would round it to
    four more decimals than the column has); a wider one (``decimal(38,18)``, say),
    whose sum could overflow Spark's 38 digits, is averaged in double precision, as
    are all other types.

    Examples
    --------
    >>> round(df.select(mean_of(df, "Fare")).first()[0], 6)
    32.204208
    """
    dtype = field_types(df)[name]
    col = values(df, name)
    if isinstance(dtype, T.DecimalType) and dtype.precision <= MAX_EXACT_SUM_PRECISION:
        return F.try_divide(F.sum(col).cast("double"), F.count(col))
    return F.avg(col.cast("double"))


def fill_mean(df: DataFrame, name: str) -> Column:
    """The mean that fills decimal column ``name``: Spark's ``avg`` (a decimal with four more decimals),
    or :func:`mean_of` for decimals wider than 28 digits, whose ``avg`` would overflow."""
    dtype = field_types(df)[name]
    if isinstance(dtype, T.DecimalType) and dtype.precision <= MAX_EXACT_SUM_PRECISION:
        return F.avg(values(df, name))
    return mean_of(df, name)


def is_missing(df: DataFrame, name: str) -> Column:
    """True where column ``name`` is null (or NaN for float columns), as ``pandas.isna``."""
    if is_floating(field_types(df)[name]):
        return F.isnull(quoted(name)) | F.isnan(quoted(name))
    return F.isnull(quoted(name))


def pearson(x: Column, y: Column) -> Column:
    """Pearson's correlation of ``x`` and ``y`` on the rows where both are present, as pandas' ``corr``: an
    aggregate, NaN-free; null where it is not defined (fewer than two rows, a constant side).

    Not ``F.corr``: on Spark 4.0 with ANSI mode (its default) ``corr`` of a constant column raises
    DIVIDE_BY_ZERO. The covariance over the two standard deviations is the same ratio (Spark computes
    all three with the same co-moments), divided with ``try_divide``.

    Examples
    --------
    >>> df.agg(pearson(F.col("Fare"), F.col("Pclass")).alias("r")).first().r  # doctest: +ELLIPSIS
    -0.549499...
    """
    both = x.isNotNull() & y.isNotNull()
    xs, ys = F.when(both, x), F.when(both, y)
    return F.try_divide(F.covar_samp(xs, ys), F.stddev_samp(xs) * F.stddev_samp(ys))


def quantiles(col: Column, probs: list[float], relative_error: float) -> Column:
    """An aggregate giving the array of ``probs`` quantiles of ``col``.

    ``relative_error == 0`` is exact, with linear interpolation (pandas' and
    numpy's default). Otherwise Spark's ``percentile_approx`` with accuracy
    ``1 / relative_error``: each result is a value of the data whose rank is
    within ``relative_error * n`` of the exact rank ``p * n``.
    """
    if relative_error == 0:
        return F.percentile(col.cast("double"), probs)
    accuracy = max(1, int(round(1 / relative_error)))
    return F.transform(F.percentile_approx(col, probs, accuracy), lambda x: x.cast("double"))


@dataclass(frozen=True)
class Instant:
    """A ``timestamp`` value as what it is, a point in time: microseconds since 1970-01-01 UTC.

    Python's naive ``datetime`` reads a Spark timestamp in some time zone (the Python
    process's or the session's); microseconds mean the same instant in every process
    and session, so fitted values and stratum keys of timestamp columns are kept so.

    Examples
    --------
    >>> Instant(0)
    Instant(micros=0)
    >>> str(Instant(1_500_000))
    '1970-01-01 00:00:01.500000+00:00'
    """

    micros: int

    def __str__(self) -> str:
        return str(_EPOCH + _dt.timedelta(microseconds=self.micros))

    def to_pandas(self) -> Any:
        """The instant as a time-zone-aware (UTC) ``pandas.Timestamp``."""
        import pandas as pd

        return pd.Timestamp(self.micros, unit="us", tz="UTC")


_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)


def instant_micros(name: str) -> Column:
    """Timestamp column ``name`` as microseconds since the epoch (a ``bigint``; the same in every time zone)."""
    return F.unix_micros(column(name))


def wall_clock(name: str) -> Column:
    """``timestamp_ntz`` column ``name`` as its text (wall-clock time, the same in every time zone)."""
    return column(name).cast("string")


def literal(value: Any, dtype: T.DataType) -> Column:
    """``value`` as a literal of type ``dtype``, cast only where its own literal type differs.

    Each Column operation (a cast included) costs a classic session several Py4J
    calls, and fitted models put one literal per stratum in their expressions.
    An :class:`Instant` becomes a ``timestamp`` and a naive ``datetime`` a
    ``timestamp_ntz`` without passing through any time zone.

    Examples
    --------
    >>> literal(2.5, T.DoubleType())
    Column<'2.5'>
    """
    if isinstance(value, Instant):
        micros = F.timestamp_micros(F.lit(value.micros))
        return micros if isinstance(dtype, T.TimestampType) else micros.cast(dtype)
    if isinstance(value, _dt.datetime) and value.tzinfo is None and isinstance(dtype, T.TimestampNTZType):
        return F.lit(value.isoformat(sep=" ")).cast(dtype)  # text to wall clock: no time zone involved
    natural = (
        (isinstance(value, bool) and isinstance(dtype, T.BooleanType))
        or (type(value) is int and isinstance(dtype, T.IntegerType) and -(2**31) <= value < 2**31)
        or (type(value) is float and isinstance(dtype, T.DoubleType))
        or (isinstance(value, str) and isinstance(dtype, T.StringType))
        or (type(value) is _dt.date and isinstance(dtype, T.DateType))
    )
    return F.lit(value) if natural else F.lit(value).cast(dtype)


#: Types whose values a JSON text carries exactly (numbers, strings, booleans, dates).
JSON_EXACT = (T.BooleanType, T.ByteType, T.ShortType, T.IntegerType, T.LongType, T.FloatType, T.DoubleType,
               T.DecimalType, T.StringType, T.DateType)


def json_value(value: Any, dtype: T.DataType) -> str:
    """``value`` of Spark type ``dtype`` (one of :data:`JSON_EXACT`) as exact JSON text that ``from_json`` reads back.

    Examples
    --------
    >>> json_value(float("nan"), T.DoubleType()), json_value(3.0, T.IntegerType())
    ('NaN', '3')
    """
    if isinstance(dtype, (T.ByteType, T.ShortType, T.IntegerType, T.LongType)) and isinstance(
            value, (float, decimal.Decimal)) and not isinstance(value, bool):
        value = int(value)  # a whole number (see result_type) put in an integer column
    if value is None or isinstance(value, (bool, int, float, str)):
        return json.dumps(value)  # NaN and infinities as NaN / Infinity, which Spark's JSON reader takes
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return json.dumps(value.isoformat())
    raise TypeError(f"no exact JSON form for {value!r}")


def literal_map(entries: Sequence[tuple[Sequence[Any], Any]], key_types: Sequence[T.DataType],
                value_type: T.DataType) -> Column:
    """A literal map from structs of key values (fields ``k0, k1, ...``) to values, built from Python data.

    Struct keys let null key values match, as a grouping matches them. Keys and
    values of numeric, string, boolean and date types travel as one JSON text
    that Spark parses once, when it optimises the query (so a map of any size
    costs a few Py4J calls on a classic session); other types as literals.

    Examples
    --------
    >>> m = literal_map([((1, "a"), 2.5)], [T.IntegerType(), T.StringType()], T.DoubleType())
    >>> spark.range(1).select(m.alias("m")).first().m
    {Row(k0=1, k1='a'): 2.5}
    """
    fields = [T.StructField(f"k{i}", t) for i, t in enumerate(key_types)]
    if all(isinstance(t, JSON_EXACT) for t in [*key_types, value_type]):
        schema = T.ArrayType(T.StructType([T.StructField("key", T.StructType(fields)), T.StructField("value", value_type)]))
        text = ",".join(
            '{"key":{' + ",".join(f'"k{i}":{json_value(v, t)}' for i, (v, t) in enumerate(zip(raw, key_types)))
            + '},"value":' + json_value(value, value_type) + "}"
            for raw, value in entries
        )
        return F.map_from_entries(F.from_json(F.lit(f"[{text}]"), schema, {"mode": "FAILFAST"}))
    pairs: list[Column] = []
    for raw, value in entries:
        pairs += [key_struct([literal(v, t) for v, t in zip(raw, key_types)]), literal(value, value_type)]
    return F.create_map(*pairs)


def key_struct(keys: Sequence[str | Column]) -> Column:
    """The struct (fields ``k0, k1, ...``) of ``keys`` that looks values up in a :func:`literal_map`."""
    return F.named_struct(*[c for i, key in enumerate(keys) for c in (F.lit(f"k{i}"), key)])
