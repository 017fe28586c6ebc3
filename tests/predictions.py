"""Models' predictions on Titanic that tests and docstring examples evaluate (fitted by Spark ML)."""

from __future__ import annotations

import pyspark.sql.functions as F


def three_class_predictions(titanic):
    """A multinomial logistic regression of ``Pclass_idx`` (Pclass - 1) on fare, age, family and sex."""
    from pyspark.ml import Pipeline
    from pyspark.ml.classification import LogisticRegression
    from pyspark.ml.feature import StringIndexer, VectorAssembler

    data = titanic.fillna({"Age": 30.0}).withColumn("Pclass_idx", F.col("Pclass") - 1.0)
    model = Pipeline(stages=[
        StringIndexer(inputCol="Sex", outputCol="sex_index"),
        VectorAssembler(inputCols=["Fare", "Age", "SibSp", "Parch", "sex_index"], outputCol="features"),
        LogisticRegression(featuresCol="features", labelCol="Pclass_idx"),
    ]).fit(data)
    return model.transform(data)


def survival_predictions(titanic):
    """A logistic regression of ``Survived`` on class, age (missing filled with 30, kept missing in ``Age``),
    family, fare and sex, with every column of ``titanic`` kept (to stratify by)."""
    from pyspark.ml import Pipeline
    from pyspark.ml.classification import LogisticRegression
    from pyspark.ml.feature import StringIndexer, VectorAssembler

    data = titanic.withColumn("age_filled", F.coalesce(F.col("Age"), F.lit(30.0)))
    model = Pipeline(stages=[
        StringIndexer(inputCol="Sex", outputCol="sex_index"),
        VectorAssembler(inputCols=["Pclass", "age_filled", "SibSp", "Parch", "Fare", "sex_index"],
                        outputCol="features"),
        LogisticRegression(featuresCol="features", labelCol="Survived", maxIter=20),
    ]).fit(data)
    return model.transform(data)
