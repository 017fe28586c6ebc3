"""stratify: per-stratum statistics in one scan, null strata kept, values taken as data."""

import numpy as np
import pandas as pd
import pytest

import handyspark  # noqa: F401
from handyspark import Bucket, Quantile
from handyspark._compat import PYSPARK_VERSION
from handyspark.errors import ArgumentError, ColumnNotFoundError, ColumnTypeError
from handyspark.strata import Strata, StratumLevel


def test_spec_value_counts_by_pclass(titanic):
    counts = titanic.toHandy().stratify(["Pclass"]).cols["Embarked"].value_counts()
    assert counts.index.names == ["Pclass", "Embarked"]
    assert counts[(3, "S")] == 353
    assert counts[(1, "Q")] == 2


def test_spec_bucket_labels_and_counts(titanic):
    counts = titanic.toHandy().stratify(["Sex", Bucket("Age", 2)]).cols["Embarked"].value_counts()
    intervals = [iv for iv in counts.index.get_level_values("Age").unique() if isinstance(iv, pd.Interval)]
    low, high = sorted(intervals, key=lambda iv: iv.left)
    assert (low.left, round(low.right, 2), low.closed) == (0.42, 40.21, "left")
    assert (round(high.left, 2), high.right, high.closed) == (40.21, 80.0, "both")
    assert counts[("female", low, "S")] == 154
    assert counts[("male", high, "S")] == 81
    strata = titanic.toHandy().stratify([Bucket("Age", 2)]).strata
    assert strata.clause((0,)) == "Age >= 0.4200 and Age < 40.2100"
    assert strata.clause((1,)) == "Age >= 40.2100 and Age <= 80.0000"


def _cut(values: pd.Series, edges) -> pd.Series:
    codes = np.searchsorted(edges, values, side="right") - 1
    codes = np.where(values == edges[-1], len(edges) - 2, codes).astype(float)
    codes[values.isna().to_numpy()] = np.nan
    return pd.Series(codes, index=values.index)


@pytest.mark.parametrize("stat", ["mean", "min", "max", "stddev", "nunique", "median"])
def test_stratified_statistics_equal_pandas_groupby(titanic, titanic_pd, stat):
    hdf = titanic.toHandy()
    st = hdf.stratify(["Pclass", "Embarked"])
    kwargs = {"relativeError": 0} if stat == "median" else {}
    got = getattr(st.cols[["Age", "Fare"]], stat)(**kwargs)
    pandas_stat = {"stddev": "std"}.get(stat, stat)
    want = getattr(titanic_pd.groupby(["Pclass", "Embarked"], dropna=False)[["Age", "Fare"]], pandas_stat)().stack(
        future_stack=True)
    assert got.index.names == ["Pclass", "Embarked", None]
    assert len(got) == len(want) == 2 * 10  # 9 (class, port) strata and a null port in class 1, x 2 columns
    for key, value in want.items():
        assert got[key] == pytest.approx(value, nan_ok=True), key


def test_bucket_and_quantile_strata_equal_pandas(titanic, titanic_pd):
    hdf = titanic.toHandy()
    st = hdf.stratify([Bucket("Age", 3), Quantile("Fare", 4, relativeError=0)])
    age_edges, fare_edges = (np.array(level.edges) for level in st.strata.levels)
    ages = titanic_pd["Age"].dropna()
    np.testing.assert_allclose(age_edges, np.histogram_bin_edges(ages, bins=3), rtol=0, atol=0)
    np.testing.assert_allclose(fare_edges, np.quantile(titanic_pd["Fare"], [0, 0.25, 0.5, 0.75, 1]))
    got = st.cols["Survived"].mean()
    keyed = titanic_pd.assign(a=_cut(titanic_pd["Age"], age_edges), f=_cut(titanic_pd["Fare"], fare_edges))
    want = keyed.groupby(["a", "f"], dropna=False)["Survived"].mean()
    assert len(got) == len(want)
    for (a, f), value in want.items():
        a_label = np.nan if pd.isna(a) else st.strata.levels[0].label(int(a))
        f_label = st.strata.levels[1].label(int(f))
        match = [v for (ga, gf), v in got.items() if (ga == a_label or (pd.isna(a) and not isinstance(ga, pd.Interval)))
                 and gf == f_label]
        assert match == [pytest.approx(value)], (a, f)
    assert got.index.names == ["Age", "Fare"]


