"""Hostile input, ``stratify``: statistics, fill, fence and outliers per stratum against pandas' groupby.

Strata are hostile-named plain columns (strings with quotes and SQL, booleans, dates,
timestamps, a double with NaN and -0.0, a decimal, all with nulls) and Bucket/Quantile
bins, including bins of columns holding infinities. pandas groups with
``groupby(dropna=False)``; bins are made as the docs say (numpy's histogram edges for
Bucket, exact quantiles for Quantile(relativeError=0), closed left, the last on both sides).
"""

from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest
from _hostile import (
    BY_NAME,
    NA,
    check,
    fence_oracle,
    fill_oracle,
    hashable,
    keyed_tuples,
    numeric,
    outliers_oracle,
    pandas_keys,
    per_stratum,
    same_frame,
    same_mapping,
    same_value,
    tol,
)

from handyspark import Bucket, Quantile

STRATA = {
    "string+boolean": ["str.in g", "x' OR 1=1 --"],
    "date": ["d'ate"],
    "double(NaN,-0.0)": ["do`uble"],
    "timestamp+ntz": ["ts.1 `x`", "1ntz"],
    "decimal": ["dec 5.2"],
    "Bucket(float)": [Bucket("ƒløat", 3)],
    "Quantile(int)": [Quantile("order", 3, relativeError=0)],
    "Bucket(inf)": [Bucket("a.b", 2)],
    "Quantile(inf)": [Quantile("a b", 2, relativeError=0)],
}
CLEANING_STRATA = ["string+boolean", "double(NaN,-0.0)", "timestamp+ntz", "Bucket(float)", "Quantile(int)",
                   "Quantile(inf)"]


def _names(items) -> list[str]:
    return [i if isinstance(i, str) else i.col for i in items]


def stratified(hostile, group: str):
    """The StratifiedFrame of a group (made once per session)."""
    outcome = hostile.once(("stratify", group), lambda: hostile.hdf.stratify(STRATA[group]))
    if outcome.error is not None:
        raise outcome.error
    return outcome.value


# ---------------------------------------------------------------------- statistics
DESCRIBED = ["order", "ƒløat", "it's", "lo ng.x"]


@pytest.mark.parametrize("column", DESCRIBED)
@pytest.mark.parametrize("group", list(STRATA))
def test_stratified_describe(hostile, group, column):
    """describe() per stratum: count, mean, std, min, quartiles, max (exact quartiles)."""
    items = STRATA[group]
    outcome = hostile.once(("describe", group),
                  lambda: stratified(hostile, group).cols[DESCRIBED].describe(relativeError=0))

    def oracle():
        codes, labels = pandas_keys(hostile.pdf, items)
        return per_stratum(numeric(hostile.pdf[column]).groupby(codes).describe(), labels)

    abs_tol = tol(hostile.pdf[column])
    check(outcome, _names(items) + [column], oracle,
          lambda got, want: same_mapping(keyed_tuples(got[column]), want, f"describe of {column!r} per stratum",
                                         abs_tol=lambda k: 0.0 if k[-1] == "count" else abs_tol))


@pytest.mark.parametrize("group", list(STRATA))
def test_stratified_value_counts(hostile, group):
    items = STRATA[group]
    outcome = hostile.once(("value_counts", group), lambda: stratified(hostile, group).cols["a`b"].value_counts())

    def oracle():
        codes, labels = pandas_keys(hostile.pdf, items)
        values = [hashable(v) for v in hostile.pdf["a`b"]]
        return dict(Counter((*labels[c], v) for c, v in zip(codes, values) if v != NA))

    check(outcome, _names(items) + ["a`b"], oracle,
          lambda got, want: same_mapping(keyed_tuples(got), want, "value counts of 'a`b' per stratum"))


@pytest.mark.parametrize("group", ["string+boolean", "double(NaN,-0.0)", "Bucket(float)", "Quantile(inf)"])
def test_stratified_isnull(hostile, group):
    items = STRATA[group]
    outcome = hostile.once(("isnull", group), lambda: stratified(hostile, group).isnull(ratio=True))

    def oracle():
        codes, labels = pandas_keys(hostile.pdf, items)
        return per_stratum(hostile.pdf.isnull().groupby(codes).mean(), labels)

    check(outcome, _names(items), oracle,
          lambda got, want: same_mapping(keyed_tuples(got), want, "missing ratio per stratum and column"))


MODE_GROUPS = ["string+boolean", "double(NaN,-0.0)", "Bucket(float)", "Quantile(int)"]
MODE_COLUMNS = ["a`b", "order", "d'ate", "ƒløat"]


@pytest.mark.parametrize("column", MODE_COLUMNS)
@pytest.mark.parametrize("stat", ["mode", "nunique"])
@pytest.mark.parametrize("group", MODE_GROUPS)
def test_stratified_mode_and_nunique(hostile, group, stat, column):
    items = STRATA[group]
    outcome = hostile.once((stat, group), lambda: getattr(stratified(hostile, group).cols[MODE_COLUMNS], stat)())

    def oracle():
        codes, labels = pandas_keys(hostile.pdf, items)
        values = pd.Series([hashable(v) for v in hostile.pdf[column]], dtype=object).replace({NA: None})
        per = values.groupby(codes)
        table = per.nunique() if stat == "nunique" else per.agg(
            lambda s: s.dropna().mode().iloc[0] if s.notna().any() else None)
        return per_stratum(table, labels)

    def same(got, want):
        mine = {k[:-1]: v for k, v in keyed_tuples(got).items() if k[-1] == column}
        return same_mapping(mine, want, f"{stat} of {column!r} per stratum")

    check(outcome, _names(items) + [column], oracle, same)


