"""fill: mode / mean / median, stratified, against pandas; FillModel as plain data."""

import json
import math

import numpy as np
import pandas as pd
import pytest

import handyspark  # noqa: F401  (adds toHandy)
from handyspark.errors import ArgumentError, ColumnNotFoundError, ColumnTypeError
from handyspark.imputation import FillModel, apply_fill, fit_fill
from handyspark.strata import Bucket, resolve_strata

SPEC_AGE = {
    'Pclass == "1" and Sex == "female"': 34.61176470588235,
    'Pclass == "1" and Sex == "male"': 41.28138613861386,
    'Pclass == "2" and Sex == "female"': 28.722972972972972,
    'Pclass == "2" and Sex == "male"': 30.74070707070707,
    'Pclass == "3" and Sex == "female"': 21.75,
    'Pclass == "3" and Sex == "male"': 26.507588932806325,
}


def _by_id(df, *columns):
    pdf = df.select("PassengerId", *columns).toPandas()
    return pdf.sort_values("PassengerId").set_index("PassengerId")


def test_categorical_fill_with_the_mode(titanic, titanic_pd):
    hdf = titanic.toHandy().fill(categorical=["Embarked"])
    assert hdf.statistics_ == {"Embarked": "S"}
    counts = hdf.cols["Embarked"].value_counts(dropna=False)
    assert counts["S"] == 646 and counts.sum() == 891
    expected = titanic_pd.set_index("PassengerId")["Embarked"].fillna(titanic_pd["Embarked"].mode()[0])
    got = _by_id(hdf.notHandy(), "Embarked")["Embarked"]
    pd.testing.assert_series_equal(got, expected.sort_index(), check_names=False, check_index_type=False)


def test_stratified_mean_matches_spec_and_pandas(titanic, titanic_pd):
    hdf = titanic.toHandy().fill(categorical=["Embarked"])
    filled = hdf.stratify(["Pclass", "Sex"]).fill(continuous=["Age"], strategy=["mean"])
    stats = filled.statistics_
    assert list(stats) == ["Embarked", "Age"] and stats["Embarked"] == "S"
    assert list(stats["Age"]) == list(SPEC_AGE)
    oracle = titanic_pd.groupby(["Pclass", "Sex"])["Age"].mean()
    for (pclass, sex), mean in oracle.items():
        clause = f'Pclass == "{pclass}" and Sex == "{sex}"'
        assert stats["Age"][clause] == pytest.approx(mean, rel=1e-12)
        assert stats["Age"][clause] == pytest.approx(SPEC_AGE[clause], rel=1e-12)
    # every row kept, non-null values unchanged, nulls filled by stratum
    expected = titanic_pd["Age"].fillna(titanic_pd.groupby(["Pclass", "Sex"])["Age"].transform("mean"))
    expected.index = titanic_pd["PassengerId"]
    got = _by_id(filled.notHandy(), "Age")["Age"]
    assert len(got) == 891
    np.testing.assert_allclose(got.to_numpy(), expected.sort_index().to_numpy(), rtol=1e-12)
    assert dict(filled.dtypes) == dict(titanic.dtypes)


def test_median_and_mixed_strategies(titanic, titanic_pd):
    model = fit_fill(titanic, continuous=["Age", "Fare"], strategy=["median", "mean"])
    assert model.statistics_["Age"] == titanic_pd["Age"].median() == 28.0
    assert model.statistics_["Fare"] == pytest.approx(titanic_pd["Fare"].mean(), rel=1e-12)
    strat = titanic.toHandy().stratify(["Sex"])
    stats = strat.fill(continuous=["Age"], strategy="median").statistics_["Age"]
    oracle = titanic_pd.groupby("Sex")["Age"].median()
    assert stats == {f'Sex == "{s}"': oracle[s] for s in ("female", "male")}


