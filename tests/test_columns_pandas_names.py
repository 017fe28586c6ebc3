"""pandas' names on HandyColumns and HandyFrame (issue 17): std, count, sum, skew, kurt, quantile, describe."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import handyspark  # noqa: F401

NUMBERS = ["Age", "Fare", "SibSp"]


def test_moments_and_counts_equal_pandas(titanic, titanic_pd):
    cols = titanic.toHandy().cols
    assert cols["Age"].std() == pytest.approx(titanic_pd["Age"].std(), rel=1e-12)
    pd.testing.assert_series_equal(cols[:].count(), titanic_pd.count(), check_dtype=False)
    pd.testing.assert_series_equal(cols[NUMBERS].sum(), titanic_pd[NUMBERS].sum(), check_dtype=False, rtol=1e-12)
    pd.testing.assert_series_equal(cols[NUMBERS].skew(), titanic_pd[NUMBERS].skew(), check_dtype=False, rtol=1e-9)
    pd.testing.assert_series_equal(cols[NUMBERS].kurt(), titanic_pd[NUMBERS].kurt(), check_dtype=False, rtol=1e-9)
    assert cols[:].sum().index.tolist() == titanic_pd.sum(numeric_only=True).index.tolist()  # numeric_only, as 0.2


def test_quantile_is_exact_as_pandas_for_a_number_and_a_list(titanic, titanic_pd):
    cols = titanic.toHandy().cols
    assert cols["Age"].quantile(0.9) == titanic_pd["Age"].quantile(0.9)
    pd.testing.assert_series_equal(cols["Age"].quantile([0.1, 0.5, 0.9]), titanic_pd["Age"].quantile([0.1, 0.5, 0.9]))
    pd.testing.assert_frame_equal(cols[NUMBERS].quantile([0.25, 0.75]),
                                  titanic_pd[NUMBERS].quantile([0.25, 0.75]), check_dtype=False)
    by_sex = titanic.toHandy().stratify(["Sex"]).cols[["Age", "Fare"]].quantile([0.25, 0.75])
    want = titanic_pd.groupby("Sex")[["Age", "Fare"]].quantile([0.25, 0.75])
    np.testing.assert_allclose(by_sex.sort_index().to_numpy(), want.sort_index().to_numpy())


def test_edge_cases_as_pandas(spark):
    df = spark.createDataFrame([(1.0, 5.0), (2.0, 5.0), (None, 5.0), (float("nan"), None)], "x double, c double")
    pdf = pd.DataFrame({"x": [1.0, 2.0, np.nan, np.nan], "c": [5.0, 5.0, 5.0, np.nan]})
    cols = df.toHandy().cols
    got = cols[["x", "c"]]
    pd.testing.assert_series_equal(got.count(), pdf.count(), check_dtype=False)
    # x: two values -> NaN; c: constant -> NaN (0 / 0), as pandas 3 (pandas 2 said 0)
    pd.testing.assert_series_equal(got.skew(), pd.Series([np.nan, np.nan], index=["x", "c"]))
    pd.testing.assert_series_equal(got.kurt(), pdf.kurt())
    constant = spark.createDataFrame([(7.0,)] * 5, "k double").toHandy().cols
    assert np.isnan(constant["k"].skew()) and np.isnan(constant["k"].kurt()) and constant["k"].std() == 0
    assert cols["x"].sum() == 3.0
    assert spark.createDataFrame([], "x double").toHandy().cols["x"].sum() == 0  # pandas: 0 for no value


def test_frame_describe_is_pandas_and_spark_keeps_its_own(titanic, titanic_pd):
    hdf = titanic.toHandy()
    pd.testing.assert_frame_equal(hdf.describe(), titanic_pd.describe())
    pd.testing.assert_frame_equal(hdf.describe("Age", "Fare"), titanic_pd[["Age", "Fare"]].describe())
    spark_own = hdf.notHandy().describe("Age").collect()
    assert [r["summary"] for r in spark_own] == ["count", "mean", "stddev", "min", "max"]


def test_a_pandas_habit_that_does_not_exist_says_what_does(titanic):
    cols = titanic.toHandy().cols["Age"]
    with pytest.raises(AttributeError, match=r"'stdd'; did you mean std"):
        cols.stdd()
    with pytest.raises(AttributeError, match=r"did you mean nunique\(\) or value_counts\(\)"):
        cols.unique()
    assert not hasattr(cols, "_private_thing")


def test_one_job_for_every_quantile_and_column(classic_spark, count_jobs, no_aqe):
    """One job for any number of columns; exact quantiles (pandas' default) take two bounded passes."""
    from handyspark.datasets import titanic

    cols = titanic(classic_spark).toHandy().cols[NUMBERS]
    cols.skew()  # warm-up
    for action, jobs in ((cols.skew, 1), (cols.kurt, 1), (cols.sum, 1), (cols.count, 1),
                         (lambda: cols.quantile([0.1, 0.5, 0.9], relativeError=1e-3), 1),
                         (lambda: cols.quantile([0.1, 0.5, 0.9]), 2)):
        with count_jobs() as c:
            action()
        assert c.jobs == jobs
