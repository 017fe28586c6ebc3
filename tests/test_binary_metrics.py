"""BinaryClassificationMetrics on a logistic regression fitted to Titanic, against sklearn/pandas/numpy oracles."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import re

import numpy as np
import pandas as pd
import pyspark.sql.functions as F
import pytest
from sklearn.metrics import average_precision_score, log_loss, roc_auc_score

from handyspark import BinaryClassificationMetrics
from handyspark.errors import ArgumentError, ColumnNotFoundError, ColumnTypeError

_trapezoid = getattr(np, "trapezoid", None) or np.trapz  # numpy 1 (PySpark 3.5) has trapz only


def _pr_trapezoid(y: np.ndarray, p: np.ndarray) -> float:
    """Spark's areaUnderPR: trapezoids over (recall, precision) at each distinct score, from (0, first precision)."""
    recalls, precisions = [], []
    for t in np.unique(p)[::-1]:
        pred = p >= t
        tp = np.sum(pred & (y == 1))
        recalls.append(tp / np.sum(y == 1))
        precisions.append(tp / np.sum(pred))
    r = np.array([0.0] + recalls)
    q = np.array([precisions[0]] + precisions)
    return float(np.sum(np.diff(r) * (q[1:] + q[:-1]) / 2))


@pytest.fixture(scope="module")
def predictions(titanic):
    from pyspark.ml import Pipeline
    from pyspark.ml.classification import LogisticRegression
    from pyspark.ml.feature import StringIndexer, VectorAssembler
    from pyspark.ml.functions import vector_to_array

    data = titanic.fillna({"Age": 30.0})
    stages = [
        StringIndexer(inputCol="Sex", outputCol="SexIdx"),
        VectorAssembler(inputCols=["Pclass", "Age", "SibSp", "Parch", "Fare", "SexIdx"], outputCol="features"),
        LogisticRegression(featuresCol="features", labelCol="Survived", maxIter=20),
    ]
    model = Pipeline(stages=stages).fit(data)
    preds = model.transform(data).select(
        "PassengerId", "Survived", "probability", F.get(vector_to_array("probability"), 1).alias("p1")
    ).cache()  # keeps the tests fast; the library never needs it
    # the oracle: 891 (label, p1) pairs, collected by the test only
    oracle = preds.select("Survived", "p1").toPandas()
    return preds, oracle["Survived"].to_numpy(), oracle["p1"].to_numpy()


@pytest.fixture(scope="module")
def bcm(predictions):
    preds, _, _ = predictions
    return BinaryClassificationMetrics(preds, scoreCol="probability", labelCol="Survived")


def test_area_under_roc_equals_rank_based_auc(predictions):
    preds, y, p = predictions
    spark_path = BinaryClassificationMetrics(preds, "probability", "Survived")
    auc = spark_path.areaUnderROC  # computed by Spark (window sums)
    assert auc == pytest.approx(roc_auc_score(y, p), rel=1e-12)
    assert 0.8 < auc < 0.9
    driver_path = BinaryClassificationMetrics(preds, "probability", "Survived")
    driver_path.roc()  # the per-score table first: the areas then come from it
    assert driver_path.areaUnderROC == pytest.approx(auc, rel=1e-12)
    assert driver_path.areaUnderPR == pytest.approx(spark_path.areaUnderPR, rel=1e-12)
    assert driver_path.averagePrecision == pytest.approx(spark_path.averagePrecision, rel=1e-12)


def test_area_under_pr_matches_its_definitions(bcm, predictions):
    preds, y, p = predictions
    assert bcm.areaUnderPR == pytest.approx(_pr_trapezoid(y, p), rel=1e-12)
    assert bcm.averagePrecision == pytest.approx(average_precision_score(y, p), rel=1e-12)
    from pyspark.ml.evaluation import BinaryClassificationEvaluator

    assert len(np.unique(p)) < 1000  # below the evaluator's numBins: it is exact too
    evaluator = BinaryClassificationEvaluator(rawPredictionCol="probability", labelCol="Survived",
                                              metricName="areaUnderPR")
    assert bcm.areaUnderPR == pytest.approx(evaluator.evaluate(preds), rel=1e-9)


