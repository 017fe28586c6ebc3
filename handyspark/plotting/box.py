"""Box plots with quartiles, whiskers and fliers computed by Spark."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .._validation import as_column_list
from ..stats import boxstats
from ..stats.boxstats import BoxStats
from . import _draw
from .grid import PanelGrid, draw_panels, panel_axes, panel_title

if TYPE_CHECKING:
    from .._compat import DataFrame
    from ..strata import Strata


def boxplot(
    df: DataFrame,
    columns: str | Sequence[str],
    ax: Any = None,
    k: float = 1.5,
    showfliers: bool = True,
    strata: Strata | None = None,
    *,
    relativeError: float = 0.0,
    max_fliers: int = 1000,
    figsize: tuple[float, float] | None = None,
    **kwargs: Any,
) -> Any:
    """Box plot of numeric columns: exact quartiles, whiskers at the most extreme values inside
    ``[q1 - k*IQR, q3 + k*IQR]``, and the values outside as fliers.

    Statistics from :func:`handyspark.stats.boxstats.box_stats` (three Spark jobs, two
    with ``showfliers=False``). At most ``max_fliers`` fliers per column and stratum are
    fetched (evenly spread, both extremes kept); when some are left out the panel says
    how many are shown. Missing values (null or NaN) are left out and the title says how
    many (``177 missing not shown``); the title is the column name, or the Axes' own title
    when ``ax`` has one.

    Each column gets its own y-axis: several columns are drawn one panel per column, each
    scaled to its column's values (Age is not squashed next to Fare).

    Parameters
    ----------
    df : DataFrame
    columns : str or list of str
        One box per column; several columns get one panel each.
    ax : matplotlib Axes, optional
        Where to draw; a new figure (of ``figsize``) when None. One column: an Axes. Several
        columns or strata: None or an array of at least one Axes per panel (a single Axes
        raises :class:`~handyspark.errors.ArgumentError` that says how many are needed).
    k : float, default 1.5
    showfliers : bool, default True
    strata : Strata, optional
        One titled panel per stratum with shared axes; with several columns, one row of
        such panels per column (the panels of a row share their y-axis).
    relativeError, max_fliers
        See :func:`~handyspark.stats.boxstats.box_stats`.
    figsize : (float, float), optional
    **kwargs
        Passed to ``ax.bxp`` (e.g. ``showmeans=True``, ``patch_artist=True``).

    Returns
    -------
    matplotlib Axes for one column; a :class:`~handyspark.plotting.grid.PanelGrid` (unpacks as
    ``fig, axs``; ``.data`` the numbers drawn) for several columns (``.axes`` one per column) or
    with strata (``.axes`` one per stratum; with several columns shape ``(n_columns, n_strata)``).

    Examples
    --------
    >>> ax = hdf.cols["Age"].boxplot(k=3, showmeans=True)
    >>> ax.get_title().splitlines()
    ['Age', '177 missing not shown']
    >>> fig, axs = hdf.cols[["Age", "Fare"]].boxplot()
    >>> [ax.get_title().splitlines() for ax in axs]
    [['Age', '177 missing not shown'], ['Fare']]
    """
    names = as_column_list(columns)
    result = boxstats.box_stats(df, names, k=k, strata=strata, relativeError=relativeError,
                                fliers=showfliers, max_fliers=max_fliers)
    if len(names) == 1:
        if strata is not None:
            return draw_panels(result, _draw.boxplot, ax, figsize, showfliers=showfliers, **kwargs)
        return _draw.boxplot(result, ax if ax is not None else _draw.new_axes(figsize), showfliers=showfliers,
                             **kwargs)
    if strata is None:
        axes = panel_axes(len(names), ax, figsize, sharex=False, sharey=False,
                          what="a box plot of {n} columns draws {n} panels, one per column")
        for j, column_ax in enumerate(axes):
            _draw.boxplot(BoxStats(result.table.iloc[[j]], result.k), column_ax, showfliers=showfliers, **kwargs)
        return PanelGrid(axes[0].figure, axes, result)
    if result.n_panels == 0:  # a frame without rows has no strata: one panel says so
        return draw_panels(result, _draw.boxplot, ax, figsize)
    return _column_rows(result, len(names), ax, figsize, showfliers=showfliers, **kwargs)


def _column_rows(result: BoxStats, n_columns: int, ax: Any, figsize: tuple[float, float] | None,
                 **kwargs: Any) -> PanelGrid:
    """One row of panels per column, one panel per stratum in each; a row shares its y-axis."""
    n_strata = result.n_panels
    flat = panel_axes(n_columns * n_strata, ax, figsize, sharex=False, sharey="row", ncols=n_strata,
                      what=f"a box plot of {n_columns} columns and {n_strata} strata draws {{n}} panels, "
                           f"one per column and stratum")
    panels = [result.panel(i) for i in range(n_strata)]
    for j in range(n_columns):
        for i, panel in enumerate(panels):
            panel_ax = flat[j * n_strata + i]
            _draw.boxplot(BoxStats(panel.table.iloc[[j]], panel.k), panel_ax, title=panel_title(result, i), **kwargs)
            panel_ax.title.set_fontsize("small")
            if i == 0:
                panel_ax.set_ylabel(str(panel.table.index[j]))
    return PanelGrid(flat[0].figure, flat.reshape(n_columns, n_strata), result)
