"""Hostile input, ``cols``: fetching rows and every column statistic against pandas.

Each statistic runs once over all the columns (one Spark job); a column the batch
refuses is asked alone. Each test id says the operation, the column type and name.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from _hostile import (
    COLUMNS,
    NESTED,
    NUMERIC,
    SCALAR,
    TAME,
    check,
    entropy_oracle,
    hashable,
    ids,
    keyed,
    numeric,
    present,
    same_mapping,
    same_sequence,
    same_value,
    short,
    tol,
    value_counts_oracle,
)

STATS_COLUMNS = SCALAR + NESTED


# ---------------------------------------------------------------------- fetching
@pytest.mark.parametrize("col", COLUMNS, ids=ids(COLUMNS))
def test_fetch(hostile, col):
    """``cols[name][:5]`` (a Series named ``name``), each column read from one ``cols[[...]][:5]`` call first."""
    def same(got, want):
        if not isinstance(got, pd.Series) or got.name != col.name:
            return f"expected a Series named {col.name!r}, got {short(got)}"
        return same_sequence(got, want, "first 5 rows")

    outcome = hostile.per_column("fetch", [c.name for c in COLUMNS], col.name,
                                 lambda names: hostile.hdf.cols[names][:5], lambda name: hostile.hdf.cols[name][:5])
    check(outcome, [col.name], lambda: hostile.pdf[col.name].head(5), same)


FETCH_ALONE = [c for c in COLUMNS if c.name in ("a`b", "a.b", "it's", 'say "hi"', "ünï©ødé 数", "st.ruct `x`")]


@pytest.mark.parametrize("col", FETCH_ALONE, ids=ids(FETCH_ALONE))
def test_fetch_one_column_alone(hostile, col):
    def same(got, want):
        if not isinstance(got, pd.Series) or got.name != col.name:
            return f"expected a Series named {col.name!r}, got {short(got)}"
        return same_sequence(got, want, "first 5 rows")

    check(hostile.once(("fetch", col.name), lambda: hostile.hdf.cols[col.name][:5]), [col.name],
          lambda: hostile.pdf[col.name].head(5), same)


@pytest.mark.parametrize("how", ["all", "list"])
def test_fetch_several_columns(hostile, how):
    names = [c.name for c in COLUMNS]
    key = slice(None) if how == "all" else list(reversed(names))

    def same(got, want):
        if list(got.columns) != list(want.columns):
            return f"columns {list(got.columns)}, pandas {list(want.columns)}"
        diffs = [d for c in want.columns if (d := same_sequence(got[c], want[c], repr(c))) is not None]
        return "; ".join(diffs) or None

    check(hostile.once(("fetch", how), lambda: hostile.hdf.cols[key][:7]), names,
          lambda: hostile.pdf[names if how == "all" else key].head(7), same)


def test_column_groups(hostile):
    cols = hostile.hdf.cols
    by_type = {c.name: c.type for c in COLUMNS}
    assert cols.numerical == [c.name for c in COLUMNS if c.numeric]
    assert cols.continuous == [n for n, t in by_type.items() if t in ("float", "double")]
    assert cols.categorical == [n for n, t in by_type.items()
                                if t in ("tinyint", "smallint", "int", "bigint", "boolean", "string")]
    assert cols.string == [n for n, t in by_type.items() if t == "string"]
    assert cols.array == [n for n, t in by_type.items() if t.startswith("array")]


# ---------------------------------------------------------------------- one value per column
def _numeric_oracle(fn):
    """pandas' statistic; decimal columns (objects in pandas) as float64."""
    def oracle(s: pd.Series):
        decimals = s.dtype == object and len(present(s)) and all(isinstance(v, Decimal) for v in present(s))
        return fn(numeric(s) if decimals else s)
    return oracle


def _mode(s: pd.Series):
    values = present(s).map(hashable)
    return values.mode().iloc[0] if len(values) else np.nan


def _nunique(s: pd.Series):
    return present(s).map(hashable).nunique()


