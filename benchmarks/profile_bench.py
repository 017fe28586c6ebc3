"""The profile benchmark: ``hdf.profile()`` beside ydata-profiling's Spark backend and pyspark.pandas' ``describe()``.

Usage (from the repository root; ydata-profiling is installed only in the benchmark's own venv)::

    benchmarks/ydata_env.sh [--case COLUMNSxROWS[:RUNS[:YDATA_RUNS]] ...] [--out FILE]
    .venv/bin/python benchmarks/profile_bench.py ...      # without ydata-profiling: its columns say n/a

Each case is the Titanic-shaped data of ``benchmarks/data.py`` (12 columns) or its widened variant
(:func:`benchmarks.data.widen`, e.g. 100 columns), cached in Spark memory once. Per case, ``RUNS``
rounds run handyspark and pyspark.pandas once each, the first ``YDATA_RUNS`` rounds also
ydata-profiling: time, Spark jobs and peak driver memory of each run, measured as ``benchmarks/run.py``
measures them. The table goes to ``docs/performance-profile.md`` (``benchmarks/run.py`` rewrites
``docs/performance.md`` whole).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import re
import statistics
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make `benchmarks` and `handyspark` importable
    sys.path.insert(0, str(ROOT))

from benchmarks.data import DEFAULT_CACHE, generate, widen  # noqa: E402
from benchmarks.operations import Context  # noqa: E402
from benchmarks.run import WARMUP_ROWS, Measure, PeakRss, _load, machine, session  # noqa: E402

#: 12 columns × 2M rows: 3 runs of handyspark and describe, 1 of ydata-profiling; 100 columns: 1 run each, on
#: 20,000 rows (handyspark's profile of 100 columns × 2M rows does not finish in the half hour the benchmark may
#: take: its Spearman and Cramér's V job explodes every row into one row per pair of columns, 1,770 + 861 pairs)
DEFAULT_CASES = ["12x2000000:3:1", "100x20000:1:1"]
DEFAULT_REPEAT = 3
DEFAULT_YDATA_RUNS = 1
DEFAULT_TIMEOUT = 600.0  # a run of handyspark or ydata-profiling is stopped (its Spark jobs cancelled) after this long
DEFAULT_OUT = ROOT / "docs" / "performance-profile.md"
TARGET_SPEEDUP = 10.0  # ydata-profiling's time over handyspark's, at least
TOP_K, BINS = 10, 10  # handyspark's profile defaults, given to ydata-profiling too
#: The Spark settings ydata-profiling's Spark backend needs on Spark 4 (see :func:`probe_ydata`).
YDATA_CONF = {"spark.sql.ansi.enabled": "false"}
VARIANTS = ["handyspark", "ydata", "pandas_on_spark", "ydata_pandas"]
#: Jobs are counted by job group in Spark's status store; ydata-profiling runs thousands on wide data.
#: A larger driver (the local JVM) than ``benchmarks/run.py``'s 4g: room for the 100-column plans and caches.
SESSION_CONF = {"spark.ui.retainedJobs": "200000", "spark.ui.retainedStages": "200000", "spark.driver.memory": "6g"}


# ---------------------------------------------------------------------------- cases
@dataclass(frozen=True)
class Case:
    """One data set of the benchmark: ``columns`` columns (12: the Titanic-shaped data), ``rows`` rows, and how
    many runs of handyspark and pyspark.pandas (``runs``) and of ydata-profiling (``ydata_runs``) it gets."""

    columns: int
    rows: int
    runs: int = DEFAULT_REPEAT
    ydata_runs: int = DEFAULT_YDATA_RUNS

    @property
    def name(self) -> str:
        return f"{self.columns} columns × {self.rows:,} rows"


def parse_case(text: str, runs: int = DEFAULT_REPEAT, ydata_runs: int = DEFAULT_YDATA_RUNS) -> Case:
    """``'COLUMNSxROWS[:RUNS[:YDATA_RUNS]]'`` as a :class:`Case` (``runs`` and ``ydata_runs`` where not given).

    Examples
    --------
    >>> parse_case("100x200000:3:2")
    Case(columns=100, rows=200000, runs=3, ydata_runs=2)
    """
    match = re.fullmatch(r"(\d+)x(\d+)(?::(\d+)(?::(\d+))?)?", text.replace("_", "").replace(",", ""))
    if not match:
        raise ValueError(f"a case is COLUMNSxROWS[:RUNS[:YDATA_RUNS]], e.g. 100x2000000:1:1; got {text!r}")
    columns, rows = int(match[1]), int(match[2])
    runs = runs if match[3] is None else int(match[3])
    ydata_runs = ydata_runs if match[4] is None else int(match[4])
    if columns < 12 or rows < 1 or runs < 1 or ydata_runs < 0:
        raise ValueError(f"a case needs at least 12 columns, 1 row, 1 run and 0 ydata runs; got {text!r}")
    return Case(columns, rows, runs, ydata_runs)


def case_frame(spark, case: Case, cache_dir: Path | str = DEFAULT_CACHE):
    """The case's DataFrame, lazily: the parquet-cached Titanic-shaped rows, widened by Spark if asked."""
    df = generate(spark, case.rows, cache_dir)
    return df if case.columns == len(df.columns) else widen(df, case.columns)