def test_metrics_by_threshold_match_pandas_counts(bcm, predictions):
    _, y, p = predictions
    table = bcm.getMetricsByThreshold().toPandas()
    assert list(table.columns[:5]) == ["threshold", "fpr", "recall", "precision", "f1"]
    assert sorted(table["threshold"]) == sorted(np.unique(p))
    assert table["threshold"].is_monotonic_decreasing
    pred = p[None, :] >= table["threshold"].to_numpy()[:, None]
    pos = (y == 1)[None, :]
    tp, fp = (pred & pos).sum(1), (pred & ~pos).sum(1)
    fn, tn = (~pred & pos).sum(1), (~pred & ~pos).sum(1)
    np.testing.assert_array_equal(table["tp"], tp)
    np.testing.assert_array_equal(table["fp"], fp)
    np.testing.assert_array_equal(table["fn"], fn)
    np.testing.assert_array_equal(table["tn"], tn)
    np.testing.assert_allclose(table["fpr"], fp / (fp + tn), rtol=1e-12)
    np.testing.assert_allclose(table["recall"], tp / (tp + fn), rtol=1e-12)
    np.testing.assert_allclose(table["precision"], tp / (tp + fp), rtol=1e-12)
    np.testing.assert_allclose(table["f1"], 2 * tp / (2 * tp + fp + fn), rtol=1e-12)
    local = bcm.metrics_by_threshold()
    np.testing.assert_array_equal(local["tp"], tp)
    np.testing.assert_allclose(local["accuracy"], (tp + tn) / len(y), rtol=1e-12)


def test_confusion_matrix_equals_crosstab(bcm, predictions, capsys):
    _, y, p = predictions
    for threshold in (0.5, 0.3):
        expected = pd.crosstab(y, (p >= threshold).astype(int))
        got = bcm.confusionMatrix(threshold)
        np.testing.assert_array_equal(got.to_numpy(), expected.to_numpy())
        assert list(got.index) == [0, 1] and list(got.columns) == [0, 1]
    pd.testing.assert_frame_equal(bcm.print_confusion_matrix(0.5), bcm.confusionMatrix(0.5))  # returned, as in 0.2
    out = capsys.readouterr().out
    assert "predicted 1" in out and str(bcm.confusionMatrix(0.5).loc[1, 1]) in out


def test_log_loss_equals_sklearn_and_numpy(bcm, predictions):
    _, y, p = predictions
    eps = np.finfo(np.float64).eps
    q = np.clip(p, eps, 1 - eps)
    formula = -np.mean(y * np.log(q) + (1 - y) * np.log(1 - q))
    assert bcm.log_loss() == pytest.approx(formula, rel=1e-12)
    assert bcm.log_loss() == pytest.approx(log_loss(y, p), rel=1e-12)


def test_histograms_equal_numpy(bcm, predictions):
    _, y, p = predictions
    hist = bcm.probability_histogram(bins=10, threshold=0.4)
    edges = np.linspace(0, 1, 11)
    np.testing.assert_array_equal(hist["negative"], np.histogram(p[y == 0], edges)[0])
    np.testing.assert_array_equal(hist["positive"], np.histogram(p[y == 1], edges)[0])
    np.testing.assert_array_equal(hist["negative_misclassified"], np.histogram(p[(y == 0) & (p >= 0.4)], edges)[0])
    np.testing.assert_array_equal(hist["positive_misclassified"], np.histogram(p[(y == 1) & (p < 0.4)], edges)[0])
    losses = -np.where(y == 1, np.log(p), np.log(1 - p))
    lhist = bcm.loss_histogram(bins=15)
    counts, ledges = np.histogram(losses, 15)
    np.testing.assert_allclose(lhist["left"], ledges[:-1], rtol=1e-12)
    np.testing.assert_array_equal(lhist["count"], counts)
    np.testing.assert_array_equal(lhist["positive"], np.histogram(losses[y == 1], ledges)[0])


