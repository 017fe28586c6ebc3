"""``SegmentMetrics``: a binary classifier evaluated per stratum (``hdf.stratify([...]).evaluate(...)``).

A front end over :mod:`handyspark.evaluation.segments`: one Spark job gives every stratum's
per-score table, and each stratum is then a :class:`~handyspark.binary_metrics.BinaryClassificationMetrics`
built from its table (curves, thresholds, calibration and ranking without another job).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from ._compat import DataFrame, is_connect, require
from .binary_metrics import BinaryClassificationMetrics
from .errors import ArgumentError
from .evaluation.scores import resolve_scores
from .evaluation.segments import SegmentTables, segment_tables, stratum_filter, summary_table
from .evaluation.table import DEFAULT_MAX_THRESHOLDS
from .stats._panels import PanelResult

if TYPE_CHECKING:
    from .plotting.grid import PanelGrid
    from .strata import Strata

__all__ = ["SegmentMetrics", "OVERALL"]

#: The label of the overall row of :meth:`SegmentMetrics.summary`, in every strata level.
OVERALL = "(all)"


@dataclass(eq=False)
class _Panels(PanelResult):
    """The strata's metrics as the panels of a plot grid (see :func:`~handyspark.plotting.grid.draw_panels`)."""

    metrics: tuple[BinaryClassificationMetrics, ...] = ()

    def panel(self, i: int) -> BinaryClassificationMetrics:
        return self.metrics[i]


