"""hdf.compare(other), stratify([...]).compare(other) and Profile.compare(...) against numpy/scipy on Titanic."""

import math

import numpy as np
import pandas as pd
import pyspark.sql.functions as F
import pytest
from scipy.spatial.distance import jensenshannon
from scipy.stats import ks_2samp

import handyspark  # noqa: F401
from handyspark.compare import EPSILON, QUANTILES, Comparison
from handyspark.errors import ArgumentError, HandyException
from handyspark.profile import Profile

NUMERIC = ["PassengerId", "Survived", "Pclass", "Age", "SibSp", "Parch", "Fare"]
CATEGORICAL = ["Name", "Sex", "Ticket", "Cabin", "Embarked"]


# ---------------------------------------------------------------------- the oracle: numpy and scipy
def psi_oracle(ref_counts, cur_counts):
    p = np.maximum(np.asarray(ref_counts) / np.sum(ref_counts), EPSILON)
    q = np.maximum(np.asarray(cur_counts) / np.sum(cur_counts), EPSILON)
    return float(np.sum((q - p) * np.log(q / p)))


def numeric_oracle(ref: pd.Series, cur: pd.Series, bins: int = 10):
    """Bins on the reference's inverted-CDF quantiles with open ends; counts, KS, JS, PSI."""
    r, c = ref.dropna().to_numpy(float), cur.dropna().to_numpy(float)
    edges = np.unique(np.quantile(r, np.arange(1, bins) / bins, method="inverted_cdf"))
    rc = np.bincount(np.searchsorted(edges, r, side="right"), minlength=len(edges) + 1)
    cc = np.bincount(np.searchsorted(edges, c, side="right"), minlength=len(edges) + 1)
    return {"edges": edges.tolist(), "ref": rc.tolist(), "cur": cc.tolist(),
            "ks": ks_2samp(r, c).statistic, "js": jensenshannon(rc, cc, base=2), "psi": psi_oracle(rc, cc)}


def categorical_oracle(ref: pd.Series, cur: pd.Series, max_categories: int = 50):
    """Categories ranked by the count of both sides (ties by value), the rest one bin."""
    rv, cv = ref.dropna().astype(str).value_counts(), cur.dropna().astype(str).value_counts()
    both = rv.add(cv, fill_value=0)
    ordered = sorted(both.index, key=lambda v: (-both[v], v))
    shown, rest = ordered[:max_categories], ordered[max_categories:]
    rc = [int(rv.get(v, 0)) for v in shown] + ([int(rv.reindex(rest).fillna(0).sum())] if rest else [])
    cc = [int(cv.get(v, 0)) for v in shown] + ([int(cv.reindex(rest).fillna(0).sum())] if rest else [])
    return {"values": shown, "ref": rc, "cur": cc, "js": jensenshannon(rc, cc, base=2), "psi": psi_oracle(rc, cc),
            "appeared": int((~cv.index.isin(rv.index)).sum()), "vanished": int((~rv.index.isin(cv.index)).sum())}


@pytest.fixture(scope="module")
def by_sex(spark, titanic, activate):
    activate(spark)
    hdf = titanic.toHandy()
    return hdf.where(F.col("Sex") == "male").toHandy().compare(hdf.where(F.col("Sex") == "female"))


def _split(pdf, column, value):
    return pdf[pdf[column] == value], pdf[pdf[column] != value]


# ---------------------------------------------------------------------- frame against frame
def test_numeric_bins_ks_js_psi_equal_numpy_and_scipy(by_sex, titanic_pd):
    ref, cur = _split(titanic_pd, "Sex", "male")
    table = by_sex.table
    assert by_sex.names == [*NUMERIC[:3], "Name", "Sex", *NUMERIC[3:6], "Ticket", "Fare", "Cabin", "Embarked"]
    for c in NUMERIC:
        want = numeric_oracle(ref[c], cur[c])
        got = by_sex.bins(c)
        assert got["left"].tolist() == [-math.inf, *want["edges"]], c
        assert got["right"].tolist() == [*want["edges"], math.inf], c
        assert got["reference"].tolist() == want["ref"] and got["current"].tolist() == want["cur"], c
        assert table.loc[c, "ks"] == want["ks"] and table.loc[c, "ks_bound"] == want["ks"], c  # exact
        assert table.loc[c, "js"] == pytest.approx(want["js"], rel=1e-12, abs=1e-15), c
        assert table.loc[c, "psi"] == pytest.approx(want["psi"], rel=1e-12, abs=1e-15), c


