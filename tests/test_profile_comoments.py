"""Pearson's and Spearman's correlations of a profile from numpy's pair sums (handyspark/profile/_comoments.py)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from handyspark.profile._comoments import SUMS, partition_sums


def _oracle_sums(x: np.ndarray) -> dict[str, list[float]]:
    """The pair sums of the rows of ``x`` (NaN missing), pair by pair, in plain Python loops."""
    out: dict[str, list[float]] = {s: [] for s in SUMS}
    for a in range(x.shape[1]):
        for b in range(a, x.shape[1]):
            both = [(u, v) for u, v in zip(x[:, a], x[:, b]) if not (math.isnan(u) or math.isnan(v))]
            finite = [(u, v) for u, v in both if math.isfinite(u) and math.isfinite(v)]
            out["n"].append(len(both))
            out["sx"].append(sum(u if math.isfinite(u) else 0.0 for u, _ in both))
            out["sy"].append(sum(v if math.isfinite(v) else 0.0 for _, v in both))
            out["sxx"].append(sum(u * u if math.isfinite(u) else 0.0 for u, _ in both))
            out["syy"].append(sum(v * v if math.isfinite(v) else 0.0 for _, v in both))
            out["sxy"].append(sum(u * v for u, v in finite) + 0.0 * len(both))
            out["infinite"].append(sum((not math.isfinite(u)) + (not math.isfinite(v)) for u, v in both))
    return out


def test_partition_sums_per_stratum_over_batches_keep_null_and_nan_keys_apart():
    rng = np.random.default_rng(3)
    keys = [None, 1.5, float("nan"), 1.5, None, float("nan"), 2.0, 1.5]
    x = rng.normal(size=(8, 3))
    x[1, 0] = x[4, 2] = np.nan
    x[6, 1] = np.inf
    schema = pa.schema([("k0", pa.float64()), ("x0", pa.float64()), ("x1", pa.float64()), ("x2", pa.float64())])

    def batch(rows: slice) -> pa.RecordBatch:
        cols = [pa.array(keys[rows], type=pa.float64(), from_pandas=False)]
        cols += [pa.array(x[rows, i], mask=np.isnan(x[rows, i])) for i in range(3)]  # missing as null
        return pa.RecordBatch.from_arrays(cols, schema=schema)

    out = pa.Table.from_batches(list(partition_sums(iter([batch(slice(0, 5)), batch(slice(5, 8))]), 1, 3)))
    got = out.to_pandas()
    assert len(got) == 4 * 6  # strata null, 1.5, NaN, 2.0 (null and NaN apart), 6 pairs each
    assert got["k0"].isna().sum() == 12 and out.column("k0").null_count == 6
    for key in (None, 1.5, float("nan"), 2.0):
        rows = [i for i, k in enumerate(keys) if (k is None and key is None) or (
            k is not None and key is not None and (k == key or (math.isnan(k) and math.isnan(key))))]
        want = _oracle_sums(x[rows])
        if key is None:
            here = [i for i in range(len(got)) if out.column("k0")[i].as_py() is None]
        else:
            here = [i for i in range(len(got)) if (v := out.column("k0")[i].as_py()) is not None
                    and (v == key or (math.isnan(v) and math.isnan(key)))]
        part = got.iloc[here].sort_values("p")
        assert part["p"].tolist() == list(range(6))
        for s in SUMS:
            np.testing.assert_allclose(part[s].to_numpy(), want[s], rtol=1e-12, atol=1e-12, err_msg=f"{key} {s}")


def _pairwise_corrcoef(frame: pd.DataFrame) -> np.ndarray:
    """numpy's Pearson correlation of each pair of columns on the rows where both are present (NaN for a constant side)."""
    cols = list(frame.columns)
    out = np.full((len(cols), len(cols)), np.nan)
    for i, a in enumerate(cols):
        for j, b in enumerate(cols):
            both = frame[[a, b]].dropna().to_numpy()
            if len(both) > 1 and both[:, 0].std() > 0 and both[:, 1].std() > 0:
                out[i, j] = np.corrcoef(both[:, 0], both[:, 1])[0, 1]
    return out


def test_correlations_equal_pandas_with_offsets_constants_infinities_and_missing(spark, activate):
    activate(spark)
    rng = np.random.default_rng(7)
    n = 60
    pdf = pd.DataFrame({
        "g": ["a"] * 30 + ["b"] * 30,
        "big": 1e9 + rng.normal(size=n),              # a large offset: sums about the minimum keep precision
        "u": rng.integers(0, 5, size=n).astype(float),  # ties
        "half": np.r_[np.full(30, 7.25), rng.normal(size=30)],  # constant in stratum a
        "w": rng.normal(size=n),
    })
    pdf.loc[[3, 40, 41], "w"] = np.nan
    pdf.loc[[5], "u"] = np.nan
    df = spark.createDataFrame(pdf)
    numeric = ["big", "u", "half", "w"]
    p = df.toHandy().stratify(["g"]).profile(numeric)
    for s, g in enumerate(["a", "b"]):
        part = pdf[pdf.g == g][numeric]
        for method in ("pearson", "spearman"):
            # pandas' DataFrame.corr loses 7 digits to the offset of "big" (its one-pass update): the
            # oracle of Pearson is numpy's two-pass corrcoef of each pair's complete rows
            want = _pairwise_corrcoef(part) if method == "pearson" else part.corr(method=method).to_numpy()
            got = np.array(getattr(p, method)[s])
            np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12, err_msg=f"{g} {method}")
    assert math.isnan(p.pearson[0][2][3]) and math.isnan(p.spearman[0][2][2])  # constant in a: NaN, as pandas

    inf = spark.createDataFrame(pd.DataFrame({"x": [1.0, 2.0, np.inf, 4.0], "y": [1.0, 3.0, 2.0, None],
                                              "z": [2.0, 1.0, 4.0, 3.0]})).toHandy().profile()
    assert math.isnan(inf.pearson[0][0][2])  # an infinity among the pair's rows: NaN, as pandas
    assert inf.pearson[0][1][2] == pytest.approx(pd.Series([1.0, 3.0, 2.0]).corr(pd.Series([2.0, 1.0, 4.0])))


