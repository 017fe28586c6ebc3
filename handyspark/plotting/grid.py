"""Plots of several panels: one titled panel per stratum (or per column of a box plot) on a grid of Axes."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from ..errors import ArgumentError

__all__ = ["PanelGrid", "panel_axes", "draw_panels", "panel_title"]


@dataclass(frozen=True)
class PanelGrid:
    """What a plot of several panels returns: its figure, its Axes and the numbers drawn.

    Stratified plots and box plots of several columns return one. Unpacks as ``fig, axs`` (as
    HandySpark 0.2's stratified plots did); ``axes`` is a numpy array of the panels: one per
    stratum in the order of ``data.strata``, one per column for a box plot of several columns,
    and for a stratified box plot of several columns a 2-d array, a row of strata per column.
    ``data`` is the result object behind the panels (``Histogram``, ``BoxStats`` or
    ``ScatterCounts``), as seaborn's FacetGrid keeps its data.

    Examples
    --------
    >>> fig, axs = hdf.stratify(["Pclass"]).cols["Fare"].hist()
    >>> grid = hdf.stratify(["Pclass"]).cols["Fare"].hist()
    >>> grid.data.counts.shape
    (3, 10)
    """

    figure: Any
    axes: np.ndarray
    data: Any

    def __iter__(self) -> Iterator[Any]:
        return iter((self.figure, self.axes))

    def __repr__(self) -> str:
        return f"PanelGrid({self.axes.size} panels, data={type(self.data).__name__})"


def panel_axes(
    n: int,
    ax: Any = None,
    figsize: tuple[float, float] | None = None,
    sharex: bool | Literal["row", "col"] = True,
    sharey: bool | Literal["row", "col"] = True,
    *,
    ncols: int | None = None,
    what: str = "a stratified plot draws {n} panels, one per stratum",
) -> np.ndarray:
    """``n`` Axes: the user's (any array-like of at least ``n`` Axes) or a new grid (one row up to 3 panels, else
    near-square; ``ncols`` panels a row when given).

    Unused cells of a new grid are removed. Returns a 1-d array of the ``n`` Axes in panel order, row by row.
    Too few Axes given raise :class:`ArgumentError` saying ``what`` (``{n}`` is the number of panels).
    """
    if ax is not None:
        given = np.ravel(np.asarray(ax, dtype=object))
        if len(given) < n:
            raise ArgumentError(
                f"{what.format(n=n)}; pass ax=None or an array of at least {n} Axes, got {len(given)}"
            )
        return given[:n]
    import matplotlib.pyplot as plt

    if ncols is None:
        ncols = n if n <= 3 else math.ceil(math.sqrt(n))
    nrows = math.ceil(n / ncols)
    fig, grid = plt.subplots(nrows, ncols, figsize=figsize or (4.0 * ncols, 3.2 * nrows), sharex=sharex,
                             sharey=sharey, squeeze=False, layout="constrained")
    flat = grid.ravel()
    for extra in flat[n:]:
        extra.remove()
    for i in range(max(0, n - ncols), n):  # the lowest panel of each column shows its x tick labels
        flat[i].xaxis.set_tick_params(labelbottom=True)
    return flat[:n]


def draw_panels(
    result: Any,
    draw: Callable[..., Any],
    ax: Any = None,
    figsize: tuple[float, float] | None = None,
    sharex: bool = True,
    sharey: bool = True,
    **kwargs: Any,
) -> PanelGrid:
    """Draw ``result.panel(i)`` with ``draw(panel, ax, title=..., **kwargs)`` on panel ``i``, titled
    ``result.title(i)`` (``draw`` adds what the panel does not show).

    Returns a :class:`PanelGrid`: the figure, the 1-d array of Axes (one per stratum, in the
    order of ``result.strata``) and ``result``. A result without strata (the frame has no rows)
    draws one empty panel that says so.
    """
    if result.n_panels == 0:
        axes = _no_strata(ax, figsize)
    else:
        axes = panel_axes(result.n_panels, ax, figsize, sharex, sharey)
        for i, panel_ax in enumerate(axes):
            draw(result.panel(i), panel_ax, title=panel_title(result, i), **kwargs)
            panel_ax.title.set_fontsize("small")
    return PanelGrid(axes[0].figure, axes, result)


def panel_title(result: Any, i: int) -> str:
    """The title of stratum ``i``'s panel: its levels (``Pclass = 1, Age in [0.42, 40.21)``), wrapped."""
    return textwrap.fill(result.title(i), 40)


def _no_strata(ax: Any, figsize: tuple[float, float] | None) -> np.ndarray:
    axes = panel_axes(1, ax, figsize)
    axes[0].text(0.5, 0.5, "no data: the frame has no rows, so there are no strata", transform=axes[0].transAxes,
                 ha="center", va="center", fontsize="small")
    axes[0].set_title("no strata", fontsize="small")
    return axes
