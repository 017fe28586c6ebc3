"""The benchmarked operations, each in its variants.

Every operation has up to four variants, each a function of a :class:`Context`
that runs the whole operation (Spark jobs included) and returns its small result:

- ``handyspark``: the public handyspark API (``df.toHandy()`` ...);
- ``plain``: what an expert writes in plain PySpark, as few aggregations as the
  operation allows (one ``agg``/``groupBy().agg()`` per pass over the data);
- ``pandas_on_spark``: ``pyspark.pandas`` where it has the operation (None otherwise);
- ``to_pandas``: ``toPandas()`` of the columns the operation needs, then pandas
  (conversion included).

Variants compute the same thing with the same semantics as handyspark's defaults
(exact quartiles for ``outliers``/``fence``, a median within a relative rank error
of 1e-4 for the describe-like set, numpy's bins for histograms), except where a
note says otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyspark.sql.functions as F
from pyspark.sql import Column, DataFrame, SparkSession, Window

__all__ = ["Context", "Operation", "OPERATIONS", "make_context", "NUMERIC", "VARIANTS"]

#: The numeric columns of the Titanic data (as ``hdf.cols.numerical``).
NUMERIC = ["PassengerId", "Survived", "Pclass", "Age", "SibSp", "Parch", "Fare"]
STRATA = ["Pclass", "Sex"]
K = 1.5
HIST_BINS = 10
SCATTER_BINS = 30
MEDIAN_ACCURACY = 10_000  # percentile_approx accuracy = 1 / relative error (handyspark's default 1e-4)
VARIANTS = ["handyspark", "plain", "pandas_on_spark", "to_pandas"]


@dataclass
class Context:
    """The data every variant works on: the same cached DataFrames for all of them."""

    spark: SparkSession
    df: DataFrame  # the Titanic-shaped data, cached
    predictions: DataFrame  # Survived, a double `score` and the strata columns Pclass and Sex, cached
    _ps: dict = field(default_factory=dict)

    @property
    def psdf(self):
        """``df.pandas_api()`` (made once, on first use)."""
        if "df" not in self._ps:
            self._ps["df"] = self.df.pandas_api()
        return self._ps["df"]

    @property
    def hdf(self):
        """``df.toHandy()`` (cheap: no Spark job; made per call so that no state is shared)."""
        import handyspark  # noqa: F401  (adds DataFrame.toHandy)

        return self.df.toHandy()


def score_column() -> Column:
    """A deterministic classifier-like score in [0, 1] correlated with ``Survived``, rounded to 3 decimals.

    About a thousand distinct scores, as a calibrated model's rounded probabilities.
    """
    noise = F.pmod(F.xxhash64(F.col("PassengerId"), F.lit(99)), F.lit(1_000_003)).cast("double") / 1_000_003.0
    raw = F.lit(0.35) * F.col("Survived") + F.lit(0.65) * noise
    return F.round(raw, 3).cast("double")


def make_context(spark: SparkSession, df: DataFrame) -> Context:
    """Cache ``df`` and the predictions derived from it, materialise both, and return the context."""
    df = df.cache()
    df.count()
    predictions = df.select(F.col("Survived"), score_column().alias("score"), *STRATA).cache()
    predictions.count()
    return Context(spark, df, predictions)


def release(ctx: Context) -> None:
    """Unpersist what :func:`make_context` cached."""
    ctx.predictions.unpersist()
    ctx.df.unpersist()


@dataclass(frozen=True)
class Operation:
    """One benchmarked operation and its variants (None: that library has no such operation)."""

    name: str
    handyspark: Callable[[Context], Any]
    plain: Callable[[Context], Any]
    pandas_on_spark: Callable[[Context], Any] | None
    to_pandas: Callable[[Context], Any] | None
    note: str = ""

    def variant(self, kind: str) -> Callable[[Context], Any] | None:
        return getattr(self, kind)


def _pdf(ctx: Context, columns: list[str]) -> pd.DataFrame:
    return ctx.df.select(*columns).toPandas()


# ---------------------------------------------------------------------------- isnull
def _isnull_hs(ctx: Context) -> pd.Series:
    return ctx.hdf.isnull()


def _missing(df: DataFrame, name: str) -> Column:
    col = F.col(name)
    return (col.isNull() | F.isnan(col)) if dict(df.dtypes)[name] in ("double", "float") else col.isNull()


def _isnull_plain(ctx: Context) -> pd.Series:
    row = ctx.df.agg(*[F.sum(_missing(ctx.df, c).cast("long")).alias(c) for c in ctx.df.columns]).collect()[0]
    return pd.Series(row.asDict())


def _isnull_ps(ctx: Context) -> pd.Series:
    return ctx.psdf.isnull().sum().to_pandas()


def _isnull_pd(ctx: Context) -> pd.Series:
    return ctx.df.toPandas().isnull().sum()


# ---------------------------------------------------------------------------- value_counts
def _vc_hs(ctx: Context) -> pd.Series:
    return ctx.hdf.cols["Embarked"].value_counts()


def _vc_plain(ctx: Context) -> pd.Series:
    rows = ctx.df.where(F.col("Embarked").isNotNull()).groupBy("Embarked").count().collect()
    return pd.Series({r[0]: r[1] for r in rows}).sort_values(ascending=False)


def _vc_ps(ctx: Context) -> pd.Series:
    return ctx.psdf["Embarked"].value_counts().to_pandas()


def _vc_pd(ctx: Context) -> pd.Series:
    return _pdf(ctx, ["Embarked"])["Embarked"].value_counts()


# ---------------------------------------------------------------------------- describe-like
_STATS = ["count", "mean", "std", "min", "25%", "50%", "75%", "max"]


def _describe_hs(ctx: Context) -> pd.DataFrame:
    return ctx.hdf.cols[NUMERIC].describe()


def _describe_plain(ctx: Context) -> pd.DataFrame:
    aggs = []
    for c in NUMERIC:
        x = F.col(c)
        aggs += [F.count(x), F.avg(x), F.stddev_samp(x), F.min(x),
                 F.percentile_approx(x, [0.25, 0.5, 0.75], MEDIAN_ACCURACY), F.max(x)]
    row = list(ctx.df.agg(*aggs).collect()[0])
    columns = {}
    for i, c in enumerate(NUMERIC):
        count, mean, std, lo, q, hi = row[6 * i: 6 * i + 6]
        columns[c] = [count, mean, std, lo, *q, hi]
    return pd.DataFrame(columns, index=_STATS, dtype=float)


def _describe_ps(ctx: Context) -> pd.DataFrame:
    return ctx.psdf[NUMERIC].describe().to_pandas()


def _describe_pd(ctx: Context) -> pd.DataFrame:
    return _pdf(ctx, NUMERIC).describe()


# ---------------------------------------------------------------------------- stratified fill
def _fill_hs(ctx: Context) -> dict:
    return ctx.hdf.stratify(STRATA).fill(continuous=["Age"]).statistics_


def _fill_plain(ctx: Context) -> dict:
    rows = ctx.df.groupBy(*STRATA).agg(F.avg("Age")).collect()
    return {tuple(r[:2]): r[2] for r in rows}


def _fill_ps(ctx: Context) -> pd.Series:
    return ctx.psdf.groupby(STRATA)["Age"].mean().to_pandas()


def _fill_pd(ctx: Context) -> pd.Series:
    return _pdf(ctx, [*STRATA, "Age"]).groupby(STRATA)["Age"].mean()


# ---------------------------------------------------------------------------- outliers
def _outliers_hs(ctx: Context) -> pd.Series:
    return ctx.hdf.outliers(k=K)


def _fences(q1: float, q3: float) -> tuple[float, float]:
    iqr = q3 - q1
    return q1 - K * iqr, q3 + K * iqr


def _outliers_plain(ctx: Context) -> pd.Series:
    df = ctx.df
    quartiles = df.agg(*[F.percentile(F.col(c).cast("double"), [0.25, 0.75]) for c in NUMERIC]).collect()[0]
    counts = []
    for c, (q1, q3) in zip(NUMERIC, quartiles):
        lo, hi = _fences(q1, q3)
        counts.append(F.count(F.when((F.col(c) < lo) | (F.col(c) > hi), 1)).alias(c))
    return pd.Series(df.agg(*counts).collect()[0].asDict())


def _outliers_ps(ctx: Context) -> pd.Series:
    psdf = ctx.psdf
    q = psdf[NUMERIC].quantile([0.25, 0.75]).to_pandas()  # approximate (accuracy 10000)
    flags = {}
    for c in NUMERIC:
        lo, hi = _fences(float(q.loc[0.25, c]), float(q.loc[0.75, c]))
        flags[c] = (psdf[c] < lo) | (psdf[c] > hi)  # no astype: it runs jobs of its own
    return psdf[[]].assign(**flags).sum().to_pandas()


def _outliers_pd(ctx: Context) -> pd.Series:
    pdf = _pdf(ctx, NUMERIC)
    q = pdf.quantile([0.25, 0.75])
    lo, hi = _fences(q.loc[0.25], q.loc[0.75])
    return ((pdf < lo) | (pdf > hi)).sum()


def _outliers_approx_hs(ctx: Context) -> pd.Series:
    return ctx.hdf.outliers(k=K, relativeError=1 / MEDIAN_ACCURACY)


def _outliers_approx_plain(ctx: Context) -> pd.Series:
    df = ctx.df
    quartiles = df.agg(*[F.percentile_approx(c, [0.25, 0.75], MEDIAN_ACCURACY) for c in NUMERIC]).collect()[0]
    counts = []
    for c, (q1, q3) in zip(NUMERIC, quartiles):
        lo, hi = _fences(q1, q3)
        counts.append(F.count(F.when((F.col(c) < lo) | (F.col(c) > hi), 1)).alias(c))
    return pd.Series(df.agg(*counts).collect()[0].asDict())


# ---------------------------------------------------------------------------- fence
def _fence_hs(ctx: Context) -> tuple:
    fenced = ctx.hdf.fence(["Fare"], k=K)
    return fenced.fences_, fenced.notHandy().agg(F.sum("Fare")).collect()[0][0]


def _fence_plain(ctx: Context) -> tuple:
    df = ctx.df
    q1, q3 = df.agg(F.percentile("Fare", [0.25, 0.75])).collect()[0][0]
    lo, hi = _fences(q1, q3)
    x = F.col("Fare")
    clipped = F.when(x < lo, F.lit(lo)).when(x > hi, F.lit(hi)).otherwise(x)
    return [lo, hi], df.select(clipped.alias("Fare")).agg(F.sum("Fare")).collect()[0][0]


def _fence_approx_hs(ctx: Context) -> tuple:
    fenced = ctx.hdf.fence(["Fare"], k=K, relativeError=1 / MEDIAN_ACCURACY)
    return fenced.fences_, fenced.notHandy().agg(F.sum("Fare")).collect()[0][0]


def _fence_approx_plain(ctx: Context) -> tuple:
    df = ctx.df
    q1, q3 = df.agg(F.percentile_approx("Fare", [0.25, 0.75], MEDIAN_ACCURACY)).collect()[0][0]
    lo, hi = _fences(q1, q3)
    x = F.col("Fare")
    clipped = F.when(x < lo, F.lit(lo)).when(x > hi, F.lit(hi)).otherwise(x)
    return [lo, hi], df.select(clipped.alias("Fare")).agg(F.sum("Fare")).collect()[0][0]


def _fence_ps(ctx: Context) -> tuple:
    fare = ctx.psdf["Fare"]
    q = fare.quantile([0.25, 0.75]).to_pandas()  # approximate (accuracy 10000)
    lo, hi = _fences(float(q.loc[0.25]), float(q.loc[0.75]))
    return [lo, hi], fare.clip(lo, hi).sum()


def _fence_pd(ctx: Context) -> tuple:
    fare = _pdf(ctx, ["Fare"])["Fare"]
    lo, hi = _fences(fare.quantile(0.25), fare.quantile(0.75))
    return [lo, hi], fare.clip(lo, hi).sum()


# ---------------------------------------------------------------------------- histogram
def _hist_hs(ctx: Context) -> tuple:
    h = ctx.hdf.cols["Fare"].histogram(bins=HIST_BINS)
    return h.counts, h.edges


def _bin_of(x: Column, lo: float, hi: float, bins: int) -> Column:
    """numpy's bin of ``x`` (equal width, last bin closed); a plain formula, not edge-exact like handyspark's."""
    width = (hi - lo) / bins if hi > lo else 1.0
    return F.least(F.floor((x - F.lit(lo)) / F.lit(width)), F.lit(bins - 1)).cast("int")


def _hist_plain(ctx: Context) -> tuple:
    df = ctx.df
    lo, hi = df.agg(F.min("Fare"), F.max("Fare")).collect()[0]
    rows = df.groupBy(_bin_of(F.col("Fare"), lo, hi, HIST_BINS).alias("bin")).count().collect()
    counts = np.zeros(HIST_BINS, dtype=np.int64)
    for b, n in rows:
        if b is not None:
            counts[b] += n
    return counts, np.linspace(lo, hi, HIST_BINS + 1)


def _hist_pd(ctx: Context) -> tuple:
    fare = _pdf(ctx, ["Fare"])["Fare"].dropna()
    return np.histogram(fare, bins=HIST_BINS)


# ---------------------------------------------------------------------------- scatterplot data
def _scatter_hs(ctx: Context) -> np.ndarray:
    return ctx.hdf.cols[["Fare", "Age"]].scatter_counts(bins=SCATTER_BINS).counts


def _scatter_plain(ctx: Context) -> np.ndarray:
    both = ctx.df.where(F.col("Fare").isNotNull() & F.col("Age").isNotNull())
    x0, x1, y0, y1 = both.agg(F.min("Fare"), F.max("Fare"), F.min("Age"), F.max("Age")).collect()[0]
    cells = both.groupBy(
        _bin_of(F.col("Fare"), x0, x1, SCATTER_BINS).alias("ix"), _bin_of(F.col("Age"), y0, y1, SCATTER_BINS).alias("iy")
    ).count().collect()
    counts = np.zeros((SCATTER_BINS, SCATTER_BINS), dtype=np.int64)
    for ix, iy, n in cells:
        counts[ix, iy] = n
    return counts


def _scatter_pd(ctx: Context) -> np.ndarray:
    pdf = _pdf(ctx, ["Fare", "Age"]).dropna()
    return np.histogram2d(pdf["Fare"], pdf["Age"], bins=SCATTER_BINS)[0]


# ---------------------------------------------------------------------------- metrics by threshold
def _metrics_hs(ctx: Context) -> pd.DataFrame:
    from handyspark import BinaryClassificationMetrics

    bcm = BinaryClassificationMetrics(ctx.predictions, scoreCol="score", labelCol="Survived")
    return bcm.getMetricsByThreshold().toPandas()


def _metrics_plain(ctx: Context) -> pd.DataFrame:
    g = ctx.predictions.groupBy(F.col("score").alias("threshold")).agg(
        F.sum("Survived").alias("pos"), F.sum(1 - F.col("Survived")).alias("neg")
    )
    upto = Window.orderBy(F.col("threshold").desc()).rowsBetween(Window.unboundedPreceding, Window.currentRow)
    everything = Window.partitionBy()
    tp, fp = F.sum("pos").over(upto), F.sum("neg").over(upto)
    totals = g.select("*", tp.alias("tp"), fp.alias("fp"), F.sum("pos").over(everything).alias("P"),
                      F.sum("neg").over(everything).alias("N"))
    recall, precision = F.col("tp") / F.col("P"), F.col("tp") / (F.col("tp") + F.col("fp"))
    table = totals.select(
        "threshold",
        (F.col("fp") / F.col("N")).alias("fpr"),
        recall.alias("recall"),
        precision.alias("precision"),
        (2 * precision * recall / (precision + recall)).alias("f1"),
        "tp", "fp", (F.col("N") - F.col("fp")).alias("tn"), (F.col("P") - F.col("tp")).alias("fn"),
    ).orderBy(F.col("threshold").desc())
    return table.toPandas()


def _metrics_pd(ctx: Context) -> pd.DataFrame:
    p = ctx.predictions.toPandas()
    g = p.groupby("score")["Survived"].agg(["sum", "count"]).sort_index(ascending=False)
    tp = g["sum"].cumsum()
    fp = (g["count"] - g["sum"]).cumsum()
    P, N = tp.iloc[-1], fp.iloc[-1]
    return pd.DataFrame({"threshold": g.index, "fpr": (fp / N).to_numpy(), "recall": (tp / P).to_numpy(),
                         "precision": (tp / (tp + fp)).to_numpy()})


# ---------------------------------------------------------------------------- .str
def _total_length(df: DataFrame, col: Column) -> int:
    return df.agg(F.sum(F.length(col))).collect()[0][0]


def _str_native_hs(ctx: Context) -> int:
    hdf = ctx.hdf
    return _total_length(hdf.notHandy(), hdf.pandas["Name"].str.upper())


def _str_plain(ctx: Context) -> int:
    return _total_length(ctx.df, F.upper(F.col("Name")))


def _str_ps(ctx: Context) -> int:
    return int(ctx.psdf["Name"].str.upper().str.len().sum())


def _str_pd(ctx: Context) -> int:
    return int(_pdf(ctx, ["Name"])["Name"].str.upper().str.len().sum())


def _str_udf_hs(ctx: Context) -> int:
    from handyspark.pandas_functions import PandasColumns

    return _total_length(ctx.df, PandasColumns(ctx.df, native=False)["Name"].str.upper())


def _upper_udf():
    from pyspark.sql.functions import pandas_udf

    @pandas_udf("string")
    def upper(s: pd.Series) -> pd.Series:
        return s.str.upper()

    return upper


def _str_udf_plain(ctx: Context) -> int:
    return _total_length(ctx.df, _upper_udf()(F.col("Name")))


# ---------------------------------------------------------------------------- evaluation per segment
def _segments_hs(ctx: Context) -> pd.DataFrame:
    seg = ctx.predictions.toHandy().stratify(STRATA).evaluate(scoreCol="score", labelCol="Survived")
    return seg.summary()[["areaUnderROC", "areaUnderPR"]].iloc[:-1]  # the strata (the overall row comes free)


def _segments_evaluator_loop(ctx: Context) -> pd.DataFrame:
    """What users write today: one BinaryClassificationEvaluator per segment and area (exact: numBins=0)."""
    from pyspark.ml.evaluation import BinaryClassificationEvaluator

    keys = sorted(tuple(r) for r in ctx.predictions.select(*STRATA).distinct().collect())
    rows = []
    for key in keys:
        part = ctx.predictions.where((F.col(STRATA[0]) == key[0]) & (F.col(STRATA[1]) == key[1]))
        areas = [BinaryClassificationEvaluator(rawPredictionCol="score", labelCol="Survived", metricName=name,
                                               numBins=0).evaluate(part) for name in ("areaUnderROC", "areaUnderPR")]
        rows.append((*key, *areas))
    return pd.DataFrame(rows, columns=[*STRATA, "areaUnderROC", "areaUnderPR"]).set_index(STRATA)


def _segments_plain(ctx: Context) -> pd.DataFrame:
    """The expert's one query: counts per segment and score, window sums per segment, trapezoids summed."""
    g = ctx.predictions.groupBy(*STRATA, F.col("score").alias("t")).agg(
        F.sum("Survived").alias("pos"), F.sum(1 - F.col("Survived")).alias("neg"))
    w = Window.partitionBy(*STRATA).orderBy(F.col("t").desc())
    upto, whole = w.rowsBetween(Window.unboundedPreceding, Window.currentRow), Window.partitionBy(*STRATA)
    rates = g.select(*STRATA, "t", F.sum("pos").over(upto).alias("tp"), F.sum("neg").over(upto).alias("fp"),
                     F.sum("pos").over(whole).alias("P"), F.sum("neg").over(whole).alias("N"))
    rates = rates.select(*STRATA, "t", (F.col("fp") / F.col("N")).alias("fpr"), (F.col("tp") / F.col("P")).alias("tpr"),
                         (F.col("tp") / (F.col("tp") + F.col("fp"))).alias("prec"))
    steps = rates.select(*STRATA, "fpr", "tpr", "prec",
                         F.lag("fpr", 1, 0.0).over(w).alias("fpr0"), F.lag("tpr", 1, 0.0).over(w).alias("tpr0"),
                         F.coalesce(F.lag("prec", 1).over(w), F.first("prec").over(
                             w.rowsBetween(Window.unboundedPreceding, Window.unboundedFollowing))).alias("prec0"))
    areas = steps.groupBy(*STRATA).agg(
        F.sum((F.col("fpr") - F.col("fpr0")) * (F.col("tpr") + F.col("tpr0")) / 2).alias("areaUnderROC"),
        F.sum((F.col("tpr") - F.col("tpr0")) * (F.col("prec") + F.col("prec0")) / 2).alias("areaUnderPR"))
    return areas.toPandas().sort_values(STRATA).set_index(STRATA)


