"""The figures of a profile, drawn by matplotlib from its plain data: no Spark, no pyplot.

Each function takes a :class:`~handyspark.profile.Profile` and returns a new
``matplotlib.figure.Figure`` on the Agg canvas, made without pyplot so that nothing
reaches the user's pyplot state (no figure to close, none shown by ``plt.show()``).
Stratified profiles draw one titled panel per stratum (small multiples) on shared axes:
the bins of a numeric histogram are shared by every stratum already. Text that comes
from the data (column names, values, strata) is never read as mathtext.

:func:`~handyspark.plotting._svg.to_svg` turns one into the ``<svg>`` element the HTML report embeds.
"""

from __future__ import annotations

import math
import textwrap
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import pandas as pd

from ..errors import ArgumentError
from ..stats._panels import PanelResult

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["ProfileData", "histogram_figure", "missing_figure", "correlation_figure", "stratum_titles", "left_out"]


class ProfileData(Protocol):
    """What the figures and the report read of a :class:`~handyspark.profile.Profile` (its fields and views)."""

    names: list[str]
    types: list[str]
    strata: list[dict] | None
    keys: list[list]
    frame: list[dict]
    stats: list[list[dict]]
    top: list[list[list[list]]]
    histograms: list[list[dict | None]]
    numeric: list[str]
    options: dict

    @property
    def table(self) -> pd.DataFrame: ...

    @property
    def overview(self) -> pd.DataFrame: ...

    def corr(self, method: str = "pearson") -> pd.DataFrame: ...


def stratum_titles(profile: ProfileData) -> list[str]:
    """One title per stratum, as the stratified plots title their panels (``Pclass = 1, Age in [0.42, 40.21)``);
    ``[""]`` without strata.

    Examples
    --------
    >>> stratum_titles(hdf.stratify(["Sex"]).profile(["Age"]))
    ['Sex = female', 'Sex = male']
    """
    if profile.strata is None:
        return [""]
    panels = PanelResult(strata=profile.overview.index)
    return [panels.title(i) for i in range(len(profile.keys))]


def _position(profile: ProfileData, column: str) -> int:
    """The position of ``column`` among the profiled columns (:class:`ArgumentError` if it is not one)."""
    if column not in profile.names:
        raise ArgumentError(f"{column!r} is not a profiled column; the profile has {profile.names}")
    return profile.names.index(column)


def _strata(profile: ProfileData) -> int:
    """The number of panels: strata (1 without); :class:`ArgumentError` for a stratified profile without any."""
    if not profile.keys:
        raise ArgumentError("nothing to draw: the profile has no strata (the frame has no rows)")
    return len(profile.keys)


def _new_figure(figsize: tuple[float, float]) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, layout="constrained")
    FigureCanvasAgg(fig)  # explicitly Agg: text can be measured for the layout, whatever pyplot's backend is
    return fig


def _panels(fig: Figure, n: int, sharex: bool, sharey: bool) -> list[Axes]:
    """``n`` Axes on a grid (one row up to 3 panels, else near-square); the lowest panel of each column shows
    its x tick labels."""
    ncols = _ncols(n)
    grid = fig.subplots(math.ceil(n / ncols), ncols, sharex=sharex, sharey=sharey, squeeze=False).ravel()
    for extra in grid[n:]:
        extra.remove()
    for i in range(max(0, n - ncols), n):
        grid[i].xaxis.set_tick_params(labelbottom=True)
    return list(grid[:n])


def _ncols(n: int) -> int:
    return n if n <= 3 else math.ceil(math.sqrt(n))


def _wrap(text: str, width: int = 40) -> str:
    return textwrap.fill(text, width) or text


def _short(value: Any, width: int = 24) -> str:
    """A value as a tick label: ``null`` for None, quoted when empty, cut to ``width`` characters."""
    text = "null" if value is None else ('""' if value == "" else str(value))
    return text if len(text) <= width else text[: width - 1] + "…"


