"""hdf.profile() and stratify([...]).profile() against pandas/numpy on Titanic; a fixed number of Spark jobs."""

import datetime as dt
import decimal
import math

import numpy as np
import pandas as pd
import pytest

import handyspark  # noqa: F401
from handyspark._expressions import Instant
from handyspark.errors import ArgumentError
from handyspark.profile import APPROX_RSD, QUANTILES, SPARK_JOBS, STATISTICS, Profile

NUMERIC = ["PassengerId", "Survived", "Pclass", "Age", "SibSp", "Parch", "Fare"]
STRINGS = ["Name", "Sex", "Ticket", "Cabin", "Embarked"]
ALL = ["PassengerId", "Survived", "Pclass", "Name", "Sex", "Age", "SibSp", "Parch", "Ticket", "Fare", "Cabin",
       "Embarked"]


@pytest.fixture(scope="module")
def prof(spark, titanic, activate):
    activate(spark)
    return titanic.toHandy().profile(relativeError=0)


def _top(series: pd.Series, k: int = 10) -> list:
    """pandas' value counts, most frequent first, ties by value: the oracle of the top values."""
    counts = series.value_counts()
    ordered = sorted(counts.items(), key=lambda vc: (-vc[1], vc[0]))
    return [(v, int(c)) for v, c in ordered[:k]]


# ---------------------------------------------------------------------- per column, against pandas
def test_table_has_one_row_per_column_and_every_figure(prof):
    t = prof.table
    assert list(t.index) == ALL and t.index.name == "column"
    assert list(t.columns) == list(STATISTICS)
    assert prof.columns is not t and prof.columns.equals(t)
    assert t.loc["Age", "type"] == "double" and t.loc["Name", "type"] == "string" and t.loc["Pclass", "type"] == "int"


def test_counts_missing_and_distinct_equal_pandas(prof, titanic_pd):
    t = prof.table
    assert t["count"].tolist() == titanic_pd.count().tolist()
    assert t["missing"].tolist() == titanic_pd.isnull().sum().tolist()
    assert t["missing_ratio"].tolist() == titanic_pd.isnull().mean().tolist()
    assert t["distinct"].tolist() == titanic_pd.nunique().tolist()
    raw = prof.stats[0][ALL.index("Age")]
    assert type(raw["count"]) is int and type(raw["missing"]) is int and type(raw["distinct"]) is int


def test_moments_extremes_and_signs_equal_pandas(prof, titanic_pd):
    t = prof.table.loc[NUMERIC]
    data = titanic_pd[NUMERIC]
    for stat in ("min", "max"):
        assert t[stat].tolist() == getattr(data, stat)().tolist(), stat
    for stat in ("mean", "std", "skew", "kurt"):
        np.testing.assert_allclose(t[stat].astype(float), getattr(data, stat)(), rtol=1e-10, err_msg=stat)
    assert t["zeros"].tolist() == (data == 0).sum().tolist()
    assert t["negatives"].tolist() == (data < 0).sum().tolist()
    assert t["infinities"].tolist() == np.isinf(data).sum().tolist()
    assert prof.table.loc["Name", "min"] == titanic_pd["Name"].min()
    assert prof.table.loc["Cabin", "max"] == titanic_pd["Cabin"].dropna().max()
    assert type(prof.stats[0][ALL.index("Pclass")]["min"]) is int  # an int column's extremes stay ints


def test_exact_quantiles_equal_numpy_linear_interpolation(prof, titanic_pd):
    got = prof.table.loc[NUMERIC, list(QUANTILES)].astype(float)
    want = titanic_pd[NUMERIC].quantile(list(QUANTILES.values())).T
    np.testing.assert_allclose(got.to_numpy(), want.to_numpy(), rtol=1e-12)


def test_string_lengths_equal_pandas(prof, titanic_pd):
    for c in STRINGS:
        lengths = titanic_pd[c].dropna().str.len()
        row = prof.table.loc[c]
        assert (row["len_min"], row["len_max"]) == (lengths.min(), lengths.max()), c
        assert row["len_mean"] == pytest.approx(lengths.mean(), rel=1e-12), c
    assert prof.table.loc[NUMERIC, "len_mean"].isna().all()
    assert prof.table.loc[STRINGS, "mean"].isna().all()


