"""``weightCol``: every weighted figure equals scikit-learn's with ``sample_weight`` (Titanic logistic regression)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pyspark.sql.functions as F
import pytest
from sklearn.metrics import (
    average_precision_score,
    brier_score_loss,
    confusion_matrix,
    log_loss,
    precision_recall_curve,
    roc_auc_score,
    roc_curve,
)

from handyspark import BinaryClassificationMetrics
from handyspark.errors import ArgumentError, ColumnNotFoundError, ColumnTypeError
from handyspark.evaluation.checks import InvalidRowsError
from handyspark.evaluation.scores import resolve_scores
from handyspark.evaluation.table import finish_table, grouped_scores
from tests.test_binary_metrics import predictions  # noqa: F401 - the Titanic fixture

TOL = 1e-9


@pytest.fixture(scope="module")
def weighted(predictions):  # noqa: F811
    """The predictions with a weight per row: quarters from 0 (one row in 11) to 2.5, by PassengerId."""
    preds, _, _ = predictions
    df = preds.withColumn("w", ((F.col("PassengerId") * 37) % 11) / 4.0).cache()
    oracle = df.select("Survived", "p1", "w").toPandas()
    y, p, w = oracle["Survived"].to_numpy(), oracle["p1"].to_numpy(), oracle["w"].to_numpy()
    assert (w == 0).sum() > 50  # zero weights are in play
    return df, y, p, w


@pytest.fixture(scope="module")
def wbcm(weighted):
    df, _, _, _ = weighted
    return BinaryClassificationMetrics(df, "probability", "Survived", weightCol="w")


def _weighted_pr_trapezoid(y, p, w):
    """Spark's areaUnderPR with weighted counts, over the scores of positive weight."""
    keep = w > 0
    y, p, w = y[keep], p[keep], w[keep]
    recalls, precisions = [], []
    for t in np.unique(p)[::-1]:
        pred = p >= t
        tp = w[pred & (y == 1)].sum()
        recalls.append(tp / w[y == 1].sum())
        precisions.append(tp / w[pred].sum())
    r = np.array([0.0] + recalls)
    q = np.array([precisions[0]] + precisions)
    return float(np.sum(np.diff(r) * (q[1:] + q[:-1]) / 2))


def test_areas_equal_sklearn_with_sample_weight(weighted, wbcm):
    df, y, p, w = weighted
    spark_path = BinaryClassificationMetrics(df, "probability", "Survived", weightCol="w")
    assert spark_path.areaUnderROC == pytest.approx(roc_auc_score(y, p, sample_weight=w), abs=TOL)
    assert spark_path.averagePrecision == pytest.approx(average_precision_score(y, p, sample_weight=w), abs=TOL)
    assert spark_path.areaUnderPR == pytest.approx(_weighted_pr_trapezoid(y, p, w), abs=TOL)
    assert spark_path.areaUnderROC != pytest.approx(roc_auc_score(y, p), abs=1e-4)  # the weights matter
    from pyspark.ml.evaluation import BinaryClassificationEvaluator

    assert len(np.unique(p)) < 1000  # below the evaluator's numBins: it is exact too
    for name in ("areaUnderROC", "areaUnderPR"):
        evaluator = BinaryClassificationEvaluator(rawPredictionCol="probability", labelCol="Survived",
                                                  weightCol="w", metricName=name)
        assert getattr(spark_path, name) == pytest.approx(evaluator.evaluate(df), abs=TOL)
    wbcm.roc()  # the per-score table first: the areas then come from it
    assert wbcm.areaUnderROC == pytest.approx(spark_path.areaUnderROC, abs=TOL)
    assert wbcm.areaUnderPR == pytest.approx(spark_path.areaUnderPR, abs=TOL)
    assert wbcm.averagePrecision == pytest.approx(spark_path.averagePrecision, abs=TOL)


