"""Histograms and bar charts of counts, computed by Spark."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..stats import binning
from . import _draw
from .grid import draw_panels

if TYPE_CHECKING:
    from .._compat import DataFrame
    from ..strata import Strata


def hist(
    df: DataFrame,
    column: str,
    ax: Any = None,
    bins: int = 10,
    strata: Strata | None = None,
    *,
    kind: str | None = None,
    max_categories: int = 20,
    max_bars: int = 100,
    figsize: tuple[float, float] | None = None,
    **kwargs: Any,
) -> Any:
    """Histogram of a numeric column, or bar chart of the counts of a categorical one.

    The counts come from :func:`handyspark.stats.binning.histogram` (two Spark jobs;
    bars equal ``numpy.histogram(values, bins)`` or ``value_counts()``). Categories that are
    numbers or booleans are drawn in value order (``Pclass`` 1, 2, 3), others (strings) most
    frequent first. Missing values (null or NaN) are left out and the title says how many
    (``Age`` / ``177 missing not shown``); it says nothing when none are missing. The title is
    the column name, or the Axes' own title when ``ax`` has one.

    Parameters
    ----------
    df : DataFrame
    column : str
    ax : matplotlib Axes, optional
        Where to draw; a new figure (of ``figsize``) when None. Stratified: None or
        an array of at least one Axes per stratum.
    bins : int, default 10
    strata : Strata, optional
        One titled panel per stratum, sharing bins and axes, all from one aggregation; each
        title says how many values of its stratum are missing.
    kind, max_categories, max_bars
        Numeric or categorical; see :func:`~handyspark.stats.binning.histogram`.
    figsize : (float, float), optional
        Size of a new figure.
    **kwargs
        Passed to ``ax.bar``.

    Returns
    -------
    matplotlib Axes, or with strata a :class:`~handyspark.plotting.grid.PanelGrid` (unpacks as
    ``fig, axs``; ``.axes`` one per stratum in the order of ``.data.strata``).

    Examples
    --------
    >>> ax = hdf.cols["Fare"].hist(bins=20, color="teal")
    >>> ax = hdf.cols["Age"].hist()
    >>> ax.get_title().splitlines()
    ['Age', '177 missing not shown']
    >>> fig, axs = hdf.stratify(["Pclass"]).cols["Embarked"].hist(figsize=(9, 3))
    """
    result = binning.histogram(df, column, bins=bins, strata=strata, kind=kind,
                               max_categories=max_categories, max_bars=max_bars)
    if strata is not None:
        return draw_panels(result, _draw.hist, ax, figsize, **kwargs)
    return _draw.hist(result, ax if ax is not None else _draw.new_axes(figsize), **kwargs)
