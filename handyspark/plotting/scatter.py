"""Binned scatter plots: exact counts per cell, one circle per non-empty cell."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..stats.scatter import scatter_counts
from . import _draw
from .grid import draw_panels

if TYPE_CHECKING:
    from .._compat import DataFrame
    from ..strata import Strata


def scatterplot(
    df: DataFrame,
    x: str,
    y: str,
    ax: Any = None,
    bins: int | Sequence[int] = 30,
    strata: Strata | None = None,
    *,
    sizes: tuple[float, float] = (4.0, 400.0),
    figsize: tuple[float, float] | None = None,
    **kwargs: Any,
) -> Any:
    """Binned scatter plot: both axes cut into ``bins`` equal-width bins, one circle per non-empty
    cell at its centre, its area growing linearly with the number of rows in it.

    Counts are exact (:func:`handyspark.stats.scatter.scatter_counts`, two Spark jobs, no
    sampling), so the plot works on data of any size. A legend shows the circles of a few
    counts (``rows per cell``: 1, a round number near half the largest count, the largest).
    Rows with x or y missing are left out, and the title says how many (``177 missing not
    shown``); the title is ``"y vs x"``, or the Axes' own title when ``ax`` has one.

    Parameters
    ----------
    df : DataFrame
    x, y : str
        Numeric columns.
    ax : matplotlib Axes, optional
        Where to draw; a new figure (of ``figsize``) when None. Stratified: None or an
        array of at least one Axes per stratum.
    bins : int or (int, int), default 30
    strata : Strata, optional
        One titled panel per stratum, sharing the bins, the axes and the size scale (whose
        legend is on the last panel); each title says how many rows of its stratum are missing.
    sizes : (float, float), default (4, 400)
        Circle areas (points²) for an empty cell and for the largest cell.
    figsize : (float, float), optional
    **kwargs
        Passed to ``ax.scatter`` (e.g. ``color``, ``alpha``; ``s`` replaces the sizes, and drops the
        size legend).

    Returns
    -------
    matplotlib Axes, or with strata a :class:`~handyspark.plotting.grid.PanelGrid` (unpacks as
    ``fig, axs``; ``.axes`` one per stratum, ``.data`` the numbers drawn).

    Examples
    --------
    >>> ax = hdf.cols[["Fare", "Age"]].scatterplot(bins=20, color="darkred")
    >>> ax.get_title().splitlines()
    ['Age vs Fare', '177 missing not shown']
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['1', '50', '71']
    """
    result = scatter_counts(df, x, y, bins=bins, strata=strata)
    top = int(result.cells["count"].max()) if len(result.cells) else 1
    if strata is None:
        return _draw.scatter(result, ax if ax is not None else _draw.new_axes(figsize), sizes=sizes, max_count=top,
                             **kwargs)
    grid = draw_panels(result, _draw.scatter, ax, figsize, sizes=sizes, max_count=top, legend=False, **kwargs)
    if len(result.cells) and "s" not in kwargs:  # one scale for every panel: its legend on the last one
        last = grid.axes[-1]
        _draw.size_legend(last, top, sizes, last.collections[0] if last.collections else None)
    return grid
