"""Column statistics against pandas on Titanic, one Spark job for many columns."""

import numpy as np
import pandas as pd
import pytest

import handyspark  # noqa: F401
from handyspark._compat import PYSPARK_VERSION
from handyspark.errors import ArgumentError

NUMERIC = ["PassengerId", "Survived", "Pclass", "Age", "SibSp", "Parch", "Fare"]


@pytest.fixture
def hdf(titanic):
    return titanic.toHandy()


@pytest.mark.parametrize("stat", ["min", "max", "mean", "var"])
def test_moments_and_extremes(hdf, titanic_pd, stat):
    got = getattr(hdf.cols[NUMERIC], stat)()
    want = getattr(titanic_pd[NUMERIC], stat)()
    pd.testing.assert_series_equal(got, want, check_dtype=False, rtol=1e-12)


def test_stddev_and_single_column_scalars(hdf, titanic_pd):
    pd.testing.assert_series_equal(hdf.cols[NUMERIC].stddev(), titanic_pd[NUMERIC].std(), rtol=1e-12)
    age = hdf.cols["Age"].mean()
    assert isinstance(age, float) and age == pytest.approx(titanic_pd["Age"].mean(), rel=1e-12)
    assert hdf.cols["Pclass"].min() == 1 and isinstance(hdf.cols["Pclass"].min(), (int, np.integer))
    assert hdf.cols["Name"].min() == titanic_pd["Name"].min()
    assert hdf.cols["Name"].max() == titanic_pd["Name"].max()


@pytest.mark.parametrize("p", [0.0, 0.1, 0.25, 0.5, 0.75, 0.99, 1.0])
def test_exact_quantiles_equal_pandas(hdf, titanic_pd, p):
    got = hdf.cols[NUMERIC].percentile(p, relativeError=0)
    pd.testing.assert_series_equal(got, titanic_pd[NUMERIC].quantile(p), check_names=False, rtol=1e-12)


def test_quartile_shortcuts(hdf, titanic_pd):
    fare = titanic_pd["Fare"]
    assert hdf.cols["Fare"].median(relativeError=0) == pytest.approx(fare.median())
    assert hdf.cols["Fare"].q1(relativeError=0) == pytest.approx(fare.quantile(0.25))
    assert hdf.cols["Fare"].q3(relativeError=0) == pytest.approx(fare.quantile(0.75))
    # default: approximate, but the SPEC asks the Fare median within 0.5 of pandas'
    assert abs(hdf.cols["Fare"].median() - fare.median()) < 0.5


@pytest.mark.parametrize("eps", [1e-4, 0.01, 0.05])
def test_approximate_quantiles_keep_their_rank_bound(hdf, titanic_pd, eps):
    """The result's rank lies within eps * n of p * n (Spark's documented guarantee)."""
    got = hdf.cols[["Age", "Fare"]].percentile(0.3, relativeError=eps)
    for column in ["Age", "Fare"]:
        data = titanic_pd[column].dropna().to_numpy()
        n, value = len(data), got[column]
        assert value in data  # a value of the data, not an interpolation
        lo, hi = (data < value).sum(), (data <= value).sum()
        target = 0.3 * n
        assert lo - eps * n - 1 <= target <= hi + eps * n + 1


def test_mode_nunique_isnull(hdf, titanic_pd):
    for column in ["Embarked", "Pclass", "Age", "Sex", "Parch"]:
        assert hdf.cols[column].mode() == titanic_pd[column].mode()[0]
    pd.testing.assert_series_equal(hdf.nunique(), titanic_pd.nunique())
    pd.testing.assert_series_equal(hdf.cols[["Age", "Cabin"]].nunique(), titanic_pd[["Age", "Cabin"]].nunique())
    ratio = hdf.isnull(ratio=True)
    assert ratio.name == "missing(ratio)"
    pd.testing.assert_series_equal(ratio, titanic_pd.isnull().mean(), check_names=False)
    assert ratio.round(6)[["Age", "Cabin", "Embarked"]].tolist() == [0.198653, 0.771044, 0.002245]
    counts = hdf.isnull()
    assert counts.name == "missing"
    assert counts.to_dict() == titanic_pd.isnull().sum().to_dict()