def test_null_stratum_and_values_that_look_like_sql(spark):
    keys = ['a"b', "x' OR 1=1 --", None, "select", "`tick`"]
    rows = []
    for i in range(20):
        key = keys[i % len(keys)]
        value = None if i % 3 == 0 else float(i)
        rows.append((i, key, value))
    df = spark.createDataFrame(rows, "id int, `the key` string, v double")
    # names with spaces stay names; strata by a plain name
    df = df.withColumnRenamed("the key", "key")
    hdf = df.toHandy().stratify(["key"]).fill(continuous=["v"])
    pdf = pd.DataFrame(rows, columns=["id", "key", "v"])
    means = pdf.groupby("key", dropna=False)["v"].transform("mean")
    expected = pdf["v"].fillna(means)
    got = hdf.notHandy().orderBy("id").toPandas()
    assert len(got) == 20
    np.testing.assert_allclose(got["v"].to_numpy(), expected.to_numpy())
    stats = hdf.statistics_["v"]
    assert stats["key is null"] == pytest.approx(pdf[pdf.key.isna()]["v"].mean())
    assert stats['key == "x\' OR 1=1 --"'] == pytest.approx(pdf[pdf.key == "x' OR 1=1 --"]["v"].mean())


@pytest.mark.parametrize("how", ["mean", "median"])
def test_strata_of_every_key_type_with_nulls_and_saved_models(spark, how):
    import datetime as dt
    import decimal

    rows = []
    for i in range(60):
        rows.append((
            i,
            None if i % 11 == 0 else i % 2,  # tinyint
            None if i % 13 == 0 else (i % 3) * 10**12,  # bigint beyond int range
            None if i % 7 == 0 else decimal.Decimal(i % 2) / 4,  # decimal(5, 2)
            None if i % 9 == 0 else dt.date(2020, 1, 1 + i % 2),
            None if i % 5 == 0 else bool(i % 2),
            None if i % 4 == 0 else float(i),
            None if i % 6 == 0 else (decimal.Decimal(i) / 3).quantize(decimal.Decimal('0.01')),  # decimal(7, 2)
        ))
    schema = "id int, t tinyint, b bigint, d decimal(5,2), day date, flag boolean, v double, amount decimal(7,2)"
    df = spark.createDataFrame(rows, schema)
    pdf = df.toPandas()  # the data as Spark holds it (amount rounded to 2 decimals)
    pdf["amount"] = pdf["amount"].astype(float)
    for keys in (["t", "b", "d", "day", "flag"], ["flag", "b"]):
        strata = resolve_strata(df, keys)
        model = fit_fill(df, continuous=["v", "amount"], strategy=how, strata=strata)
        reloaded = FillModel.from_json(json.loads(json.dumps(model.to_json())))
        groups = pdf.groupby(keys, dropna=False)
        for m in (model, reloaded):
            got = apply_fill(df, m).orderBy("id").toPandas()
            assert got["id"].tolist() == list(range(60))
            for column in ("v", "amount"):
                expected = pdf[column].fillna(groups[column].transform(how)).fillna(getattr(pdf[column], how)())
                values = got[column].astype(float).to_numpy()
                if column == "v":
                    assert dict(apply_fill(df, m).dtypes)[column] == "double"
                    np.testing.assert_allclose(values, expected.to_numpy(), rtol=1e-12)
                else:  # a decimal widened to hold the fill values (avg's 4 more decimals), not rounded to 2
                    dtype = apply_fill(df, m).schema[column].dataType
                    assert dtype.typeName() == "decimal" and dtype.scale > 2
                    np.testing.assert_allclose(values, expected.to_numpy(), atol=5e-7)


def test_strata_keys_of_other_types_use_literals(spark):
    # timestamp keys do not travel as JSON: the lookup map is made of literals instead
    import datetime as dt

    rows = [(i, None if i % 4 == 0 else dt.datetime(2021, 5, 1, i % 3), None if i % 5 == 0 else float(i * i))
            for i in range(24)]
    df = spark.createDataFrame(rows, "id int, at timestamp, v double")
    pdf = pd.DataFrame(rows, columns=df.columns)
    model = fit_fill(df, continuous=["v"], strata=resolve_strata(df, ["at"]))
    got = apply_fill(df, model).orderBy("id").toPandas()
    expected = pdf["v"].fillna(pdf.groupby("at", dropna=False)["v"].transform("mean"))
    assert len(set(expected[pdf["v"].isna()])) == 4  # four strata, null included, each its own mean
    np.testing.assert_allclose(got["v"].to_numpy(), expected.to_numpy(), rtol=1e-12)


