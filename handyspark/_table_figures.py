"""Calibration, ranking, loss and histogram figures of a binary classifier, from its per-score table (no Spark job).

:class:`TableFigures` is a part of :class:`~handyspark.binary_metrics.BinaryClassificationMetrics`
(a mixin): each method delegates to :mod:`handyspark.evaluation.calibration` or
:mod:`handyspark.evaluation.ranking`, ``loss`` or ``histograms`` with the table that ``_table()`` gives.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from .evaluation import calibration, confusion, histograms, loss, ranking

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["TableFigures"]


class TableFigures:
    """Calibration, ranking, loss and histogram methods over ``self._table()`` (see the module notes)."""

    def _table(self) -> pd.DataFrame:  # provided by BinaryClassificationMetrics
        raise NotImplementedError

    def roc(self) -> pd.DataFrame:  # provided by BinaryClassificationMetrics
        raise NotImplementedError

    # ------------------------------------------------------------------ calibration
    def calibration_curve(self, n_bins: int = 5, strategy: str = "uniform") -> pd.DataFrame:
        """The reliability curve, equal to ``sklearn.calibration.calibration_curve(y, p, n_bins=, strategy=)``.

        One row per non-empty bin: ``bin, lower, upper, count, positives, prob_pred, prob_true``
        (see :func:`~handyspark.evaluation.calibration.calibration_curve`). Needs probabilities
        in [0, 1]. With ``numBins``, ``'uniform'`` is exact when every score bin fits in a
        calibration bin (an error otherwise) and ``'quantile'`` raises.

        Examples
        --------
        >>> from handyspark import BinaryClassificationMetrics
        >>> bcm = BinaryClassificationMetrics(predictions, scoreCol="probability", labelCol="Survived")
        >>> curve = bcm.calibration_curve(n_bins=5)
        >>> int(curve["count"].sum())
        891
        """
        return calibration.calibration_curve(self._table(), n_bins, strategy)

    def brier_score(self) -> float:
        """``mean((p - y) ** 2)``, scikit-learn's ``brier_score_loss``; exact with ``numBins`` too."""
        return calibration.brier_score(self._table())

    def expected_calibration_error(self, n_bins: int = 5, strategy: str = "uniform") -> float:
        """``sum_b (n_b / n) * |prob_true_b - prob_pred_b|`` over the bins of :meth:`calibration_curve`."""
        return calibration.calibration_errors(self._table(), n_bins, strategy)["ECE"]

    def maximum_calibration_error(self, n_bins: int = 5, strategy: str = "uniform") -> float:
        """``max_b |prob_true_b - prob_pred_b|`` over the non-empty bins of :meth:`calibration_curve`."""
        return calibration.calibration_errors(self._table(), n_bins, strategy)["MCE"]

    def plot_calibration_curve(
        self, ax: Axes | None = None, n_bins: int = 5, strategy: str = "uniform", **kwargs: Any
    ) -> Axes:
        """Draw the reliability curve, the diagonal and the rows per bin (bars on a second axis); returns the Axes."""
        from .plotting.evaluation import draw_calibration_curve

        return draw_calibration_curve(self.calibration_curve(n_bins, strategy), ax=ax, **kwargs)

    # ------------------------------------------------------------------ ranking
    def gains(self, n_groups: int = 10) -> pd.DataFrame:
        """Cumulative gains and lift by group of rows of decreasing score (deciles by default).

        Ties split across a group boundary count in proportion (see
        :mod:`handyspark.evaluation.ranking`); needs a positive case.

        Examples
        --------
        >>> from handyspark import BinaryClassificationMetrics
        >>> bcm = BinaryClassificationMetrics(predictions, scoreCol="probability", labelCol="Survived")
        >>> bcm.gains()["cumulative_rows"].tolist()[:3]
        [89, 178, 267]
        """
        return ranking.gains(self._table(), n_groups)

    def ks_statistic(self) -> pd.Series:
        """``max |tpr - fpr|`` (scipy's ``ks_2samp`` statistic) and the highest threshold reaching it: ``statistic, threshold, tpr, fpr``."""
        return ranking.ks_statistic(self._table())

    def top_k(self, k: int | None = None, fraction: float | None = None) -> pd.Series:
        """``k, threshold, positives, precision, recall`` among the top ``k`` rows (or ``floor(fraction * n)`` rows)."""
        return ranking.top_k(self._table(), k, fraction)

    def precision_at_k(self, k: int | None = None, fraction: float | None = None) -> float:
        """Precision among the ``k`` highest-scored rows (or the top ``fraction``), ties counted in proportion."""
        return float(self.top_k(k, fraction)["precision"])

    def recall_at_k(self, k: int | None = None, fraction: float | None = None) -> float:
        """Recall among the ``k`` highest-scored rows (or the top ``fraction``), ties counted in proportion."""
        return float(self.top_k(k, fraction)["recall"])

    def plot_gains_curve(self, ax: Axes | None = None, n_groups: int = 10, **kwargs: Any) -> Axes:
        """Draw the cumulative gains by group, with the random and best possible models; returns the Axes."""
        from .plotting.evaluation import draw_gains_curve

        return draw_gains_curve(self.gains(n_groups), ax=ax, **kwargs)

    def plot_lift_curve(self, ax: Axes | None = None, n_groups: int = 10, **kwargs: Any) -> Axes:
        """Draw the cumulative lift by group, with the random model's 1; returns the Axes."""
        from .plotting.evaluation import draw_lift_curve

        return draw_lift_curve(self.gains(n_groups), ax=ax, **kwargs)

    def plot_ks(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Draw the shares of positives and negatives scored at or above each threshold, and the KS gap; returns the Axes."""
        from .plotting.evaluation import draw_ks

        return draw_ks(self.roc(), self.ks_statistic(), ax=ax, **kwargs)

    # ------------------------------------------------------------------ loss and histograms
    def log_loss(self) -> float:
        """Binary cross-entropy, probabilities clipped to ``[eps, 1 - eps]`` as scikit-learn's ``log_loss``.

        Equals ``log_loss(y, p, labels=[0, 1])`` (one class only is fine: the labels are
        known to be 0 and 1); an empty frame or a score outside [0, 1] raises
        :class:`~handyspark.errors.ArgumentError`.
        """
        return loss.log_loss(self._table())

    def probability_histogram(self, bins: int | Sequence[float] = 20, threshold: float = 0.5) -> pd.DataFrame:
        """Predicted probabilities binned per true class, with misclassified counts at ``threshold``."""
        return histograms.probability_histogram(self._table(), bins, confusion.check_threshold(threshold))

    def loss_histogram(self, bins: int | Sequence[float] = 20) -> pd.DataFrame:
        """Per-row losses binned, per true class."""
        return histograms.loss_histogram(self._table(), bins)

    def plot_probability_histogram(
        self, ax: Axes | None = None, bins: int | Sequence[float] = 20, threshold: float = 0.5, **kwargs: Any
    ) -> Axes:
        """Draw the probability histogram per true class, misclassified cases marked; returns the Axes."""
        from .plotting.evaluation import draw_probability_histogram

        return draw_probability_histogram(self.probability_histogram(bins, threshold), threshold, ax=ax, **kwargs)

    def plot_loss_histogram(self, ax: Axes | None = None, bins: int | Sequence[float] = 20, **kwargs: Any) -> Axes:
        """Draw the histogram of per-row losses; returns the Axes."""
        from .plotting.evaluation import draw_loss_histogram

        return draw_loss_histogram(self.loss_histogram(bins), ax=ax, **kwargs)
