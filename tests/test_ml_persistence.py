"""Saved stages give identical output under changed settings: another session time zone, another
Python process (in another time zone), and a switch between a classic and a Spark Connect session."""

import datetime as dt
import decimal
import json
import os
import subprocess
import sys
import textwrap

import pandas as pd
import pytest
from pyspark.ml import Pipeline, PipelineModel

import handyspark  # noqa: F401  (adds toHandy)
from handyspark import Bucket
from handyspark.ml import HandyFencer, HandyFencerEstimator, HandyImputer, HandyImputerEstimator

SCHEMA = "id int, at timestamp, wall timestamp_ntz, g string, x double, n tinyint, v double, d decimal(5,2)"
LOADERS = {"imputer": HandyImputer, "fencer": HandyFencer, "pipeline": PipelineModel}


def _rows():
    rows = []
    for i in range(40):
        rows.append((
            i,
            None if i % 7 == 0 else dt.datetime(2021, 3, 28, 1 + i % 3, 30),  # around a DST change in Europe
            None if i % 5 == 0 else dt.datetime(2021, 10, 31, 2, i % 2 * 30),
            None if i % 6 == 0 else ["it's", 'say "hi"', "' OR 1=1 --"][i % 3],
            float("nan") if i % 9 == 0 else float(i % 11) * 1.5,
            None if i % 8 == 0 else [-128, 0, 3, 4, 5, 120][i % 6],
            None if i % 4 == 0 else float(i * i % 37),
            None if i % 3 == 0 else decimal.Decimal(i % 10) / 4,
        ))
    return rows


def _fit(df):
    """Every kind of stage, fitted on ``df``: time strata, a stratum filled in its own step, several steps."""
    hdf = df.toHandy()
    filled = (hdf.stratify(["g", "at"]).fill(categorical=["at", "wall"], continuous=["v", "d"])
              .stratify([Bucket("v", 3)]).fill(continuous=["x"], strategy="median"))
    fenced = hdf.fence(["n"], k=0.5).stratify(["wall"]).fence(["v"], k=1.0)
    pipeline = Pipeline(stages=[
        HandyImputerEstimator(categorical=["at"], continuous=["v"], strata=["g", "wall"]),
        HandyFencerEstimator(inputCols=["v", "n"], strata=["at"]),
    ]).fit(df)
    return {"imputer": filled.transformers.imputer(), "fencer": fenced.transformers.fencer(), "pipeline": pipeline}


def _portable(df):
    """The rows in a form every time zone reads alike: instants as microseconds, wall clocks as text."""
    import pyspark.sql.functions as F

    cols = [F.unix_micros(c).alias(c) if t == "timestamp" else F.col(c).cast("string").alias(c)
            if t == "timestamp_ntz" else F.col(c) for c, t in df.dtypes]
    return df.select(*cols).orderBy("id").toPandas()


def _save_all(stages, root):
    for name, stage in stages.items():
        stage.write().overwrite().save(os.path.join(root, name))


@pytest.fixture
def restore_time_zone(spark):
    old = spark.conf.get("spark.sql.session.timeZone")
    yield
    spark.conf.set("spark.sql.session.timeZone", old)


def test_stages_give_the_same_output_under_another_session_time_zone(spark, tmp_path, restore_time_zone):
    spark.conf.set("spark.sql.session.timeZone", "America/Anchorage")
    df = spark.createDataFrame(_rows(), SCHEMA)
    stages = _fit(df)
    expected = {name: _portable(stage.transform(df)) for name, stage in stages.items()}
    _save_all(stages, str(tmp_path))
    for zone in ("Asia/Kolkata",):
        spark.conf.set("spark.sql.session.timeZone", zone)
        again = spark.createDataFrame(_rows(), SCHEMA)
        for name, loader in LOADERS.items():
            got = _portable(loader.load(str(tmp_path / name)).transform(again))
            pd.testing.assert_frame_equal(got, expected[name], obj=f"{name} under {zone}")
    filled = expected["imputer"]
    assert filled["at"].notna().all() and filled["v"].notna().all() and len(filled) == 40


CHILD = textwrap.dedent("""
    import json, sys
    import pyspark.sql.functions as F
    from pyspark.sql import SparkSession
    from pyspark.ml import PipelineModel
    from handyspark.ml import HandyFencer, HandyImputer

    url, root = sys.argv[1], sys.argv[2]
    spark = SparkSession.builder.remote(url).getOrCreate()
    spark.conf.set("spark.sql.session.timeZone", "Australia/Adelaide")
    df = spark.read.parquet(root + "/input")
    out = {}
    for name, loader in {"imputer": HandyImputer, "fencer": HandyFencer, "pipeline": PipelineModel}.items():
        result = loader.load(root + "/" + name).transform(df)
        cols = [F.unix_micros(c).alias(c) if t == "timestamp" else F.col(c).cast("string").alias(c)
                if t == "timestamp_ntz" else F.col(c) for c, t in result.dtypes]
        result.select(*cols).orderBy("id").write.mode("overwrite").parquet(root + "/out_" + name)
        out[name] = result.count()
    print(json.dumps(out))
""")


def test_stages_load_in_another_python_process_in_another_time_zone(classic_spark, connect_url, tmp_path):
    spark = classic_spark
    df = spark.createDataFrame(_rows(), SCHEMA)
    df.write.parquet(str(tmp_path / "input"))
    stages = _fit(df)
    expected = {name: _portable(stage.transform(df)) for name, stage in stages.items()}
    _save_all(stages, str(tmp_path))
    env = {**os.environ, "TZ": "Asia/Tokyo"}
    env.pop("SPARK_CONNECT_MODE_ENABLED", None)
    done = subprocess.run([sys.executable, "-c", CHILD, connect_url, str(tmp_path)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {"imputer": 40, "fencer": 40, "pipeline": 40}
    for name in LOADERS:
        got = spark.read.parquet(str(tmp_path / f"out_{name}")).orderBy("id").toPandas()
        pd.testing.assert_frame_equal(got, expected[name], obj=name)


@pytest.mark.parametrize("save_kind, load_kind", [("classic", "connect"), ("connect", "classic")])
def test_stages_move_between_classic_and_connect(both_sessions, tmp_path, save_kind, load_kind):
    sessions, use = both_sessions
    use(save_kind)
    saver = sessions[save_kind]
    df = saver.createDataFrame(_rows(), SCHEMA)
    stages = _fit(df)
    expected = {name: _portable(stage.transform(df)) for name, stage in stages.items()}
    _save_all(stages, str(tmp_path))
    use(load_kind)
    again = sessions[load_kind].createDataFrame(_rows(), SCHEMA)
    for name, loader in LOADERS.items():
        got = _portable(loader.load(str(tmp_path / name)).transform(again))
        pd.testing.assert_frame_equal(got, expected[name], obj=f"{name}: {save_kind} -> {load_kind}")