# ---------------------------------------------------------------------------- the variants
def _handyspark(ctx: Context):
    return ctx.hdf.profile()


def _pandas_on_spark(ctx: Context):
    return ctx.psdf.describe().to_pandas()


def _common_settings(cfg) -> None:
    """The sections handyspark's profile has, in ydata-profiling's settings; everything else off."""
    from handyspark.profile import QUANTILES

    cfg.progress_bar = False
    cfg.samples.head = cfg.samples.tail = cfg.samples.random = 0  # no sample rows
    cfg.interactions.continuous = False  # no scatter plots
    cfg.interactions.targets = []
    cfg.missing_diagrams = dict.fromkeys(cfg.missing_diagrams, False)  # missing counts stay, no diagrams
    cfg.vars.num.quantiles = list(QUANTILES.values())
    cfg.plot.histogram.bins = BINS
    cfg.n_freq_table_max = TOP_K
    cfg.duplicates.head = 10  # duplicate rows counted


def ydata_spark_settings():
    """ydata-profiling's ``SparkSettings``: describe (every column), missing counts, Pearson and Spearman
    correlations (Cramér's V raises NotImplementedError in its Spark backend), duplicates; no samples,
    no interactions, no missing-value diagrams."""
    from ydata_profiling.config import SparkSettings

    cfg = SparkSettings()
    _common_settings(cfg)
    return cfg


def ydata_pandas_settings():
    """ydata-profiling's settings for a pandas frame, with the sections of :func:`ydata_spark_settings` and Cramér's V.

    Numbers stay numbers whatever their distinct count (``low_categorical_threshold=0``), as in its Spark
    backend and in handyspark; strings are typed by ydata-profiling's inference (its default), which makes
    few-valued ones categorical: Cramér's V is computed for those (with at most 100 values).
    """
    from ydata_profiling.config import Correlation, Settings

    cfg = Settings()
    _common_settings(cfg)
    cfg.vars.num.low_categorical_threshold = 0
    cfg.correlations = {name: Correlation(key=name, calculate=True) for name in ("pearson", "spearman", "cramers")}
    return cfg


class _Persisted:
    """Records the DataFrames persisted inside the block (ydata-profiling persists every column's value
    counts and never unpersists them), to unpersist them afterwards."""

    def __init__(self, df) -> None:
        self._cls = type(df)
        self.frames: list = []

    def __enter__(self) -> _Persisted:
        original = self._original = self._cls.persist
        frames = self.frames

        def persist(df, *args, **kwargs):
            frames.append(df)
            return original(df, *args, **kwargs)

        self._cls.persist = persist
        return self

    def __exit__(self, *exc: Any) -> None:
        self._cls.persist = self._original

    def release(self) -> None:
        for df in self.frames:
            df.unpersist()
        self.frames.clear()


