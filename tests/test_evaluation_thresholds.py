"""handyspark.evaluation.thresholds: choosing a threshold, exact over every distinct score, against brute force."""

from __future__ import annotations

import copy
import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import confusion_matrix, f1_score, precision_score, recall_score

from handyspark import BinaryClassificationMetrics
from handyspark.errors import ArgumentError
from handyspark.evaluation import thresholds
from handyspark.evaluation.thresholds import Threshold
from tests.test_evaluation import _table


def _data(seed: int = 0, n: int = 200) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    return y, np.clip(np.round(rng.normal(0.35 + 0.3 * y, 0.2), 2), 0.0, 1.0)


def _rates(y: np.ndarray, p: np.ndarray, t: float) -> dict:
    pred = p >= t
    (tn, fp), (fn, tp) = confusion_matrix(y, pred, labels=[0, 1])
    return {"tp": tp, "fp": fp, "tn": tn, "fn": fn, "fpr": fp / (fp + tn), "recall": tp / (tp + fn),
            "precision": tp / (tp + fp) if tp + fp else np.nan}


def _check_metrics(choice: Threshold, y: np.ndarray, p: np.ndarray) -> None:
    """The metrics a choice carries are those of scikit-learn at its threshold."""
    t, m = float(choice), choice.metrics
    assert choice.threshold == t == m["threshold"]
    pred = p >= t
    assert (m["tp"], m["fp"], m["tn"], m["fn"]) == tuple(confusion_matrix(y, pred, labels=[0, 1]).ravel()[[3, 1, 0, 2]])
    assert m["recall"] == pytest.approx(recall_score(y, pred), abs=1e-12)
    assert m["f1"] == pytest.approx(f1_score(y, pred), abs=1e-12)
    if pred.any():
        assert m["precision"] == pytest.approx(precision_score(y, pred), abs=1e-12)
    assert m["accuracy"] == pytest.approx(np.mean(pred == y), abs=1e-12)


def test_best_threshold_by_cost_is_the_brute_force_minimum():
    y, p = _data()
    table = _table(y, p)
    candidates = np.concatenate([[np.inf], np.unique(p)[::-1]])  # inf: predict no positive
    for costs in ({"fp": 1, "fn": 1}, {"fp": 1, "fn": 5}, {"fp": 7.5, "fn": 1}, {"fp": 0, "fn": 1}, {"fp": 1, "fn": 0},
                  {"fp": 100, "fn": 1}):
        cost = [costs["fp"] * np.sum((p >= t) & (y == 0)) + costs["fn"] * np.sum((p < t) & (y == 1))
                for t in candidates]
        best = thresholds.best_threshold(table, "cost", costs=costs)
        assert best == candidates[int(np.argmin(cost))]  # the highest threshold among ties
        assert best.metrics["cost"] == min(cost)
        if np.isfinite(best):
            _check_metrics(best, y, p)
    assert thresholds.best_threshold(table, "cost", costs={"fp": 1, "fn": 0}) == np.inf  # false negatives are free
    # false positives are free: the highest threshold that misses no positive
    assert thresholds.best_threshold(table, "cost", costs={"fp": 0, "fn": 1}) == p[y == 1].min()


def test_best_threshold_by_metric_carries_its_metrics():
    y, p = _data(1)
    table = _table(y, p)
    ts = np.unique(p)[::-1]
    youden = [np.mean(p[y == 1] >= t) - np.mean(p[y == 0] >= t) for t in ts]
    best = thresholds.best_threshold(table, "youden")
    assert best == ts[int(np.argmax(youden))] and best.metrics["youden"] == pytest.approx(max(youden), abs=1e-12)
    for metric in ("f1", "accuracy", "balanced_accuracy"):
        _check_metrics(thresholds.best_threshold(table, metric), y, p)


def test_threshold_at_each_target_follows_its_rule():
    y, p = _data(2)
    table = _table(y, p)
    ts = np.unique(p)[::-1]
    rates = {t: _rates(y, p, t) for t in ts}
    for target in (0.0, 0.05, 0.3, 0.5, 0.8, 0.95, 1.0):
        at = thresholds.threshold_at(table, recall=target)  # the highest threshold with recall >= target
        assert at == max(t for t in ts if rates[t]["recall"] >= target)
        _check_metrics(at, y, p)
        at = thresholds.threshold_at(table, fpr=target)  # the lowest threshold with fpr <= target
        meets = [t for t in ts if rates[t]["fpr"] <= target]
        assert at == (min(meets) if meets else np.inf)
        assert thresholds.threshold_for_fpr(table, target) == at  # the alias
        reach = [t for t in ts if rates[t]["precision"] >= target]
        if reach:  # the lowest threshold with precision >= target
            at = thresholds.threshold_at(table, precision=target)
            assert at == min(reach)
            _check_metrics(at, y, p)
        else:
            with pytest.raises(ArgumentError, match=f"no threshold reaches precision={target:g}"):
                thresholds.threshold_at(table, precision=target)
    none = thresholds.threshold_at(_table(np.array([0, 1]), np.array([.9, .1])), fpr=0.0)  # the top score is a negative
    assert none == np.inf and none.metrics[["tp", "fp"]].tolist() == [0, 0] and np.isnan(none.metrics["precision"])


