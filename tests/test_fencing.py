"""fence: Tukey's fences per column and stratum, exact and approximate, against pandas."""

import json

import numpy as np
import pandas as pd
import pytest

import handyspark  # noqa: F401  (adds toHandy)
from handyspark.errors import ArgumentError, ColumnNotFoundError, ColumnTypeError
from handyspark.fencing import FenceModel, apply_fences, fit_fences
from handyspark.strata import resolve_strata


def _pandas_fences(s: pd.Series, k: float = 1.5) -> list[float]:
    q1, q3 = s.quantile(0.25), s.quantile(0.75)
    return [q1 - k * (q3 - q1), q3 + k * (q3 - q1)]


def test_fare_fences_and_clipping_match_pandas(titanic, titanic_pd):
    fenced = titanic.toHandy().fence(["Fare"])
    assert list(fenced.fences_) == ["Fare"]
    assert fenced.fences_["Fare"] == pytest.approx([-26.724, 65.6344], rel=1e-12)
    assert fenced.fences_["Fare"] == pytest.approx(_pandas_fences(titanic_pd["Fare"]), rel=1e-12)
    lower, upper = fenced.fences_["Fare"]
    expected = titanic_pd.set_index("PassengerId")["Fare"].clip(lower, upper).sort_index()
    got = fenced.notHandy().select("PassengerId", "Fare").toPandas().set_index("PassengerId")["Fare"].sort_index()
    np.testing.assert_array_equal(got.to_numpy(), expected.to_numpy())
    assert dict(fenced.dtypes) == dict(titanic.dtypes)


def test_stratified_fences_match_pandas_groupby(titanic, titanic_pd):
    fenced = titanic.toHandy().stratify(["Pclass"]).fence(["Age", "Fare"], k=1.0)
    for column in ("Age", "Fare"):
        fences = fenced.fences_[column]
        bounds = {}
        for pclass, group in titanic_pd.groupby("Pclass"):
            bounds[pclass] = _pandas_fences(group[column], k=1.0)
            assert fences[f'Pclass == "{pclass}"'] == pytest.approx(bounds[pclass], rel=1e-12)
        lo = titanic_pd["Pclass"].map({p: b[0] for p, b in bounds.items()})
        hi = titanic_pd["Pclass"].map({p: b[1] for p, b in bounds.items()})
        expected = titanic_pd[column].clip(lo, hi, axis=0)
        expected.index = titanic_pd["PassengerId"]
        got = fenced.notHandy().select("PassengerId", column).toPandas().set_index("PassengerId")[column]
        np.testing.assert_allclose(got.sort_index().to_numpy(), expected.sort_index().to_numpy(), rtol=1e-12)
        assert got.isna().sum() == titanic_pd[column].isna().sum()  # nulls stay null


def test_approximate_quartiles_within_the_stated_bound(titanic, titanic_pd):
    e = 0.01
    model = fit_fences(titanic, ["Fare", "Age"], k=1.5, relativeError=e)
    for column in ("Fare", "Age"):
        values = titanic_pd[column].dropna().to_numpy()
        lower, upper = model.fences_[column]
        # recover the quartiles from the fences: Q1 = (3·lower + upper... ) solve the 2x2 system
        k = 1.5
        q1 = ((1 + k) * lower + k * upper) / (1 + 2 * k)
        q3 = (k * lower + (1 + k) * upper) / (1 + 2 * k)
        for q, p in ((q1, 0.25), (q3, 0.75)):
            lo = np.quantile(values, max(p - e, 0), method="lower")
            hi = np.quantile(values, min(p + e, 1), method="higher")
            assert lo - 1e-9 <= q <= hi + 1e-9, (column, p, lo, q, hi)


