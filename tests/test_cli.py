"""The ``handyspark profile`` command: in-process on the test sessions (it uses the active one), and once as
the console script a user runs."""

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import handyspark  # noqa: F401 - toHandy()
from handyspark.cli import main
from handyspark.datasets import titanic_path
from handyspark.profile import Profile

ROOT = Path(__file__).resolve().parents[1]
READ = {"header": True, "inferSchema": True, "escape": '"'}  # how the command reads a CSV


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """Titanic as CSV, six of its columns as CSV, a Parquet file, a file that only starts like Parquet, and a
    folder of Parquet parts."""
    folder = tmp_path_factory.mktemp("cli")
    shutil.copy(titanic_path(), folder / "titanic.csv")
    data = pd.read_csv(titanic_path())
    data.to_parquet(folder / "titanic.parquet", index=False)
    (folder / "broken.parquet").write_bytes(b"PAR1 and then no parquet at all")
    (folder / "parts").mkdir()
    data.iloc[:400].to_parquet(folder / "parts" / "part-0", index=False)  # no extension: found by its magic
    data.iloc[400:].to_parquet(folder / "parts" / "part-1", index=False)
    (folder / "parts" / "_SUCCESS").write_text("")
    data[["Survived", "Pclass", "Sex", "Age", "Fare", "Embarked"]].to_csv(folder / "six.csv", index=False)
    return folder


def test_the_format_comes_from_names_then_signatures(files, tmp_path):
    from handyspark.cli.inputs import input_format

    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "part-00000-c000.json.gz").write_bytes(b"")
    (tmp_path / "orcid.csv").write_text("ORCID,name\n1,ORC\n")  # starts like ORC, does not end like it
    assert input_format(str(files / "titanic.csv")) == "csv" and input_format(str(files / "parts")) == "parquet"
    assert input_format(str(tmp_path / "events")) == "json" and input_format(str(tmp_path / "orcid.csv")) == "csv"
    assert input_format(f"file://{files}/titanic.parquet") == "parquet"
    assert input_format(str(files / "*.parquet")) == "parquet"  # a glob
    pa = pytest.importorskip("pyarrow")
    pytest.importorskip("pyarrow.orc").write_table(pa.table({"a": [1, 2]}), tmp_path / "table")
    assert input_format(str(tmp_path / "table")) == "orc"
    assert input_format("s3a://bucket/t/part-0.snappy.orc") == "orc" and input_format("hdfs:///data") == "parquet"
    assert input_format("hdfs:///data", "csv") == "csv"  # not looked at


def _summary(capsys) -> str:
    captured = capsys.readouterr()
    phases = captured.err.splitlines()
    assert [p.split()[0] for p in phases] == ["reading", "profiling", "writing"], captured.err
    assert all(re.search(r" \.\.\. \d+\.\d s$", p) for p in phases), phases
    assert len(captured.out.splitlines()) == 1
    return captured.out.strip()


def test_a_csv_profile_to_json_is_hdf_profile(spark, files, tmp_path, capsys):
    out = tmp_path / "six.json"
    csv = files / "six.csv"  # six of Titanic's columns: numbers, strings, missing values
    code = main(["profile", str(csv), "--out", str(out), "--k", "5", "--bins", "4", "--relative-error", "0"])
    assert code == 0
    expected = spark.read.csv(str(csv), **READ).toHandy().profile(k=5, bins=4, relativeError=0)
    assert Profile.from_json(out.read_text()) == expected and len(expected.names) == 6
    duplicates = expected.frame[0]["duplicates"]
    assert duplicates > 0
    assert re.fullmatch(rf"{re.escape(str(csv))}: 891 rows, 6 columns, {duplicates} duplicate rows -> "
                        rf"{re.escape(str(out))} in \d+\.\d s", _summary(capsys))
    assert spark.range(3).count() == 3  # the session it used is still running


def test_by_and_columns_stratify_and_restrict(spark, files, tmp_path, capsys):
    out = tmp_path / "strata.json"
    folder = files / "parts"  # parquet parts without an extension, _SUCCESS left out
    assert main(["profile", str(folder), "--out", str(out), "--by", "Pclass", "Sex", "--columns", "Age",
                 "Embarked"]) == 0
    expected = spark.read.parquet(str(folder)).toHandy().stratify(["Pclass", "Sex"]).profile(["Age", "Embarked"])
    got = Profile.from_json(out.read_text())
    assert got == expected and got.names == ["Age", "Embarked"] and len(got.keys) == 6
    duplicates = int(expected.overview["duplicates"].sum())
    summary = _summary(capsys)
    assert summary.startswith(f"{folder}: 891 rows, 2 columns (6 strata), {duplicates:,} duplicate rows -> {out} in ")
    assert "reading" not in summary


