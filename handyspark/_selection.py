"""What ``hdf.cols[...]`` accepts: a column selection, then a leading slice of rows.

The checks behind :class:`~handyspark.columns.HandyColumns`: which columns a key selects,
which rows a slice of a selection asks for (only leading slices, ``[:N]`` or ``[:]``:
distributed data has no positions), and the error for a name that is not a statistic,
saying what exists instead.
"""

from __future__ import annotations

import difflib
from typing import Any

from ._compat import DataFrame
from ._validation import as_column_list, check_columns
from .errors import ArgumentError, UnsupportedSliceError

__all__ = ["selected_columns", "leading_stop", "unknown_attribute"]

# pandas spellings with no close match among our names
_PANDAS_SPELLINGS = {
    "unique": "nunique() or value_counts()",
    "head": "cols[...][:n]",
    "nlargest": "value_counts()",
    "average": "mean()",
    "kurtosis": "kurt()",
    "stdev": "std()",
}


def selected_columns(df: DataFrame, key: Any) -> tuple[str | list[str], bool]:
    """The columns ``cols[key]`` selects, and whether ``key`` is ``:`` (every column).

    A name selects one column (a Series-like selection), a list or tuple of names several,
    ``:`` every column of ``df``; the names must be columns of ``df``.

    Examples
    --------
    >>> selected_columns(df, "Age"), selected_columns(df, ["Age", "Fare"])
    (('Age', False), (['Age', 'Fare'], False))
    """
    if isinstance(key, slice):
        if key != slice(None):
            raise UnsupportedSliceError(
                f"select columns first: cols[:] (all), cols['a'] or cols[['a', 'b']]; got cols[{_show(key)}]"
            )
        columns: str | list[str] = list(df.columns)
        check_columns(df, columns)
        return columns, True
    elif isinstance(key, str):
        columns = key
    elif isinstance(key, (list, tuple)):
        columns = as_column_list(key)
    else:
        raise ArgumentError(f"cols[...] takes a column name, a list of names or ':', got {key!r}")
    check_columns(df, as_column_list(columns))
    return columns, False


def leading_stop(key: Any) -> int | None:
    """The end of a leading slice of rows (``[:N]`` gives N, ``[:]`` None); any other key raises.

    Examples
    --------
    >>> leading_stop(slice(5)), leading_stop(slice(None))
    (5, None)
    """
    if not isinstance(key, slice) or key.step not in (None, 1) or key.start not in (None, 0):
        raise UnsupportedSliceError(
            "distributed data only supports leading slices such as [:5] or [:]; "
            f"got [{_show(key)}]"
        )
    stop = key.stop
    if stop is not None and (isinstance(stop, bool) or not isinstance(stop, int) or stop < 0):
        raise UnsupportedSliceError(f"the slice end must be a non-negative integer, got {stop!r}")
    return stop


def unknown_attribute(owner: type, name: str) -> AttributeError:
    """The error for ``name``, not an attribute of ``owner`` (HandyColumns): pandas' spelling's
    counterpart, close names, or else every public name.

    Examples
    --------
    >>> class Stats:
    ...     def mean(self): ...
    >>> str(unknown_attribute(Stats, "average"))
    "Stats has no attribute 'average'; did you mean mean()?"
    """
    if name.startswith("_"):
        return AttributeError(name)
    public = sorted(n for n in dir(owner) if not n.startswith("_"))
    suggestion = _PANDAS_SPELLINGS.get(name) or ", ".join(difflib.get_close_matches(name, public, n=3))
    hint = f"; did you mean {suggestion}?" if suggestion else f"; the statistics are {', '.join(public)}"
    return AttributeError(f"{owner.__name__} has no attribute {name!r}{hint}")


def _show(key: Any) -> str:
    if isinstance(key, slice):
        parts = ["" if v is None else repr(v) for v in (key.start, key.stop)]
        text = ":".join(parts)
        return text + (f":{key.step!r}" if key.step is not None else "")
    return repr(key)