def test_integer_columns_upcast_only_when_fences_are_fractional(titanic, titanic_pd):
    fenced = titanic.toHandy().fence(["SibSp", "Parch"])
    assert fenced.fences_ == {"SibSp": [-1.5, 2.5], "Parch": [0.0, 0.0]}
    types = dict(fenced.dtypes)
    assert types["SibSp"] == "double" and types["Parch"] == "int"
    got = fenced.notHandy().orderBy("PassengerId").select("SibSp", "Parch").toPandas()
    ordered = titanic_pd.sort_values("PassengerId")
    np.testing.assert_array_equal(got["SibSp"], ordered["SibSp"].clip(-1.5, 2.5))
    np.testing.assert_array_equal(got["Parch"], ordered["Parch"].clip(0, 0))


def test_nan_and_null_are_kept(spark):
    rows = [(i, float(i)) for i in range(1, 9)] + [(9, float("nan")), (10, None), (11, 1000.0)]
    df = spark.createDataFrame(rows, "id int, `x.y` double")
    out = apply_fences(df, fit_fences(df, ["x.y"]))
    got = [r["x.y"] for r in out.orderBy("id").collect()]
    s = pd.Series([r[1] for r in rows], dtype="float64")
    expected = s.clip(*_pandas_fences(s))
    assert np.isnan(got[8]) and got[9] is None
    np.testing.assert_allclose(np.array(got[:8] + got[10:]), expected.drop([8, 9]).to_numpy())


def test_merge_json_and_unseen_strata(spark):
    df = spark.createDataFrame([("a", float(i)) for i in range(8)] + [("b", 100.0 + i) for i in range(4)],
                               "k string, v double")
    model = fit_fences(df, ["v"], k=0.0, strata=resolve_strata(df, ["k"]))
    assert model.fences_ == {"v": {'k == "a"': [1.75, 5.25], 'k == "b"': [100.75, 102.25]}}
    assert FenceModel.from_json(json.loads(json.dumps(model.to_json(), allow_nan=False))) == model
    new = spark.createDataFrame([("b", 0.0), ("z", 0.0), (None, 1e9)], "k string, v double")
    q1, q3 = np.quantile([r[1] for r in df.collect()], [0.25, 0.75])
    assert [r.v for r in apply_fences(new, model).collect()] == [100.75, q1, q3]
    other = fit_fences(df, ["v"], k=3.0)
    merged = model.merge(other)
    assert merged.fences_["v"] == other.fences_["v"] and merged.columns == ["v"]


def test_bad_input(titanic):
    with pytest.raises(ColumnTypeError, match="Name"):
        titanic.toHandy().fence(["Name"])
    with pytest.raises(ColumnNotFoundError, match="Fair"):
        titanic.toHandy().fence(["Fair"])
    with pytest.raises(ArgumentError, match="k must"):
        fit_fences(titanic, ["Fare"], k=-1)
    with pytest.raises(ArgumentError, match="relativeError"):
        fit_fences(titanic, ["Fare"], relativeError=2)
    model = fit_fences(titanic, ["Fare"])
    with pytest.raises(ColumnNotFoundError, match="Fare"):
        apply_fences(titanic.drop("Fare"), model)


@pytest.mark.parametrize("dtype, low, high", [("tinyint", -128, 127), ("smallint", -32768, 32767)])
def test_fences_beyond_the_type_saturate_at_its_range(spark, dtype, low, high):
    # quartiles -100/100 (tinyint) or -30000/30000 (smallint): whole fences far beyond the type
    q = 100 if dtype == "tinyint" else 30000
    values = [low, -q, -q, -q, 0, q, q, q, high]
    rows = [(i, v, i % 2) for i, v in enumerate(values)]
    df = spark.createDataFrame(rows, f"id int, x {dtype}, g int")
    pdf = pd.DataFrame(rows, columns=["id", "x", "g"])
    for strata in (None, resolve_strata(df, ["g"])):
        model = fit_fences(df, ["x"], k=1.0, strata=strata)
        out = apply_fences(df, model)
        assert dict(out.dtypes)["x"] == dtype  # whole fences: the type is kept, no overflow
        got = [r.x for r in out.orderBy("id").collect()]
        if strata is None:
            lo, hi = _pandas_fences(pdf["x"], k=1.0)
            expected = pdf["x"].clip(max(lo, low), min(hi, high))
        else:
            expected = pdf.groupby("g")["x"].transform(lambda s: s.clip(*[max(low, min(high, f))
                                                                             for f in _pandas_fences(s, k=1.0)]))
        assert got == expected.tolist()
    assert fit_fences(df, ["x"], k=1.0).fences_ == {"x": [-3.0 * q, 3.0 * q]}  # as learned; applied saturated


