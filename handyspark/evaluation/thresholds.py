"""Metrics at every threshold on the driver, and choosing a threshold.

All functions take the per-score table (one row per distinct score, by
decreasing score) and need no Spark job. The candidate thresholds are the
distinct scores (a case is positive when its score is at least the
threshold), so every choice is exact.

A chosen threshold is a :class:`Threshold`: a ``float`` (compare it, print it,
pass it to ``confusionMatrix`` as before) that also carries ``.threshold`` and
``.metrics``, the metrics there (a pandas Series, as a row of
:func:`metrics_by_threshold`).

Rules, each over every distinct score:

* :func:`best_threshold`: the threshold that maximises the metric (``'cost'``:
  minimises ``costs['fp'] * FP + costs['fn'] * FN``, and predicting no positive
  at all, threshold ``inf``, is a candidate too); among ties, the highest.
* :func:`threshold_at` ``(precision=x)``: the lowest threshold whose precision is
  at least ``x`` (the most recall at that precision); none reaches it: an error.
* ``threshold_at(recall=x)``: the highest threshold whose recall is at least
  ``x`` (the fewest positive predictions with that recall).
* ``threshold_at(fpr=x)`` (and its alias :func:`threshold_for_fpr`): the lowest
  threshold whose false positive rate is at most ``x``; ``inf`` when even the
  highest score exceeds it (only predicting no positive meets it).

"At least" and "at most" allow ``1e-12`` of rounding. All need both classes.
With weights (``weightCol``), ``tp, fp, tn, fn`` are summed weights and every
metric is the weighted one (scores of weight 0 are no candidates).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._validation import check_fraction
from ..errors import ArgumentError
from .curves import check_both_classes, cumulative, total

__all__ = ["METRICS", "Threshold", "metrics_by_threshold", "best_threshold", "threshold_at", "threshold_for_fpr"]

#: Metrics that :func:`best_threshold` can maximise; it also takes ``'cost'`` (minimised, with ``costs``).
METRICS = ("f1", "precision", "recall", "accuracy", "specificity", "balanced_accuracy", "youden")

_TOLERANCE = 1e-12


class Threshold(float):
    """A chosen threshold: a ``float``, with the metrics at it.

    Attributes
    ----------
    threshold : float
        The threshold itself (the float's value).
    metrics : pandas.Series
        ``threshold, fpr, recall, precision, f1, accuracy, specificity,
        balanced_accuracy, youden, tp, fp, tn, fn`` there (plus ``cost`` when
        chosen by cost).
    rule : str
        How it was chosen, e.g. ``"max f1"`` or ``"lowest threshold with precision >= 0.8"``.

    Examples
    --------
    >>> t = Threshold(0.6, pd.Series({"threshold": 0.6, "f1": 0.8}), "max f1")
    >>> t, float(t), float(t.metrics["f1"])
    (0.6, 0.6, 0.8)
    """

    __slots__ = ("metrics", "rule")
    metrics: pd.Series
    rule: str

    def __new__(cls, value: float, metrics: pd.Series, rule: str) -> Threshold:
        self = super().__new__(cls, value)
        object.__setattr__(self, "metrics", metrics)
        object.__setattr__(self, "rule", rule)
        return self

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Threshold is immutable: cannot set {name!r}")

    def __reduce__(self) -> tuple:
        return (Threshold, (float(self), self.metrics, self.rule))

    @property
    def threshold(self) -> float:
        """The threshold as a plain float."""
        return float(self)


def metrics_by_threshold(table: pd.DataFrame) -> pd.DataFrame:
    """Counts and metrics at every threshold (score >= threshold means positive).

    Returns
    -------
    pandas.DataFrame
        ``threshold, fpr, recall, precision, f1, accuracy, specificity,
        balanced_accuracy, youden, tp, fp, tn, fn`` by decreasing threshold.

    Examples
    --------
    >>> t = pd.DataFrame({"threshold": [.9, .4], "pos": [1, 1], "neg": [0, 2]})
    >>> metrics_by_threshold(t)[["threshold", "tp", "fp", "f1"]].to_dict("list")
    {'threshold': [0.9, 0.4], 'tp': [1, 2], 'fp': [0, 2], 'f1': [0.6666666666666666, 0.6666666666666666]}
    """
    cum = cumulative(table)
    n = float(cum["tp"].iloc[-1] + cum["fp"].iloc[-1] + cum["fn"].iloc[-1] + cum["tn"].iloc[-1])
    with np.errstate(divide="ignore", invalid="ignore"):
        cum["accuracy"] = (cum["tp"] + cum["tn"]) / n
        cum["specificity"] = 1.0 - cum["fpr"]
        cum["balanced_accuracy"] = (cum["recall"] + cum["specificity"]) / 2
        cum["youden"] = cum["recall"] - cum["fpr"]
    columns = ["threshold", "fpr", "recall", "precision", "f1", "accuracy", "specificity",
               "balanced_accuracy", "youden", "tp", "fp", "tn", "fn"]
    return cum[columns]


def _metrics(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`metrics_by_threshold` with a first row for threshold ``inf`` (no positive predicted)."""
    metrics = metrics_by_threshold(table)
    P, N = total(table["pos"]), total(table["neg"])
    none = {"threshold": np.inf, "fpr": 0.0, "recall": 0.0, "precision": np.nan, "f1": 0.0,
            "accuracy": N / (P + N), "specificity": 1.0, "balanced_accuracy": 0.5, "youden": 0.0,
            "tp": 0, "fp": 0, "tn": N, "fn": P}
    return pd.concat([pd.DataFrame([none]), metrics], ignore_index=True)


def _choice(metrics: pd.DataFrame, i: int, rule: str) -> Threshold:
    row = metrics.iloc[i].copy()
    row.name = None
    return Threshold(float(row["threshold"]), row, rule)


def _check_costs(costs: object) -> tuple[float, float]:
    if not isinstance(costs, dict) or set(costs) != {"fp", "fn"}:
        raise ArgumentError(f"costs must be a dict with the keys 'fp' and 'fn', got {costs!r}")
    values = []
    for key in ("fp", "fn"):
        value = costs[key]
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) or not (
            np.isfinite(value) and value >= 0
        ):
            raise ArgumentError(f"costs[{key!r}] must be a finite number >= 0, got {value!r}")
        values.append(float(value))
    if values == [0.0, 0.0]:
        raise ArgumentError("costs are both 0: every threshold costs nothing")
    return values[0], values[1]


