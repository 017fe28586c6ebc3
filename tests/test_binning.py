"""binning: histogram and box statistics computed by Spark equal numpy/pandas/matplotlib; the bins scatter counts
share with histograms (tests/test_scatter.py has the scatter counts' own tests)."""

import numpy as np
import pandas as pd
import pytest
from matplotlib.cbook import boxplot_stats
from pyspark.sql import types as T

import handyspark  # noqa: F401
from handyspark import Bucket
from handyspark.errors import ArgumentError, ColumnNotFoundError, ColumnTypeError
from handyspark.stats import binning, boxstats, scatter
from handyspark.strata import resolve_strata

NUMPY_2 = int(np.__version__.split(".")[0]) >= 2


# ---------------------------------------------------------------------- histogram
@pytest.mark.parametrize("column, bins", [("Fare", 10), ("Age", 7), ("PassengerId", 13)])
def test_numeric_histogram_equals_numpy(titanic, titanic_pd, column, bins):
    h = binning.histogram(titanic, column, bins=bins)
    counts, edges = np.histogram(titanic_pd[column].dropna(), bins=bins)
    assert h.kind == "numeric"
    np.testing.assert_array_equal(h.edges, edges)
    np.testing.assert_array_equal(h.counts, counts)
    assert h.missing == titanic_pd[column].isna().sum()
    frame = h.to_frame()
    assert list(frame.columns) == ["left", "right", "count"] and frame["count"].sum() == counts.sum()


def test_categorical_histogram_equals_value_counts(titanic, titanic_pd):
    h = binning.histogram(titanic, "Embarked")
    want = titanic_pd["Embarked"].value_counts()
    assert h.kind == "categorical" and h.edges is None
    assert h.categories == list(want.index)
    np.testing.assert_array_equal(h.counts, want.to_numpy())
    assert h.missing == 2
    pd.testing.assert_series_equal(h.to_frame()["count"], want, check_names=False, check_index_type=False)


def test_integer_columns_choose_kind_by_distinct_values(titanic, titanic_pd):
    pclass = binning.histogram(titanic, "Pclass")
    assert pclass.kind == "categorical"
    assert dict(zip(pclass.categories, pclass.counts)) == titanic_pd["Pclass"].value_counts().to_dict()
    assert binning.histogram(titanic, "PassengerId").kind == "numeric"
    assert binning.histogram(titanic, "Pclass", kind="numeric", bins=3).counts.tolist() == [216, 184, 491]
    forced = binning.histogram(titanic, "PassengerId", kind="categorical", max_bars=1000)
    assert forced.kind == "categorical" and len(forced.categories) == 891
    assert binning.histogram(titanic, "SibSp", max_categories=5).kind == "numeric"  # 7 distinct values


def test_values_that_look_like_code_are_plain_values(spark):
    df = spark.createDataFrame([("a' OR 1=1 --",), ("x",), ("x",), (None,)], "`my col` string")
    h = binning.histogram(df, "my col")
    assert h.categories == ["x", "a' OR 1=1 --"] and h.counts.tolist() == [2, 1] and h.missing == 1


def test_histogram_edge_cases(spark):
    df = spark.createDataFrame([(5.0, None), (5.0, None), (float("nan"), None)], "x double, y double")
    single = binning.histogram(df, "x", bins=4)
    counts, edges = np.histogram([5.0, 5.0], bins=4)
    np.testing.assert_array_equal(single.edges, edges)
    np.testing.assert_array_equal(single.counts, counts)
    assert single.missing == 1  # NaN is missing, as pandas reads it
    empty = binning.histogram(df, "y", bins=2)
    assert empty.counts.tolist() == [0, 0] and empty.edges.tolist() == [0.0, 0.5, 1.0] and empty.missing == 3


def test_floating_edges_are_compared_exactly(spark):
    # values sitting exactly on inner edges that floating arithmetic puts in the wrong bin
    data = [0.0, 0.1, 0.2, 0.3, 0.7, 0.9, 1.0] + list(np.linspace(0.0, 1.0, 31))
    df = spark.createDataFrame([(float(v),) for v in data], "x double")
    for bins in (3, 7, 10, 30):
        counts, _ = np.histogram(data, bins=bins)
        np.testing.assert_array_equal(binning.histogram(df, "x", bins=bins).counts, counts, err_msg=str(bins))