def test_figures_equal_pandas(by_sex, titanic_pd):
    ref, cur = _split(titanic_pd, "Sex", "male")
    table, quantiles = by_sex.table, by_sex.quantiles
    for c in NUMERIC:
        for side, data in (("ref", ref[c]), ("cur", cur[c])):
            assert table.loc[c, f"mean_{side}"] == pytest.approx(data.mean(), rel=1e-12), c
            assert table.loc[c, f"missing_{side}"] == data.isna().mean(), c
            assert table.loc[c, f"count_{side}"] == data.count() and table.loc[c, f"rows_{side}"] == len(data)
        for label, prob in QUANTILES.items():  # exact, as numpy's linear interpolation
            want_ref, want_cur = ref[c].quantile(prob), cur[c].quantile(prob)
            assert quantiles.loc[(c, "reference"), label] == want_ref, (c, label)
            assert quantiles.loc[(c, "current"), label] == want_cur, (c, label)
            assert table.loc[c, f"{label}_change"] == want_cur - want_ref
        assert table.loc[c, "mean_change"] == pytest.approx(cur[c].mean() - ref[c].mean(), rel=1e-10, abs=1e-12)
    assert table.loc["Cabin", "missing_change"] == cur["Cabin"].isna().mean() - ref["Cabin"].isna().mean()


def test_categories_equal_pandas_value_counts(by_sex, titanic_pd):
    ref, cur = _split(titanic_pd, "Sex", "male")
    table = by_sex.table
    for c in CATEGORICAL:
        want = categorical_oracle(ref[c], cur[c])
        got = by_sex.bins(c)
        labels = want["values"] + (["other"] if len(want["ref"]) > len(want["values"]) else [])
        assert got["value"].tolist() == labels, c
        assert got["reference"].tolist() == want["ref"] and got["current"].tolist() == want["cur"], c
        assert table.loc[c, "js"] == pytest.approx(want["js"], rel=1e-12, abs=1e-15), c
        assert table.loc[c, "psi"] == pytest.approx(want["psi"], rel=1e-12), c
        assert (table.loc[c, "appeared"], table.loc[c, "vanished"]) == (want["appeared"], want["vanished"]), c
        assert math.isnan(table.loc[c, "ks"]) and table.loc[c, "kind"] == "categorical"
    assert by_sex.categories("Sex") == {"appeared": [["female"]], "vanished": [["male"]]}


def test_flags_follow_the_thresholds(by_sex):
    table = by_sex.table
    assert table.loc["Sex", "psi_flag"] == "alarm" and table.loc["PassengerId", "psi_flag"] == "ok"
    assert table.loc["Pclass", "ks_flag"] == "warn"  # KS 0.1428 between 0.1 and 0.2
    assert by_sex.alarm
    relaxed = Comparison(**{**by_sex.__dict__, "options": {**by_sex.options, "thresholds": {
        "psi": [100.0, 200.0], "ks": None, "js": None, "missing": None}}})
    assert set(relaxed.table["flag"]) == {"ok"} and not relaxed.alarm
    assert set(relaxed.table["ks_flag"]) == {"n/a"}


def test_json_round_trip(by_sex):
    again = Comparison.from_json(by_sex.to_json())
    assert again == by_sex
    pd.testing.assert_frame_equal(again.table, by_sex.table)