def test_nan_is_missing_as_in_pandas(spark):
    pdf = pd.DataFrame({"x": [1.0, np.nan, None, 4.0, 4.0]})
    hdf = spark.createDataFrame([(1.0,), (float("nan"),), (None,), (4.0,), (4.0,)], "x double").toHandy()
    assert hdf.cols["x"].mean() == pdf["x"].mean() == 3.0
    assert hdf.cols["x"].nunique() == pdf["x"].nunique() == 2
    assert hdf.isnull()["x"] == pdf["x"].isnull().sum() == 2
    assert hdf.cols["x"].max() == 4.0
    assert hdf.cols["x"].median(relativeError=0) == pdf["x"].median()


def test_bad_arguments(hdf):
    with pytest.raises(ArgumentError, match="p must be"):
        hdf.cols["Fare"].percentile(1.5)
    with pytest.raises(ArgumentError, match="relativeError"):
        hdf.cols["Fare"].median(relativeError=-1)


def _jobs(count_jobs, action) -> int:
    with count_jobs() as c:
        action()
    return c.jobs


STATS = ("mean", "max", "stddev", "nunique", "mode", "median", "isnull", "value_counts")


def test_many_columns_one_job(classic_spark, count_jobs, no_aqe):
    from handyspark.datasets import titanic

    hdf = titanic(classic_spark).toHandy()
    hdf.cols[NUMERIC].mean()  # warm-up
    for stat in STATS[:-1]:
        assert _jobs(count_jobs, getattr(hdf.cols[NUMERIC], stat)) == 1, stat
    assert _jobs(count_jobs, lambda: hdf.isnull(ratio=True)) == 1
    assert _jobs(count_jobs, hdf.nunique) == 1


def test_job_count_does_not_grow_with_columns(classic_spark, count_jobs):
    from handyspark.datasets import titanic

    hdf = titanic(classic_spark).toHandy()
    for stat in STATS:
        if stat == "mode" and PYSPARK_VERSION < (4, 0):
            continue  # PySpark 3.5 has no deterministic mode: a window count per column (docs/versions.md)
        one = _jobs(count_jobs, getattr(hdf.cols[["Fare"]], stat))
        many = _jobs(count_jobs, getattr(hdf.cols[NUMERIC if stat != "value_counts" else ["Pclass", "Sex"]], stat))
        assert many == one <= 3, stat  # count_distinct shuffles twice


def test_describe_equals_pandas(hdf, titanic_pd):
    got = hdf.cols[:].describe(relativeError=0)
    want = titanic_pd.describe()
    pd.testing.assert_frame_equal(got, want, rtol=1e-12)
    approx = hdf.cols[["Age", "Fare"]].describe()
    assert list(approx.index) == ["count", "mean", "std", "min", "25%", "50%", "75%", "max"]
    assert abs(approx.loc["50%", "Fare"] - want.loc["50%", "Fare"]) < 0.5


def test_stratified_describe_equals_pandas(titanic, titanic_pd):
    got = titanic.toHandy().stratify(["Sex"]).cols[["Age", "Fare"]].describe(relativeError=0)
    want = titanic_pd.groupby("Sex")[["Age", "Fare"]].describe().stack(level=1, future_stack=True)
    assert got.index.names == ["Sex", None]
    pd.testing.assert_frame_equal(got, want.reindex(got.index), rtol=1e-12, check_names=False)


def test_describe_is_one_job(classic_spark, count_jobs, no_aqe):
    from handyspark.datasets import titanic

    hdf = titanic(classic_spark).toHandy()
    assert _jobs(count_jobs, lambda: hdf.cols[NUMERIC].describe()) == 1


# ---------------------------------------------------------------------- empty and one-row frames
EDGE_SCHEMA = "a double, f float, c int, l long, d decimal(10,2), s string, b boolean, t date"
EDGE_NUMERIC = ["a", "f", "c", "l", "d"]


