"""Per-segment evaluation: the per-score table of every stratum from one Spark job, and its summary.

The predictions are grouped by stratum key and distinct score (or bin edge) in one aggregation;
the driver splits the collected groups into one per-score table per stratum (see
:mod:`~handyspark.evaluation.table`) and adds them up, score by score, into the overall table. Every
figure of every stratum then follows from its table on the driver, without another job.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyspark.sql.functions as F

from .._compat import Column, DataFrame
from ..errors import ArgumentError
from ..safety import collect_aggregates
from ..stats.grouped import _sort_key, first_rows
from . import calibration, curves, loss
from .checks import is_weighted
from .scores import ScoreSpec
from .table import SCORE_SUMS, Binning, finish_table, grouped_scores

if TYPE_CHECKING:
    from ..strata import Strata

__all__ = ["SegmentTables", "segment_tables", "summary_row", "summary_table", "stratum_filter", "SUMMARY_COLUMNS"]

#: The columns of a per-segment summary, in order.
SUMMARY_COLUMNS = ["rows", "positives", "areaUnderROC", "areaUnderPR", "log_loss", "brier_score"]

#: Most groups of invalid scores per stratum (null, NaN, +inf, -inf) beyond the valid ones.
_INVALID_GROUPS = 4


@dataclass(frozen=True)
class SegmentTables:
    """The per-score tables of an evaluation by strata: ``keys[i]`` (raw stratum keys, sorted with
    nulls last) has ``tables[i]``; ``overall`` is the whole frame's table."""

    keys: list[tuple]
    tables: list[pd.DataFrame]
    overall: pd.DataFrame


def segment_tables(df: DataFrame, spec: ScoreSpec, strata: Strata, binning: Binning | None,
                   max_thresholds: int) -> SegmentTables:
    """The per-score table of every stratum and of the whole frame, in one Spark job.

    Raises :class:`~handyspark.evaluation.checks.InvalidRowsError` for invalid rows anywhere (counted
    in the same aggregation), :class:`~handyspark.errors.ArgumentError` for an empty frame, for more
    than ``max_thresholds`` (stratum, score) groups in all (bin the scores with ``numBins``) or more
    strata than the stratification allows.

    Examples
    --------
    >>> from handyspark.evaluation.scores import resolve_scores
    >>> from handyspark.strata import resolve_strata
    >>> spec, strata = resolve_scores(predictions, "probability", "Survived"), resolve_strata(predictions, ["Sex"])
    >>> found = segment_tables(predictions, spec, strata, None, 100_000)
    >>> found.keys, [int(t["pos"].sum()) for t in found.tables], int(found.overall["pos"].sum())
    ([('female',), ('male',)], [233, 109], 342)
    """
    key_names = strata.key_names
    cap = strata.max_strata if strata.max_strata is not None else max_thresholds
    limit = max_thresholds + _INVALID_GROUPS * (cap + 1) + 1
    grouped = grouped_scores(df, spec, binning, keys=strata.key_columns())
    rows = collect_aggregates(first_rows(grouped, limit))
    if len(rows) == limit:
        _too_many(spec, max_thresholds)
    raw = [tuple(r[k] for k in key_names) for r in rows]
    keys = sorted(set(raw), key=_sort_key)
    strata.check_count(len(keys), df)
    position = {k: i for i, k in enumerate(keys)}
    records = [{**{k: v for k, v in r.asDict().items() if k not in key_names}, "stratum": position[key]}
               for r, key in zip(rows, raw)]
    columns = [c for c in grouped.columns if c not in key_names] + ["stratum"]
    table = finish_table(pd.DataFrame.from_records(records, columns=columns), spec, max_thresholds, keys=["stratum"])
    parts = {i: part.drop(columns="stratum").reset_index(drop=True) for i, part in table.groupby("stratum", sort=True)}
    tables = [parts.get(i, table.iloc[:0].drop(columns="stratum")) for i in range(len(keys))]
    return SegmentTables(keys, tables, _overall(table.drop(columns="stratum")))


