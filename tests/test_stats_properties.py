"""Property tests: every statistic equals pandas/numpy/scipy on generated frames.

Values include NaN, None, -0.0 and 0.0, repeats and (where pandas' result is defined
by plain arithmetic: mean, mode, counts, entropy, histogram errors) infinities. Frames
have 0 to a dozen rows, so empty and one-row frames come up. A fixed seed and a few
examples in the fast suite; ``-m slow`` runs more and larger frames.
"""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from scipy.stats import entropy as scipy_entropy

import handyspark  # noqa: F401
from handyspark.errors import ArgumentError
from handyspark.stats import binning

FAST = settings(derandomize=True, deadline=None, max_examples=2, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
SLOW = settings(FAST, max_examples=15)

SPECIAL = [0.0, -0.0, 1.0, -1.0, 2.5, 1e6, math.nan, None]
INFINITE = [math.inf, -math.inf]

pytestmark = pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")  # pandas on inf - inf

#: Run in every fast test, whatever hypothesis draws: signed zeros, NaN and None, repeats, a one-row stratum
#: (with inf where pandas' result is defined by plain arithmetic).
EDGES = {"x": [0.0, -0.0, -0.0, 2.5, 2.5, None, math.nan, -1.0], "y": [1.0, 2.0, None, 2.0, -0.0, 0.0, 3.5, 1e6],
         "g": ["a", "a", "b", "b", None, "a", "b", "a"]}
EDGES_INF = {**EDGES, "x": [*EDGES["x"][:-1], math.inf]}


def _value(with_inf: bool):
    pool = SPECIAL + (INFINITE if with_inf else [])
    return st.one_of(st.sampled_from(pool), st.integers(-40, 40).map(lambda i: i / 4))  # repeats are likely


@st.composite
def frames(draw, with_inf: bool = False, max_rows: int = 12):
    """Raw columns ``x``, ``y`` (doubles: None is null, NaN is NaN) and ``g`` (a stratum: 'a', 'b' or None)."""
    n = draw(st.integers(0, max_rows))
    column = st.lists(_value(with_inf), min_size=n, max_size=n)
    return {"x": draw(column), "y": draw(column),
            "g": draw(st.lists(st.sampled_from(["a", "b", None]), min_size=n, max_size=n))}


def _frames(spark, raw):
    rows = list(zip(raw["x"], raw["y"], raw["g"]))
    hdf = spark.createDataFrame(rows, "x double, y double, g string").toHandy()
    pdf = pd.DataFrame({"x": pd.Series(raw["x"], dtype=float), "y": pd.Series(raw["y"], dtype=float),
                        "g": pd.Series(raw["g"], dtype=object)})
    return hdf, pdf


def _na_key(key):
    if isinstance(key, tuple):
        return tuple(_na_key(k) for k in key)
    return "<NA>" if pd.isna(key) else key


def _as_dict(series: pd.Series) -> dict:
    return {_na_key(k): v for k, v in series.items()}


# ---------------------------------------------------------------------- moments and exact quantiles
def _check_moments_and_quantiles(spark, raw, p):
    hdf, pdf = _frames(spark, raw)
    got = hdf.cols[["x", "y"]].describe(relativeError=0)
    pd.testing.assert_frame_equal(got, pdf[["x", "y"]].describe(), rtol=1e-9, atol=1e-9)
    want = pdf["x"].quantile(p)
    assert hdf.cols["x"].percentile(p, relativeError=0) == pytest.approx(want, rel=1e-12, abs=1e-12, nan_ok=True)


@FAST
@given(raw=frames(), p=st.floats(0, 1))
@example(raw=EDGES, p=0.3)
def test_moments_and_exact_quantiles_equal_pandas(spark, raw, p):
    _check_moments_and_quantiles(spark, raw, p)


@pytest.mark.slow
@SLOW
@given(raw=frames(max_rows=40), p=st.floats(0, 1))
def test_moments_and_exact_quantiles_equal_pandas_slow(spark, raw, p):
    _check_moments_and_quantiles(spark, raw, p)


# ---------------------------------------------------------------------- counting statistics
def _check_counts(spark, raw):
    hdf, pdf = _frames(spark, raw)
    assert hdf.cols["x"].mean() == pytest.approx(pdf["x"].mean(), nan_ok=True)  # inf, -inf, or NaN for inf - inf
    pd.testing.assert_series_equal(hdf.nunique(), pdf.nunique())
    mode = hdf.cols[["x", "g"]].mode()
    for column in ("x", "g"):
        modes = pdf[column].mode()
        assert (pd.isna(mode[column]) if modes.empty else mode[column] == modes.iloc[0]), column
    counts = hdf.cols["x"].value_counts(dropna=False)
    assert _as_dict(counts) == _as_dict(pdf["x"].value_counts(dropna=False))
    assert counts.is_monotonic_decreasing and counts.name == "count"
    combos = hdf.cols[["g", "x"]].value_counts()
    assert _as_dict(combos) == _as_dict(pdf[["g", "x"]].value_counts())
    entropy = hdf.cols[["x", "g"]].entropy()
    for column in ("x", "g"):
        freq = pdf[column].value_counts().to_numpy()
        if len(freq) == 0:
            assert math.isnan(entropy[column])  # no values: no distribution (scipy says 0 for an empty one)
        else:
            assert entropy[column] == pytest.approx(scipy_entropy(freq, base=2), rel=1e-12, abs=1e-12)


@FAST
@given(raw=frames(with_inf=True))
@example(raw=EDGES_INF)
def test_counting_statistics_equal_pandas(spark, raw):
    _check_counts(spark, raw)


@pytest.mark.slow
@SLOW
@given(raw=frames(with_inf=True, max_rows=40))
def test_counting_statistics_equal_pandas_slow(spark, raw):
    _check_counts(spark, raw)


# ---------------------------------------------------------------------- correlation
def _check_corr(spark, raw):
    hdf, pdf = _frames(spark, raw)
    for method in ("pearson", "spearman"):
        got = hdf.cols[["x", "y"]].corr(method=method)
        pd.testing.assert_frame_equal(got, pdf[["x", "y"]].corr(method=method), rtol=1e-9, atol=1e-12, obj=method)


@FAST
@given(raw=frames())
@example(raw=EDGES)
def test_corr_equals_pandas(spark, raw):
    _check_corr(spark, raw)


@pytest.mark.slow
@SLOW
@given(raw=frames(max_rows=40))
def test_corr_equals_pandas_slow(spark, raw):
    _check_corr(spark, raw)


# ---------------------------------------------------------------------- stratified statistics
def _check_stratified(spark, raw):
    hdf, pdf = _frames(spark, raw)
    strat = hdf.stratify(["g"])
    groups = pdf.groupby("g", dropna=False)
    got = strat.cols[["x", "y"]].describe(relativeError=0)
    want = groups[["x", "y"]].describe().stack(level=1, future_stack=True)
    assert [_na_key(k) for k in got.index] == [_na_key(k) for k in want.index]
    np.testing.assert_allclose(got.to_numpy(float), want.to_numpy(float), rtol=1e-9, atol=1e-9)
    nunique = strat.cols[["x", "y"]].nunique()
    assert nunique.tolist() == groups[["x", "y"]].nunique().stack(future_stack=True).tolist()
    counts = strat.cols["x"].value_counts()
    assert _as_dict(counts) == _as_dict(groups["x"].value_counts())


@FAST
@given(raw=frames())
@example(raw=EDGES)
def test_stratified_statistics_equal_pandas_groupby(spark, raw):
    _check_stratified(spark, raw)


@pytest.mark.slow
@SLOW
@given(raw=frames(max_rows=40))
def test_stratified_statistics_equal_pandas_groupby_slow(spark, raw):
    _check_stratified(spark, raw)


# ---------------------------------------------------------------------- histogram bins
def _check_histogram(spark, raw, bins):
    hdf, pdf = _frames(spark, raw)
    values = pdf["x"].dropna().to_numpy()
    try:
        counts, edges = np.histogram(values, bins=bins)
    except ValueError:  # numpy refuses an infinite range: so does handyspark, with a clear error
        with pytest.raises(ArgumentError, match="not finite"):
            binning.histogram(hdf, "x", bins=bins)
        return
    h = binning.histogram(hdf, "x", bins=bins, strata=hdf.stratify(["g"]).strata)
    np.testing.assert_array_equal(h.edges, edges)
    np.testing.assert_array_equal(h.counts.sum(axis=0) if h.counts.ndim == 2 else h.counts, counts)
    for i, (_, part) in enumerate(pdf.groupby("g", dropna=False)):
        np.testing.assert_array_equal(h.counts[i], np.histogram(part["x"].dropna(), bins=edges)[0])
        assert h.missing[i] == part["x"].isna().sum()


@FAST
@given(raw=frames(with_inf=True), bins=st.integers(1, 8))
@example(raw=EDGES_INF, bins=3)
def test_histogram_counts_equal_numpy(spark, raw, bins):
    _check_histogram(spark, raw, bins)


@pytest.mark.slow
@SLOW
@given(raw=frames(with_inf=True, max_rows=40), bins=st.integers(1, 30))
def test_histogram_counts_equal_numpy_slow(spark, raw, bins):
    _check_histogram(spark, raw, bins)