def test_stratified_histogram_equals_groupby(titanic, titanic_pd):
    strata = resolve_strata(titanic, ["Sex", "Pclass"])
    h = binning.histogram(titanic, "Fare", bins=10, strata=strata)
    edges = np.histogram_bin_edges(titanic_pd["Fare"], bins=10)
    np.testing.assert_array_equal(h.edges, edges)
    groups = list(titanic_pd.groupby(["Sex", "Pclass"]))
    assert list(h.strata) == [key for key, _ in groups]
    assert h.counts.shape == (6, 10)
    for i, (key, part) in enumerate(groups):
        np.testing.assert_array_equal(h.counts[i], np.histogram(part["Fare"], bins=edges)[0], err_msg=str(key))
        np.testing.assert_array_equal(h.panel(i).counts, h.counts[i])
    assert h.clauses[0] == 'Sex == "female" and Pclass == "1"'
    assert h.title(0) == "Sex = female, Pclass = 1"
    assert h.to_frame().loc[("male", 3)]["count"].sum() == 347


def test_stratified_categorical_histogram_keeps_null_stratum(titanic, titanic_pd):
    strata = resolve_strata(titanic, ["Sex", Bucket("Age", 2)])
    h = binning.histogram(titanic, "Embarked", strata=strata)
    assert h.categories == ["S", "C", "Q"]
    assert h.n_panels == 6
    nulls = [i for i, c in enumerate(h.clauses) if c == 'Sex == "male" and Age is null']
    want = titanic_pd[titanic_pd.Age.isna() & (titanic_pd.Sex == "male")]["Embarked"].value_counts()
    assert h.counts[nulls[0]].tolist() == [want["S"], want["C"], want["Q"]]
    assert h.title(nulls[0]) == "Sex = male, Age is null"
    assert int(h.counts.sum() + h.missing.sum()) == 891


def test_histogram_errors(titanic):
    with pytest.raises(ColumnNotFoundError, match="Fair"):
        binning.histogram(titanic, "Fair")
    with pytest.raises(ArgumentError, match="bins"):
        binning.histogram(titanic, "Fare", bins=0)
    with pytest.raises(ArgumentError, match="kind"):
        binning.histogram(titanic, "Fare", kind="ordinal")
    with pytest.raises(ColumnTypeError, match="Sex"):
        binning.histogram(titanic, "Sex", kind="numeric")
    with pytest.raises(ArgumentError, match="'Name' has 891 distinct values.*max_bars"):
        binning.histogram(titanic, "Name")


# ---------------------------------------------------------------------- box statistics
@pytest.mark.parametrize("k", [1.5])
def test_box_stats_equal_matplotlib_and_pandas(titanic, titanic_pd, k):
    b = boxstats.box_stats(titanic, ["Age", "Fare"], k=k)
    assert list(b.table.index) == ["Age", "Fare"]
    for column in ["Age", "Fare"]:
        values = titanic_pd[column].dropna().to_numpy()
        want = boxplot_stats(values, whis=k)[0]
        got = b.table.loc[column]
        q1, med, q3 = titanic_pd[column].quantile([0.25, 0.5, 0.75])
        assert (got["q1"], got["median"], got["q3"]) == pytest.approx((q1, med, q3))
        assert got["mean"] == pytest.approx(values.mean())
        assert (got["whislo"], got["whishi"]) == pytest.approx((want["whislo"], want["whishi"]))
        np.testing.assert_allclose(got["fliers"], np.sort(want["fliers"]))
        assert got["n_fliers"] == len(want["fliers"]) and got["n"] == len(values) and not got["truncated"]
    fare = b.table.loc["Fare"]
    iqr = fare["q3"] - fare["q1"]
    assert fare["whishi"] == values[values <= fare["q3"] + k * iqr].max()  # a data value inside the fence


