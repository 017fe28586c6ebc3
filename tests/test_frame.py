"""HandyFrame: a real DataFrame on both kinds of session, keeping its settings."""

import pytest
from pyspark.sql import DataFrame

import handyspark
from handyspark import HandyFrame
from handyspark.errors import ArgumentError, ColumnNotFoundError


def test_to_handy_is_a_dataframe(titanic):
    hdf = titanic.toHandy()
    assert isinstance(hdf, HandyFrame)
    assert isinstance(hdf, DataFrame)
    assert isinstance(hdf, type(titanic))
    assert hdf.toHandy() is hdf
    plain = hdf.notHandy()
    assert not isinstance(plain, HandyFrame)
    assert type(plain) is type(titanic)
    assert plain.count() == 891


def test_shape(titanic, titanic_pd):
    hdf = titanic.toHandy()
    assert hdf.shape == titanic_pd.shape == (891, 12)
    assert hdf.nrows == 891 and hdf.ncols == 12


def test_dataframe_methods_return_handy_frames_with_settings(titanic):
    hdf = titanic.toHandy().set_response("Survived").set_safety_limit(7)
    derived = hdf.filter(hdf["Age"] > 30).select("Age", "Survived").withColumn("x", hdf["Age"] * 2)
    assert isinstance(derived, HandyFrame)
    assert derived.response == "Survived"
    assert derived.safety_limit == 7
    assert derived.columns == ["Age", "Survived", "x"]
    parts = hdf.randomSplit([0.5, 0.5], seed=1)
    assert all(isinstance(p, HandyFrame) and p.safety_limit == 7 for p in parts)
    assert sum(p.count() for p in parts) == 891
    grouped = hdf.groupBy("Pclass").count()
    assert sorted(r["count"] for r in grouped.take(5)) == [184, 216, 491]


def test_response(titanic):
    hdf = titanic.toHandy()
    assert hdf.response is None and hdf.is_classification is False and hdf.classes is None
    hdf = hdf.set_response("Survived")
    assert hdf.response == "Survived"
    assert hdf.is_classification is True
    assert hdf.classes == [0, 1]
    assert hdf.nclasses == 2
    assert hdf.set_response("Fare").is_classification is False
    with pytest.raises(ColumnNotFoundError, match="Survivor"):
        hdf.set_response("Survivor")


def test_spark_ml_accepts_a_handy_frame(titanic):
    from pyspark.ml import Pipeline
    from pyspark.ml.feature import StringIndexer, VectorAssembler

    hdf = titanic.toHandy()
    pipeline = Pipeline(stages=[
        StringIndexer(inputCol="Sex", outputCol="sex_idx"),
        VectorAssembler(inputCols=["sex_idx", "Pclass", "Fare"], outputCol="features"),
    ])
    model = pipeline.fit(hdf)
    out = model.transform(hdf)
    assert "features" in out.columns
    assert out.count() == 891


def test_set_safety_limit_rejects_bad_values(titanic):
    with pytest.raises(ArgumentError, match="limit"):
        titanic.toHandy().set_safety_limit(0)


def test_to_handy_installed_on_base_class():
    assert DataFrame.toHandy is not None
    assert handyspark.HandyFrame is HandyFrame


def test_na_and_stat_keep_frames_handy(titanic, titanic_pd):
    hdf = titanic.toHandy().set_safety_limit(50)
    dropped = hdf.na.drop()
    assert isinstance(dropped, HandyFrame) and dropped.safety_limit == 50
    assert dropped.count() == len(titanic_pd.dropna()) == 183
    filled = hdf.na.fill({"Embarked": "S"})
    assert isinstance(filled, HandyFrame)
    assert filled.cols["Embarked"].value_counts()["S"] == 646
    assert hdf.stat.corr("Age", "Fare") == titanic.stat.corr("Age", "Fare")  # Spark semantics, unchanged
    assert isinstance(hdf.stat.sampleBy("Pclass", {1: 0.5}, seed=1), HandyFrame)


def test_results_of_rows_stay_handy_with_the_same_settings(titanic):
    """Issue 15: get_outliers/remove_outliers and grouped results were plain DataFrames."""
    hdf = titanic.toHandy().set_safety_limit(7).set_response("Survived")
    cols = hdf.cols[["Age", "Fare", "SibSp"]]
    outliers, inliers = cols.get_outliers(critical_value=0.9), cols.remove_outliers(critical_value=0.9)
    for frame in (outliers, inliers, hdf.groupBy("Pclass").agg({"Fare": "mean"}), hdf.na.drop(),
                  hdf.stat.sampleBy("Pclass", {1: 0.5}, seed=1), hdf.cube("Sex").count(), hdf.crossJoin(hdf.limit(1))):
        assert isinstance(frame, HandyFrame) and frame.response == "Survived", type(frame)
        assert hasattr(frame, "cols")
    assert outliers.safety_limit == inliers.safety_limit == 7
    assert outliers.count() + inliers.count() == 891


def test_classes_are_never_copied_to_a_frame_with_other_data(titanic, titanic_pd):
    """Issue 15: after a filter, classes was still [0, 1] (a cached value carried into the derived frame)."""
    from pyspark.sql import functions as F

    hdf = titanic.toHandy().set_response("Survived")
    assert hdf.classes == sorted(titanic_pd["Survived"].unique()) == [0, 1]
    survivors = hdf.filter(F.col("Survived") == 1)
    assert survivors.classes == [1]
    assert hdf.set_response("Pclass").classes == [1, 2, 3]
    assert hdf.classes == [0, 1]


def test_a_column_named_like_a_setting_is_reached_by_name_and_the_user_is_told(spark):
    df = spark.createDataFrame([(1, "a")], "response int, cols string")
    with pytest.warns(UserWarning, match=r"\['response', 'cols'\].*hdf\['response'\]"):
        hdf = df.toHandy()
    assert hdf.response is None and hdf.select(hdf["response"]).first()[0] == 1


def test_spark_errors_keep_their_spark_type(titanic):
    """Issue 15: `except AnalysisException` around hdf.select('nope') caught nothing."""
    from pyspark.errors import AnalysisException

    from handyspark import HandyException

    hdf = titanic.toHandy()
    with pytest.raises(AnalysisException) as info:
        hdf.select("nope").collect()  # classic: raised by select; Connect: by collect
    err = info.value
    assert isinstance(err, HandyException)
    assert str(err).splitlines()[0].startswith("AnalysisException: [UNRESOLVED_COLUMN")
    assert err.getCondition().startswith("UNRESOLVED_COLUMN")  # the Spark error's API answers as before
    assert isinstance(err.__cause__, AnalysisException)


def test_every_dataframe_method_is_wrapped_or_deliberately_not():
    """A PySpark upgrade that adds a DataFrame-returning method fails here until it is reviewed."""
    import inspect

    from handyspark.frame import NOT_WRAPPED, WRAPPED

    assert not set(WRAPPED) & set(NOT_WRAPPED)
    unreviewed = []
    for name in dir(DataFrame):
        member = inspect.getattr_static(DataFrame, name)
        if name.startswith("_") or isinstance(member, property) or not callable(member):
            continue
        returns = str(getattr(member, "__annotations__", {}).get("return", ""))
        if ("DataFrame" in returns or "GroupedData" in returns) and name not in WRAPPED and name not in NOT_WRAPPED:
            unreviewed.append(name)
    assert unreviewed == []
