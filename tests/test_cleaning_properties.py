"""Property tests: stratified fill and fence equal pandas on generated frames (nulls, NaN, ±0.0, ties)."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import handyspark  # noqa: F401  (adds toHandy)

FAST = settings(max_examples=12, derandomize=True, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
SLOW = settings(FAST, max_examples=25)

values = st.one_of(st.none(), st.just(float("nan")), st.sampled_from([0.0, -0.0, 1.5, -2.0]),
                   st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False))
keys = st.one_of(st.none(), st.sampled_from(["a", "it's", "' OR 1=1 --", "b"]))
frames = st.lists(st.tuples(keys, values), min_size=1, max_size=25)


def _pandas(rows):
    return pd.DataFrame({"id": range(len(rows)), "g": [k for k, _ in rows],
                         "v": pd.Series([np.nan if v is None else v for _, v in rows], dtype="float64")})


def _fill_check(spark, rows, how):
    df = spark.createDataFrame([(i, k, v) for i, (k, v) in enumerate(rows)], "id int, g string, v double")
    pdf = _pandas(rows)
    filled = df.toHandy().stratify(["g"]).fill(continuous=["v"], strategy=how)
    got = filled.notHandy().orderBy("id").toPandas()["v"].to_numpy(dtype=float)
    per_group = pdf.groupby("g", dropna=False)["v"].transform(how)
    expected = pdf["v"].fillna(per_group).fillna(getattr(pdf["v"], how)())
    np.testing.assert_allclose(got, expected.to_numpy(), rtol=1e-9, atol=1e-9, equal_nan=True)
    assert len(got) == len(rows)


def _fence_check(spark, rows, k):
    df = spark.createDataFrame([(i, key, v) for i, (key, v) in enumerate(rows)], "id int, g string, v double")
    pdf = _pandas(rows)
    fenced = df.toHandy().stratify(["g"]).fence(["v"], k=k)
    got = fenced.notHandy().orderBy("id").toPandas()["v"].to_numpy(dtype=float)

    def clip(s):
        q1, q3 = s.quantile(0.25), s.quantile(0.75)
        return s.clip(q1 - k * (q3 - q1), q3 + k * (q3 - q1)) if s.notna().any() else s

    expected = pdf.groupby("g", dropna=False)["v"].transform(clip)
    np.testing.assert_allclose(got, expected.to_numpy(), rtol=1e-9, atol=1e-9, equal_nan=True)


@pytest.mark.parametrize("how", ["mean", "median"])
@FAST
@given(rows=frames)
def test_stratified_fill_equals_pandas(spark, how, rows):
    _fill_check(spark, rows, how)


@FAST
@given(rows=frames, k=st.sampled_from([0.0, 1.5, 3.0]))
def test_stratified_fence_equals_pandas(spark, rows, k):
    _fence_check(spark, rows, k)


@FAST
@given(rows=st.lists(st.tuples(keys, keys), min_size=1, max_size=25))
def test_stratified_mode_fill_equals_pandas_first_mode(spark, rows):
    df = spark.createDataFrame([(i, g, c) for i, (g, c) in enumerate(rows)], "id int, g string, c string")
    # object dtype: missing stays None under pandas 3 too (its strings make it NaN)
    pdf = pd.DataFrame({"g": [g for g, _ in rows], "c": [c for _, c in rows]}, dtype=object)
    filled = df.toHandy().stratify(["g"]).fill(categorical=["c"])
    got = [None if pd.isna(c) else c for c in filled.notHandy().orderBy("id").toPandas()["c"]]  # pandas 3: NaN

    def first_mode(s):
        modes = s.mode()
        return modes.iloc[0] if len(modes) else None

    overall = first_mode(pdf["c"])
    per_group = pdf.groupby("g", dropna=False)["c"].transform(first_mode)
    expected = [c if c is not None else (p if p is not None and p == p else overall)
                for c, p in zip(pdf["c"], per_group)]
    assert got == expected


@pytest.mark.slow
@pytest.mark.parametrize("how", ["mean", "median"])
@SLOW
@given(rows=frames)
def test_stratified_fill_equals_pandas_many_examples(spark, how, rows):
    _fill_check(spark, rows, how)


@pytest.mark.slow
@SLOW
@given(rows=frames, k=st.sampled_from([0.0, 1.5, 3.0]))
def test_stratified_fence_equals_pandas_many_examples(spark, rows, k):
    _fence_check(spark, rows, k)
