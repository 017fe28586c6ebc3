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