def test_integer_column_keeps_its_type_only_when_lossless(spark):
    df = spark.createDataFrame([(1, 1), (2, 2), (3, None), (4, 4)], "id int, n int")
    whole = df.toHandy().fill(continuous=["n"], strategy="median")  # median 2.0
    assert dict(whole.dtypes)["n"] == "int"
    assert [r.n for r in whole.orderBy("id").collect()] == [1, 2, 2, 4]
    frac = df.toHandy().fill(continuous=["n"])  # mean 7/3: pandas upcasts
    assert dict(frac.dtypes)["n"] == "double"
    expected = pd.Series([1, 2, None, 4], dtype="float64").fillna(7 / 3)
    np.testing.assert_allclose([r.n for r in frac.orderBy("id").collect()], expected)
    mode = df.toHandy().fill(categorical=["n"])
    assert dict(mode.dtypes)["n"] == "int" and mode.statistics_ == {"n": 1}


def test_nan_counts_as_missing_and_odd_column_names(spark):
    df = spark.createDataFrame([(1, float("nan"), "a"), (2, 2.0, None), (3, 4.0, "a")], "id int, `a.b` double, `c d` string")
    out = df.toHandy().fill(continuous=["a.b"], categorical=["c d"])
    assert out.statistics_ == {"a.b": 3.0, "c d": "a"}
    rows = out.orderBy("id").collect()
    assert [r["a.b"] for r in rows] == [3.0, 2.0, 4.0]
    assert [r["c d"] for r in rows] == ["a", "a", "a"]


def test_unseen_stratum_uses_the_global_value(spark):
    df = spark.createDataFrame([("a", 1.0), ("a", 3.0), ("b", 10.0), ("b", None)], "k string, v double")
    model = fit_fill(df, continuous=["v"], strata=resolve_strata(df, ["k"]))
    assert model.statistics_ == {"v": {'k == "a"': 2.0, 'k == "b"': 10.0}}
    new = spark.createDataFrame([("b", None), ("c", None), (None, None)], "k string, v double")
    assert [r.v for r in apply_fill(new, model).collect()] == [10.0, pytest.approx(14 / 3), pytest.approx(14 / 3)]


def test_successive_fills_accumulate_and_a_second_fill_changes_nothing(titanic):
    hdf = titanic.toHandy().fill(categorical=["Embarked"]).fill(continuous=["Age"], strategy="median")
    assert hdf.statistics_ == {"Embarked": "S", "Age": 28.0}
    # Age has no nulls left: a second fill finds nothing to fill; statistics_ shows what went in,
    # and the imputer, which applies both fills in order, reproduces the frame exactly
    again = hdf.stratify(["Pclass"]).fill(continuous=["Age"])
    assert again.statistics_ == {"Embarked": "S", "Age": 28.0}
    assert [f.step for f in again._handy.fill_model.fills] == [0, 1, 2]
    redone = again.transformers.imputer().transform(titanic)
    frame = again.notHandy().orderBy("PassengerId").toPandas()
    pd.testing.assert_frame_equal(redone.orderBy("PassengerId").toPandas(), frame)
    assert (frame["Age"].fillna(-1) == 28.0).sum() == 177 + (titanic.toPandas()["Age"] == 28.0).sum()


def test_model_is_plain_json_data(titanic):
    strata = resolve_strata(titanic, ["Pclass", Bucket("Fare", 2)])
    model = fit_fill(titanic, categorical=["Embarked"], continuous=["Age"], strata=strata)
    text = json.dumps(model.to_json(), allow_nan=False)
    assert FillModel.from_json(json.loads(text)) == model
    merged = FillModel.from_json([]).merge(model)
    assert merged == model
    twice = merged.merge(model)  # a second fit runs after the first: a step of its own
    assert [f.step for f in twice.fills] == [0, 0, 1, 1] and twice.columns == ["Embarked", "Age"]
    assert FillModel.from_json(json.loads(json.dumps(twice.to_json()))) == twice