def _segments_pd(ctx: Context) -> pd.DataFrame:
    from sklearn.metrics import roc_auc_score

    p = ctx.predictions.toPandas()
    rows = {}
    for key, part in p.groupby(STRATA):
        y, s = part["Survived"].to_numpy(), part["score"].to_numpy()
        rows[key] = (roc_auc_score(y, s), _pr_area(y, s))
    out = pd.DataFrame.from_dict(rows, orient="index", columns=["areaUnderROC", "areaUnderPR"])
    out.index = pd.MultiIndex.from_tuples(out.index, names=STRATA)
    return out


def _pr_area(y: np.ndarray, s: np.ndarray) -> float:
    """Spark's areaUnderPR: trapezoids over (recall, precision) at each distinct score, from (0, first precision)."""
    order = np.argsort(-s, kind="stable")
    y, s = y[order], s[order]
    last = np.r_[np.flatnonzero(np.diff(s)), len(s) - 1]  # the last row of each distinct score
    tp = np.cumsum(y)[last].astype(float)
    fp = (last + 1) - tp
    recall, precision = np.r_[0.0, tp / tp[-1]], tp / (tp + fp)
    precision = np.r_[precision[0], precision]
    return float(np.sum(np.diff(recall) * (precision[1:] + precision[:-1]) / 2))


