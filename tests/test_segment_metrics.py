"""Per-segment evaluation (``hdf.stratify([...]).evaluate(...)``) against scikit-learn on each stratum's rows."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import math

import numpy as np
import pyspark.sql.functions as F
import pytest
from sklearn import metrics as M

from handyspark import Bucket
from handyspark.errors import ArgumentError
from handyspark.evaluation.checks import InvalidRowsError
from handyspark.segment_metrics import OVERALL
from tests.predictions import survival_predictions
from tests.test_binary_metrics import _pr_trapezoid


@pytest.fixture(scope="module")
def predictions(titanic):
    from pyspark.ml.functions import vector_to_array

    preds = survival_predictions(titanic).select("Sex", "Age", "Pclass", "Survived", "probability").cache()
    oracle = preds.select("Sex", "Age", "Pclass", "Survived",
                          F.get(vector_to_array("probability"), 1).alias("p")).toPandas()
    return preds, oracle


def _age_bucket(age: float, edges: np.ndarray) -> int:
    """The bucket of an age among 3 equal-width buckets (the last closed), -1 for a missing age."""
    if math.isnan(age):
        return -1
    return int(min(np.searchsorted(edges, age, side="right") - 1, 2))


def test_every_stratum_and_the_overall_row_equal_scikit_learn(predictions):
    preds, pdf = predictions
    seg = preds.toHandy().stratify(["Sex", Bucket("Age", 3)]).evaluate("probability", "Survived")
    summary = seg.summary()
    edges = np.linspace(pdf["Age"].min(), pdf["Age"].max(), 4)
    pdf = pdf.assign(bucket=[_age_bucket(a, edges) for a in pdf["Age"]])
    groups = sorted(pdf.groupby(["Sex", "bucket"]), key=lambda g: (g[0][0], g[0][1] < 0, g[0][1]))
    assert len(summary) == len(groups) + 1 == 9  # 2 sexes x (3 buckets + missing age), then all rows
    for (_, part), (label, row) in zip([*groups, (None, pdf)], summary.iterrows()):
        y, p = part["Survived"].to_numpy(), part["p"].to_numpy()
        assert row["rows"] == len(part) and row["positives"] == y.sum(), label
        assert row["areaUnderROC"] == pytest.approx(M.roc_auc_score(y, p), rel=1e-9), label
        assert row["areaUnderPR"] == pytest.approx(_pr_trapezoid(y, p), rel=1e-9), label
        assert row["log_loss"] == pytest.approx(M.log_loss(y, p, labels=[0, 1]), rel=1e-9), label
        assert row["brier_score"] == pytest.approx(M.brier_score_loss(y, p), rel=1e-9), label
    assert summary.index[-1] == (OVERALL, OVERALL)
    assert summary.index.get_level_values(1)[3] is None or math.isnan(summary.index.get_level_values(1)[3])
    # a stratum's own object: curves and thresholds equal scikit-learn on its rows
    female = pdf[(pdf.Sex == "female") & (pdf.bucket == 0)]
    label = summary.index[0]
    metrics = seg[label]
    fpr, tpr, _ = M.roc_curve(female["Survived"], female["p"], drop_intermediate=False)
    np.testing.assert_allclose(metrics.roc()["fpr"].to_numpy(), fpr, atol=1e-12)
    np.testing.assert_allclose(metrics.roc()["tpr"].to_numpy(), tpr, atol=1e-12)
    assert metrics.getMetricsByThreshold().count() == female["p"].nunique()  # lazy, on the stratum's rows only
    assert seg[OVERALL].areaUnderROC == pytest.approx(M.roc_auc_score(pdf["Survived"], pdf["p"]), rel=1e-9)


def test_one_spark_job_for_every_stratum_and_figure(predictions, classic_spark, count_jobs, no_aqe, activate):
    activate(classic_spark)
    preds, _ = predictions
    if preds.sparkSession is not classic_spark:
        pytest.skip("job counts are read on the classic session")
    seg = preds.toHandy().stratify(["Pclass", "Sex"]).evaluate("probability", "Survived")
    with count_jobs() as c:
        seg.summary()
        for _, metrics in seg:
            metrics.areaUnderROC, metrics.roc(), metrics.pr(), metrics.log_loss(), metrics.calibration_curve()
            metrics.best_threshold("f1")
        _ = seg.overall.areaUnderROC
        seg.plot_roc_curves()
    assert c.jobs == 1
    assert len(seg) == 6


def test_a_stratum_with_one_class_is_nan_in_the_summary_and_says_why(spark, activate):
    activate(spark)
    rows = [("a", 1, 0.9), ("a", 0, 0.2), ("a", 1, 0.6), ("b", 0, 0.3), ("b", 0, 0.4), (None, 1, 0.7), (None, 0, 0.1)]
    df = spark.createDataFrame(rows, "g string, y int, p double")
    seg = df.toHandy().stratify(["g"]).evaluate("p", "y")
    summary = seg.summary()
    assert summary.index.tolist() == ["a", "b", None, OVERALL]  # the null stratum kept, last
    assert math.isnan(summary.loc["b", "areaUnderROC"]) and math.isnan(summary.loc["b", "areaUnderPR"])
    assert summary.loc["b", "log_loss"] == pytest.approx(M.log_loss([0, 0], [0.3, 0.4], labels=[0, 1]))
    assert summary["rows"].tolist() == [3, 2, 2, 7]
    with pytest.raises(ArgumentError, match="needs both classes"):
        _ = seg["b"].areaUnderROC
    grid = seg.plot_roc_curves()
    texts = [t.get_text() for t in grid.axes[1].texts]
    assert texts and texts[0].startswith("the ROC curve needs both classes")
    assert [ax.get_title() for ax in grid.axes] == ["g = a", "g = b", "g is null"]
    np.testing.assert_allclose(grid.axes[0].lines[0].get_xydata(), seg["a"].roc()[["fpr", "tpr"]].to_numpy())
    with pytest.raises(ArgumentError, match="no stratum 'c'"):
        seg["c"]


def test_scores_that_are_not_probabilities_have_no_log_loss_in_the_summary(spark, activate):
    activate(spark)
    df = spark.createDataFrame([("a", 1, 2.5), ("a", 0, -1.0), ("b", 1, 0.5), ("b", 0, 0.2)], "g string, y int, s double")
    summary = df.toHandy().stratify(["g"]).evaluate("s", "y").summary()
    assert math.isnan(summary.loc["a", "log_loss"]) and math.isnan(summary.loc["a", "brier_score"])
    assert summary.loc["b", "areaUnderROC"] == 1.0 and summary.loc["a", "areaUnderROC"] == 1.0


def test_invalid_rows_anywhere_raise_and_bins_are_shared(spark, activate):
    activate(spark)
    df = spark.createDataFrame([("a", 1, 0.9), ("b", None, 0.2), ("b", 1, float("nan"))], "g string, y int, p double")
    seg = df.toHandy().stratify(["g"]).evaluate("p", "y")
    with pytest.raises(InvalidRowsError, match="rows that cannot be evaluated: 2"):
        seg.summary()
    rng = np.random.default_rng(3)
    p = rng.random(400)
    y = (rng.random(400) < p).astype(int)
    g = np.where(rng.random(400) < 0.5, "x", "z")
    frame = spark.createDataFrame([(str(a), int(b), float(c)) for a, b, c in zip(g, y, p)], "g string, y int, p double")
    binned = frame.toHandy().stratify(["g"]).evaluate("p", "y", numBins=20)
    for label, metrics in binned:
        exact = M.roc_auc_score(y[g == label], p[g == label])
        assert abs(metrics.areaUnderROC - exact) <= metrics.areaUnderROCErrorBound + 1e-12, label
        assert metrics.areaUnderROCErrorBound < 0.05


def test_weights_per_segment_equal_scikit_learn_sample_weight(spark, activate):
    activate(spark)
    rng = np.random.default_rng(8)
    n = 300
    g, p, w = np.where(rng.random(n) < 0.4, "x", "z"), rng.random(n).round(2), rng.integers(0, 4, n).astype(float)
    y = (rng.random(n) < p).astype(int)
    df = spark.createDataFrame([(str(a), int(b), float(c), float(d)) for a, b, c, d in zip(g, y, p, w)],
                               "g string, y int, p double, w double")
    summary = df.toHandy().stratify(["g"]).evaluate("p", "y", weightCol="w").summary()
    for label in ("x", "z"):
        here = g == label
        row = summary.loc[label]
        assert row["rows"] == pytest.approx(w[here].sum()) and row["positives"] == pytest.approx(w[here & (y == 1)].sum())
        assert row["areaUnderROC"] == pytest.approx(M.roc_auc_score(y[here], p[here], sample_weight=w[here]), rel=1e-9)
        assert row["log_loss"] == pytest.approx(M.log_loss(y[here], p[here], sample_weight=w[here]), rel=1e-9)
        assert row["brier_score"] == pytest.approx(M.brier_score_loss(y[here], p[here], sample_weight=w[here]),
                                                   rel=1e-9)
    assert summary.loc[OVERALL, "areaUnderROC"] == pytest.approx(M.roc_auc_score(y, p, sample_weight=w), rel=1e-9)