def test_curves_equal_sklearn_points(weighted, wbcm):
    _, y, p, w = weighted
    fpr, tpr, thresholds = roc_curve(y, p, sample_weight=w, drop_intermediate=False)
    roc = wbcm.roc()
    np.testing.assert_allclose(roc["fpr"], fpr, atol=TOL)
    np.testing.assert_allclose(roc["tpr"], tpr, atol=TOL)
    np.testing.assert_array_equal(roc["threshold"].to_numpy()[1:], thresholds[1:])
    assert len(roc) == len(np.unique(p[w > 0])) + 1  # scores of weight 0 are no thresholds, as in sklearn
    precision, recall, pr_thresholds = precision_recall_curve(y, p, sample_weight=w)
    pr = wbcm.pr().iloc[1:].set_index("threshold")  # the first row: recall 0
    expected = pd.DataFrame({"recall": recall[:-1], "precision": precision[:-1]}, index=pr_thresholds)
    common = expected.index.intersection(pr.index)
    assert len(common) == len(pr_thresholds)
    np.testing.assert_allclose(pr.loc[common, "recall"], expected.loc[common, "recall"], atol=TOL)
    np.testing.assert_allclose(pr.loc[common, "precision"], expected.loc[common, "precision"], atol=TOL)


def test_losses_and_confusion_equal_sklearn(weighted, wbcm):
    _, y, p, w = weighted
    assert wbcm.log_loss() == pytest.approx(log_loss(y, p, sample_weight=w), abs=TOL)
    assert wbcm.brier_score() == pytest.approx(brier_score_loss(y, p, sample_weight=w), abs=TOL)
    for threshold in (0.5, 0.3):
        expected = confusion_matrix(y, (p >= threshold).astype(int), labels=[0, 1], sample_weight=w)
        got = wbcm.confusionMatrix(threshold)
        assert got.to_numpy().dtype == np.float64
        np.testing.assert_allclose(got.to_numpy(), expected, atol=TOL)


def test_metrics_by_threshold_are_weighted_sums(weighted, wbcm):
    _, y, p, w = weighted
    keep = w > 0
    ts = np.unique(p[keep])[::-1]
    pred = p[None, :] >= ts[:, None]
    tp, fp = (w * (pred & (y == 1))).sum(1), (w * (pred & (y == 0))).sum(1)
    fn, tn = (w * (~pred & (y == 1))).sum(1), (w * (~pred & (y == 0))).sum(1)
    lazy = wbcm.getMetricsByThreshold()
    assert dict(lazy.dtypes)["tp"] == "double"
    table = lazy.toPandas()
    np.testing.assert_array_equal(table["threshold"], ts)
    for name, expected in {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "fpr": fp / (fp + tn), "recall": tp / (tp + fn),
                           "precision": tp / (tp + fp), "f1": 2 * tp / (2 * tp + fp + fn)}.items():
        np.testing.assert_allclose(table[name], expected, atol=TOL, err_msg=name)
    local = wbcm.metrics_by_threshold()
    np.testing.assert_allclose(local["tp"], tp, atol=TOL)
    np.testing.assert_allclose(local["accuracy"], (tp + tn) / w.sum(), atol=TOL)
    best = wbcm.best_threshold("f1")
    assert best == ts[int(np.argmax(2 * tp / (2 * tp + fp + fn)))]
    ks = wbcm.ks_statistic()
    fpr, tpr, _ = roc_curve(y, p, sample_weight=w, drop_intermediate=False)
    assert ks["statistic"] == pytest.approx(np.max(np.abs(tpr - fpr)), abs=TOL)
    at = wbcm.threshold_at(recall=0.9)
    assert at.metrics["recall"] >= 0.9 and at == ts[np.flatnonzero(tp / (tp + fn) >= 0.9)[0]]


def test_histograms_and_calibration_are_weighted(weighted, wbcm):
    _, y, p, w = weighted
    hist = wbcm.probability_histogram(bins=10, threshold=0.4)
    edges = np.linspace(0, 1, 11)
    np.testing.assert_allclose(hist["positive"], np.histogram(p[y == 1], edges, weights=w[y == 1])[0], atol=TOL)
    np.testing.assert_allclose(hist["negative_misclassified"],
                               np.histogram(p[(y == 0) & (p >= 0.4)], edges, weights=w[(y == 0) & (p >= 0.4)])[0],
                               atol=TOL)
    losses = -np.where(y == 1, np.log(p), np.log(1 - p))
    lhist = wbcm.loss_histogram(bins=edges * 4)
    np.testing.assert_allclose(lhist["count"], np.histogram(losses, edges * 4, weights=w)[0], atol=TOL)
    # calibration: scikit-learn's calibration_curve takes no weights; each bin's weighted means
    curve = wbcm.calibration_curve(n_bins=5)
    bins = np.searchsorted(np.linspace(0, 1, 6)[1:-1], p)
    total = np.bincount(bins, weights=w, minlength=5)
    prob_true = np.bincount(bins, weights=w * y, minlength=5) / total
    prob_pred = np.bincount(bins, weights=w * p, minlength=5) / total
    np.testing.assert_allclose(curve["count"], total, atol=TOL)
    np.testing.assert_allclose(curve["prob_true"], prob_true, atol=TOL)
    np.testing.assert_allclose(curve["prob_pred"], prob_pred, atol=TOL)
    ece = np.sum(total / total.sum() * np.abs(prob_true - prob_pred))
    assert wbcm.expected_calibration_error() == pytest.approx(ece, abs=TOL)
    with pytest.raises(ArgumentError, match="quantile bins are not defined with weights"):
        wbcm.calibration_curve(strategy="quantile")


