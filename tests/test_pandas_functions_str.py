"""hdf.pandas[col].str methods on Titanic string columns: both paths equal pandas, nulls included."""

from __future__ import annotations

import pytest
from pyspark.sql import types as T
from test_pandas_functions_series import run_cases

from handyspark.pandas_functions import PandasColumns, native_methods

B, L, S = T.BooleanType(), T.LongType(), T.StringType()
A = T.ArrayType(T.StringType())


def case(col, method, *args, result, **kwargs):
    """A case calling ``.str.method(*args, **kwargs)`` on Spark and on pandas alike."""
    return (col, lambda s: getattr(s.str, method)(*args, **kwargs),
            lambda s: getattr(s.str, method)(*args, **kwargs), result)


CASES = {
    "contains": case("Name", "contains", "Mr", result=B),
    "contains_nulls_literal": case("Cabin", "contains", "C2", regex=False, result=B),
    "contains_nocase": case("Name", "contains", "mrs", case=False, result=B),
    "contains_regex": case("Name", "contains", r"\(.*\)", result=B),
    "startswith": case("Cabin", "startswith", "C", result=B),
    "endswith": case("Name", "endswith", "a", result=B),
    "match": case("Name", "match", r"\w+, M", result=B),
    "fullmatch": case("Ticket", "fullmatch", r"\d+", result=B),
    "find": case("Name", "find", sub="Mrs.", result=L),
    "find_nulls": case("Cabin", "find", "2", result=L),
    "find_start": case("Name", "find", "a", 3, result=L),
    "rfind": case("Name", "rfind", "a", result=L),
    "index": case("Name", "index", ",", result=L),
    "rindex": case("Name", "rindex", " ", result=L),
    "len": case("Name", "len", result=L),
    "len_nulls": case("Cabin", "len", result=L),
    "count": case("Name", "count", "a", result=L),
    "lower": case("Name", "lower", result=S),
    "upper": case("Cabin", "upper", result=S),
    "strip": case("Name", "strip", "M", result=S),
    "lstrip": case("Ticket", "lstrip", "AS/", result=S),
    "rstrip": case("Name", "rstrip", ")", result=S),
    "replace": case("Name", "replace", "Mr.", "Mister", result=S),
    "replace_nulls": case("Cabin", "replace", "C", "c", result=S),
    "replace_regex": case("Name", "replace", r"\s+", "_", regex=True, result=S),
    "replace_n": case("Name", "replace", "a", "A", n=1, result=S),
    "slice": case("Name", "slice", 0, 5, result=S),
    "slice_open": case("Cabin", "slice", 1, result=S),
    "slice_negative": case("Name", "slice", -3, result=S),
    "slice_step": case("Name", "slice", 0, 10, 2, result=S),
    "pad": case("Sex", "pad", 8, fillchar="*", result=S),
    "zfill": case("Ticket", "zfill", 10, result=S),
    "center": case("Sex", "center", 9, result=S),
    "ljust": case("Sex", "ljust", 7, result=S),
    "rjust": case("Cabin", "rjust", 5, result=S),
    "get": case("Name", "get", 0, result=S),
    "get_far": case("Cabin", "get", 6, result=S),
    "capitalize": case("Name", "capitalize", result=S),
    "title": case("Ticket", "title", result=S),
    "swapcase": case("Name", "swapcase", result=S),
    "casefold": case("Name", "casefold", result=S),
    "removeprefix": case("Ticket", "removeprefix", "PC ", result=S),
    "removesuffix": case("Sex", "removesuffix", "male", result=S),
    "repeat": case("Cabin", "repeat", 2, result=S),
    "wrap": case("Name", "wrap", 12, result=S),
    "normalize": case("Name", "normalize", "NFKD", result=S),
    "translate": case("Name", "translate", str.maketrans("aeiou", "AEIOU"), result=S),
    "slice_replace": case("Name", "slice_replace", 0, 2, "XX", result=S),
    "join": case("Sex", "join", "-", result=S),
    "isdigit": case("Ticket", "isdigit", result=B),
    "isalpha": case("Sex", "isalpha", result=B),
    "isalnum": case("Cabin", "isalnum", result=B),
    "isdecimal": case("Ticket", "isdecimal", result=B),
    "isnumeric": case("Ticket", "isnumeric", result=B),
    "isspace": case("Name", "isspace", result=B),
    "islower": case("Sex", "islower", result=B),
    "isupper": case("Cabin", "isupper", result=B),
    "istitle": case("Name", "istitle", result=B),
    "split": case("Name", "split", ", ", result=A),
    "rsplit": case("Name", "rsplit", " ", n=1, result=A),
    "findall": case("Cabin", "findall", r"\d+", result=A),
    "encode": case("Sex", "encode", "utf-8", result=T.BinaryType()),
}

NATIVE_CASES = {"contains_nulls_literal", "startswith", "endswith", "find", "find_nulls", "len", "len_nulls", "lower",
                "upper", "replace", "replace_nulls", "slice", "slice_open"}


def test_str_methods_equal_pandas_on_both_paths(titanic, titanic_pd):
    run_cases(titanic, CASES, titanic_pd)


def test_native_str_methods_only_where_exact(titanic):
    assert set(native_methods("str")) == {"contains", "endswith", "find", "len", "lower", "replace", "slice",
                                          "startswith", "upper"}
    for label, (col, build, _, _) in CASES.items():
        fast = repr(build(PandasColumns(titanic)[col]))
        assert ("pandas_" not in fast) == (label in NATIVE_CASES), label


def test_spec_str_find(titanic, titanic_pd):
    hdf = titanic.toHandy()
    out = hdf.assign(mrs=hdf.pandas["Name"].str.find(sub="Mrs.")).select("mrs").toPandas()
    expected = titanic_pd["Name"].str.find("Mrs.")
    assert out["mrs"].tolist() == expected.tolist()
    assert (expected >= 0).sum() == 125 and (out["mrs"] >= 0).sum() == 125


@pytest.mark.parametrize("text", ["straße", "ǅemal İstanbul", "ﬁne 🎉 émoji", "", "ΣΊΣΥΦΟΣ"])
def test_unicode_edge_cases_agree(spark, text):
    df = spark.createDataFrame([(text,), (None,)], "s string")
    cases = {m: case("s", m, result=T.LongType() if m == "len" else T.StringType()) for m in ("len", "upper", "lower")}
    cases["find"] = ("s", lambda s: s.str.find("🎉"), lambda s: s.str.find("🎉"), T.LongType())
    cases["slice"] = ("s", lambda s: s.str.slice(2, 6), lambda s: s.str.slice(2, 6), T.StringType())
    run_cases(df, cases, df.toPandas())