def left_out(missing: Any, infinities: Any = 0) -> str:
    """What a histogram does not show: ``'177 missing not shown'``, ``'2 missing, 1 infinite not shown'`` or ``''``.

    Examples
    --------
    >>> left_out(177), left_out(2, 1), left_out(0, None)
    ('177 missing not shown', '2 missing, 1 infinite not shown', '')
    """
    parts = [f"{int(n):,} {what}" for n, what in ((missing, "missing"), (infinities, "infinite"))
             if n is not None and not pd.isna(n) and n > 0]
    return ", ".join(parts) + " not shown" if parts else ""


def histogram_figure(profile: ProfileData, column: str, figsize: tuple[float, float] | None = None) -> Figure:
    """The histogram of ``column``: bars over the bins (numeric) or horizontal bars of the top values plus
    ``other`` (other types, most frequent first); with strata one panel per stratum on shared axes.

    The bars are ``profile.histogram(column)["count"]`` in order (a numeric bar's height, a top value's
    width). Each panel's title says how many values are left out (missing, and infinite for numbers).
    :class:`ArgumentError` for a column without histogram (no finite values, or an unordered type).

    Examples
    --------
    >>> fig = histogram_figure(hdf.profile(["Fare"]), "Fare")
    >>> [int(bar.get_height()) for bar in fig.axes[0].patches]
    [732, 106, 31, 2, 11, 6, 0, 0, 0, 3]
    """
    j = _position(profile, column)
    per = [profile.histograms[s][j] for s in range(_strata(profile))]
    if any(h is None for h in per):
        raise ArgumentError(f"{column!r} ({profile.types[j]}) has no histogram")
    numeric = "edges" in per[0]  # type: ignore[operator]  # none is None
    n = len(per)
    size = max(len(h.get("values", ())) + 1 for h in per)  # type: ignore[union-attr]
    ncols = _ncols(n)
    if figsize is None:
        panel = (4.8, 3.0) if n == 1 else (3.0, 2.3)
        height = panel[1] if numeric else max(panel[1], 0.8 + 0.2 * size)
        figsize = (panel[0] * ncols, height * math.ceil(n / ncols))
    fig = _new_figure(figsize)
    axes = _panels(fig, n, sharex=True, sharey=numeric)
    titles = stratum_titles(profile)
    for s, (ax, h) in enumerate(zip(axes, per)):
        row = profile.stats[s][j]
        _bars(ax, h, column, numeric)  # type: ignore[arg-type]
        title = _wrap(titles[s] if n > 1 else column)
        note = left_out(row["missing"], row["infinities"] if numeric else 0)
        ax.set_title("\n".join(t for t in (title, note) if t), fontsize="medium" if n == 1 else "small",
                     parse_math=False)
    if n > 1:
        fig.suptitle(_wrap(column, 80), parse_math=False)
    return fig


def _bars(ax: Axes, h: dict, column: str, numeric: bool) -> None:
    if numeric:
        edges = np.asarray(h["edges"], dtype=float)
        ax.bar(edges[:-1], h["counts"], width=np.diff(edges), align="edge", edgecolor="white", linewidth=0.5)
        ax.set_xlabel(_wrap(column), parse_math=False)
        ax.set_ylabel("count")
        return
    labels = [_short(v) for v in h["values"]] + ["other"]
    positions = np.arange(len(labels))
    ax.barh(positions, [*h["counts"], h["other"]], color=["C0"] * len(h["values"]) + ["0.7"])
    ax.set_yticks(positions, labels=labels, parse_math=False, fontsize="small")
    ax.invert_yaxis()  # most frequent at the top
    ax.set_xlabel("count")