def test_threshold_helpers(bcm, predictions):
    _, y, p = predictions
    ts = np.unique(p)[::-1]
    f1 = [2 * np.sum((p >= t) & (y == 1)) / (np.sum(p >= t) + np.sum(y == 1)) for t in ts]
    assert bcm.best_threshold("f1") == ts[int(np.argmax(f1))]
    acc = [np.mean((p >= t) == (y == 1)) for t in ts]
    assert bcm.best_threshold("accuracy") == ts[int(np.argmax(acc))]
    t = bcm.threshold_for_fpr(0.1)
    fpr = lambda t: np.sum((p >= t) & (y == 0)) / np.sum(y == 0)  # noqa: E731
    assert fpr(t) <= 0.1
    assert fpr(ts[ts < t].max()) > 0.1  # the next lower threshold breaks the target
    with pytest.raises(ArgumentError, match="metric"):
        bcm.best_threshold("auc")


def test_double_score_and_other_integer_label(predictions):
    preds, y, p = predictions
    df = preds.select(F.col("p1").alias("my score.p"), F.col("Survived").cast("short").alias("true label"))
    bcm = BinaryClassificationMetrics(df, scoreCol="my score.p", labelCol="true label")
    assert bcm.areaUnderROC == pytest.approx(roc_auc_score(y, p), rel=1e-12)
    assert bcm.log_loss() == pytest.approx(log_loss(y, p), rel=1e-12)
    np.testing.assert_array_equal(bcm.confusionMatrix(0.5).to_numpy(), pd.crosstab(y, (p >= 0.5)).to_numpy())
    assert bcm.getMetricsByThreshold().count() == len(np.unique(p))
    doubles = BinaryClassificationMetrics(preds.withColumn("Survived", F.col("Survived").cast("double")),
                                          "p1", "Survived")
    assert doubles.areaUnderPR == pytest.approx(_pr_trapezoid(y, p), rel=1e-12)


def test_a_handy_frame_with_a_small_safety_limit_loses_nothing(predictions):
    import handyspark  # noqa: F401 - adds toHandy

    preds, y, p = predictions
    hdf = preds.toHandy().set_safety_limit(10)
    bcm = BinaryClassificationMetrics(hdf, "p1", "Survived")
    assert len(bcm.roc()) == len(np.unique(p)) + 1
    assert bcm.log_loss() == pytest.approx(log_loss(y, p), rel=1e-12)


def test_a_handful_of_jobs_then_none(predictions, count_jobs, spark):
    if spark is not None and type(spark).__module__.startswith("pyspark.sql.connect"):
        pytest.skip("job counts are read on the classic session")
    preds, _, _ = predictions
    bcm = BinaryClassificationMetrics(preds, "probability", "Survived")
    with count_jobs() as first:
        bcm.areaUnderROC, bcm.areaUnderPR, bcm.roc(), bcm.pr(), bcm.confusionMatrix(0.4)
        bcm.log_loss(), bcm.probability_histogram(), bcm.loss_histogram(), bcm.best_threshold()
    with count_jobs() as again:
        bcm.areaUnderROC, bcm.roc(), bcm.confusionMatrix(0.6), bcm.log_loss(), bcm.threshold_for_fpr(0.2)
    assert again.jobs == 0
    assert first.jobs <= 6  # two aggregations (areas, per-score table), each a few stages


def test_binned_scores_stay_within_the_error_bound(bcm, predictions):
    preds, y, p = predictions
    binned = BinaryClassificationMetrics(preds, "probability", "Survived", numBins=50)
    exact = roc_auc_score(y, p)
    bound = binned.areaUnderROCErrorBound
    assert 0 < bound < 0.05
    assert abs(binned.areaUnderROC - exact) <= bound + 1e-12
    assert binned.areaUnderPR == pytest.approx(bcm.areaUnderPR, abs=0.02)
    assert binned.log_loss() == pytest.approx(log_loss(y, p), rel=1e-12)  # losses are summed row by row
    np.testing.assert_array_equal(binned.confusionMatrix(0.37).to_numpy(), pd.crosstab(y, p >= 0.37).to_numpy())
    table = binned.getMetricsByThreshold().toPandas()
    assert len(table) <= 50
    for _, row in table.iloc[::7].iterrows():  # counts at bin edges are exact (up to rounding at the edge)
        assert row["tp"] == pytest.approx(np.sum((p >= row["threshold"]) & (y == 1)), abs=1)
    assert binned.areaUnderROC == pytest.approx(binned.roc().pipe(lambda r: _trapezoid(r["tpr"], r["fpr"])))