def test_top_values_equal_pandas_value_counts(prof, titanic_pd):
    for c in ALL:
        got = prof.top_values(c)
        assert got.name == "count" and got.index.name == c
        assert list(zip(got.index, got.tolist())) == _top(titanic_pd[c]), c


def test_histograms_equal_numpy_on_the_same_edges(prof, titanic_pd):
    for c in NUMERIC:
        data = titanic_pd[c].dropna().to_numpy(float)
        counts, edges = np.histogram(data, bins=10)
        h = prof.histogram(c)
        assert h["left"].tolist() == edges[:-1].tolist() and h["right"].tolist() == edges[1:].tolist(), c
        assert h["count"].tolist() == counts.tolist(), c
    for c in STRINGS:
        h = prof.histogram(c)
        top = _top(titanic_pd[c])
        assert h["value"].tolist() == [v for v, _ in top] + ["other"], c
        assert h["count"].tolist() == [n for _, n in top] + [titanic_pd[c].count() - sum(n for _, n in top)], c


def test_frame_figures_and_correlations_equal_pandas(prof, titanic_pd):
    assert prof.overview.to_dict("records") == [{"rows": 891, "columns": 12, "duplicates": 0}]
    for method in ("pearson", "spearman"):
        got = prof.corr(method)
        pd.testing.assert_frame_equal(got, titanic_pd[NUMERIC].corr(method=method), rtol=1e-10, check_names=False)
    with pytest.raises(ArgumentError, match="method"):
        prof.corr("kendall")


def _cramer(a: pd.Series, b: pd.Series) -> float:
    """scipy's Cramér's V of the contingency table of the rows where both are present: the oracle."""
    from scipy.stats.contingency import association

    table = pd.crosstab(a, b)  # drops the rows where either is missing
    return association(table.to_numpy(), method="cramer") if min(table.shape) > 1 else math.nan


def test_cramers_v_of_the_string_columns_equals_scipy(prof, titanic, titanic_pd):
    # by default, the columns with at most 100 distinct values (as ydata-profiling): not Name, Ticket, Cabin
    assert titanic_pd[STRINGS].nunique().to_dict() == {"Name": 891, "Sex": 2, "Ticket": 681, "Cabin": 147,
                                                         "Embarked": 3}
    assert list(prof.corr("cramer").columns) == list(prof.corr("cramer").index) == ["Sex", "Embarked"]
    got = titanic.toHandy().profile(STRINGS, max_categories=891).corr("cramer")
    assert list(got.columns) == list(got.index) == STRINGS  # string and boolean columns
    want = pd.DataFrame([[_cramer(titanic_pd[a], titanic_pd[b]) for b in STRINGS] for a in STRINGS],
                        index=STRINGS, columns=STRINGS)
    pd.testing.assert_frame_equal(got, want, rtol=1e-9, atol=1e-12, check_names=False)
    assert got.loc["Sex", "Embarked"] == pytest.approx(0.122569, abs=1e-6)
    pd.testing.assert_frame_equal(prof.corr("cramer"), want.loc[["Sex", "Embarked"], ["Sex", "Embarked"]],
                                  rtol=1e-9, check_names=False)
    assert titanic.toHandy().profile(STRINGS, max_categories=890).categorical == ["Sex", "Ticket", "Cabin", "Embarked"]
    with pytest.raises(ArgumentError, match="max_categories"):
        titanic.toHandy().profile(max_categories=0)