def test_null_stratum_is_kept(titanic, titanic_pd):
    st = titanic.toHandy().stratify(["Embarked"])
    counts = st.cols["Sex"].value_counts()
    assert counts.sum() == 891
    null_rows = counts[[pd.isna(k[0]) for k in counts.index]]
    assert null_rows.sum() == 2
    means = st.cols["Fare"].mean()
    assert means.index.isna().sum() == 1
    assert means[means.index.isna()].iloc[0] == pytest.approx(titanic_pd.loc[titanic_pd.Embarked.isna(), "Fare"].mean())
    missing = st.isnull()
    assert missing.groupby(level=0, dropna=False).sum().sum() == titanic_pd.isnull().sum().sum()


def test_nan_in_a_float_stratum_joins_the_null_stratum_as_in_pandas(spark):
    nan = float("nan")
    rows = [(1.5, 1.0), (1.5, None), (nan, 2.0), (None, 4.0), (nan, None), (2.5, 8.0), (None, 16.0)]
    df = spark.createDataFrame(rows, "g double, v double")
    pdf = pd.DataFrame(rows, columns=["g", "v"])
    want = pdf.groupby("g", dropna=False)["v"].mean()  # NaN and None: one group
    st = df.toHandy().stratify(["g"])
    got = st.cols["v"].mean()
    assert len(got) == len(want) == 3
    np.testing.assert_allclose(got.to_numpy(), want.to_numpy())
    assert got.index.isna().sum() == 1
    counts = st.cols["v"].value_counts()
    want_counts = pdf.groupby("g", dropna=False)["v"].value_counts()
    assert counts.sum() == want_counts.sum() == 5
    assert counts[[pd.isna(k[0]) for k in counts.index]].sum() == 3  # 2.0 (NaN stratum), 4.0, 16.0 (null)
    # the fill looks NaN strata up as null ones, before and after a JSON round trip of the model
    filled = st.fill(continuous=["v"])
    per_row = pdf["v"].fillna(pdf.groupby("g", dropna=False)["v"].transform("mean"))
    np.testing.assert_allclose(filled.select("v").toPandas()["v"].to_numpy(), per_row.to_numpy())
    assert Strata.from_json(st.strata.to_json()) == st.strata
    assert st.strata.levels[0].nan_is_null and not df.toHandy().stratify([Bucket("g", 2)]).strata.levels[0].nan_is_null


def test_hostile_values_are_data(spark):
    values = ["it's", 'say "hi"', "back`tick", "x' OR '1'='1", "SELECT * FROM t; --", None]
    rows = [(v, float(i)) for i, v in enumerate(values) for _ in range(i + 1)]
    hdf = spark.createDataFrame(rows, "`weird col.name` string, `the value` double").toHandy()
    st = hdf.stratify(["weird col.name"])
    counts = st.cols["the value"].value_counts()
    assert counts.sum() == len(rows)
    for i, v in enumerate(values):
        key = (np.nan if v is None else v, float(i))
        match = [c for k, c in counts.items() if (k[0] == v or (v is None and pd.isna(k[0]))) and k[1] == float(i)]
        assert match == [i + 1], key
    assert st.strata.clause(("x' OR '1'='1",)) == "weird col.name == \"x' OR '1'='1\""
    assert st.strata.clause(('say "hi"',)) == 'weird col.name == "say \\"hi\\""'
    assert st.strata.clause((None,)) == "weird col.name is null"


def test_job_count_does_not_grow_with_strata(classic_spark, count_jobs):
    import pyspark.sql.functions as F

    df = classic_spark.range(3000).select(
        (F.col("id") % 3).alias("k3"), (F.col("id") % 50).alias("k50"), (F.col("id") * 1.5).alias("x")
    ).toHandy()
    jobs = {}
    for key in ("k3", "k50"):
        st = df.stratify([key])
        st.cols["x"].mean()  # warm-up
        with count_jobs() as c:
            means = st.cols[["x", "k3"]].mean()
            st.cols["x"].value_counts()
            st.cols["x"].median()
        jobs[key] = c.jobs
        assert len(means) == 2 * (3 if key == "k3" else 50)
    assert jobs["k3"] == jobs["k50"]


def test_too_many_strata_stop_the_first_operation(titanic, titanic_pd):
    hdf = titanic.toHandy()
    st = hdf.stratify(["Name"])  # plain columns: no Spark job yet
    with pytest.raises(ArgumentError, match=r"'Name'.*891 strata.*max_strata=100"):
        st.cols["Age"].mean()
    # grouped by value within strata: checked by a grouping of its own, over the rows it counts
    with_value = titanic_pd.dropna(subset=["Embarked"])["Name"].nunique()
    assert with_value == 889
    with pytest.raises(ArgumentError, match=rf"'Name'.*{with_value} strata.*max_strata=100"):
        st.cols["Embarked"].value_counts()
    assert len(hdf.stratify(["Name"], max_strata=1000).cols["Age"].mean()) == 891


