"""Small Column-expression helpers shared by the statistics and cleaning code."""

from __future__ import annotations

import pyspark.sql.functions as F

from ._compat import Column, DataFrame
from ._validation import field_types, is_floating


def column(name: str) -> Column:
    """A reference to the column called ``name``, taken literally.

    ``F.col("a.b")`` would read a field ``b`` of a struct ``a``; here any name
    (dots, spaces, backticks) is just a name.

    Examples
    --------
    >>> column("ticket no.")  # doctest: +SKIP
    Column<'ticket no.'>
    """
    return F.col("`" + name.replace("`", "``") + "`")


def values(df: DataFrame, name: str) -> Column:
    """Column ``name`` with float NaN read as missing (null), as pandas reads it."""
    col = column(name)
    return F.nanvl(col, F.lit(None)) if is_floating(field_types(df)[name]) else col


def is_missing(df: DataFrame, name: str) -> Column:
    """True where column ``name`` is null (or NaN for float columns), as ``pandas.isna``."""
    col = column(name)
    return (col.isNull() | F.isnan(col)) if is_floating(field_types(df)[name]) else col.isNull()


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
