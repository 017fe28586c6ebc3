"""handyspark.evaluation.calibration: reliability curve, Brier score, ECE/MCE against scikit-learn and numpy."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.calibration import calibration_curve as sk_calibration_curve
from sklearn.metrics import brier_score_loss

from handyspark import BinaryClassificationMetrics
from handyspark.errors import ArgumentError
from handyspark.evaluation import calibration
from tests.test_evaluation import _table


def _data(seed: int, n: int = 300, decimals: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    p = 1 / (1 + np.exp(-rng.normal(1.4 * y - 0.7, 1.0)))
    return y, (p if decimals is None else np.round(p, decimals))


def _errors(y: np.ndarray, p: np.ndarray, n_bins: int, strategy: str) -> tuple[float, float]:
    """ECE and MCE by their formulas, over scikit-learn's bins."""
    prob_true, prob_pred = sk_calibration_curve(y, p, n_bins=n_bins, strategy=strategy)
    if strategy == "quantile":
        edges = np.percentile(p, np.linspace(0, 1, n_bins + 1) * 100)
    else:
        edges = np.linspace(0.0, 1.0, n_bins + 1)
    counts = np.bincount(np.searchsorted(edges[1:-1], p), minlength=n_bins)
    counts = counts[counts > 0]
    gaps = np.abs(prob_true - prob_pred)
    return float(np.sum(counts * gaps) / len(p)), float(gaps.max())


@pytest.mark.parametrize("decimals", [None, 1, 2])  # one decimal: many ties, and scores on the bin edges
def test_curve_brier_and_errors_equal_sklearn(decimals):
    y, p = _data(5, decimals=decimals)
    table = _table(y, p)
    for strategy in ("uniform", "quantile"):
        for n_bins in (1, 3, 5, 10, 17):
            prob_true, prob_pred = sk_calibration_curve(y, p, n_bins=n_bins, strategy=strategy)
            curve = calibration.calibration_curve(table, n_bins, strategy)
            np.testing.assert_allclose(curve["prob_true"], prob_true, rtol=0, atol=1e-12)
            np.testing.assert_allclose(curve["prob_pred"], prob_pred, rtol=0, atol=1e-12)
            assert curve["count"].sum() == len(y) and curve["positives"].sum() == y.sum()
            ece, mce = _errors(y, p, n_bins, strategy)
            found = calibration.calibration_errors(table, n_bins, strategy)
            assert found["ECE"] == pytest.approx(ece, abs=1e-12) and found["MCE"] == pytest.approx(mce, abs=1e-12)
    assert calibration.brier_score(table) == pytest.approx(brier_score_loss(y, p), abs=1e-12)
    uniform = calibration.calibration_curve(table, 4)
    np.testing.assert_array_equal(uniform[["lower", "upper"]].to_numpy(),
                                  np.c_[np.linspace(0, 1, 5)[uniform["bin"]], np.linspace(0, 1, 5)[uniform["bin"] + 1]])


def test_quantile_edges_are_numpys_doubles():
    rng = np.random.default_rng(2)
    for _ in range(300):
        n = int(rng.integers(1, 40))
        p = np.round(rng.random(n), int(rng.integers(1, 4)))
        q = np.linspace(0, 1, int(rng.integers(2, 13))) * 100
        table = _table(np.zeros(n, dtype=int), p)
        np.testing.assert_array_equal(calibration.percentiles(table, q), np.percentile(p, q))


def test_tables_without_score_sums_derive_them():
    y, p = _data(3, n=60, decimals=2)
    bare = _table(y, p)[["threshold", "pos", "neg", "smin", "smax"]]
    assert calibration.brier_score(bare) == pytest.approx(brier_score_loss(y, p), abs=1e-12)
    pd.testing.assert_frame_equal(calibration.calibration_curve(bare, 5), calibration.calibration_curve(_table(y, p), 5),
                                  rtol=1e-12)


