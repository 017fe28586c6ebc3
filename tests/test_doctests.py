"""The package's docstring examples run here, on a classic session, with the names they use.

Every example runs: ``spark``, ``df`` (Titanic), ``hdf`` (Titanic as a HandyFrame) and
``predictions`` (a logistic regression's output on Titanic) and ``predictions3`` (a 3-class one's, of
``Pclass_idx``) are given, as a notebook would have them.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import matplotlib.pyplot as plt
import pytest

import handyspark

pytestmark = [pytest.mark.filterwarnings("ignore::UserWarning", "ignore::handyspark.SafetyWarning"),
              pytest.mark.slow]  # about 90 s on one worker: .ci/run runs it with the slow part


def namespace(spark) -> dict:
    """The names the docstring examples use."""
    from pyspark.ml import Pipeline
    from pyspark.ml.classification import LogisticRegression
    from pyspark.ml.feature import StringIndexer, VectorAssembler

    from handyspark.datasets import titanic

    df = titanic(spark)
    model = Pipeline(stages=[
        StringIndexer(inputCol="Sex", outputCol="sex_index"),
        VectorAssembler(inputCols=["Pclass", "Fare", "sex_index"], outputCol="features"),
        LogisticRegression(featuresCol="features", labelCol="Survived"),
    ]).fit(df)
    import pyspark.sql.functions as F

    from tests.predictions import three_class_predictions

    return {"spark": spark, "df": df, "hdf": df.toHandy(), "F": F, "predictions": model.transform(df),
            "predictions3": three_class_predictions(df)}


def run_examples(spark, only: tuple[str, ...] = ()) -> tuple[int, list[tuple[str, int]]]:
    """Run every module's examples; ``(examples attempted, [(module, failures)])``."""
    attempted, failures = 0, []
    names = namespace(spark)
    for info in pkgutil.walk_packages(handyspark.__path__, "handyspark."):
        if only and not any(o in info.name for o in only):
            continue
        module = importlib.import_module(info.name)
        result = doctest.testmod(module, extraglobs=dict(names), report=False,
                                 optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        plt.close("all")
        attempted += result.attempted
        if result.failed:
            failures.append((info.name, result.failed))
    return attempted, failures


def test_docstring_examples_run(classic_spark, activate):
    activate(classic_spark)
    attempted, failures = run_examples(classic_spark)
    assert failures == []
    assert attempted >= 170  # every example of the package, none skipped


def test_no_example_is_skipped():
    for info in pkgutil.walk_packages(handyspark.__path__, "handyspark."):
        source = importlib.import_module(info.name).__loader__.get_source(info.name) or ""
        assert "doctest: +SKIP" not in source, info.name