def test_plots_show_the_computed_curves(bcm):
    ax = bcm.plot_roc_curve()
    np.testing.assert_allclose(ax.lines[0].get_xdata(), bcm.roc()["fpr"])
    assert f"{bcm.areaUnderROC:.4f}" in ax.get_legend().get_texts()[0].get_text()
    ax = bcm.plot_pr_curve()
    np.testing.assert_allclose(ax.lines[0].get_ydata(), bcm.pr()["precision"])
    ax = bcm.plot_probability_histogram(bins=10, threshold=0.5)
    hist = bcm.probability_histogram(bins=10, threshold=0.5)
    wrong = hist["negative_misclassified"] + hist["positive_misclassified"]
    np.testing.assert_array_equal([b.get_height() for b in ax.containers[0]], wrong)
    ax = bcm.plot_loss_histogram(bins=12)
    assert len(ax.patches) == 24


def test_bad_input_is_refused_with_clear_errors(predictions, spark):
    preds, _, _ = predictions
    with pytest.raises(ColumnNotFoundError, match="nope"):
        BinaryClassificationMetrics(preds, "nope", "Survived")
    with pytest.raises(ColumnTypeError, match="scoreCol 'name'"):
        BinaryClassificationMetrics(preds.withColumn("name", F.lit("x")), "name", "Survived")
    with pytest.raises(ColumnTypeError, match="labelCol 'lab'"):
        BinaryClassificationMetrics(preds.withColumn("lab", F.lit("1")), "p1", "lab")
    with pytest.raises(ArgumentError, match="numBins"):
        BinaryClassificationMetrics(preds, "p1", "Survived", numBins=0)
    df = spark.createDataFrame([(0.2, 0), (0.7, 2), (0.9, 1)], "s double, y int")
    with pytest.raises(ArgumentError, match="other than 0 or 1"):
        _ = BinaryClassificationMetrics(df, "s", "y").areaUnderROC
    df = spark.createDataFrame([(0.2, 0), (None, 1), (float("nan"), 1), (0.9, 1)], "s double, y int")
    with pytest.raises(ArgumentError, match="2 rows have a missing score"):
        BinaryClassificationMetrics(df, "s", "y").roc()
    df = spark.createDataFrame([(0.2, 1), (0.9, 1)], "s double, y long")
    with pytest.raises(ArgumentError, match="both classes"):
        _ = BinaryClassificationMetrics(df, "s", "y").areaUnderROC
    df = spark.createDataFrame([(-2.0, 0), (3.0, 1)], "s double, y long")
    bcm = BinaryClassificationMetrics(df, "s", "y")
    assert bcm.areaUnderROC == 1.0  # any score works for the areas...
    with pytest.raises(ArgumentError, match="probabilities"):
        bcm.log_loss()  # ... but a loss needs probabilities


# ---------------------------------------------------------------- invalid rows: one answer on every path
def _paths(bcm):
    """Every public way to a number, each run on a fresh object by the caller."""
    return {
        "areaUnderROC": lambda: bcm.areaUnderROC,
        "areaUnderPR": lambda: bcm.areaUnderPR,
        "averagePrecision": lambda: bcm.averagePrecision,
        "roc": bcm.roc,
        "pr": bcm.pr,
        "plot_roc_curve": bcm.plot_roc_curve,
        "metrics_by_threshold": bcm.metrics_by_threshold,
        "best_threshold": bcm.best_threshold,
        "confusionMatrix": lambda: bcm.confusionMatrix(0.5),
        "log_loss": bcm.log_loss,
        "probability_histogram": bcm.probability_histogram,
        "loss_histogram": bcm.loss_histogram,
    }


