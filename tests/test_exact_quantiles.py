"""exact_quantiles: two bounded passes, equal to numpy's linear interpolation, per stratum, in two Spark jobs."""

import decimal
import math

import numpy as np
import pandas as pd
import pytest
from pyspark.sql import functions as F
from pyspark.sql import types as T

import handyspark  # noqa: F401
from handyspark.errors import ArgumentError, ColumnTypeError, HandyException, QuantileBracketError
from handyspark.stats import exact_quantiles as module
from handyspark.stats.exact_quantiles import exact_quantiles, max_rows_per_column

PROBS = [0, 0.01, 0.25, 0.5, 0.75, 0.99, 1]


def _numpy(values, probs=PROBS) -> list[float]:
    x = pd.Series(values, dtype="float64").dropna().to_numpy()
    return np.quantile(x, probs).tolist() if len(x) else [math.nan] * len(probs)


def _same(got: list[float], want: list[float]) -> None:
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert (math.isnan(g) and math.isnan(w)) or g == w, (got, want)


def test_titanic_age_and_fare_equal_numpy(titanic, titanic_pd):
    got = exact_quantiles(titanic, ["Age", "Fare"], PROBS)
    assert list(got) == [()]
    _same(got[()]["Age"], _numpy(titanic_pd["Age"]))
    _same(got[()]["Fare"], _numpy(titanic_pd["Fare"]))


def test_per_stratum_equal_pandas_groupby(titanic, titanic_pd):
    strata = titanic.toHandy().stratify(["Pclass"]).strata
    got = exact_quantiles(titanic, ["Age", "Fare"], PROBS, strata)
    assert list(got) == [(1,), (2,), (3,)]
    for (pclass,), per_column in got.items():
        rows = titanic_pd[titanic_pd["Pclass"] == pclass]
        _same(per_column["Age"], _numpy(rows["Age"]))
        _same(per_column["Fare"], _numpy(rows["Fare"]))


def test_a_stratum_with_a_null_key_is_kept(titanic, titanic_pd):
    strata = titanic.toHandy().stratify(["Embarked", "Sex"]).strata
    got = exact_quantiles(titanic, "Age", PROBS, strata)
    want = {(e if isinstance(e, str) else None, s): _numpy(g["Age"])
            for (e, s), g in titanic_pd.groupby(["Embarked", "Sex"], dropna=False)}
    assert set(got) == set(want)
    assert list(got)[-1] == (None, "female")  # null keys last; the two passengers with no port are women
    for key, per_column in got.items():
        _same(per_column["Age"], want[key])


def test_heavy_ties(spark):
    df = spark.range(10_000).select((F.col("id") % 3 * 1.5 - 1).alias("x"), (F.col("id") % 7 == 0).alias("few"))
    ids = np.arange(10_000)
    x = ids % 3 * 1.5 - 1
    probs = [*PROBS, 1 / 3, 2 / 3, 0.3333, 0.6667]
    _same(exact_quantiles(df, "x", probs)[()]["x"], _numpy(x, probs))
    strata = df.toHandy().stratify(["few"]).strata
    got = exact_quantiles(df, "x", probs, strata)
    for few in (False, True):
        _same(got[(few,)]["x"], _numpy(x[(ids % 7 == 0) == few], probs))


def test_negative_zero_nan_null_one_value_and_no_values(spark):
    schema = "a double, one double, none double, g string"
    rows = [(-0.0, None, None, "a"), (0.0, float("nan"), None, "a"), (float("nan"), 4.5, float("nan"), "a"),
            (None, None, None, "b"), (-2.5, None, None, "a"), (1.0, None, None, "a"), (-0.0, None, None, "a")]
    df = spark.createDataFrame(rows, schema)
    got = exact_quantiles(df, ["a", "one", "none"], PROBS)[()]
    pdf = pd.DataFrame(rows, columns=["a", "one", "none", "g"])
    _same(got["a"], _numpy(pdf["a"]))
    assert got["one"] == [4.5] * len(PROBS)
    assert all(math.isnan(v) for v in got["none"])
    by_g = exact_quantiles(df, ["a", "one"], [0.5], df.toHandy().stratify(["g"]).strata)
    assert by_g[("a",)]["a"] == [0.0] and by_g[("a",)]["one"] == [4.5]
    assert math.isnan(by_g[("b",)]["a"][0]) and math.isnan(by_g[("b",)]["one"][0])


def test_empty_frame(spark):
    df = spark.createDataFrame([], "x double")
    got = exact_quantiles(df, "x", [0.5, 1])
    assert list(got) == [()] and all(math.isnan(v) for v in got[()]["x"])


