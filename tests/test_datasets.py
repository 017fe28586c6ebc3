"""The packaged Titanic data equals the CSV as Spark reads it."""

from handyspark.datasets import TITANIC_SCHEMA, titanic, titanic_path


def test_titanic_equals_spark_csv_reader(spark):
    ours = titanic(spark)
    # escape='"' reads the doubled quotes in names as the CSV standard (and pandas) do
    theirs = spark.read.csv(titanic_path(), header=True, inferSchema=True, escape='"')
    assert ours.schema == theirs.schema == TITANIC_SCHEMA
    assert sorted(ours.collect()) == sorted(theirs.collect())
