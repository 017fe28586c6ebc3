"""Features an older PySpark lacks raise one VersionError naming the version needed, before any Spark job.

On the PySpark that lacks a feature (scripts/matrix.sh 3.5) the errors are real; on a newer one the
installed version is lowered in ``handyspark._compat``, which is where every version difference lives.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import handyspark  # noqa: F401
from handyspark import _compat
from handyspark.errors import HandyException, VersionError

DOCS = Path(__file__).resolve().parents[1] / "docs" / "versions.md"


@pytest.fixture
def pyspark_35(monkeypatch):
    """PySpark 3.5, as far as handyspark's version checks and fallbacks go."""
    monkeypatch.setattr(_compat, "PYSPARK_VERSION", (3, 5))


def test_every_feature_is_in_the_docs_table():
    table = DOCS.read_text()
    for feature in _compat.FEATURES.values():
        assert feature.name in table
    assert f"PySpark >= {_compat.MIN_PYSPARK[0]}.{_compat.MIN_PYSPARK[1]}" in table


def test_supports_reads_the_table():
    assert _compat.supports("toArrow", version=(4, 0)) and not _compat.supports("toArrow", version=(3, 5))
    assert _compat.supports("connect", version=(3, 5)) and not _compat.supports("connect", connect=True, version=(3, 5))


def _check_version_error(info, feature: str) -> None:
    assert isinstance(info.value, HandyException) and isinstance(info.value, NotImplementedError)
    message = str(info.value)
    assert feature in message and "needs PySpark >= 4.0" in message and "found" in message


def test_to_arrow_needs_pyspark_4(titanic, monkeypatch, count_jobs):
    hdf = titanic.toHandy()
    if _compat.PYSPARK_VERSION >= (4, 0):
        assert hdf.limit(3).toArrow().num_rows == 3
        monkeypatch.setattr(_compat, "PYSPARK_VERSION", (3, 5))
    with pytest.raises(VersionError) as info:
        hdf.toArrow()
    _check_version_error(info, "HandyFrame.toArrow()")


def test_connect_needs_pyspark_4(spark, titanic, monkeypatch):
    if not _compat.is_connect(spark):
        pytest.skip("a Spark Connect session")
    monkeypatch.setattr(_compat, "PYSPARK_VERSION", (3, 5))
    with pytest.raises(VersionError) as info:
        titanic.toHandy()
    _check_version_error(info, "Spark Connect")
    from handyspark import BinaryClassificationMetrics

    with pytest.raises(VersionError):
        BinaryClassificationMetrics(titanic, scoreCol="Fare", labelCol="Survived")


def test_connect_frames_of_pyspark_35_say_what_is_needed():
    """PySpark 3.5's Connect DataFrame is no pyspark.sql.DataFrame: ``import handyspark`` gives it a toHandy that says so."""
    classes = _compat.separate_connect_frame_classes()
    if _compat.PYSPARK_VERSION >= (4, 0):
        assert classes == []
        return
    for cls in classes:
        frame = object.__new__(cls)
        with pytest.raises(VersionError) as info:
            frame.toHandy()
        _check_version_error(info, "Spark Connect")


def _ties(spark):
    # in every stratum and overall, several values share the highest count: the smallest must win
    rows = [("a", 3), ("a", 3), ("a", 1), ("a", 1), ("a", None), ("b", 2), ("b", 5), (None, 4), (None, 4),
            ("b", None), (None, None)]
    return spark.createDataFrame(rows, "g string, n int"), pd.DataFrame(rows, columns=["g", "n"])


@pytest.mark.parametrize("fallback", [False, True], ids=["native", "pyspark35-fallback"])
def test_mode_ties_go_to_the_smallest_value_on_every_version(spark, monkeypatch, fallback):
    if fallback:
        if _compat.is_connect(spark):
            pytest.skip("PySpark 3.5 runs handyspark on classic sessions only")
        monkeypatch.setattr(_compat, "PYSPARK_VERSION", (3, 5))
    df, pdf = _ties(spark)
    hdf = df.toHandy()
    assert hdf.cols["n"].mode() == pdf["n"].mode()[0] == 1  # 1, 3 and 4 twice each
    by_g = hdf.stratify(["g"]).cols["n"].mode()
    want = {k if isinstance(k, str) else None: v["n"].mode()[0] for k, v in pdf.groupby("g", dropna=False)}
    assert {(None if pd.isna(k) else k): v for k, v in by_g.items()} == want
    filled = hdf.stratify(["g"]).fill(categorical=["n"])
    assert filled.statistics_["n"] == {'g == "a"': 1, 'g == "b"': 2, "g is null": 4}
    plain = hdf.fill(categorical=["n"])
    assert plain.statistics_ == {"n": 1}
    got = filled.notHandy().toPandas()
    assert got["n"].isna().sum() == 0
    assert np.array_equal(np.sort(got["n"].to_numpy()), np.sort([3, 3, 1, 1, 1, 2, 5, 4, 4, 2, 4]))