def test_duplicates_k_approximate_distinct_and_quantiles(titanic, titanic_pd):
    """One profile with every option changed: duplicates of a column subset, k=2, approx=True, relativeError=0.01."""
    cols, eps = ["Pclass", "Sex", "Embarked", "Age", "Ticket", "Fare"], 0.01
    p = titanic.toHandy().profile(cols, k=2, approx=True, relativeError=eps)
    assert p.overview.loc[0, "duplicates"] == titanic_pd[cols].duplicated().sum()  # NaN rows equal, as pandas
    assert p.overview.loc[0, "columns"] == 6 and list(p.table.index) == cols
    for c, got in p.table["distinct"].items():
        exact = titanic_pd[c].nunique()
        assert abs(got - exact) <= 3 * APPROX_RSD * exact, (c, got, exact)  # three standard deviations
    assert list(zip(p.top_values("Ticket").index, p.top_values("Ticket"))) == _top(titanic_pd["Ticket"], 2)
    h = p.histogram("Embarked")
    assert h["value"].tolist() == ["S", "C", "other"] and h["count"].tolist() == [644, 168, 77]
    for c in ("Age", "Fare"):  # percentile's bound: a value of the data, its rank within eps * n of p * n
        data = titanic_pd[c].dropna().to_numpy()
        n = len(data)
        for label, q in QUANTILES.items():
            value = p.table.loc[c, label]
            assert value in data, (c, label)
            lo, hi = (data < value).sum(), (data <= value).sum()
            assert lo - eps * n - 1 <= q * n <= hi + eps * n + 1, (c, label)


def test_bad_options_are_refused(titanic):
    hdf = titanic.toHandy()
    with pytest.raises(ArgumentError, match="relativeError"):
        hdf.profile(relativeError=-1)
    with pytest.raises(ArgumentError, match="k"):
        hdf.profile(k=0)
    with pytest.raises(ArgumentError, match="approx"):
        hdf.profile(approx="yes")
    with pytest.raises(Exception, match="Nope"):
        hdf.profile(["Nope"])


# ---------------------------------------------------------------------- strata
def test_stratified_profile_equals_pandas_groupby(titanic, titanic_pd):
    cols = ["Age", "Fare", "Sex"]
    st = titanic.toHandy().stratify(["Pclass", "Embarked"]).profile(cols, relativeError=0)
    groups = list(titanic_pd.groupby(["Pclass", "Embarked"], dropna=False))
    assert st.table.index.names == ["Pclass", "Embarked", "column"]
    assert len(st.keys) == len(groups) == 10
    for s, ((pclass, embarked), g) in enumerate(groups):
        assert st.keys[s] == [pclass, None if pd.isna(embarked) else embarked]
        assert st.frame[s] == {"rows": len(g), "columns": 3, "duplicates": int(g[cols].duplicated().sum())}
        for j, c in enumerate(cols):
            fig = st.stats[s][j]
            assert (fig["count"], fig["missing"], fig["distinct"]) == (g[c].count(), g[c].isnull().sum(), g[c].nunique())
            assert [v for v, _ in st.top[s][j]] == [v for v, _ in _top(g[c])]
            if c != "Sex":
                for stat in ("mean", "std", "skew", "kurt"):
                    constant = stat in ("skew", "kurt") and g[c].nunique() == 1  # NaN, as pandas 3 (2 said 0)
                    want = math.nan if constant else getattr(g[c], stat)()
                    assert fig[stat] == pytest.approx(want, rel=1e-9, nan_ok=True), (s, c, stat)
                assert fig["50%"] == pytest.approx(g[c].median(), nan_ok=True)
        want = g[["Age", "Fare"]].corr(method="spearman").to_numpy()
        np.testing.assert_allclose(np.array(st.spearman[s]), want, rtol=1e-10, atol=1e-12)
        assert st.cramer[s] == [[pytest.approx(_cramer(g["Sex"], g["Sex"]), nan_ok=True)]]
    h = st.histogram("Fare")  # edges of the whole column, shared by every stratum
    assert h.index.names == ["Pclass", "Embarked", None] and len(h) == 10 * len(groups)
    whole_edges = np.histogram(titanic_pd["Fare"], bins=10)[1]
    for s, (_, g) in enumerate(groups):
        part = h.iloc[10 * s: 10 * s + 10]
        assert part["count"].tolist() == np.histogram(g["Fare"], bins=whole_edges)[0].tolist()
    assert len(st.overview) == 10 and Profile.from_json(st.to_json()) == st