def test_box_stats_bounded_fliers_say_when_cut(titanic, titanic_pd):
    b = boxstats.box_stats(titanic, "Fare", max_fliers=10)
    row = b.table.loc["Fare"]
    all_fliers = np.sort(boxplot_stats(titanic_pd["Fare"].to_numpy())[0]["fliers"])
    assert row["n_fliers"] == len(all_fliers) == 116
    assert row["truncated"] and 2 <= len(row["fliers"]) <= 10
    assert row["fliers"][0] == all_fliers[0] and row["fliers"][-1] == all_fliers[-1]  # both extremes kept
    assert set(row["fliers"]) <= set(all_fliers)
    none = boxstats.box_stats(titanic, "Fare", fliers=False).table.loc["Fare"]
    assert none["n_fliers"] == 116 and len(none["fliers"]) == 0 and none["truncated"]


def test_box_stats_degenerate_whiskers_as_matplotlib(spark):
    data = [1.0, 2.0, 3.0, 100.0]  # no value between q3 and the upper fence: the whisker stops at q3
    b = boxstats.box_stats(spark.createDataFrame([(v,) for v in data], "x double"), "x").table.loc["x"]
    want = boxplot_stats(np.array(data))[0]
    assert (b["whislo"], b["whishi"]) == pytest.approx((want["whislo"], want["whishi"]))


def test_stratified_box_stats_equal_groupby(titanic, titanic_pd):
    strata = resolve_strata(titanic, ["Pclass"])
    b = boxstats.box_stats(titanic, ["Age", "Fare"], strata=strata, max_fliers=5)
    assert list(b.strata) == [1, 2, 3]
    assert b.table.index.names == ["Pclass", None]
    for pclass, part in titanic_pd.groupby("Pclass"):
        for column in ["Age", "Fare"]:
            want = boxplot_stats(part[column].dropna().to_numpy())[0]
            got = b.table.loc[(pclass, column)]
            assert (got["q1"], got["median"], got["q3"], got["whislo"], got["whishi"]) == pytest.approx(
                (want["q1"], want["med"], want["q3"], want["whislo"], want["whishi"])), (pclass, column)
            assert got["n_fliers"] == len(want["fliers"])
            assert min(2, len(want["fliers"])) <= len(got["fliers"]) <= 5
    assert list(b.panel(2).table.index) == ["Age", "Fare"]
    assert b.panel(2).table.loc["Age", "median"] == b.table.loc[(3, "Age"), "median"]


def test_box_stats_of_many_defined_columns_equal_matplotlib(spark):
    """16 columns defined by a projection (as fill makes them): planning stays linear, results equal numpy.

    A row filter over every column below such a projection made Catalyst derive 2^16 constraints.
    """
    import pyspark.sql.functions as F

    rng = np.random.default_rng(7)
    data = rng.normal(size=(60, 16)).round(3)
    data[::7] *= 10
    data[::11, 3] = np.nan
    names = [f"c{i}" for i in range(16)]
    rows = [tuple(float(v) for v in r) + (i % 3,) for i, r in enumerate(data)]
    df = spark.createDataFrame(rows, ", ".join(f"{c} double" for c in names) + ", g int")
    df = df.withColumns({c: F.nanvl(c, F.lit(None)) * 1.0 for c in names})  # an aliasing projection
    b = boxstats.box_stats(df, names, max_fliers=3, strata=resolve_strata(df, ["g"]))
    groups = np.arange(60) % 3
    for g in range(3):
        for i, column in enumerate(names):
            values = data[groups == g, i]
            want = boxplot_stats(values[~np.isnan(values)])[0]
            got = b.table.loc[(g, column)]
            assert (got["q1"], got["median"], got["q3"], got["whislo"], got["whishi"]) == pytest.approx(
                (want["q1"], want["med"], want["q3"], want["whislo"], want["whishi"])), (g, column)
            assert got["n_fliers"] == len(want["fliers"]) and len(got["fliers"]) == min(3, len(want["fliers"]))
            if len(want["fliers"]):
                assert got["fliers"].max() == want["fliers"].max() and got["fliers"].min() == want["fliers"].min()


def test_box_stats_errors(titanic):
    with pytest.raises(ColumnTypeError, match="Sex"):
        boxstats.box_stats(titanic, ["Age", "Sex"])
    with pytest.raises(ArgumentError, match="k must"):
        boxstats.box_stats(titanic, "Age", k=-1)
    with pytest.raises(ArgumentError, match="max_fliers"):
        boxstats.box_stats(titanic, "Age", max_fliers=0)


