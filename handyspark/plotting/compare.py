"""The two distributions of a comparison overlaid on their shared bins, drawn from its plain data (no Spark).

One panel per column and stratum: the share of each side's values in each bin, the reference's bars
behind the current's. Numbers' bins are drawn side by side, one slot each (quantile bins have unequal
widths and open ends), their edges between the bars; categories in the comparison's order.
"""

from __future__ import annotations

import math
import textwrap
from typing import TYPE_CHECKING, Protocol

import numpy as np
import pandas as pd

from ..errors import ArgumentError
from ..stats._panels import PanelResult
from .grid import PanelGrid, panel_axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["ComparisonData", "plot_comparison", "draw_bins", "column_figure", "stratum_titles"]

COLORS = ("#7f7f7f", "#1f77b4")  # reference, current


class ComparisonData(Protocol):
    """What the drawing reads of a :class:`~handyspark.compare.Comparison`."""

    names: list[str]
    kinds: list[str]
    strata: list[dict] | None
    keys: list[list]
    cells: list[list[dict]]

    @property
    def table(self) -> pd.DataFrame: ...


def stratum_titles(comparison: ComparisonData) -> list[str]:
    """One title per stratum (``Pclass = 1``), as the stratified plots title their panels; ``[""]`` without strata."""
    if comparison.strata is None:
        return [""]
    from ..strata import Strata

    index = Strata.from_json(comparison.strata).index([tuple(k) for k in comparison.keys])
    panels = PanelResult(strata=index)
    return [panels.title(i) for i in range(len(comparison.keys))]


def _edge(value: float) -> str:
    return f"{value:.4g}"


def draw_bins(cell: dict, kind: str, ax: Axes, title: str = "") -> Axes:
    """Draw one cell's bins: both sides' shares, reference behind (grey), current in front (blue)."""
    ax.set_title(textwrap.fill(title, 48), fontsize="small")
    counts = [np.asarray(c, dtype=float) for c in cell["counts"]]
    shares = [c / c.sum() if c.sum() else np.zeros(len(c)) for c in counts]
    x = np.arange(len(shares[0]))
    for side, (label, color, width) in enumerate((("reference", COLORS[0], 0.9), ("current", COLORS[1], 0.55))):
        ax.bar(x, shares[side], width=width, color=color, alpha=0.75 if side else 0.6, label=label)
    if kind == "numeric":
        edges = cell["edges"]
        ax.set_xticks(x[:-1] + 0.5 if len(x) > 1 else [], [_edge(e) for e in edges[:len(x) - 1]] if edges else [],
                      rotation=45, fontsize="x-small", ha="right")
    else:
        labels = [*cell["values"], *(["other"] if cell["other"] else [])]
        ax.set_xticks(x, [textwrap.shorten(str(v), 18) for v in labels], rotation=45, fontsize="x-small", ha="right")
    ax.set_ylabel("share", fontsize="x-small")
    ax.tick_params(axis="y", labelsize="x-small")
    return ax


def _panel_title(comparison: ComparisonData, table: pd.DataFrame, s: int, j: int, strata: list[str]) -> str:
    row = table.iloc[s * len(comparison.names) + j]
    parts = [f"PSI {row['psi']:.3g}" if not math.isnan(row["psi"]) else "PSI n/a"]
    if comparison.kinds[j] == "numeric" and not math.isnan(row["ks"]):
        parts.append(f"KS {row['ks']:.3g}" + ("" if row["ks_bound"] == row["ks"] else f"–{row['ks_bound']:.3g}"))
    head = comparison.names[j] + (f" | {strata[s]}" if strata[s] else "")
    return f"{head}\n{', '.join(parts)}: {row['flag']}"


def _columns(comparison: ComparisonData, columns: list[str] | str | None) -> list[int]:
    names = comparison.names if columns is None else [columns] if isinstance(columns, str) else list(columns)
    for name in names:
        if name not in comparison.names:
            raise ArgumentError(f"{name!r} is not a compared column; the comparison has {comparison.names}")
    return [comparison.names.index(n) for n in names]


def plot_comparison(comparison: ComparisonData, columns: list[str] | str | None = None, *,
                    figsize: tuple[float, float] | None = None) -> PanelGrid:
    """Both distributions of each of ``columns`` (all by default) on their shared bins: a grid of one panel per
    column and stratum (a row of strata per column), titled with the PSI, the KS statistic and the flag.

    Returns a :class:`~handyspark.plotting.grid.PanelGrid` whose ``axes`` run column by column, stratum by
    stratum, and whose ``data`` is the comparison.

    Examples
    --------
    >>> c = hdf.where(F.col("Sex") == "male").toHandy().compare(hdf.where(F.col("Sex") == "female"), ["Age", "Embarked"])
    >>> grid = plot_comparison(c)
    >>> [len(ax.patches) for ax in grid.axes]  # two bars per bin: 10 quantile bins, 3 ports
    [20, 6]
    """
    positions = _columns(comparison, columns)
    strata = stratum_titles(comparison)
    n_strata = len(comparison.keys)
    if not positions or not n_strata:
        raise ArgumentError("nothing to draw: the comparison has no columns or no strata")
    n = len(positions) * n_strata
    ncols = min(n_strata, 4) if comparison.strata is not None else None  # None: a row up to 3 panels, else square
    axes = panel_axes(n, None, figsize, sharex=False, sharey=False, ncols=ncols)
    table = comparison.table
    for p, j in enumerate(positions):
        for s in range(n_strata):
            ax = axes[p * n_strata + s]
            draw_bins(comparison.cells[s][j], comparison.kinds[j], ax, _panel_title(comparison, table, s, j, strata))
    axes[0].legend(fontsize="x-small")
    return PanelGrid(axes[0].figure, axes, comparison)


def column_figure(comparison: ComparisonData, column: str, strata: list[int] | None = None) -> Figure:
    """One column's panels (``strata``: the positions of the strata to draw, all by default) on a new figure
    made without pyplot (for the HTML report)."""
    from matplotlib.figure import Figure

    j = _columns(comparison, column)[0]
    chosen = list(range(len(comparison.keys))) if strata is None else strata
    titles = stratum_titles(comparison)
    table = comparison.table
    ncols = min(4, max(1, len(chosen)))
    nrows = math.ceil(len(chosen) / ncols) if chosen else 1
    fig = Figure(figsize=(3.6 * ncols, 2.9 * nrows), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for ax, s in zip(axes, chosen):
        draw_bins(comparison.cells[s][j], comparison.kinds[j], ax, _panel_title(comparison, table, s, j, titles))
    for extra in axes[len(chosen):]:
        extra.remove()
    axes[0].legend(fontsize="x-small")
    return fig
