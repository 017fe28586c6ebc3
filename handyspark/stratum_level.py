"""One level of a stratification: its key expression, its labels and clauses, its JSON.

A level is a plain column (its values are the strata, null included; a time
column keyed by instant or wall-clock text) or a numeric column cut at bin
edges. :mod:`handyspark.strata` combines levels into :class:`~handyspark.strata.Strata`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd
import pyspark.sql.functions as F
from pyspark.sql import types as T

from ._compat import Column
from ._expressions import Instant, column, instant_micros, nan_as_null, quoted, wall_clock
from .errors import ArgumentError

__all__ = ["StratumLevel", "edge_texts"]


@dataclass(frozen=True)
class StratumLevel:
    """One level of a stratification: a plain column, or a column cut at ``edges``.

    ``nan_is_null``: a plain float column whose NaN values join the null stratum, as
    pandas' ``groupby(dropna=False)`` puts NaN and None in one group (binned columns
    always read NaN as null).

    ``time``: ``'instant'`` for a ``timestamp`` column, ``'wall'`` for a ``timestamp_ntz``
    one. Such a column's key is its microseconds since the epoch (an instant) or its
    text (a wall-clock time), which mean the same in every time zone and process, so
    that keys collected to the driver match the rows again when looked up. ``zone``
    (the session time zone when the strata were resolved) only shows instants in
    pandas labels as ``toPandas`` shows them.
    """

    column: str
    edges: tuple[float, ...] | None = None
    nan_is_null: bool = False
    time: str | None = None
    zone: str | None = field(default=None, compare=False)

    @property
    def nbins(self) -> int:
        return 0 if self.edges is None else len(self.edges) - 1

    def key(self) -> Column:
        """The stratum key: the value itself (a time column's instant or wall-clock text), or the bin index
        (-1 outside the edges, null for null)."""
        if self.edges is None:
            if self.time == "instant":
                return instant_micros(self.column)
            if self.time == "wall":
                return wall_clock(self.column)
            return nan_as_null(self.column) if self.nan_is_null else column(self.column)
        col = column(self.column)
        key = F.when(col.isNull() | F.isnan(col), F.lit(None).cast("int"))
        edges = self.edges
        for i in range(self.nbins):
            upper = col <= edges[i + 1] if i == self.nbins - 1 else col < edges[i + 1]
            key = key.when((col >= edges[i]) & upper, F.lit(i))
        return key.otherwise(F.lit(-1))

    def key_ref(self) -> str | Column:
        """The key as functions take it: a plain column by its quoted name (cheaper on classic than a Column).

        A float column whose NaN joins the null stratum, a time column or a binned one is its :meth:`key`.
        """
        plain = self.edges is None and not self.nan_is_null and self.time is None
        return quoted(self.column) if plain else self.key()

    def key_type(self, dtype: T.DataType) -> T.DataType:
        """The Spark type of :meth:`key` on a column of type ``dtype``."""
        if self.edges is not None:
            return T.IntegerType()
        return {"instant": T.LongType(), "wall": T.StringType()}.get(self.time or "", dtype)

    def label(self, raw: object) -> object:
        """The value shown in a pandas index for a raw key (a time as ``toPandas`` shows it)."""
        if raw is None:
            return raw
        if self.time == "instant":
            stamp = pd.Timestamp(int(raw), unit="us", tz="UTC")  # type: ignore[call-overload]
            return stamp.tz_convert(self.zone).tz_localize(None) if self.zone else stamp
        if self.time == "wall":
            return pd.Timestamp(str(raw))
        if self.edges is None:
            return raw
        i = int(raw)  # type: ignore[call-overload]  # a bin index (as in clause below)
        if i < 0:
            return "out of range"
        closed = "both" if i == self.nbins - 1 else "left"
        return pd.Interval(self.edges[i], self.edges[i + 1], closed=closed)

    def clause(self, raw: object) -> str:
        """A readable clause such as ``Pclass == "1"`` or ``Age >= 0.4200 and Age < 40.2100``.

        Edges show four decimals, or as many more as it takes to tell every edge of the
        level apart, so that distinct strata never share a clause. A time column's
        instant is shown in UTC, the same in every session.
        """
        if raw is None:
            return f"{self.column} is null"
        if self.edges is None:
            shown = Instant(int(raw)) if self.time == "instant" else raw  # type: ignore[call-overload]
            return f"{self.column} == {json.dumps(str(shown))}"
        i = int(raw)  # type: ignore[call-overload]
        if i < 0:
            return f"{self.column} out of range"
        text = edge_texts(self.edges)
        op = "<=" if i == self.nbins - 1 else "<"
        return f"{self.column} >= {text[i]} and {self.column} {op} {text[i + 1]}"

    def to_json(self) -> dict:
        out: dict = {"column": self.column}
        if self.edges is not None:
            out["edges"] = [float(e) for e in self.edges]
        if self.nan_is_null:
            out["nan_is_null"] = True
        if self.time is not None:
            out["time"] = self.time
        return out

    @classmethod
    def from_json(cls, data: dict) -> StratumLevel:
        edges = data.get("edges")
        time = data.get("time")
        if time not in (None, "instant", "wall"):
            raise ArgumentError(f"a stratum's time must be 'instant' or 'wall', got {time!r}")
        return cls(data["column"], None if edges is None else tuple(float(e) for e in edges),
                   bool(data.get("nan_is_null", False)), time)


def edge_texts(edges: Sequence[float]) -> list[str]:
    """The edges as text: four decimals, or as many more as it takes to tell the edges apart
    and to show each within a relative 1e-4 of its value (shortest exact form past 17 decimals).

    Examples
    --------
    >>> edge_texts([0.42, 40.21, 80.0])
    ['0.4200', '40.2100', '80.0000']
    >>> edge_texts([0.0, 2.75e-06, 5.5e-06])
    ['0.00000000', '0.00000275', '0.00000550']
    """
    for decimals in range(4, 18):
        texts = [f"{e:.{decimals}f}" for e in edges]
        close = all(abs(float(t) - e) <= 1e-4 * abs(e) for t, e in zip(texts, edges))
        if close and len(set(texts)) == len(set(edges)):
            return texts
    return [repr(float(e)) for e in edges]
