"""per_stratum_doubles: each row gets its stratum's values, by bucketed hash or by literal map alike."""

import pyspark.sql.functions as F

import handyspark  # noqa: F401
from handyspark.stats.grouped import grouped_aggregate, per_stratum_doubles, stratum_hash, with_strata_keys
from handyspark.strata import Strata, StrataCap, StratumLevel


def test_bucketed_lookup_equals_the_map_lookup_null_keys_included(spark):
    rows = [(i % 7 if i % 11 else None, f"k'{i % 3}" if i % 13 else None, float(i)) for i in range(300)]
    df = spark.createDataFrame(rows, "a int, b string, x double")
    strata = df.toHandy().stratify(["a", "b"]).strata
    keyed = with_strata_keys(df, strata, F.col("x"))
    table = grouped_aggregate(keyed, {"h": F.min(stratum_hash([F.col(n) for n in strata.key_names]))}, strata,
                              keyed=True)
    keys = list(table[strata.key_names].itertuples(index=False, name=None))
    values = [[float(p), None if p % 2 else -float(p)] for p in range(len(keys))]
    bucketed = per_stratum_doubles(df, strata, keys, values, hashes=list(table["h"]))
    mapped = per_stratum_doubles(df, strata, keys, values)
    got = keyed.select(*strata.key_names, bucketed.alias("b"), mapped.alias("m")).collect()
    position = {k: p for p, k in enumerate(keys)}
    assert len(got) == 300 and any(None in tuple(r[:2]) for r in got)
    for r in got:
        assert r["b"] == r["m"] == values[position[tuple(r[:2])]]
    # a stratum not in the table gets null
    partial = per_stratum_doubles(df, strata, keys[:1], values[:1], hashes=list(table["h"])[:1])
    nulls = keyed.select(*strata.key_names, partial.alias("p")).collect()
    assert all((r["p"] is None) == (tuple(r[:2]) != keys[0]) for r in nulls)


def test_a_capped_collection_takes_the_same_jobs_whatever_the_strata_and_partitions(classic_spark, count_jobs):
    # adaptive execution without coalescing leaves the aggregation in 200 partitions: a plain limit read
    # them a few at a time, one job each (7 jobs for 10 strata), until it had max_strata + 1 rows
    conf = classic_spark.conf
    conf.set("spark.sql.adaptive.coalescePartitions.enabled", "false")
    try:
        df = classic_spark.range(2_000).select((F.col("id") % 997).alias("x"), F.col("id"))
        jobs = {}
        for strata in (1, 10, 100):
            levels = Strata((StratumLevel("s"),), StrataCap(strata))
            with count_jobs() as counted:
                table = grouped_aggregate(df.withColumn("s", F.col("id") % strata), {"n": F.count("x")}, levels)
            jobs[strata] = counted.jobs
            assert table["n"].sum() == 2_000 and len(table) == strata
        assert set(jobs.values()) == {jobs[1]}, jobs
    finally:
        conf.set("spark.sql.adaptive.coalescePartitions.enabled", "true")