def test_more_categories_than_the_limit_fold_into_other(spark, titanic, titanic_pd, activate):
    hdf = titanic.toHandy()
    c = hdf.where(F.col("Pclass") == 1).toHandy().compare(hdf.where(F.col("Pclass") != 1), ["Cabin", "Ticket"],
                                                              max_categories=5)
    ref, cur = _split(titanic_pd, "Pclass", 1)
    for col in ("Cabin", "Ticket"):
        want = categorical_oracle(ref[col], cur[col], max_categories=5)
        got = c.bins(col)
        assert got["value"].tolist() == [*want["values"], "other"]
        assert got["reference"].tolist() == want["ref"] and got["current"].tolist() == want["cur"]
        assert c.table.loc[col, "appeared"] == want["appeared"] and c.table.loc[col, "vanished"] == want["vanished"]
        assert c.table.loc[col, "psi"] == pytest.approx(want["psi"], rel=1e-12)


def test_bins_parameter_and_a_constant_reference(spark, titanic, titanic_pd):
    hdf = titanic.toHandy()
    c = hdf.where(F.col("Pclass") == 1).toHandy().compare(hdf.where(F.col("Pclass") == 2), ["Pclass", "Fare"], bins=4)
    ref, cur = _split(titanic_pd, "Pclass", 1)
    cur = titanic_pd[titanic_pd["Pclass"] == 2]
    want = numeric_oracle(ref["Fare"], cur["Fare"], bins=4)
    assert c.bins("Fare")["reference"].tolist() == want["ref"] and len(want["ref"]) == 4
    constant = c.bins("Pclass")  # every reference value is 1: bins (-inf, 1) and [1, inf)
    assert constant["left"].tolist() == [-math.inf, 1.0] and constant["reference"].tolist() == [0, 216]
    assert constant["current"].tolist() == [0, 184]
    assert c.table.loc["Pclass", "ks"] == ks_2samp(ref["Pclass"], cur["Pclass"]).statistic == 1.0


# ---------------------------------------------------------------------- per stratum
def test_per_stratum_equals_the_oracle_per_stratum(spark, titanic, titanic_pd):
    hdf = titanic.toHandy()
    c = hdf.where(F.col("Survived") == 0).toHandy().stratify(["Pclass"]).compare(
        hdf.where(F.col("Survived") == 1), ["Age", "Embarked"])
    table = c.table
    assert table.index.names == ["Pclass", "column"]
    assert list(table.index) == [(p, col) for p in (1, 2, 3) for col in ("Age", "Embarked")]
    for p in (1, 2, 3):
        ref = titanic_pd[(titanic_pd.Pclass == p) & (titanic_pd.Survived == 0)]
        cur = titanic_pd[(titanic_pd.Pclass == p) & (titanic_pd.Survived == 1)]
        want = numeric_oracle(ref["Age"], cur["Age"])
        assert c.bins("Age").loc[p]["current"].tolist() == want["cur"]
        assert table.loc[(p, "Age"), "ks"] == want["ks"]
        assert table.loc[(p, "Age"), "js"] == pytest.approx(want["js"], rel=1e-12)
        cat = categorical_oracle(ref["Embarked"], cur["Embarked"])
        assert table.loc[(p, "Embarked"), "psi"] == pytest.approx(cat["psi"], rel=1e-12)


def test_null_strata_are_kept_and_a_stratum_of_one_frame_has_an_empty_side(spark, titanic, titanic_pd):
    hdf = titanic.toHandy()  # the two rows without Embarked are women: a null stratum in the current frame only
    c = hdf.where(F.col("Sex") == "male").toHandy().stratify(["Embarked"]).compare(
        hdf.where(F.col("Sex") == "female"), ["Fare"])
    table = c.table
    strata = list(table.index.get_level_values("Embarked"))
    assert strata[:3] == ["C", "Q", "S"] and pd.isna(strata[3]) and c.keys[-1] == [None]
    null = table.iloc[-1]
    assert (null["rows_ref"], null["rows_cur"], null["count_cur"]) == (0, 2, 2)
    assert math.isnan(null["psi"]) and math.isnan(null["ks"]) and null["flag"] in ("n/a", "ok")
    women_s = titanic_pd[(titanic_pd.Sex == "female") & (titanic_pd.Embarked == "S")]
    men_s = titanic_pd[(titanic_pd.Sex == "male") & (titanic_pd.Embarked == "S")]
    assert table.loc[("S", "Fare"), "ks"] == ks_2samp(men_s.Fare, women_s.Fare).statistic


