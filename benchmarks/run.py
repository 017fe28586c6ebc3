"""Benchmark handyspark against hand-written PySpark, pyspark.pandas and toPandas + pandas.

Usage (from the repository root)::

    .venv/bin/python benchmarks/run.py [--rows N] [--repeat K] [--out docs/performance.md]

Builds (once, cached under ``benchmarks/.cache/``) Titanic-shaped data of N rows,
caches it in Spark, then runs every operation of :mod:`benchmarks.operations` in
each of its variants, in the same process on the same cached data: one warm-up
run per variant (not measured), then ``repeat`` rounds, each running every
variant once. It prints a table of median times, ratios to the hand-written
PySpark, Spark job counts and driver memory, and writes it as Markdown.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import os
import platform
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

from benchmarks.data import DEFAULT_CACHE, generate, is_cached  # noqa: E402
from benchmarks.operations import OPERATIONS, VARIANTS, Context, Operation, make_context, release  # noqa: E402

DEFAULT_ROWS = 2_000_000
DEFAULT_REPEAT = 4  # even: handyspark and plain PySpark run in each order as often (see round_order)
WARMUP_ROWS = 10_000  # warm-up runs use this much data: they only load code (imports, workers, JIT)
MIN_SECONDS = 8.0  # quick operations get more rounds of the pair (up to MAX_ROUNDS) until one has run this long
MAX_ROUNDS = 24
PAIR = ("handyspark", "plain")  # the two variants the ratio compares
DEFAULT_OUT = ROOT / "docs" / "performance.md"
PROFILE_PAGE = ROOT / "docs" / "performance-profile.md"
TARGET_RATIO = 1.2
NOT_AVAILABLE = "n/a (not available)"

#: Why an operation may be above target (shown for the operations that are).
_TWO_PASSES = (
    "exact quartiles in two bounded passes (percentile_approx brackets, then only the values inside them reach "
    "the driver: memory bounded whatever the number of distinct values), where the hand-written query calls "
    "Spark's `percentile`, one job fewer, which keeps every distinct value of a column in memory and merges them "
    "on one reducer: cheap on a few thousand distinct values, slow and unbounded on millions."
)
WHY = {
    "compare (drift)": (
        "handyspark computes the exact KS statistic (a window over each column's sorted distinct values, both "
        "sides), exact quantiles and means of both frames and which categories appeared or vanished, where the "
        "hand-written query counts approximate decile bins and the categories only; toPandas + scipy, which "
        "computes KS too, takes about as long (and brings every row to the driver)."
    ),
    "outliers": _TWO_PASSES,
    "fence": _TWO_PASSES,
    "stratified fill": (
        "besides the means per stratum (one grouping, as the hand-written version), handyspark returns the "
        "filled frame: it builds the per-stratum lookup and the filled columns on the driver and checks the "
        "number of strata against `max_strata`."
    ),
    "scatterplot": (
        "handyspark corrects an arithmetic guess of each value's bin by comparing the value with a bin edge, so "
        "that the counts equal numpy's exactly (edge values included): one comparison per row and axis more than "
        "the bare `floor((x - min) / width)` of the hand-written version; it also counts the rows left out."
    ),
    "getMetricsByThreshold": (
        "the same aggregation and window sums as the hand-written version, after one more pass that checks "
        "every row first: a missing score or a label other than 0/1 raises InvalidRowsError instead of being "
        "dropped from the table without a word (the hand-written version does not check)."
    ),
    "evaluate by segment": (
        "handyspark collects every segment's per-score table (6 segments x about 1,000 scores, checked for "
        "invalid rows in the same aggregation) and computes every figure of the summary on the driver: both "
        "areas, log loss, Brier score and the overall row, with each segment's curves and thresholds then free "
        "of further jobs; the hand-written query computes the two areas in Spark and brings back 6 rows."
    ),
    "hist": (
        "handyspark counts the values below each inner bin edge in one aggregation (exact, as numpy), and the "
        "missing values the plot says it leaves out, where the hand-written version groups by the bare "
        "`floor((x - min) / width)`."
    ),
    "str.upper (pandas UDF)": (
        "both run the same pandas function in a pandas UDF: the time is the Arrow round trip of every row to the "
        "Python workers. handyspark runs `F.upper` natively by default (the row above)."
    ),
}
_NOISE = (
    "the same passes over the data as the hand-written version; at sub-second times a fixed driver-side cost "
    "(argument checks, plan building, shaping the pandas result) or the noise of a shared machine shows"
)


# ---------------------------------------------------------------------------- memory
def _status_kib(key: str) -> int:
    text = Path("/proc/self/status").read_text()
    return int(re.search(rf"^{key}:\s+(\d+)", text, re.M).group(1))


class PeakRss:
    """The peak increase of this (Python driver) process's resident memory during a block, in MiB.

    On Linux the kernel's high-water mark (``VmHWM``) is reset before the block
    (``/proc/self/clear_refs``); elsewhere a thread samples the RSS every 5 ms.
    """

    def __init__(self) -> None:
        self.mib = 0.0
        self._sampler: threading.Thread | None = None

    def __enter__(self) -> PeakRss:
        gc.collect()
        _trim()
        try:
            Path("/proc/self/clear_refs").write_text("5")
            self._start = _status_kib("VmRSS")
            self._hwm = True
        except OSError:
            import psutil

            self._hwm = False
            self._proc = psutil.Process()
            self._start = self._proc.memory_info().rss // 1024
            self._peak = self._start
            self._stop = threading.Event()
            self._sampler = threading.Thread(target=self._sample, daemon=True)
            self._sampler.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.005):
            self._peak = max(self._peak, self._proc.memory_info().rss // 1024)

    def __exit__(self, *exc: Any) -> None:
        if self._hwm:
            peak = _status_kib("VmHWM")
        else:
            self._stop.set()
            self._sampler.join()
            peak = max(self._peak, self._proc.memory_info().rss // 1024)
        self.mib = max(0, peak - self._start) / 1024


def _trim() -> None:
    """Give freed heap memory back to the system (glibc), so that a later peak is not hidden by reuse."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


