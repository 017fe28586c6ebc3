"""A spark-submit job: fit a survival model with handyspark's stratified imputer and fencer.

    ./dev submit examples/fit_pipeline.py TRAIN.csv MODEL_DIR

Reads a Titanic-like CSV, fits a Pipeline — imputation per Pclass and Sex stratum (the mode
of Embarked and the mean of Age, each fitted per stratum), Tukey fencing of Fare per Pclass,
JVM feature stages and a logistic regression — saves the fitted PipelineModel to MODEL_DIR and
prints the fill values, the fences and where the model went.
"""

from __future__ import annotations

import sys

from pyspark.ml import Pipeline
from pyspark.ml.classification import LogisticRegression
from pyspark.ml.feature import StringIndexer, VectorAssembler
from pyspark.sql import SparkSession

from handyspark.ml import HandyFencerEstimator, HandyImputerEstimator

FEATURES = ["Pclass", "Age", "SibSp", "Parch", "Fare", "sex_idx", "embarked_idx"]


def build_pipeline() -> Pipeline:
    """The pipeline: handyspark cleaning stages, then JVM stages."""
    return Pipeline(stages=[
        HandyImputerEstimator(categorical=["Embarked"], continuous=["Age"], strategy="mean",
                              strata=["Pclass", "Sex"]),
        HandyFencerEstimator(inputCols=["Fare"], k=1.5, strata=["Pclass"]),
        StringIndexer(inputCol="Sex", outputCol="sex_idx"),
        StringIndexer(inputCol="Embarked", outputCol="embarked_idx", handleInvalid="keep"),
        VectorAssembler(inputCols=FEATURES, outputCol="features"),
        LogisticRegression(featuresCol="features", labelCol="Survived", maxIter=50),
    ])


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    train_path, model_dir = argv
    spark = SparkSession.builder.appName("handyspark-fit").getOrCreate()
    train = spark.read.csv(train_path, header=True, inferSchema=True, escape='"')
    model = build_pipeline().fit(train)
    model.write().overwrite().save(model_dir)
    imputer, fencer = model.stages[0], model.stages[1]
    print("fill values:", imputer.statistics_)
    print("fences:", fencer.fences_)
    print(f"model saved to {model_dir}")
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
