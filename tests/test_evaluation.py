"""handyspark.evaluation: per-score table, curves, areas, thresholds, histograms, against numpy/sklearn."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import average_precision_score, log_loss, roc_auc_score

from handyspark.errors import ArgumentError, ColumnTypeError
from handyspark.evaluation import curves, histograms, thresholds
from handyspark.evaluation import loss as loss_mod
from handyspark.evaluation.confusion import confusion_from_table
from handyspark.evaluation.scores import resolve_scores
from handyspark.evaluation.table import collect_table, find_binning, grouped_scores


def _table(y: np.ndarray, p: np.ndarray, key: np.ndarray | None = None) -> pd.DataFrame:
    """The per-score table built with pandas from rows (the oracle of collect_table); ``key``: each row's bin edge."""
    eps = np.finfo(np.float64).eps
    rows = pd.DataFrame({"threshold": p if key is None else key, "pos": (y == 1).astype(int),
                         "neg": (y == 0).astype(int)})
    rows["loss_pos"] = np.where(y == 1, -np.log(np.clip(p, eps, 1 - eps)), 0.0)
    rows["loss_neg"] = np.where(y == 0, -np.log(np.clip(1 - p, eps, 1 - eps)), 0.0)
    rows["smin"] = rows["smax"] = rows["sum_score"] = p
    rows["sum_score2"], rows["sum_score_pos"] = p * p, np.where(y == 1, p, 0.0)
    sums = {"pos": "sum", "neg": "sum", "loss_pos": "sum", "loss_neg": "sum", "smin": "min", "smax": "max",
            "sum_score": "sum", "sum_score2": "sum", "sum_score_pos": "sum"}
    table = rows.groupby("threshold", as_index=False).agg(sums)
    return table.sort_values("threshold", ascending=False, ignore_index=True)


def _pr_trapezoid(y: np.ndarray, p: np.ndarray) -> float:
    ts = np.unique(p)[::-1]
    rec = np.array([0.0] + [np.sum((p >= t) & (y == 1)) / np.sum(y == 1) for t in ts])
    prec = np.array([np.sum((p >= t) & (y == 1)) / np.sum(p >= t) for t in ts])
    prec = np.concatenate([prec[:1], prec])
    return float(np.sum(np.diff(rec) * (prec[1:] + prec[:-1]) / 2))


@pytest.fixture(scope="module")
def tied():
    """200 cases whose probabilities have many ties (one decimal)."""
    rng = np.random.default_rng(7)
    y = rng.integers(0, 2, 200)
    p = np.clip(np.round(rng.normal(0.35 + 0.3 * y, 0.2), 1), 0.0, 1.0)
    return y, p


# ---------------------------------------------------------------- driver side (no Spark)
def test_areas_with_ties_equal_sklearn(tied):
    y, p = tied
    found = curves.areas(_table(y, p))
    assert found["areaUnderROC"] == pytest.approx(roc_auc_score(y, p), rel=1e-12)
    assert found["averagePrecision"] == pytest.approx(average_precision_score(y, p), rel=1e-12)
    assert found["areaUnderPR"] == pytest.approx(_pr_trapezoid(y, p), rel=1e-12)


def test_roc_error_bound_holds_for_bins():
    rng = np.random.default_rng(3)
    y = rng.integers(0, 2, 2000)
    p = 1 / (1 + np.exp(-rng.normal(1.2 * y - 0.6, 1.0)))
    exact = roc_auc_score(y, p)
    for bins in (5, 20, 100):
        edges = np.floor(p * bins) / bins  # each score at its bin's lower edge
        found = curves.areas(_table(y, edges))
        assert abs(found["areaUnderROC"] - exact) <= found["rocErrorBound"] + 1e-12
    assert found["rocErrorBound"] < 0.01  # 100 bins: a small error