@pytest.mark.parametrize("cap, ok", [(5, False), (6, True)])
def test_max_strata_counts_combinations_null_included(titanic, titanic_pd, cap, ok):
    # Sex x Embarked: 2 x 4 values (null included), 7 combinations present
    n = len(titanic_pd.groupby(["Sex", "Embarked"], dropna=False))
    assert n == 7
    st = titanic.toHandy().stratify(["Sex", "Embarked"], max_strata=cap + 1)
    if ok:
        assert len(st.cols["Age"].mean()) == n
        assert len(st.fill(continuous=["Age"]).statistics_["Age"]) == n
    else:
        for op in (lambda: st.cols["Age"].mean(), lambda: st.fill(continuous=["Age"]),
                   lambda: st.fill(categorical=["Cabin"]), lambda: st.fence(["Fare"]),
                   lambda: st.cols["Fare"].histogram(bins=5)):
            with pytest.raises(ArgumentError, match=r"'Sex', 'Embarked'.*7 strata.*max_strata=6"):
                op()


def test_plain_strata_run_no_job_and_fill_means_one(classic_spark, count_jobs, no_aqe):
    from handyspark.datasets import titanic

    hdf = titanic(classic_spark).toHandy()
    with count_jobs() as c:
        st = hdf.stratify(["Pclass", "Sex"])
    assert c.jobs == 0
    with count_jobs() as c:
        st.fill(continuous=["Age"])
    assert c.jobs == 1  # the means per stratum, the global one derived from their sums and counts


def test_bad_strata(titanic):
    hdf = titanic.toHandy()
    with pytest.raises(ColumnTypeError, match="Sex"):
        hdf.stratify([Bucket("Sex", 2)])
    with pytest.raises(ColumnNotFoundError, match="Class"):
        hdf.stratify(["Class"])
    with pytest.raises(ArgumentError, match="bins"):
        Bucket("Age", 0)
    with pytest.raises(ArgumentError, match="twice"):
        hdf.stratify(["Pclass", Bucket("Pclass", 2)])
    with pytest.raises(ArgumentError):
        hdf.stratify([])


def test_strata_json_round_trip():
    strata = Strata((StratumLevel("Pclass"), StratumLevel("Age", (0.42, 40.21, 80.0))))
    assert Strata.from_json(strata.to_json()) == strata
    assert strata.clause((1, 0)) == 'Pclass == "1" and Age >= 0.4200 and Age < 40.2100'


@pytest.mark.parametrize("adaptive", ["true", "false"])
def test_the_strata_cap_costs_no_job(classic_spark, count_jobs, adaptive):
    import pyspark.sql.functions as F

    from handyspark.datasets import titanic

    df = titanic(classic_spark)
    hdf = df.toHandy()
    classic_spark.conf.set("spark.sql.adaptive.enabled", adaptive)
    try:
        hdf.stratify(["Pclass", "Sex"]).cols["Age"].mean()  # warm-up
        with count_jobs() as by_hand:
            df.groupBy("Pclass", "Sex").agg(F.avg("Age")).collect()
        ops = (lambda st: st.cols["Age"].mean(), lambda st: st.fill(continuous=["Age"]),
               lambda st: st.fill(categorical=["Embarked"]))
        for op in ops:
            st = hdf.stratify(["Pclass", "Sex"])  # a new stratification: its cap is checked by this grouping
            with count_jobs() as c:
                op(st)
            mode_on_35 = op is ops[2] and PYSPARK_VERSION < (4, 0) and adaptive == "true"
            # PySpark 3.5 has no deterministic mode: a window count, whose shuffle is a job of its own (docs/versions.md)
            assert c.jobs == by_hand.jobs + (1 if mode_on_35 else 0)
    finally:
        classic_spark.conf.set("spark.sql.adaptive.enabled", "true")


def test_bin_labels_are_distinct_whatever_the_scale(spark):
    # four bins over [0, 1.1e-5]: four strata for statistics, and four entries in what the models show
    rows = [(i * 1e-6, float(i)) for i in range(12)]
    df = spark.createDataFrame(rows, "x double, v double")
    strata = df.toHandy().stratify([Bucket("x", 4)])
    means = strata.cols["v"].mean()
    assert len(means) == 4
    fences = strata.fence(["v"]).fences_["v"]
    assert len(fences) == 4
    assert list(fences)[0] == "x >= 0.00000000 and x < 0.00000275"
    edges = np.linspace(0, 1.1e-5, 5)
    pdf = pd.DataFrame(rows, columns=["x", "v"])
    bins = np.clip(np.searchsorted(edges, pdf["x"], side="right") - 1, 0, 3)
    np.testing.assert_allclose(means.to_numpy(), pdf.groupby(bins)["v"].mean().to_numpy())
    assert StratumLevel("x", (0.0, 1e-300, 2e-300)).clause(0) == "x >= 0.0 and x < 1e-300"


