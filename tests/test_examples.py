"""The spark-submit jobs in examples/ run through the spark-submit that ships with PySpark."""

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from handyspark.datasets import titanic_path

ROOT = Path(__file__).resolve().parents[1]


def _submit(*args: str) -> str:
    spark_submit = Path(sys.executable).parent / "spark-submit"
    env = {**os.environ, "PYSPARK_PYTHON": sys.executable, "PYSPARK_DRIVER_PYTHON": sys.executable}
    env.pop("SPARK_CONNECT_MODE_ENABLED", None)
    env.pop("SPARK_REMOTE", None)
    result = subprocess.run(
        [str(spark_submit), "--master", "local[2]", "--conf", "spark.ui.enabled=false",
         "--conf", "spark.sql.shuffle.partitions=2", *args],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.mark.slow  # two spark-submit runs, ~2 minutes: .ci/run runs it after the fast suite
@pytest.mark.skipif(not (Path(sys.executable).parent / "spark-submit").exists(), reason="needs PySpark's spark-submit")
def test_fit_then_score_with_spark_submit(tmp_path):
    data = pd.read_csv(titanic_path())
    train, new = data.iloc[:700], data.iloc[700:]
    train.to_csv(tmp_path / "train.csv", index=False)
    new.to_csv(tmp_path / "new.csv", index=False)
    model_dir, out_dir = tmp_path / "model", tmp_path / "scored"

    fitted = _submit(str(ROOT / "examples" / "fit_pipeline.py"), str(tmp_path / "train.csv"), str(model_dir))
    assert "model saved" in fitted and "'Pclass == \"1\" and Sex == \"female\"'" in fitted
    scored = _submit(str(ROOT / "examples" / "score.py"), str(model_dir), str(tmp_path / "new.csv"), str(out_dir))
    assert f"scored {len(new)} rows" in scored
    auc = float(scored.split("areaUnderROC ")[1].split()[0])
    assert 0.7 < auc <= 1.0

    result = pd.read_parquet(out_dir)
    assert len(result) == len(new)  # no row lost, missing Age and Embarked included
    assert result["p_survived"].between(0, 1).all()
    assert set(result["prediction"]) <= {0.0, 1.0}