# ---------------------------------------------------------------------- cleaning
FILL_PLAN = [("a`b", "mode"), ("d'ate", "mode"), ("x' OR 1=1 --", "mode"), ("ƒløat", "mean"), ("order", "median"),
             ("it's", "mean"), ("1ntz", "mode")]
FENCED = ["ƒløat", "order", "it's"]


def _fill(frame, plan):
    cat = [c for c, how in plan if how == "mode"]
    cont = [(c, how) for c, how in plan if how != "mode"]
    return frame.fill(categorical=cat, continuous=[c for c, _ in cont], strategy=[h for _, h in cont])


@pytest.mark.parametrize("column", [c for c, _ in FILL_PLAN])
@pytest.mark.parametrize("group", CLEANING_STRATA)
def test_stratified_fill(hostile, group, column):
    """Every row kept, every other column unchanged, each stratum's missing values filled with its own value."""
    items = STRATA[group]
    plan = [p for p in FILL_PLAN if p[0] not in _names(items)]
    if column in _names(items):
        pytest.skip("the stratum column itself: see test_stratum_column_filled_in_the_same_call")

    def filled(names):
        frame = _fill(stratified(hostile, group), [p for p in plan if p[0] in names])
        return frame, frame.toPandas()

    outcome = hostile.per_column(("fill", group), [c for c, _ in plan], column, filled, lambda n: filled([n]),
                                 pick=lambda result, _: result)

    def same(got, want):
        frame, pdf = got
        n_values = numeric(hostile.pdf[column]) if dict(plan)[column] != "mode" else hostile.pdf[column]
        groups = n_values.groupby(pandas_keys(hostile.pdf, items)[0]).count()
        entries = frame.statistics_.get(column)
        if not isinstance(entries, dict) or len(entries) != int((groups > 0).sum()):
            return f"statistics_[{column!r}] has {len(entries or {})} strata, pandas {int((groups > 0).sum())}: {entries}"
        return same_frame(pdf[[column]], want[[column]]) or same_frame(
            pdf.drop(columns=[c for c, _ in plan]), hostile.pdf.drop(columns=[c for c, _ in plan]))

    check(outcome, _names(items) + [column],
          lambda: fill_oracle(hostile.pdf, pandas_keys(hostile.pdf, items)[0], [(column, dict(plan)[column])]), same)


def test_stratum_column_filled_in_the_same_call(hostile):
    """A stratum column filled in the same call: each row is looked up by its stratum *before* filling."""
    group = "string+boolean"
    outcome = hostile.once("fill stratum column", lambda: stratified(hostile, group).fill(
        categorical=["str.in g"], continuous=["do`uble"]).toPandas())

    def oracle():
        codes, _ = pandas_keys(hostile.pdf, STRATA[group])
        return fill_oracle(hostile.pdf, codes, [("str.in g", "mode"), ("do`uble", "mean")])

    check(outcome, ["str.in g", "do`uble"], oracle, same_frame)


@pytest.mark.parametrize("column", FENCED)
@pytest.mark.parametrize("group", CLEANING_STRATA)
def test_stratified_fence(hostile, group, column):
    items = STRATA[group]
    names = [c for c in FENCED if c not in _names(items)]
    if column not in names:
        pytest.skip("the stratum column itself")

    def fenced(cols):
        frame = stratified(hostile, group).fence(cols)
        return frame, frame.toPandas()

    outcome = hostile.per_column(("fence", group), names, column, fenced, lambda n: fenced([n]),
                                 pick=lambda result, _: result)

    def same(got, want):
        (frame, pdf), (want_frame, want_fences) = got, want
        fences = frame.fences_.get(column)
        fences = sorted(fences.values()) if isinstance(fences, dict) else fences
        if same_value(fences, want_fences[column], abs_tol=tol(hostile.pdf[column])) is not None:
            return f"fences_[{column!r}] per stratum: {fences}, pandas {want_fences[column]}"
        return same_frame(pdf[[column]], want_frame[[column]]) or same_frame(
            pdf.drop(columns=names), hostile.pdf.drop(columns=names))

    check(outcome, _names(items) + [column],
          lambda: fence_oracle(hostile.pdf, pandas_keys(hostile.pdf, items)[0], names), same)


OUTLIERS = [("string+boolean", False), ("Bucket(float)", True)]


@pytest.mark.parametrize(("group", "ratio"), OUTLIERS, ids=[f"{g}-{'ratio' if r else 'counts'}" for g, r in OUTLIERS])
def test_stratified_outliers(hostile, group, ratio):
    items = STRATA[group]
    outcome = hostile.once(("outliers", group, ratio), lambda: stratified(hostile, group).outliers(k=1.5, ratio=ratio))
    numerical = [c for c in hostile.df.columns if BY_NAME[c].numeric]
    check(outcome, _names(items), lambda: outliers_oracle(hostile.pdf, *pandas_keys(hostile.pdf, items), numerical,
                                                          1.5, ratio),
          lambda got, want: same_mapping(keyed_tuples(got), want, "outliers per stratum and column"))