def test_integer_weights_repeat_rows(spark):
    """A weight of k is the row repeated k times: the calibration curve (which sklearn does not weigh) too."""
    rng = np.random.default_rng(3)
    p = np.round(rng.random(60), 2)
    y = (rng.random(60) < p).astype(int)
    w = rng.integers(0, 4, 60)
    df = spark.createDataFrame(pd.DataFrame({"p": p, "y": y, "w": w.astype(np.int32)}))
    bcm = BinaryClassificationMetrics(df, "p", "y", weightCol="w")
    from sklearn.calibration import calibration_curve

    prob_true, prob_pred = calibration_curve(np.repeat(y, w), np.repeat(p, w), n_bins=4)
    curve = bcm.calibration_curve(n_bins=4)
    np.testing.assert_allclose(curve["prob_true"], prob_true, atol=TOL)
    np.testing.assert_allclose(curve["prob_pred"], prob_pred, atol=TOL)
    assert bcm.areaUnderROC == pytest.approx(roc_auc_score(np.repeat(y, w), np.repeat(p, w)), abs=TOL)


def test_ranking_by_rows_refuses_weights(wbcm):
    for call in (lambda: wbcm.gains(), lambda: wbcm.top_k(k=10), lambda: wbcm.precision_at_k(fraction=0.1),
                 lambda: wbcm.plot_lift_curve()):
        with pytest.raises(ArgumentError, match="ranks rows .* evaluate without weightCol"):
            call()


def test_binned_scores_with_weights(weighted):
    df, y, p, w = weighted
    binned = BinaryClassificationMetrics(df, "probability", "Survived", numBins=50, weightCol="w")
    assert abs(binned.areaUnderROC - roc_auc_score(y, p, sample_weight=w)) <= binned.areaUnderROCErrorBound
    assert binned.log_loss() == pytest.approx(log_loss(y, p, sample_weight=w), abs=TOL)
    assert binned.brier_score() == pytest.approx(brier_score_loss(y, p, sample_weight=w), abs=TOL)
    expected = confusion_matrix(y, (p >= 0.37).astype(int), labels=[0, 1], sample_weight=w)
    np.testing.assert_allclose(binned.confusionMatrix(0.37).to_numpy(), expected, atol=TOL)


def test_weight_one_gives_today_figures(predictions, spark):  # noqa: F811
    preds, y, p = predictions
    ones = BinaryClassificationMetrics(preds.withColumn("one", F.lit(1)), "probability", "Survived", weightCol="one")
    plain = BinaryClassificationMetrics(preds, "probability", "Survived")
    assert plain.confusionMatrix(0.5).to_numpy().dtype == np.int64  # no weights: counts, as before
    np.testing.assert_array_equal(ones.confusionMatrix(0.5).to_numpy(), plain.confusionMatrix(0.5).to_numpy())
    for name in ("areaUnderROC", "areaUnderPR", "averagePrecision"):
        assert getattr(ones, name) == pytest.approx(getattr(plain, name), abs=1e-12)
    assert ones.log_loss() == pytest.approx(plain.log_loss(), abs=1e-12)
    assert ones.brier_score() == pytest.approx(plain.brier_score(), abs=1e-12)
    pd.testing.assert_frame_equal(ones.roc(), plain.roc())
    assert "weightCol='one'" in repr(ones) and "weightCol" not in repr(plain)