# ---------------------------------------------------------------------- jobs
def test_few_jobs_whatever_the_strata(classic_spark, count_jobs, no_aqe):
    from handyspark.datasets import titanic

    df = titanic(classic_spark)
    strata = resolve_strata(df, ["Sex", Bucket("Age", 3)])
    calls = {
        "hist numeric": (lambda s: binning.histogram(df, "Fare", strata=s), 2),
        "hist categorical": (lambda s: binning.histogram(df, "Embarked", strata=s), 2),
        "box": (lambda s: boxstats.box_stats(df, ["Age", "Fare"], strata=s), 4),  # exact quartiles: two passes
        "scatter": (lambda s: scatter.scatter_counts(df, "Fare", "Age", strata=s), 2),
    }
    binning.histogram(df, "Fare")  # warm-up
    for name, (call, most) in calls.items():
        for s in (None, strata):
            with count_jobs() as c:
                call(s)
            assert c.jobs <= most, (name, s is not None, c.jobs)


def test_decimal_and_integer_types(spark):
    schema = T.StructType([T.StructField("d", T.DecimalType(10, 2)), T.StructField("n", T.LongType())])
    import decimal

    rows = [(decimal.Decimal(f"{i}.25"), i * 3) for i in range(50)]
    df = spark.createDataFrame(rows, schema)
    d = binning.histogram(df, "d", bins=5)
    np.testing.assert_array_equal(d.counts, np.histogram([i + 0.25 for i in range(50)], bins=5)[0])
    n = binning.histogram(df, "n", bins=5)
    assert n.kind == "numeric"
    np.testing.assert_array_equal(n.counts, np.histogram([i * 3 for i in range(50)], bins=5)[0])


def test_column_names_with_dots_and_spaces(spark):
    df = spark.createDataFrame([(1.0, 2.0), (3.0, 4.0), (3.0, None)], "`a.b` double, `c d` double")
    sc = scatter.scatter_counts(df, "a.b", "c d", bins=2)
    np.testing.assert_array_equal(sc.counts, [[1, 0], [0, 1]])
    assert sc.missing == 1
    assert boxstats.box_stats(df, ["a.b", "c d"]).table["median"].tolist() == [3.0, 3.0]


def test_many_bins_and_tiny_ranges_equal_numpy(spark, titanic, titanic_pd):
    # more bins than the cumulative counts take: grouped by the bin number
    counts, edges = np.histogram(titanic_pd["Fare"].dropna(), bins=150)
    h = binning.histogram(titanic, "Fare", bins=150)
    np.testing.assert_array_equal(h.edges, edges)
    np.testing.assert_array_equal(h.counts, counts)
    # a range of a few subnormal numbers: too narrow for the bins, as numpy says
    tiny = 5e-324
    df = spark.createDataFrame([(0.0, 0.0), (tiny, 1.0), (2 * tiny, 2.0)], "x double, y double")
    if NUMPY_2:  # numpy 1 (PySpark 3.5's) makes the bins anyway
        with pytest.raises(ValueError, match="Too many bins"):
            np.histogram([0.0, tiny, 2 * tiny], bins=7)
    with pytest.raises(ArgumentError, match="too many bins"):
        scatter.scatter_counts(df, "x", "y", bins=7)
    with pytest.raises(ArgumentError, match="too many bins"):
        binning.histogram(df, "x", bins=7)


@pytest.mark.parametrize("case", ["edges", "far from zero", "few doubles per bin"])
def test_grouped_bins_put_values_on_edges_where_numpy_does(spark, case):
    # more than 64 bins (and every scatter): the bin number is a guess corrected by an edge
    ulp = np.spacing(1e6)
    data = {
        "edges": [*np.linspace(0.0, 1.0, 101), 0.1, 0.3, 0.7, *np.linspace(-3.7, 12.9, 201)],
        "far from zero": [*(1e6 + np.random.default_rng(0).uniform(0, 1e-3, 300)), *np.linspace(1e6, 1e6 + 1e-3, 101)],
        "few doubles per bin": [1e6 + k * ulp for k in range(101)],  # counted edge by edge
    }[case]
    other = data[::-1]
    df = spark.createDataFrame([(float(a), float(b)) for a, b in zip(data, other)], "x double, y double")
    for bins in (7, 65, 100) if case == "few doubles per bin" else (7, 65, 100, 333):
        counts, edges = np.histogram(data, bins=bins)
        h = binning.histogram(df, "x", bins=bins)
        np.testing.assert_array_equal(h.edges, edges, err_msg=str(bins))
        np.testing.assert_array_equal(h.counts, counts, err_msg=str(bins))
        sc = scatter.scatter_counts(df, "x", "y", bins=(bins, 3))
        np.testing.assert_array_equal(sc.counts, np.histogram2d(data, other, bins=(bins, 3))[0], err_msg=str(bins))