def _with_conf(spark, conf: dict[str, str], fn: Callable[[], Any]) -> Any:
    """``fn()`` with the Spark SQL settings ``conf``, restored afterwards."""
    before = {key: spark.conf.get(key, None) for key in conf}
    for key, value in conf.items():
        spark.conf.set(key, value)
    try:
        return fn()
    finally:
        for key, value in before.items():
            if value is None:
                spark.conf.unset(key)
            else:
                spark.conf.set(key, value)


def ydata_spark_variant(conf: dict[str, str], persisted: list[_Persisted]) -> Callable[[Context], Any]:
    """``ProfileReport(df, config=ydata_spark_settings()).get_description()`` under the Spark settings ``conf``.

    The description is everything the report shows, computed; no HTML is rendered. What the run
    persisted is recorded in ``persisted``, for :func:`measure_case` to unpersist after the run.
    """
    def run(ctx: Context):
        from ydata_profiling import ProfileReport

        def describe():
            with _Persisted(ctx.df) as p:
                persisted.append(p)
                return ProfileReport(ctx.df, config=ydata_spark_settings()).get_description()

        return _with_conf(ctx.spark, conf, describe)

    return run


def _ydata_pandas(ctx: Context):
    from ydata_profiling import ProfileReport

    return ProfileReport(ctx.df.toPandas(), config=ydata_pandas_settings()).get_description()


def ydata_version() -> str | None:
    """The installed ydata-profiling's version, or None when it does not import."""
    try:
        import ydata_profiling  # noqa: F401
    except ImportError:
        return None
    return importlib.metadata.version("ydata-profiling")


def _error_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return f"{type(exc).__name__}: {lines[0] if lines else ''}"[:400]


def probe_ydata(ctx: Context, log=print) -> tuple[dict[str, str] | None, str | None]:
    """Run ydata-profiling's Spark backend once on ``ctx`` (a warm-up) with Spark's default settings.

    Returns the settings its runs need (``{}``, or :data:`YDATA_CONF` when it fails with the defaults,
    or None when it fails either way) and the error it raised with the defaults (None if none). On
    Spark 4, whose ANSI mode is on by default, its median absolute deviation casts NaN to int (it fills
    the missing values of numeric columns with NaN first) and fails with CAST_OVERFLOW.
    """
    persisted: list[_Persisted] = []
    errors = []
    for conf in ({}, YDATA_CONF):
        try:
            ydata_spark_variant(conf, persisted)(ctx)
        except Exception as exc:  # noqa: BLE001  (whatever it raises is the finding)
            errors.append(_error_line(exc))
            log(f"  ydata-profiling (Spark) with {conf or 'Spark defaults'}: {errors[-1]}")
            continue
        finally:
            for p in persisted:
                p.release()
            persisted.clear()
        return conf, errors[0] if errors else None
    return None, errors[0]


# ---------------------------------------------------------------------------- measuring
class _Watchdog:
    """Cancels the Spark jobs of ``group`` once ``timeout`` seconds have passed, and keeps cancelling every
    0.2 s until stopped (a library may catch a cancelled job's error and start the next job)."""

    def __init__(self, sc, group: str, timeout: float | None) -> None:
        self.fired = False
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(sc, group, timeout), daemon=True)

    def _run(self, sc, group: str, timeout: float | None) -> None:
        if self._done.wait(timeout):  # None: until the run ends
            return
        self.fired = True
        while not self._done.is_set():
            sc.cancelJobGroup(group)
            self._done.wait(0.2)

    def __enter__(self) -> _Watchdog:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._done.set()
        self._thread.join()


def run_once(ctx: Context, fn: Callable[[Context], Any], measure: Measure, timeout: float | None = None) -> None:
    """Run ``fn`` once in its own job group and record its time, jobs and peak driver memory in ``measure``.

    With ``timeout``, the group's Spark jobs are cancelled once the run has taken that long: the run
    is recorded as stopped (its time a lower bound) in ``measure.missing``.
    """
    sc = ctx.spark.sparkContext
    group = f"profile-bench-{uuid.uuid4().hex}"
    sc.setJobGroup(group, "handyspark profile benchmark")
    watchdog = _Watchdog(sc, group, timeout or None)
    try:
        with PeakRss() as rss, watchdog:
            start = time.perf_counter()
            try:
                result = fn(ctx)
            except Exception:
                if not watchdog.fired:
                    raise
                result = None  # cancelled
            elapsed = time.perf_counter() - start
    finally:
        sc.setLocalProperty("spark.jobGroup.id", None)
        sc.setLocalProperty("spark.job.description", None)
    measure.times.append(elapsed)
    measure.memory.append(rss.mib)
    measure.jobs = len(sc.statusTracker().getJobIdsForGroup(group))
    if watchdog.fired:
        measure.missing = f"> {elapsed:.0f} (stopped)"
    else:
        measure.result = result


