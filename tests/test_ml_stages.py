"""One conformance check over every handyspark Spark ML stage, on classic and Spark Connect."""

import json

import numpy as np
import pytest
from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.feature import VectorAssembler

import handyspark  # noqa: F401  (adds toHandy)
from handyspark import Bucket
from handyspark.errors import ColumnNotFoundError, ColumnTypeError, NotFittedError
from handyspark.ml import HandyFencer, HandyFencerEstimator, HandyImputer, HandyImputerEstimator


def _imputer_from_frame(df):
    hdf = df.toHandy().fill(categorical=["Embarked"])
    return hdf.stratify(["Pclass", "Sex"]).fill(continuous=["Age"]).transformers.imputer()


def _fencer_from_frame(df):
    return df.toHandy().fence(["Fare"]).stratify(["Pclass"]).fence(["Age"], k=1.0).transformers.fencer()


def _imputer_estimator(df):
    return HandyImputerEstimator(
        categorical=["Embarked"], continuous=["Age", "Fare"], strategy=["median", "mean"],
        strata=["Sex", Bucket("Fare", 2)],
    ).fit(df)


def _fencer_estimator(df):
    return HandyFencerEstimator(inputCols=["Fare", "SibSp"], k=2.0, strata=["Embarked"]).fit(df)


FITTED = {
    "imputer": _imputer_from_frame,
    "fencer": _fencer_from_frame,
    "imputer_estimator_model": _imputer_estimator,
    "fencer_estimator_model": _fencer_estimator,
}
CLASSES = [HandyImputer, HandyFencer, HandyImputerEstimator, HandyFencerEstimator]


def _cell(value):
    if hasattr(value, "toArray"):  # ml vectors: NaN (a null input) compares equal to itself here
        return tuple(None if np.isnan(x) else float(x) for x in value.toArray())
    if isinstance(value, float) and np.isnan(value):
        return "NaN"
    return value


def _rows(df):
    """The rows sorted by PassengerId, as comparable tuples (column names included)."""
    return [tuple((k, _cell(v)) for k, v in row.asDict().items()) for row in df.orderBy("PassengerId").collect()]


def _assert_json_safe(stage):
    for param, value in stage.extractParamMap().items():
        assert json.loads(json.dumps(value, allow_nan=False)) == value, param.name
        assert type(json.loads(json.dumps(value))) is type(value), param.name  # no tuples, no numpy scalars


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_construct_without_arguments_and_save_params(spark, tmp_path, cls):
    stage = cls()
    _assert_json_safe(stage)
    path = str(tmp_path / cls.__name__)
    stage.write().overwrite().save(path)
    stage.write().overwrite().save(path)
    loaded = cls.load(path)
    assert type(loaded) is cls and loaded.uid == stage.uid
    assert {p.name: v for p, v in loaded.extractParamMap().items()} == {
        p.name: v for p, v in stage.extractParamMap().items()
    }
    if hasattr(stage, "model"):
        with pytest.raises(NotFittedError, match=cls.__name__):
            stage.transform(spark.range(1))


@pytest.mark.parametrize("name", list(FITTED))
def test_fitted_stage_conformance(titanic, tmp_path, name):
    stage = FITTED[name](titanic)
    _assert_json_safe(stage)
    expected = _rows(stage.transform(titanic))
    assert len(expected) == 891
    # standalone save / load, overwriting
    path = str(tmp_path / "stage")
    stage.write().overwrite().save(path)
    loaded = type(stage).load(path)
    assert loaded.getOrDefault(loaded.params[0]) == stage.getOrDefault(stage.params[0])
    assert _rows(loaded.transform(titanic)) == expected
    # inside a PipelineModel next to a JVM stage
    assembler = VectorAssembler(inputCols=["Age", "Fare"], outputCol="features", handleInvalid="keep")
    model = PipelineModel(stages=[stage, assembler])
    before = _rows(model.transform(titanic))
    model.write().overwrite().save(str(tmp_path / "pipeline"))
    reloaded = PipelineModel.load(str(tmp_path / "pipeline"))
    assert [type(s) for s in reloaded.stages] == [type(stage), VectorAssembler]
    assert _rows(reloaded.transform(titanic)) == before
    # a frame without the stage's columns
    needed = "Fare" if "fencer" in name else "Age"
    with pytest.raises(ColumnNotFoundError, match=needed):
        stage.transform(titanic.drop(needed))


def test_estimators_inside_a_pipeline_refit_and_save(titanic, titanic_pd, tmp_path):
    pipeline = Pipeline(stages=[
        HandyImputerEstimator(categorical=["Embarked"], continuous=["Age"], strata=["Pclass", "Sex"]),
        HandyFencerEstimator(inputCols=["Fare"]),
        VectorAssembler(inputCols=["Age", "Fare"], outputCol="features"),
    ])
    pipeline.write().overwrite().save(str(tmp_path / "pipeline"))
    model = Pipeline.load(str(tmp_path / "pipeline")).fit(titanic.toHandy())
    imputer, fencer = model.stages[0], model.stages[1]
    oracle = titanic_pd.groupby(["Pclass", "Sex"])["Age"].mean()
    for (pclass, sex), mean in oracle.items():
        assert imputer.statistics_["Age"][f'Pclass == "{pclass}" and Sex == "{sex}"'] == pytest.approx(mean)
    assert fencer.fences_["Fare"] == pytest.approx([-26.724, 65.6344])
    out = model.transform(titanic).orderBy("PassengerId").toPandas()
    assert out["Age"].notna().all() and out["Fare"].max() == pytest.approx(65.6344)
    assert np.allclose(np.stack(out["features"].map(lambda v: v.toArray())), out[["Age", "Fare"]].to_numpy())


def test_stage_matches_the_frame_and_falls_back_for_unseen_strata(spark, titanic):
    hdf = titanic.toHandy().stratify(["Embarked"]).fill(continuous=["Age"])
    imputer = hdf.transformers.imputer()
    assert _rows(imputer.transform(titanic)) == _rows(hdf.notHandy())
    # Embarked null is a stratum of its own at fit time (2 rows with Ages 38 and 62)
    assert imputer.statistics_["Age"]["Embarked is null"] == 50.0
    new = spark.createDataFrame([(1, "Z", None), (2, None, None)], "PassengerId int, Embarked string, Age double")
    global_mean = titanic.agg({"Age": "avg"}).first()[0]
    ages = [r.Age for r in imputer.transform(new).orderBy("PassengerId").collect()]
    assert ages == [pytest.approx(global_mean), 50.0]


def test_clear_errors(titanic):
    with pytest.raises(NotFittedError, match="fill"):
        titanic.toHandy().transformers.imputer()
    with pytest.raises(NotFittedError, match="fence"):
        titanic.toHandy().transformers.fencer()
    imputer = titanic.toHandy().fill(continuous=["Age"]).transformers.imputer()
    with pytest.raises(ColumnTypeError, match="'Age'"):
        imputer.transform(titanic.withColumn("Age", titanic["Age"].cast("string")))
    with pytest.raises(TypeError, match="fills"):
        HandyImputer(fills=[{"how": "mean", "column": "Age", "value": object()}])
    with pytest.raises(ValueError, match="'average'"):
        HandyImputer(fills=[{"how": "average", "column": "Age", "value": 3}])
    stage = HandyImputer(fills=({"how": "mean", "column": "Age", "value": np.float64(3.5), "per_stratum": ()},))
    assert stage.getOrDefault("fills") == [{"how": "mean", "column": "Age", "value": 3.5, "per_stratum": []}]
    assert type(stage.getOrDefault("fills")[0]["value"]) is float
