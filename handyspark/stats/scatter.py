"""Binned scatter counts: exact counts of rows per (x bin, y bin) cell, as ``numpy.histogram2d``.

Two Spark jobs whatever the data's size and the number of strata (the range, then the
counts), and only the non-empty cells come to the driver. The bins are those of
:mod:`handyspark.stats.binning` (equal width, as ``numpy.histogram``; with strata the edges
come from the whole column, so every stratum shares them). With strata a result holds
every stratum's cells, in stratum order, with ``strata``, ``clauses`` and ``panel(i)``
as the other results behind the plots.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, cast

import numpy as np
import pandas as pd
import pyspark.sql.functions as F

from .._compat import DataFrame
from .._expressions import column as ref
from .._expressions import quoted, values
from .._validation import check_numeric, check_positive_int, field_types
from ..errors import ArgumentError
from ..safety import collect_aggregates
from ._panels import PanelResult, stratum_labels, stratum_positions
from .binning import _as_double, _bin_index, bin_edges
from .grouped import grouped_aggregate

if TYPE_CHECKING:
    from ..strata import Strata

__all__ = ["ScatterCounts", "scatter_counts"]


@dataclass(eq=False)
class ScatterCounts(PanelResult):
    """Counts of rows per non-empty (x bin, y bin) cell, as ``numpy.histogram2d`` on rows where both are present.

    Attributes
    ----------
    x, y : str
    x_edges, y_edges : numpy.ndarray
        Shared by every stratum.
    cells : pandas.DataFrame
        One row per non-empty cell: ``ix, iy`` (bin numbers), ``x, y`` (cell centres), ``count``,
        and ``stratum`` (the position in ``strata``) when stratified.
    missing : int or numpy.ndarray
        Rows left out because x or y is missing (one per stratum with strata).
    """

    x: str
    y: str
    x_edges: np.ndarray
    y_edges: np.ndarray
    cells: pd.DataFrame
    missing: int | np.ndarray = 0

    @property
    def counts(self) -> np.ndarray:
        """Dense counts, shape ``(n_x_bins, n_y_bins)`` as ``numpy.histogram2d``; strata first when stratified."""
        shape = (len(self.x_edges) - 1, len(self.y_edges) - 1)
        out = np.zeros((self.n_panels, *shape), dtype=np.int64)
        strat = self.cells["stratum"] if self.strata is not None else np.zeros(len(self.cells), dtype=int)
        out[np.asarray(strat, dtype=int), self.cells["ix"].to_numpy(int), self.cells["iy"].to_numpy(int)] = (
            self.cells["count"].to_numpy())
        return out if self.strata is not None else out[0]

    def panel(self, i: int) -> ScatterCounts:
        """The cells of stratum ``i`` (itself without strata)."""
        if self.strata is None:
            return self
        part = self.cells[self.cells["stratum"] == i].drop(columns="stratum").reset_index(drop=True)
        missing = cast(np.ndarray, self.missing)  # one per stratum when stratified
        return replace(self, cells=part, missing=int(missing[i]), strata=None, clauses=None)


def _bins_pair(bins: int | Sequence[int]) -> tuple[int, int]:
    if isinstance(bins, int) and not isinstance(bins, bool):
        return check_positive_int(bins, "bins"), bins
    pair = list(bins) if isinstance(bins, (list, tuple)) else []
    if len(pair) != 2:
        raise ArgumentError(f"bins must be a positive integer or a pair of them, got {bins!r}")
    return check_positive_int(pair[0], "bins[0]"), check_positive_int(pair[1], "bins[1]")


def scatter_counts(
    df: DataFrame,
    x: str,
    y: str,
    bins: int | Sequence[int] = 30,
    strata: Strata | None = None,
) -> ScatterCounts:
    """Exact counts of rows per (x bin, y bin) cell, in two Spark jobs (range, then counts); no sampling.

    Examples
    --------
    >>> sc = scatter_counts(df, "Fare", "Age", bins=30)
    >>> sc.counts.shape
    (30, 30)
    """
    check_numeric(df, [x, y], "scatter_counts")
    nx, ny = _bins_pair(bins)
    types = field_types(df)
    xv, yv = (_as_double(values(df, c), types[c]) for c in (x, y))
    both = [F.when(F.isnotnull(yv), xv), F.when(F.isnotnull(xv), yv)]  # rows where both are present
    aggs = [f(c) for c in both for f in (F.min, F.max)]
    if strata is None:  # count the rows left out now, and bin only complete rows
        aggs += [F.count(F.lit(1)), F.count(both[0])]
    row = collect_aggregates(df.agg(*aggs))[0]
    x_edges, y_edges = bin_edges(row[0], row[1], nx, x), bin_edges(row[2], row[3], ny, y)
    if strata is None:
        complete = df.dropna(subset=[quoted(x), quoted(y)])  # null or NaN in either: out, as numpy drops them
        # no NaN is left: the bare columns (no per-row NaN test, repeated in every use of the value)
        xr, yr = (_as_double(ref(c), types[c]) for c in (x, y))
        by = {"ix": _bin_index(xr, x_edges), "iy": _bin_index(yr, y_edges)}
        table = grouped_aggregate(complete, {"count": F.count(F.lit(1))}, None, by=by)
    else:  # the rows left out are counted per stratum, in the same grouping
        by = {"ix": _bin_index(both[0], x_edges), "iy": _bin_index(both[1], y_edges)}
        table = grouped_aggregate(df, {"count": F.count(F.lit(1))}, strata, by=by)
    keys, pos = stratum_positions(table, strata)
    empty = table["ix"].isna().to_numpy()
    missing = np.bincount(pos[empty], weights=table["count"].to_numpy()[empty], minlength=len(keys)).astype(np.int64)
    if strata is None:
        missing[0] = row[4] - row[5]
    cells = pd.DataFrame({  # a value on the last edge belongs to the last bin (closed)
        "stratum": pos[~empty],
        "ix": np.minimum(table["ix"][~empty].to_numpy(np.int64), nx - 1),
        "iy": np.minimum(table["iy"][~empty].to_numpy(np.int64), ny - 1),
        "count": table["count"][~empty].to_numpy(np.int64),
    }).groupby(["stratum", "ix", "iy"], as_index=False, sort=True)["count"].sum()
    cells.insert(2, "x", (x_edges[cells["ix"]] + x_edges[cells["ix"] + 1]) / 2)
    cells.insert(3, "y", (y_edges[cells["iy"]] + y_edges[cells["iy"] + 1]) / 2)
    labels, clauses = stratum_labels(strata, keys)
    if strata is None:
        return ScatterCounts(x, y, x_edges, y_edges, cells.drop(columns="stratum"), int(missing[0]))
    return ScatterCounts(x, y, x_edges, y_edges, cells, missing, strata=labels, clauses=clauses)