def test_bad_input(titanic):
    with pytest.raises(ColumnTypeError, match="'Name'.*mean"):
        fit_fill(titanic, continuous=["Name"])
    with pytest.raises(ArgumentError, match="'mode'.*'Age'"):
        fit_fill(titanic, continuous=["Age"], strategy="mode")
    with pytest.raises(ArgumentError, match="2 continuous"):
        fit_fill(titanic, continuous=["Age", "Fare"], strategy=["mean"])
    with pytest.raises(ArgumentError, match="needs columns"):
        fit_fill(titanic)
    with pytest.raises(ColumnNotFoundError, match="Agee"):
        fit_fill(titanic, continuous=["Agee"])
    with pytest.raises(ArgumentError, match="keyword"):
        titanic.toHandy().fill(["Age"])
    model = fit_fill(titanic, continuous=["Age"])
    with pytest.raises(ColumnNotFoundError, match="Age"):
        apply_fill(titanic.drop("Age"), model)
    with pytest.raises(ColumnTypeError, match="'Age'.*not numeric"):
        apply_fill(titanic.withColumn("Age", titanic["Age"].cast("string")), model)


def test_fit_is_one_job(classic_spark, count_jobs):
    from handyspark.datasets import titanic

    classic_spark.conf.set("spark.sql.adaptive.enabled", "false")
    try:
        df = titanic(classic_spark)
        strata = resolve_strata(df, ["Pclass", "Sex"])
        fit_fill(df, categorical=["Embarked"], continuous=["Age", "Fare"], strategy=["mean", "median"], strata=strata)
        with count_jobs() as c:
            model = fit_fill(
                df, categorical=["Embarked"], continuous=["Age", "Fare"], strategy=["mean", "median"], strata=strata
            )
        assert c.jobs == 1
        with count_jobs() as c:
            apply_fill(df, model)
        assert c.jobs == 0
    finally:
        classic_spark.conf.set("spark.sql.adaptive.enabled", "true")
    assert not math.isnan(model.statistics_["Fare"]['Pclass == "1" and Sex == "male"'])


def test_a_stratum_column_filled_in_the_same_call_is_looked_up_before_filling(spark):
    rows = [(0, "a", 1.0), (1, "a", None), (2, "b", 10.0), (3, "b", None), (4, None, 100.0), (5, None, None),
            (6, "a", 3.0)]
    df = spark.createDataFrame(rows, "id int, g string, v double")
    filled = df.toHandy().stratify(["g"]).fill(categorical=["g"], continuous=["v"])
    got = filled.notHandy().orderBy("id").toPandas()
    pdf = pd.DataFrame(rows, columns=["id", "g", "v"])
    v = pdf["v"].fillna(pdf.groupby("g", dropna=False)["v"].transform("mean"))  # by g before filling
    assert got["v"].tolist() == v.tolist() and got["v"].tolist()[5] == 100.0
    assert got["g"].tolist() == pdf["g"].fillna("a").tolist()
    redone = filled.transformers.imputer().transform(df).orderBy("id").toPandas()
    pd.testing.assert_frame_equal(redone, got)


def test_decimal_means_keep_their_digits_and_wide_decimals_do_not_overflow(spark):
    import decimal

    D = decimal.Decimal
    df = spark.createDataFrame([(D("1.00"),), (D("2.00"),), (D("2.00"),), (None,)], "d decimal(5,2)")
    filled = df.toHandy().fill(continuous=["d"])
    assert filled.statistics_ == {"d": D("1.666667")}  # Spark's avg: four more decimals, not rounded to 2
    assert dict(filled.dtypes)["d"] == "decimal(9,6)"
    assert [r.d for r in filled.collect()] == [D("1"), D("2"), D("2"), D("1.666667")]
    big = D("12345678901234567890.123456789012345678")
    wide = spark.createDataFrame([(big,), (-big,), (big,), (None,)], "d decimal(38,18)")
    mean = float(big) / 3
    assert wide.toHandy().cols["d"].mean() == pytest.approx(mean, rel=1e-15)
    out = wide.toHandy().fill(continuous=["d"])
    assert dict(out.dtypes)["d"] == "decimal(38,18)"
    assert float(out.collect()[3].d) == pytest.approx(mean, rel=1e-15)