# ---------------------------------------------------------------------------- measuring
@dataclass
class Measure:
    """Times (s), Spark jobs and peak driver memory (MiB) of one variant of one operation."""

    times: list[float] = field(default_factory=list)
    jobs: int | None = None
    memory: list[float] = field(default_factory=list)
    missing: str | None = None  # why there is no measure ("n/a ...")
    result: Any = None  # what the last measured run returned (small: aggregates)

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None


def run_once(ctx: Context, fn: Callable[[Context], Any], measure: Measure, record: bool) -> None:
    """Run ``fn`` once in its own Spark job group; record time, jobs and memory when ``record``."""
    sc = ctx.spark.sparkContext
    group = f"bench-{uuid.uuid4().hex}"
    sc.setJobGroup(group, "handyspark benchmark")
    try:
        with PeakRss() as rss:
            start = time.perf_counter()
            result = fn(ctx)
            elapsed = time.perf_counter() - start
    finally:
        sc.setLocalProperty("spark.jobGroup.id", None)
        sc.setLocalProperty("spark.job.description", None)
    if record:
        measure.result = result
        measure.times.append(elapsed)
        measure.memory.append(rss.mib)
        measure.jobs = len(sc.statusTracker().getJobIdsForGroup(group))


def measure_operation(ctx: Context, op: Operation, repeat: int, warmup: int, warm: Context | None = None,
                      log=print) -> dict[str, Measure]:
    """Warm up each variant (on ``warm``, default ``ctx``), then run ``repeat`` rounds of all variants.

    Quick operations get more rounds, up to ``MAX_ROUNDS``, until handyspark or plain PySpark has run
    ``MIN_SECONDS`` in all (only when ``repeat >= 3``). Those extra rounds run the two alone: they only
    sharpen the ratio, whose single-round values of a sub-second operation scatter widely.

    The rounds interleave the variants, so that a change of load on the machine hits all of them, in
    the order of :func:`round_order`.
    """
    results = {kind: Measure() for kind in VARIANTS}
    live: list[str] = []
    for kind in VARIANTS:
        fn = op.variant(kind)
        if fn is None:
            results[kind].missing = "n/a"
            continue
        live.append(kind)
    round_ = 0
    while round_ < warmup + repeat or _more(results, round_ - warmup, repeat):
        extra = round_ >= warmup + repeat
        for kind in round_order([k for k in live if k in PAIR] if extra else live, round_):
            try:
                run_once(warm or ctx if round_ < warmup else ctx, op.variant(kind), results[kind],
                         record=round_ >= warmup)
            except (ImportError, AttributeError) as exc:
                if kind != "handyspark" or round_ > 0:
                    raise
                # a handyspark call not there (yet): say so in the table rather than fail
                log(f"  {op.name} / {kind}: not available: {type(exc).__name__}: {exc}")
                results[kind].missing = NOT_AVAILABLE
                live.remove(kind)
        round_ += 1
    for kind in live:
        m = results[kind]
        log(f"  {op.name:<24} {kind:<16} median {m.median:8.3f} s  jobs {m.jobs}  peak +{max(m.memory):.0f} MiB")
    return results