def test_invalid_weights_are_counted_not_dropped(spark):
    df = spark.createDataFrame(
        [(0.9, 1, 1.0), (0.2, 0, None), (0.4, 0, float("nan")), (0.6, 1, -1.0), (0.7, 0, float("inf")),
         (0.5, None, -2.0), (0.3, 1, 0.0)],
        "s double, y int, w double",
    )
    for num_bins in (None, 4):
        for call in ("areaUnderROC", "roc", "getMetricsByThreshold", "log_loss"):
            bcm = BinaryClassificationMetrics(df, "s", "y", numBins=num_bins, weightCol="w")
            with pytest.raises(InvalidRowsError) as error:
                member = getattr(bcm, call)
                member() if callable(member) else member
            message = str(error.value)
            assert message.startswith("rows that cannot be evaluated: 5 (")  # the row bad twice counts once
            assert "labelCol 'y': 1 row has a label other than 0 or 1" in message
            assert "weightCol 'w': 5 rows have a weight that is null, NaN, negative or infinite" in message
            assert "a finite weight >= 0" in message


def test_zero_weights_and_no_weight_at_all(spark):
    df = spark.createDataFrame([(0.9, 1, 2.0), (0.8, 0, 0.0), (0.4, 0, 1.0), (0.3, 1, 0.5), (0.95, 0, 0.0)],
                               "s double, y int, w double")
    bcm = BinaryClassificationMetrics(df, "s", "y", weightCol="w")
    y, s, w = np.array([1, 0, 0, 1, 0]), np.array([0.9, 0.8, 0.4, 0.3, 0.95]), np.array([2.0, 0, 1, 0.5, 0])
    assert bcm.areaUnderROC == pytest.approx(roc_auc_score(y, s, sample_weight=w), abs=TOL)
    assert bcm.averagePrecision == pytest.approx(average_precision_score(y, s, sample_weight=w), abs=TOL)
    assert bcm.getMetricsByThreshold().count() == 3  # 0.95 and 0.8 weigh 0: no thresholds
    none = BinaryClassificationMetrics(df.withColumn("w", F.lit(0.0)), "s", "y", weightCol="w")
    with pytest.raises(ArgumentError, match="the positives weigh 0 and the negatives 0"):
        _ = none.areaUnderROC
    with pytest.raises(ArgumentError, match="weights sum to 0"):
        none.log_loss()


def test_bad_weight_columns_are_refused_before_any_job(weighted):
    df, _, _, _ = weighted
    with pytest.raises(ColumnNotFoundError):
        BinaryClassificationMetrics(df, "probability", "Survived", weightCol="nope")
    with pytest.raises(ColumnTypeError, match="weightCol 'name' must be numeric"):
        BinaryClassificationMetrics(df.withColumn("name", F.lit("a")), "probability", "Survived", weightCol="name")
    with pytest.raises(ArgumentError, match="weightCol must be a column name"):
        BinaryClassificationMetrics(df, "probability", "Survived", weightCol=3)  # type: ignore[arg-type]


def test_same_jobs_with_and_without_weights(weighted, count_jobs, spark):
    if spark is not None and type(spark).__module__.startswith("pyspark.sql.connect"):
        pytest.skip("job counts are read on the classic session")
    df, _, _, _ = weighted
    jobs = []
    for weightCol in (None, "w"):
        bcm = BinaryClassificationMetrics(df, "probability", "Survived", weightCol=weightCol)
        with count_jobs() as first:
            bcm.areaUnderROC, bcm.roc(), bcm.log_loss(), bcm.brier_score(), bcm.confusionMatrix(0.4)
            bcm.calibration_curve(), bcm.best_threshold()
        with count_jobs() as again:
            bcm.areaUnderPR, bcm.pr(), bcm.ks_statistic()
        assert again.jobs == 0
        jobs.append(first.jobs)
    assert jobs[0] == jobs[1]


def test_from_table_with_weights_per_key(weighted):
    """The building blocks of a per-segment evaluation carry the weights."""
    df, y, p, w = weighted
    spec = resolve_scores(df, "probability", "Survived", weightCol="w")
    key = (F.col("PassengerId") % 2).alias("odd")
    groups = grouped_scores(df, spec, keys=[key]).toPandas()
    table = finish_table(groups, spec, keys=["odd"])
    odd = df.select((F.col("PassengerId") % 2).alias("odd")).toPandas()["odd"].to_numpy()
    for value in (0, 1):
        part = table[table["odd"] == value].drop(columns="odd").reset_index(drop=True)
        metrics = BinaryClassificationMetrics.from_table(df, part, "probability", "Survived", weightCol="w")
        m = odd == value
        assert metrics.areaUnderROC == pytest.approx(roc_auc_score(y[m], p[m], sample_weight=w[m]), abs=TOL)
        assert metrics.log_loss() == pytest.approx(log_loss(y[m], p[m], sample_weight=w[m]), abs=TOL)


