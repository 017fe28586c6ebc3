"""Pure matplotlib: draw small, already computed results on an Axes. No Spark here.

Each function takes one panel's result (see :mod:`handyspark.stats.binning` and
:mod:`handyspark.stats.scatter`) and an Axes, draws, titles it and returns the Axes.
matplotlib is imported only when a new figure is needed.

Every plot says what it leaves out: the title gets a line such as ``177 missing not
shown`` when the result counted missing values (null or NaN; for a scatter plot, rows
missing x or y), and nothing when there were none. The title itself is ``title`` when
given (a panel's stratum), else the column name, unless the Axes already has a title
(a user's ``ax=``), which is kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import numpy as np

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ..stats.binning import Histogram
    from ..stats.boxstats import BoxStats
    from ..stats.scatter import ScatterCounts


def new_axes(figsize: tuple[float, float] | None = None) -> Axes:
    """A new figure with one Axes."""
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize)
    return ax


def missing_note(missing: int) -> str:
    """What a plot says about the values it does not show: ``'177 missing not shown'``, or ``''`` for none.

    Examples
    --------
    >>> missing_note(177), missing_note(0)
    ('177 missing not shown', '')
    """
    return f"{int(missing):,} missing not shown" if missing else ""


def set_title(ax: Axes, title: str | None, default: str, note: str = "") -> None:
    """Title ``ax`` with ``title``, or when None with its own title if it has one, else ``default``; ``note``
    (what is not shown) on a line of its own."""
    text = title if title is not None else (ax.get_title() or default)
    ax.set_title("\n".join(t for t in (text, note) if t))


def hist(result: Histogram, ax: Axes, title: str | None = None, **kwargs: Any) -> Axes:
    """Bars of ``result.counts``: over the bin edges (numeric) or one per category, labelled (categorical).

    Titled ``title`` or the column name, with the number of missing values left out (see
    :func:`set_title`). ``kwargs`` reach ``ax.bar``.
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
    set_title(ax, title, result.column, missing_note(cast(int, result.missing)))  # an int: one panel
    return ax


def boxplot(result: BoxStats, ax: Axes, showfliers: bool = True, title: str | None = None, **kwargs: Any) -> Axes:
    """One box per column with ``ax.bxp`` (``kwargs`` reach it); says so when fliers were cut.

    Columns without values keep their place (and label) but draw no box. Titled ``title``
    or the column names, with the missing values left out (per column when there are several).
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
    labels = [s["label"] for s in stats]
    missing = [int(m) for m in result.table.get("missing", [0] * len(stats))]
    if len(stats) == 1:
        note = missing_note(missing[0])
    else:
        parts = [f"{name} {m:,}" for name, m in zip(labels, missing) if m]
        note = "missing not shown: " + ", ".join(parts) if parts else ""
    set_title(ax, title, ", ".join(labels), note)
    return ax


def scatter(
    result: ScatterCounts,
    ax: Axes,
    sizes: tuple[float, float] = (4.0, 400.0),
    max_count: int | None = None,
    title: str | None = None,
    legend: bool = True,
    **kwargs: Any,
) -> Axes:
    """One circle per non-empty cell at its centre, its area growing linearly with the count.

    A cell of ``max_count`` rows (default: the largest cell) gets area ``sizes[1]``
    (points²), an empty one would get ``sizes[0]``. ``kwargs`` reach ``ax.scatter``.
    With ``legend``, a legend of a few counts and their circles (see :func:`size_legend`;
    none when ``kwargs`` set ``s``). Titled ``title`` or ``"y vs x"``, with the rows left
    out because x or y is missing.
    """
    cells = result.cells
    counts = cells["count"].to_numpy(dtype=float)
    top = max_count if max_count is not None else (int(counts.max()) if len(counts) else 1)
    points = ax.scatter(cells["x"].to_numpy(), cells["y"].to_numpy(),
                        **{"s": circle_areas(counts, top, sizes), "alpha": 0.6, **kwargs})
    for edges, set_lim in ((result.x_edges, ax.set_xlim), (result.y_edges, ax.set_ylim)):
        pad = 0.03 * (edges[-1] - edges[0])
        set_lim(edges[0] - pad, edges[-1] + pad)
    ax.set_xlabel(result.x)
    ax.set_ylabel(result.y)
    set_title(ax, title, f"{result.y} vs {result.x}", missing_note(cast(int, result.missing)))
    if legend and "s" not in kwargs and len(counts):
        size_legend(ax, top, sizes, points)
    return ax


def circle_areas(counts: Any, top: int, sizes: tuple[float, float]) -> np.ndarray:
    """Areas (points²) of circles for ``counts``: linear from ``sizes[0]`` (no rows) to ``sizes[1]`` (``top`` rows)."""
    lo, hi = sizes
    return lo + (hi - lo) * np.asarray(counts, dtype=float) / max(top, 1)


def legend_counts(top: int) -> list[int]:
    """The counts a size legend shows: 1, a round number near half of ``top``, and ``top``.

    Examples
    --------
    >>> legend_counts(45), legend_counts(1000), legend_counts(3), legend_counts(1)
    ([1, 20, 45], [1, 500, 1000], [1, 3], [1])
    """
    top = max(int(top), 1)
    scale = 10 ** int(np.floor(np.log10(max(top / 2, 1))))
    middle = min((step * scale for step in (1, 2, 5, 10)), key=lambda m: abs(m - top / 2))
    return sorted({1, top} | ({middle} if 1 < middle < top else set()))


def size_legend(ax: Axes, top: int, sizes: tuple[float, float], points: Any = None) -> Any:
    """A legend of circle sizes on ``ax``: the circles of :func:`legend_counts` (``top``), titled ``rows per cell``.

    The circles take the colour and alpha of ``points`` (the drawn scatter) when given.
    """
    from matplotlib.lines import Line2D

    color, alpha = "C0", 0.6
    if points is not None and len(points.get_facecolor()):
        color, alpha = points.get_facecolor()[0], points.get_alpha()
    shown = legend_counts(top)
    handles = [Line2D([], [], linestyle="", marker="o", markersize=float(np.sqrt(area)), color=color, alpha=alpha)
               for area in circle_areas(shown, top, sizes)]
    return ax.legend(handles, [f"{c:,}" for c in shown], title="rows per cell", loc="best", labelspacing=1.3,
                     borderpad=0.9, handletextpad=1.2, fontsize="small", title_fontsize="small")
