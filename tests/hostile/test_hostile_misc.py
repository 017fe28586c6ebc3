"""Hostile input: pandas functions and ``assign``, model evaluation, and columns differing only by case."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from _hostile import (
    check,
    fence_oracle,
    fill_oracle,
    hashable,
    numeric,
    same_frame,
    same_sequence,
    same_value,
    spark_conf,
)

import handyspark  # noqa: F401


# ---------------------------------------------------------------------- pandas functions and assign
def _years(values, part):
    return pd.Series([None if v is None or v is pd.NaT else getattr(v, part) for v in values], dtype=object)


ASSIGNED = {
    # new (hostile) name: (value from the frame, pandas oracle on the pandas frame)
    "new `col`.x 'y'": (lambda h: h.pandas["a`b"].str.upper(), lambda p: p["a`b"].str.upper()),
    'len "n"': (lambda h: h.pandas["a`b"].str.len(), lambda p: p["a`b"].str.len()),
    "has ' OR": (lambda h: h.pandas["a`b"].str.contains("' OR", regex=False),
                 lambda p: p["a`b"].str.contains("' OR", regex=False)),
    "select": (lambda h: h.pandas["str.in g"].isin(values=["' OR 1=1 --", 'say "hi"']),
               lambda p: p["str.in g"].isin(["' OR 1=1 --", 'say "hi"'])),
    "stripped.1": (lambda h: h.pandas["str.in g"].str.strip("'"), lambda p: p["str.in g"].str.strip("'")),
    "year of date": (lambda h: h.pandas["date"].dt.year, lambda p: _years(p["date"], "year")),
    "hour of `timestamp`": (lambda h: h.pandas["timestamp"].dt.hour, lambda p: p["timestamp"].dt.hour),
    "month ntz 数": (lambda h: h.pandas["ntz 数"].dt.month, lambda p: p["ntz 数"].dt.month),
    "abs a.b": (lambda h: h.pandas["a.b"].abs(), lambda p: p["a.b"].abs()),
    "round it's": (lambda h: h.pandas["it's"].round(1), lambda p: numeric(p["it's"]).round(1)),
    "clip order": (lambda h: h.pandas["order"].clip(lower=-5, upper=5), lambda p: p["order"].clip(-5, 5)),
    "ƒløat × 2": (lambda h: (lambda ƒløat: ƒløat * 2), lambda p: p["ƒløat"] * 2),
    "order + select": (lambda h: (lambda order, select: order + select), lambda p: p["order"] + p["select"]),
    "a`b": (lambda h: "replaced", lambda p: pd.Series(["replaced"] * len(p))),
}


# the columns a refusal may name, besides the new column
INPUTS = {"new `col`.x 'y'": ["a`b"], 'len "n"': ["a`b"], "has ' OR": ["a`b"], "select": ["str.in g"],
          "stripped.1": ["str.in g"], "year of date": ["date"], "hour of `timestamp`": ["timestamp"],
          "month ntz 数": ["ntz 数"], "abs a.b": ["a.b"], "round it's": ["it's"], "clip order": ["order"],
          "ƒløat × 2": ["ƒløat"], "order + select": ["order", "select"]}


@pytest.mark.parametrize("name", list(ASSIGNED))
def test_pandas_functions_and_assign(hostile, name):
    """``assign`` of pandas-function Columns, functions of hostile-named columns and constants, under hostile
    names (an existing name is replaced in place, as pandas' assign does)."""
    alone = ["order + select", "round it's"]  # may be refused (pandas fails on decimals; int overflow): alone
    names = [name] if name in alone else [n for n in ASSIGNED if n not in alone]

    def assigned(which):
        hdf = hostile.hdf
        return hdf.assign(**{n: ASSIGNED[n][0](hdf) for n in which}).toPandas()

    outcome = hostile.per_column("assign", names, name, assigned, lambda n: assigned([n]), pick=lambda r, _: r)

    def same(got, want):
        expected_columns = list(hostile.pdf.assign(**{n: 0 for n in ASSIGNED if n in got.columns}).columns)
        if list(got.columns) != expected_columns:
            return f"columns {list(got.columns)}, pandas' assign gives {expected_columns}"
        return same_sequence(got[name], want, repr(name))

    source = ASSIGNED[name][1]
    check(outcome, [name, *INPUTS.get(name, [])], lambda: source(hostile.pdf), same,
          user_function=name in ("ƒløat × 2", "order + select"))


# ---------------------------------------------------------------------- evaluation
LABEL, SCORE = "it's `label`", "score.1 \"p\""
LABELS = [0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1, 0, 1, 0]
SCORES = [0.1, 0.9, 0.8, 0.3, 0.5, 0.5, 0.2, 0.7, 0.5, 0.4, 0.95, 0.05, 0.6, 0.3, 0.65, 0.0, 1.0, 0.5, 0.75, 0.35]


@pytest.fixture(scope="session")
def predictions(spark):
    clean = spark.createDataFrame(list(zip(LABELS, SCORES)), f"`{LABEL.replace('`', '``')}` int, `{SCORE}` double")
    dirty_rows = list(zip(LABELS, SCORES)) + [(1, None), (0, float("nan")), (2, 0.4), (None, 0.3)]
    dirty = spark.createDataFrame(dirty_rows, f"`{LABEL.replace('`', '``')}` int, `{SCORE}` double")
    return clean, dirty


METRICS = {
    "areaUnderROC": lambda b: b.areaUnderROC,
    "averagePrecision": lambda b: b.averagePrecision,
    "log_loss": lambda b: b.log_loss(),
    "confusionMatrix(0.5)": lambda b: b.confusionMatrix(0.5).to_numpy().tolist(),
    "getMetricsByThreshold": lambda b: sorted(r["threshold"] for r in b.getMetricsByThreshold().collect()),
}


def _metric_oracle(metric: str, labels, scores):
    from sklearn.metrics import average_precision_score, confusion_matrix, log_loss, roc_auc_score

    y, s = np.asarray(labels, dtype=float), np.asarray(scores, dtype=float)
    if np.isnan(y).any() or not np.isin(y, [0, 1]).all():
        raise ValueError("labels must be 0 or 1")
    if metric == "areaUnderROC":
        return roc_auc_score(y, s)
    if metric == "averagePrecision":
        return average_precision_score(y, s)
    if metric == "log_loss":
        return log_loss(y, s)
    if metric == "confusionMatrix(0.5)":
        return confusion_matrix(y, (s >= 0.5).astype(int)).tolist()
    if np.isnan(s).any():
        raise ValueError("a score is missing")
    return sorted(set(s.tolist()))


@pytest.mark.parametrize("metric", list(METRICS))
@pytest.mark.parametrize("data", ["clean", "dirty"])
def test_binary_classification_metrics(hostile, predictions, data, metric):
    """Hostile label/score names give scikit-learn's numbers; missing scores and bad labels are refused,
    never dropped silently."""
    from handyspark import BinaryClassificationMetrics

    df = predictions[0] if data == "clean" else predictions[1]
    made = hostile.once(("bcm", data), lambda: BinaryClassificationMetrics(df, scoreCol=SCORE, labelCol=LABEL))
    outcome = made if made.error is not None else hostile.once(("bcm", data, metric),
                                                               lambda: METRICS[metric](made.value))
    labels = LABELS + ([1, 0, 2, None] if data == "dirty" else [])
    scores = SCORES + ([None, math.nan, 0.4, 0.3] if data == "dirty" else [])
    labels = [np.nan if v is None else v for v in labels]
    scores = [np.nan if v is None else v for v in scores]
    check(outcome, [SCORE, LABEL], lambda: _metric_oracle(metric, labels, scores), same_value)


# ---------------------------------------------------------------------- columns differing only by case
TWINS_DDL = "`#` bigint, Age double, age double, g string"
TWINS_ROWS = [(i, a, b, g) for i, (a, b, g) in enumerate(zip(
    [22.0, None, 38.0, 26.0, 35.0, float("nan"), 54.0, 2.0, 27.0, 14.0, 4.0, 58.0],
    [1.0, 2.0, None, 2.0, 3.0, 1.0, 5.0, 8.0, 2.0, 13.0, 21.0, None],
    ["a", "b", None, "a", "' OR 1=1 --", "b", "a", None, "b", "a", "a", "b"]))]


@pytest.fixture(scope="session")
def twins(spark):
    df = spark.createDataFrame(TWINS_ROWS, TWINS_DDL)
    return df, pd.DataFrame(TWINS_ROWS, columns=["#", "Age", "age", "g"])


def _codes(s: pd.Series) -> pd.Series:
    from _hostile import strata_codes
    return strata_codes([s])[0]


TWIN_OPS = {
    # name: (call on the HandyFrame, pandas oracle, how to compare)
    "cols['Age'][:5]": (lambda h: h.cols["Age"][:5], lambda p: p["Age"].head(5), lambda g, w: same_sequence(g, w)),
    "cols['Age'].mean()": (lambda h: h.cols["Age"].mean(), lambda p: p["Age"].mean(), same_value),
    "cols[['Age', 'age']].median()": (
        lambda h: h.cols[["Age", "age"]].median(relativeError=0).tolist(),
        lambda p: p[["Age", "age"]].median().tolist(), same_value),
    "cols['age'].value_counts()": (
        lambda h: {hashable(k): v for k, v in h.cols["age"].value_counts().items()},
        lambda p: {hashable(k): v for k, v in p["age"].value_counts().items()}, same_value),
    "cols['Age'].nunique()": (lambda h: h.cols["Age"].nunique(), lambda p: p["Age"].nunique(), same_value),
    "stratify(['g']).cols['Age'].mean()": (
        lambda h: sorted(h.stratify(["g"]).cols["Age"].mean().fillna(-1).tolist()),
        lambda p: sorted(p.groupby("g", dropna=False)["Age"].mean().fillna(-1).tolist()), same_value),
    "stratify(['age']).cols['g'].nunique()": (
        lambda h: sorted(h.stratify(["age"]).cols["g"].nunique().tolist()),
        lambda p: sorted(p.groupby("age", dropna=False)["g"].nunique().tolist()), same_value),
    "fill(continuous=['Age'])": (lambda h: h.fill(continuous=["Age"]).toPandas(),
                                 lambda p: fill_oracle(p, None, [("Age", "mean")]), same_frame),
    "fill(categorical=['age'])": (lambda h: h.fill(categorical=["age"]).toPandas(),
                                  lambda p: fill_oracle(p, None, [("age", "mode")]), same_frame),
    "stratify(['g']).fill(continuous=['age'])": (
        lambda h: h.stratify(["g"]).fill(continuous=["age"]).toPandas(),
        lambda p: fill_oracle(p, _codes(p["g"]), [("age", "mean")]), same_frame),
    "fence(['Age'])": (lambda h: h.fence(["Age"]).toPandas(), lambda p: fence_oracle(p, None, ["Age"])[0], same_frame),
    "cols['Age'].histogram()": (lambda h: h.cols["Age"].histogram(bins=3).counts.tolist(),
                                lambda p: np.histogram(p["Age"].dropna(), bins=3)[0].tolist(), same_value),
    "cols[['Age', 'age']].corr()": (lambda h: h.cols[["Age", "age"]].corr().to_numpy().tolist(),
                                    lambda p: p[["Age", "age"]].corr().to_numpy().tolist(), same_value),
    "assign(x=pandas['Age'].abs())": (lambda h: h.assign(x=h.pandas["Age"].abs()).toPandas(),
                                      lambda p: p.assign(x=p["Age"].abs()), same_frame),
    "outliers()": (lambda h: h.outliers().tolist(),
                   lambda p: [((s < s.quantile(.25) - 1.5 * (s.quantile(.75) - s.quantile(.25)))
                               | (s > s.quantile(.75) + 1.5 * (s.quantile(.75) - s.quantile(.25)))).sum()
                              for s in (p[c] for c in ["#", "Age", "age"])], same_value),
    "isnull()": (lambda h: h.isnull().tolist(), lambda p: p.isnull().sum().tolist(), same_value),
    "nunique()": (lambda h: h.nunique().tolist(), lambda p: p.nunique().tolist(), same_value),
    "cols['g'].value_counts()": (
        lambda h: {hashable(k): v for k, v in h.cols["g"].value_counts(dropna=False).items()},
        lambda p: {hashable(k): v for k, v in p["g"].value_counts(dropna=False).items()}, same_value),
    "stratify(['g']).cols['#'].max()": (
        lambda h: sorted(h.stratify(["g"]).cols["#"].max().tolist()),
        lambda p: sorted(p.groupby("g", dropna=False)["#"].max().tolist()), same_value),
    "fill(categorical=['g'])": (lambda h: h.fill(categorical=["g"]).toPandas(),
                                lambda p: fill_oracle(p, None, [("g", "mode")]), same_frame),
}
FRAME_WIDE = {"outliers()", "isnull()", "nunique()"}  # may equal pandas, or be refused, in the default session
NOT_A_TWIN = {"cols['g'].value_counts()", "stratify(['g']).cols['#'].max()", "fill(categorical=['g'])"}


@pytest.mark.parametrize("op", list(TWIN_OPS))
@pytest.mark.parametrize("case", ["insensitive", "caseSensitive=true"])
def test_case_twins(hostile, twins, case, op):
    """``Age`` and ``age``: in a case-insensitive session (the default) an operation naming one is refused
    (a HandyException naming it); with spark.sql.caseSensitive=true every operation equals pandas.
    Frame-wide operations may also equal pandas in the default session; operations on the other
    columns must."""
    df, pdf = twins
    call, oracle, same = TWIN_OPS[op]
    if case == "insensitive":
        outcome = hostile.once(("twins", op), lambda: call(df.toHandy()))
        if op in NOT_A_TWIN:
            assert outcome.error is None, f"refused an operation on other columns: {outcome.error!r}"
            check(outcome, [], lambda: oracle(pdf), same)
        elif op in FRAME_WIDE:
            check(outcome, ["Age", "age"], lambda: oracle(pdf), same)
        else:
            assert outcome.error is not None, f"returned {outcome.value!r} in a case-insensitive session"
            check(outcome, ["Age", "age"], lambda: None, lambda g, w: None)
        return
    with spark_conf(hostile.spark, "spark.sql.caseSensitive", "true"):
        outcome = hostile.once(("twins sensitive", op), lambda: call(df.toHandy()))
    check(outcome, ["Age", "age"], lambda: oracle(pdf), same)