def test_a_pair_without_complete_rows_is_nan_and_a_column_with_itself_exactly_one(spark, activate):
    activate(spark)
    df = spark.createDataFrame([(1.0, None, 5.0), (2.0, None, 1.0), (None, 3.0, 2.0), (None, 4.0, 7.0)],
                               "x double, y double, z double")
    p = df.toHandy().profile()
    for method in ("pearson", "spearman"):
        m = getattr(p, method)[0]
        assert math.isnan(m[0][1]) and math.isnan(m[1][0]), method  # no row has both x and y
        assert [m[i][i] for i in range(3)] == [1.0, 1.0, 1.0], method
    pdf = df.toPandas()
    assert p.pearson[0][0][2] == pytest.approx(pdf["x"].corr(pdf["z"])) and p.spearman[0][1][2] == pytest.approx(
        pdf["y"].corr(pdf["z"], method="spearman"))


def test_spearman_ranks_each_column_once_as_pandas_rank_corr_and_pairwise_as_pandas_corr(spark, activate):
    activate(spark)
    rng = np.random.default_rng(11)
    n = 40
    pdf = pd.DataFrame({
        "g": ["a"] * 20 + ["b"] * 20,
        "u": rng.integers(0, 4, size=n).astype(float),  # ties
        "v": rng.normal(size=n),
        "w": np.r_[np.full(20, 2.5), rng.normal(size=20)],  # constant in stratum a
    })
    pdf.loc[[1, 2, 25], "u"] = np.nan
    pdf.loc[[2, 7, 30, 31], "v"] = np.nan
    pdf.loc[[4], "v"] = np.inf  # missing to Spearman, as pandas' corr(method="spearman") reads it
    df = spark.createDataFrame(pdf)
    numeric = ["u", "v", "w"]
    hdf = df.toHandy().stratify(["g"])
    ranks, pairwise = hdf.profile(numeric, spearman="ranks"), hdf.profile(numeric, spearman="pairwise")
    assert ranks.options["spearman"] == "ranks" and pairwise.options["spearman"] == "pairwise"
    for s, g in enumerate(["a", "b"]):
        part = pdf[pdf.g == g][numeric]
        want = part.replace([np.inf, -np.inf], np.nan).rank().corr().to_numpy(copy=True)  # writable under pandas 3
        np.fill_diagonal(want, np.where(np.isnan(np.diag(want)), np.nan, 1.0))
        np.testing.assert_allclose(np.array(ranks.spearman[s]), want, rtol=1e-10, atol=1e-12, err_msg=g)
        np.testing.assert_allclose(np.array(pairwise.spearman[s]), part.corr(method="spearman").to_numpy(),
                                   rtol=1e-10, atol=1e-12, err_msg=g)
    assert not np.allclose(np.array(ranks.spearman[1]), np.array(pairwise.spearman[1]))  # the methods differ here
    # without missing values the two methods are one
    complete = df.toHandy().profile(["w", "g"], spearman="ranks")
    assert complete.spearman == df.toHandy().profile(["w", "g"], spearman="pairwise").spearman


def test_spearman_auto_ranks_pairwise_while_cheap():
    from handyspark.profile.compute import SPEARMAN_PAIRWISE_BUDGET, spearman_method

    assert spearman_method("auto", 891, 7, 6) == "pairwise"  # Titanic: Age's 7 pairs
    assert spearman_method("auto", 2_000_000, 59, 0) == "ranks"  # 1,770 pairs x 2M rows
    assert spearman_method("auto", 10**9, 59, 59) == "pairwise"  # no missing value: the two are equal
    rows = SPEARMAN_PAIRWISE_BUDGET // 3
    assert spearman_method("auto", rows, 2, 0) == "pairwise" and spearman_method("auto", rows + 1, 2, 0) == "ranks"
    assert spearman_method("pairwise", 10**9, 59, 0) == "pairwise" and spearman_method("ranks", 1, 2, 0) == "ranks"


def test_spearman_method_is_checked_before_any_job(classic_spark, count_jobs):
    from handyspark.errors import ArgumentError

    df = classic_spark.createDataFrame([(1.0,)], "x double")
    with count_jobs() as c, pytest.raises(ArgumentError, match="spearman must be one of"):
        df.toHandy().profile(spearman="kendall")
    assert c.jobs == 0