# ---------------------------------------------------------------------- multiclass
@pytest.fixture(scope="module")
def predictions3(titanic):
    from pyspark.ml.functions import vector_to_array

    from tests.predictions import three_class_predictions

    preds = (three_class_predictions(titanic).select("PassengerId", "Pclass_idx", "probability")
             .withColumn("w", ((F.col("PassengerId") * 37) % 11) / 4.0).cache())
    oracle = preds.select("Pclass_idx", vector_to_array("probability").alias("p"), "w").toPandas()
    return preds, oracle["Pclass_idx"].to_numpy().astype(int), np.stack(oracle["p"].to_numpy()), oracle["w"].to_numpy()


def test_multiclass_weighted_figures_equal_sklearn(predictions3):
    from sklearn import metrics as M

    from handyspark import MulticlassMetrics

    preds, y, P, w = predictions3
    m = MulticlassMetrics(preds, "probability", "Pclass_idx", weightCol="w")
    predicted = P.argmax(axis=1)
    expected = M.confusion_matrix(y, predicted, labels=[0, 1, 2], sample_weight=w)
    assert m.confusionMatrix().to_numpy().dtype == np.float64
    np.testing.assert_allclose(m.confusionMatrix().to_numpy(), expected, atol=TOL)
    assert m.accuracy == pytest.approx(M.accuracy_score(y, predicted, sample_weight=w), abs=TOL)
    per_class = m.metrics_by_class()
    want = M.precision_recall_fscore_support(y, predicted, labels=[0, 1, 2], sample_weight=w)
    for column, values in zip(["precision", "recall", "f1", "support"], want):
        np.testing.assert_allclose(per_class[column].to_numpy(np.float64), values, atol=TOL, err_msg=column)
    averaged = m.averages()
    for average in ("micro", "macro", "weighted"):
        values = M.precision_recall_fscore_support(y, predicted, average=average, sample_weight=w)[:3]
        np.testing.assert_allclose(averaged.loc[average, ["precision", "recall", "f1"]].to_numpy(np.float64),
                                   values, atol=TOL, err_msg=average)
    assert averaged["support"].iloc[0] == pytest.approx(w.sum(), abs=TOL)
    assert m.log_loss() == pytest.approx(M.log_loss(y, P, labels=[0, 1, 2], sample_weight=w), abs=TOL)
    for average in ("macro", "weighted"):
        assert m.roc_auc(average) == pytest.approx(
            M.roc_auc_score(y, P, multi_class="ovr", average=average, sample_weight=w), abs=TOL)
    by_class = m.roc_auc_by_class()
    for c in range(3):
        assert by_class.loc[c, "auc"] == pytest.approx(M.roc_auc_score(y == c, P[:, c], sample_weight=w), abs=TOL)
        assert by_class.loc[c, "positives"] == pytest.approx(w[y == c].sum(), abs=TOL)
    ax = m.plot_confusion_matrix()
    assert [t.get_text() for t in ax.texts][0] == f"{expected[0, 0]:.4g}"
    assert "weightCol='w'" in repr(m)
    plain = MulticlassMetrics(preds, "probability", "Pclass_idx")
    assert plain.confusionMatrix().to_numpy().dtype == np.int64  # no weights: counts, as before
    assert plain.log_loss() == pytest.approx(M.log_loss(y, P, labels=[0, 1, 2]), abs=TOL)


def test_multiclass_invalid_weights(spark):
    from handyspark import MulticlassMetrics

    df = spark.createDataFrame(
        [([0.7, 0.2, 0.1], 0, 1.0), ([0.1, 0.8, 0.1], 1, None), ([0.2, 0.2, 0.6], 2, -1.0),
         ([0.2, 0.2, 0.6], None, float("nan")), ([0.5, 0.3, 0.2], 1, 0.0)],
        "p array<double>, y int, w double",
    )
    m = MulticlassMetrics(df, "p", "y", weightCol="w")
    with pytest.raises(InvalidRowsError) as error:
        m.confusionMatrix()
    message = str(error.value)
    assert message.startswith("rows that cannot be evaluated: 3:")
    assert "2 rows have a weight that is null, NaN, negative or infinite (weightCol 'w')" in message
    assert "1 row has a label that is not a class index" in message
    with pytest.raises(ColumnTypeError, match="weightCol 'y2' must be numeric"):
        MulticlassMetrics(df.withColumn("y2", F.lit("a")), "p", "y", weightCol="y2")