def best_threshold(table: pd.DataFrame, metric: str = "f1", costs: dict[str, float] | None = None) -> Threshold:
    """The threshold that maximises ``metric`` (or minimises the cost); among ties, the highest threshold.

    Parameters
    ----------
    table : pandas.DataFrame
        The per-score table.
    metric : str
        One of :data:`METRICS`, or ``'cost'``, which minimises ``costs['fp'] * FP + costs['fn'] * FN``
        over the distinct scores and ``inf`` (no positive predicted).
    costs : dict, optional
        ``{'fp': cost of a false positive, 'fn': cost of a false negative}``, finite
        and >= 0, not both 0; only with ``metric='cost'``.

    Returns
    -------
    Threshold
        A float, with ``.metrics`` there (and ``metrics['cost']`` for ``'cost'``).

    Examples
    --------
    >>> t = pd.DataFrame({"threshold": [.9, .6, .4], "pos": [1, 1, 0], "neg": [0, 0, 2]})
    >>> best_threshold(t, "f1")
    0.6
    >>> best = best_threshold(t, "cost", costs={"fp": 1, "fn": 5})
    >>> best, float(best.metrics["cost"])
    (0.6, 0.0)
    """
    if metric not in (*METRICS, "cost"):
        raise ArgumentError(f"metric must be one of {[*METRICS, 'cost']}, got {metric!r}")
    if metric != "cost" and costs is not None:
        raise ArgumentError(f"costs are used with metric='cost' only, got metric={metric!r}")
    if metric == "cost" and costs is None:
        raise ArgumentError("metric='cost' needs costs={'fp': ..., 'fn': ...}")
    check_both_classes(table)
    if metric == "cost":
        fp_cost, fn_cost = _check_costs(costs)
        metrics = _metrics(table)
        metrics["cost"] = fp_cost * metrics["fp"].to_numpy(np.float64) + fn_cost * metrics["fn"].to_numpy(np.float64)
        i = int(np.argmin(metrics["cost"].to_numpy()))
        return _choice(metrics, i, f"min cost ({fp_cost:g} per FP, {fn_cost:g} per FN)")
    metrics = metrics_by_threshold(table)
    i = int(np.nanargmax(metrics[metric].to_numpy(np.float64)))
    return _choice(metrics, i, f"max {metric}")