# ---------------------------------------------------------------------------- compare (drift)
CMP_NUM, CMP_CAT = ["Age", "Fare", "Pclass", "SibSp"], ["Embarked", "Sex"]


def _halves(ctx: Context) -> tuple[DataFrame, DataFrame]:
    return ctx.df.where(F.col("Survived") == 0), ctx.df.where(F.col("Survived") == 1)


def _psi_js(p: np.ndarray, q: np.ndarray) -> tuple[float, float]:
    """PSI with shares floored at 1e-4 (handyspark's smoothing) and the Jensen-Shannon distance, base 2."""
    from scipy.spatial.distance import jensenshannon

    ps_, qs = np.maximum(p / p.sum(), 1e-4), np.maximum(q / q.sum(), 1e-4)
    return float(np.sum((qs - ps_) * np.log(qs / ps_))), float(jensenshannon(p, q, base=2))


def _compare_hs(ctx: Context) -> pd.DataFrame:
    ref, cur = _halves(ctx)
    return ref.toHandy().compare(cur, CMP_NUM + CMP_CAT).table


def _compare_plain(ctx: Context) -> dict:
    """By hand: deciles of the reference (approxQuantile), one aggregation of both sides' bin counts, one
    grouping of the categories; PSI and JS in numpy; no exact KS (a hand-written query rarely has one)."""
    ref, cur = _halves(ctx)
    edges = dict(zip(CMP_NUM, ref.approxQuantile(CMP_NUM, [k / 10 for k in range(1, 10)], 1e-4)))
    both = ref.withColumn("side", F.lit(0)).unionByName(cur.withColumn("side", F.lit(1)))
    aggs = [F.count_if(F.col(c) < e).alias(f"{c}_{i}") for c in CMP_NUM for i, e in enumerate(edges[c])]
    aggs += [F.count(c).alias(f"{c}_n") for c in CMP_NUM]
    rows = {r["side"]: r for r in both.groupBy("side").agg(*aggs).collect()}
    out = {}
    for c in CMP_NUM:
        counts = [np.diff([0, *[rows[s][f"{c}_{i}"] for i in range(9)], rows[s][f"{c}_n"]]) for s in (0, 1)]
        out[c] = _psi_js(*(np.asarray(x, float) for x in counts))
    long = both.select("side", F.explode(F.array(*[F.struct(F.lit(c).alias("c"), F.col(c).alias("v"))
                                                   for c in CMP_CAT])).alias("x")).select("side", "x.c", "x.v")
    cats = long.where(F.col("v").isNotNull()).groupBy("c", "v").pivot("side", [0, 1]).count().fillna(0).toPandas()
    for c, g in cats.groupby("c"):
        out[c] = _psi_js(g["0"].to_numpy(float), g["1"].to_numpy(float))
    return out