def test_hostile_names_and_numeric_types(spark):
    schema = T.StructType([
        T.StructField("a b.c`d", T.IntegerType()), T.StructField("l", T.LongType()),
        T.StructField("f", T.FloatType()), T.StructField("dec", T.DecimalType(12, 3)),
        T.StructField("k.e y", T.StringType()),
    ])
    rows = [(i % 13 - 4, i * 10**12, float(np.float32(i / 7)), decimal.Decimal(i) / 8, "x'" if i % 2 else None)
            for i in range(50)]
    df = spark.createDataFrame(rows, schema)
    names = ["a b.c`d", "l", "f", "dec"]
    pdf = pd.DataFrame(rows, columns=[*names, "k.e y"]).astype({"dec": "float64"})
    got = exact_quantiles(df, names, PROBS)[()]
    for name in names:
        _same(got[name], _numpy(pdf[name].astype("float64")))
    by_key = exact_quantiles(df, ["a b.c`d"], PROBS, df.toHandy().stratify(["k.e y"]).strata)
    assert list(by_key) == [("x'",), (None,)]
    _same(by_key[(None,)]["a b.c`d"], _numpy(pdf.loc[pdf["k.e y"].isna(), "a b.c`d"]))


def test_many_distinct_values_bring_at_most_the_stated_bound(spark, monkeypatch):
    """100,000 distinct values, e = 1e-3: only the values in the brackets reach the driver."""
    df = spark.range(100_000).select(
        (F.col("id") % 4).alias("k"),
        (F.sin(F.col("id").cast("double")) * 1000 + F.col("id") / 1e6).alias("x"),
        F.when(F.col("id") % 10 > 0, F.col("id") * F.col("id") % 99_991).alias("y"),
    )
    pdf = df.toPandas()
    collected: list[int] = []
    real = module.collect_aggregates

    def counting(query):
        rows = real(query)
        collected.append(len(rows))
        return rows

    monkeypatch.setattr(module, "collect_aggregates", counting)
    strata = df.toHandy().stratify(["k"]).strata
    got = exact_quantiles(df, ["x", "y"], PROBS, strata, bracket_error=1e-3)
    assert len(collected) == 1  # pass 2, once: no retry
    bound = sum(max_rows_per_column(int(pdf.loc[pdf.k == k, c].count()), len(PROBS), 1e-3)
                for k in range(4) for c in ("x", "y"))
    assert collected[0] <= bound, (collected, bound)
    assert bound < 0.2 * 2 * len(pdf)  # far fewer than the values
    for (k,), per_column in got.items():
        rows = pdf[pdf.k == k]
        _same(per_column["x"], _numpy(rows["x"]))
        _same(per_column["y"], _numpy(rows["y"]))


def test_a_missed_bracket_is_retried_wider_never_returned_wrong(spark, monkeypatch):
    """With brackets that cannot hold the order statistics, a retry with a wider margin gets them right."""
    df = spark.range(2_000).select((F.col("id") * 7 % 2_000 / 3).alias("x"))
    margins: list[float] = []
    real = module._brackets

    def narrow_first(x, probs, error, margin):
        margins.append(margin)
        # the first attempt is too narrow: a negative margin brackets [p + e, p - e]'s values
        return real(x, probs, error, -2.0 if len(margins) == 1 else margin)

    monkeypatch.setattr(module, "_brackets", narrow_first)
    got = exact_quantiles(df, "x", [0.1, 0.5, 0.9], bracket_error=0.05)
    assert margins == [module.MARGIN, module.MARGIN * 8]
    _same(got[()]["x"], _numpy(np.arange(2_000) * 7 % 2_000 / 3, [0.1, 0.5, 0.9]))


def test_a_bracket_that_never_holds_raises(spark, monkeypatch):
    df = spark.range(200).select((F.col("id") / 3).alias("x"))
    monkeypatch.setattr(module, "_brackets", lambda x, probs, error, margin: F.array(*[F.lit(-1.0)] * (2 * len(probs))))
    with pytest.raises(QuantileBracketError, match=r"could not bracket .*\['x'\]") as raised:
        exact_quantiles(df, "x", [0.5], bracket_error=0.05)
    assert isinstance(raised.value, RuntimeError) and isinstance(raised.value, HandyException)


def test_the_error_names_the_column_of_a_frame_operation(titanic, monkeypatch):
    monkeypatch.setattr(module, "_brackets", lambda x, probs, error, margin: F.array(*[F.lit(-1.0)] * (2 * len(probs))))
    with pytest.raises(QuantileBracketError, match=r"\['Fare'\]"):
        titanic.toHandy().fence(["Fare"])


