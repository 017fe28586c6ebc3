"""Argument checks: the one relativeError checker and ambiguous column names (case twins, duplicates)."""

import math

import numpy as np
import pandas as pd
import pytest

import handyspark  # noqa: F401
from handyspark import _validation
from handyspark._validation import check_columns, check_relative_error
from handyspark.errors import ArgumentError, ColumnNotFoundError
from handyspark.plotting import boxplot
from handyspark.stats import binning, descriptive
from handyspark.strata import resolve_strata

SMALLEST = 1 / (2**31 - 1)


# ---------------------------------------------------------------------- relativeError
@pytest.mark.parametrize("value, want", [
    (0, 0.0), (0.0, 0.0), (1, 1.0), (1e-4, 1e-4), (SMALLEST, SMALLEST), (np.float64(0.01), 0.01), (np.int64(1), 1.0),
])
def test_relative_error_allowed(value, want):
    got = check_relative_error(value)
    assert type(got) is float and got == want


@pytest.mark.parametrize("value", [1e-10, SMALLEST / 2, "a", "0.1", 5, 1.0000001, -0.01, True, False, math.nan,
                                   math.inf, None, [0.1], np.bool_(True)])
def test_relative_error_refused_saying_what_is_allowed(value):
    with pytest.raises(ArgumentError) as info:
        check_relative_error(value, "eps")
    message = str(info.value)
    assert "eps must be 0 (exact quantiles)" in message and "2147483647" in message and repr(value) in message


def _entry_points(hdf):
    """Every public call of the statistics/plots area that takes relativeError."""
    strat = hdf.stratify(["g"])
    return {
        "percentile": lambda e: hdf.cols["x"].percentile(0.5, relativeError=e),
        "median": lambda e: hdf.cols["x"].median(relativeError=e),
        "q1": lambda e: hdf.cols["x"].q1(relativeError=e),
        "q3": lambda e: hdf.cols[["x", "y"]].q3(relativeError=e),
        "describe": lambda e: hdf.cols[["x", "y"]].describe(relativeError=e),
        "stratified describe": lambda e: strat.cols["x"].describe(relativeError=e),
        "box_stats": lambda e: hdf.cols[["x"]].box_stats(relativeError=e),
        "boxplot": lambda e: hdf.cols[["x"]].boxplot(relativeError=e),
        "stratified boxplot": lambda e: strat.cols["x"].boxplot(relativeError=e),
        "outliers": lambda e: hdf.outliers(relativeError=e),
        "stratified outliers": lambda e: strat.outliers(relativeError=e),
        "plotting.boxplot": lambda e: boxplot(hdf, ["x"], relativeError=e),
        "descriptive.percentile": lambda e: descriptive.percentile(hdf, "x", 0.5, relativeError=e),
    }


@pytest.fixture
def small(spark):
    return spark.createDataFrame([(1.0, 2.0, "a"), (2.0, 4.0, "b"), (10.0, 5.0, "a")], "x double, y double, g string")


def test_every_relative_error_entry_point_uses_the_checker(small):
    hdf = small.toHandy()
    for name, call in _entry_points(hdf).items():
        for bad in (1e-10, "a", 5, True):
            with pytest.raises(ArgumentError, match="0 \\(exact quantiles\\)"):
                call(bad)
                pytest.fail(f"{name} accepted relativeError={bad!r}")
    for name in ("percentile", "describe", "box_stats", "outliers"):  # one call per function behind them
        _entry_points(hdf)[name](SMALLEST)  # the smallest allowed value runs: Spark accepts its accuracy


def test_relative_error_is_refused_before_any_spark_job(classic_spark, count_jobs):
    hdf = classic_spark.createDataFrame([(1.0, 2.0, "a")], "x double, y double, g string").toHandy()
    calls = _entry_points(hdf)
    with count_jobs() as c:
        for call in calls.values():
            with pytest.raises(ArgumentError):
                call(1e-10)
    assert c.jobs == 0


# ---------------------------------------------------------------------- ambiguous names
class _Frame:
    """Just what check_columns reads: the names, and a session whose conf must not be read."""

    def __init__(self, columns):
        self.columns = columns

    @property
    def sparkSession(self):
        raise AssertionError("the session conf was read although no column has a case twin")