def _too_many(spec: ScoreSpec, max_thresholds: int) -> None:
    raise ArgumentError(
        f"scoreCol {spec.scoreCol!r} has more than {max_thresholds} distinct scores in all strata together: "
        "pass numBins= to bin them (or raise maxThresholds)"
    )


def _overall(table: pd.DataFrame) -> pd.DataFrame:
    """The strata's tables added up score by score: the whole frame's per-score table."""
    sums = {name: "sum" for name in ("pos", "neg", "loss_pos", "loss_neg", *SCORE_SUMS)}
    merged = table.groupby("threshold", sort=False).agg({**sums, "smin": "min", "smax": "max"}).reset_index()
    merged = merged.sort_values("threshold", ascending=False, ignore_index=True)
    return merged[list(table.columns)]


def summary_row(table: pd.DataFrame) -> dict[str, float]:
    """The summary figures of one per-score table: rows, positives, the areas, log loss and Brier score.

    With weights, ``rows`` and ``positives`` are summed weights. A figure that is undefined there is NaN: the ROC area without both classes, the PR area
    without a positive, the log loss and Brier score when a score is outside [0, 1] (not a
    probability).

    Examples
    --------
    >>> t = pd.DataFrame({"threshold": [.9, .2], "pos": [1, 0], "neg": [0, 1], "loss_pos": [0.1053605, 0.],
    ...                   "loss_neg": [0., 0.2231436], "smin": [.9, .2], "smax": [.9, .2],
    ...                   "sum_score": [.9, .2], "sum_score2": [.81, .04], "sum_score_pos": [.9, 0.]})
    >>> {k: round(v, 4) for k, v in summary_row(t).items()}
    {'rows': 2, 'positives': 1, 'areaUnderROC': 1.0, 'areaUnderPR': 1.0, 'log_loss': 0.1643, 'brier_score': 0.025}
    """
    found = curves.areas(table)
    probabilities = len(table) > 0 and table["smin"].min() >= 0 and table["smax"].max() <= 1
    out: dict[str, float] = {
        "rows": found["P"] + found["N"],  # summed weights with a weightCol (floats), else counts
        "positives": found["P"],
        "areaUnderROC": math.nan if found["areaUnderROC"] is None else float(found["areaUnderROC"]),
        "areaUnderPR": math.nan if found["areaUnderPR"] is None else float(found["areaUnderPR"]),
        "log_loss": loss.log_loss(table) if probabilities else math.nan,
        "brier_score": calibration.brier_score(table) if probabilities else math.nan,
    }
    return out


def stratum_filter(strata: Strata, key: Sequence[object]) -> Column:
    """True on the rows of the stratum with raw key ``key`` (a null key matches null: null-safe equality)."""
    conditions = [lv.key().eqNullSafe(F.lit(value)) for lv, value in zip(strata.levels, key)]
    out = conditions[0]
    for condition in conditions[1:]:
        out = out & condition
    return out


def summary_table(strata: Strata, found: SegmentTables, overall_label: str) -> pd.DataFrame:
    """One row of :func:`summary_row` per stratum (the strata as index levels), then the overall row,
    labelled ``overall_label`` in every level."""
    rows = [summary_row(t) for t in found.tables] + [summary_row(found.overall)]
    labels = [strata.labels(k) for k in found.keys] + [(overall_label,) * len(strata.levels)]
    index: pd.Index
    if len(strata.levels) == 1:
        index = pd.Index([lab[0] for lab in labels], name=strata.names[0], dtype=object, tupleize_cols=False)
    else:
        index = pd.MultiIndex.from_tuples(labels, names=strata.names)
    out = pd.DataFrame(rows, index=index, columns=SUMMARY_COLUMNS)
    if not is_weighted(found.overall):
        out = out.astype({"rows": np.int64, "positives": np.int64})
    return out