def test_names_with_spaces_dots_and_quotes(spark, titanic, titanic_pd):
    odd = titanic.select(F.col("Age").alias("age. in `years`"), F.col("Pclass").alias("p.class"),
                         F.col("Embarked").alias("port 'of' call"), "Sex").toHandy()
    c = odd.where(F.col("Sex") == "male").toHandy().stratify(["p.class"]).compare(
        odd.where(F.col("Sex") == "female"), ["age. in `years`", "port 'of' call"])
    assert c.table.index.names == ["p.class", "column"]
    ref = titanic_pd[(titanic_pd.Sex == "male") & (titanic_pd.Pclass == 2)]
    cur = titanic_pd[(titanic_pd.Sex == "female") & (titanic_pd.Pclass == 2)]
    assert c.table.loc[(2, "age. in `years`"), "ks"] == ks_2samp(ref.Age.dropna(), cur.Age.dropna()).statistic


def test_an_all_null_column_and_an_empty_current_frame(spark, titanic):
    hdf = titanic.withColumn("nothing", F.lit(None).cast("double")).toHandy()
    c = hdf.compare(hdf.where(F.col("Pclass") == 1), ["nothing", "Age"])
    row = c.table.loc["nothing"]
    assert (row["missing_ref"], row["missing_cur"], row["count_ref"]) == (1.0, 1.0, 0)
    assert math.isnan(row["psi"]) and math.isnan(row["js"]) and math.isnan(row["ks"]) and row["psi_flag"] == "n/a"
    empty = hdf.compare(hdf.where(F.lit(False)), ["Age", "Sex"]).table
    assert empty["rows_cur"].tolist() == [0, 0] and empty[["psi", "js"]].isna().all().all()


def test_a_category_of_one_frame_only(spark):
    ref = spark.createDataFrame([("a",), ("a",), ("b",), (None,)], "c string").toHandy()
    cur = spark.createDataFrame([("a",), ("c",), ("c",), ("c",)], "c string")
    c = ref.compare(cur)
    assert c.bins("c")[["value", "reference", "current"]].values.tolist() == [["a", 2, 1], ["c", 0, 3], ["b", 1, 0]]
    assert c.categories("c") == {"appeared": [["c"]], "vanished": [["b"]]}
    assert c.table.loc["c", "js"] == pytest.approx(jensenshannon([2, 0, 1], [1, 3, 0], base=2), rel=1e-12)
    assert c.table.loc["c", "missing_change"] == -0.25


# ---------------------------------------------------------------------- a saved profile as the reference
def test_profile_reference_counts_on_its_own_edges_and_bounds_ks(spark, titanic, titanic_pd):
    hdf = titanic.toHandy()
    saved = Profile.from_json(hdf.where(F.col("Sex") == "male").toHandy().profile(
        ["Age", "Fare", "Embarked"], relativeError=0).to_json())
    c = saved.compare(hdf.where(F.col("Sex") == "female"))
    assert c.source == "profile"
    ref, cur = _split(titanic_pd, "Sex", "male")
    for col in ("Age", "Fare"):
        edges = saved.histogram(col)["left"].tolist() + [saved.histogram(col)["right"].iloc[-1]]
        inside, _ = np.histogram(cur[col].dropna(), edges)
        values = cur[col].dropna().to_numpy()
        want = [int((values < edges[0]).sum()), *inside.tolist(), int((values > edges[-1]).sum())]
        got = c.bins(col)
        assert got["current"].tolist() == want, col
        assert got["reference"].tolist() == [0, *saved.histogram(col)["count"].tolist(), 0], col
        true = ks_2samp(ref[col].dropna(), cur[col].dropna()).statistic
        row = c.table.loc[col]
        assert row["ks"] <= true <= row["ks_bound"], col
        shares = got[["reference_share", "current_share"]].max(axis=1).max()
        assert row["ks_bound"] <= row["ks"] + shares + 1e-12
        assert row["js"] == pytest.approx(jensenshannon(got["reference"], got["current"], base=2), rel=1e-12)
        assert row["psi"] == pytest.approx(psi_oracle(got["reference"], got["current"]), rel=1e-12)
        assert row["50%_change"] == cur[col].median() - ref[col].median()
    emb = c.bins("Embarked")
    assert emb["value"].tolist() == ["S", "C", "Q", "other"]
    assert emb["current"].tolist() == [int((cur.Embarked == v).sum()) for v in ("S", "C", "Q")] + [0]


