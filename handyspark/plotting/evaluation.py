"""Drawing of binary-classification results: pure matplotlib from small pandas frames, no Spark.

Each function takes ``ax=None`` (a new figure is made) and returns the Axes.
The frames are those of :mod:`handyspark.evaluation` (``roc()``, ``pr()``,
``probability_histogram()``, ``loss_histogram()``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["draw_roc_curve", "draw_pr_curve", "draw_probability_histogram", "draw_loss_histogram"]

NEGATIVE_COLOR, POSITIVE_COLOR, WRONG_COLOR = "tab:blue", "tab:green", "tab:red"


def _axes(ax: Axes | None, figsize: tuple[float, float] | None = None) -> Axes:
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize)
    return ax


def draw_roc_curve(roc: pd.DataFrame, auc: float | None = None, ax: Axes | None = None, **kwargs: Any) -> Axes:
    """The ROC curve (``fpr`` against ``tpr``) with the chance diagonal.

    Examples
    --------
    >>> roc = pd.DataFrame({"fpr": [0, .5, 1], "tpr": [0, .8, 1]})
    >>> ax = draw_roc_curve(roc, auc=0.65)
    >>> ax.lines[0].get_ydata().tolist()
    [0.0, 0.8, 1.0]
    """
    ax = _axes(ax, kwargs.pop("figsize", None))
    label = kwargs.pop("label", "ROC curve" if auc is None else f"ROC curve (AUC = {auc:.4f})")
    ax.plot(roc["fpr"].to_numpy(float), roc["tpr"].to_numpy(float), label=label, **kwargs)
    ax.plot([0, 1], [0, 1], linestyle="--", color="gray", linewidth=1, label="chance")
    ax.set(xlim=(-0.01, 1.01), ylim=(-0.01, 1.01), xlabel="False Positive Rate", ylabel="True Positive Rate (recall)",
           title="ROC curve")
    ax.legend(loc="lower right")
    return ax


def draw_pr_curve(
    pr: pd.DataFrame, auc: float | None = None, baseline: float | None = None, ax: Axes | None = None, **kwargs: Any
) -> Axes:
    """The precision-recall curve; ``baseline`` (the share of positives) as a dashed line.

    Examples
    --------
    >>> pr = pd.DataFrame({"recall": [0, .5, 1], "precision": [1, 1, .5]})
    >>> ax = draw_pr_curve(pr, auc=0.875, baseline=0.5)
    >>> ax.lines[0].get_xdata().tolist()
    [0.0, 0.5, 1.0]
    """
    ax = _axes(ax, kwargs.pop("figsize", None))
    label = kwargs.pop("label", "PR curve" if auc is None else f"PR curve (AUC = {auc:.4f})")
    ax.plot(pr["recall"].to_numpy(float), pr["precision"].to_numpy(float), label=label, **kwargs)
    if baseline is not None:
        ax.plot([0, 1], [baseline, baseline], linestyle="--", color="gray", linewidth=1, label="chance")
    ax.set(xlim=(-0.01, 1.01), ylim=(-0.01, 1.01), xlabel="Recall", ylabel="Precision",
           title="Precision-recall curve")
    ax.legend(loc="lower left")
    return ax


def draw_probability_histogram(
    hist: pd.DataFrame, threshold: float | None = 0.5, ax: Axes | None = None, **kwargs: Any
) -> Axes:
    """Predicted probabilities per true class (step lines), misclassified cases as red bars.

    ``hist`` has ``left, right, negative, positive, negative_misclassified,
    positive_misclassified`` (see ``probability_histogram``). The lines are
    drawn first (negative, then positive), then one red bar per bin with the
    misclassified count, then the threshold as a vertical dashed line.

    Examples
    --------
    >>> hist = pd.DataFrame({"left": [0, .5], "right": [.5, 1], "negative": [3, 1], "positive": [1, 2],
    ...                      "negative_misclassified": [0, 1], "positive_misclassified": [1, 0]})
    >>> ax = draw_probability_histogram(hist)
    >>> [float(bar.get_height()) for bar in ax.containers[0]]
    [1.0, 1.0]
    """
    ax = _axes(ax, kwargs.pop("figsize", None))
    left, right = hist["left"].to_numpy(float), hist["right"].to_numpy(float)
    edges = list(left) + [right[-1]]
    for column, color, name in (("negative", NEGATIVE_COLOR, "negative (0)"), ("positive", POSITIVE_COLOR,
                                                                              "positive (1)")):
        counts = hist[column].to_numpy(float)
        ax.stairs(counts, edges, color=color, linewidth=2, label=name, **kwargs)
    wrong = (hist["negative_misclassified"] + hist["positive_misclassified"]).to_numpy(float)
    ax.bar(left, wrong, width=right - left, align="edge", color=WRONG_COLOR, alpha=0.5, label="misclassified")
    if threshold is not None:
        ax.axvline(threshold, color="gray", linestyle="--", linewidth=1, label=f"threshold = {threshold:g}")
    ax.set(xlabel="Predicted probability of the positive class", ylabel="Count", title="Probability histogram")
    ax.legend(loc="upper center")
    return ax


def draw_loss_histogram(hist: pd.DataFrame, ax: Axes | None = None, **kwargs: Any) -> Axes:
    """Per-row losses binned, as stacked bars: negatives below, positives on top.

    The figure says so: the title is ``Loss histogram (stacked)`` and the positives' legend
    entry ``positive (1), stacked on negative``, so a bar's top is the count of both classes.

    Examples
    --------
    >>> hist = pd.DataFrame({"left": [0, 1], "right": [1, 2], "negative": [3, 1], "positive": [2, 0],
    ...                      "count": [5, 1]})
    >>> ax = draw_loss_histogram(hist)
    >>> [float(bar.get_height()) for bar in ax.patches]
    [3.0, 1.0, 2.0, 0.0]
    >>> ax.get_title()
    'Loss histogram (stacked)'
    """
    ax = _axes(ax, kwargs.pop("figsize", None))
    left, right = hist["left"].to_numpy(float), hist["right"].to_numpy(float)
    negative, positive = hist["negative"].to_numpy(float), hist["positive"].to_numpy(float)
    ax.bar(left, negative, width=right - left, align="edge", color=NEGATIVE_COLOR, label="negative (0)", **kwargs)
    ax.bar(left, positive, width=right - left, align="edge", bottom=negative, color=POSITIVE_COLOR,
           label="positive (1), stacked on negative", **kwargs)
    ax.set(xlabel="Binary cross-entropy (log loss) per case", ylabel="Count (classes stacked)",
           title="Loss histogram (stacked)")
    ax.legend(loc="upper right")
    return ax
