"""Argument and schema checks, raised before any Spark job starts."""

from __future__ import annotations

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
    """Raise :class:`ColumnNotFoundError` naming every unknown column."""
    known = set(df.columns)
    missing = [c for c in columns if c not in known]
    if missing:
        raise ColumnNotFoundError(
            f"column(s) {missing} not found; the frame has {list(df.columns)}"
        )


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
