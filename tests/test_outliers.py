"""outliers (Tukey) and Mahalanobis get/remove_outliers, against pandas and scipy."""

import numpy as np
import pandas as pd
import pytest
from pyspark.sql import DataFrame
from scipy.spatial.distance import mahalanobis
from scipy.stats import chi2

import handyspark  # noqa: F401  (adds toHandy)
from handyspark.errors import ArgumentError, ColumnTypeError
from handyspark.outliers import mahalanobis_split, tukey_outliers

NUMERICAL = ["PassengerId", "Survived", "Pclass", "Age", "SibSp", "Parch", "Fare"]


def _pandas_outliers(frame: pd.DataFrame, k: float, ratio: bool = False) -> pd.Series:
    out = {}
    for c in NUMERICAL:
        s = frame[c]
        q1, q3 = s.quantile(0.25), s.quantile(0.75)
        outside = (s < q1 - k * (q3 - q1)) | (s > q3 + k * (q3 - q1))
        out[c] = outside.mean() if ratio else outside.sum()
    return pd.Series(out)


def test_tukey_counts_match_spec_and_pandas(titanic, titanic_pd):
    counts = titanic.toHandy().outliers(k=3.0)
    assert counts.name == "outliers" and counts.dtype == np.int64
    assert list(counts.index) == NUMERICAL
    assert counts[["Age", "SibSp", "Parch", "Fare"]].tolist() == [0, 12, 213, 53]
    assert counts[["PassengerId", "Survived", "Pclass"]].tolist() == [0, 0, 0]
    pd.testing.assert_series_equal(counts, _pandas_outliers(titanic_pd, 3.0), check_names=False)
    ratios = titanic.toHandy().outliers(ratio=True)
    assert ratios.name == "outliers(ratio)"
    pd.testing.assert_series_equal(ratios, _pandas_outliers(titanic_pd, 1.5, ratio=True), check_names=False)


def test_stratified_tukey_counts_match_pandas(titanic, titanic_pd):
    counts = titanic.toHandy().stratify(["Sex"]).outliers(k=1.5)
    assert counts.index.names == ["Sex", None]
    for sex, group in titanic_pd.groupby("Sex"):
        expected = _pandas_outliers(group, 1.5)
        assert counts.loc[sex].to_dict() == expected.to_dict(), sex


def test_tukey_is_three_jobs_for_all_columns(classic_spark, count_jobs):
    """Exact quartiles are two bounded passes, the counts one more; approximate quartiles one pass."""
    from handyspark.datasets import titanic

    classic_spark.conf.set("spark.sql.adaptive.enabled", "false")
    try:
        hdf = titanic(classic_spark).toHandy()
        numerical = hdf.cols.numerical
        hdf.outliers()
        with count_jobs() as c:
            hdf.outliers(k=3.0)
        assert c.jobs == 3
        with count_jobs() as c:
            hdf.stratify(["Pclass"]).outliers(k=3.0)
        assert c.jobs <= 4  # resolving the strata is one job
        with count_jobs() as c:
            tukey_outliers(hdf.notHandy(), numerical, k=3.0, strata=None)
        assert c.jobs == 3
        with count_jobs() as c:
            tukey_outliers(hdf.notHandy(), numerical, k=3.0, relativeError=1e-3)
        assert c.jobs == 2
    finally:
        classic_spark.conf.set("spark.sql.adaptive.enabled", "true")


def _scipy_outliers(pdf: pd.DataFrame, columns: list[str], critical_value: float) -> tuple[set, np.ndarray, float]:
    complete = pdf.dropna(subset=columns)
    x = complete[columns].to_numpy(dtype=float)
    inverse = np.linalg.inv(np.atleast_2d(np.cov(x, rowvar=False)))
    mu = x.mean(axis=0)
    d2 = np.array([mahalanobis(row, mu, inverse) ** 2 for row in x])
    threshold = chi2.ppf(critical_value, df=len(columns))
    return set(complete["PassengerId"][d2 > threshold]), d2, threshold