def test_binned_scores_exact_where_bins_nest_else_a_clear_error():
    y, p = _data(9)
    binned = _table(y, p, key=np.floor(p * 10) / 10)  # score bins of width 0.1, as numBins=10 over [0, 1]
    assert calibration.brier_score(binned) == pytest.approx(brier_score_loss(y, p), abs=1e-12)  # always exact
    for n_bins in (5, 10):  # every score bin inside one calibration bin: exact
        prob_true, prob_pred = sk_calibration_curve(y, p, n_bins=n_bins)
        curve = calibration.calibration_curve(binned, n_bins)
        np.testing.assert_allclose(curve[["prob_true", "prob_pred"]].to_numpy(), np.c_[prob_true, prob_pred],
                                   rtol=0, atol=1e-12)
    with pytest.raises(ArgumentError, match="across the calibration bin edge"):
        calibration.calibration_curve(binned, 3)
    with pytest.raises(ArgumentError, match="quantile bins need the scores themselves"):
        calibration.calibration_curve(binned, 5, "quantile")
    with pytest.raises(ArgumentError, match="no score sums"):
        calibration.brier_score(binned.drop(columns=["sum_score", "sum_score2", "sum_score_pos"]))


def test_degenerate_input():
    # one class only: defined, as scikit-learn
    for label in (0, 1):
        y, p = np.full(5, label), np.array([0.1, 0.3, 0.3, 0.8, 0.95])
        for strategy in ("uniform", "quantile"):
            prob_true, prob_pred = sk_calibration_curve(y, p, n_bins=3, strategy=strategy)
            curve = calibration.calibration_curve(_table(y, p), 3, strategy)
            np.testing.assert_allclose(curve[["prob_true", "prob_pred"]].to_numpy(), np.c_[prob_true, prob_pred])
        assert calibration.brier_score(_table(y, p)) == pytest.approx(brier_score_loss(y, p), abs=1e-12)
    # constant scores: one bin
    y, p = np.array([1, 0, 1, 1]), np.full(4, 0.4)
    for strategy in ("uniform", "quantile"):
        curve = calibration.calibration_curve(_table(y, p), 5, strategy)
        assert len(curve) == 1 and curve["prob_true"].iloc[0] == 0.75 and curve["prob_pred"].iloc[0] == 0.4
        np.testing.assert_allclose(curve[["prob_true", "prob_pred"]].to_numpy()[0],
                                   np.ravel(sk_calibration_curve(y, p, n_bins=5, strategy=strategy)))
    # scores outside [0, 1], bad arguments, no rows
    raw = _table(np.array([0, 1]), np.array([-1.5, 2.0]))
    for call in (calibration.calibration_curve, calibration.brier_score, calibration.calibration_errors):
        with pytest.raises(ArgumentError, match=r"needs probabilities in \[0, 1\]"):
            call(raw)
    table = _table(y, p)
    with pytest.raises(ArgumentError, match="n_bins"):
        calibration.calibration_curve(table, 0)
    with pytest.raises(ArgumentError, match="strategy"):
        calibration.calibration_curve(table, 5, "kmeans")
    with pytest.raises(ArgumentError, match="no rows"):
        calibration.brier_score(table.iloc[:0])


def test_through_spark_with_bins(spark):
    """numBins over [0, 1] (scores 0 and 1 present): Brier exact, nested uniform bins exact, the others refused."""
    y, p = _data(4, n=200)
    p[:2] = [0.0, 1.0]
    df = spark.createDataFrame(pd.DataFrame({"s": p, "y": y}))
    bcm = BinaryClassificationMetrics(df, "s", "y", numBins=10)
    assert bcm.brier_score() == pytest.approx(brier_score_loss(y, p), abs=1e-12)
    prob_true, prob_pred = sk_calibration_curve(y, p, n_bins=5)
    curve = bcm.calibration_curve(n_bins=5)
    np.testing.assert_allclose(curve[["prob_true", "prob_pred"]].to_numpy(), np.c_[prob_true, prob_pred], atol=1e-12)
    with pytest.raises(ArgumentError, match="calibration bin edge"):
        bcm.expected_calibration_error(n_bins=3)
    with pytest.raises(ArgumentError, match="quantile"):
        bcm.calibration_curve(strategy="quantile")
    raw = spark.createDataFrame([(-2.0, 0), (3.0, 1)], "s double, y long")
    with pytest.raises(ArgumentError, match="brier_score needs probabilities"):
        BinaryClassificationMetrics(raw, "s", "y").brier_score()