@pytest.mark.parametrize("num_bins", [None, 4])
def test_every_path_refuses_invalid_rows_with_the_same_message(spark, num_bins):
    from handyspark.evaluation.checks import InvalidRowsError

    rows = [(0.1, 0), (0.4, 1), (None, 1), (float("inf"), 0), (0.8, 2), (0.9, None), (float("nan"), 7), (0.35, 0)]
    df = spark.createDataFrame(rows, "s double, y int")
    expected = ("rows that cannot be evaluated: 5 (labelCol 'y': 3 rows have a label other than 0 or 1 (null and NaN "
                "included); scoreCol 's': 2 rows have a missing score (null or NaN); scoreCol 's': 1 row has an "
                "infinite score (+inf or -inf)). Binary classification metrics need a finite score and a label of 0 "
                "or 1 on every row: filter or fill these rows first")
    for name in _paths(BinaryClassificationMetrics(df, "s", "y")):
        bcm = BinaryClassificationMetrics(df, "s", "y", numBins=num_bins)
        with pytest.raises(InvalidRowsError) as failed:
            _paths(bcm)[name]()
        assert str(failed.value) == expected, name
        with pytest.raises(InvalidRowsError):  # remembered: raised again at once
            bcm.getMetricsByThreshold()
    if num_bins is not None:  # the range query checks the rows: the lazy table is refused at once
        with pytest.raises(InvalidRowsError, match=re.escape(expected)):
            BinaryClassificationMetrics(df, "s", "y", numBins=num_bins).getMetricsByThreshold()


def test_each_kind_of_invalid_row_is_counted(spark):
    from pyspark.ml.linalg import Vectors

    from handyspark.evaluation.checks import InvalidRowsError

    ok = [(0.2, 0.0), (0.7, 1.0)]
    cases = [
        ("s double, y double", ok + [(float("-inf"), 1.0), (float("inf"), 0.0)], "2 rows have an infinite score"),
        ("s double, y double", ok + [(0.5, float("nan")), (0.5, 0.5), (0.1, -1.0)],
         "3 rows have a label other than 0 or 1"),
        ("s float, y boolean", [(0.2, False), (0.7, True), (float("nan"), None)],
         "labelCol 'y': 1 row has a label other than 0 or 1 (null and NaN included); scoreCol 's': 1 row has a "
         "missing score"),
    ]
    for schema, rows, text in cases:
        df = spark.createDataFrame(rows, schema)
        for bins in (None, 3):
            with pytest.raises(InvalidRowsError, match=re.escape(text)):
                _ = BinaryClassificationMetrics(df, "s", "y", numBins=bins).areaUnderROC
    vectors = spark.createDataFrame(
        [(Vectors.dense([0.8, 0.2]), 0), (Vectors.dense([0.3, 0.7]), 1), (None, 1), (Vectors.dense([0.5]), 0),
         (Vectors.dense([0.1, 0.2, 0.7]), 1), (Vectors.dense([0.5, float("nan")]), 0)], ["p", "y"])
    text = ("rows that cannot be evaluated: 4 (scoreCol 'p': 2 rows have a missing score (null or NaN); "
            "scoreCol 'p': 2 rows hold a probability vector without exactly 2 elements)")
    for bins in (None, 3):
        with pytest.raises(InvalidRowsError, match=re.escape(text)):
            BinaryClassificationMetrics(vectors, "p", "y", numBins=bins).log_loss()


def test_binned_null_score_is_refused_not_counted_as_a_negative(spark):
    """Issue 14: with numBins, a null score counted as a negative in the top bin (AUC 0.625 instead of an error)."""
    from handyspark.evaluation.checks import InvalidRowsError

    df = spark.createDataFrame([(0.9, 1), (None, 0), (0.1, 0), (0.8, 1)], "s double, y int")
    for bins in (None, 10):
        with pytest.raises(InvalidRowsError, match=re.escape("scoreCol 's': 1 row has a missing score")):
            _ = BinaryClassificationMetrics(df, "s", "y", numBins=bins).areaUnderROC


def test_binned_scores_over_the_whole_double_range(spark):
    """Issue 14: scores near ±1e308 overflowed the bin width (AUC 0.5 instead of 1.0)."""
    big = np.finfo(np.float64).max
    p = np.array([-big, -1e308, -5e-324, 0.0, 1e-300, 1e308, big])
    y = np.array([0, 0, 0, 0, 1, 1, 1])
    df = spark.createDataFrame(pd.DataFrame({"s": p, "y": y}))
    for bins in (1, 2, 4, 100):
        bcm = BinaryClassificationMetrics(df, "s", "y", numBins=bins)
        assert abs(bcm.areaUnderROC - roc_auc_score(y, p)) <= bcm.areaUnderROCErrorBound + 1e-12
        table = bcm.getMetricsByThreshold().toPandas()
        assert np.isfinite(table["threshold"]).all() and table["threshold"].iloc[-1] == -big
        for _, row in table.iterrows():  # counts at the bin edges are exact
            assert (row["tp"], row["fp"]) == (np.sum((p >= row["threshold"]) & (y == 1)),
                                              np.sum((p >= row["threshold"]) & (y == 0)))
    issue = spark.createDataFrame([(1e308, 1), (-1e308, 0), (0.0, 0), (1.7e308, 1)], "s double, y int")
    assert BinaryClassificationMetrics(issue, "s", "y", numBins=10).areaUnderROC == 1.0  # was 0.5


