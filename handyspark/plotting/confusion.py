"""Drawing of a confusion matrix (any number of classes): pure matplotlib from a small pandas frame, no Spark."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ._draw import new_axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["draw_confusion_matrix"]


def draw_confusion_matrix(matrix: pd.DataFrame, normalize: bool = False, ax: Axes | None = None,
                          **kwargs: Any) -> Axes:
    """A heatmap of ``matrix`` (rows = true class, columns = predicted class) with each cell's count, or
    with each true class's share of its row when ``normalize`` (an empty row stays 0). Summed weights
    (a matrix of floats) are written with 4 significant digits.

    Examples
    --------
    >>> ax = draw_confusion_matrix(pd.DataFrame([[5, 1], [2, 3]]))
    >>> [t.get_text() for t in ax.texts]
    ['5', '1', '2', '3']
    """
    ax = new_axes(kwargs.pop("figsize", None)) if ax is None else ax
    counts = matrix.to_numpy(np.float64)
    whole = all(dtype.kind in "iub" for dtype in matrix.dtypes)  # counts, not summed weights
    if normalize:
        totals = counts.sum(axis=1, keepdims=True)
        shown = np.divide(counts, totals, out=np.zeros_like(counts), where=totals > 0)
    else:
        shown = counts
    top = 1.0 if normalize else max(float(shown.max()), 1.0)
    ax.imshow(shown, cmap=kwargs.pop("cmap", "Blues"), interpolation="nearest", vmin=0, vmax=top, **kwargs)
    middle = top / 2
    for i in range(shown.shape[0]):
        for j in range(shown.shape[1]):
            text = f"{shown[i, j]:.2f}" if normalize else f"{int(counts[i, j])}" if whole else f"{counts[i, j]:.4g}"
            ax.text(j, i, text, ha="center", va="center", color="white" if shown[i, j] > middle else "black")
    ax.set_xticks(range(shown.shape[1]), [str(c) for c in matrix.columns])
    ax.set_yticks(range(shown.shape[0]), [str(c) for c in matrix.index])
    ax.set(xlabel=f"predicted ({matrix.columns.name})" if matrix.columns.name else "predicted",
           ylabel=str(matrix.index.name) if matrix.index.name else "true class",
           title="Confusion matrix" + (" (share of each true class)" if normalize else ""))
    return ax