class SegmentMetrics:
    """A binary classifier's metrics per stratum, and overall, from one Spark job.

    What ``hdf.stratify([...]).evaluate(scoreCol, labelCol)`` returns. The predictions are grouped
    by stratum and distinct score (or bin, with ``numBins``) in one aggregation, run the first time
    a figure is asked for and kept; rows whose stratum value is null form their own stratum, and
    invalid rows anywhere raise :class:`~handyspark.evaluation.checks.InvalidRowsError`, as
    :class:`~handyspark.binary_metrics.BinaryClassificationMetrics` does (with ``numBins``, one more
    job finds the score range, shared by every stratum).

    Parameters
    ----------
    df : DataFrame
        Predictions, one row per case.
    strata : Strata
        The resolved stratification (``hdf.stratify`` makes it).
    scoreCol, labelCol, numBins, maxThresholds, weightCol
        As :class:`~handyspark.binary_metrics.BinaryClassificationMetrics`; ``maxThresholds`` bounds the
        (stratum, score) groups of all strata together. With ``weightCol`` the summary's ``rows`` and
        ``positives`` are summed weights, and every figure the weighted one.

    Examples
    --------
    >>> seg = predictions.toHandy().stratify(["Sex"]).evaluate(scoreCol="probability", labelCol="Survived")
    >>> seg.summary()[["rows", "positives", "areaUnderROC"]].round(4)
            rows  positives  areaUnderROC
    Sex
    female   314        233        0.7532
    male     577        109        0.6644
    (all)    891        342        0.8370
    >>> round(seg["female"].areaUnderPR, 4)
    0.9063
    """

    def __init__(self, df: DataFrame, strata: Strata, scoreCol: str = "probability", labelCol: str = "label",
                 numBins: int | None = None, maxThresholds: int = DEFAULT_MAX_THRESHOLDS, *,
                 weightCol: str | None = None) -> None:
        if is_connect(df):
            require("connect", connect=True)
        # validates every argument before any job, as the whole-frame object does
        self._whole = BinaryClassificationMetrics(df, scoreCol, labelCol, numBins, maxThresholds, weightCol=weightCol)
        self._df = self._whole._df
        self._spec = resolve_scores(self._df, scoreCol, labelCol, weightCol)
        self.strata = strata
        self._found_: tuple[SegmentTables, tuple[BinaryClassificationMetrics, ...],
                            BinaryClassificationMetrics] | None = None

    def __repr__(self) -> str:
        s = self._spec
        return f"SegmentMetrics(strata={self.strata.names}, scoreCol={s.scoreCol!r}, labelCol={s.labelCol!r})"

    def _found(self) -> tuple[SegmentTables, tuple[BinaryClassificationMetrics, ...], BinaryClassificationMetrics]:
        if self._found_ is None:
            whole = self._whole
            binning = whole._binning()  # with numBins: one job for the range, shared by every stratum
            found = whole._query(lambda: segment_tables(self._df, self._spec, self.strata, binning,
                                                       whole.maxThresholds))
            make = BinaryClassificationMetrics.from_table
            s = self._spec
            per_stratum = tuple(make(self._df.where(stratum_filter(self.strata, key)), table, s.scoreCol,
                                     s.labelCol, binning, whole.maxThresholds, weightCol=s.weightCol)
                                for key, table in zip(found.keys, found.tables))
            overall = make(self._df, found.overall, s.scoreCol, s.labelCol, binning, whole.maxThresholds,
                           weightCol=s.weightCol)
            self._found_ = (found, per_stratum, overall)
        return self._found_

    # ------------------------------------------------------------------ strata
    @property
    def index(self) -> pd.Index:
        """The strata's labels, in order (nulls last), as the summary's index shows them (without the overall row)."""
        return self.strata.index(self._found()[0].keys)

    def __len__(self) -> int:
        return len(self._found()[0].keys)

    def __iter__(self) -> Iterator[tuple[Any, BinaryClassificationMetrics]]:
        """``(label, metrics)`` of every stratum, in order."""
        return iter(zip(self.index, self._found()[1]))

    def __getitem__(self, label: Any) -> BinaryClassificationMetrics:
        """The metrics of the stratum labelled ``label`` (a tuple for several levels), or of the whole frame
        for :data:`OVERALL`; no Spark job for what its per-score table gives."""
        found, per_stratum, overall = self._found()
        if label == OVERALL or label == (OVERALL,) * len(self.strata.levels):
            return overall
        labels = list(self.index)
        wanted = label if len(self.strata.levels) > 1 or not isinstance(label, tuple) else label[0]
        if wanted not in labels:
            raise ArgumentError(f"no stratum {label!r}; the strata are {labels} (and {OVERALL!r} for all rows)")
        return per_stratum[labels.index(wanted)]

    @property
    def overall(self) -> BinaryClassificationMetrics:
        """The metrics of all rows together (from the same job)."""
        return self._found()[2]

    def summary(self) -> pd.DataFrame:
        """``rows, positives, areaUnderROC, areaUnderPR, log_loss, brier_score`` per stratum, then all rows
        (labelled ``OVERALL`` in every level).

        NaN where a figure is undefined in a stratum: the ROC area with one class only, the PR area
        without positives (each stratum's object raises there, saying so), the log loss and Brier score
        when the scores are not probabilities.
        """
        return summary_table(self.strata, self._found()[0], OVERALL)

    # ------------------------------------------------------------------ plots
    def _panels(self) -> _Panels:
        keys = self._found()[0].keys
        return _Panels(strata=self.strata.index(keys), clauses=tuple(self.strata.clause(k) for k in keys),
                       metrics=self._found()[1])

    def _grid(self, draw_one: Any, ax: Any, figsize: tuple[float, float] | None, **kwargs: Any) -> PanelGrid:
        from .plotting.grid import draw_panels
        from .plotting.segments import draw_segment_panel

        return draw_panels(self._panels(), lambda metrics, panel_ax, title, **kw: draw_segment_panel(
            metrics, draw_one, panel_ax, title, **kw), ax=ax, figsize=figsize, **kwargs)

    def plot_roc_curves(self, ax: Any = None, figsize: tuple[float, float] | None = None, **kwargs: Any) -> PanelGrid:
        """One ROC curve per stratum on a grid of panels (``fig, axs = ...``); a stratum with one class
        only says so in its panel."""
        return self._grid(lambda m, a, **kw: m.plot_roc_curve(ax=a, **kw), ax, figsize, **kwargs)

    def plot_pr_curves(self, ax: Any = None, figsize: tuple[float, float] | None = None, **kwargs: Any) -> PanelGrid:
        """One precision-recall curve per stratum on a grid of panels; a stratum without positives says so."""
        return self._grid(lambda m, a, **kw: m.plot_pr_curve(ax=a, **kw), ax, figsize, **kwargs)

    def plot_calibration_curves(self, ax: Any = None, figsize: tuple[float, float] | None = None,
                                n_bins: int = 5, strategy: str = "uniform", **kwargs: Any) -> PanelGrid:
        """One reliability curve per stratum (``n_bins``, ``strategy`` as ``calibration_curve``) on a grid."""
        return self._grid(lambda m, a, **kw: m.plot_calibration_curve(ax=a, n_bins=n_bins, strategy=strategy, **kw),
                          ax, figsize, **kwargs)