@pytest.mark.parametrize("binner", [Bucket, Quantile])
def test_infinities_fall_out_of_range_and_models_serialise(spark, tmp_path, binner):
    import json

    from handyspark.ml import HandyImputer

    inf = float("inf")
    rows = [(i, float(i), float(i % 3)) for i in range(8)] + [(8, inf, None), (9, -inf, 5.0), (10, None, None)]
    df = spark.createDataFrame(rows, "id int, x double, v double")
    stratified = df.toHandy().stratify([binner("x", 2)])
    counts = stratified.cols["v"].value_counts(dropna=False)
    assert counts.sum() == 11  # every row kept: ±inf in "out of range", null x in its own stratum
    out_of_range = counts.loc["out of range"]
    assert out_of_range.tolist() == [1, 1] and out_of_range.index[0] == 5.0 and np.isnan(out_of_range.index[1])
    filled = stratified.fill(continuous=["v"])
    middle = "3.5000" if binner is Bucket else "3.0000"  # equal width, or the (approximate) median of 0..7
    assert list(filled.statistics_["v"]) == [  # the null stratum has no v: it takes the global mean
        "x out of range", f"x >= 0.0000 and x < {middle}", f"x >= {middle} and x <= 7.0000"]
    json.dumps(filled._handy.fill_model.to_json(), allow_nan=False)
    imputer = filled.transformers.imputer()
    imputer.write().overwrite().save(str(tmp_path / "imp"))
    again = HandyImputer.load(str(tmp_path / "imp")).transform(df).orderBy("id").toPandas()
    pd.testing.assert_frame_equal(again, filled.notHandy().orderBy("id").toPandas())
    assert again["v"].tolist()[8] == 5.0  # +inf is out of range: filled with that stratum's mean (5.0)


def test_quantile_relative_error_is_checked():
    for bad in (5, -0.1, "a", True, 1e-10):
        with pytest.raises(ArgumentError, match="relativeError"):
            Quantile("Fare", 4, bad)


def test_time_strata_equal_pandas_in_any_session_time_zone(spark):
    import datetime as dt

    old = spark.conf.get("spark.sql.session.timeZone")
    spark.conf.set("spark.sql.session.timeZone", "America/Anchorage")
    try:
        rows = [(None if i % 5 == 0 else dt.datetime(2021, 5, 1, i % 3), None if i % 7 == 0 else dt.datetime(2021, 1, 1, i % 2),
                 float(i)) for i in range(20)]
        df = spark.createDataFrame(rows, "at timestamp, wall timestamp_ntz, v double")
        pdf = df.toPandas()
        for key in ("at", "wall"):
            got = df.toHandy().stratify([key]).cols["v"].mean()
            expected = pdf.groupby(key, dropna=False)["v"].mean()
            assert list(got.index[:-1]) == list(expected.index[:-1]) and pd.isna(got.index[-1])
            np.testing.assert_allclose(got.to_numpy(), expected.to_numpy())
        fences = df.toHandy().stratify(["at"]).fence(["v"]).fences_["v"]
        assert list(fences)[0] == 'at == "2021-05-01 00:00:00+00:00"'  # instants shown in UTC, whatever the session
    finally:
        spark.conf.set("spark.sql.session.timeZone", old)


def test_a_bucket_range_wider_than_a_double_is_refused_naming_the_column(spark):
    """numpy cannot make equal-width bins of [-1.8e308, 1.8e308] (its edges overflow); the Bucket edges used
    to hold inf silently."""
    big = float(np.finfo(np.float64).max)
    if int(np.__version__.split(".")[0]) >= 2:  # numpy 1 (PySpark 3.5 needs it) makes inf edges silently
        with np.errstate(over="ignore", invalid="ignore"), pytest.raises(ValueError, match="Too many bins"):
            np.histogram_bin_edges([-big, big], bins=2)  # the oracle refuses too
    df = spark.createDataFrame([(-big,), (big,), (0.0,)], "`a.b` double").toHandy()
    with pytest.raises(ArgumentError, match=r"cannot make 2 equal-width bins of 'a\.b'.*wider than a double"):
        df.stratify([Bucket("a.b", 2)]).cols["a.b"].mean()
