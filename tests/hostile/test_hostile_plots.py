"""Hostile input, the numbers behind the plots: ``histogram``, ``box_stats`` and ``scatter_counts``.

Numeric histograms equal ``numpy.histogram(values, bins)``, categorical ones pandas'
``value_counts``; box statistics equal pandas' quartiles and Tukey whiskers; binned
scatter counts equal ``numpy.histogram2d``. numpy refuses an infinite range, so must
handyspark (naming the column).
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
import pytest
from _hostile import (
    BY_NAME,
    NESTED,
    NUMERIC,
    SCALAR,
    check,
    hashable,
    ids,
    numeric,
    present,
    same_mapping,
    same_value,
    tol,
)

BINS = 5
NUMERIC_NAMES = [c.name for c in NUMERIC]


def _histogram_oracle(col, kind):
    def oracle(pdf):
        s = pdf[col.name]
        if kind == "numeric":
            values = numeric(s).dropna().astype("float64").to_numpy()
            counts, edges = np.histogram(values, bins=BINS)
            return {"counts": counts.tolist(), "edges": edges.tolist(), "missing": int(s.isna().sum())}
        counts = Counter(hashable(v) for v in present(s))
        return {"counts": dict(counts), "missing": int(s.isna().sum())}
    return oracle


# every wild column (one per type), the tame ones with NaN or few values, and the nested ones
# (smallint and int behave as tinyint and bigint, which cover the narrowest and the widest range)
HISTOGRAMS = [c for c in SCALAR if (c.kind == "wild" and c.type not in ("smallint", "int"))
              or c.floating or c.type in ("string", "tinyint")] + NESTED


@pytest.mark.parametrize("col", HISTOGRAMS, ids=ids(HISTOGRAMS))
def test_histogram(hostile, col):
    """``histogram()`` with the kind it chooses: numeric bins as numpy's, or counts per value as value_counts."""
    outcome = hostile.once(("histogram", col.name), lambda: hostile.hdf.cols[col.name].histogram(bins=BINS))

    def same(got, _):
        want = _histogram_oracle(col, got.kind)(hostile.pdf)
        if got.kind == "numeric":
            return (same_value(got.edges.tolist(), want["edges"]) and f"edges {got.edges.tolist()}, numpy {want['edges']}"
                    ) or (same_value(got.counts.tolist(), want["counts"])
                          and f"counts {got.counts.tolist()}, numpy {want['counts']}") or same_value(
                got.missing, want["missing"])
        counts = dict(zip([hashable(c) for c in got.categories], got.counts.tolist()))
        if col.numeric or col.type == "boolean":  # numbers and booleans in value order
            if list(got.categories) != sorted(got.categories):
                return f"categories not in value order: {got.categories}"
        elif list(got.counts) != sorted(got.counts, reverse=True):
            return f"categories not most frequent first: {got.categories} {got.counts}"
        return same_mapping(counts, want["counts"], "counts per value") or same_value(got.missing, want["missing"])

    def oracle():
        s = hostile.pdf[col.name]
        if col.numeric:
            values = numeric(s).dropna().astype("float64").to_numpy()
            np.histogram(values, bins=BINS)  # numpy refuses an infinite range
        Counter(hashable(v) for v in present(s))

    check(outcome, [col.name], oracle, same)


def _box_oracle(s: pd.Series, k: float = 1.5) -> dict:
    x = numeric(s).dropna().astype("float64")
    q1, med, q3 = x.quantile([0.25, 0.5, 0.75]).tolist()
    lo, hi = q1 - k * (q3 - q1), q3 + k * (q3 - q1)
    inside = x[(x >= lo) & (x <= hi)]
    outside = x[(x < lo) | (x > hi)]
    return {"n": len(x), "mean": x.mean(), "q1": q1, "median": med, "q3": q3,
            "whislo": min(q1, inside.min()), "whishi": max(q3, inside.max()), "n_fliers": len(outside),
            "fliers": sorted(outside.tolist())}


@pytest.mark.parametrize("col", NUMERIC + [BY_NAME["a`b"], BY_NAME["date"]],
                         ids=ids(NUMERIC + [BY_NAME["a`b"], BY_NAME["date"]]))
def test_box_stats(hostile, col):
    outcome = hostile.per_column("box_stats", NUMERIC_NAMES, col.name,
                                 lambda names: hostile.hdf.cols[names].box_stats(k=1.5).table,
                                 lambda name: hostile.hdf.cols[[name]].box_stats(k=1.5).table.loc[name],
                                 pick=lambda table, name: table.loc[name])

    def same(got, want):
        mine = {k: (sorted(np.asarray(got[k], dtype=float).tolist()) if k == "fliers" else got[k]) for k in want}
        abs_tol = tol(hostile.pdf[col.name])
        return same_mapping(mine, want, f"box statistics of {col.name!r}",
                            abs_tol=lambda k: 0.0 if k in ("n", "n_fliers") else abs_tol)

    check(outcome, [col.name], lambda: _box_oracle(hostile.pdf[col.name]), same)


PAIRS = [("do`uble", 'in"t"'), ("it's", "1st"), ("38.dec", "sh'ort"), ("a.b", "ƒløat"), ("a`b", "order")]


@pytest.mark.parametrize(("x", "y"), PAIRS, ids=[f"{x!r}-{y!r}" for x, y in PAIRS])
def test_scatter_counts(hostile, x, y):
    outcome = hostile.once(("scatter", x, y), lambda: hostile.hdf.cols[[x, y]].scatter_counts(bins=4))

    def oracle():
        data = pd.DataFrame({"x": numeric(hostile.pdf[x]), "y": numeric(hostile.pdf[y])}).astype("float64")
        both = data.dropna()
        counts, xe, ye = np.histogram2d(both["x"], both["y"], bins=4)
        return {"counts": counts.astype(int).tolist(), "x_edges": xe.tolist(), "y_edges": ye.tolist(),
                "missing": len(data) - len(both)}

    def same(got, want):
        mine = {"counts": got.counts.tolist(), "x_edges": got.x_edges.tolist(), "y_edges": got.y_edges.tolist(),
                "missing": got.missing}
        return same_mapping(mine, want, f"scatter counts of {x!r} and {y!r}")

    check(outcome, [x, y], oracle, same)