def test_infinite_scores_are_refused_as_scikit_learn_does(spark):
    from handyspark.evaluation.checks import InvalidRowsError

    with pytest.raises(ValueError, match="infinity"):
        roc_auc_score([0, 1], [0.2, np.inf])
    df = spark.createDataFrame([(0.2, 0), (float("inf"), 1), (float("-inf"), 0)], "s double, y int")
    for bins in (None, 5):
        with pytest.raises(InvalidRowsError, match=re.escape("scoreCol 's': 2 rows have an infinite score")):
            BinaryClassificationMetrics(df, "s", "y", numBins=bins).roc()


# ---------------------------------------------------------------- degenerate predictions, against scikit-learn
def test_an_empty_frame(spark):
    df = spark.createDataFrame([], "s double, y int")
    with pytest.raises(ValueError):
        roc_auc_score([], [])
    for bins, names in ((None, ("areaUnderROC", "averagePrecision", "roc", "confusionMatrix", "log_loss")),
                        (3, ("areaUnderPR", "probability_histogram"))):
        paths = _paths(BinaryClassificationMetrics(df, "s", "y", numBins=bins))
        for name in names:  # the areas query, the per-score table, with and without bins
            with pytest.raises(ArgumentError, match="has no rows"):
                paths[name]()
        assert BinaryClassificationMetrics(df, "s", "y", numBins=bins).getMetricsByThreshold().count() == 0


def test_one_class_only(spark):
    import warnings

    from sklearn.metrics import confusion_matrix

    for label, p in ((1, [0.2, 0.6, 0.6, 0.9]), (0, [0.1, 0.1, 0.4])):
        y = np.full(len(p), label)
        df = spark.createDataFrame(pd.DataFrame({"s": p, "y": y}))
        bcm = BinaryClassificationMetrics(df, "s", "y")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert np.isnan(roc_auc_score(y, p))  # scikit-learn: undefined (a warning and NaN) ...
        with pytest.raises(ArgumentError, match="ROC curve needs both classes"):
            _ = bcm.areaUnderROC  # ... here: a clear error
        with pytest.raises(ArgumentError, match="both classes"):
            bcm.roc()
        assert bcm.log_loss() == pytest.approx(log_loss(y, p, labels=[0, 1]), rel=1e-12)
        np.testing.assert_array_equal(bcm.confusionMatrix(0.5).to_numpy(),
                                      confusion_matrix(y, np.array(p) >= 0.5, labels=[0, 1]))
        table = bcm.getMetricsByThreshold().toPandas()  # rates with a zero denominator are null (sklearn: NaN)
        assert table[["recall", "fpr"][label]].isna().all()
        if label == 1:  # precision-recall is defined with positives only: precision 1
            assert bcm.areaUnderPR == 1.0
            assert bcm.averagePrecision == average_precision_score(y, p) == 1.0
            assert bcm.pr()["precision"].tolist() == [1.0] * len(bcm.pr())
        else:
            with pytest.raises(ArgumentError, match="needs positive cases"):
                _ = bcm.averagePrecision  # sklearn warns ("no positive class") and returns 0


