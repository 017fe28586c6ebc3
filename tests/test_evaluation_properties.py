"""Property tests: BinaryClassificationMetrics against scikit-learn on random predictions (both sessions).

Labels and scores are drawn by hypothesis (fixed seed): few distinct scores so that ties are common,
or any probability; scores as a double column or as probability vectors. Each example checks the
areas, the curves, getMetricsByThreshold, the confusion matrix at several thresholds and the log loss.
Where scikit-learn says a metric is undefined (a warning or an error), ours raises ArgumentError.
The fast suite runs a few examples; ``-m slow`` runs more.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.metrics import (
    auc,
    average_precision_score,
    confusion_matrix,
    log_loss,
    precision_recall_curve,
    roc_auc_score,
    roc_curve,
)

from handyspark import BinaryClassificationMetrics
from handyspark.errors import ArgumentError
from handyspark.evaluation.table import Binning

TIED = [0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0]
FAST = settings(derandomize=True, deadline=None, max_examples=6,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
SLOW = settings(FAST, max_examples=20)


@st.composite
def predictions(draw, min_rows: int = 1, max_rows: int = 25):
    """(labels, scores): 0/1 labels and probabilities, often tied, sometimes a single class."""
    n = draw(st.integers(min_rows, max_rows))
    y = np.array(draw(st.lists(st.integers(0, 1), min_size=n, max_size=n)), dtype=np.int64)
    value = draw(st.sampled_from([st.sampled_from(TIED), st.floats(0.0, 1.0, allow_nan=False, width=64)]))
    p = np.array(draw(st.lists(value, min_size=n, max_size=n)), dtype=np.float64)
    return y, p


def _frame(spark, y: np.ndarray, p: np.ndarray, vectors: bool):
    if vectors:
        from pyspark.ml.linalg import Vectors

        rows = [(Vectors.dense([1.0 - float(s), float(s)]), int(t)) for s, t in zip(p, y)]
        return spark.createDataFrame(rows, ["s", "y"])
    return spark.createDataFrame(pd.DataFrame({"s": p, "y": y}))


def _sklearn_pr_area(y: np.ndarray, p: np.ndarray) -> float:
    """Our areaUnderPR (Spark's definition, docs/evaluation.md) from scikit-learn's curve: trapezoids over the
    points at each distinct score, the curve starting at (0, precision at the highest score) instead of (0, 1)."""
    precision, recall, _ = precision_recall_curve(y, p, drop_intermediate=False)
    r, q = recall[:-1][::-1], precision[:-1][::-1]  # by decreasing threshold, without sklearn's (0, 1) end point
    return float(auc(np.r_[0.0, r], np.r_[q[0], q]))


def _check_areas(bcm, y: np.ndarray, p: np.ndarray) -> None:
    P, N = int(y.sum()), int(len(y) - y.sum())
    if P and N:
        assert bcm.areaUnderROC == pytest.approx(roc_auc_score(y, p), rel=1e-9, abs=1e-12)
    else:
        with pytest.raises(ArgumentError, match="both classes"):
            _ = bcm.areaUnderROC
    if P:
        assert bcm.averagePrecision == pytest.approx(average_precision_score(y, p), rel=1e-9, abs=1e-12)
        assert bcm.areaUnderPR == pytest.approx(_sklearn_pr_area(y, p), rel=1e-9, abs=1e-12)
    else:
        with pytest.raises(ArgumentError, match="positive"):
            _ = bcm.areaUnderPR


def _check_table(bcm, y: np.ndarray, p: np.ndarray) -> None:
    """getMetricsByThreshold against roc_curve / precision_recall_curve (all points kept)."""
    P, N = int(y.sum()), int(len(y) - y.sum())
    got = bcm.getMetricsByThreshold().toPandas()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # one class: scikit-learn warns and gives NaN rates, ours are null
        fpr, tpr, thresholds = roc_curve(y, p, drop_intermediate=False)
    np.testing.assert_array_equal(got["threshold"], thresholds[1:])
    np.testing.assert_allclose(got["fpr"].astype(float), fpr[1:] if N else np.nan, rtol=1e-12)
    np.testing.assert_allclose(got["recall"].astype(float), tpr[1:] if P else np.nan, rtol=1e-12)
    np.testing.assert_array_equal(got["tp"] + got["fn"], P)
    np.testing.assert_array_equal(got["fp"] + got["tn"], N)
    np.testing.assert_allclose(got["fp"], fpr[1:] * N if N else 0, rtol=1e-12)
    if P:
        precision, _, _ = precision_recall_curve(y, p, drop_intermediate=False)
        np.testing.assert_allclose(got["precision"], precision[:-1][::-1], rtol=1e-12)
        np.testing.assert_allclose(got["tp"], tpr[1:] * P, rtol=1e-12)


def _check_driver_side(bcm, y: np.ndarray, p: np.ndarray) -> None:
    assert bcm.log_loss() == pytest.approx(log_loss(y, p, labels=[0, 1]), rel=1e-9)
    for t in (0.0, 0.25, 0.5, float(p[0]), 0.9, 1.0, 1.5):
        expected = confusion_matrix(y, (p >= t).astype(int), labels=[0, 1])
        np.testing.assert_array_equal(bcm.confusionMatrix(t).to_numpy(), expected)


def _check_everything(spark, y, p, vectors):
    bcm = BinaryClassificationMetrics(_frame(spark, y, p, vectors), "s", "y")
    if vectors:  # the areas from the per-score table on the driver
        _check_driver_side(bcm, y, p)
        _check_areas(bcm, y, p)
    else:  # the areas computed by Spark (window sums), before the table
        _check_areas(bcm, y, p)
        _check_driver_side(bcm, y, p)
    _check_table(bcm, y, p)  # the lazy table's own query


@FAST
@given(data=predictions(), vectors=st.booleans())
def test_metrics_equal_scikit_learn(spark, data, vectors):
    _check_everything(spark, *data, vectors)


@pytest.mark.slow
@SLOW
@given(data=predictions(max_rows=60), vectors=st.booleans())
def test_metrics_equal_scikit_learn_many_examples(spark, data, vectors):
    _check_everything(spark, *data, vectors)


def _check_binned(spark, y, p, bins):
    df = _frame(spark, y, p, vectors=False)
    bcm = BinaryClassificationMetrics(df, "s", "y", numBins=bins)
    edges = Binning(float(p.min()), float(p.max()), bins).edges()
    got = bcm.getMetricsByThreshold().toPandas()
    assert set(got["threshold"]) <= set(edges)
    # counts at every edge are exact: those of scikit-learn's curve at that threshold
    pred = p[None, :] >= got["threshold"].to_numpy()[:, None]
    np.testing.assert_array_equal(got["tp"], (pred & (y == 1)).sum(1))
    np.testing.assert_array_equal(got["fp"], (pred & (y == 0)).sum(1))
    assert bcm.log_loss() == pytest.approx(log_loss(y, p, labels=[0, 1]), rel=1e-9)
    for t in (0.3, float(edges[-1]), float(p[0])):
        np.testing.assert_array_equal(bcm.confusionMatrix(t).to_numpy(),
                                      confusion_matrix(y, (p >= t).astype(int), labels=[0, 1]))
    if y.sum() and len(y) - y.sum():
        assert abs(bcm.areaUnderROC - roc_auc_score(y, p)) <= bcm.areaUnderROCErrorBound + 1e-12


@settings(FAST, max_examples=3)
@given(data=predictions(min_rows=2), bins=st.integers(1, 6))
def test_binned_counts_are_exact_at_the_edges(spark, data, bins):
    _check_binned(spark, *data, bins)


@pytest.mark.slow
@settings(SLOW, max_examples=25)
@given(data=predictions(min_rows=2, max_rows=60), bins=st.integers(1, 12))
def test_binned_counts_are_exact_at_the_edges_many_examples(spark, data, bins):
    _check_binned(spark, *data, bins)


@given(lo=st.floats(allow_nan=False, allow_infinity=False), hi=st.floats(allow_nan=False, allow_infinity=False),
       bins=st.integers(1, 1000))
@settings(derandomize=True, deadline=None, max_examples=300)
def test_bin_edges_are_finite_and_increasing_over_the_whole_double_range(lo, hi, bins):
    lo, hi = min(lo, hi), max(lo, hi)
    edges = Binning(lo, hi, bins).edges()
    assert np.isfinite(edges).all() and edges[0] == lo and edges[-1] <= hi
    assert (np.diff(edges) >= 0).all()