def test_a_threshold_is_a_float_with_its_metrics():
    y, p = _data(3, n=40)
    best = thresholds.best_threshold(_table(y, p), "f1")
    assert isinstance(best, float) and best.rule == "max f1"
    np.testing.assert_array_equal(p >= best, p >= float(best))  # compares, formats and rounds as a float
    assert f"{best:.2f}" == f"{float(best):.2f}" and repr(best) == repr(float(best))
    assert isinstance(best.metrics, pd.Series) and best.metrics["threshold"] == best
    copied = pickle.loads(pickle.dumps(best))
    assert copied == best and copied.metrics.equals(best.metrics) and copy.copy(best).rule == best.rule
    with pytest.raises(AttributeError, match="immutable"):
        best.rule = "other"


def test_arguments_and_degenerate_input():
    y, p = _data(4, n=30)
    table = _table(y, p)
    for kwargs, text in (({"metric": "auc"}, "metric must be one of"),
                         ({"metric": "cost"}, "needs costs"),
                         ({"metric": "f1", "costs": {"fp": 1, "fn": 1}}, "metric='cost' only"),
                         ({"metric": "cost", "costs": {"fp": 1}}, "keys 'fp' and 'fn'"),
                         ({"metric": "cost", "costs": {"fp": 1, "fn": 1, "tp": 0}}, "keys 'fp' and 'fn'"),
                         ({"metric": "cost", "costs": {"fp": -1, "fn": 1}}, r"costs\['fp'\] must be a finite number"),
                         ({"metric": "cost", "costs": {"fp": 1, "fn": float("nan")}}, r"costs\['fn'\]"),
                         ({"metric": "cost", "costs": {"fp": 0, "fn": 0}}, "both 0")):
        with pytest.raises(ArgumentError, match=text):
            thresholds.best_threshold(table, **kwargs)
    for kwargs, text in (({}, "exactly one of precision=, recall= and fpr="),
                         ({"recall": .5, "fpr": .1}, r"exactly one .* got \['fpr', 'recall'\]"),
                         ({"precision": 1.5}, r"precision must be in \[0.0, 1.0\]"),
                         ({"recall": "high"}, "recall must be a number")):
        with pytest.raises(ArgumentError, match=text):
            thresholds.threshold_at(table, **kwargs)
    for label in (0, 1):  # one class only: the rates are undefined
        one = _table(np.full(3, label), np.array([.2, .5, .9]))
        with pytest.raises(ArgumentError, match="both classes"):
            thresholds.best_threshold(one, "cost", costs={"fp": 1, "fn": 1})
        with pytest.raises(ArgumentError, match="both classes"):
            thresholds.threshold_at(one, recall=0.5)
    constant = _table(np.array([1, 0, 1]), np.full(3, .4))  # one distinct score: it is the only threshold
    assert thresholds.best_threshold(constant, "f1") == 0.4
    assert thresholds.threshold_at(constant, recall=1.0) == 0.4
    assert thresholds.threshold_at(constant, fpr=0.5) == np.inf
    assert thresholds.best_threshold(constant, "cost", costs={"fp": 1, "fn": 1}) == 0.4  # 1 FP beats 2 FN


def test_through_spark(spark):
    y, p = _data(5, n=60)
    df = spark.createDataFrame(pd.DataFrame({"s": p, "y": y}))
    bcm = BinaryClassificationMetrics(df, "s", "y")
    table = _table(y, p)
    assert bcm.best_threshold("cost", costs={"fp": 1, "fn": 4}) == thresholds.best_threshold(
        table, "cost", costs={"fp": 1, "fn": 4})
    at = bcm.threshold_at(precision=0.7)
    assert at == thresholds.threshold_at(table, precision=0.7)
    _check_metrics(at, y, p)
    assert bcm.threshold_for_fpr(0.2) == bcm.threshold_at(fpr=0.2) == thresholds.threshold_at(table, fpr=0.2)