def test_profile_reference_per_stratum(spark, titanic, titanic_pd):
    hdf = titanic.toHandy()
    saved = hdf.where(F.col("Survived") == 0).toHandy().stratify(["Sex"]).profile(["Age", "Embarked"])
    c = saved.compare(hdf.where(F.col("Survived") == 1))
    assert list(c.table.index) == [(s, col) for s in ("female", "male") for col in ("Age", "Embarked")]
    cur = titanic_pd[(titanic_pd.Survived == 1) & (titanic_pd.Sex == "male")]
    assert c.table.loc[("male", "Age"), "count_cur"] == cur.Age.count()


def test_two_profiles(spark, titanic):
    p = titanic.toHandy().profile(["Age", "Sex"])
    same = p.compare(p).table
    assert same["psi"].tolist() == [0.0, 0.0] and same["js"].tolist() == [0.0, 0.0]
    other = titanic.where(F.col("Pclass") == 1).toHandy().profile(["Age", "Sex"])
    with pytest.raises(ArgumentError, match="different edges"):
        p.compare(other)


# ---------------------------------------------------------------------- cost and bad input
def test_one_job_whatever_the_columns_and_strata(classic_spark, activate, count_jobs, no_aqe):
    activate(classic_spark)
    from handyspark.datasets import titanic

    hdf = titanic(classic_spark).toHandy()
    ref, cur = hdf.where(F.col("Sex") == "male").toHandy(), hdf.where(F.col("Sex") == "female")
    for columns in (["Age"], None):
        with count_jobs() as c:
            ref.compare(cur, columns)
        assert c.jobs == 1, columns
    stratified = ref.stratify(["Pclass", "Embarked"])
    with count_jobs() as first:
        stratified.compare(cur)
    with count_jobs() as again:
        stratified.compare(cur, ["Age", "Fare"])
    assert (first.jobs, again.jobs) == (2, 1)  # the first use of the strata checks max_strata
    saved = ref.profile(["Age", "Embarked"])
    with count_jobs() as c:
        saved.compare(cur)
    assert c.jobs == 1
    with count_jobs() as c:
        saved.compare(saved)
    assert c.jobs == 0


@pytest.mark.parametrize("call, message", [
    (lambda h, o: h.compare("titanic"), "needs a DataFrame"),
    (lambda h, o: h.compare(o, ["Nope"]), "Nope"),
    (lambda h, o: h.compare(o.withColumn("Age", F.lit("x")), ["Age"]), "'Age' is numeric"),
    (lambda h, o: h.compare(o.drop("Fare"), ["Fare"]), "no column 'Fare'"),
    (lambda h, o: h.compare(o, bins=0), "bins"),
    (lambda h, o: h.compare(o, max_categories=-1), "max_categories"),
    (lambda h, o: h.compare(o, thresholds={"psi": (0.3, 0.1)}), "warn <= alarm"),
    (lambda h, o: h.compare(o, thresholds={"kl": (0.1, 0.2)}), "unknown measure 'kl'"),
    (lambda h, o: h.compare(o.withColumn("d", F.current_date()), ["d"]) if False else
     h.withColumn("d", F.current_date()).toHandy().compare(o, ["d"]), "cannot compare column 'd'"),
])
def test_bad_input_is_refused_before_any_job(classic_spark, activate, count_jobs, call, message):
    activate(classic_spark)
    from handyspark.datasets import titanic

    df = titanic(classic_spark)
    hdf = df.toHandy()
    with count_jobs() as c, pytest.raises(HandyException, match=message):
        call(hdf, df)
    assert c.jobs == 0


def test_profile_compare_refuses_unknown_columns(spark, titanic):
    p = titanic.toHandy().profile(["Age"])
    with pytest.raises(ArgumentError, match="not a profiled column"):
        p.compare(titanic, ["Fare"])
