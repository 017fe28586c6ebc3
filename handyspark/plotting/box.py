"""Box plots with quartiles, whiskers and fliers computed by Spark."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..stats import boxstats
from . import _draw
from .grid import draw_panels

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
    how many are shown.

    Parameters
    ----------
    df : DataFrame
    columns : str or list of str
        One box per column.
    ax : matplotlib Axes, optional
        Where to draw; a new figure (of ``figsize``) when None. Stratified: None or an
        array of at least one Axes per stratum.
    k : float, default 1.5
    showfliers : bool, default True
    strata : Strata, optional
        One titled panel per stratum with shared axes.
    relativeError, max_fliers
        See :func:`~handyspark.stats.boxstats.box_stats`.
    figsize : (float, float), optional
    **kwargs
        Passed to ``ax.bxp`` (e.g. ``showmeans=True``, ``patch_artist=True``).

    Returns
    -------
    matplotlib Axes, or with strata a :class:`~handyspark.plotting.grid.PanelGrid` (unpacks as
    ``fig, axs``; ``.axes`` one per stratum, ``.data`` the numbers drawn).

    Examples
    --------
    >>> ax = hdf.cols[["Age", "Fare"]].boxplot(k=3, showmeans=True)
    """
    result = boxstats.box_stats(df, columns, k=k, strata=strata, relativeError=relativeError,
                               fliers=showfliers, max_fliers=max_fliers)
    if strata is not None:
        return draw_panels(result, _draw.boxplot, ax, figsize, showfliers=showfliers, **kwargs)
    return _draw.boxplot(result, ax if ax is not None else _draw.new_axes(figsize), showfliers=showfliers, **kwargs)