def missing_figure(profile: ProfileData, figsize: tuple[float, float] | None = None) -> Figure:
    """A horizontal bar per column of its missing ratio (null or NaN), on a 0-100% axis; with strata a group
    of bars per column, one colour per stratum, and a legend of the strata.

    The bars of stratum ``s`` are ``profile.table["missing_ratio"]`` of that stratum, in column order.

    Examples
    --------
    >>> fig = missing_figure(hdf.profile(["Age", "Fare"]))
    >>> [round(float(bar.get_width()), 6) for bar in fig.axes[0].patches]
    [0.198653, 0.0]
    """
    from matplotlib.ticker import PercentFormatter

    names, titles, n = profile.names, stratum_titles(profile), _strata(profile)
    ratios = profile.table["missing_ratio"].to_numpy(dtype=float).reshape(n, len(names))
    thickness = 0.8 / n
    if figsize is None:
        figsize = (7.0 + (2.5 if n > 1 else 0), min(60.0, 1.0 + len(names) * max(0.3, 0.14 * n)))
    fig = _new_figure(figsize)
    ax = fig.subplots()
    y = np.arange(len(names))
    for s in range(n):
        bars = ax.barh(y - 0.4 + thickness * (s + 0.5), np.nan_to_num(ratios[s]), height=thickness,
                       label=titles[s] or None, color=f"C{s % 10}")
        if n == 1:
            ax.bar_label(bars, labels=[f"{r:.1%}" if np.isfinite(r) else "" for r in ratios[s]], padding=2,
                         fontsize="x-small")
    ax.set_yticks(y, labels=[_short(c, 32) for c in names], parse_math=False, fontsize="small")
    ax.invert_yaxis()
    ax.set_xlim(0, 1.08)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel("missing (null or NaN)")
    ax.set_title("Missing values", fontsize="medium")
    if n > 1:
        legend = fig.legend(loc="outside right upper", fontsize="small", title=", ".join(profile.overview.index.names))
        for text in [*legend.get_texts(), legend.get_title()]:
            text.set_parse_math(False)
    return fig


#: What the heatmap of each ``Profile.corr`` method is titled and its colour scale: (title, colormap, vmin).
_ASSOCIATIONS = {"pearson": ("Pearson correlation", "RdBu_r", -1.0),
                 "spearman": ("Spearman correlation", "RdBu_r", -1.0),
                 "cramer": ("Cramér's V", "Purples", 0.0)}


def correlation_figure(profile: ProfileData, method: str = "pearson",
                       figsize: tuple[float, float] | None = None) -> Figure:
    """A heatmap of ``profile.corr(method)`` (correlations -1 blue to 1 red; Cramér's V, where the profile has
    it, 0 to 1), each cell annotated up to 12 columns; with strata one panel per stratum and one colour bar.

    The image of stratum ``s`` holds its matrix (NaN, where no pair of values was complete, left blank).
    :class:`ArgumentError` when the matrix has no column (e.g. no numeric column for ``'pearson'``).

    Examples
    --------
    >>> fig = correlation_figure(hdf.profile(["Pclass", "Fare"]), "spearman")
    >>> round(float(fig.axes[0].images[0].get_array()[0, 1]), 6)
    -0.688032
    """
    _strata(profile)
    corr = profile.corr(method)
    names, m = [str(c) for c in corr.columns], len(corr.columns)
    label, cmap, vmin = _ASSOCIATIONS.get(method, (method, "RdBu_r", -1.0))
    if m == 0:
        raise ArgumentError(f"no {label}: the profile has no column it applies to")
    values = corr.to_numpy(dtype=float).reshape(-1, m, m)
    titles, n = stratum_titles(profile), len(values)
    side = max(2.8, 1.4 + 0.42 * m)
    ncols = _ncols(n)
    fig = _new_figure(figsize or (side * ncols + 1.0, side * math.ceil(n / ncols)))
    axes = _panels(fig, n, sharex=True, sharey=True)
    ticks, labels = np.arange(m), [_short(c, 16) for c in names]
    for ax, matrix, title in zip(axes, values, titles):
        ax.imshow(matrix, vmin=vmin, vmax=1, cmap=cmap, interpolation="nearest")
        ax.set_xticks(ticks, labels=labels, rotation=90, parse_math=False, fontsize="small")
        ax.set_yticks(ticks, labels=labels, parse_math=False, fontsize="small")
        if not np.isfinite(matrix).any():
            ax.text(0.5, 0.5, "no complete pairs", transform=ax.transAxes, ha="center", va="center",
                    fontsize="small")
        elif m <= 12:
            for (a, b), v in np.ndenumerate(matrix):
                if np.isfinite(v):
                    ax.text(b, a, f"{v:.2f}", ha="center", va="center", fontsize="x-small",
                            color="white" if abs(v) > 0.6 else "black")
        ax.set_title(_wrap(title) if n > 1 else label, fontsize="small" if n > 1 else "medium", parse_math=False)
    if n > 1:
        fig.suptitle(label)
    fig.colorbar(axes[0].images[0], ax=axes, shrink=0.8)
    return fig
