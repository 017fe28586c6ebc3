"""getMetricsByThreshold on awkward scores and labels, against a numpy oracle (both sessions).

Rows without a finite score or a 0/1 label are never dropped: getMetricsByThreshold (and every
other query) raises InvalidRowsError with the count of each kind, before the lazy table exists,
and the valid rows alone equal the oracle.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from handyspark import BinaryClassificationMetrics
from handyspark.errors import ArgumentError
from handyspark.evaluation.checks import InvalidRowsError

COLUMNS = ["threshold", "fpr", "recall", "precision", "f1", "tp", "fp", "tn", "fn"]
NAN, INF = float("nan"), float("inf")


def _arrays(scores: list, labels: list) -> tuple[np.ndarray, np.ndarray]:
    return (np.array([np.nan if v is None else float(v) for v in scores]),
            np.array([np.nan if v is None else float(v) for v in labels]))


def _valid(scores: list, labels: list) -> np.ndarray:
    """Rows with a finite score and a label of 0 or 1: the only rows that may be evaluated."""
    s, y = _arrays(scores, labels)
    return np.isfinite(s) & np.isin(y, [0.0, 1.0])


def _problems(scores: list, labels: list) -> tuple[int, list[str]]:
    """How many rows are invalid, and what the detailed error must say about them (oracle: numpy)."""
    s, y = _arrays(scores, labels)
    counts = [(int((~np.isin(y, [0.0, 1.0])).sum()), "labelCol 'y': {} a label other than 0 or 1"),
              (int(np.isnan(s).sum()), "scoreCol 's': {} a missing score"),
              (int(np.isinf(s).sum()), "scoreCol 's': {} an infinite score")]
    texts = [text.format(f"{n} row has" if n == 1 else f"{n} rows have") for n, text in counts if n]
    return int((~_valid(scores, labels)).sum()), texts


def _oracle(scores: list, labels: list) -> pd.DataFrame:
    """The metrics at every distinct score, by brute force on valid rows: a rate with a zero
    denominator is NaN (scikit-learn: NaN with a warning); f1 is 0 where tp is."""
    s = np.array([float(v) for v in scores])
    y = np.array([float(v) for v in labels])
    pos, neg = y == 1.0, y == 0.0
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


def _check(spark, schema, scores, labels, score_col="s", label_col="y"):
    """Invalid rows: the lazy query fails with the total, an eager one with each kind; valid rows equal the oracle."""
    keep = _valid(scores, labels)
    rows = list(zip(scores, labels))
    df = spark.createDataFrame(rows, schema)
    if not keep.all():
        invalid, texts = _problems(scores, labels)
        head = f"rows that cannot be evaluated: {invalid} "
        for query in ("getMetricsByThreshold", "metrics_by_threshold"):
            bcm = BinaryClassificationMetrics(df, score_col, label_col)
            with pytest.raises(InvalidRowsError) as detailed:  # the total and each kind
                getattr(bcm, query)()
            assert str(detailed.value).startswith(head)
            for text in texts:
                assert text in str(detailed.value), (text, str(detailed.value))
            with pytest.raises(InvalidRowsError, match=re.escape(head)):
                bcm.getMetricsByThreshold()  # known now: raised again without a job
        df = spark.createDataFrame([r for r, k in zip(rows, keep) if k], schema)
    got = BinaryClassificationMetrics(df, score_col, label_col).getMetricsByThreshold().toPandas()
    assert list(got.columns) == COLUMNS
    kept_scores = [v for v, k in zip(scores, keep) if k]
    kept_labels = [v for v, k in zip(labels, keep) if k]
    pd.testing.assert_frame_equal(got, _oracle(kept_scores, kept_labels), check_exact=True)


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
    pytest.param("double", "int", [0.3, -0.0, 0.0, 0.3, 1e-300], [1, 0, 1, 0, 1], id="ties-and-signed-zeros"),
]


@pytest.mark.parametrize("score_type, label_type, scores, labels", CASES)
def test_metrics_by_threshold_equal_the_oracle(spark, score_type, label_type, scores, labels):
    _check(spark, f"s {score_type}, y {label_type}", scores, labels)


def test_names_with_dots_and_spaces_and_many_scores(spark):
    rng = np.random.default_rng(5)
    y = rng.integers(0, 2, 3000)
    p = np.round(1 / (1 + np.exp(-rng.normal(1.2 * y - 0.6, 1.0))), 3)
    p[::97] = np.nan
    pdf = pd.DataFrame({"my score.p": p, "true label": y.astype(np.int64)})
    bcm = BinaryClassificationMetrics(spark.createDataFrame(pdf), "my score.p", "true label")
    with pytest.raises(InvalidRowsError, match=r"rows that cannot be evaluated: 31 \(scoreCol 'my score.p'"):
        bcm.getMetricsByThreshold()
    with pytest.raises(InvalidRowsError, match=r"scoreCol 'my score.p': 31 rows have a missing score"):
        _ = bcm.areaUnderPR
    clean = pdf.dropna()
    got = BinaryClassificationMetrics(spark.createDataFrame(clean), "my score.p", "true label")
    pd.testing.assert_frame_equal(got.getMetricsByThreshold().toPandas(),
                                  _oracle(list(clean["my score.p"]), list(clean["true label"])), check_exact=True)


def test_a_percent_sign_in_a_column_name_stays_text(spark):
    df = spark.createDataFrame([(0.2, 0), (None, 1)], "`s%d` double, `y%s` int")
    with pytest.raises(InvalidRowsError, match=re.escape("rows that cannot be evaluated: 1 (scoreCol 's%d'")):
        BinaryClassificationMetrics(df, "s%d", "y%s").getMetricsByThreshold()


def test_array_scores_read_the_positive_class(spark):
    rows = [([0.9, 0.1], 0), ([0.2, 0.8], 1), ([0.5, 0.5], 1), ([0.6, 0.4], 1), (None, 1), ([0.1, NAN], 1),
            ([0.3, 0.3, 0.4], 0)]
    df = spark.createDataFrame(rows, "s array<double>, y int")
    with pytest.raises(InvalidRowsError, match="rows that cannot be evaluated: 3 "):
        BinaryClassificationMetrics(df, "s", "y").getMetricsByThreshold()
    with pytest.raises(InvalidRowsError) as failed:
        BinaryClassificationMetrics(df, "s", "y").roc()
    assert str(failed.value).startswith("rows that cannot be evaluated: 3 (scoreCol 's': 2 rows have a missing score")
    assert "scoreCol 's': 1 row holds a probability vector without exactly 2 elements" in str(failed.value)
    good = [r for r in rows if r[0] is not None and len(r[0]) == 2 and not math.isnan(r[0][1])]
    got = BinaryClassificationMetrics(spark.createDataFrame(good, "s array<double>, y int"), "s", "y")
    pd.testing.assert_frame_equal(got.getMetricsByThreshold().toPandas(),
                                  _oracle([r[0][1] for r in good], [r[1] for r in good]), check_exact=True)


def test_the_issue_reproduction_29_of_30_rows_is_an_error(spark):
    """Issue 14: one null score among 30 rows was dropped silently; now every path refuses the frame."""
    rows = [(round(0.03 * i, 2), i % 2) for i in range(29)] + [(None, 1)]
    df = spark.createDataFrame(rows, "s double, y int")
    bcm = BinaryClassificationMetrics(df, "s", "y")
    message = "rows that cannot be evaluated: 1 (scoreCol 's': 1 row has a missing score (null or NaN))"
    with pytest.raises(InvalidRowsError, match=re.escape(message)):
        bcm.getMetricsByThreshold()  # before the lazy table exists
    with pytest.raises(InvalidRowsError, match=re.escape(message)):
        _ = BinaryClassificationMetrics(df, "s", "y").areaUnderROC
    assert issubclass(InvalidRowsError, ArgumentError)


def test_an_empty_frame_gives_an_empty_table(spark):
    df = spark.createDataFrame([], "s double, y int")
    assert BinaryClassificationMetrics(df, "s", "y").getMetricsByThreshold().count() == 0
    assert BinaryClassificationMetrics(df, "s", "y", numBins=4).getMetricsByThreshold().count() == 0
