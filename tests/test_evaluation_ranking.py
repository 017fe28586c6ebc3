"""handyspark.evaluation.ranking: gains, lift, KS, precision/recall at k against numpy and scipy oracles."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy.stats import ks_2samp

from handyspark import BinaryClassificationMetrics
from handyspark.errors import ArgumentError
from handyspark.evaluation import ranking
from tests.test_evaluation import _table


def _ranked(y: np.ndarray, p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The oracle of the tie rule: rows sorted by decreasing score, each row counting its tie's share of positives.

    Returns the sorted scores and the cumulative positives among the top r rows, r = 0..n.
    """
    order = np.argsort(-p, kind="stable")
    share = pd.Series(y.astype(float)).groupby(p).transform("mean").to_numpy()
    return p[order], np.concatenate([[0.0], np.cumsum(share[order])])


def _ks(y: np.ndarray, p: np.ndarray) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "exact calculation unsuccessful": only the p-value changes
        return float(ks_2samp(p[y == 1], p[y == 0]).statistic)


def _cases(count: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    for i in range(count):
        n = int(rng.integers(2, 120))
        y = rng.integers(0, 2, n)
        y[:2] = [0, 1]
        noise = rng.normal(size=n) + (1.0 if i % 3 else -0.5) * y  # some models worse than chance
        p = np.round(1 / (1 + np.exp(-noise)), int(rng.integers(1, 4)))  # ties, many or few
        yield y, p, rng


def test_gains_and_lift_equal_the_sorted_rows_oracle():
    for y, p, rng in _cases(150):
        n, P = len(y), y.sum()
        scores, cum = _ranked(y, p)
        groups = int(rng.integers(1, n + 1))
        bounds = np.array([g * n // groups for g in range(groups + 1)])
        g = ranking.gains(_table(y, p), groups)
        np.testing.assert_array_equal(g["rows"], np.diff(bounds))
        np.testing.assert_array_equal(g["cumulative_rows"], bounds[1:])
        np.testing.assert_allclose(g["cumulative_positives"], cum[bounds[1:]], rtol=0, atol=1e-9)
        np.testing.assert_allclose(g["positives"], np.diff(cum[bounds]), rtol=0, atol=1e-9)
        np.testing.assert_allclose(g["gain"], cum[bounds[1:]] / P, rtol=1e-12)
        np.testing.assert_allclose(g["cumulative_lift"], cum[bounds[1:]] / bounds[1:] / (P / n), rtol=1e-12)
        np.testing.assert_allclose(g["lift"], np.diff(cum[bounds]) / np.diff(bounds) / (P / n), rtol=1e-9, atol=1e-12)
        np.testing.assert_array_equal(g["max_score"], scores[bounds[:-1]])
        np.testing.assert_array_equal(g["min_score"], scores[bounds[1:] - 1])
        assert g["gain"].iloc[-1] == 1.0 and g["cumulative_lift"].iloc[-1] == pytest.approx(1.0)


def test_a_tie_across_a_decile_boundary_is_split_in_proportion():
    y = np.array([1, 1, 0, 1, 0, 0, 0, 0, 0, 0])
    p = np.array([.9, .8, .8, .8, .8, .3, .3, .2, .1, .1])  # the tie at .8 spans ranks 1-4
    g = ranking.gains(_table(y, p), 5)  # groups of 2 rows: the tie gives half its 2 positives to each of 2 groups
    assert g["positives"].tolist() == [1.5, 1.0, 0.5, 0.0, 0.0]
    assert g["gain"].tolist() == [0.5, 5 / 6, 1.0, 1.0, 1.0]
    assert ranking.top_k(_table(y, p), k=3)["positives"] == 2.0


def test_ks_equals_scipy_and_is_reached_at_its_threshold():
    for y, p, _ in _cases(150, seed=1):
        ks = ranking.ks_statistic(_table(y, p))
        assert ks["statistic"] == pytest.approx(_ks(y, p), abs=1e-12)
        t = ks["threshold"]
        tpr, fpr = np.mean(p[y == 1] >= t), np.mean(p[y == 0] >= t)
        assert (ks["tpr"], ks["fpr"]) == pytest.approx((tpr, fpr), abs=1e-12)
        higher = np.unique(p[p > t])  # no higher threshold reaches it
        assert all(abs(np.mean(p[y == 1] >= s) - np.mean(p[y == 0] >= s)) < ks["statistic"] - 1e-12 for s in higher)


def test_precision_and_recall_at_k():
    for y, p, rng in _cases(150, seed=2):
        n = len(y)
        scores, cum = _ranked(y, p)
        k = int(rng.integers(1, n + 1))
        top = ranking.top_k(_table(y, p), k=k)
        assert (top["k"], top["threshold"]) == (k, scores[k - 1])
        assert top["precision"] == pytest.approx(cum[k] / k, abs=1e-12)
        assert top["recall"] == pytest.approx(cum[k] / y.sum(), abs=1e-12)
        fraction = float(rng.uniform(1 / n, 1))
        by_fraction = ranking.top_k(_table(y, p), fraction=fraction)
        rows = int(np.floor(fraction * n + 1e-9))
        assert by_fraction["k"] == rows and by_fraction["positives"] == pytest.approx(cum[rows], abs=1e-12)
    y, p = np.arange(10) % 2, np.linspace(0.05, 0.95, 10)
    g = ranking.gains(_table(y, p), 10)
    for d in range(1, 11):  # the top d deciles are the rows top_k(fraction=d / 10) takes
        assert ranking.top_k(_table(y, p), fraction=d / 10)["k"] == g["cumulative_rows"].iloc[d - 1]


def test_degenerate_input():
    table = _table(np.array([0, 1, 1, 0]), np.array([.2, .7, .7, .4]))
    with pytest.raises(ArgumentError, match="n_groups must be at most the number of rows"):
        ranking.gains(table, 5)
    with pytest.raises(ArgumentError, match="n_groups"):
        ranking.gains(table, 0)
    for kwargs, text in (({}, "exactly one of k"), ({"k": 2, "fraction": .5}, "exactly one of k"),
                         ({"k": 5}, "at most the number of rows"), ({"k": 0}, "k must be a positive integer"),
                         ({"fraction": 0.1}, "selects no row"), ({"fraction": 1.5}, r"fraction must be .* \(0, 1\]")):
        with pytest.raises(ArgumentError, match=text):
            ranking.top_k(table, **kwargs)
    negatives = _table(np.zeros(3, dtype=int), np.array([.1, .5, .9]))
    with pytest.raises(ArgumentError, match="needs positive cases"):
        ranking.gains(negatives)
    with pytest.raises(ArgumentError, match="needs positive cases"):
        ranking.top_k(negatives, k=1)
    positives = _table(np.ones(4, dtype=int), np.array([.1, .5, .9, .9]))
    assert ranking.gains(positives, 2)["cumulative_lift"].tolist() == [1.0, 1.0]  # defined: lift 1
    for one_class in (negatives, positives):
        with pytest.raises(ArgumentError, match="both classes"):
            ranking.ks_statistic(one_class)
    constant = _table(np.array([1, 0, 0, 1, 0]), np.full(5, .3))
    assert ranking.ks_statistic(constant).to_dict() == {"statistic": 0.0, "threshold": .3, "tpr": 1.0, "fpr": 1.0}
    g = ranking.gains(constant, 5)  # one tie: every group gets the overall rate
    np.testing.assert_allclose(g["response_rate"], 0.4)
    np.testing.assert_allclose(g["lift"], 1.0)


def test_through_spark(spark):
    y, p, _ = next(_cases(1, seed=5))
    df = spark.createDataFrame(pd.DataFrame({"s": p, "y": y}))
    bcm = BinaryClassificationMetrics(df, "s", "y")
    pd.testing.assert_frame_equal(bcm.gains(4), ranking.gains(_table(y, p), 4), rtol=1e-12)
    assert bcm.ks_statistic()["statistic"] == pytest.approx(_ks(y, p), abs=1e-12)
    assert bcm.precision_at_k(k=5) == ranking.top_k(_table(y, p), k=5)["precision"]
    assert bcm.recall_at_k(fraction=0.5) == ranking.top_k(_table(y, p), fraction=0.5)["recall"]
    # with numBins the rows of a bin count as tied at its lower edge
    binned = BinaryClassificationMetrics(df, "s", "y", numBins=3)
    table = binned._table()
    assert binned.gains(3)["positives"].sum() == pytest.approx(y.sum())
    pd.testing.assert_frame_equal(binned.gains(3), ranking.gains(table, 3))
