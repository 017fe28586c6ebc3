"""A profile as plain data: per-column figures, top values, histograms and correlations; pandas views and JSON."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._json_values import JsonRecord
from ..errors import ArgumentError
from ..strata import Strata

__all__ = ["Profile", "STATISTICS", "QUANTILES"]

#: The quantiles of every numeric column, and their labels in :attr:`Profile.table`.
QUANTILES = {"1%": 0.01, "5%": 0.05, "25%": 0.25, "50%": 0.5, "75%": 0.75, "95%": 0.95, "99%": 0.99}

#: The columns of :attr:`Profile.table`, in order (None where a figure does not apply to a column's type).
STATISTICS = ("type", "count", "missing", "missing_ratio", "distinct", "min", "max", "mean", "std", "skew", "kurt",
              "zeros", "negatives", "infinities", *QUANTILES, "len_min", "len_mean", "len_max")

#: Figures that count things: integer columns of :attr:`Profile.table` (pandas' nullable ``Int64``).
_COUNTS = ("count", "missing", "distinct", "zeros", "negatives", "infinities", "len_min", "len_max")

#: Figures that are always floats (or do not apply): float columns of :attr:`Profile.table`.
_FLOATS = ("missing_ratio", "mean", "std", "skew", "kurt", *QUANTILES, "len_mean")



def _as_counts(column: pd.Series) -> pd.Series:
    """A column of counts as ``Int64`` (None and NaN: ``<NA>``), or as it is if it holds other values."""
    values = column.tolist()
    if not all(v is None or isinstance(v, int) or (isinstance(v, float) and np.isnan(v)) for v in values):
        return column
    cells = [v if isinstance(v, int) else None for v in values]
    return pd.Series(pd.array(cells, dtype="Int64"), index=column.index, name=column.name)


@dataclass(eq=False)
class Profile(JsonRecord):
    """The profile of a frame: figures per column (per stratum when stratified) and for the frame.

    Made by ``hdf.profile()`` / ``hdf.stratify([...]).profile()``. Everything is plain data, computed by
    Spark: :attr:`table` is one row per column, :meth:`top_values`, :meth:`histogram` and :meth:`corr` give
    the rest as pandas, and :meth:`to_json` / :meth:`from_json` round-trip it exactly.

    Attributes
    ----------
    names : list of str
        The profiled columns, in order; ``types`` their Spark types.
    strata : list of dict or None
        The strata (as ``Strata.to_json``) and ``keys`` the raw key of each stratum (``[[]]`` without strata).
    frame : list of dict
        Per stratum: ``rows``, ``columns`` and ``duplicates`` (rows minus distinct rows).
    stats, top, histograms : list of lists
        Per stratum, per column: the figures of :data:`STATISTICS`, the top ``[value, count]`` pairs, and
        the histogram (numeric: ``edges`` and ``counts``; other: top ``values``, ``counts`` and ``other``).
    numeric, pearson, spearman
        The numeric columns and, per stratum, their correlation matrices (lists of rows).
    categorical, cramer
        The string and boolean columns and, per stratum, the matrix of their Cramér's V.
    options : dict
        ``k``, ``bins``, ``relativeError`` and ``approx`` as asked.

    Examples
    --------
    >>> p = hdf.profile(["Age", "Embarked"], relativeError=0)
    >>> int(p.table.loc["Age", "missing"]), int(p.table.loc["Age", "distinct"]), float(p.table.loc["Age", "50%"])
    (177, 88, 28.0)
    >>> p.top_values("Embarked").tolist()
    [644, 168, 77]
    >>> Profile.from_json(p.to_json()) == p
    True
    """

    KIND = "profile"

    names: list[str]
    types: list[str]
    strata: list[dict] | None
    keys: list[list]
    frame: list[dict]
    stats: list[list[dict]]
    top: list[list[list[list]]]
    histograms: list[list[dict | None]]
    numeric: list[str]
    pearson: list[list[list[float]]]
    spearman: list[list[list[float]]]
    categorical: list[str]
    cramer: list[list[list[float]]]
    options: dict

    # ------------------------------------------------------------------ pandas views
    def _index(self, inner: list, name: str | None, per_stratum: int) -> pd.Index:
        """Index of ``inner`` labels repeated under each stratum (strata as leading levels)."""
        if self.strata is None:
            return pd.Index(inner, name=name, tupleize_cols=False)
        keys = [tuple(k) for k in self.keys for _ in range(per_stratum)]
        return Strata.from_json(self.strata).index(keys, extra={name: inner})

    @property
    def table(self) -> pd.DataFrame:
        """One row per column (strata as leading index levels), one column per figure of :data:`STATISTICS`."""
        records = [row for per_column in self.stats for row in per_column]
        index = self._index(self.names * len(self.keys), "column", len(self.names))
        table = pd.DataFrame(records, columns=list(STATISTICS), index=index, dtype=object)
        for name in STATISTICS:
            if name in _COUNTS:
                table[name] = _as_counts(table[name])
            elif name in _FLOATS:
                table[name] = table[name].astype(np.float64)  # None (does not apply): NaN
            else:
                table[name] = table[name].infer_objects()
        return table

    @property
    def columns(self) -> pd.DataFrame:
        """:attr:`table`, by the name the issue gives it."""
        return self.table

    @property
    def overview(self) -> pd.DataFrame:
        """``rows``, ``columns`` and ``duplicates``: one row (per stratum when stratified)."""
        index = None if self.strata is None else Strata.from_json(self.strata).index([tuple(k) for k in self.keys])
        return pd.DataFrame(self.frame, columns=["rows", "columns", "duplicates"], index=index)

    def _position(self, column: str) -> int:
        if column not in self.names:
            raise ArgumentError(f"{column!r} is not a profiled column; the profile has {self.names}")
        return self.names.index(column)

    def top_values(self, column: str) -> pd.Series:
        """The most frequent values of ``column`` and their counts (ties by value); strata lead the index."""
        j = self._position(column)
        per = [self.top[s][j] for s in range(len(self.keys))]
        values = [v for pairs in per for v, _ in pairs]
        counts = np.array([c for pairs in per for _, c in pairs], dtype=np.int64)
        if self.strata is None:
            return pd.Series(counts, index=pd.Index(values, name=column, dtype=object), name="count")
        keys = [tuple(self.keys[s]) for s, pairs in enumerate(per) for _ in pairs]
        index = Strata.from_json(self.strata).index(keys, extra={column: values})
        return pd.Series(counts, index=index, name="count")

    def histogram(self, column: str) -> pd.DataFrame:
        """Counts per bin (``left``, ``right``, ``count``) or per top value plus ``"other"``; strata lead the index."""
        j = self._position(column)
        frames = []
        for s in range(len(self.keys)):
            h = self.histograms[s][j]
            if h is None:
                raise ArgumentError(f"{column!r} ({self.types[j]}) has no histogram")
            if "edges" in h:
                frames.append(pd.DataFrame({"left": h["edges"][:-1], "right": h["edges"][1:], "count": h["counts"]}))
            else:
                frames.append(pd.DataFrame({"value": [*h["values"], "other"], "count": [*h["counts"], h["other"]]}))
        out = pd.concat(frames, ignore_index=True)
        out["count"] = out["count"].astype(np.int64)
        if self.strata is None:
            return out
        keys = [tuple(self.keys[s]) for s, f in enumerate(frames) for _ in range(len(f))]
        out.index = Strata.from_json(self.strata).index(keys, extra={None: [i for f in frames for i in range(len(f))]})
        return out

    def corr(self, method: str = "pearson") -> pd.DataFrame:
        """The association matrix of the columns, on pairwise complete rows; strata lead the index.

        ``'pearson'`` and ``'spearman'``: the numeric columns, as pandas' ``corr``; ``'cramer'``: Cramér's V
        of the string and boolean columns, as ``scipy.stats.contingency.association(method="cramer")`` of
        their contingency table (NaN where the table has a single row or column).
        """
        matrices = {"pearson": self.pearson, "spearman": self.spearman, "cramer": self.cramer}
        if method not in matrices:
            raise ArgumentError(f"method must be 'pearson', 'spearman' or 'cramer', got {method!r}")
        names = self.categorical if method == "cramer" else self.numeric
        data = [row for matrix in matrices[method] for row in matrix]
        index = self._index(names * len(self.keys), None, len(names))
        return pd.DataFrame(data, index=index, columns=list(names), dtype=float)

    # ------------------------------------------------------------------ drift
    def compare(self, current: Any, columns: str | list[str] | None = None, *,
                thresholds: dict[str, Any] | None = None) -> Any:
        """Compare a frame (or another profile) with this saved profile as the reference: a
        :class:`~handyspark.compare.Comparison`, without reading the reference's data again.

        A frame is counted on this profile's own bins (its histogram edges with an open bin at each end,
        its top values plus ``"other"``), per its strata, in one Spark job; KS is then bounded (``ks`` and
        ``ks_bound``, see :func:`~handyspark.compare.compare_profile`). Another profile needs no Spark job
        and histograms with the same edges (see :func:`~handyspark.compare.compare_profiles`).

        Examples
        --------
        >>> p = Profile.from_json(hdf.where(F.col("Pclass") == 1).toHandy().profile(["Fare"]).to_json())  # saved yesterday
        >>> p.compare(df.where(F.col("Pclass") == 3)).table.loc["Fare", "flag"]
        'alarm'
        """
        from ..compare import compare_profile, compare_profiles

        if isinstance(current, Profile):
            return compare_profiles(self, current, columns, thresholds=thresholds)
        return compare_profile(self, current, columns, thresholds=thresholds)

    # ------------------------------------------------------------------ HTML
    def to_html(self, path: str | os.PathLike[str] | None = None, *, title: str = "Profile",
                max_strata: int = 12) -> str | None:
        """The report as one self-contained HTML page, written to ``path`` (UTF-8), or returned as text when
        ``path`` is None.

        The page embeds its figures (inline SVG) and style, fetches nothing and needs no JavaScript: an
        overview (rows, columns, duplicate rows; per stratum), a missing-values chart, Pearson and Spearman
        heatmaps, and one section per column with its figures of :attr:`table` (a column per stratum), its
        histogram (one panel per stratum, shared axes) and its top values (see :mod:`.report`). In a
        notebook, a profile shows a compact view instead (``_repr_html_``: the overview and :attr:`table`).

        Parameters
        ----------
        path : str or path-like, optional
            Where to write the page; None returns it.
        title : str, default "Profile"
            The page's title and heading.
        max_strata : int, default 12
            The figures and column sections show this many strata, the largest by rows (the overview
            lists every stratum, and a note says how many were left out).

        Returns
        -------
        str or None
            The page when ``path`` is None, else None.

        Examples
        --------
        >>> page = hdf.profile(["Age", "Embarked"]).to_html()   # .to_html("titanic_profile.html") writes it
        >>> page.count('<section class="column"')
        2
        """
        from .report import to_html

        return to_html(self, path, title=title, max_strata=max_strata)

    def _repr_html_(self) -> str:
        """The compact notebook view: the overview and :attr:`table`, no figures (``to_html`` draws them)."""
        from .report import compact_html

        return compact_html(self)

    def __repr__(self) -> str:
        strata = "" if self.strata is None else f", {len(self.keys)} strata"
        return f"Profile({len(self.names)} columns{strata})"