@pytest.mark.parametrize("how", ["mean", "median"])
def test_a_wide_decimal_at_the_end_of_its_range_keeps_its_type_and_values(spark, how):
    import decimal

    top = decimal.Decimal("99999999999999999999.999999999999999999")  # the largest decimal(38,18)
    bottom = top.copy_negate()  # not -top: arithmetic rounds to the default context's 28 digits
    df = spark.createDataFrame([(top,), (top,), (None,), (bottom,), (bottom,), (bottom,), (None,)], "d decimal(38,18)")
    # the mean/median in double precision is +-1e20, one past the type's end: it would widen the column to
    # decimal(38,17) and round every value to 1e20; the mean of values within the type lies within the type
    for values, expected in ((df.filter(df.d.isNull() | (df.d > 0)), top), (df.filter(df.d.isNull() | (df.d < 0)), bottom)):
        out = values.toHandy().fill(continuous=["d"], strategy=how)
        assert dict(out.dtypes)["d"] == "decimal(38,18)"
        got = [r.d for r in out.collect()]
        assert got == [v if v is not None else expected for v in [r.d for r in values.collect()]]
        assert out.statistics_ == {"d": expected}


def test_a_fitted_value_of_another_type_is_refused_before_any_job(spark):
    imputer = spark.createDataFrame([("S",), (None,)], "e string").toHandy().fill(categorical=["e"]).transformers.imputer()
    with pytest.raises(ColumnTypeError, match=r"'e' is int here, but it was filled with 'S'"):
        imputer.transform(spark.createDataFrame([(1,), (None,)], "e int"))


@pytest.fixture
def other_time_zone(spark):
    """A session time zone far from the Python process's (restored afterwards)."""
    import time

    old = spark.conf.get("spark.sql.session.timeZone")
    zone = "Pacific/Kiritimati" if time.localtime().tm_gmtoff < 0 else "America/Anchorage"
    spark.conf.set("spark.sql.session.timeZone", zone)
    yield zone
    spark.conf.set("spark.sql.session.timeZone", old)


def test_timestamp_strata_and_values_do_not_depend_on_time_zones(spark, other_time_zone, tmp_path):
    import datetime as dt

    import pyspark.sql.functions as F

    from handyspark.ml import HandyImputer

    rows = [(i, dt.datetime(2021, 5, 1, i % 3), dt.datetime(2021, 5, 1, i % 2), None if i % 4 == 0 else float(i))
            for i in range(12)] + [(12, None, None, None)]
    df = spark.createDataFrame(rows, "id int, at timestamp, wall timestamp_ntz, v double")
    pdf = df.orderBy("id").toPandas()
    for key in ("at", "wall"):
        filled = df.toHandy().stratify([key]).fill(continuous=["v"])
        expected = pdf["v"].fillna(pdf.groupby(key, dropna=False)["v"].transform("mean")).fillna(pdf["v"].mean())
        got = filled.notHandy().orderBy("id").toPandas()["v"]
        np.testing.assert_allclose(got.to_numpy(), expected.to_numpy())
    # a timestamp fill value is an instant: saved under one time zone, loaded under another, it fills the same one
    with_nulls = df.withColumn("at", F.when(F.col("id") % 5 == 0, None).otherwise(F.col("at")))
    filled = with_nulls.toHandy().fill(categorical=["at", "wall"])
    assert filled.statistics_["at"] == pd.Timestamp(pdf["at"].mode()[0]).tz_localize(other_time_zone).tz_convert("UTC")
    path = str(tmp_path / "imputer")
    filled.transformers.imputer().write().overwrite().save(path)
    expected = filled.notHandy().select("id", F.unix_micros("at").alias("at"), F.col("wall").cast("string")).orderBy("id")
    expected = expected.toPandas()
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    loaded = HandyImputer.load(path).transform(with_nulls)
    got = loaded.select("id", F.unix_micros("at").alias("at"), F.col("wall").cast("string")).orderBy("id").toPandas()
    pd.testing.assert_frame_equal(got, expected)