def round_order(live: list[str], round_: int) -> list[str]:
    """The order of the variants in round ``round_``: handyspark and plain PySpark first, back to back.

    The two swap places every round and the others follow, so that over two rounds each of the
    two runs once right after the other and once right after the round before: neither pays more
    often than the other for what a run leaves behind (e.g. the garbage of a ``toPandas`` of
    millions of rows). A plain rotation of the order would put handyspark after ``toPandas`` twice
    as often as plain PySpark.

    Examples
    --------
    >>> round_order(["handyspark", "plain", "to_pandas"], 1)
    ['plain', 'handyspark', 'to_pandas']
    """
    pair = [k for k in PAIR if k in live]
    if round_ % 2:
        pair.reverse()
    return pair + [k for k in live if k not in pair]


def _more(results: dict[str, Measure], done: int, repeat: int) -> bool:
    """Whether a quick operation needs another round: sub-second medians are noisy on a shared machine."""
    if repeat < 3 or done >= max(repeat, MAX_ROUNDS):
        return False
    if done % 2:  # an even number of rounds: each order of the pair as often
        return True
    key = [results[k] for k in PAIR if not results[k].missing]
    return bool(key) and min(sum(m.times) for m in key) < MIN_SECONDS


# ---------------------------------------------------------------------------- the table
HEADER = [
    "operation", "handyspark s", "plain PySpark s", "ratio", "pyspark.pandas s", "toPandas+pandas s",
    "jobs (handyspark / plain)", "driver MB (handyspark / toPandas)",
]


def _seconds(m: Measure) -> str:
    return m.missing if m.missing else f"{m.median:.3f}"


def _mib(m: Measure) -> str:
    return "n/a" if m.missing else f"{max(m.memory):.0f}"


def ratio(hs: Measure, plain: Measure) -> float:
    """handyspark's time over plain PySpark's: the median of the ratios of runs in the same round.

    Runs of one round follow one another within seconds, so each pair meets the same load on the
    machine; the median of those ratios is steadier than the ratio of the two medians.
    """
    return statistics.median(h / p for h, p in zip(hs.times, plain.times))


def table_rows(results: dict[str, dict[str, Measure]]) -> list[list[str]]:
    """One row of strings per operation, in :data:`HEADER` order."""
    rows = []
    for name, r in results.items():
        hs, plain = r["handyspark"], r["plain"]
        times = f"{ratio(hs, plain):.2f}×" if not (hs.missing or plain.missing) else "n/a"
        jobs = f"{hs.jobs if not hs.missing else 'n/a'} / {plain.jobs}"
        rows.append([name, _seconds(hs), _seconds(plain), times, _seconds(r["pandas_on_spark"]),
                     _seconds(r["to_pandas"]), jobs, f"{_mib(hs)} / {_mib(r['to_pandas'])}"])
    return rows


def markdown_table(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "|".join(["---"] + ["---:"] * (len(HEADER) - 1)) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def over_target(results: dict[str, dict[str, Measure]], why: bool = False) -> list[str]:
    """Operations slower than ``TARGET_RATIO`` times plain PySpark or running more jobs."""
    flagged = []
    for name, r in results.items():
        hs, plain = r["handyspark"], r["plain"]
        if hs.missing or plain.missing:
            continue
        times = ratio(hs, plain)
        if times > TARGET_RATIO or hs.jobs > plain.jobs:
            text = f"{name}: {times:.2f}× the time, {hs.jobs} jobs vs {plain.jobs}"
            flagged.append(f"**{text}**: {WHY.get(name, _NOISE)}" if why else text)
    return flagged


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} / {five:.2f} / {fifteen:.2f} (1 / 5 / 15 min)"


