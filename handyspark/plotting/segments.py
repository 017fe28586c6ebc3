"""One panel of a per-segment evaluation plot: a stratum's curve, or what keeps it from being drawn."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..errors import ArgumentError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["draw_segment_panel"]


def draw_segment_panel(metrics: Any, draw_one: Callable[..., Any], ax: Axes, title: str, **kwargs: Any) -> Axes:
    """``draw_one(metrics, ax, **kwargs)`` on ``ax``, titled ``title``; a curve that the stratum cannot have
    (one class only, no positive) leaves the panel with the reason written in it.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> def refuse(metrics, ax):
    ...     raise ArgumentError("the ROC curve needs both classes; the labels hold 0 positives and 3 negatives")
    >>> ax = draw_segment_panel(None, refuse, plt.gca(), "Sex = male")
    >>> ax.get_title(), ax.texts[0].get_text().startswith("the ROC curve needs both classes")
    ('Sex = male', True)
    """
    try:
        draw_one(metrics, ax, **kwargs)
    except ArgumentError as exc:
        reason = str(exc).split(";")[0]
        ax.text(0.5, 0.5, reason, transform=ax.transAxes, ha="center", va="center", fontsize="small", wrap=True)
    ax.set_title(title)
    return ax