# the 38-digit decimal holding its extremes is asked alone: sums of it overflow Spark's decimal arithmetic, and
# a batch that fails without naming a column costs a few Spark jobs to tell which column failed
NUMERIC_NAMES = [c.name for c in NUMERIC if c.name != 'say "hi"']
SCALAR_NAMES = [c.name for c in SCALAR]
SCALAR_STATS = {
    # name: (call on a cols selection, pandas oracle on the column); numeric statistics are batched
    # over the numeric columns, the others over every scalar column; the rest are asked alone
    "min": (lambda c: c.min(), lambda s: present(s).min()),
    "max": (lambda c: c.max(), lambda s: present(s).max()),
    "mean": (lambda c: c.mean(), _numeric_oracle(lambda s: s.mean())),
    "stddev": (lambda c: c.stddev(), _numeric_oracle(lambda s: s.std())),
    "var": (lambda c: c.var(), _numeric_oracle(lambda s: s.var())),
    "median": (lambda c: c.median(relativeError=0), _numeric_oracle(lambda s: s.quantile(0.5))),
    "q1": (lambda c: c.q1(relativeError=0), _numeric_oracle(lambda s: s.quantile(0.25))),
    "q3": (lambda c: c.q3(relativeError=0), _numeric_oracle(lambda s: s.quantile(0.75))),
    "percentile(0.1)": (lambda c: c.percentile(0.1, relativeError=0), _numeric_oracle(lambda s: s.quantile(0.1))),
    "mode": (lambda c: c.mode(), _mode),
    "nunique": (lambda c: c.nunique(), _nunique),
    "entropy": (lambda c: c.entropy(), entropy_oracle),
}


@pytest.mark.parametrize("col", STATS_COLUMNS, ids=ids(STATS_COLUMNS))
@pytest.mark.parametrize("stat", list(SCALAR_STATS))
def test_statistic(hostile, stat, col):
    call, oracle = SCALAR_STATS[stat]
    cols = hostile.hdf.cols
    batch = SCALAR_NAMES if stat in ("min", "max", "mode", "nunique", "entropy") else NUMERIC_NAMES
    outcome = hostile.per_column(stat, batch, col.name, lambda names: call(cols[names]),
                                 lambda name: call(cols[name]))
    power = 2 if stat == "var" else 1
    abs_tol = 0.0 if stat in ("nunique", "entropy", "mode", "min", "max") else tol(hostile.pdf[col.name], power)
    check(outcome, [col.name], lambda: oracle(hostile.pdf[col.name]),
          lambda got, want: same_value(got, want, abs_tol=abs_tol))


# dropna=True differs from dropna=False only by what counts as missing: NaN matters in float columns;
# the tame integer/decimal columns add nothing the wild ones do not have, nor smallint/int to tinyint/bigint
VALUE_COUNTS = [(False, c) for c in STATS_COLUMNS
                if (c.kind != "tame" or not c.numeric or c.floating) and c.type not in ("smallint", "int")] + [
    (True, c) for c in STATS_COLUMNS if c.name in ("ƒløat", "a.b", "a`b", "ar ray")]


@pytest.mark.parametrize(("dropna", "col"), VALUE_COUNTS,
                         ids=[("dropna-" if d else "keepna-") + c.id for d, c in VALUE_COUNTS])
def test_value_counts(hostile, dropna, col):
    outcome = hostile.once(("value_counts", dropna, col.name),
                           lambda: hostile.hdf.cols[col.name].value_counts(dropna=dropna))

    def same(got, want):
        if got.index.name != col.name:
            return f"index named {got.index.name!r}, pandas {col.name!r}"
        counts = got.to_numpy()
        if np.any(np.diff(counts) > 0):
            return f"counts not most frequent first: {short(got)}"
        return same_mapping(keyed(got), want, "counts")

    check(outcome, [col.name], lambda: value_counts_oracle(hostile.pdf[col.name], dropna), same)


# ---------------------------------------------------------------------- frame-wide
ALL_NAMES = [c.name for c in COLUMNS]

@pytest.mark.parametrize("col", COLUMNS, ids=ids(COLUMNS))
@pytest.mark.parametrize("ratio", [False, True], ids=["counts", "ratio"])
def test_isnull(hostile, ratio, col):
    outcome = hostile.per_column(
        ("isnull", ratio), ALL_NAMES, col.name,
        lambda names: hostile.hdf.isnull(ratio=ratio) if names == ALL_NAMES else hostile.hdf.cols[names].isnull(ratio=ratio),
        lambda name: hostile.hdf.cols[name].isnull(ratio=ratio))
    missing = hostile.pdf.isnull()
    want = missing.mean() if ratio else missing.sum()
    check(outcome, [col.name], lambda: want[col.name], same_value)