@pytest.mark.parametrize("columns, critical_value", [(["Age", "Fare", "SibSp"], 0.90), (["Fare"], 0.999)])
def test_mahalanobis_matches_scipy_and_partitions(titanic, titanic_pd, columns, critical_value):
    expected, d2, threshold = _scipy_outliers(titanic_pd, columns, critical_value)
    assert np.min(np.abs(d2 - threshold)) > 1e-6  # no row so close to the cut that rounding could flip it
    cols = titanic.toHandy().cols[columns]
    outliers = cols.get_outliers(critical_value=critical_value)
    inliers = cols.remove_outliers(critical_value=critical_value)
    assert isinstance(outliers, DataFrame) and isinstance(inliers, DataFrame)
    out_ids = {r.PassengerId for r in outliers.select("PassengerId").collect()}
    in_ids = {r.PassengerId for r in inliers.select("PassengerId").collect()}
    assert out_ids == expected and len(expected) > 0
    assert out_ids.isdisjoint(in_ids) and len(out_ids | in_ids) == 891
    assert outliers.columns == titanic.columns


def test_mahalanobis_split_is_one_job_and_lazy(classic_spark, count_jobs):
    from handyspark.datasets import titanic

    df = titanic(classic_spark)
    mahalanobis_split(df, ["Age", "Fare"], 0.99)
    classic_spark.conf.set("spark.sql.adaptive.enabled", "false")
    try:
        with count_jobs() as c:
            mahalanobis_split(df, ["Age", "Fare"], 0.99)
        assert c.jobs == 1
    finally:
        classic_spark.conf.set("spark.sql.adaptive.enabled", "true")


def test_bad_input(titanic):
    hdf = titanic.toHandy()
    with pytest.raises(ColumnTypeError, match="Name"):
        hdf.cols[["Age", "Name"]].get_outliers()
    with pytest.raises(ArgumentError, match="critical_value"):
        hdf.cols[["Age", "Fare"]].get_outliers(critical_value=1.5)
    with pytest.raises(ArgumentError, match="method"):
        hdf.outliers(method="iqr")
    with pytest.raises(ArgumentError, match="k must"):
        hdf.outliers(k="big")
    with pytest.raises(ArgumentError, match="singular"):
        mahalanobis_split(hdf.withColumn("Fare2", hdf["Fare"] * 2), ["Fare", "Fare2"], 0.9)


def test_mahalanobis_refuses_infinite_values_naming_the_columns(spark):
    rows = [(float(i), float(i % 7), float(i % 5)) for i in range(200)]
    rows += [(float("inf"), 1.0, float("-inf")), (2.0, float("nan"), float("-inf"))]
    df = spark.createDataFrame(rows, "a double, b float, c double").toHandy()
    with pytest.raises(ArgumentError) as info:
        df.cols[["a", "b", "c"]].get_outliers()
    message = str(info.value)
    assert "['a', 'c']" in message and "{'a': 1, 'c': 2}" in message and "'b'" not in message
    with pytest.raises(ArgumentError, match="inf"):
        mahalanobis_split(df, ["b", "c"], 0.99)
    # NaN is missing, not infinite: the row is an inlier; without the infinite rows the split equals scipy
    finite = df.where("a < 1000 and c > -1000")
    pdf = pd.DataFrame(rows[:200], columns=["a", "b", "c"])
    pdf["PassengerId"] = range(200)
    expected, _, _ = _scipy_outliers(pdf, ["a", "b"], 0.9)
    got = mahalanobis_split(finite, ["a", "b"], 0.9)[0].collect()
    assert {int(r.a) for r in got} == expected and len(expected) > 0


@pytest.mark.parametrize("n_rows", [0, 1])
def test_tukey_outliers_of_empty_and_one_row_frames(spark, n_rows):
    df = spark.createDataFrame([(1.5, 2, "a")][:n_rows], "x double, y int, g string").toHandy()
    counts, ratios = df.outliers(), df.outliers(ratio=True)
    assert counts.tolist() == [0, 0] and counts.dtype == np.int64
    share = np.nan if n_rows == 0 else 0.0  # as pandas' mean of no (or one False) value
    pd.testing.assert_series_equal(ratios, pd.Series([share, share], index=["x", "y"], name="outliers(ratio)"))
    strat = df.stratify(["g"]).outliers(ratio=True)
    assert strat.tolist() == [0.0, 0.0][: 2 * n_rows]
