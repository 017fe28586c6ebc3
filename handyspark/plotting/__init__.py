"""Plots computed by Spark and drawn by matplotlib.

Each function computes a small result with :mod:`handyspark.stats.binning`,
:mod:`~handyspark.stats.boxstats` or :mod:`~handyspark.stats.scatter` (counts, box
statistics) and draws it with :mod:`handyspark.plotting._draw`; matplotlib is
imported only when something is drawn. Without strata they
return the matplotlib Axes (a new figure when ``ax`` is None); with strata,
one titled panel per stratum on a grid with shared axes, returned as a
:class:`~handyspark.plotting.grid.PanelGrid` that unpacks as ``fig, axs`` and
keeps the numbers it drew (``.data``). A box plot of several columns draws one
panel (one y-axis) per column and returns a PanelGrid too.

Every plot is titled (the column, or the stratum of a panel) and says what it
leaves out: ``177 missing not shown`` under the title when values are missing,
counted in the same Spark aggregation as the plot.
"""

from __future__ import annotations

from .box import boxplot
from .grid import PanelGrid
from .hist import hist
from .scatter import scatterplot

__all__ = ["hist", "boxplot", "scatterplot", "PanelGrid"]