def test_html_report(classic_spark, activate, files, tmp_path, capsys):
    activate(classic_spark)
    out = tmp_path / "report" / "titanic.html"  # the folder is made
    assert main(["profile", str(files / "titanic.parquet"), "--out", str(out), "--columns", "Age", "Sex"]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.count('<section class="column"') == 2 and "titanic.parquet" in page
    assert "-> " in _summary(capsys)


BAD = {
    "missing file": (["{d}/nope.csv", "--out", "{t}/p.json"], "no such file or folder: {d}/nope.csv"),
    "unknown --by": (["{d}/titanic.csv", "--out", "{t}/p.json", "--by", "Class"], "['Class'] not found"),
    "unknown --columns": (["{d}/titanic.csv", "--out", "{t}/p.json", "--columns", "Age", "Fair"], "['Fair'] not found"),
    "parquet on csv": (["{d}/titanic.csv", "--out", "{t}/p.json", "--format", "parquet"],
                       "as parquet: {d}/titanic.csv is not a parquet file"),
    "orc on parquet": (["{d}/titanic.parquet", "--out", "{t}/p.json", "--format", "orc"],
                       "as orc: {d}/titanic.parquet is a parquet file (give --format parquet)"),
    "csv on parquet": (["{d}/titanic.parquet", "--out", "{t}/p.json", "--format", "csv"],
                       "as csv: {d}/titanic.parquet is a parquet file (give --format parquet)"),
    "json on csv": (["{d}/titanic.csv", "--out", "{t}/p.json", "--format", "json"], "no line is a JSON record"),
    "unreadable parquet": (["{d}/broken.parquet", "--out", "{t}/p.json"],
                           "cannot read {d}/broken.parquet as parquet: "),
    "unknown --format": (["{d}/titanic.csv", "--out", "{t}/p.json", "--format", "xls"], "invalid choice: 'xls'"),
    "--master and --remote": (["{d}/titanic.csv", "--out", "{t}/p.json", "--master", "local[1]", "--remote",
                               "sc://localhost"], "argument --remote: not allowed with argument --master"),
    "--out neither html nor json": (["{d}/titanic.csv", "--out", "{t}/p.txt"], "--out must end in .html or .json"),
    "--k 0": (["{d}/titanic.csv", "--out", "{t}/p.json", "--k", "0"], "--k must be a positive integer"),
    "no INPUT": (["--out", "{t}/p.json"], "the following arguments are required: INPUT"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_gets_one_line_and_exit_code_2(spark, files, tmp_path, capsys, case):
    args, message = BAD[case]
    fill = {"d": str(files), "t": str(tmp_path)}
    assert main(["profile", *[a.format(**fill) for a in args]]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and len(captured.err.splitlines()) == 1, captured.err
    assert captured.err.startswith("handyspark profile: error: ") and message.format(**fill) in captured.err
    assert not list(tmp_path.iterdir())  # nothing written


def test_an_unknown_column_runs_no_job_beyond_reading_the_schema(classic_spark, activate, count_jobs, files, tmp_path,
                                                                 capsys):
    activate(classic_spark)
    csv = str(files / "titanic.csv")
    with count_jobs() as reading:
        assert len(classic_spark.read.csv(csv, **READ).columns) == 12
    with count_jobs() as command:
        assert main(["profile", csv, "--out", str(tmp_path / "p.html"), "--by", "Pclass", "Sexe"]) == 2
    assert reading.jobs >= 1 and command.jobs == reading.jobs
    assert "['Sexe'] not found" in capsys.readouterr().err


def _docs_commands() -> list[list[str]]:
    """The commands of the bash block in docs/profile.md's "The command" section."""
    section = (ROOT / "docs" / "profile.md").read_text().split("## The command", 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, flags=re.S).group(1)
    return [shlex.split(line.split("  #")[0]) for line in block.splitlines() if line.strip()]


@pytest.mark.slow  # each command starts a JVM (~20 s)
def test_the_console_script_runs_the_documented_commands(tmp_path):
    assert 'handyspark = "handyspark.cli:main"' in (ROOT / "pyproject.toml").read_text()
    script = Path(sys.executable).parent / "handyspark"  # made by pip install (./dev installs the project)
    command = [str(script)] if script.exists() else [sys.executable, "-m", "handyspark"]
    env = {k: v for k, v in os.environ.items() if k not in ("SPARK_CONNECT_MODE_ENABLED", "SPARK_REMOTE")}
    env["PYSPARK_PYTHON"] = sys.executable
    shutil.copy(titanic_path(), tmp_path / "titanic.csv")
    commands = _docs_commands()
    assert commands and all(c[:2] == ["handyspark", "profile"] for c in commands)
    for args in commands:
        result = subprocess.run([*command, *args[1:]], cwd=tmp_path, env=env, capture_output=True, text=True,
                                timeout=600)
        assert result.returncode == 0, result.stderr[-3000:]
        out = args[args.index("--out") + 1]
        assert (tmp_path / out).stat().st_size > 0
        assert re.fullmatch(rf"titanic\.csv: 891 rows, \d+ columns( \(\d+ strata\))?, [\d,]+ duplicate rows -> "
                            rf"{re.escape(out)} in \d+\.\d s\n", result.stdout), result.stdout
        assert not [line for line in result.stderr.splitlines() if "[Stage" in line or "Traceback" in line]


@pytest.mark.slow  # a Python process on the test JVM's Spark Connect server
def test_python_m_handyspark_on_spark_connect(connect_url, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("SPARK_CONNECT_MODE_ENABLED", "SPARK_REMOTE")}
    out = tmp_path / "p.json"
    result = subprocess.run([sys.executable, "-m", "handyspark", "profile", str(titanic_path()), "--out", str(out),
                             "--columns", "Age", "Embarked", "--remote", connect_url],
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert Profile.from_json(out.read_text()).overview["rows"].tolist() == [891]
    assert result.stdout.startswith(f"{titanic_path()}: 891 rows, 2 columns, ")
    assert len(result.stderr.splitlines()) == 3  # the phases: no JVM here