def _edge_frames(spark, n_rows):
    import datetime as dt
    from decimal import Decimal

    rows = [(2.5, 1.5, 3, 7, Decimal("1.25"), "x", True, dt.date(2020, 1, 2))][:n_rows]
    pdf = pd.DataFrame(rows, columns=["a", "f", "c", "l", "d", "s", "b", "t"])
    pdf[EDGE_NUMERIC] = pdf[EDGE_NUMERIC].astype(float)
    return spark.createDataFrame(rows, EDGE_SCHEMA).toHandy(), pdf


@pytest.mark.parametrize("n_rows", [0, 1])
def test_empty_and_one_row_frames_equal_pandas(spark, n_rows):
    """Without rows every statistic is NaN (counts 0), as pandas; one row: std/var/corr NaN (ddof=1)."""
    hdf, pdf = _edge_frames(spark, n_rows)
    num = hdf.cols[EDGE_NUMERIC]
    for stat, want in [("mean", pdf[EDGE_NUMERIC].mean()), ("stddev", pdf[EDGE_NUMERIC].std()),
                       ("var", pdf[EDGE_NUMERIC].var()), ("min", pdf[EDGE_NUMERIC].min()),
                       ("max", pdf[EDGE_NUMERIC].max()), ("median", pdf[EDGE_NUMERIC].median())]:
        got = getattr(num, stat)(relativeError=0) if stat == "median" else getattr(num, stat)()
        pd.testing.assert_series_equal(got, want, check_dtype=False, obj=stat)
    modes = num.mode()
    assert modes.isna().all() if n_rows == 0 else modes.tolist() == pdf[EDGE_NUMERIC].iloc[0].tolist()
    pd.testing.assert_series_equal(hdf.nunique(), pdf.nunique())
    pd.testing.assert_series_equal(hdf.isnull(), pdf.isnull().sum(), check_names=False)
    pd.testing.assert_series_equal(hdf.isnull(ratio=True), pdf.isnull().mean(), check_names=False)
    for column in ("a", "s"):
        got = hdf.cols[column].value_counts()
        assert got.to_dict() == pdf[column].value_counts().to_dict() and got.name == "count"
    entropy = hdf.cols[["a", "s", "t"]].entropy()
    assert entropy.isna().all() if n_rows == 0 else entropy.tolist() == [0.0, 0.0, 0.0]
    pd.testing.assert_frame_equal(num.corr(), pdf[EDGE_NUMERIC].corr())
    pd.testing.assert_frame_equal(num.describe(relativeError=0), pdf[EDGE_NUMERIC].describe())
    assert pd.isna(hdf.cols["s"].min()) if n_rows == 0 else hdf.cols["s"].min() == "x"
    assert pd.isna(hdf.cols["t"].max()) if n_rows == 0 else hdf.cols["t"].max() == pdf["t"].iloc[0]


@pytest.mark.parametrize("n_rows", [0, 1])
def test_stratified_statistics_of_empty_and_one_row_frames(spark, n_rows):
    hdf, pdf = _edge_frames(spark, n_rows)
    strat = hdf.stratify(["s"])
    got = strat.cols[["a", "c"]].mean()
    want = pdf.groupby("s", dropna=False)[["a", "c"]].mean().stack(future_stack=True)
    assert got.index.names == ["s", None] and len(got) == len(want) == 2 * n_rows
    assert got.tolist() == want.tolist()
    assert strat.cols["a"].value_counts().tolist() == [1] * n_rows
    assert len(strat.isnull()) == len(strat.nunique()) == 8 * n_rows
    for method in ("pearson", "spearman"):  # one stratum of one row: NaN, as pandas; no rows: no strata
        got = strat.cols[["a", "c"]].corr(method=method)
        want = pdf.groupby("s", dropna=False)[["a", "c"]].corr(method=method)
        assert got.shape == want.shape == (2 * n_rows, 2) and got.isna().all().all()
    assert strat.cols[["a", "s"]].entropy().tolist() == [0.0, 0.0][: 2 * n_rows]
    assert strat.cols[["a", "c"]].mutual_info().shape == (2 * n_rows, 2)
    assert strat.cols[["a", "c"]].describe().shape == (8 * n_rows, 2)
    assert len(strat.cols["a"].histogram(bins=3).to_frame()) == 3 * n_rows