def machine() -> dict[str, str]:
    """What the numbers were measured on."""
    import pandas
    import pyspark

    cpu = "unknown CPU"
    try:
        cpu = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.M).group(1)
    except (OSError, AttributeError):
        pass
    try:
        kib = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem = f"{kib / 2**20:.0f} GiB"
    except (OSError, AttributeError):
        mem = "unknown"
    return {
        "cpu": f"{os.cpu_count()} cores ({cpu}), {mem} RAM, {platform.system()} {platform.release()}",
        "software": f"Python {platform.python_version()}, PySpark {pyspark.__version__}, pandas {pandas.__version__}",
    }


def report(results, *, rows: int, repeat: int, warmup: int, command: str, seconds: float, info: dict,
           load: str, data: str) -> str:
    """The Markdown page: what was run, on what, the table and the operations above target."""
    warm = f"after {warmup} warm-up run(s) per variant on {min(rows, WARMUP_ROWS):,} rows" if warmup else "no warm-up"
    notes = "\n".join(f"- **{op.name}**: {op.note}" for op in OPERATIONS if op.name in results and op.note)
    flagged = over_target(results, why=True)
    above = "\n".join(f"- {f}" for f in flagged) if flagged else f"- none: every operation is within {TARGET_RATIO}×"
    return f"""# Performance

Produced by

```
{command}
```

on {rows:,} Titanic-shaped rows (`benchmarks/data.py`), Spark `local[2]`, median of {repeat} runs
(handyspark and plain PySpark: up to {MAX_ROUNDS} for quick operations, until one of them has run {MIN_SECONDS:.0f} s in all; {warm}); {seconds:.0f} s for the whole benchmark ({data}).
Machine: {info['cpu']}; {info['software']}.
Other work on the machine: {load}.

{markdown_table(table_rows(results))}

{exact_summary(results)}

{curves_summary()}

{profile_summary()}

## What is measured

- **Times** are wall-clock seconds on the driver for the whole operation, from the call to a pandas/Python
  result (every Spark job included), median of the runs. All variants read the same DataFrame, cached in
  Spark memory once before the benchmark, so no variant pays for reading files. Variants run interleaved,
  one run of each per round: handyspark and plain PySpark first, back to back, swapping places every round
  (an even number of rounds), then the others. So machine load, and the garbage a 2-million-row `toPandas`
  leaves behind, hit handyspark and plain PySpark alike. Quick operations get extra rounds of handyspark and
  plain PySpark alone, for a steadier ratio.
- **handyspark**: the public API (`df.toHandy()`, `cols[...]`, `stratify`, `fill`, `outliers`, `fence`,
  `histogram`, `scatter_counts`, `BinaryClassificationMetrics`, `hdf.pandas[...]`).
- **plain PySpark**: what an expert writes by hand, one aggregation per pass over the data
  (`benchmarks/operations.py`); **ratio** is handyspark / plain: the median, over the rounds, of
  handyspark's time divided by plain PySpark's in the same round. On a 2-core machine the ratio of a
  sub-second operation moves by up to about 0.15 between two runs of the same code (single rounds by far
  more): a ratio just above the target is a finding only when it repeats.
- **pyspark.pandas**: `df.pandas_api()` (default index type `distributed`) where it has the operation; n/a otherwise.
- **toPandas+pandas**: `toPandas()` (Arrow enabled) of just the columns the operation needs, then pandas; the
  conversion is included.
- **jobs**: Spark jobs started by one run, counted with `setJobGroup` and the status tracker (adaptive query
  execution runs each shuffle stage as its own job, so a `groupBy` counts 2).
- **driver MB**: peak increase of the Python driver process's resident memory (RSS) during one run, the
  largest over the runs (`VmHWM` after resetting it, Linux). The JVM is not included.

Operations:

{notes}

## Above target (slower than {TARGET_RATIO}× plain PySpark, or more jobs)

{above}
"""