@dataclass
class CaseResult:
    """The measures of one case, by variant, and what was noted about it."""

    case: Case
    measures: dict[str, Measure] = field(default_factory=lambda: {k: Measure() for k in VARIANTS})
    notes: list[str] = field(default_factory=list)


def measure_case(spark, case: Case, variants: dict[str, Callable[[Context], Any] | None],
                 persisted: list[_Persisted], cache_dir: Path | str = DEFAULT_CACHE,
                 timeout: float | None = DEFAULT_TIMEOUT, log=print) -> CaseResult:
    """Cache the case's data, then run ``max(case.runs, case.ydata_runs)`` rounds of the variants.

    Every round runs handyspark and pyspark.pandas (the first of the two alternating); the first
    ``case.ydata_runs`` rounds also ydata-profiling's Spark backend, and the first round ydata-profiling
    on ``toPandas()`` when ``variants`` has it. A run of handyspark or ydata-profiling is stopped after
    ``timeout`` seconds (no further runs of it then). A variant that is None is "n/a".
    """
    out = CaseResult(case)
    df = case_frame(spark, case, cache_dir).cache()
    df.count()
    ctx = Context(spark, df, None)
    try:
        for r in range(max(case.runs, case.ydata_runs)):
            pair = ["handyspark", "pandas_on_spark"] if r % 2 == 0 else ["pandas_on_spark", "handyspark"]
            order = [k for k in pair if r < case.runs]
            if r < case.ydata_runs:
                order.append("ydata")
            if r == 0:
                order.append("ydata_pandas")
            for kind in order:
                fn = variants.get(kind)
                if fn is None or out.measures[kind].missing:  # not there, or stopped before
                    continue
                try:
                    run_once(ctx, fn, out.measures[kind], timeout if kind in ("handyspark", "ydata") else None)
                finally:
                    for p in persisted:
                        p.release()
                    persisted.clear()
                m = out.measures[kind]
                log(f"  {case.name}: {kind:<16} {m.times[-1]:9.2f} s  jobs {m.jobs:5d}  "
                    f"peak +{m.memory[-1]:.0f} MiB" + (f"  {m.missing}" if m.missing else ""))
    finally:
        ctx._ps.clear()
        df.unpersist()
    return out


# ---------------------------------------------------------------------------- same work
def agreement(profile, description) -> str:
    """How handyspark's figures compare with ydata-profiling's (Spark backend) on the same data, in words.

    Compared where both define a figure alike: count, missing, min, max (equal), distinct (ydata-profiling
    counts the missing value as one more distinct value), mean and std (ddof 1; largest relative
    difference, over the columns whose counts agree). Not compared: skewness and kurtosis (Spark's, biased,
    in ydata-profiling; pandas' bias-corrected ones in handyspark), quantiles (ydata-profiling's
    ``approxQuantile`` has relative error 0.05, handyspark's 1e-4), Pearson (ydata-profiling drops every
    row with a missing number first).
    """
    import math

    table = profile.table
    variables = description.variables
    unequal: list[str] = []
    zero_filled: list[str] = []
    worst = 0.0
    for name in profile.names:
        row, v = table.loc[name], variables.get(name, {})
        missing = int(row["missing"])
        pairs = [("count", int(row["count"]), v.get("count")), ("missing", missing, v.get("n_missing")),
                 ("distinct", int(row["distinct"]) + (missing > 0), v.get("n_distinct"))]
        if v.get("type") == "Numeric":
            pairs += [("min", row["min"], v.get("min")), ("max", row["max"], v.get("max"))]
        differ = [f"{name}.{key} {a!r} vs {b!r}" for key, a, b in pairs if a != b]
        if differ and missing and row["type"] in ("int", "bigint", "smallint", "tinyint") and v.get("n_missing") == 0:
            zero_filled.append(name)
        elif v.get("type") == "Numeric" and not differ:
            for key in ("mean", "std"):
                a, b = float(row[key]), float(v.get(key, math.nan))
                worst = max(worst, abs(a - b) / max(abs(a), abs(b), 1e-300))
        unequal += differ
    if not unequal:
        head = f"count, missing, distinct, min, max equal in all {len(profile.names)} columns"
    else:
        head = f"{len(unequal)} figures differ ({'; '.join(unequal[:4])}{'; ...' if len(unequal) > 4 else ''})"
    if zero_filled:
        head += (f"; ydata-profiling reports no missing value in the integer column(s) {', '.join(zero_filled)}: it "
                 "fills the missing values of numeric columns with NaN first, which an integer column stores as 0 "
                 "(ANSI mode off), so its count, missing, zeros, min and mean there are those of the data with 0 "
                 "for missing")
    close = "equal" if worst == 0 else f"within a relative {worst:.1e}"
    return f"{head}; mean and std (where the counts agree) {close}."


