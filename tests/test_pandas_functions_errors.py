"""Clear errors: at build time for wrong accessors, methods and arguments; HandyException for errors in UDFs."""

from __future__ import annotations

import pytest
from pyspark.sql.types import IntegerType, LongType

import handyspark  # noqa: F401
from handyspark.errors import ArgumentError, ColumnNotFoundError, ColumnTypeError, HandyException
from handyspark.pandas_functions import AccessorTypeError, UnsupportedMethodError, install_type_wrappers

install_type_wrappers()


def test_accessors_refuse_columns_they_do_not_apply_to(titanic):
    p = titanic.toHandy().pandas
    with pytest.raises(AccessorTypeError, match=r"\.dt accessor .*'Name' is string"):
        _ = p["Name"].dt
    with pytest.raises(AttributeError):
        _ = p["Fare"].str
    with pytest.raises(ColumnTypeError):
        _ = p["Fare"].str
    assert not hasattr(p["Fare"], "str") and not hasattr(p["Name"], "dt") and hasattr(p["Name"], "str")
    with pytest.raises(ColumnTypeError, match="date or timestamp"):
        p["Fare"].between_time("10:00", "11:00")


def test_unknown_and_row_dependent_methods(titanic):
    p = titanic.toHandy().pandas
    for get in (lambda: p["Fare"].cumsum, lambda: p["Name"].str.cat, lambda: p["Fare"].no_such_method):
        with pytest.raises(UnsupportedMethodError, match="element-wise") as info:
            get()
        assert isinstance(info.value, (AttributeError, HandyException))
    with pytest.raises(UnsupportedMethodError, match="expand"):
        p["Name"].str.split(", ", expand=True)
    with pytest.raises(ArgumentError, match="depends on other rows"):
        p["Age"].fillna(method="ffill")
    with pytest.raises(ArgumentError, match="inplace"):
        p["Age"].clip(0, 1, inplace=True)
    with pytest.raises(ColumnNotFoundError, match="Nmae"):
        p["Nmae"]


def test_bad_arguments_fail_at_build_time_without_a_job(titanic, count_jobs, classic_spark):
    p = titanic.toHandy().pandas
    with pytest.raises(ArgumentError, match="find"):
        p["Name"].str.find()
    with pytest.raises(ArgumentError, match="unterminated|missing"):
        p["Name"].str.contains("(Mrs")
    with pytest.raises(ArgumentError, match="isin"):
        p["Embarked"].isin("C")
    if titanic.sparkSession is classic_spark:
        with count_jobs() as c:
            with pytest.raises(ArgumentError):
                p["Name"].str.zfill("wide")
        assert c.jobs == 0


def test_error_inside_user_function_surfaces_as_handy_exception(titanic):
    hdf = titanic.toHandy()
    bad = hdf.assign(bad=lambda Fare: Fare / undefined_name)  # noqa: F821 - the error under test
    with pytest.raises(HandyException) as info:
        bad.collect()
    first = str(info.value).splitlines()[0]
    assert "NameError" in first and "undefined_name" in first
    assert info.value.__cause__ is not None
    assert "undefined_name" in str(info.value.__cause__)


@pytest.mark.filterwarnings("ignore:toPandas attempted Arrow optimization")
def test_fractional_result_for_integer_type_is_an_error_not_a_truncation(titanic):
    hdf = titanic.toHandy()
    with pytest.raises(HandyException,
                       match=r"^TypeError: assign\('half'=\.\.\.\): the result has fractional .*DoubleType\.ret"):
        hdf.assign(half=lambda Pclass: Pclass / 2).select("half").toPandas()
    # choosing the type explicitly is the way out
    out = hdf.assign(half=IntegerType.ret(lambda Pclass: Pclass // 2)).select("half").toPandas()
    assert set(out["half"]) == {0, 1}


@pytest.mark.filterwarnings("ignore:toPandas attempted Arrow optimization")
def test_integer_arithmetic_does_not_wrap_and_out_of_range_results_are_errors(spark):
    """int32 + int8 near 2**31: numpy would wrap to a negative number; the UDF computes in int64 and refuses
    a result outside the declared type, naming the assigned column (issue 14)."""
    df = spark.createDataFrame([(2**31 - 1, 127), (5, 1)], "a int, b tinyint").toHandy()
    with pytest.raises(HandyException, match=r"assign\('a \+ b'=\.\.\.\): the result has values outside the "
                                             r"range of int \[-2147483648, 2147483647\].*LongType\.ret"):
        df.assign(**{"a + b": lambda a, b: a + b}).toPandas()
    got = df.assign(s=LongType.ret(lambda a, b: a + b)).toPandas()["s"].tolist()
    assert got == [2**31 - 1 + 127, 6]  # oracle: Python integers
    with_null = spark.createDataFrame([(2**31 - 1, 127), (None, 1)], "a int, b tinyint").toHandy()
    with pytest.raises(HandyException, match=r"outside the range of int"):  # float64 input (a null): same check
        with_null.assign(s=lambda a, b: a + b).toPandas()