#: Exact-quantile operations and their approximate twins (``relativeError=1e-4``), and the target ratio (issue 20).
EXACT_PAIRS = [("outliers", "outliers (approximate)"), ("fence", "fence (approximate)")]
EXACT_TARGET = 1.5


def exact_summary(results: dict[str, dict[str, Measure]]) -> str:
    """handyspark's exact quantiles against its approximate ones and against Spark's exact ``percentile``."""
    lines = ["## Exact quantiles", "",
             "handyspark's exact quartiles (`relativeError=0`, the default of `outliers`, `fence` and the box plots) "
             "take two bounded passes ([how](statistics.md#quantiles-and-their-error-bound)); the hand-written exact "
             "query uses Spark's `percentile`. Target (issue 20): exact within "
             f"{EXACT_TARGET}× of handyspark's approximate quartiles (`relativeError=1e-4`).", "",
             "| operation | exact s | approximate s | exact / approximate | Spark `percentile` s | target |",
             "|---|---:|---:|---:|---:|---|"]
    for exact, approximate in EXACT_PAIRS:
        if exact not in results or approximate not in results:
            continue
        e, a, p = results[exact]["handyspark"], results[approximate]["handyspark"], results[exact]["plain"]
        if e.missing or a.missing:
            continue
        times = e.median / a.median
        met = "met" if times <= EXACT_TARGET else "NOT met"
        lines.append(f"| {exact} | {_seconds(e)} | {_seconds(a)} | {times:.2f}× | {_seconds(p)} | {met} |")
    return "\n".join(lines)


CURVES_PAGE = ROOT / "docs" / "performance-curves.md"


def curves_summary(page: Path = CURVES_PAGE) -> str:
    """The cost curves' figure and targets, as ``benchmarks/run.py --curves`` last wrote them on their own page."""
    link = ("How time, Spark jobs and query planning grow with rows, columns and strata is measured by "
            "`benchmarks/run.py --curves`: see [Performance: cost curves](performance-curves.md).")
    if not page.exists():
        return "\n".join(["## Cost curves", "", link])
    lines = page.read_text().splitlines()
    figure = [line for line in lines if line.startswith("![")]  # both pages are in docs/: the same image path
    start = lines.index("## Targets (issue 20)") + 1 if "## Targets (issue 20)" in lines else len(lines)
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines))
    targets = [line for line in lines[start:end] if line.startswith("- ")]
    return "\n".join(["## Cost curves", "", link, "", *figure, "", "Targets (issue 20), handyspark:", "", *targets])


def profile_summary(page: Path = PROFILE_PAGE) -> str:
    """The profile's rows and targets, as ``benchmarks/profile_bench.py`` last wrote them on their own page.

    The profile is measured beside ydata-profiling in that benchmark's own environment (``benchmarks/ydata_env.sh``);
    this page shows its table and targets, and links to the rest.
    """
    link = ("The profile (`hdf.profile()`) is measured beside ydata-profiling's Spark backend and pyspark.pandas' "
            "`describe()` by its own command: see [Performance: Profile](performance-profile.md).")
    if not page.exists():
        return link
    lines = page.read_text().splitlines()
    table = [line for line in lines if line.startswith("|")]
    start = lines.index("## Targets") + 1 if "## Targets" in lines else len(lines)
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines))
    targets = [line for line in lines[start:end] if line.startswith("- ")]
    return "\n".join(["## Profile", "", link, "", *table, "", "Targets (issue 19):", "", *targets])


