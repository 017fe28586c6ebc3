"""Pure matplotlib: draw small, already computed results on an Axes. No Spark here.

Each function takes one panel's result (see :mod:`handyspark.stats.binning`) and
an Axes, draws, and returns the Axes. matplotlib is imported only when a new
figure is needed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import numpy as np

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ..stats.binning import Histogram, ScatterCounts
    from ..stats.boxstats import BoxStats


def new_axes(figsize: tuple[float, float] | None = None) -> Axes:
    """A new figure with one Axes."""
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize)
    return ax


def hist(result: Histogram, ax: Axes, **kwargs: Any) -> Axes:
    """Bars of ``result.counts``: over the bin edges (numeric) or one per category, labelled (categorical).

    ``kwargs`` reach ``ax.bar``.
    """
    counts = np.asarray(result.counts)
    if result.kind == "numeric":
        edges = np.asarray(result.edges, dtype=float)
        ax.bar(edges[:-1], counts, width=np.diff(edges), align="edge", **{"edgecolor": "white", **kwargs})
    else:
        categories = cast(list, result.categories)  # set for categorical histograms
        positions = np.arange(len(categories))
        ax.bar(positions, counts, **kwargs)
        ax.set_xticks(positions, labels=[str(c) for c in categories])
    ax.set_xlabel(result.column)
    ax.set_ylabel("count")
    return ax


def boxplot(result: BoxStats, ax: Axes, showfliers: bool = True, **kwargs: Any) -> Axes:
    """One box per column with ``ax.bxp`` (``kwargs`` reach it); says so when fliers were cut.

    Columns without values keep their place (and label) but draw no box.
    """
    stats = result.to_bxp()
    positions = kwargs.pop("positions", np.arange(1, len(stats) + 1))
    keep = [i for i, s in enumerate(stats) if np.isfinite(s["med"])]
    if keep:  # matplotlib cannot draw an empty list of boxes
        ax.bxp([stats[i] for i in keep], positions=[positions[i] for i in keep], showfliers=showfliers, **kwargs)
    vertical = kwargs.get("orientation", "vertical") == "vertical" and kwargs.get("vert") in (None, True)
    axis = ax.xaxis if vertical else ax.yaxis
    axis.set_ticks(list(positions), labels=[s["label"] for s in stats])
    if showfliers:
        cut = result.table[result.table["truncated"]]
        notes = [f"{name}: {len(row['fliers'])} of {row['n_fliers']} fliers shown" for name, row in cut.iterrows()]
        if notes:
            ax.text(0.01, 0.99, "\n".join(notes), transform=ax.transAxes, va="top", ha="left", fontsize="small")
    return ax


def scatter(
    result: ScatterCounts,
    ax: Axes,
    sizes: tuple[float, float] = (4.0, 400.0),
    max_count: int | None = None,
    **kwargs: Any,
) -> Axes:
    """One circle per non-empty cell at its centre, its area growing linearly with the count.

    A cell of ``max_count`` rows (default: the largest cell) gets area ``sizes[1]``
    (points²), an empty one would get ``sizes[0]``. ``kwargs`` reach ``ax.scatter``.
    """
    cells = result.cells
    counts = cells["count"].to_numpy(dtype=float)
    top = max_count if max_count is not None else (counts.max() if len(counts) else 1.0)
    lo, hi = sizes
    area = lo + (hi - lo) * counts / max(top, 1)
    ax.scatter(cells["x"].to_numpy(), cells["y"].to_numpy(), **{"s": area, "alpha": 0.6, **kwargs})
    for edges, set_lim in ((result.x_edges, ax.set_xlim), (result.y_edges, ax.set_ylim)):
        pad = 0.03 * (edges[-1] - edges[0])
        set_lim(edges[0] - pad, edges[-1] + pad)
    ax.set_xlabel(result.x)
    ax.set_ylabel(result.y)
    return ax
