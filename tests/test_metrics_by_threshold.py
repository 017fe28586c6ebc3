"""getMetricsByThreshold on awkward scores and labels, against a numpy oracle (both sessions)."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from handyspark import BinaryClassificationMetrics

COLUMNS = ["threshold", "fpr", "recall", "precision", "f1", "tp", "fp", "tn", "fn"]
NAN, INF = float("nan"), float("inf")


def _oracle(scores: list, labels: list) -> pd.DataFrame:
    """The metrics at every distinct score, by brute force: missing scores (None/NaN) and labels
    other than 0/1 count nowhere; a rate with a zero denominator is NaN; f1 is 0 where tp is."""
    s = np.array([np.nan if v is None else float(v) for v in scores])
    y = np.array([np.nan if v is None else float(v) for v in labels])
    keep = ~np.isnan(s)
    s, pos, neg = s[keep], (y == 1.0)[keep], (y == 0.0)[keep]
    thresholds = np.unique(s)[::-1]
    pred = s[None, :] >= thresholds[:, None]
    tp, fp = (pred & pos).sum(1).astype(np.int64), (pred & neg).sum(1).astype(np.int64)
    P, N = int(pos.sum()), int(neg.sum())
    with np.errstate(divide="ignore", invalid="ignore"):
        table = pd.DataFrame({
            "threshold": thresholds.astype(np.float64),
            "fpr": fp / N if N else np.full(len(tp), np.nan),
            "recall": tp / P if P else np.full(len(tp), np.nan),
            "precision": np.where(tp + fp > 0, tp / (tp + fp), np.nan),
            "f1": np.where(tp > 0, 2 * tp / (tp + fp + P), 0.0),
            "tp": tp, "fp": fp, "tn": N - fp, "fn": P - tp,
        })
    return table


def _check(df, scores, labels, score_col="s", label_col="y"):
    got = BinaryClassificationMetrics(df, score_col, label_col).getMetricsByThreshold().toPandas()
    assert list(got.columns) == COLUMNS
    pd.testing.assert_frame_equal(got, _oracle(scores, labels), check_exact=True)


CASES = [
    pytest.param(
        "double", "int",
        [0.2, 0.7, 0.9, None, NAN, 0.7, 0.2, 0.5, -0.0, 0.0, INF, -INF, 0.3],
        [0, 2, 1, 1, 0, -1, None, 1, 0, 1, 1, 0, 7],
        id="double-score-with-missing-and-infinite-int-labels-beyond-0-1",
    ),
    pytest.param(
        "float", "double",
        [0.25, 0.75, NAN, 0.5, 0.5, 0.125, None, 0.75, 0.75],
        [1.0, 0.5, 1.0, NAN, -0.0, 0.0, 0.0, 1.0, None],
        id="float-score-double-labels-with-nan-and-halves",
    ),
    pytest.param(
        "decimal(5,2)", "decimal(5,2)",
        [Decimal("0.10"), Decimal("0.20"), Decimal("0.20"), None, Decimal("0.30"), Decimal("0.30")],
        [Decimal("1.00"), Decimal("0.00"), Decimal("2.00"), Decimal("1.00"), None, Decimal("1.00")],
        id="decimal-score-and-label",
    ),
    pytest.param("bigint", "boolean", [3, 1, 2, None, 3, -5, 7], [True, False, None, True, False, False, True],
                 id="integer-score-boolean-label"),
    pytest.param("int", "tinyint", [3, 1, 2, 3, 5], [1, 0, 3, 0, 1], id="int-score-byte-label"),
    pytest.param("double", "float", [0.1, 0.4, 0.4, 0.9], [1.0, 0.0, 1.5, 1.0], id="float-label"),
    pytest.param("double", "bigint", [0.2, 0.9, 0.5], [1, 1, 1], id="positives-only"),
    pytest.param("double", "bigint", [0.2, 0.9, 0.9], [0, 0, 0], id="negatives-only"),
    pytest.param("double", "int", [0.9, 0.8, 0.3, 0.3, 0.1], [5, 1, 0, 1, 0], id="top-score-without-a-0-1-label"),
    pytest.param("double", "int", [None, NAN], [1, 0], id="every-score-missing"),
]


@pytest.mark.parametrize("score_type, label_type, scores, labels", CASES)
def test_metrics_by_threshold_equal_the_oracle(spark, score_type, label_type, scores, labels):
    df = spark.createDataFrame(list(zip(scores, labels)), f"s {score_type}, y {label_type}")
    _check(df, scores, labels)


def test_names_with_dots_and_spaces_and_many_scores(spark):
    rng = np.random.default_rng(5)
    y = rng.integers(0, 2, 3000)
    p = np.round(1 / (1 + np.exp(-rng.normal(1.2 * y - 0.6, 1.0))), 3)
    p[::97] = np.nan
    df = spark.createDataFrame(pd.DataFrame({"my score.p": p, "true label": y.astype(np.int64)}))
    _check(df, [None if math.isnan(v) else v for v in p], list(y), "my score.p", "true label")


def test_array_scores_read_the_positive_class(spark):
    rows = [([0.9, 0.1], 0), ([0.2, 0.8], 1), ([0.5, 0.5], 1), ([0.6, 0.4], 1), (None, 1), ([0.1, NAN], 1)]
    df = spark.createDataFrame(rows, "s array<double>, y int")
    _check(df, [None if r[0] is None else r[0][1] for r in rows], [r[1] for r in rows])