def test_thresholds_helpers_against_brute_force(tied):
    y, p = tied
    table = _table(y, p)
    metrics = thresholds.metrics_by_threshold(table)
    for _, row in metrics.iterrows():
        pred = p >= row["threshold"]
        assert (row["tp"], row["fp"]) == (np.sum(pred & (y == 1)), np.sum(pred & (y == 0)))
        assert row["accuracy"] == pytest.approx(np.mean(pred == (y == 1)))
        assert row["balanced_accuracy"] == pytest.approx(
            (np.mean(pred[y == 1]) + np.mean(~pred[y == 0])) / 2)
    for metric in thresholds.METRICS:
        best = thresholds.best_threshold(table, metric)
        assert metrics.loc[metrics["threshold"] == best, metric].iloc[0] == pytest.approx(metrics[metric].max())
    assert thresholds.threshold_for_fpr(table, 0.0) == pytest.approx(
        table["threshold"][table["neg"].cumsum() == 0].min() if table["neg"].iloc[0] == 0 else np.inf)
    assert thresholds.threshold_for_fpr(table, 1.0) == table["threshold"].min()
    with pytest.raises(ArgumentError, match="fpr"):
        thresholds.threshold_for_fpr(table, 1.5)


def test_histograms_and_loss_against_numpy(tied):
    y, p = tied
    table = _table(y, p)
    hist = histograms.probability_histogram(table, bins=[0, 0.25, 0.5, 0.75, 1.0], threshold=0.45)
    edges = [0, 0.25, 0.5, 0.75, 1.0]
    np.testing.assert_array_equal(hist["positive"], np.histogram(p[y == 1], edges)[0])
    np.testing.assert_array_equal(hist["negative_misclassified"], np.histogram(p[(y == 0) & (p >= .45)], edges)[0])
    eps = np.finfo(np.float64).eps
    q = np.clip(p, eps, 1 - eps)
    losses = -np.where(y == 1, np.log(q), np.log(1 - q))
    lh = histograms.loss_histogram(table, bins=7)
    np.testing.assert_array_equal(lh["count"], np.histogram(losses, 7)[0])
    np.testing.assert_array_equal(lh["negative"], np.histogram(losses[y == 0], np.histogram(losses, 7)[1])[0])
    assert loss_mod.log_loss(table) == pytest.approx(log_loss(y, p), rel=1e-12)
    with pytest.raises(ArgumentError, match="bins"):
        histograms.probability_histogram(table, bins=0)


def test_confusion_from_table(tied):
    y, p = tied
    got = confusion_from_table(_table(y, p), 0.4)
    np.testing.assert_array_equal(got.to_numpy(), pd.crosstab(y, p >= 0.4).to_numpy())
    with pytest.raises(ArgumentError, match="threshold"):
        confusion_from_table(_table(y, p), "high")


# ---------------------------------------------------------------- Spark side (both sessions)
def test_spark_table_curves_and_areas_with_ties(spark, tied):
    y, p = tied
    df = spark.createDataFrame(pd.DataFrame({"score": p, "label": y.astype(np.int64)}))
    spec = resolve_scores(df, "score", "label")
    table = collect_table(df, spec)
    expected = _table(y, p)
    np.testing.assert_array_equal(table["threshold"], expected["threshold"])
    np.testing.assert_array_equal(table[["pos", "neg"]], expected[["pos", "neg"]])
    np.testing.assert_allclose(table[["loss_pos", "loss_neg"]], expected[["loss_pos", "loss_neg"]], rtol=1e-12)
    sums = ["sum_score", "sum_score2", "sum_score_pos"]  # summed row by row: Brier and calibration stay exact
    np.testing.assert_allclose(table[sums], expected[sums], rtol=1e-12)
    found = curves.spark_areas(grouped_scores(df, spec))
    assert found["areaUnderROC"] == pytest.approx(roc_auc_score(y, p), rel=1e-12)
    assert found["areaUnderPR"] == pytest.approx(_pr_trapezoid(y, p), rel=1e-12)
    assert found["averagePrecision"] == pytest.approx(average_precision_score(y, p), rel=1e-12)
    assert (found["P"], found["N"], found["missing"]) == (y.sum(), len(y) - y.sum(), 0)
    frame = curves.metrics_frame(grouped_scores(df, spec)).toPandas()
    local = thresholds.metrics_by_threshold(expected)
    np.testing.assert_array_equal(frame[["tp", "fp", "tn", "fn"]], local[["tp", "fp", "tn", "fn"]])
    np.testing.assert_allclose(frame[["fpr", "recall", "precision", "f1"]], local[["fpr", "recall", "precision", "f1"]],
                               rtol=1e-12)


