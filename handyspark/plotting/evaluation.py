"""Drawing of binary-classification results: pure matplotlib from small pandas frames, no Spark.

Each function takes ``ax=None`` (a new figure is made) and returns the Axes.
The frames are those of :mod:`handyspark.evaluation` (``roc()``, ``pr()``,
``probability_histogram()``, ``loss_histogram()``, ``calibration_curve()``,
``gains()``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["draw_roc_curve", "draw_pr_curve", "draw_probability_histogram", "draw_loss_histogram",
           "draw_calibration_curve", "draw_gains_curve", "draw_lift_curve", "draw_ks"]

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


def draw_calibration_curve(curve: pd.DataFrame, ax: Axes | None = None, **kwargs: Any) -> Axes:
    """The reliability curve (mean predicted probability against share of positives), the diagonal, and the counts.

    ``curve`` has ``lower, upper, count, prob_pred, prob_true`` (see
    ``calibration_curve``). The curve is ``ax.lines[0]`` and the diagonal
    ``ax.lines[1]``; the count of rows per bin is drawn as grey bars over the
    bin's edges on a second y axis (``ax.count_axes``), behind the curve (a bin
    of zero width, as quantile bins of tied scores can be, gets a bar 0.01 wide).

    Examples
    --------
    >>> curve = pd.DataFrame({"lower": [0, .5], "upper": [.5, 1], "count": [30, 10],
    ...                       "prob_pred": [.2, .8], "prob_true": [.25, .7]})
    >>> ax = draw_calibration_curve(curve)
    >>> ax.lines[0].get_ydata().tolist(), [float(b.get_height()) for b in ax.count_axes.patches]
    ([0.25, 0.7], [30.0, 10.0])
    """
    ax = _axes(ax, kwargs.pop("figsize", None))
    lower, upper = curve["lower"].to_numpy(float), curve["upper"].to_numpy(float)
    widths = np.where(upper > lower, upper - lower, 0.01)
    counts_ax = ax.twinx()
    counts_ax.bar(np.where(upper > lower, lower, lower - 0.005), curve["count"].to_numpy(float), width=widths,
                  align="edge", color="gray", alpha=0.25, label="rows per bin")
    counts_ax.set_ylabel("Rows per bin")
    ax.set_zorder(counts_ax.get_zorder() + 1)  # the curve in front of the bars
    ax.patch.set_visible(False)
    label = kwargs.pop("label", "model")
    ax.plot(curve["prob_pred"].to_numpy(float), curve["prob_true"].to_numpy(float), marker="o", label=label, **kwargs)
    ax.plot([0, 1], [0, 1], linestyle="--", color="gray", linewidth=1, label="perfectly calibrated")
    ax.set(xlim=(-0.01, 1.01), ylim=(-0.01, 1.01), xlabel="Mean predicted probability",
           ylabel="Fraction of positives", title="Calibration curve")
    ax.legend(loc="upper left")
    ax.count_axes = counts_ax  # type: ignore[attr-defined]
    return ax


def _base_rate(gains: pd.DataFrame) -> float:
    return float(gains["cumulative_positives"].iloc[-1] / gains["cumulative_rows"].iloc[-1])


def draw_gains_curve(gains: pd.DataFrame, ax: Axes | None = None, **kwargs: Any) -> Axes:
    """Cumulative gains: the share of positives among the top rows, at each group boundary.

    ``gains`` has ``cumulative_fraction, gain, cumulative_positives,
    cumulative_rows`` (see ``gains``). ``ax.lines`` are the curve (from (0, 0)),
    the random model (the diagonal) and the best possible model (every positive first).

    Examples
    --------
    >>> gains = pd.DataFrame({"cumulative_fraction": [.5, 1], "gain": [.75, 1],
    ...                       "cumulative_positives": [3, 4], "cumulative_rows": [4, 8]})
    >>> ax = draw_gains_curve(gains)
    >>> ax.lines[0].get_ydata().tolist()
    [0.0, 0.75, 1.0]
    """
    ax = _axes(ax, kwargs.pop("figsize", None))
    label = kwargs.pop("label", "model")
    x = np.concatenate([[0.0], gains["cumulative_fraction"].to_numpy(float)])
    y = np.concatenate([[0.0], gains["gain"].to_numpy(float)])
    ax.plot(x, y, marker="o", label=label, **kwargs)
    ax.plot([0, 1], [0, 1], linestyle="--", color="gray", linewidth=1, label="random")
    ax.plot([0, _base_rate(gains), 1], [0, 1, 1], linestyle=":", color="black", linewidth=1, label="best possible")
    ax.set(xlim=(-0.01, 1.01), ylim=(-0.01, 1.01), xlabel="Fraction of rows (by decreasing score)",
           ylabel="Fraction of positives (gain)", title="Cumulative gains")
    ax.legend(loc="lower right")
    return ax


def draw_lift_curve(gains: pd.DataFrame, ax: Axes | None = None, **kwargs: Any) -> Axes:
    """Cumulative lift at each group boundary, with the random model's lift of 1.

    Examples
    --------
    >>> gains = pd.DataFrame({"cumulative_fraction": [.5, 1], "cumulative_lift": [1.5, 1]})
    >>> ax = draw_lift_curve(gains)
    >>> ax.lines[0].get_ydata().tolist()
    [1.5, 1.0]
    """
    ax = _axes(ax, kwargs.pop("figsize", None))
    label = kwargs.pop("label", "model")
    ax.plot(gains["cumulative_fraction"].to_numpy(float), gains["cumulative_lift"].to_numpy(float), marker="o",
            label=label, **kwargs)
    ax.plot([0, 1], [1, 1], linestyle="--", color="gray", linewidth=1, label="random")
    ax.set(xlim=(-0.01, 1.01), xlabel="Fraction of rows (by decreasing score)", ylabel="Cumulative lift",
           title="Lift curve")
    ax.legend(loc="upper right")
    return ax


def draw_ks(roc: pd.DataFrame, ks: pd.Series, ax: Axes | None = None, **kwargs: Any) -> Axes:
    """The KS chart: the share of positives and of negatives scored at or above each threshold, and their gap.

    ``roc`` has ``threshold, tpr, fpr`` (rows with an infinite threshold are
    left out); ``ks`` has ``statistic, threshold, tpr, fpr`` (see
    ``ks_statistic``). ``ax.lines`` are the positives (``tpr``), the negatives
    (``fpr``) and the KS gap, a vertical segment at its threshold.

    Examples
    --------
    >>> roc = pd.DataFrame({"threshold": [.9, .6, .3], "tpr": [.5, 1, 1], "fpr": [0, .5, 1]})
    >>> ks = pd.Series({"statistic": .5, "threshold": .9, "tpr": .5, "fpr": 0})
    >>> ax = draw_ks(roc, ks)
    >>> ax.lines[2].get_ydata().tolist()
    [0.0, 0.5]
    """
    ax = _axes(ax, kwargs.pop("figsize", None))
    curve = roc[np.isfinite(roc["threshold"].to_numpy(float))]
    x = curve["threshold"].to_numpy(float)
    ax.plot(x, curve["tpr"].to_numpy(float), color=POSITIVE_COLOR, label="positives (tpr)", **kwargs)
    ax.plot(x, curve["fpr"].to_numpy(float), color=NEGATIVE_COLOR, label="negatives (fpr)", **kwargs)
    t = float(ks["threshold"])
    ax.plot([t, t], [float(ks["fpr"]), float(ks["tpr"])], color=WRONG_COLOR, linewidth=2,
            label=f"KS = {float(ks['statistic']):.4f} at {t:.4g}")
    ax.set(ylim=(-0.01, 1.01), xlabel="Threshold (score >= threshold is positive)",
           ylabel="Share scored at or above the threshold", title="KS chart")
    ax.legend(loc="best")
    return ax