def test_ranges_at_the_limits_of_doubles(spark):
    # a step that is a subnormal number: edges stray from their exact places by more than a bin
    tiny = 5e-324
    data = np.arange(625) * tiny
    other = [float(i % 3) for i in range(625)]
    df = spark.createDataFrame([(float(a), b) for a, b in zip(data, other)], "x double, y double")
    for bins in (60, 100):  # counted below each edge, and grouped by bin number
        by_edges = np.histogram(data, bins=np.linspace(0.0, 624 * tiny, bins + 1))[0]
        assert not np.array_equal(np.histogram(data, bins=bins)[0], by_edges)  # numpy strays from its edges
        np.testing.assert_array_equal(binning.histogram(df, "x", bins=bins).counts, by_edges, err_msg=str(bins))
        np.testing.assert_array_equal(scatter.scatter_counts(df, "x", "y", bins=(bins, 3)).counts,
                                      np.histogram2d(data, other, bins=(bins, 3))[0], err_msg=str(bins))
    # n * (max - min) beyond the double range
    wide = [-8e307, -1e300, 0.0, 3e307, 8e307]
    df = spark.createDataFrame([(v, 1.0) for v in wide], "x double, y double")
    if NUMPY_2:  # numpy 1 overflows there (IndexError)
        np.testing.assert_array_equal(binning.histogram(df, "x", bins=70).counts, np.histogram(wide, 70)[0])
        np.testing.assert_array_equal(scatter.scatter_counts(df, "x", "y", bins=70).counts,
                                      np.histogram2d(wide, [1.0] * 5, 70)[0])
    want = np.zeros(70, dtype=np.int64)
    want[[0, 34, 35, 48, 69]] = 1  # numpy 2's counts, stated for numpy 1
    np.testing.assert_array_equal(binning.histogram(df, "x", bins=70).counts, want)
    # max - min beyond it, or infinite values: numpy refuses them, and so do we
    for values, message in (([-1e308, 1e308], "too many bins"), ([0.0, float("inf")], "not finite")):
        df = spark.createDataFrame([(v,) for v in values], "x double")
        with pytest.raises((ValueError, IndexError)), np.errstate(over="ignore", invalid="ignore"):  # numpy 1: IndexError
            np.histogram(values, bins=3)
        with pytest.raises(ArgumentError, match=message):
            binning.histogram(df, "x", bins=3)


def test_nested_columns_and_infinite_ranges_are_refused_naming_the_column(spark):
    """Issue 14: arrays and maps have no bins (a raw TypeError before); an infinite range names its column."""
    df = spark.createDataFrame([([1.0], {"k": 1}, float("inf"), 1.0), ([2.0], {"k": 2}, 0.0, 2.0)],
                               "`ar ray` array<double>, `m'ap` map<string,int>, `a.b` double, y double")
    for name in ("ar ray", "m'ap"):
        with pytest.raises(ColumnTypeError, match=f"a histogram needs columns with ordered values.*{name}"):
            binning.histogram(df, name)
    with pytest.raises(ArgumentError, match=r"range of the values of column 'a\.b', \[0\.0, inf\], is not finite"):
        binning.histogram(df, "a.b")
    with pytest.raises(ArgumentError, match=r"of column 'a\.b'"):
        scatter.scatter_counts(df, "y", "a.b")
    with pytest.raises(ValueError, match="autodetected range of \\[-inf, 1.0\\] is not finite"):
        np.histogram([-np.inf, 1.0])  # the oracle refuses too
