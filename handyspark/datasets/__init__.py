"""Example data shipped with handyspark."""

from __future__ import annotations

from importlib import resources

import pandas as pd
from pyspark.sql import types as T

from .._compat import DataFrame, SparkSession

__all__ = ["titanic", "titanic_path", "TITANIC_SCHEMA"]

#: The schema ``spark.read.csv(path, header=True, inferSchema=True)`` infers for the Titanic CSV.
TITANIC_SCHEMA = T.StructType([
    T.StructField("PassengerId", T.IntegerType()),
    T.StructField("Survived", T.IntegerType()),
    T.StructField("Pclass", T.IntegerType()),
    T.StructField("Name", T.StringType()),
    T.StructField("Sex", T.StringType()),
    T.StructField("Age", T.DoubleType()),
    T.StructField("SibSp", T.IntegerType()),
    T.StructField("Parch", T.IntegerType()),
    T.StructField("Ticket", T.StringType()),
    T.StructField("Fare", T.DoubleType()),
    T.StructField("Cabin", T.StringType()),
    T.StructField("Embarked", T.StringType()),
])


def titanic_path() -> str:
    """The path of the Titanic CSV (891 rows, 12 columns) inside the installed package."""
    return str(resources.files(__package__).joinpath("titanic.csv"))


def titanic(spark: SparkSession) -> DataFrame:
    """The Titanic data as a Spark DataFrame, typed as ``inferSchema`` reads it.

    It is built from the packaged CSV on the driver, so it works on any
    session, a remote Spark Connect one included (where the server cannot see
    the driver's files). Values equal ``spark.read.csv(titanic_path(),
    header=True, inferSchema=True, escape='"')``: names with doubled quotes
    read as the CSV standard and pandas read them.

    Examples
    --------
    >>> from handyspark.datasets import titanic
    >>> df = titanic(spark)
    >>> df.count()
    891
    """
    pdf = pd.read_csv(titanic_path(), dtype={"Name": str, "Ticket": str, "Cabin": str, "Embarked": str, "Sex": str})
    records = [
        tuple(None if pd.isna(v) else (v.item() if hasattr(v, "item") else v) for v in row)
        for row in pdf.itertuples(index=False, name=None)
    ]
    return spark.createDataFrame(records, schema=TITANIC_SCHEMA)
