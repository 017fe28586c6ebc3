"""Spark errors surface as HandyException with a one-line summary and the original as cause."""

import subprocess
import sys

import pytest

import handyspark  # noqa: F401
from handyspark import HandyException
from handyspark.errors import ColumnNotFoundError, summarize_spark_error

WORKER_ERROR = """An exception was thrown from the Python worker. Please see the stack trace below.
Traceback (most recent call last):
  File "/usr/lib/python3/site-packages/pyspark/worker.py", line 1900, in main
    process()
  File "/home/me/analysis.py", line 12, in <lambda>
    return Fare / undefined_name
NameError: name 'undefined_name' is not defined
 SQLSTATE: 38000
\tat org.apache.spark.api.python.BasePythonRunner...
"""


def test_summary_of_a_worker_error():
    summary = summarize_spark_error(RuntimeError(WORKER_ERROR))
    assert summary == ("NameError: name 'undefined_name' is not defined "
                       "(in <lambda>, line 12: return Fare / undefined_name)")


def test_summary_without_source_line():
    text = WORKER_ERROR.replace("    return Fare / undefined_name\n", "")
    assert summarize_spark_error(RuntimeError(text)) == (
        "NameError: name 'undefined_name' is not defined (in <lambda>, line 12)")


def test_summary_of_other_errors():
    assert summarize_spark_error(ValueError("first line\nsecond")) == "ValueError: first line"


def test_analysis_errors_become_handy_exceptions(titanic):
    hdf = titanic.toHandy()
    with pytest.raises(HandyException) as info:
        hdf.select("no_such_column").collect()
    first_line = str(info.value).splitlines()[0]
    assert "no_such_column" in first_line and "UNRESOLVED_COLUMN" in first_line
    assert info.value.__cause__ is not None
    assert type(info.value.__cause__).__module__.startswith("pyspark")


def test_wrong_input_names_the_column(titanic):
    with pytest.raises(ColumnNotFoundError, match="Fair") as info:
        titanic.toHandy().cols["Fair"]
    assert isinstance(info.value, KeyError) and isinstance(info.value, HandyException)


def test_import_without_pyspark_says_what_to_install(tmp_path):
    code = "import sys; sys.modules['pyspark'] = None; import handyspark"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("ImportError: handyspark needs PySpark >= 3.5")
    assert "pip install 'handyspark[spark]'" in last
