"""Smoke test of the benchmark machinery (benchmarks/run.py) on a tiny data set.

Runs every operation in every variant once on 2,000 generated rows, checks the
Markdown table, and uses the runs' results as oracles for each other: the
hand-written PySpark, pyspark.pandas and pandas variants must compute what
handyspark computes (otherwise the timings would compare different work).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter

import numpy as np
import pandas as pd
import pyspark.sql.functions as F
import pytest

from benchmarks.data import titanic_like
from benchmarks.operations import NUMERIC, OPERATIONS, Context, Operation
from benchmarks.run import HEADER, MAX_ROUNDS, NOT_AVAILABLE, measure_operation, round_order, run_benchmark, table_rows

ROWS = 2000
pytestmark = pytest.mark.slow  # every variant of every operation runs (~1 minute): .ci/run runs it after the fast suite


@pytest.fixture(scope="module")
def bench(classic_spark, activate, tmp_path_factory):
    activate(classic_spark)
    tmp = tmp_path_factory.mktemp("bench")
    out = tmp / "performance.md"
    results = run_benchmark(classic_spark, rows=ROWS, repeat=1, warmup=0, out=out, cache_dir=tmp / "cache",
                            command="benchmarks/run.py --rows 2000 --repeat 1", log=lambda *a: None)
    return results, out.read_text()


def _table(text: str) -> list[list[str]]:
    """The rows of the page's first table (the operations; the profile's table follows it)."""
    all_lines = text.splitlines()
    start = next(i for i, line in enumerate(all_lines) if line.startswith("|"))
    lines = list(itertools.takewhile(lambda line: line.startswith("|"), all_lines[start:]))
    assert [c.strip() for c in lines[0].strip("|").split("|")] == HEADER
    return [[c.strip() for c in line.strip("|").split("|")] for line in lines[2:]]


def test_table_has_every_operation_with_sane_columns(bench):
    results, text = bench
    rows = _table(text)
    assert [r[0] for r in rows] == [op.name for op in OPERATIONS]
    assert "benchmarks/run.py --rows 2000 --repeat 1" in text
    assert f"on {ROWS:,} Titanic-shaped rows" in text
    for op, row in zip(OPERATIONS, rows):
        assert len(row) == len(HEADER), row
        hs, plain = float(row[1]), float(row[2])  # every handyspark call is available: no "n/a"
        assert hs > 0 and plain > 0
        runs = results[op.name]
        paired = np.median(np.array(runs["handyspark"].times) / np.array(runs["plain"].times))
        assert row[3] == f"{paired:.2f}×"  # the median of per-round ratios; one round here, so about hs / plain
        assert abs(float(row[3].rstrip("×")) - hs / plain) <= 0.01 + 0.001 * (1 + hs / plain) / plain
        for cell, fn in ((row[4], op.pandas_on_spark), (row[5], op.to_pandas)):
            if fn is None:
                assert cell == "n/a"
            else:
                assert float(cell) > 0
        jobs = re.fullmatch(r"(\d+) / (\d+)", row[6])
        assert jobs and int(jobs[1]) >= 1 and int(jobs[2]) >= 1, row[6]
        memory = re.fullmatch(r"(\d+) / (\d+|n/a)", row[7])
        assert memory, row[7]
        assert results[op.name]["handyspark"].jobs == int(jobs[1])


def test_exact_quantiles_section_compares_exact_with_approximate(bench):
    results, text = bench
    section = text.split("## Exact quantiles", 1)[1].split("\n## ", 1)[0]
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in section.splitlines()
            if line.startswith("| ") and not line.startswith("| operation")]
    assert [r[0] for r in rows] == ["outliers", "fence"]
    for name, exact, approximate, times, percentile, target in rows:
        e, a = results[name]["handyspark"].median, results[f"{name} (approximate)"]["handyspark"].median
        assert float(exact) == pytest.approx(e, abs=1e-3) and float(approximate) == pytest.approx(a, abs=1e-3)
        assert times == f"{e / a:.2f}×" and float(percentile) > 0
        assert target == ("met" if e / a <= 1.5 else "NOT met")


def _result(results, name, kind):
    return results[name][kind].result


def test_variants_compute_the_same_thing(bench):
    results, _ = bench
    hs = _result(results, "isnull", "handyspark")
    for kind in ("plain", "pandas_on_spark", "to_pandas"):
        other = _result(results, "isnull", kind)
        assert {k: int(v) for k, v in hs.items()} == {k: int(v) for k, v in other.items()}, kind
    assert 0.15 < hs["Age"] / ROWS < 0.25 and hs["Cabin"] / ROWS > 0.6 and 0 < hs["Embarked"] < ROWS * 0.01

    vc = _result(results, "value_counts", "handyspark")
    for kind in ("plain", "pandas_on_spark", "to_pandas"):
        assert dict(vc) == dict(_result(results, "value_counts", kind)), kind

    desc = _result(results, "describe-like", "handyspark")
    plain = _result(results, "describe-like", "plain")
    pd.testing.assert_frame_equal(desc.astype(float), plain.astype(float), check_names=False)
    pandas = _result(results, "describe-like", "to_pandas")
    np.testing.assert_allclose(desc.loc[["count", "mean", "std", "min", "max"], NUMERIC].to_numpy(float),
                               pandas.loc[["count", "mean", "std", "min", "max"], NUMERIC].to_numpy(float), rtol=1e-9)

    fills = _result(results, "stratified fill", "handyspark")["Age"]
    by_key = _result(results, "stratified fill", "plain")
    assert sorted(fills.values()) == pytest.approx(sorted(by_key.values()))

    for kind in ("plain", "pandas_on_spark", "to_pandas"):
        assert dict(_result(results, "outliers", "handyspark")) == dict(_result(results, "outliers", kind)), kind
    fences, total = _result(results, "fence", "handyspark")
    plain_fences, plain_total = _result(results, "fence", "plain")
    assert fences["Fare"] == pytest.approx(plain_fences) and total == pytest.approx(plain_total)
    # the same percentile_approx accuracy: the same quartiles as the hand-written query
    assert dict(_result(results, "outliers (approximate)", "handyspark")) == dict(
        _result(results, "outliers (approximate)", "plain"))
    fences, total = _result(results, "fence (approximate)", "handyspark")
    plain_fences, plain_total = _result(results, "fence (approximate)", "plain")
    assert fences["Fare"] == pytest.approx(plain_fences) and total == pytest.approx(plain_total)

    for kind in ("plain", "to_pandas"):
        counts, edges = _result(results, "hist", kind)
        np.testing.assert_array_equal(_result(results, "hist", "handyspark")[0], counts)
        np.testing.assert_allclose(_result(results, "hist", "handyspark")[1], edges)
        np.testing.assert_array_equal(_result(results, "scatterplot", "handyspark"),
                                      _result(results, "scatterplot", kind))

    metrics = _result(results, "getMetricsByThreshold", "handyspark")
    for kind in ("plain", "to_pandas"):
        other = _result(results, "getMetricsByThreshold", kind)
        for column in ("threshold", "fpr", "recall", "precision"):
            np.testing.assert_allclose(metrics[column].to_numpy(float), other[column].to_numpy(float))

    segments = _result(results, "evaluate by segment", "handyspark")
    assert len(segments) == 6
    for name, kind in (("evaluate by segment", "plain"), ("evaluate by segment", "to_pandas"),
                       ("evaluate by segment (evaluator loop)", "plain")):
        other = _result(results, name, kind)
        np.testing.assert_allclose(segments.to_numpy(float), other.to_numpy(float), rtol=1e-9, err_msg=f"{name} {kind}")

    drift = _result(results, "compare (drift)", "handyspark")
    scipy_drift = _result(results, "compare (drift)", "to_pandas")
    for column, figures in scipy_drift.items():
        assert drift.loc[column, "psi"] == pytest.approx(figures[0], rel=1e-9), column
        assert drift.loc[column, "js"] == pytest.approx(figures[1], rel=1e-9), column
        if len(figures) == 3:
            assert drift.loc[column, "ks"] == pytest.approx(figures[2], rel=1e-12), column
    plain_drift = _result(results, "compare (drift)", "plain")
    assert set(plain_drift) == set(scipy_drift)
    assert all(np.isfinite(v).all() for v in plain_drift.values())

    lengths = {kind: _result(results, "str.upper (native)", kind) for kind in
               ("handyspark", "plain", "pandas_on_spark", "to_pandas")}
    lengths["udf"] = _result(results, "str.upper (pandas UDF)", "handyspark")
    lengths["plain udf"] = _result(results, "str.upper (pandas UDF)", "plain")
    assert len(set(lengths.values())) == 1, lengths


def test_data_is_titanic_shaped_and_deterministic(classic_spark):
    df = titanic_like(classic_spark, 50)
    assert df.dtypes == [
        ("PassengerId", "int"), ("Survived", "int"), ("Pclass", "int"), ("Name", "string"), ("Sex", "string"),
        ("Age", "double"), ("SibSp", "int"), ("Parch", "int"), ("Ticket", "string"), ("Fare", "double"),
        ("Cabin", "string"), ("Embarked", "string"),
    ]
    first = titanic_like(classic_spark, 50, partitions=1).toPandas()
    again = titanic_like(classic_spark, 50, partitions=3).toPandas()
    pd.testing.assert_frame_equal(first, again)
    assert first["PassengerId"].tolist() == list(range(1, 51))
    assert set(first["Sex"]) <= {"male", "female"} and set(first["Pclass"]) <= {1, 2, 3}
    assert first["Name"].str.contains(r"^[A-Za-z' ]+, (?:Mr|Mrs|Miss|Master)\. ").all()


def test_a_missing_handyspark_call_is_reported_not_fatal(classic_spark):
    def missing(ctx):
        raise AttributeError("'HandyFrame' object has no attribute 'not_yet'")

    ctx = Context(classic_spark, df=None, predictions=None)
    op = Operation("future", missing, lambda ctx: 42, None, None)
    results = measure_operation(ctx, op, repeat=2, warmup=1, log=lambda *a: None)
    assert results["handyspark"].missing == NOT_AVAILABLE
    assert results["plain"].result == 42 and len(results["plain"].times) == 2 and results["plain"].jobs == 0
    row = table_rows({"future": results})[0]
    assert row[1] == NOT_AVAILABLE and row[3] == "n/a" and row[4] == row[5] == "n/a"

    broken = Operation("broken", lambda ctx: 1, missing, None, None)  # a bug in the baseline is not hidden
    with pytest.raises(AttributeError):
        measure_operation(ctx, broken, repeat=1, warmup=0, log=lambda *a: None)


@pytest.mark.parametrize("live", [
    ["handyspark", "plain", "to_pandas"],
    ["handyspark", "plain", "pandas_on_spark", "to_pandas"],
    ["handyspark", "plain"],
])
def test_handyspark_and_plain_follow_the_same_variants_as_often(live):
    rounds = [round_order(live, r) for r in range(8)]
    assert all(sorted(order) == sorted(live) for order in rounds)
    sequence = [kind for order in rounds for kind in order]  # taken as repeating: the first follows the last

    def follows(kind):
        return Counter(sequence[i - 1] for i in range(len(sequence)) if sequence[i] == kind)

    swap = {"handyspark": "plain", "plain": "handyspark"}  # "after plain" for one is "after handyspark" for the other
    assert Counter({swap.get(k, k): n for k, n in follows("handyspark").items()}) == follows("plain")
    if "to_pandas" in live:
        assert follows("handyspark")["to_pandas"] == follows("plain")["to_pandas"] > 0


def test_quick_operations_get_extra_rounds_of_handyspark_and_plain_alone(classic_spark):
    calls = []

    def variant(kind):
        return lambda ctx: calls.append(kind)

    op = Operation("quick", variant("handyspark"), variant("plain"), variant("pandas_on_spark"), variant("to_pandas"))
    results = measure_operation(Context(classic_spark, df=None, predictions=None), op, repeat=4, warmup=1,
                                log=lambda *a: None)
    assert len(results["handyspark"].times) == len(results["plain"].times) == MAX_ROUNDS
    assert len(results["pandas_on_spark"].times) == len(results["to_pandas"].times) == 4
    assert Counter(calls) == {"handyspark": 1 + MAX_ROUNDS, "plain": 1 + MAX_ROUNDS, "pandas_on_spark": 5,
                              "to_pandas": 5}
    extra = calls[4 * 5:]  # after the warm-up and the four full rounds: the pair alone, swapping places
    assert extra == [k for r in range(5, 1 + MAX_ROUNDS) for k in round_order(["handyspark", "plain"], r)]


# ---------------------------------------------------------------------------- the profile benchmark
def test_the_wide_variant_is_derived_by_spark_with_the_titanic_types(classic_spark):
    from benchmarks.data import widen

    base = titanic_like(classic_spark, 200)
    wide = widen(base, 100)
    types = dict(wide.dtypes)
    assert len(wide.columns) == 100 and wide.columns[:12] == base.columns
    assert wide.columns[12:14] == ["PassengerId_1", "Survived_1"] and wide.columns[-1] == "Name_8"
    assert sum(t in ("int", "double") for t in types.values()) == 59
    assert all(types[c] == types[c.rsplit("_", 1)[0]] for c in wide.columns[12:])
    pdf = wide.toPandas()
    pd.testing.assert_frame_equal(pdf, widen(titanic_like(classic_spark, 200, partitions=3), 100).toPandas())
    assert pdf["Survived_1"].dropna().isin([0, 1]).all() and (pdf["Fare_3"] != pdf["Fare"]).any()
    assert 0 < pdf["Sex_2"].isna().sum() < 40 and pdf["Sex"].notna().all()
    with pytest.raises(ValueError):
        widen(base, 11)


def test_cases_parse():
    from benchmarks.profile_bench import Case, parse_case

    assert parse_case("100x2000000") == Case(100, 2_000_000, 3, 1)
    assert parse_case("12x2_000_000:1", ydata_runs=2) == Case(12, 2_000_000, 1, 2)
    assert parse_case("12x1000:2:0") == Case(12, 1000, 2, 0)
    for bad in ("100", "8x1000", "12x0", "x12", "12x100:0"):
        with pytest.raises(ValueError):
            parse_case(bad)


def test_the_profile_benchmark_measures_every_variant_on_small_data(classic_spark, activate, tmp_path):
    from benchmarks.profile_bench import HEADER as PROFILE_HEADER
    from benchmarks.profile_bench import Case, run_profile_benchmark, ydata_version

    activate(classic_spark)
    out = tmp_path / "performance-profile.md"
    results = run_profile_benchmark(classic_spark, [Case(13, 300, runs=1)], warmup=False, out=out,
                                    cache_dir=tmp_path / "cache", command="benchmarks/profile_bench.py --rows 300",
                                    log=lambda *a: None)
    text = out.read_text()
    assert text.startswith("# Performance: Profile") and "benchmarks/profile_bench.py --rows 300" in text
    lines = [line for line in text.splitlines() if line.startswith("|")]
    assert [c.strip() for c in lines[0].strip("|").split("|")] == PROFILE_HEADER
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in lines[2:]]
    assert [r[0] for r in rows] == ["13 columns × 300 rows"]
    installed = ydata_version() is not None
    for row, result in zip(rows, results):
        hs, yd, ps = result.measures["handyspark"], result.measures["ydata"], result.measures["pandas_on_spark"]
        assert float(row[1]) > 0 and float(row[4]) > 0 and hs.jobs >= 1 and ps.jobs >= 1
        assert (row[2] != "n/a") == installed and (yd.jobs is not None) == installed
        assert row[6].startswith(f"{hs.jobs} / ") and row[6].endswith(f" / {ps.jobs}")
        # the same figures: handyspark's profile and pyspark.pandas' describe of the numeric columns
        table, described = hs.result.table, ps.result
        assert list(described.columns) == hs.result.numeric
        for stat in ("count", "mean", "std", "min", "max"):
            np.testing.assert_allclose(table.loc[described.columns, stat].astype(float), described.loc[stat],
                                       rtol=1e-9, err_msg=stat)
    assert "## Targets" in text and ("NOT met" in text or "met" in text)


def test_the_operations_page_shows_the_profile_table_and_targets_of_its_own_page(tmp_path):
    from benchmarks.run import profile_summary

    page = tmp_path / "performance-profile.md"
    assert "performance-profile.md" in profile_summary(page) and "|" not in profile_summary(page)  # no page yet
    page.write_text("# P\n\n| data | s |\n|---|---:|\n| 12 columns | 61.5 |\n\nTimes ...\n\n## Targets\n\n"
                    "- **12 columns**: speed: NOT met\n\n## Where\n\n- **other**: not a target\n")
    summary = profile_summary(page).splitlines()
    assert summary[0] == "## Profile" and "| 12 columns | 61.5 |" in summary
    assert summary[-1] == "- **12 columns**: speed: NOT met" and not any("other" in line for line in summary)


def test_cost_curves_measure_time_planning_and_jobs(classic_spark, activate, tmp_path):
    """benchmarks/run.py --curves on a tiny grid: every point measured, the page and the figure written."""
    from benchmarks.curves import OPS, planning_tracker, wide_frame, write_curves

    activate(classic_spark)
    df = wide_frame(classic_spark, 1_000, 3, 7)
    assert df.columns == ["s", "x0", "x1", "x2"]
    stats = df.agg(F.count_distinct("s"), F.count("x0"), F.count_distinct("x1")).first()
    assert stats[0] == 7 and 850 < stats[1] < 950 and stats[2] < 900  # a tenth missing; odd columns rounded
    with planning_tracker() as plan:
        df.groupBy("s").count().collect()
    assert plan.queries == 1 and plan.seconds >= 0

    grid = {"rows": [(500, 2, 1), (1_000, 2, 1)], "columns": [(500, 2, 1), (500, 3, 1)],
            "strata": [(500, 2, 1), (500, 2, 3)]}
    ops = [OPS[0], OPS[-1]]  # isnull (with pyspark.pandas) and exact outliers: the machinery, quickly
    table = write_curves(classic_spark, grid, out=tmp_path / "curves.md", image=tmp_path / "img" / "curves.png",
                         log=lambda *a: None, ops=ops)
    assert set(table.operation) == {op.name for op in ops}
    hs = table[table.variant == "handyspark"]
    assert len(hs) == len(ops) * 4  # the four distinct points
    assert (table.error == "").all(), table[table.error != ""]
    assert (hs.jobs >= 1).all() and (table.seconds > 0).all() and (table.planning >= 0).all()
    text = (tmp_path / "curves.md").read_text()
    assert "## Targets (issue 20)" in text and "](img/curves.png)" in text
    assert all(f"- **{op.name}**: time vs rows: slope" in text for op in ops)
    assert (tmp_path / "img" / "curves.png").stat().st_size > 10_000


def test_a_point_in_its_own_process_saves_each_measure_and_a_dead_process_is_recorded(
        classic_spark, activate, tmp_path, monkeypatch):
    import json
    import subprocess

    from benchmarks import curves

    activate(classic_spark)
    grid = {"rows": [(400, 2, 1), (800, 2, 1)], "columns": [(400, 2, 1), (400, 3, 1)],
            "strata": [(400, 2, 1), (400, 2, 3)]}
    keep = tmp_path / "points.json"
    curves.measure_point(classic_spark, (400, 2, 3), grid, keep=keep, log=lambda *a: None)
    saved = json.loads(keep.read_text())
    assert [(p["op"], p["variant"]) for p in saved] == curves._variants(3)  # no pyspark.pandas with strata
    assert all(p["curves"] == ["strata"] and p["error"] is None and p["jobs"] >= 1 for p in saved)
    curves.measure_point(classic_spark, (400, 2, 3), grid, keep=keep, log=lambda *a: None)  # nothing left to do
    assert len(json.loads(keep.read_text())) == len(saved)

    # a process that dies at once: each pair in turn is recorded as failed, and the page still gets written
    calls = []
    monkeypatch.setattr(subprocess, "run", lambda args, check: calls.append(args) or subprocess.CompletedProcess(args, 137))
    small = {"rows": [(400, 2, 3)], "columns": [(400, 2, 3)], "strata": [(400, 2, 3)]}
    keep.unlink()
    curves.run_isolated(small, keep=keep, out=tmp_path / "page.md", image=tmp_path / "page.png", log=lambda *a: None)
    assert "## Targets (issue 20)" in (tmp_path / "page.md").read_text()
    failed = json.loads(keep.read_text())
    assert [(p["op"], p["variant"]) for p in failed] == curves._variants(3)
    assert all("died (exit 137" in p["error"] for p in failed)
    assert calls[0][-4:] == ["--curves-point", "400", "2", "3"]


def test_a_large_point_reads_its_data_from_parquet_written_once(classic_spark, activate, tmp_path, monkeypatch):
    """From ON_DISK_ROWS rows on, the point's frame is written to Parquet once and read back, not cached."""
    from benchmarks import curves

    activate(classic_spark)
    monkeypatch.setattr(curves, "ON_DISK_ROWS", 500)
    small, release = curves.point_frame(classic_spark, 400, 2, 3, data=tmp_path)
    assert small.storageLevel.useMemory and not list(tmp_path.iterdir())
    release()
    assert not small.storageLevel.useMemory
    big, _ = curves.point_frame(classic_spark, 600, 2, 3, data=tmp_path)
    written = tmp_path / "600x2x3.parquet"
    assert (written / "_SUCCESS").exists() and not big.storageLevel.useMemory
    expected = curves.wide_frame(classic_spark, 600, 2, 3)
    assert big.schema == expected.schema
    assert big.exceptAll(expected).isEmpty() and expected.exceptAll(big).isEmpty()  # the same rows
    stamp = (written / "_SUCCESS").stat().st_mtime_ns
    again, _ = curves.point_frame(classic_spark, 600, 2, 3, data=tmp_path)  # not written again
    assert again.count() == 600 and (written / "_SUCCESS").stat().st_mtime_ns == stamp