def test_one_row_constant_scores_and_ties(spark):
    one = spark.createDataFrame([(0.3, 1)], "s double, y int")
    bcm = BinaryClassificationMetrics(one, "s", "y")
    assert bcm.log_loss() == pytest.approx(log_loss([1], [0.3], labels=[0, 1]), rel=1e-12)
    assert bcm.confusionMatrix(0.3).to_numpy().tolist() == [[0, 0], [0, 1]]
    with pytest.raises(ArgumentError, match="both classes"):
        _ = bcm.areaUnderROC
    y, p = np.array([0, 1, 1, 0, 1]), np.full(5, 0.4)
    for scores in (p, np.array([0.4, 0.4, 0.9, 0.1, 0.1])):
        df = spark.createDataFrame(pd.DataFrame({"s": scores, "y": y}))
        for bins in (None, 3):
            bcm = BinaryClassificationMetrics(df, "s", "y", numBins=bins)
            if bins is None:
                assert bcm.areaUnderROC == pytest.approx(roc_auc_score(y, scores), rel=1e-12)
                assert bcm.averagePrecision == pytest.approx(average_precision_score(y, scores), rel=1e-12)
            else:
                assert abs(bcm.areaUnderROC - roc_auc_score(y, scores)) <= bcm.areaUnderROCErrorBound + 1e-12
            assert bcm.log_loss() == pytest.approx(log_loss(y, scores), rel=1e-12)


def test_invalid_rows_cost_no_job_on_the_happy_path(predictions, count_jobs, spark):
    """The checks ride in the queries that compute the numbers: as many jobs as a hand-written equivalent."""
    if type(spark).__module__.startswith("pyspark.sql.connect"):
        pytest.skip("job counts are read on the classic session")
    from pyspark.sql import Window

    preds, _, _ = predictions
    g = preds.groupBy(F.col("p1").alias("t")).agg(F.sum("Survived").alias("pos"), F.count("*").alias("n"))
    w = Window.orderBy(F.desc("t"))
    with count_jobs() as plain:
        # getMetricsByThreshold checks the rows (one aggregation) before it returns the lazy table: so does this
        preds.agg(F.count_if(F.col("p1").isNull() | ~F.col("Survived").isin(0, 1))).collect()
        g.select("t", F.sum("pos").over(w.rowsBetween(Window.unboundedPreceding, 0))).orderBy(F.desc("t")).toPandas()
    with count_jobs() as handy:
        BinaryClassificationMetrics(preds, "p1", "Survived").getMetricsByThreshold().toPandas()
    assert handy.jobs == plain.jobs
    bad = preds.withColumn("Survived", F.when(F.col("PassengerId") == 7, 3).otherwise(F.col("Survived")))
    bcm = BinaryClassificationMetrics(bad, "p1", "Survived")
    with pytest.raises(ArgumentError):
        bcm.log_loss()
    with count_jobs() as again:
        for call in (bcm.log_loss, bcm.roc, lambda: bcm.areaUnderROC, bcm.getMetricsByThreshold):
            with pytest.raises(ArgumentError, match="rows that cannot be evaluated: 1 "):
                call()
    assert again.jobs == 0


# ---------------------------------------------------------------- calibration, ranking, choosing a threshold
def test_calibration_equals_sklearn(bcm, predictions):
    from sklearn.calibration import calibration_curve
    from sklearn.metrics import brier_score_loss

    from tests.test_evaluation_calibration import _errors

    _, y, p = predictions
    for strategy in ("uniform", "quantile"):
        for n_bins in (5, 10):
            prob_true, prob_pred = calibration_curve(y, p, n_bins=n_bins, strategy=strategy)
            curve = bcm.calibration_curve(n_bins, strategy)
            np.testing.assert_allclose(curve["prob_true"], prob_true, rtol=0, atol=1e-9)
            np.testing.assert_allclose(curve["prob_pred"], prob_pred, rtol=0, atol=1e-9)
            ece, mce = _errors(y, p, n_bins, strategy)
            assert bcm.expected_calibration_error(n_bins, strategy) == pytest.approx(ece, abs=1e-9)
            assert bcm.maximum_calibration_error(n_bins, strategy) == pytest.approx(mce, abs=1e-9)
    assert bcm.brier_score() == pytest.approx(brier_score_loss(y, p), abs=1e-9)
    ax = bcm.plot_calibration_curve(n_bins=10, strategy="quantile")
    curve = bcm.calibration_curve(10, "quantile")
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), curve["prob_pred"])
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), curve["prob_true"])
    assert [b.get_height() for b in ax.count_axes.patches] == curve["count"].tolist()


