"""Every figure of handyspark's Titanic profile against ydata-profiling's description of the same frame.

The anchor of issue 19: ydata-profiling's pandas backend on the Titanic CSV as pandas reads it, with the
sections handyspark's profile has (``benchmarks.profile_bench.ydata_pandas_settings``). handyspark's
quantiles are exact here (``relativeError=0``, linear interpolation, as pandas).

ydata-profiling is not a dependency of handyspark nor of its extras: it is installed only in the
benchmark's environment, ``.venvs/bench-ydata``, where ``benchmarks/ydata_env.sh --test`` runs this file.
Anywhere else the tests skip.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

ydata_profiling = pytest.importorskip(
    "ydata_profiling", reason="ydata-profiling is installed only in the benchmark's venv: benchmarks/ydata_env.sh --test")

from benchmarks.profile_bench import BINS, TOP_K, ydata_pandas_settings  # noqa: E402
from handyspark.profile import QUANTILES  # noqa: E402

NUMERIC = ["PassengerId", "Survived", "Pclass", "Age", "SibSp", "Parch", "Fare"]
STRINGS = ["Name", "Sex", "Ticket", "Cabin", "Embarked"]


@pytest.fixture(scope="module")
def prof(classic_spark, activate):
    import handyspark  # noqa: F401
    from handyspark.datasets import titanic

    activate(classic_spark)
    return titanic(classic_spark).toHandy().profile(relativeError=0)


@pytest.fixture(scope="module")
def desc(titanic_pd):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ydata_profiling.ProfileReport(titanic_pd, config=ydata_pandas_settings()).get_description()


def test_the_frame_and_the_column_types(prof, desc):
    assert desc.table["n"] == int(prof.overview.loc[0, "rows"]) == 891
    assert desc.table["n_var"] == int(prof.overview.loc[0, "columns"]) == 12
    # ydata-profiling counts distinct duplicated rows, handyspark the rows beyond the first of each: both 0 here
    assert desc.table["n_duplicates"] == int(prof.overview.loc[0, "duplicates"]) == 0
    assert [c for c, v in desc.variables.items() if v["type"] == "Numeric"] == NUMERIC == prof.numeric


def test_counts_missing_and_distinct_are_equal(prof, desc):
    t = prof.table
    for c in prof.names:
        v = desc.variables[c]
        assert (int(t.loc[c, "count"]), int(t.loc[c, "missing"]), int(t.loc[c, "distinct"])) == (
            v["count"], v["n_missing"], v["n_distinct"]), c
        assert t.loc[c, "missing_ratio"] == v["p_missing"], c


def test_moments_extremes_signs_and_quantiles_are_equal(prof, desc):
    t = prof.table
    for c in NUMERIC:
        v = desc.variables[c]
        assert (t.loc[c, "min"], t.loc[c, "max"]) == (v["min"], v["max"]), c
        assert (int(t.loc[c, "zeros"]), int(t.loc[c, "negatives"]), int(t.loc[c, "infinities"])) == (
            v["n_zeros"], v["n_negative"], v["n_infinite"]), c
        for ours, theirs in (("mean", "mean"), ("std", "std"), ("skew", "skewness"), ("kurt", "kurtosis")):
            assert t.loc[c, ours] == pytest.approx(v[theirs], rel=1e-10, abs=1e-13), (c, ours)
        assert t.loc[c, "std"] ** 2 == pytest.approx(v["variance"], rel=1e-10), c
        for label in QUANTILES:  # exact quantiles (relativeError=0) against pandas' Series.quantile
            assert t.loc[c, label] == pytest.approx(v[label], rel=1e-12, abs=1e-12), (c, label)


def test_histograms_are_equal_where_both_have_the_same_bins(prof, desc):
    compared = 0
    for c in NUMERIC:
        v = desc.variables[c]
        if v["n_distinct"] < BINS:  # ydata-profiling takes min(bins, distinct values) bins
            continue
        counts, edges = v["histogram"]
        h = prof.histogram(c)
        np.testing.assert_allclose([*h["left"], h["right"].iloc[-1]], edges, rtol=1e-12, err_msg=c)
        assert h["count"].tolist() == np.asarray(counts, dtype=np.int64).tolist(), c
        compared += 1
    assert compared == 3  # PassengerId, Age, Fare


def _top(counts: pd.Series, k: int) -> list[tuple]:
    return sorted(((value, int(n)) for value, n in counts.items()), key=lambda vc: (-vc[1], vc[0]))[:k]


def test_top_values_are_equal(prof, desc):
    for c in prof.names:
        ours = list(prof.top_values(c).items())
        theirs = _top(desc.variables[c]["value_counts_without_nan"], TOP_K)  # ties by value, as handyspark
        assert [n for _, n in ours] == [n for _, n in theirs], c
        assert [v for v, _ in ours] == [v for v, _ in theirs], c


def test_string_lengths_are_equal(prof, desc):
    t = prof.table
    for c in STRINGS:
        v = desc.variables[c]
        assert (int(t.loc[c, "len_min"]), int(t.loc[c, "len_max"])) == (v["min_length"], v["max_length"]), c
        assert t.loc[c, "len_mean"] == pytest.approx(v["mean_length"], rel=1e-12), c


@pytest.mark.parametrize("method", ["pearson", "spearman"])
def test_correlations_are_equal(prof, desc, method):
    theirs = desc.correlations[method]
    ours = prof.corr(method).loc[theirs.index, theirs.columns]
    np.testing.assert_allclose(ours.to_numpy(), theirs.to_numpy(), rtol=1e-10, atol=1e-12)


def test_cramers_v_is_equal_after_ydata_profilings_bias_correction(prof, desc, titanic_pd):
    """ydata-profiling reports Cramér's V bias-corrected (Bergsma 2013) from the chi-squared statistic with
    Yates' correction where the table is 2 x 2; handyspark the plain V, as scipy's ``association``. From
    handyspark's V, the contingency table's shape and total give ydata-profiling's figure."""
    theirs = desc.correlations["cramers"]
    assert sorted(theirs.columns) == ["Embarked", "Sex"]  # its categorical columns with at most 100 values
    ours = prof.corr("cramer")
    for a, b in [("Sex", "Embarked")]:
        table = pd.crosstab(titanic_pd[a], titanic_pd[b])
        r, k = table.shape
        assert min(r, k) > 2 or (r, k) != (2, 2)  # no Yates' correction for this table
        n = table.to_numpy().sum()
        phi2 = ours.loc[a, b] ** 2 * min(r - 1, k - 1)
        corrected = max(0.0, phi2 - (k - 1) * (r - 1) / (n - 1))
        rcorr, kcorr = r - (r - 1) ** 2 / (n - 1), k - (k - 1) ** 2 / (n - 1)
        expected = math.sqrt(corrected / min(kcorr - 1, rcorr - 1))
        assert expected == pytest.approx(theirs.loc[a, b], rel=1e-10)
        assert ours.loc[a, b] == pytest.approx(0.122569, abs=1e-6) and theirs.loc[a, b] == pytest.approx(0.113072, abs=1e-6)
