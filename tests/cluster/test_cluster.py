"""handyspark on a real cluster: tasks run in executor processes of the workers, not in the driver.

Run by ``./dev cluster-test`` (a standalone master, two workers, one one-core executor per
worker for each application, a Spark Connect server in front of them).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pyspark.sql.types import StringType

from handyspark import Bucket
from handyspark.datasets import titanic_path


def _driver_pids(state: Path) -> set[int]:
    """This process (the classic driver's Python side), its JVM and the Connect server's JVM."""
    pids = {os.getpid()}
    pids |= {int(p) for p in subprocess.run(["pgrep", "-P", str(os.getpid())], capture_output=True,
                                             text=True).stdout.split()}
    pids.add(int((state / "connect.pid").read_text()))
    return pids


def test_tasks_run_in_executor_processes_on_both_workers(spark, titanic, cluster):
    state, _ = cluster

    def where(PassengerId):  # runs in a Python worker: its process and the chain of its ancestors
        chain, pid = [], os.getpid()
        while pid > 1:
            with open(f"/proc/{pid}/stat") as stat:
                ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{pid}/cmdline", "rb") as cmd:
                executor = b"CoarseGrainedExecutorBackend" in cmd.read()
            chain.append(f"{pid}{'*' if executor else ''}")
            pid = ppid
        return f"{os.getcwd()}|{' '.join(chain)}"

    hdf = titanic.repartition(8).toHandy().assign(where=StringType.ret(where))
    counts = hdf.cols["where"].value_counts()  # aggregated by Spark: a few distinct strings
    assert counts.sum() == 891
    work_dirs, chains = set(), []
    for text in counts.index:
        cwd, chain = text.split("|")
        work_dirs.add(Path(cwd).relative_to(state).parts[0])  # .cluster/worker-N/app-.../executor-id
        chains.append(chain.split())
    assert work_dirs == {"worker-1", "worker-2"}  # both workers ran tasks
    drivers = _driver_pids(state)
    for chain in chains:
        pids = {int(p.rstrip("*")) for p in chain}
        assert not pids & drivers  # neither the task nor any ancestor is a driver process
        assert any(p.endswith("*") for p in chain)  # an executor JVM started the Python worker


def test_functions_with_closures_and_imported_helpers_run_on_the_executors(spark, titanic, titanic_pd, cluster):
    from pyspark.sql.connect.session import SparkSession as RemoteSparkSession

    helper = Path(__file__).with_name("_shipped_helper.py")
    if isinstance(spark, RemoteSparkSession):
        spark.addArtifacts(str(helper), pyfile=True)
    else:
        spark.sparkContext.addPyFile(str(helper))
    import _shipped_helper

    scale = 3.0  # a closure: shipped with the function

    out = titanic.toHandy().assign(
        logFare=lambda Fare: np.log1p(Fare) * scale,
        twice=lambda Pclass: _shipped_helper.doubled(Pclass),
    )
    stats = out.cols[["logFare", "twice"]].describe(relativeError=0)  # exact quartiles, as pandas
    expected = pd.DataFrame({"logFare": np.log1p(titanic_pd["Fare"]) * scale,
                             "twice": titanic_pd["Pclass"] * 2}).describe()
    pd.testing.assert_frame_equal(stats.astype(float), expected, rtol=1e-12)


def test_stratified_cleaning_and_its_stages_saved_by_the_driver_run_on_the_executors(spark, titanic, titanic_pd,
                                                                                       tmp_path, cluster):
    from handyspark.ml import HandyFencer, HandyImputer

    hdf = titanic.toHandy().stratify(["Pclass", "Sex"]).fill(continuous=["Age"], strategy="median")
    hdf = hdf.stratify(["Pclass"]).fence(["Fare"])
    hdf.transformers.imputer().write().overwrite().save(str(tmp_path / "imputer"))
    hdf.transformers.fencer().write().overwrite().save(str(tmp_path / "fencer"))
    applied = HandyFencer.load(str(tmp_path / "fencer")).transform(
        HandyImputer.load(str(tmp_path / "imputer")).transform(titanic))
    got = applied.toHandy().stratify(["Pclass", "Sex"]).cols[["Age", "Fare"]].sum()

    oracle = titanic_pd.copy()
    oracle["Age"] = oracle["Age"].fillna(oracle.groupby(["Pclass", "Sex"])["Age"].transform("median"))
    q = oracle.groupby("Pclass")["Fare"].quantile([0.25, 0.75]).unstack()
    lo, hi = q[0.25] - 1.5 * (q[0.75] - q[0.25]), q[0.75] + 1.5 * (q[0.75] - q[0.25])
    oracle["Fare"] = oracle["Fare"].clip(oracle["Pclass"].map(lo), oracle["Pclass"].map(hi))
    expected = oracle.groupby(["Pclass", "Sex"])[["Age", "Fare"]].sum()
    np.testing.assert_allclose(np.ravel(got.to_numpy(dtype=float)), np.ravel(expected.to_numpy()), rtol=1e-12)


def test_plots_and_evaluation_on_the_cluster(spark, titanic, titanic_pd, cluster):
    import matplotlib.pyplot as plt
    from pyspark.ml.classification import LogisticRegression
    from pyspark.ml.feature import VectorAssembler
    from sklearn.metrics import roc_auc_score

    from handyspark import BinaryClassificationMetrics

    hdf = titanic.toHandy()
    fig, ax = plt.subplots()
    hdf.cols["Fare"].hist(ax=ax, bins=10)
    counts, _ = np.histogram(titanic_pd["Fare"], bins=10)
    assert [round(p.get_height()) for p in ax.patches] == counts.tolist()
    grid = hdf.stratify(["Sex", Bucket("Age", 2)]).cols["Fare"].hist(bins=5)
    assert len(grid.axes) >= 4
    plt.close("all")

    data = VectorAssembler(inputCols=["Pclass", "Fare"], outputCol="features").transform(titanic)
    predictions = LogisticRegression(labelCol="Survived").fit(data).transform(data)
    bcm = BinaryClassificationMetrics(predictions, scoreCol="probability", labelCol="Survived")
    scored = predictions.select("Survived", "probability").toPandas()
    oracle = roc_auc_score(scored["Survived"], scored["probability"].map(lambda v: float(v[1])))
    assert bcm.areaUnderROC == pytest.approx(oracle, abs=1e-12)


def test_profile_on_the_cluster(spark, titanic, titanic_pd, cluster, tmp_path):
    from handyspark.profile import SPARK_JOBS, Profile

    p = titanic.toHandy().stratify(["Pclass"]).profile(["Age", "Fare", "Sex", "Embarked"], relativeError=0)
    assert SPARK_JOBS == 4 and len(p.keys) == 3
    for s, (pclass, g) in enumerate(titanic_pd.groupby("Pclass")):
        assert p.keys[s] == [pclass] and p.frame[s]["rows"] == len(g)
        figures = dict(zip(p.names, p.stats[s]))
        assert figures["Age"]["missing"] == g["Age"].isna().sum()
        assert figures["Age"]["50%"] == pytest.approx(g["Age"].median())
        assert figures["Fare"]["std"] == pytest.approx(g["Fare"].std(), rel=1e-12)
        assert figures["Embarked"]["distinct"] == g["Embarked"].nunique()
        np.testing.assert_allclose(p.spearman[s], g[["Age", "Fare"]].corr("spearman").to_numpy(), rtol=1e-10)
    p.to_html(tmp_path / "profile.html")
    assert Profile.from_json(p.to_json()) == p and (tmp_path / "profile.html").stat().st_size > 10_000


@pytest.mark.skipif(not (Path(sys.executable).parent / "spark-submit").exists(), reason="needs PySpark's spark-submit")
def test_example_jobs_run_with_spark_submit_on_the_cluster(tmp_path, cluster):
    _, master = cluster
    root = Path(__file__).resolve().parents[2]
    data = pd.read_csv(titanic_path())
    data.iloc[:700].to_csv(tmp_path / "train.csv", index=False)
    data.iloc[700:].to_csv(tmp_path / "new.csv", index=False)
    env = {k: v for k, v in os.environ.items() if k not in ("SPARK_CONNECT_MODE_ENABLED", "SPARK_REMOTE")}

    def submit(*args: str) -> str:
        result = subprocess.run(
            [str(root / "dev"), "submit", "--master", master, "--conf", "spark.executor.cores=1",
             "--conf", "spark.cores.max=2", "--conf", "spark.executor.memory=768m",
             "--conf", "spark.sql.shuffle.partitions=2", *args],
            capture_output=True, text=True, env=env, timeout=300, cwd=root)
        assert result.returncode == 0, result.stderr[-3000:]
        noise = [line for line in result.stderr.splitlines() if " INFO " in line or "[Stage" in line]
        assert noise == [], noise[:5]
        return result.stdout

    fitted = submit(str(root / "examples" / "fit_pipeline.py"), str(tmp_path / "train.csv"), str(tmp_path / "model"))
    assert "model saved" in fitted
    scored = submit(str(root / "examples" / "score.py"), str(tmp_path / "model"), str(tmp_path / "new.csv"),
                    str(tmp_path / "scored"))
    assert f"scored {len(data) - 700} rows" in scored
    result = pd.read_parquet(tmp_path / "scored")
    assert len(result) == len(data) - 700 and result["p_survived"].between(0, 1).all()
    profiled = submit(str(root / "examples" / "profile_job.py"), str(tmp_path / "train.csv"), "--out",
                      str(tmp_path / "profile.json"), "--by", "Pclass", "--columns", "Age", "Sex")
    assert "700 rows, 2 columns (3 strata)" in profiled.splitlines()[-1]
    from handyspark.profile import Profile

    p = Profile.from_json((tmp_path / "profile.json").read_text())
    assert [f["rows"] for f in p.frame] == data.iloc[:700].groupby("Pclass").size().tolist()


def test_rows_come_back_in_the_frames_order_through_the_safety_limit(spark, titanic, cluster):
    # a pandas UDF makes the two partitions finish in any order: limit(n).toPandas() gathered them in that
    # order (rows 446-891 first); the bounded paths keep the frame's order, truncated or not
    hdf = titanic.toHandy().assign(twice=lambda Fare: Fare * 2)
    ids = list(range(1, 892))
    for _ in range(3):
        assert hdf.toPandas()["PassengerId"].tolist() == ids
        assert hdf.toArrow().column("PassengerId").to_pylist() == ids
        assert [r.PassengerId for r in hdf.collect()] == ids
        assert [r.PassengerId for r in hdf.toLocalIterator()] == ids
        with pytest.warns(UserWarning, match="safety limit"):
            assert hdf.set_safety_limit(500).toPandas()["PassengerId"].tolist() == ids[:500]