def test_names_without_twins_are_checked_in_python_alone():
    check_columns(_Frame(["Age", "Fare", "straße"]), ["Age", "straße"])
    with pytest.raises(ColumnNotFoundError, match="'age'"):
        check_columns(_Frame(["Age"]), ["age"])


def test_fold_compares_as_spark():
    assert _validation._fold("AgE") == _validation._fold("age")
    assert _validation._fold("ß") != _validation._fold("ss")  # Java's equalsIgnoreCase is char by char


@pytest.fixture
def twins(spark):
    pdf = pd.DataFrame({"Age": [1.0, 2.0, 2.0, np.nan, 5.0], "age": [1.0, np.nan, 3.0, 4.0, 40.0],
                        "g": ["a", "b", "a", None, "a"]})
    rows = [tuple(None if pd.isna(v) else v for v in r) for r in pdf.itertuples(index=False)]
    df = spark.createDataFrame(rows, "Age double, age double, g string")
    return df.toHandy(), pdf


def test_case_twins_are_a_clear_error(twins):
    hdf, _ = twins
    assert str(hdf.sparkSession.conf.get("spark.sql.caseSensitive", "false")).lower() == "false"
    calls = {
        "select": lambda: hdf.cols[["Age", "g"]],
        "mean": lambda: hdf.cols["age"].mean(),
        "isnull": lambda: hdf.isnull(),
        "nunique": lambda: hdf.nunique(),
        "cols[:]": lambda: hdf.cols[:].describe(),
        "outliers": lambda: hdf.outliers(),
        "stratify": lambda: hdf.stratify(["Age"]),
        "stratified isnull": lambda: hdf.stratify(["g"]).isnull(),
        "hist": lambda: binning.histogram(hdf, "Age"),
        "Mahalanobis": lambda: hdf.cols[["Age", "age"]].get_outliers(),
    }
    for name, call in calls.items():
        with pytest.raises(ArgumentError) as info:
            call()
        message = str(info.value)
        assert "'Age' and 'age'" in message and "spark.sql.caseSensitive=true" in message, name
        assert "rename" in message, name
    assert hdf.cols["g"].nunique() == 2  # a column without a twin is fine


def test_case_twins_in_a_case_sensitive_session_equal_pandas(twins):
    hdf, pdf = twins
    conf = hdf.sparkSession.conf
    before = conf.get("spark.sql.caseSensitive", "false")
    conf.set("spark.sql.caseSensitive", "true")
    try:
        pd.testing.assert_series_equal(hdf.cols[["Age", "age"]].mean(), pdf[["Age", "age"]].mean())
        pd.testing.assert_series_equal(hdf.isnull(), pdf.isnull().sum(), check_names=False)
        pd.testing.assert_series_equal(hdf.nunique(), pdf.nunique())
        assert hdf.cols["age"].value_counts().to_dict() == pdf["age"].value_counts().to_dict()
        pd.testing.assert_frame_equal(hdf.cols[["Age", "age"]].describe(relativeError=0), pdf.describe())
        pd.testing.assert_frame_equal(hdf.cols[["Age", "age"]].corr("spearman"), pdf[["Age", "age"]].corr("spearman"))
        by_age = hdf.stratify(["Age"]).cols["age"].mean()
        want = pdf.groupby("Age", dropna=False)["age"].mean()
        np.testing.assert_allclose(by_age.to_numpy(float), want.to_numpy(float))
        assert [None if pd.isna(k) else k for k in by_age.index] == [None if pd.isna(k) else k for k in want.index]
        table = hdf.cols[["Age", "age"]].box_stats().table
        assert table["median"].tolist() == pdf[["Age", "age"]].median().tolist()
        counts = binning.histogram(hdf, "age", bins=3, kind="numeric").counts
        np.testing.assert_array_equal(counts, np.histogram(pdf["age"].dropna(), bins=3)[0])
    finally:
        conf.set("spark.sql.caseSensitive", before)


def test_repeated_names_are_a_clear_error(spark):
    df = spark.createDataFrame([(1.0, 2.0)], "a double, b double").toDF("a", "a")
    with pytest.raises(ArgumentError, match="more than once"):
        df.toHandy().cols["a"].mean()
    with pytest.raises(ArgumentError, match="more than once"):
        resolve_strata(df, ["a"])
