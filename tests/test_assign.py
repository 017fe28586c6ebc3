"""hdf.assign: Columns, constants and Python functions of columns (pandas UDFs), and the .ret type wrappers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyspark.sql.functions as F
import pytest
from pyspark.sql.types import ArrayType, DoubleType, IntegerType, LongType, StringType
from test_pandas_functions_series import assert_same

import handyspark
from handyspark.errors import ArgumentError, ColumnNotFoundError
from handyspark.pandas_functions import TypedFunction, assign_columns, install_type_wrappers

install_type_wrappers()  # `import handyspark` will do it


def test_spec_examples_give_pandas_values(titanic, titanic_pd):
    def make_list(Fare, Age):
        return pd.Series([[f, a] for f, a in zip(Fare, Age)])

    hdf = titanic.toHandy()
    out = hdf.assign(
        is_c_or_q=hdf.pandas["Embarked"].isin(values=["C", "Q"]),
        logFare=lambda Fare: np.log(Fare + 1),
        fare_times_age=lambda Fare, Age: Fare * Age,
        fare_text=StringType.ret(lambda Fare: Fare.map("${:,.2f}".format)),
        fare_age=ArrayType(DoubleType()).ret(make_list),
        source=F.lit("titanic"),
        one=1,
    )
    assert isinstance(out, handyspark.HandyFrame)
    types = {f.name: f.dataType for f in out.schema.fields}
    assert types["logFare"] == DoubleType() and types["fare_text"] == StringType()
    assert types["fare_age"] == ArrayType(DoubleType()) and types["one"] == IntegerType()
    pdf = out.select("is_c_or_q", "logFare", "fare_times_age", "fare_text", "fare_age", "source", "one").toPandas()
    fare, age = titanic_pd["Fare"], titanic_pd["Age"]
    assert pdf["is_c_or_q"].tolist() == titanic_pd["Embarked"].isin(["C", "Q"]).tolist()
    assert_same(pdf["logFare"], np.log(fare + 1), "logFare")
    assert_same(pdf["fare_times_age"], fare * age, "fare_times_age")
    assert pdf["fare_text"].tolist() == fare.map("${:,.2f}".format).tolist()
    assert pdf["fare_text"][1] == "$71.28"
    assert_same([v.tolist()[0] for v in pdf["fare_age"]], fare, "fare_age[0]")
    assert_same([v.tolist()[1] for v in pdf["fare_age"]], age, "fare_age[1]")
    assert set(pdf["source"]) == {"titanic"} and set(pdf["one"]) == {1}


def test_default_type_is_first_argument_type_and_ret_chooses_another(titanic, titanic_pd):
    hdf = titanic.toHandy()
    out = hdf.assign(
        double_class=lambda Pclass: Pclass * 2,
        fare_over_class=lambda Fare, Pclass: Fare / Pclass,
        class_over_two=DoubleType.ret(lambda Pclass: Pclass / 2),
        name_len=LongType().ret(lambda Name: Name.str.len()),
        constant_per_batch=lambda Age: 7.0,  # a scalar is repeated on every row
    )
    types = {f.name: f.dataType for f in out.schema.fields}
    assert types["double_class"] == IntegerType() and types["fare_over_class"] == DoubleType()
    assert types["class_over_two"] == DoubleType() and types["name_len"] == LongType()
    pdf = out.select("double_class", "fare_over_class", "class_over_two", "name_len", "constant_per_batch").toPandas()
    assert pdf["double_class"].tolist() == (titanic_pd["Pclass"] * 2).tolist()
    assert_same(pdf["fare_over_class"], titanic_pd["Fare"] / titanic_pd["Pclass"], "fare_over_class")
    assert_same(pdf["class_over_two"], titanic_pd["Pclass"] / 2, "class_over_two")
    assert pdf["name_len"].tolist() == titanic_pd["Name"].str.len().tolist()
    assert set(pdf["constant_per_batch"]) == {7.0}


def test_later_items_may_use_earlier_ones_and_replace_columns(titanic, titanic_pd):
    hdf = titanic.toHandy()
    out = hdf.assign(logFare=lambda Fare: np.log1p(Fare), doubled=lambda logFare: logFare * 2,
                     Fare=F.col("Fare") + 1, nulls=lambda Age: Age.isna())
    assert out.columns[:12] == titanic.columns  # Fare replaced in place
    pdf = out.select("logFare", "doubled", "Fare", "nulls").toPandas()
    assert_same(pdf["doubled"], 2 * np.log1p(titanic_pd["Fare"]), "doubled")
    assert_same(pdf["Fare"], titanic_pd["Fare"] + 1, "Fare")
    # the default type of a function of Age is Age's type (double): booleans become 1.0 / 0.0
    assert_same(pdf["nulls"], titanic_pd["Age"].isna().astype(float), "nulls")


def test_keyword_only_and_defaulted_arguments(spark):
    df = spark.createDataFrame([(1, 10.0), (2, None)], "a int, b double")

    def f(a, *, b, scale=3):
        return a * scale + b.fillna(0)

    out = assign_columns(df, c=DoubleType.ret(f)).toPandas()
    assert out["c"].tolist() == [13.0, 6.0]


def test_ret_wrappers():
    f = StringType.ret(lambda Fare: Fare)
    assert isinstance(f, TypedFunction) and f.returnType == StringType()
    assert f(pd.Series([1.0])).tolist() == [1.0]
    assert list(__import__("inspect").signature(f).parameters) == ["Fare"]
    assert ArrayType(DoubleType()).ret(f).returnType == ArrayType(DoubleType())
    with pytest.raises(ArgumentError, match="ArrayType needs arguments"):
        ArrayType.ret(lambda Fare: Fare)
    with pytest.raises(ArgumentError, match="function"):
        StringType.ret("not a function")
    install_type_wrappers()  # idempotent
    assert StringType().ret(len).returnType == StringType()


def test_bad_assignments_fail_before_any_job(titanic):
    with pytest.raises(ColumnNotFoundError, match="Farex"):
        assign_columns(titanic, x=lambda Farex: Farex)
    with pytest.raises(ArgumentError, match="at least one argument"):
        assign_columns(titanic, x=lambda: 1)
    with pytest.raises(ArgumentError, match=r"\*args"):
        assign_columns(titanic, x=lambda *cols: cols[0])
    with pytest.raises(ArgumentError, match="takes a Column"):
        assign_columns(titanic, x=object())


def test_string_arguments_are_python_strings_under_any_pandas(spark):
    """pandas 3 makes Arrow-backed strings, whose upper() maps 'ß' to 'ẞ': functions see object Series."""
    df = spark.createDataFrame([("straße",), (None,)], "s string").toHandy()
    out = df.assign(
        dtype=StringType.ret(lambda s: pd.Series([str(s.dtype)] * len(s))),
        missing=StringType.ret(lambda s: s.map(lambda v: type(v).__name__)),
        upper=lambda s: s.str.upper(),
        words=ArrayType(StringType()).ret(lambda s: s.str.split("a")),
    ).toPandas()
    assert out["dtype"].tolist() == ["object", "object"]
    assert out["missing"].tolist() == ["str", "NoneType"]
    assert out["upper"].tolist()[0] == "STRASSE" == "straße".upper()
    assert list(out["words"][0]) == ["str", "ße"] and out["words"][1] is None