@pytest.mark.parametrize("col", COLUMNS, ids=ids(COLUMNS))
def test_frame_nunique(hostile, col):
    outcome = hostile.per_column(
        "frame nunique", ALL_NAMES, col.name,
        lambda names: hostile.hdf.nunique() if names == ALL_NAMES else hostile.hdf.cols[names].nunique(),
        lambda name: hostile.hdf.cols[name].nunique())
    check(outcome, [col.name], lambda: _nunique(hostile.pdf[col.name]), same_value)


# ---------------------------------------------------------------------- across columns


# one column of each numeric type, wild and tame in turn (a matrix over every numeric column costs seconds)
CORR = [c for c in NUMERIC if c.name in ("select", "sh'ort", "order", "lo ng.x", "a b", "do`uble", "it's", "38.dec")]
CORR_NAMES = [c.name for c in CORR]


@pytest.mark.parametrize("col", CORR, ids=ids(CORR))
@pytest.mark.parametrize("method", ["pearson", "spearman"])
def test_corr(hostile, method, col):
    outcome = hostile.per_column(("corr", method), CORR_NAMES, col.name,
                                 lambda names: hostile.hdf.cols[names].corr(method=method),
                                 lambda name: hostile.hdf.cols[[name, "#"]].corr(method=method).loc[name],
                                 pick=lambda m, name: m.loc[name])

    def same(got, want):
        return same_mapping(keyed(got), keyed(want[got.index]), f"row {col.name!r} of the {method} matrix",
                            rel=1e-7, abs_tol=1e-9)

    check(outcome, [col.name], lambda: corr_oracle(hostile.pdf, col.name, CORR_NAMES + ["#"], method), same)


def corr_oracle(pdf: pd.DataFrame, name: str, others: list[str], method: str) -> pd.Series:
    """Row ``name`` of the correlation matrix, each pair on its pairwise-complete rows.

    Pearson: pandas' ``corr``, but NaN where a value is infinite (as numpy's ``corrcoef``; pandas
    returns a number there). Spearman: the Pearson correlation of pandas' average ranks, which
    are well defined for infinities (pandas' own spearman is not).
    """
    out = {}
    for other in others:
        x, y = numeric(pdf[name]), numeric(pdf[other])
        both = ~(x.isna() | y.isna())
        x, y = x[both], y[both]
        if method == "spearman":
            out[other] = x.rank().corr(y.rank())
        elif not (np.isfinite(x).all() and np.isfinite(y).all()):
            out[other] = np.nan
        else:
            out[other] = x.corr(y)
    return pd.Series(out)


MI_COLUMNS = [c for c in TAME if c.name in ("sh'ort", "do`uble", "dec 5.2", "x' OR 1=1 --", "str.in g", "ts.1 `x`")]


@pytest.mark.parametrize("col", MI_COLUMNS, ids=ids(MI_COLUMNS))
def test_mutual_info(hostile, col):
    from sklearn.metrics import mutual_info_score

    names = [c.name for c in MI_COLUMNS]
    outcome = hostile.per_column("mutual_info", names, col.name, lambda ns: hostile.hdf.cols[ns].mutual_info(),
                                 lambda name: hostile.hdf.cols[[name, "#"]].mutual_info().loc[name],
                                 pick=lambda m, name: m.loc[name])

    def oracle():
        pdf = hostile.pdf
        out = {}
        for other in names + ["#"]:
            x, y = pdf[col.name], pdf[other]
            both = ~(x.isna() | y.isna())
            x = pd.factorize(np.asarray(x[both].map(hashable), dtype=object))[0]
            y = pd.factorize(np.asarray(y[both].map(hashable), dtype=object))[0]
            out[other] = mutual_info_score(x, y) / np.log(2)
        return pd.Series(out)

    def same(got, want):
        return same_mapping(keyed(got), keyed(want[got.index]), f"row {col.name!r} of mutual_info", rel=1e-7)

    check(outcome, [col.name], oracle, same)


@pytest.mark.parametrize("col", NUMERIC, ids=ids(NUMERIC))
def test_describe(hostile, col):
    outcome = hostile.per_column("describe", NUMERIC_NAMES, col.name,
                                 lambda names: hostile.hdf.cols[names].describe(relativeError=0),
                                 lambda name: hostile.hdf.cols[[name]].describe(relativeError=0)[name])
    abs_tol = tol(hostile.pdf[col.name])
    check(outcome, [col.name], lambda: numeric(hostile.pdf[col.name]).describe(),
          lambda got, want: same_mapping(keyed(got), keyed(want), f"describe of {col.name!r}",
                                         abs_tol=lambda k: 0.0 if k == "count" else abs_tol))