# ---------------------------------------------------------------------------- the table
HEADER = [
    "data", "handyspark s", "ydata-profiling (Spark) s", "ydata / handyspark", "pyspark.pandas describe s",
    "ydata-profiling (toPandas) s", "jobs (handyspark / ydata / describe)",
    "driver MB (handyspark / ydata / describe)", "runs (handyspark / ydata / describe)",
]


def _seconds(m: Measure) -> str:
    if m.missing:
        return m.missing
    return "n/a" if not m.times else f"{statistics.median(m.times):.1f}"


def speedup(results: CaseResult) -> float | None:
    """ydata-profiling's median time over handyspark's: a lower bound when ydata-profiling was stopped, an
    upper bound when handyspark was, None when both were (or one did not run)."""
    hs, yd = results.measures["handyspark"], results.measures["ydata"]
    if not hs.times or not yd.times or (hs.missing and yd.missing):
        return None
    return statistics.median(yd.times) / statistics.median(hs.times)


def _bound(hs: Measure, yd: Measure, lower: str, upper: str) -> str:
    return lower if yd.missing else upper if hs.missing else ""


def _relation(ratio: float, hs: Measure, yd: Measure) -> str:
    """``'2.5× faster'``, ``'at least 1.3× slower'`` ...: handyspark against ydata-profiling, in words.

    Examples
    --------
    >>> _relation(0.5, Measure(times=[1.0], missing="> 1 (stopped)"), Measure(times=[0.5]))
    'at least 2.0× slower'
    """
    faster = ratio >= 1
    bound = _bound(hs, yd, "at least " if faster else "at most ", "at most " if faster else "at least ")
    return f"{bound}{ratio if faster else 1 / ratio:.1f}× {'faster' if faster else 'slower'}"


def _three(measures: tuple[Measure, ...], show: Callable[[Measure], str]) -> str:
    return " / ".join(show(m) if m.times else "n/a" for m in measures)


def table_rows(results: list[CaseResult]) -> list[list[str]]:
    """One row of strings per case, in :data:`HEADER` order."""
    rows = []
    for r in results:
        m = r.measures
        hs, yd, ps, pdy = m["handyspark"], m["ydata"], m["pandas_on_spark"], m["ydata_pandas"]
        ratio = speedup(r)
        ratio_text = "n/a" if ratio is None else f"{_bound(hs, yd, '≥ ', '≤ ')}{ratio:.1f}×"

        trio = (hs, yd, ps)
        rows.append([
            r.case.name, _seconds(hs), _seconds(yd), ratio_text, _seconds(ps), _seconds(pdy),
            _three(trio, lambda x: str(x.jobs)), _three(trio, lambda x: f"{max(x.memory):.0f}"),
            _three(trio, lambda x: str(len(x.times))),
        ])
    return rows