def test_decimal_columns_keep_their_type(spark):
    import decimal

    rows = [(i, decimal.Decimal(v)) for i, v in enumerate(["0.00", "1.00", "1.10", "1.20", "1.30", "90.00"])]
    df = spark.createDataFrame(rows, "id int, d decimal(5,2)")
    out = df.toHandy().fence(["d"], k=0.65)  # fences 0.8625 and 1.4375: to nearest, 1.44 would lie outside
    assert dict(out.dtypes)["d"] == "decimal(5,2)"
    lo, hi = out.fences_["d"]
    s = pd.Series([float(v) for _, v in rows])
    assert [lo, hi] == pytest.approx(_pandas_fences(s, k=0.65))
    got = [float(r.d) for r in out.orderBy("id").collect()]
    # fences rounded inward onto the column's grid (lower up, upper down): clipped values stay within the fences
    inward = np.ceil(lo * 100 - 1e-9) / 100, np.floor(hi * 100 + 1e-9) / 100
    assert inward[0] != round(lo, 2) or inward[1] != round(hi, 2)  # the data makes rounding to nearest differ
    np.testing.assert_allclose(got, s.clip(*inward).to_numpy())
    assert lo <= min(got) and max(got) <= hi


def test_fencing_twice_the_fencer_reproduces_the_frame(spark):
    rows = [(i, float(i * i), i % 3) for i in range(30)]
    df = spark.createDataFrame(rows, "id int, v double, g int")
    once = df.toHandy().fence(["v"], k=1.5)
    twice = once.stratify(["g"]).fence(["v"], k=0.0)
    assert list(twice.fences_["v"]) == ['g == "0"', 'g == "1"', 'g == "2"']  # the latest fences
    frame = twice.notHandy().orderBy("id").toPandas()
    redone = twice.transformers.fencer().transform(df).orderBy("id").toPandas()
    pd.testing.assert_frame_equal(redone, frame)
    pdf = pd.DataFrame(rows, columns=["id", "v", "g"])
    first = pdf["v"].clip(*_pandas_fences(pdf["v"]))
    expected = first.groupby(pdf["g"]).transform(lambda s: s.clip(*_pandas_fences(s, k=0.0)))
    np.testing.assert_allclose(frame["v"].to_numpy(), expected.to_numpy())


def test_fitting_runs_a_fixed_number_of_jobs(classic_spark, count_jobs, no_aqe):
    """Exact quartiles: two bounded passes for the frame, two more per stratum; approximate ones one job."""
    from handyspark.datasets import titanic
    from handyspark.fencing import fit_fences

    df = titanic(classic_spark)
    strata = df.toHandy().stratify(["Pclass", "Sex"]).strata
    fit_fences(df, ["Fare"])  # warm-up
    for columns in (["Fare"], ["Fare", "Age", "SibSp"]):
        for st, exact, approximate in ((None, 2, 1), (strata, 4, 1)):
            with count_jobs() as c:
                fit_fences(df, columns, strata=st)
            assert c.jobs == exact, (columns, st is not None, c.jobs)
            with count_jobs() as c:
                fit_fences(df, columns, strata=st, relativeError=1e-3)
            assert c.jobs == approximate, (columns, st is not None, c.jobs)
