"""Hostile input, cleaning: fill, fence, outliers, Mahalanobis, and the imputer/fencer stages.

Every fill and fence keeps every row and leaves every other column as it was; the
filled/clipped values equal pandas' ``fillna``/``clip`` with pandas' mode, mean,
median and quartiles. The stages redo the frame exactly, also after a save/load.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _hostile import (
    COLUMNS,
    NESTED,
    NUMERIC,
    SCALAR,
    attempt,
    check,
    fence_oracle,
    fill_oracle,
    ids,
    mode_of,
    numeric,
    outliers_oracle,
    pandas_keys,
    same_frame,
    same_value,
    tol,
)

from handyspark import Bucket

NUMERIC_NAMES = [c.name for c in NUMERIC]
SCALAR_NAMES = [c.name for c in SCALAR]


def _filled(frame, categorical=(), continuous=(), strategy="mean"):
    out = frame.fill(categorical=list(categorical) or None, continuous=list(continuous) or None, strategy=strategy)
    return out, out.toPandas()


def _same_fill(hostile, column: str, how: str, touched: list[str]):
    """The filled column equals pandas', ``statistics_`` says pandas' value, the other columns are unchanged."""
    def same(got, want):
        frame, pdf = got
        s = hostile.pdf[column] if how == "mode" else numeric(hostile.pdf[column])
        value = mode_of(s) if how == "mode" else getattr(s, how)()
        diff = same_value(frame.statistics_.get(column), value, abs_tol=tol(hostile.pdf[column]))
        if diff:
            return f"statistics_[{column!r}]: {diff}"
        return same_frame(pdf[[column]], want[[column]]) or same_frame(
            pdf.drop(columns=touched), hostile.pdf.drop(columns=touched))
    return same


@pytest.mark.parametrize("col", SCALAR + NESTED, ids=ids(SCALAR + NESTED))
def test_fill_categorical(hostile, col):
    """The mode (ties: the smallest), for every type, in one fill over every column."""
    outcome = hostile.per_column("fill categorical", SCALAR_NAMES, col.name,
                                 lambda names: _filled(hostile.hdf, categorical=names),
                                 lambda name: _filled(hostile.hdf, categorical=[name]), pick=lambda r, _: r)
    touched = SCALAR_NAMES if col.name in SCALAR_NAMES else [col.name]
    check(outcome, [col.name], lambda: fill_oracle(hostile.pdf, None, [(col.name, "mode")]),
          _same_fill(hostile, col.name, "mode", touched))


@pytest.mark.parametrize("col", SCALAR, ids=ids(SCALAR))
@pytest.mark.parametrize("strategy", ["mean", "median"])
def test_fill_continuous(hostile, strategy, col):
    outcome = hostile.per_column(("fill", strategy), NUMERIC_NAMES, col.name,
                                 lambda names: _filled(hostile.hdf, continuous=names, strategy=strategy),
                                 lambda name: _filled(hostile.hdf, continuous=[name], strategy=strategy),
                                 pick=lambda r, _: r)
    touched = NUMERIC_NAMES if col.name in NUMERIC_NAMES else [col.name]
    check(outcome, [col.name], lambda: fill_oracle(hostile.pdf, None, [(col.name, strategy)]),
          _same_fill(hostile, col.name, strategy, touched))


def _fenced(frame, names):
    out = frame.fence(names)
    return out, out.toPandas()


@pytest.mark.parametrize("col", NUMERIC + [c for c in SCALAR if not c.numeric][:3], ids=ids(
    NUMERIC + [c for c in SCALAR if not c.numeric][:3]))
def test_fence(hostile, col):
    """Values clipped to [Q1 - 1.5 IQR, Q3 + 1.5 IQR] (exact quartiles), nulls and NaN kept, rows and types kept."""
    outcome = hostile.per_column("fence", NUMERIC_NAMES, col.name, lambda names: _fenced(hostile.hdf, names),
                                 lambda name: _fenced(hostile.hdf, [name]), pick=lambda r, _: r)
    touched = NUMERIC_NAMES if col.name in NUMERIC_NAMES else [col.name]

    def same(got, want):
        (frame, pdf), (want_frame, want_fences) = got, want
        diff = same_value([frame.fences_.get(col.name)], want_fences[col.name], abs_tol=tol(hostile.pdf[col.name]))
        if diff:
            return f"fences_[{col.name!r}]: {diff}"
        return same_frame(pdf[[col.name]], want_frame[[col.name]]) or same_frame(
            pdf.drop(columns=touched), hostile.pdf.drop(columns=touched))

    check(outcome, [col.name], lambda: fence_oracle(hostile.pdf, None, [col.name]), same)


@pytest.mark.parametrize("col", [c for c in COLUMNS if c.numeric], ids=ids([c for c in COLUMNS if c.numeric]))
@pytest.mark.parametrize("ratio", [False, True], ids=["counts", "ratio"])
def test_outliers(hostile, ratio, col):
    every = hostile.once(("outliers", ratio), lambda: hostile.hdf.outliers(ratio=ratio))
    outcome = every if every.error is not None else attempt(lambda: every.value[col.name])
    check(outcome, [col.name], lambda: outliers_oracle(hostile.pdf, None, None, [col.name], 1.5, ratio),
          lambda got, want: same_value(got, want[col.name]))


MAHALANOBIS = {
    "finite": ["do`uble", 'in"t"', "it's"],
    "with inf": ["a.b", "order"],
    "extremes": ["1st", "38.dec"],
}


MAHALANOBIS_CALLS = [("finite", "get_outliers"), ("finite", "remove_outliers"), ("with inf", "get_outliers"),
                     ("extremes", "get_outliers")]


@pytest.mark.parametrize(("group", "which"), MAHALANOBIS_CALLS, ids=[f"{g}-{w}" for g, w in MAHALANOBIS_CALLS])
def test_mahalanobis(hostile, group, which):
    """Rows whose squared Mahalanobis distance exceeds chi2.ppf(0.9, p), by numpy on the complete rows."""
    from scipy.stats import chi2

    names = MAHALANOBIS[group]

    def call():
        return sorted(r["#"] for r in getattr(hostile.hdf.cols[names], which)(critical_value=0.9).select("#").collect())

    def oracle():
        data = pd.DataFrame({n: numeric(hostile.pdf[n]).astype("float64") for n in names})
        complete = data.dropna()
        x = complete.to_numpy()
        diff = x - x.mean(axis=0)
        with np.errstate(all="ignore"):
            d2 = np.einsum("ij,jk,ik->i", diff, np.linalg.inv(np.cov(x, rowvar=False)), diff)
        out = set(hostile.pdf["#"][complete.index[d2 > chi2.ppf(0.9, len(names))]])
        return sorted(out if which == "get_outliers" else set(hostile.pdf["#"]) - out)

    check(hostile.once(("mahalanobis", group, which), call), names, oracle,
          lambda got, want: None if got == want else f"rows {got}, numpy {want}")


# ---------------------------------------------------------------------- the stages
CLEANED = {
    "plain": (None, ["a`b", "d'ate", "timestamp", "ntz 数", "x' OR 1=1 --"], ["ƒløat", "it's", "1st"],
              ["order", "do`uble", "dec 5.2"]),
    "strata": (["str.in g", Bucket("ƒløat", 3)], ["a`b", "1ntz", "d'ate"], ["dec 5.2", "order"],
               ["do`uble", "lo ng.x"]),
}


def _cleaned(hostile, key):
    def make():
        strata, cat, cont, fenced = CLEANED[key]
        frame = hostile.hdf if strata is None else hostile.hdf.stratify(strata)
        frame = frame.fill(categorical=cat, continuous=cont)
        frame = (frame if strata is None else frame.stratify(strata)).fence(fenced)
        return frame, frame.toPandas()
    outcome = hostile.once(("cleaned", key), make)
    if outcome.error is not None:
        raise outcome.error
    return outcome.value


@pytest.mark.parametrize("key", list(CLEANED))
def test_cleaned_frame_equals_pandas(hostile, key):
    strata, cat, cont, fenced = CLEANED[key]
    names = [s if isinstance(s, str) else s.col for s in strata or []] + cat + cont + fenced

    def oracle():
        codes = None
        if strata is not None:
            codes = pandas_keys(hostile.pdf, strata)[0]
        filled = fill_oracle(hostile.pdf, codes, [(c, "mode") for c in cat] + [(c, "mean") for c in cont])
        return fence_oracle(filled, codes, fenced)[0]

    check(hostile.once(("cleaned pandas", key), lambda: _cleaned(hostile, key)[1]), names, oracle, same_frame)


@pytest.mark.parametrize("key", list(CLEANED))
def test_stages_redo_the_frame_and_survive_save_load(hostile, tmp_path, key):
    """``transformers.imputer()`` then ``fencer()`` on the raw frame give the cleaned frame, before and after
    a save/load round trip of both stages."""
    from handyspark.ml import HandyFencer, HandyImputer

    strata, cat, cont, fenced = CLEANED[key]
    names = [s if isinstance(s, str) else s.col for s in strata or []] + cat + cont + fenced

    def run():
        frame, cleaned = _cleaned(hostile, key)
        imputer, fencer = frame.transformers.imputer(), frame.transformers.fencer()
        imputer.write().overwrite().save(str(tmp_path / "imputer"))
        fencer.write().overwrite().save(str(tmp_path / "fencer"))
        loaded_imputer, loaded_fencer = HandyImputer.load(str(tmp_path / "imputer")), HandyFencer.load(
            str(tmp_path / "fencer"))
        before = fencer.transform(imputer.transform(hostile.df)).toPandas()
        after = loaded_fencer.transform(loaded_imputer.transform(hostile.df)).toPandas()
        return cleaned, before, after

    def same(got, _):
        cleaned, before, after = got
        diff = same_frame(before, cleaned)
        if diff:
            return f"the stages do not redo the frame: {diff}"
        diff = same_frame(after, cleaned)
        return f"the loaded stages do not redo the frame: {diff}" if diff else None

    check(hostile.once(("stages", key), run), names, lambda: None, same)


def test_second_fill_of_a_column_is_what_the_imputer_applies(hostile):
    """Filling a column twice: the imputer must give the frame's values."""
    def run():
        frame = hostile.hdf.fill(continuous=["ƒløat"], strategy="median").stratify(["str.in g"]).fill(
            continuous=["ƒløat"], strategy="mean")
        return frame.toPandas(), frame.transformers.imputer().transform(hostile.df).toPandas()

    check(hostile.once("fill twice", run), ["ƒløat"],
          lambda: fill_oracle(hostile.pdf, None, [("ƒløat", "median")]),
          lambda got, want: same_frame(got[0], want) or same_frame(got[1], got[0]))