def markdown_table(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "|".join(["---"] + ["---:"] * (len(HEADER) - 1)) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def targets(results: list[CaseResult]) -> list[str]:
    """Per case: whether handyspark is at least 10× faster than ydata-profiling's Spark backend and runs no
    more Spark jobs than pyspark.pandas' ``describe``."""
    lines = []
    for r in results:
        hs, yd, ps = (r.measures[k] for k in ("handyspark", "ydata", "pandas_on_spark"))
        ratio = speedup(r)
        if ratio is None:
            fast = ("speed: not measured (" + ("both were stopped" if hs.missing and yd.missing else
                                                "no ydata-profiling run") + ")")
        else:
            met = ratio >= TARGET_SPEEDUP and not hs.missing
            fast = (f"speed: {'met' if met else 'NOT met'}, handyspark {_relation(ratio, hs, yd)} than "
                    f"ydata-profiling's Spark backend (target: {TARGET_SPEEDUP:.0f}× faster)")
        if hs.times and ps.times:
            stopped = " (stopped: the jobs it started)" if hs.missing else ""
            jobs = (f"jobs: {'met' if hs.jobs <= ps.jobs and not hs.missing else 'NOT met'}, {hs.jobs}{stopped} "
                    f"against describe's {ps.jobs} (ydata-profiling: {yd.jobs if yd.times else 'n/a'})")
        else:
            jobs = "jobs: not measured"
        lines.append(f"- **{r.case.name}**: {fast}; {jobs}.")
    return lines


def report(results: list[CaseResult], *, command: str, seconds: float, info: dict, load: str,
           ydata: str | None, ydata_conf: dict[str, str] | None, ydata_default_error: str | None,
           timeout: float | None) -> str:
    """The Markdown page: what was run, on what, the table, the targets and what ydata-profiling needed."""
    notes = "\n".join(f"- **{r.case.name}**: {n}" for r in results for n in r.notes) or "- none"
    if ydata is None:
        backend = "ydata-profiling is not installed in this environment: its columns are n/a."
    elif ydata_conf is None:
        backend = (f"ydata-profiling {ydata}'s Spark backend failed on this PySpark with Spark's defaults "
                   f"(`{str(ydata_default_error).replace(chr(96), chr(39))}`) and with `{YDATA_CONF}` too: its columns are n/a.")
    elif ydata_default_error:
        setting = ", ".join(f"`{k}={v}`" for k, v in ydata_conf.items())
        error = ydata_default_error.replace("`", "'")
        backend = (f"ydata-profiling {ydata}'s Spark backend **fails with Spark 4's defaults**: `{error}` "
                   f"(it fills the missing values of numeric columns with NaN, then casts NaN to int for the median "
                   f"absolute deviation, which ANSI mode, on by default since Spark 4.0, refuses). Its runs set "
                   f"{setting} for their duration; handyspark and pyspark.pandas run with Spark's defaults.")
    else:
        backend = f"ydata-profiling {ydata}'s Spark backend runs with Spark's defaults."
    stop = f"{timeout:.0f} s" if timeout else "no limit"
    return f"""# Performance: Profile

`hdf.profile()` beside ydata-profiling's Spark backend and pyspark.pandas' `describe()` (issue 19). Produced by

```
{command}
```

in one run of {seconds:.0f} s; Spark `local[2]` (driver memory 6g), the data cached in Spark memory before the runs. Machine:
{info['cpu']}; {info['software']}; ydata-profiling {ydata or 'not installed'}. Other work on the machine: {load}.

{markdown_table(table_rows(results))}

Times are medians of the runs (the last column counts them); "stopped" is a run of handyspark or
ydata-profiling whose Spark jobs were cancelled after {stop}: its time is a lower bound, and the ratio a
bound.

## Targets

{chr(10).join(targets(results))}

## Where handyspark's time goes

handyspark's profile runs 4 Spark jobs whatever the number of columns (more with the map-stage jobs of
adaptive execution). Measured one job at a time (one run each, this machine, PySpark 4.3): on 12 columns ×
2,000,000 rows, job 1 (every column's figures) 14 s, job 2 (histograms) 3 s, job 3 (top values, distinct
counts, duplicate rows) 18 s, job 4 (correlations) 22 s; on 100 columns × 20,000 rows, 25 s, 8 s, 10 s and
9 s. Job 1's time at 100 columns is Spark's code generation for one aggregation of about 1,500
aggregates (the same query takes 2 s once its code is compiled). Job 4 ranks for Spearman's correlation:
with `spearman="auto"` (the default) each pair with a missing side is ranked anew, as pandas does, while
the rows times those pairs are at most 10 million (the 12 columns: `Age`'s 7 pairs × 2,000,000 rows are
more, so each column is ranked once, as pandas' `df.rank().corr()`; see docs/profile.md); Cramér's V
counts its contingency cells with numpy on each partition. ydata-profiling ranks each numeric column
once (Spark ML's `Correlation`, on the rows without any missing number: another figure than pandas' when
values are missing) and has no Cramér's V on Spark. describe computes 8 figures of the numeric columns
only, in 2 jobs.

## What is measured

- **handyspark**: `df.toHandy().profile()` with its defaults: every column's count, missing, distinct
  (exact), min, max, mean, std, skewness, kurtosis, zeros, negatives, infinities, 7 quantiles (relative
  error 1e-4), top 10 values, a 10-bin histogram, string lengths; the rows, duplicate rows, and the
  Pearson, Spearman and Cramér's V matrices. A `Profile` of aggregates; no HTML.
- **ydata-profiling (Spark)**: `ProfileReport(df, config=SparkSettings(...)).get_description()`: the
  report's description, every figure computed, no HTML rendered. Sections on: variables (describe,
  including missing counts, the same 7 quantiles, top 10 values, 10-bin histograms), Pearson and
  Spearman correlations, duplicates. Off: samples, interactions, missing-value diagrams (drawings of
  counts the description has anyway). Cramér's V cannot be turned on: its Spark backend raises
  `NotImplementedError` for it (and its `calculate_correlation` does not catch that: the whole
  description fails). {backend} ydata-profiling persists every column's value counts and never
  unpersists them; the benchmark unpersists them after each run, outside the time.
- **pyspark.pandas describe**: `df.pandas_api().describe().to_pandas()`: count, mean, std, min,
  quartiles (approximate), max of the numeric columns: much less than a profile, the issue's baseline
  for the number of jobs.
- **ydata-profiling (toPandas)**: where run, `ProfileReport(df.toPandas(), ...)` with the same sections
  plus Cramér's V, conversion included (its pandas backend on the driver).
- **jobs**: Spark jobs of one run, by job group (`setJobGroup` and the status tracker); adaptive query
  execution (Spark's default) runs each shuffle's map stage as a job of its own.
- **driver MB**: peak increase of the Python driver's resident memory during a run, the largest over
  the runs (as `benchmarks/run.py`); the JVM is not included.
- **data**: the 12 Titanic-shaped columns of `benchmarks/data.py`; 100 columns: `benchmarks.data.widen`
  adds 88 derived by Spark (copies of the 12 in turn, perturbed per row, about 5% more missing values),
  never collected.

## Same work

{notes}
"""


# ---------------------------------------------------------------------------- the run
def run_profile_benchmark(spark, cases: list[Case], warmup: bool = True,
                          pandas_path: bool = False, timeout: float | None = DEFAULT_TIMEOUT,
                          out: Path | str | None = DEFAULT_OUT, cache_dir: Path | str = DEFAULT_CACHE,
                          command: str | None = None, log=print) -> list[CaseResult]:
    """Measure every case and write the Markdown page to ``out`` (if given). Returns the cases' results.

    ``pandas_path`` adds ydata-profiling on ``toPandas()`` (one run, on cases of at most 12 columns).
    """
    import warnings

    import pyspark.pandas as ps

    started = time.perf_counter()
    info, load_start = machine(), _load()
    version = ydata_version()
    ydata_conf = ydata_error = None
    persisted: list[_Persisted] = []
    variants: dict[str, Callable[[Context], Any] | None] = {"handyspark": _handyspark,
                                                            "pandas_on_spark": _pandas_on_spark}
    results = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ps.utils.PandasAPIOnSparkAdviceWarning)
        warnings.filterwarnings("ignore", category=FutureWarning, module="pyspark")
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        warnings.filterwarnings("ignore", category=UserWarning, module="ydata_profiling")
        warm = Context(spark, generate(spark, WARMUP_ROWS, cache_dir).cache(), None)
        try:
            if warmup:
                log(f"warm-up on {WARMUP_ROWS:,} rows")
                for fn in variants.values():
                    run_once(warm, fn, Measure())
            if version is not None:
                ydata_conf, ydata_error = probe_ydata(warm, log=log)  # a warm-up for ydata-profiling as well
        finally:
            warm._ps.clear()
            warm.df.unpersist()
        if ydata_conf is not None:
            variants["ydata"] = ydata_spark_variant(ydata_conf, persisted)
        for case in cases:
            log(f"{case.name}")
            here = dict(variants)
            if pandas_path and version is not None and case.columns <= 12:
                here["ydata_pandas"] = _ydata_pandas
            result = measure_case(spark, case, here, persisted, cache_dir, timeout, log=log)
            hs, yd = result.measures["handyspark"], result.measures["ydata"]
            if hs.result is not None and yd.result is not None and not yd.missing:
                result.notes.append("handyspark against ydata-profiling (Spark): " + agreement(hs.result, yd.result))
            for label, m in (("handyspark", hs), ("ydata-profiling", yd)):
                if m.missing:
                    result.notes.append(f"{label} stopped after {m.times[-1]:.0f} s, {m.jobs} Spark jobs in.")
            results.append(result)
    seconds = time.perf_counter() - started
    load = f"{load_start} at the start, {_load()} at the end"
    log("\n" + markdown_table(table_rows(results)) + "\n\n" + "\n".join(targets(results)))
    if out is not None:
        text = report(results, command=command or "benchmarks/profile_bench.py", seconds=seconds, info=info,
                      load=load, ydata=version, ydata_conf=ydata_conf, ydata_default_error=ydata_error,
                      timeout=timeout)
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(text)
        log(f"\nwritten to {out} ({seconds:.0f} s)")
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--case", action="append", dest="cases", metavar="COLUMNSxROWS[:YDATA_RUNS]",
                        help=f"a data set (repeatable; default {' '.join(DEFAULT_CASES)})")
    parser.add_argument("--rows", type=int, help="rows of the default cases (instead of 2,000,000)")
    parser.add_argument("--repeat", type=int, default=DEFAULT_REPEAT,
                        help=f"runs of handyspark and pyspark.pandas of a --case without :RUNS (default {DEFAULT_REPEAT})")
    parser.add_argument("--ydata-repeat", type=int, default=DEFAULT_YDATA_RUNS,
                        help=f"ydata-profiling runs of a --case without :YDATA_RUNS (default {DEFAULT_YDATA_RUNS})")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help=f"stop a run of handyspark or ydata-profiling after this many seconds "
                             f"(default {DEFAULT_TIMEOUT:.0f}; 0: no limit)")
    parser.add_argument("--pandas", action="store_true",
                        help="also ydata-profiling on toPandas() (one run, cases of at most 12 columns)")
    parser.add_argument("--no-warmup", action="store_true", help="no warm-up run of each variant")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="Markdown file to write ('-': print only)")
    args = parser.parse_args(argv)
    try:
        if args.cases:
            cases = [parse_case(c, args.repeat, args.ydata_repeat) for c in args.cases]
        else:
            cases = [parse_case(c) for c in DEFAULT_CASES]
            if args.rows:
                cases = [Case(c.columns, args.rows, c.runs, c.ydata_runs) for c in cases]
    except ValueError as exc:
        parser.error(str(exc))
    if args.repeat < 1 or (args.rows is not None and args.rows < 1):
        parser.error("--rows and --repeat must be positive")
    given = sys.argv[1:] if argv is None else argv
    command = " ".join(["benchmarks/ydata_env.sh" if ydata_version() else ".venv/bin/python benchmarks/profile_bench.py",
                        *given])
    spark = session(SESSION_CONF)
    try:
        run_profile_benchmark(spark, cases, warmup=not args.no_warmup, pandas_path=args.pandas,
                              timeout=args.timeout or None,
                              out=None if args.out == "-" else args.out, command=command,
                              log=lambda *a: print(*a, flush=True))
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
