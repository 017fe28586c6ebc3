"""The spark-submit jobs in examples/ run through the spark-submit that ships with PySpark."""

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from handyspark.datasets import titanic_path
from handyspark.profile import Profile

ROOT = Path(__file__).resolve().parents[1]


def _submit(*args: str) -> str:
    """Run a job as the README says (``./dev submit``); it must be quiet: WARN and above only, no progress bars."""
    env = {k: v for k, v in os.environ.items() if k not in ("SPARK_CONNECT_MODE_ENABLED", "SPARK_REMOTE")}
    result = subprocess.run(
        [str(ROOT / "dev"), "submit", "--master", "local[2]", "--conf", "spark.ui.enabled=false",
         "--conf", "spark.sql.shuffle.partitions=2", *args],
        capture_output=True, text=True, env=env, timeout=300, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    noise = [line for line in result.stderr.splitlines() if " INFO " in line or "WindowExec" in line or "[Stage" in line]
    assert noise == [], noise[:5]
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
    assert len(fitted.splitlines()) == 3  # fill values, fences, where the model went
    assert "model saved" in fitted and "'Pclass == \"1\" and Sex == \"female\"'" in fitted
    scored = _submit(str(ROOT / "examples" / "score.py"), str(model_dir), str(tmp_path / "new.csv"), str(out_dir))
    assert f"scored {len(new)} rows" in scored
    auc = float(scored.split("areaUnderROC ")[1].split()[0])
    assert 0.7 < auc <= 1.0

    result = pd.read_parquet(out_dir)
    assert len(result) == len(new)  # no row lost, missing Age and Embarked included
    assert result["p_survived"].between(0, 1).all()
    assert set(result["prediction"]) <= {0.0, 1.0}


@pytest.mark.slow  # one spark-submit run, ~30 s
@pytest.mark.skipif(not (Path(sys.executable).parent / "spark-submit").exists(), reason="needs PySpark's spark-submit")
def test_profile_job_with_spark_submit(tmp_path):
    out = tmp_path / "report.html"
    said = _submit(str(ROOT / "examples" / "profile_job.py"), str(titanic_path()), "--out", str(out),
                   "--by", "Pclass", "--columns", "Age", "Sex", "Fare").splitlines()
    # spark-submit passes the job's stderr (the phases) on to its stdout; the summary line comes last
    assert [line.split()[0] for line in said[:-1]] == ["reading", "profiling", "writing"]
    assert said[-1].startswith(f"{titanic_path()}: 891 rows, 3 columns (3 strata), ") and f"-> {out} in " in said[-1]
    assert out.read_text(encoding="utf-8").count('<section class="column"') == 3


@pytest.mark.slow  # the whole walkthrough, about a minute
def test_the_walkthrough_is_quiet(tmp_path):
    """Issue 17: no progress bars, no executor stack trace, no PySpark warning dump — only the walkthrough."""
    env = {k: v for k, v in os.environ.items() if k not in ("SPARK_CONNECT_MODE_ENABLED", "SPARK_REMOTE")}
    env["PYSPARK_PYTHON"] = sys.executable
    result = subprocess.run([sys.executable, str(ROOT / "examples" / "titanic_walkthrough.py"), "--out", str(tmp_path)],
                            capture_output=True, text=True, env=env, timeout=600, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    noise = [line for line in (result.stderr + result.stdout).splitlines()
             if any(s in line for s in ("[Stage", "Traceback", " ERROR ", "UserWarning", "\tat org.apache"))]
    assert noise == [], noise[:5]
    assert len(result.stderr.splitlines()) <= 12  # the JVM's start-up lines only
    # ./dev walkthrough also writes the Titanic profile
    assert Profile.from_json((tmp_path / "titanic_profile.json").read_text()).overview["rows"].tolist() == [891]
    assert (tmp_path / "titanic_profile.html").read_text(encoding="utf-8").count('<section class="column"') == 12
