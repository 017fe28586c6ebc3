"""hdf.pandas[col] Series methods on Titanic: both paths (built-ins and pandas UDFs) equal pandas."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pyspark.sql import types as T

import handyspark  # noqa: F401
from handyspark.pandas_functions import PandasColumns, native_methods

# label: (column, build(series) -> Column, oracle(pandas Series) -> pandas Series, Spark type of the result)
CASES = {
    "isin_str": ("Embarked", lambda s: s.isin(values=["C", "Q"]), lambda s: s.isin(["C", "Q"]), T.BooleanType()),
    "isin_int": ("Pclass", lambda s: s.isin([1, 2]), lambda s: s.isin([1, 2]), T.BooleanType()),
    "isin_float": ("Age", lambda s: s.isin([22.0, 38]), lambda s: s.isin([22.0, 38]), T.BooleanType()),
    "isin_none": ("Embarked", lambda s: s.isin(["C", None]), lambda s: s.isin(["C", None]), T.BooleanType()),
    "isna": ("Age", lambda s: s.isna(), lambda s: s.isna(), T.BooleanType()),
    "isnull": ("Cabin", lambda s: s.isnull(), lambda s: s.isnull(), T.BooleanType()),
    "notna": ("Embarked", lambda s: s.notna(), lambda s: s.notna(), T.BooleanType()),
    "notnull": ("Age", lambda s: s.notnull(), lambda s: s.notnull(), T.BooleanType()),
    "between": ("Age", lambda s: s.between(18, 65), lambda s: s.between(18, 65), T.BooleanType()),
    "between_neither": ("Fare", lambda s: s.between(10, 20, inclusive="neither"),
                        lambda s: s.between(10, 20, inclusive="neither"), T.BooleanType()),
    "between_left": ("SibSp", lambda s: s.between(1, 3, inclusive="left"),
                     lambda s: s.between(1, 3, inclusive="left"), T.BooleanType()),
    "between_str": ("Name", lambda s: s.between("A", "Moran"), lambda s: s.between("A", "Moran"), T.BooleanType()),
    "abs_float": ("Fare", lambda s: s.abs(), lambda s: s.abs(), T.DoubleType()),
    "abs_int": ("Pclass", lambda s: s.abs(), lambda s: s.abs(), T.IntegerType()),
    "clip": ("Fare", lambda s: s.clip(lower=5, upper=100), lambda s: s.clip(lower=5, upper=100), T.DoubleType()),
    "clip_nulls": ("Age", lambda s: s.clip(1), lambda s: s.clip(1), T.DoubleType()),
    "clip_int": ("SibSp", lambda s: s.clip(upper=2), lambda s: s.clip(upper=2), T.IntegerType()),
    "round": ("Fare", lambda s: s.round(1), lambda s: s.round(1), T.DoubleType()),
    "round_nulls": ("Age", lambda s: s.round(), lambda s: s.round(), T.DoubleType()),
    "replace_str": ("Embarked", lambda s: s.replace({"S": "Southampton"}), lambda s: s.replace({"S": "Southampton"}),
                    T.StringType()),
    "replace_int": ("Pclass", lambda s: s.replace(3, 30), lambda s: s.replace(3, 30), T.IntegerType()),
    "fillna_float": ("Age", lambda s: s.fillna(0), lambda s: s.fillna(0), T.DoubleType()),
    "fillna_str": ("Embarked", lambda s: s.fillna("X"), lambda s: s.fillna("X"), T.StringType()),
    "astype_str": ("Pclass", lambda s: s.astype(str), lambda s: s.astype(str), T.StringType()),
    "astype_int": ("Fare", lambda s: s.astype("int64"), lambda s: s.astype("int64"), T.LongType()),
    # truncate works on pandas' index; on a column it makes the values outside the range missing
    "truncate": ("Age", lambda s: s.truncate(before=10, after=40), lambda s: s.where(s.between(10, 40)),
                 T.DoubleType()),
}


def normalize(values) -> list:
    """Values as plain Python objects, every kind of missing as None (pandas' view: NaN is missing)."""
    out = []
    for v in values:
        if isinstance(v, np.ndarray):
            v = v.tolist()
        elif isinstance(v, np.generic):
            v = v.item()
        if not isinstance(v, (list, tuple, bytes, bytearray)) and pd.isna(v):
            v = None
        out.append(v)
    return out


def assert_same(actual, expected, label: str) -> None:
    actual, expected = normalize(actual), normalize(expected)
    assert len(actual) == len(expected), label
    for i, (a, e) in enumerate(zip(actual, expected)):
        if isinstance(a, float) or isinstance(e, float):
            assert a is not None and e is not None and a == pytest.approx(e, rel=1e-12, abs=1e-12), \
                f"{label} row {i}: {a!r} != {e!r}"
        else:
            assert type(a) is type(e) or {type(a), type(e)} <= {bytes, bytearray}, f"{label} row {i}: {a!r} vs {e!r}"
            assert a == e, f"{label} row {i}: {a!r} != {e!r}"


def run_cases(df, cases: dict, oracle_frame: pd.DataFrame) -> None:
    """One Spark job: every case on both paths; each equals pandas, with the same Spark type."""
    columns, expected_types = [], {}
    for native in (True, False):
        pandas_cols = PandasColumns(df, native=native)
        for label, (col, build, _, spark_type) in cases.items():
            columns.append(build(pandas_cols[col]).alias(f"{label}|{native}"))
            expected_types[f"{label}|{native}"] = spark_type
    result = df.select(*columns)
    assert {f.name: f.dataType for f in result.schema.fields} == expected_types
    out = result.toPandas()
    for label, (col, _, oracle, _) in cases.items():
        series = oracle_frame[col]
        if series.dtype == object or isinstance(series.dtype, pd.StringDtype):
            # functions see Python strings, missing as None (read_csv made NaN; pandas 3 makes Arrow strings)
            series = series.astype(object).where(series.notna(), None)
        expected = oracle(series)
        assert_same(out[f"{label}|False"], expected, f"{label} (pandas UDF)")
        assert_same(out[f"{label}|True"], expected, f"{label} (native)")


def test_series_methods_equal_pandas_on_both_paths(titanic, titanic_pd):
    run_cases(titanic, CASES, titanic_pd)


NATIVE_CASES = {"isin_str", "isin_int", "isin_float", "isna", "isnull", "notna", "notnull", "between",
                "between_neither", "between_left", "between_str", "abs_float", "abs_int", "fillna_float", "fillna_str"}


def test_native_path_emits_builtins_only_where_exact(titanic):
    assert {"isin", "isna", "isnull", "notna", "notnull", "abs", "between", "fillna"} == set(native_methods(""))
    for label, (col, build, _, _) in CASES.items():
        fast = repr(build(PandasColumns(titanic)[col]))
        slow = repr(build(PandasColumns(titanic, native=False)[col]))
        assert "pandas_" in slow, label
        assert ("pandas_" not in fast) == (label in NATIVE_CASES), label


def test_building_columns_runs_no_spark_job(titanic, count_jobs, classic_spark):
    if titanic.sparkSession is not classic_spark:
        pytest.skip("job counts are read on the classic session")
    p = PandasColumns(titanic)
    with count_jobs() as c:
        p["Embarked"].isin(values=["C", "Q"])
        p["Fare"].clip(5, 100)
        p["Name"].str.find(sub="Mrs.")
    assert c.jobs == 0


def test_spec_isin_as_assigned_column(titanic, titanic_pd):
    hdf = titanic.toHandy()
    out = hdf.assign(is_c_or_q=hdf.pandas["Embarked"].isin(values=["C", "Q"])).select("is_c_or_q").toPandas()
    assert out["is_c_or_q"].tolist() == titanic_pd["Embarked"].isin(["C", "Q"]).tolist()
    assert int(out["is_c_or_q"].sum()) == 168 + 77


def test_column_names_with_spaces_and_dots(spark):
    df = spark.createDataFrame([(1.5, "a.b"), (None, "c d"), (-2.0, None)], "`odd name.x` double, `s p.q` string")
    p = PandasColumns(df)
    out = df.select(p["odd name.x"].abs().alias("a"), p["s p.q"].str.upper().alias("u"),
                    PandasColumns(df, native=False)["s p.q"].str.upper().alias("v")).toPandas()
    assert normalize(out["a"]) == [1.5, None, 2.0]
    assert normalize(out["u"]) == normalize(out["v"]) == ["A.B", "C D", None]


def test_docs_list_every_native_method():
    import re
    from pathlib import Path

    doc = (Path(__file__).parents[1] / "docs" / "pandas.md").read_text()
    table = doc.split("## Which methods run natively")[1].split("Everything else")[0]
    for accessor in ("", "str", "dt"):
        for name in native_methods(accessor):
            assert re.search(rf"`(?:{accessor}\.)?{name}`|, {name}`|`{name}/", table) or re.search(
                rf"\b{name}\b", table), (accessor, name)