def test_pairs_of_a_stratum_with_a_null_key_are_computed(titanic, titanic_pd):
    """The strata of rows without an Age (a null Bucket key) have their Spearman correlations too."""
    from handyspark import Bucket

    st = titanic.toHandy().stratify(["Pclass", Bucket("Age", 2)]).profile(["Fare", "Survived"], relativeError=0)
    assert [k[1] for k in st.keys].count(None) == 3
    for s, (pclass, bucket) in enumerate(st.keys):
        if bucket is None:
            g = titanic_pd[(titanic_pd["Pclass"] == pclass) & titanic_pd["Age"].isna()]
            want = g[["Fare", "Survived"]].corr(method="spearman").to_numpy()
            np.testing.assert_allclose(np.array(st.spearman[s]), want, rtol=1e-10)


# ---------------------------------------------------------------------- JSON
def test_json_round_trips_exactly(prof):
    back = Profile.from_json(prof.to_json())
    assert back == prof and back.to_dict() == prof.to_dict()
    pd.testing.assert_frame_equal(back.table, prof.table)
    pd.testing.assert_frame_equal(back.corr("spearman"), prof.corr("spearman"))
    assert "NaN" not in prof.to_json()  # strict JSON


def test_json_keeps_types_nan_none_decimals_and_times(spark):
    rows = [(dt.datetime(2020, 1, 2, 3, 4, 5), dt.date(2020, 1, 2), decimal.Decimal("1.25"), float("nan"), None, True),
            (dt.datetime(2021, 6, 1), dt.date(1999, 12, 31), decimal.Decimal("-3.50"), 2.0, "a", None)]
    df = spark.createDataFrame(rows, "t timestamp, d date, m decimal(10,2), x double, s string, b boolean")
    p = df.toHandy().profile(relativeError=0)
    figures = dict(zip(p.names, p.stats[0]))
    assert isinstance(figures["t"]["min"], Instant) and isinstance(figures["d"]["max"], dt.date)
    assert figures["m"]["min"] == decimal.Decimal("-3.50") and type(figures["m"]["mean"]) is float
    assert math.isnan(figures["x"]["std"]) and figures["s"]["mean"] is None and figures["b"]["max"] is True
    assert p.top_values("m").index.tolist() == [decimal.Decimal("-3.50"), decimal.Decimal("1.25")]
    back = Profile.from_json(p.to_json())
    assert back == p and back.to_dict() == p.to_dict()
    assert [type(v) for v in back.stats[0][0].values()] == [type(v) for v in p.stats[0][0].values()]
    assert back.top[0][0] == p.top[0][0]  # instants


# ---------------------------------------------------------------------- hostile names, empty frames
def test_hostile_column_names(spark):
    names = ["a b", "c.d", "e`f", 'g"h', "x'y"]
    df = spark.createDataFrame([(1.0, "u", 2, "p", 0.5), (3.0, "v", 2, "q", None), (3.0, None, 4, "p", 1.5)],
                               [*names])
    pdf = pd.DataFrame([(1.0, "u", 2, "p", 0.5), (3.0, "v", 2, "q", None), (3.0, None, 4, "p", 1.5)], columns=names)
    p = df.toHandy().profile(relativeError=0)
    assert list(p.table.index) == names
    assert p.table["count"].tolist() == pdf.count().tolist()
    assert p.table["distinct"].tolist() == pdf.nunique().tolist()
    assert p.top_values("c.d").to_dict() == {"u": 1, "v": 1}
    pd.testing.assert_frame_equal(p.corr(), pdf.select_dtypes("number").corr(), check_names=False)
    st = df.toHandy().stratify(["e`f"]).profile(["a b", 'g"h'])
    assert st.table.index.names == ["e`f", "column"] and st.overview["rows"].tolist() == [2, 1]
    v = _cramer(pdf["c.d"], pdf['g"h'])
    assert p.corr("cramer").loc["c.d", 'g"h'] == pytest.approx(v) and v == pytest.approx(1.0)