def test_ranking_equals_oracles(bcm, predictions):
    from tests.test_evaluation_ranking import _ks, _ranked

    _, y, p = predictions
    n, P = len(y), y.sum()
    assert len(np.unique(p)) < n  # ties: the rule matters
    scores, cum = _ranked(y, p)
    g = bcm.gains()
    bounds = np.array([d * n // 10 for d in range(11)])
    np.testing.assert_array_equal(g["cumulative_rows"], bounds[1:])
    np.testing.assert_allclose(g["cumulative_positives"], cum[bounds[1:]], rtol=0, atol=1e-9)
    np.testing.assert_allclose(g["cumulative_lift"], cum[bounds[1:]] / bounds[1:] / (P / n), rtol=1e-9)
    np.testing.assert_array_equal(g["min_score"], scores[bounds[1:] - 1])
    ks = bcm.ks_statistic()
    assert ks["statistic"] == pytest.approx(_ks(y, p), abs=1e-9)
    assert ks["tpr"] - ks["fpr"] == pytest.approx(ks["statistic"])  # better than chance: tpr above fpr
    for k in (1, 50, 300, n):
        assert bcm.precision_at_k(k=k) == pytest.approx(cum[k] / k, abs=1e-9)
        assert bcm.recall_at_k(k=k) == pytest.approx(cum[k] / P, abs=1e-9)
    assert bcm.top_k(fraction=0.2)["k"] == g["cumulative_rows"].iloc[1]
    ax = bcm.plot_gains_curve()
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), [0.0, *g["gain"]])
    ax = bcm.plot_lift_curve(n_groups=5)
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), bcm.gains(5)["cumulative_lift"])
    ax = bcm.plot_ks()
    assert list(ax.lines[2].get_ydata()) == [ks["fpr"], ks["tpr"]]


def test_choosing_a_threshold(bcm, predictions):
    from tests.test_evaluation_thresholds import _check_metrics

    _, y, p = predictions
    ts = np.unique(p)[::-1]
    pred = p[None, :] >= ts[:, None]
    tp, fp = (pred & (y == 1)).sum(1), (pred & (y == 0)).sum(1)
    recall, fpr, precision = tp / y.sum(), fp / (y == 0).sum(), tp / (tp + fp)
    cost = np.concatenate([[3.0 * y.sum()], fp * 1.0 + (y.sum() - tp) * 3.0])  # first: inf, no positive predicted
    best = bcm.best_threshold("cost", costs={"fp": 1, "fn": 3})
    assert best == np.concatenate([[np.inf], ts])[int(np.argmin(cost))] and best.metrics["cost"] == cost.min()
    _check_metrics(best, y, p)
    for target in (0.5, 0.8, 0.9):
        at = bcm.threshold_at(precision=target)
        assert at == ts[precision >= target].min()
        _check_metrics(at, y, p)
        at = bcm.threshold_at(recall=target)
        assert at == ts[recall >= target].max()
        _check_metrics(at, y, p)
    at = bcm.threshold_at(fpr=0.1)
    assert at == ts[fpr <= 0.1].min() == bcm.threshold_for_fpr(0.1)
    _check_metrics(at, y, p)
    np.testing.assert_array_equal(bcm.confusionMatrix(at).to_numpy(),  # a Threshold is a float
                                  pd.crosstab(y, p >= float(at)).to_numpy())


def test_calibration_ranking_and_thresholds_need_no_job_of_their_own(predictions, count_jobs, spark):
    if type(spark).__module__.startswith("pyspark.sql.connect"):
        pytest.skip("job counts are read on the classic session")
    preds, _, _ = predictions

    def everything(bcm):
        bcm.calibration_curve(), bcm.calibration_curve(10, "quantile"), bcm.brier_score()
        bcm.expected_calibration_error(), bcm.maximum_calibration_error(), bcm.gains(), bcm.ks_statistic()
        bcm.top_k(fraction=0.1), bcm.best_threshold("cost", costs={"fp": 1, "fn": 2}), bcm.threshold_at(recall=0.9)

    with count_jobs() as table_only:
        BinaryClassificationMetrics(preds, "probability", "Survived").roc()
    bcm = BinaryClassificationMetrics(preds, "probability", "Survived")
    with count_jobs() as first:
        everything(bcm)
    with count_jobs() as again:
        everything(bcm)
    assert first.jobs == table_only.jobs  # the per-score table's query, nothing more
    assert again.jobs == 0