def threshold_at(
    table: pd.DataFrame, *, precision: float | None = None, recall: float | None = None, fpr: float | None = None
) -> Threshold:
    """The threshold meeting a target precision, recall or false positive rate (exactly one keyword).

    * ``precision=x``: the lowest threshold whose precision is at least ``x``
      (the most recall at that precision); an error when none reaches ``x``.
    * ``recall=x``: the highest threshold whose recall is at least ``x``.
    * ``fpr=x``: the lowest threshold whose false positive rate is at most ``x``;
      ``inf`` (no positive predicted) when even the highest score exceeds it.

    Examples
    --------
    >>> t = pd.DataFrame({"threshold": [.9, .6, .4], "pos": [1, 0, 1], "neg": [0, 1, 1]})
    >>> at = threshold_at(t, recall=1.0)
    >>> at, float(at.metrics["precision"])
    (0.4, 0.5)
    >>> threshold_at(t, precision=0.6)
    0.9
    """
    given = {k: v for k, v in {"precision": precision, "recall": recall, "fpr": fpr}.items() if v is not None}
    if len(given) != 1:
        raise ArgumentError(f"give exactly one of precision=, recall= and fpr=, got {sorted(given) or 'none'}")
    (name, value), = given.items()
    target = check_fraction(value, name)
    check_both_classes(table)
    metrics = _metrics(table)
    rates = metrics[name].to_numpy(np.float64)
    if name == "fpr":
        meets = np.flatnonzero(rates <= target + _TOLERANCE)  # never empty: inf has fpr 0
        return _choice(metrics, int(meets[-1]), f"lowest threshold with fpr <= {target:g}")
    meets = np.flatnonzero(rates[1:] >= target - _TOLERANCE) + 1  # the distinct scores (not inf)
    if name == "recall":
        return _choice(metrics, int(meets[0]), f"highest threshold with recall >= {target:g}")
    if not len(meets):
        best = int(np.nanargmax(rates[1:])) + 1
        raise ArgumentError(
            f"no threshold reaches precision={target:g}: the highest precision is {rates[best]:g} "
            f"(at threshold {metrics['threshold'].iloc[best]:g})"
        )
    return _choice(metrics, int(meets[-1]), f"lowest threshold with precision >= {target:g}")


def threshold_for_fpr(table: pd.DataFrame, fpr: float) -> Threshold:
    """``threshold_at(table, fpr=fpr)``: the lowest threshold whose false positive rate is at most ``fpr``.

    When even the highest score gives a larger false positive rate, the result
    is ``inf``: only predicting no positive at all meets the target.

    Examples
    --------
    >>> t = pd.DataFrame({"threshold": [.9, .6, .4], "pos": [1, 0, 1], "neg": [0, 1, 1]})
    >>> threshold_for_fpr(t, 0.5)
    0.6
    """
    return threshold_at(table, fpr=fpr)
