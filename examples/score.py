"""A spark-submit job: load the model saved by fit_pipeline.py and score new data.

    ./dev submit examples/score.py MODEL_DIR DATA.csv OUTPUT_DIR

Writes the scored rows as Parquet to OUTPUT_DIR: the input columns as the model's cleaning
stages leave them (Embarked and Age filled, Fare fenced), plus the probability of survival and
the predicted class. Prints the number of rows scored and, when the data has the ``Survived``
label, the evaluation.
"""

from __future__ import annotations

import sys

import pyspark.sql.functions as F
from pyspark.ml import PipelineModel
from pyspark.ml.functions import vector_to_array
from pyspark.sql import SparkSession

from handyspark import BinaryClassificationMetrics


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    model_dir, data_path, output_dir = argv
    spark = SparkSession.builder.appName("handyspark-score").getOrCreate()
    data = spark.read.csv(data_path, header=True, inferSchema=True, escape='"')
    model = PipelineModel.load(model_dir)
    scored = model.transform(data)
    out = scored.select(*data.columns, vector_to_array("probability")[1].alias("p_survived"), "prediction")
    out.write.mode("overwrite").parquet(output_dir)
    print(f"scored {out.count()} rows into {output_dir}")
    if "Survived" in data.columns:
        bcm = BinaryClassificationMetrics(scored, scoreCol="probability", labelCol="Survived")
        print(f"areaUnderROC {bcm.areaUnderROC:.4f}")
        print(bcm.confusionMatrix(0.5))
        print("rows with a missing Age before imputation:", data.where(F.col("Age").isNull()).count())
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