def test_raw_scores_array_scores_and_boolean_labels(spark):
    rows = [([0.9, 0.1], True, -2), ([0.4, 0.6], True, 1), ([0.7, 0.3], False, 1), ([0.2, 0.8], False, -1),
            ([0.5, 0.5], True, 3), ([0.1, 0.9], False, 0)]
    df = spark.createDataFrame(rows, "probs array<double>, y boolean, margin int")
    y = np.array([r[1] for r in rows], dtype=int)
    for col, scores in (("probs", [r[0][1] for r in rows]), ("margin", [r[2] for r in rows])):
        spec = resolve_scores(df, col, "y")
        found = curves.areas(collect_table(df, spec))
        assert found["areaUnderROC"] == pytest.approx(roc_auc_score(y, scores), rel=1e-12)


def test_binning_edges_and_error_bound(spark):
    rng = np.random.default_rng(11)
    y = rng.integers(0, 2, 400)
    p = 1 / (1 + np.exp(-rng.normal(1.5 * y - 0.75, 1.0)))
    df = spark.createDataFrame(pd.DataFrame({"s": p, "y": y.astype(np.int32)}))
    spec = resolve_scores(df, "s", "y")
    binning = find_binning(df, spec, 10)
    assert (binning.lo, binning.hi) == (p.min(), p.max())
    table = collect_table(df, spec, binning)
    assert len(table) <= 10 and table[["pos", "neg"]].to_numpy().sum() == len(y)
    found = curves.areas(table)
    assert abs(found["areaUnderROC"] - roc_auc_score(y, p)) <= found["rocErrorBound"] + 1e-12
    assert loss_mod.log_loss(table) == pytest.approx(log_loss(y, p), rel=1e-12)


def test_scores_refused_before_any_job(spark):
    df = spark.createDataFrame([(["a", "b"], {"k": 1.0}, 1, "x")], "a array<string>, m map<string,double>, y int, s string")
    for col in ("a", "m", "s"):
        with pytest.raises(ColumnTypeError, match=f"scoreCol {col!r}"):
            resolve_scores(df, col, "y")
    with pytest.raises(ArgumentError, match="scoreCol must be a column name"):
        resolve_scores(df, ["y"], "y")


def test_probability_vectors_must_have_two_classes(spark):
    from pyspark.ml.linalg import Vectors

    df = spark.createDataFrame([(Vectors.dense([0.2, 0.5, 0.3]), 1), (Vectors.dense([0.6, 0.1, 0.3]), 0)],
                               ["probability", "label"])
    spec = resolve_scores(df, "probability", "label")
    assert spec.score_kind == "vector"
    with pytest.raises(ArgumentError, match="2 rows hold a probability vector without exactly 2 elements"):
        collect_table(df, spec)


def test_the_threshold_window_is_not_a_partitionless_one(spark, capsys):
    """Issue 17: a window without a partition key made Spark warn "No Partition Defined" on every table."""
    df = spark.createDataFrame([(0.1, 0), (0.4, 0), (0.35, 1), (0.8, 1)], "p double, y int")
    spec = resolve_scores(df, "p", "y")
    table = curves.metrics_frame(grouped_scores(df, spec))
    table.explain()
    plan = capsys.readouterr().out
    assert "windowspecdefinition(" in plan  # the window is there, and it has a partition key:
    assert "windowspecdefinition(threshold" not in plan  # a partitionless one lists its ordering first
    p, y = np.array([0.1, 0.4, 0.35, 0.8]), np.array([0, 0, 1, 1])
    assert table.toPandas()["tp"].tolist() == [int(np.sum((p >= t) & (y == 1))) for t in sorted(p, reverse=True)]