def test_cramers_v_with_booleans_missing_values_and_a_single_value(spark):
    rows = [(True, "a", "k"), (True, "a", "k"), (False, "b", "k"), (False, "a", None), (None, "b", "k"),
            (True, "b", "k"), (False, "b", "k"), (True, "'; drop", "k")]
    pdf = pd.DataFrame(rows, columns=["b", "s", "one"])
    got = spark.createDataFrame(rows, "b boolean, s string, one string").toHandy().profile().corr("cramer")
    want = pd.DataFrame([[_cramer(pdf[x], pdf[y]) for y in pdf] for x in pdf], index=list(pdf), columns=list(pdf))
    pd.testing.assert_frame_equal(got, want, rtol=1e-9, check_names=False)
    assert got.loc["one"].isna().all() and 0 < got.loc["b", "s"] < 1  # one value: no V


def test_empty_frame(spark):
    df = spark.createDataFrame([], "x double, s string, n int")
    pdf = pd.DataFrame({"x": pd.Series(dtype=float), "s": pd.Series(dtype=object), "n": pd.Series(dtype=float)})
    p = df.toHandy().profile()
    t = p.table
    assert p.overview.to_dict("records") == [{"rows": 0, "columns": 3, "duplicates": 0}]
    assert t["count"].tolist() == [0, 0, 0] and t["missing"].tolist() == [0, 0, 0] and t["distinct"].tolist() == [0] * 3
    assert t["missing_ratio"].isna().all() and pdf.isnull().mean().isna().all()
    assert t.loc[["x", "n"], ["mean", "std", "skew", "kurt", "min", "max", "50%"]].isna().all().all()
    assert p.top_values("s").empty
    counts, edges = np.histogram(pdf["x"], bins=10)
    assert p.histogram("x")["count"].tolist() == counts.tolist() and p.histogram("x")["left"].tolist() == edges[:-1].tolist()
    assert Profile.from_json(p.to_json()) == p
    st = df.toHandy().stratify(["s"]).profile()
    assert st.table.empty and st.overview.empty and Profile.from_json(st.to_json()) == st


# ---------------------------------------------------------------------- cost
def _wide(spark, n_columns: int):
    """A frame with strata keys ``k3``, ``k40`` and ``n_columns`` columns to profile (numbers and strings)."""
    import pyspark.sql.functions as F

    base = spark.range(400).select(F.col("id"), (F.col("id") % 3).alias("k3"), (F.col("id") % 40).alias("k40"))
    extra = [(F.col("id") * (i + 1) % 17).cast("double").alias(f"c{i}") if i % 2 else
             F.concat(F.lit("v"), (F.col("id") % (i + 2)).cast("string")).alias(f"c{i}") for i in range(n_columns)]
    names = [f"c{i}" for i in range(n_columns)]
    hdf = base.select("k3", "k40", *extra).toHandy()
    return lambda strata=None, **options: (hdf.stratify(strata, max_strata=200) if strata else hdf).profile(
        names, **options)


def _jobs(count_jobs, action) -> int:
    with count_jobs() as c:
        action()
    return c.jobs


def test_job_count_is_fixed_whatever_the_columns_and_strata(classic_spark, count_jobs, no_aqe):
    narrow, wide = _wide(classic_spark, 3), _wide(classic_spark, 12)
    jobs = {
        "3 columns": _jobs(count_jobs, narrow),
        "12 columns, approx": _jobs(count_jobs, lambda: wide(approx=True)),
        "12 columns, Spearman by column ranks": _jobs(count_jobs, lambda: wide(spearman="ranks")),
        "12 columns, 120 strata": _jobs(count_jobs, lambda: wide(["k3", "k40"])),
    }
    assert set(jobs.values()) == {SPARK_JOBS}, jobs


def test_job_count_with_adaptive_execution_does_not_grow(classic_spark, count_jobs):
    """Adaptive execution runs each shuffle's map stage as a job: more jobs, as many for 3 or 12 columns and strata."""
    few = _jobs(count_jobs, lambda: _wide(classic_spark, 3)(["k3"]))
    many = _jobs(count_jobs, lambda: _wide(classic_spark, 12)(["k3", "k40"]))
    assert few == many, (few, many)