def test_bad_arguments_are_refused(titanic):
    with pytest.raises(ColumnTypeError):
        exact_quantiles(titanic, "Name", [0.5])
    with pytest.raises(ArgumentError):
        exact_quantiles(titanic, "Age", [1.5])
    with pytest.raises(ArgumentError):
        exact_quantiles(titanic, "Age", [])
    with pytest.raises(ArgumentError):
        exact_quantiles(titanic, "Age", [0.5], bracket_error=0)


def test_two_spark_jobs_for_all_columns_probabilities_and_strata(classic_spark, count_jobs, no_aqe):
    df = classic_spark.range(5_000).select(
        (F.col("id") % 3).alias("k3"), (F.col("id") % 40).alias("k40"),
        *[(F.col("id") * (i + 1) % 101).cast("double").alias(f"c{i}") for i in range(6)])
    strata = df.toHandy().stratify(["k3", "k40"], max_strata=200).strata
    for names, st in ((["c0"], None), ([f"c{i}" for i in range(6)], strata)):
        with count_jobs() as c:
            exact_quantiles(df, names, PROBS, st)
        assert c.jobs == 2, (names, c.jobs)


def test_one_value_and_wide_brackets_together_equal_numpy(spark):
    """Half the values tied (one-value brackets, counted without grouping), half distinct (grouped values)."""
    df = spark.range(4_000).select(
        (F.col("id") % 2).alias("g"),
        F.when(F.col("id") % 3 == 0, F.col("id") / 7).otherwise(F.lit(5.0)).alias("x"))
    pdf = df.toPandas()
    probs = [i / 20 for i in range(21)] + [1 / 3, 0.6667]
    _same(exact_quantiles(df, "x", probs, bracket_error=1e-3)[()]["x"], _numpy(pdf["x"], probs))
    by_g = exact_quantiles(df, "x", probs, df.toHandy().stratify(["g"]).strata, bracket_error=1e-3)
    for (g,), per_column in by_g.items():
        _same(per_column["x"], _numpy(pdf.loc[pdf.g == g, "x"], probs))


def test_aggregate_with_quantiles_cells_of_different_lengths_keyed_or_not(spark):
    from handyspark.stats.grouped import grouped_aggregate, with_strata_keys

    df = spark.range(3_000).select((F.col("id") % 3).alias("k"), (F.col("id") * 37 % 1_001 / 4).alias("x"),
                                   (F.col("id") % 17).alias("y"))
    pdf = df.toPandas()
    strata = df.toHandy().stratify(["k"]).strata
    cells = {"qx": (F.col("x"), [0.5]), "qy": (F.col("y"), [0.1, 0.25, 0.9])}
    got = module.aggregate_with_quantiles(df, {"n": F.count(F.lit(1))}, cells, strata, relativeError=0)
    keyed = module.aggregate_with_quantiles(with_strata_keys(df, strata, F.col("x"), F.col("y")),
                                            {"n": F.count(F.lit(1))}, cells, strata, relativeError=0, keyed=True)
    assert list(got.columns) == [*strata.key_names, "n", "__hash", "qx", "qy"]
    for table in (got, keyed):
        for _, row in table.iterrows():
            rows = pdf[pdf.k == row[strata.key_names[0]]]
            assert row["n"] == len(rows)
            _same(row["qx"], _numpy(rows["x"], [0.5]))
            _same(row["qy"], _numpy(rows["y"], [0.1, 0.25, 0.9]))
    approximate = module.aggregate_with_quantiles(df, {}, cells, strata, relativeError=0.01)
    plain = grouped_aggregate(df, {"qx": F.percentile_approx("x", [0.5], 100),
                                   "qy": F.percentile_approx(F.col("y").cast("double"), [0.1, 0.25, 0.9], 100)}, strata)
    assert approximate["qx"].tolist() == plain["qx"].tolist() and approximate["qy"].tolist() == plain["qy"].tolist()


def test_infinite_values_are_values_as_numpy_reads_them(spark):
    """Brackets may end at -inf or inf: they travel to Spark as such, not as missing bounds."""
    values = [float("-inf")] * 30 + [float(i) for i in range(40)] + [float("inf")] * 30
    df = spark.createDataFrame([(v, i % 2) for i, v in enumerate(values)], "x double, g int")
    probs = [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1]
    _same(exact_quantiles(df, "x", probs, bracket_error=0.01)[()]["x"], _numpy(values, probs))
    by_g = exact_quantiles(df, "x", probs, df.toHandy().stratify(["g"]).strata, bracket_error=0.01)
    for (g,), per_column in by_g.items():
        _same(per_column["x"], _numpy(values[g::2], probs))
