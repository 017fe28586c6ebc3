"""MulticlassMetrics on a 3-class logistic regression fitted to Titanic (the class of each passenger), and on
small hand-made frames, against scikit-learn."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pyspark.sql.functions as F
import pytest
from sklearn import metrics as M

from handyspark import MulticlassMetrics
from handyspark.errors import ArgumentError, ColumnNotFoundError, ColumnTypeError
from handyspark.evaluation.checks import InvalidRowsError
from tests.predictions import three_class_predictions


@pytest.fixture(scope="module")
def predictions(titanic):
    from pyspark.ml.functions import vector_to_array

    preds = three_class_predictions(titanic).select("Pclass_idx", "probability").cache()
    # the oracle: 891 (label, probabilities) rows, collected by the test only
    oracle = preds.select("Pclass_idx", vector_to_array("probability").alias("p")).toPandas()
    return preds, oracle["Pclass_idx"].to_numpy().astype(int), np.stack(oracle["p"].to_numpy())


def test_every_figure_equals_scikit_learn_on_a_real_model(predictions):
    preds, y, P = predictions
    m = MulticlassMetrics(preds, scoreCol="probability", labelCol="Pclass_idx")
    predicted = P.argmax(axis=1)
    assert m.numClasses == 3
    np.testing.assert_array_equal(m.confusionMatrix().to_numpy(), M.confusion_matrix(y, predicted, labels=[0, 1, 2]))
    assert m.accuracy == pytest.approx(M.accuracy_score(y, predicted), abs=1e-12)
    per_class = m.metrics_by_class()
    want = M.precision_recall_fscore_support(y, predicted, labels=[0, 1, 2])
    for column, expected in zip(["precision", "recall", "f1", "support"], want):
        np.testing.assert_allclose(per_class[column].to_numpy(np.float64), expected, rtol=1e-12, err_msg=column)
    averaged = m.averages()
    for average in ("micro", "macro", "weighted"):
        expected = M.precision_recall_fscore_support(y, predicted, average=average)[:3]
        np.testing.assert_allclose(averaged.loc[average, ["precision", "recall", "f1"]].to_numpy(np.float64),
                                   expected, rtol=1e-12, err_msg=average)
    assert m.log_loss() == pytest.approx(M.log_loss(y, P, labels=[0, 1, 2]), rel=1e-9)
    for average in ("macro", "weighted"):
        assert m.roc_auc(average) == pytest.approx(M.roc_auc_score(y, P, multi_class="ovr", average=average), rel=1e-9)
    by_class = m.roc_auc_by_class()
    for c in range(3):
        assert by_class.loc[c, "auc"] == pytest.approx(M.roc_auc_score(y == c, P[:, c]), rel=1e-9)
    assert by_class["positives"].tolist() == np.bincount(y).tolist()
    assert 0.85 < m.roc_auc() < 0.95 and 0.75 < m.accuracy < 0.9  # a real model, not a degenerate one


def test_one_spark_job_per_metric_family_kept_on_the_object(classic_spark, count_jobs, no_aqe, activate):
    activate(classic_spark)
    rng = np.random.default_rng(5)
    P = rng.dirichlet(np.ones(4), size=200)
    df = classic_spark.createDataFrame([(int(rng.integers(4)), p.tolist()) for p in P], "y int, p array<double>")
    m = MulticlassMetrics(df, scoreCol="p", labelCol="y")
    with count_jobs() as first:
        m.confusionMatrix(), m.metrics_by_class(), m.averages(), m.log_loss(), m.accuracy
    with count_jobs() as second:
        m.roc_auc(), m.roc_auc("weighted"), m.roc_auc_by_class()
    with count_jobs() as again:
        m.confusionMatrix(), m.log_loss(), m.roc_auc()
    assert (first.jobs, second.jobs, again.jobs) == (1, 1, 0)


def test_arrays_ties_absent_classes_and_zero_division(spark, activate):
    activate(spark)
    rows = [  # (label, probabilities): ties go to the first class, class 2 is never predicted, class 3 never true
        (0, [0.5, 0.5, 0.0, 0.0]), (0, [0.7, 0.2, 0.1, 0.0]), (1, [0.2, 0.6, 0.1, 0.1]),
        (1, [0.4, 0.4, 0.2, 0.0]), (2, [0.1, 0.6, 0.3, 0.0]), (2, [0.3, 0.3, 0.3, 0.1]), (1, [0.1, 0.2, 0.3, 0.4]),
    ]
    df = spark.createDataFrame(rows, "y int, p array<float>")
    y = np.array([r[0] for r in rows])
    P = np.array([r[1] for r in rows], dtype=np.float32).astype(np.float64)
    predicted = P.argmax(axis=1)
    m = MulticlassMetrics(df, scoreCol="p", labelCol="y")
    np.testing.assert_array_equal(m.confusionMatrix().to_numpy(), M.confusion_matrix(y, predicted, labels=range(4)))
    for zero_division in (0.0, 1.0, np.nan):
        got = m.metrics_by_class(zero_division=zero_division)
        want = M.precision_recall_fscore_support(y, predicted, labels=range(4), zero_division=zero_division)
        for column, expected in zip(["precision", "recall", "f1"], want):
            np.testing.assert_allclose(got[column].to_numpy(np.float64), expected, rtol=1e-12, err_msg=column)
        for average in ("micro", "macro", "weighted"):
            expected = M.precision_recall_fscore_support(y, predicted, labels=range(4), average=average,
                                                         zero_division=zero_division)[:3]
            np.testing.assert_allclose(m.averages(zero_division).loc[average, ["precision", "recall", "f1"]]
                                       .to_numpy(np.float64), expected, rtol=1e-12, err_msg=f"{average} {zero_division}")
    assert m.log_loss() == pytest.approx(M.log_loss(y, P, labels=range(4)), rel=1e-9)
    by_class = m.roc_auc_by_class()
    for c in range(3):
        assert by_class.loc[c, "auc"] == pytest.approx(M.roc_auc_score(y == c, P[:, c]), rel=1e-9)
    assert np.isnan(by_class.loc[3, "auc"])  # no row of class 3: undefined
    with pytest.raises(ArgumentError, match=r"class\(es\) \[3\]"):
        m.roc_auc()
    with pytest.raises(ArgumentError, match="zero_division"):
        m.metrics_by_class(zero_division=0.5)


def test_invalid_rows_are_counted_and_named_not_dropped(spark, activate):
    activate(spark)
    rows = [(0.0, [0.9, 0.1, 0.0]), (1.5, [0.2, 0.8, 0.0]), (None, [0.2, 0.8, 0.0]), (3.0, [0.1, 0.1, 0.8]),
            (1.0, None), (1.0, [0.5, float("nan"), 0.5]), (2.0, [0.5, 0.5]), (2.0, [0.1, 0.2, 0.7])]
    df = spark.createDataFrame(rows, "y double, p array<double>")
    m = MulticlassMetrics(df, scoreCol="p", labelCol="y")
    with pytest.raises(InvalidRowsError) as info:
        m.confusionMatrix()
    text = str(info.value)
    assert text.startswith("rows that cannot be evaluated: 6")
    assert "3 rows have a label that is not a class index" in text and "'y'" in text
    assert "2 rows have a null vector or a null, NaN or infinite probability" in text
    assert "1 row has a vector without exactly K = 3 elements" in text
    with pytest.raises(InvalidRowsError):  # remembered: raised again
        m.roc_auc()
    fine = MulticlassMetrics(df.where(F.col("y").isin(0.0, 2.0) & (F.size("p") == 3)), "p", "y")
    assert fine.confusionMatrix().to_numpy().tolist() == [[1, 0, 0], [0, 0, 0], [0, 0, 1]]


def test_probabilities_outside_zero_one_have_no_log_loss_but_ranks(spark, activate):
    activate(spark)
    df = spark.createDataFrame([(0, [2.0, -1.0]), (1, [0.5, 3.0]), (1, [1.0, 0.0])], "y int, p array<double>")
    m = MulticlassMetrics(df, "p", "y")
    with pytest.raises(ArgumentError, match=r"log_loss needs probabilities in \[0, 1\]; 'p' ranges from -1.0 to 3.0"):
        m.log_loss()
    assert m.roc_auc_by_class().loc[1, "auc"] == pytest.approx(M.roc_auc_score([0, 1, 1], [-1.0, 3.0, 0.0]))


def test_bad_arguments_fail_before_any_job(classic_spark, count_jobs, activate):
    activate(classic_spark)
    df = classic_spark.createDataFrame([(0, [0.4, 0.6], "a")], "y int, p array<double>, s string")
    with count_jobs() as c:
        with pytest.raises(ColumnNotFoundError):
            MulticlassMetrics(df, "nope", "y")
        with pytest.raises(ColumnTypeError, match="scoreCol 's' must be a probability vector"):
            MulticlassMetrics(df, "s", "y")
        with pytest.raises(ColumnTypeError, match="labelCol 's' must be numeric"):
            MulticlassMetrics(df, "p", "s")
        with pytest.raises(ArgumentError, match="numClasses must be an integer of at least 2"):
            MulticlassMetrics(df, "p", "y", numClasses=1)
        with pytest.raises(ArgumentError, match="average must be"):
            MulticlassMetrics(df, "p", "y").roc_auc("micro")
    assert c.jobs == 0
    with pytest.raises(ArgumentError, match="at least one row"):
        MulticlassMetrics(df.limit(0), "p", "y").confusionMatrix()
    # numClasses larger than the vectors: every row has the wrong size
    with pytest.raises(InvalidRowsError, match="K = 3"):
        MulticlassMetrics(df, "p", "y", numClasses=3).confusionMatrix()


def test_confusion_matrix_plot_shows_the_counts_or_shares(spark, activate):
    activate(spark)
    df = spark.createDataFrame([(0, [0.9, 0.1]), (0, [0.3, 0.7]), (1, [0.2, 0.8]), (1, [0.1, 0.9])],
                               "y int, p array<double>")
    m = MulticlassMetrics(df, "p", "y")
    ax = m.plot_confusion_matrix()
    assert [t.get_text() for t in ax.texts] == ["1", "1", "0", "2"]
    assert ax.images[0].get_array().tolist() == [[1.0, 1.0], [0.0, 2.0]]
    shares = m.plot_confusion_matrix(normalize=True)
    assert [t.get_text() for t in shares.texts] == ["0.50", "0.50", "0.00", "1.00"]
    assert pd.Index([t.get_text() for t in ax.get_xticklabels()]).tolist() == ["0", "1"]