def _compare_pd(ctx: Context) -> dict:
    from scipy.stats import ks_2samp

    ref, cur = (h.select(*CMP_NUM, *CMP_CAT).toPandas() for h in _halves(ctx))
    out = {}
    for c in CMP_NUM:
        a, b = ref[c].dropna().to_numpy(float), cur[c].dropna().to_numpy(float)
        e = np.unique(np.quantile(a, np.arange(1, 10) / 10, method="inverted_cdf"))
        p = np.bincount(np.searchsorted(e, a, "right"), minlength=len(e) + 1).astype(float)
        q = np.bincount(np.searchsorted(e, b, "right"), minlength=len(e) + 1).astype(float)
        out[c] = (*_psi_js(p, q), ks_2samp(a, b).statistic)
    for c in CMP_CAT:
        vc = pd.concat([ref[c].value_counts(), cur[c].value_counts()], axis=1).fillna(0)
        out[c] = _psi_js(vc.iloc[:, 0].to_numpy(float), vc.iloc[:, 1].to_numpy(float))
    return out


OPERATIONS: list[Operation] = [
    Operation("isnull", _isnull_hs, _isnull_plain, _isnull_ps, _isnull_pd,
              "all 12 columns; toPandas converts them all"),
    Operation("value_counts", _vc_hs, _vc_plain, _vc_ps, _vc_pd, "`Embarked`"),
    Operation("describe-like", _describe_hs, _describe_plain, _describe_ps, _describe_pd,
              "count, mean, std, min, quartiles, max of the 7 numeric columns (`describe()`; quartiles "
              "approximate with relative error 1e-4, except in pandas)"),
    Operation("stratified fill", _fill_hs, _fill_plain, _fill_ps, _fill_pd,
              "`stratify(['Pclass','Sex']).fill(continuous=['Age']).statistics_`: the mean Age per stratum"),
    Operation("outliers", _outliers_hs, _outliers_plain, _outliers_ps, _outliers_pd,
              "Tukey k=1.5 on the 7 numeric columns, exact quartiles: handyspark's two bounded passes against "
              "Spark's `percentile`, the one exact quantile a hand-written query has (pyspark.pandas: approximate)"),
    Operation("outliers (approximate)", _outliers_approx_hs, _outliers_approx_plain, _outliers_ps, None,
              "the same with `relativeError=1e-4` against `percentile_approx` (accuracy 10,000), as pyspark.pandas"),
    Operation("fence", _fence_hs, _fence_plain, _fence_ps, _fence_pd,
              "`fence(['Fare'])` then the sum of the clipped column (exact quartiles against Spark's `percentile`; "
              "pyspark.pandas approximate)"),
    Operation("fence (approximate)", _fence_approx_hs, _fence_approx_plain, _fence_ps, None,
              "the same with `relativeError=1e-4` against `percentile_approx` (accuracy 10,000)"),
    Operation("hist", _hist_hs, _hist_plain, None, _hist_pd, "`Fare`, 10 bins (counts and edges)"),
    Operation("scatterplot", _scatter_hs, _scatter_plain, None, _scatter_pd, "`Fare` x `Age`, 30 x 30 cell counts"),
    Operation("getMetricsByThreshold", _metrics_hs, _metrics_plain, None, _metrics_pd,
              "about 1,000 distinct scores; the table brought to pandas"),
    Operation("evaluate by segment", _segments_hs, _segments_plain, None, _segments_pd,
              "ROC and PR areas of 6 segments (`Pclass` x `Sex`), about 1,000 distinct scores; plain: one "
              "windowed query; toPandas: scikit-learn per segment"),
    Operation("evaluate by segment (evaluator loop)", _segments_hs, _segments_evaluator_loop, None, None,
              "the same against Spark ML's `BinaryClassificationEvaluator` run per segment and area "
              "(`numBins=0`, exact), as users write it today"),
    Operation("compare (drift)", _compare_hs, _compare_plain, None, _compare_pd,
              "died vs survived, `Age`/`Fare`/`Pclass`/`SibSp` + `Embarked`/`Sex`: PSI, JS, exact KS and quantiles "
              "(handyspark, toPandas + scipy); plain: approxQuantile deciles and bin counts, no KS"),
    Operation("str.upper (native)", _str_native_hs, _str_plain, _str_ps, _str_pd,
              "`hdf.pandas['Name'].str.upper()` vs `F.upper`, summed as `sum(length(...))`"),
    Operation("str.upper (pandas UDF)", _str_udf_hs, _str_udf_plain, None, None,
              "the same forced through a pandas UDF vs a hand-written `pandas_udf`"),
]
