"""Argument and schema checks, raised before any Spark job starts."""

from __future__ import annotations

import numbers
from collections import Counter
from collections.abc import Iterable, Sequence

from pyspark.sql import types as T

from ._compat import DataFrame
from .errors import ArgumentError, ColumnNotFoundError, ColumnTypeError

NUMERIC_TYPES = (T.ByteType, T.ShortType, T.IntegerType, T.LongType, T.FloatType, T.DoubleType, T.DecimalType)
INTEGRAL_TYPES = (T.ByteType, T.ShortType, T.IntegerType, T.LongType)
FLOATING_TYPES = (T.FloatType, T.DoubleType)


def field_types(df: DataFrame) -> dict[str, T.DataType]:
    """Map each column name of ``df`` to its Spark data type."""
    return {f.name: f.dataType for f in df.schema.fields}


def as_column_list(columns: str | Iterable[str] | None, what: str = "columns") -> list[str]:
    """Normalise one name or an iterable of names to a list of names."""
    if columns is None:
        return []
    if isinstance(columns, str):
        return [columns]
    try:
        names = list(columns)
    except TypeError:
        raise ArgumentError(f"{what} must be a column name or a list of names, got {columns!r}") from None
    for name in names:
        if not isinstance(name, str):
            raise ArgumentError(f"{what} must hold column names (strings), got {name!r}")
    return names


def check_columns(df: DataFrame, columns: Sequence[str]) -> None:
    """Raise :class:`ColumnNotFoundError` naming every unknown column, :class:`ArgumentError` for an ambiguous one.

    A name is ambiguous when the frame holds it twice, or, in a session that matches names
    case-insensitively (Spark's default, ``spark.sql.caseSensitive=false``), when the frame
    also holds a *case twin* (``Age`` and ``age``): Spark would refuse the reference. The
    session setting is read only when a twin exists (the check is plain Python otherwise).

    Examples
    --------
    >>> check_columns(df, ["Age"])
    """
    present = list(df.columns)
    known = set(present)
    missing = [c for c in columns if c not in known]
    if missing:
        raise ColumnNotFoundError(
            f"column(s) {missing} not found; the frame has {present}"
        )
    _check_unambiguous(df, present, columns)


def _fold(name: str) -> str:
    """``name`` as Spark compares names case-insensitively (Java's ``equalsIgnoreCase``, char by char)."""
    out = []
    for ch in name:
        upper = ch.upper() if len(ch.upper()) == 1 else ch
        out.append(upper.lower() if len(upper.lower()) == 1 else upper)
    return "".join(out)


def _check_unambiguous(df: DataFrame, present: list[str], columns: Sequence[str]) -> None:
    times = Counter(present)
    repeated = sorted({c for c in columns if times[c] > 1})
    if repeated:
        raise ArgumentError(
            f"column(s) {repeated} appear more than once in the frame, so Spark cannot tell them apart; "
            "rename the copies first (e.g. with toDF(*new_names))"
        )
    folded: dict[str, list[str]] = {}
    for name in present:
        folded.setdefault(_fold(name), []).append(name)
    groups = [folded[key] for key in dict.fromkeys(_fold(c) for c in columns) if len(folded[key]) > 1]
    if not groups or _case_sensitive(df):
        return
    pairs = "; ".join(" and ".join(repr(n) for n in group) for group in groups)
    example = groups[0][-1]
    raise ArgumentError(
        f"columns that differ only by case are ambiguous: {pairs}. Spark matches column names "
        "case-insensitively in this session (spark.sql.caseSensitive is false): rename one of them "
        f"(e.g. df.withColumnRenamed({example!r}, {example + '_2'!r})) or set spark.sql.caseSensitive=true"
    )


def _case_sensitive(df: DataFrame) -> bool:
    value = df.sparkSession.conf.get("spark.sql.caseSensitive", "false")
    return str(value).strip().lower() == "true"


def is_numeric(dtype: T.DataType) -> bool:
    return isinstance(dtype, NUMERIC_TYPES)


def is_floating(dtype: T.DataType) -> bool:
    return isinstance(dtype, FLOATING_TYPES)


def is_categorical(dtype: T.DataType) -> bool:
    return isinstance(dtype, (*INTEGRAL_TYPES, T.StringType, T.BooleanType))


def check_numeric(df: DataFrame, columns: Sequence[str], operation: str) -> None:
    """Raise :class:`ColumnTypeError` for any non-numeric column."""
    check_columns(df, columns)
    types = field_types(df)
    bad = {c: types[c].simpleString() for c in columns if not is_numeric(types[c])}
    if bad:
        raise ColumnTypeError(f"{operation} needs numeric columns; got {bad}")


def check_orderable(df: DataFrame, columns: Sequence[str], operation: str) -> None:
    """Raise :class:`ColumnTypeError` for columns that have no order (arrays, maps, structs)."""
    check_columns(df, columns)
    types = field_types(df)
    bad = {
        c: types[c].simpleString()
        for c in columns
        if isinstance(types[c], (T.ArrayType, T.MapType, T.StructType, T.BinaryType))
    }
    if bad:
        raise ColumnTypeError(f"{operation} needs columns with ordered values; got {bad}")


def check_fraction(value: float, name: str, *, low: float = 0.0, high: float = 1.0) -> float:
    """Check that a number lies in ``[low, high]`` and return it as float."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ArgumentError(f"{name} must be a number in [{low}, {high}], got {value!r}") from None
    if not low <= number <= high:
        raise ArgumentError(f"{name} must be in [{low}, {high}], got {value!r}")
    return number


def check_positive_int(value: int, name: str) -> int:
    """Check that ``value`` is an integer >= 1."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ArgumentError(f"{name} must be a positive integer, got {value!r}")
    return value


#: Spark's approximate quantiles take an accuracy ``1 / relativeError`` that must fit an int.
_MAX_ACCURACY = 2**31 - 1


def check_relative_error(value: object, name: str = "relativeError") -> float:
    """Check a quantile relative error and return it as float.

    Allowed: a real number (not a bool) with ``0 <= value <= 1``; ``0`` means exact
    quantiles. Any other value must leave Spark's accuracy ``1 / value`` within an int,
    so the smallest non-zero value is ``1 / (2**31 - 1)`` (about ``4.7e-10``).

    Raises
    ------
    ArgumentError
        Saying what is allowed, before any Spark job.

    Examples
    --------
    >>> check_relative_error(1e-4)
    0.0001
    >>> check_relative_error(0)
    0.0
    """
    allowed = (
        f"{name} must be 0 (exact quantiles) or a number in [{1 / _MAX_ACCURACY:.3g}, 1] "
        f"(Spark's accuracy 1/{name} must be at most {_MAX_ACCURACY})"
    )
    if isinstance(value, (bool, str)) or not isinstance(value, numbers.Real):
        raise ArgumentError(f"{allowed}; got {value!r} ({type(value).__name__})")
    number = float(value)
    if not 0.0 <= number <= 1.0 or (number != 0.0 and 1.0 / number > _MAX_ACCURACY):
        raise ArgumentError(f"{allowed}; got {value!r}")
    return number