def run_benchmark(spark, rows: int = DEFAULT_ROWS, repeat: int = DEFAULT_REPEAT, warmup: int = 1,
                  out: Path | str | None = DEFAULT_OUT, cache_dir: Path | str = DEFAULT_CACHE,
                  command: str | None = None, log=print) -> dict[str, dict[str, Measure]]:
    """Run every operation on ``rows`` rows in ``spark`` and write the Markdown report to ``out`` (if given).

    Returns ``{operation: {variant: Measure}}``.
    """
    import warnings

    import pyspark.pandas as ps

    info = machine()
    load_start = _load()
    ones = [os.getloadavg()[0]]
    started = time.perf_counter()
    log(f"data: {rows:,} rows ({cache_dir})")
    cached = is_cached(rows, cache_dir)
    source = generate(spark, rows, cache_dir)
    data = "data read from the parquet cache" if cached else f"{time.perf_counter() - started:.0f} s of it generating the data"
    ctx = make_context(spark, source)
    warm = make_context(spark, generate(spark, min(rows, WARMUP_ROWS), cache_dir)) if warmup else None
    previous_index = ps.get_option("compute.default_index_type")
    ps.set_option("compute.default_index_type", "distributed")
    results = {}
    try:
        with warnings.catch_warnings():  # pyspark.pandas advises against to_pandas, even of aggregates
            warnings.simplefilter("ignore", ps.utils.PandasAPIOnSparkAdviceWarning)
            warnings.filterwarnings("ignore", category=FutureWarning, module="pyspark")
            for op in OPERATIONS:
                results[op.name] = measure_operation(ctx, op, repeat, warmup, warm, log=log)
                ones.append(os.getloadavg()[0])
    finally:
        ps.set_option("compute.default_index_type", previous_index)
        release(ctx)
        if warm is not None:
            release(warm)
    seconds = time.perf_counter() - started
    load = (f"{load_start} at the start, {_load()} at the end; the 1-minute load average between "
            f"operations ranged from {min(ones):.1f} to {max(ones):.1f}")
    log("\n" + markdown_table(table_rows(results)))
    if out is not None:
        command = command or "benchmarks/run.py"
        text = report(results, rows=rows, repeat=repeat, warmup=warmup, command=command, seconds=seconds, info=info,
                      load=load, data=data)
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(text)
        log(f"\nwritten to {out} ({seconds:.0f} s)")
    return results


def session(conf: dict[str, str] | None = None):
    """The benchmark's own classic ``local[2]`` session, with the Spark settings ``conf`` added."""
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ.setdefault("PYARROW_IGNORE_TIMEZONE", "1")
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.master("local[2]")
        .appName("handyspark-benchmark")
        .config("spark.driver.memory", "4g")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.log.level", "ERROR")
    )
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS, help=f"rows of data (default {DEFAULT_ROWS:,})")
    parser.add_argument("--repeat", type=int, default=DEFAULT_REPEAT, help="measured runs per variant (median)")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="Markdown file to write (default docs/performance.md)")
    parser.add_argument("--curves", action="store_true",
                        help="measure the cost curves instead (rows, columns, strata; docs/performance-curves.md)")
    parser.add_argument("--curves-quick", action="store_true", help="the cost curves on a small grid")
    parser.add_argument("--curves-resume", action="store_true",
                        help="the cost curves, measuring only the points a stopped run did not (benchmarks/.cache)")
    parser.add_argument("--curves-point", nargs=3, type=int, metavar=("ROWS", "COLUMNS", "STRATA"),
                        help=argparse.SUPPRESS)  # one point of the curves, in a process of its own
    args = parser.parse_args(argv)
    if args.rows < 1 or args.repeat < 1:
        parser.error("--rows and --repeat must be positive")
    given = sys.argv[1:] if argv is None else argv
    command = " ".join([".venv/bin/python benchmarks/run.py", *given])
    log = lambda *a: print(*a, flush=True)  # noqa: E731
    if args.curves or args.curves_resume:  # each point in a process of its own (run_isolated)
        from benchmarks.curves import CURVES, run_isolated

        run_isolated(CURVES, command=command, resume=args.curves_resume, log=log)
        return
    if args.curves_point or args.curves_quick:
        from benchmarks.curves import CURVES, QUICK, measure_point, write_curves

        spark = session({"spark.driver.memory": "2g", "spark.driver.maxResultSize": "8m"})
        try:
            if args.curves_point:
                measure_point(spark, tuple(args.curves_point), CURVES, log=log)
            else:
                write_curves(spark, QUICK, command=command, log=log)
        finally:
            spark.stop()
        return
    spark = session()
    try:
        run_benchmark(spark, rows=args.rows, repeat=args.repeat, out=args.out, command=command,
                      log=lambda *a: print(*a, flush=True))
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
