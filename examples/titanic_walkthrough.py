"""The Titanic walkthrough: every part of handyspark on a local session.

Run it with ``./dev walkthrough [folder]`` (or ``python examples/titanic_walkthrough.py --out folder``).
It writes ``walkthrough.md`` (each step's code and output), the figures as PNG files and the
Titanic profile (``titanic_profile.html``, the report, and ``titanic_profile.json``) to the folder,
on a classic local session, or on Spark Connect with ``--connect``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import time
import warnings
from pathlib import Path

os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
os.environ.setdefault("MPLBACKEND", "Agg")


class Report:
    """Collects each step's title, code and printed output into a Markdown file."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.parts: list[str] = ["# handyspark: the Titanic walkthrough\n"]

    def step(self, title: str, code: str, namespace: dict) -> None:
        buffer = io.StringIO()
        started = time.perf_counter()
        with contextlib.redirect_stdout(buffer), warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            exec(compile(code, title, "exec"), namespace)  # noqa: S102 - our own walkthrough code
        elapsed = time.perf_counter() - started
        said = [f"{w.category.__name__}: {w.message}" for w in caught if "handyspark" in str(w.category.__module__)]
        output = buffer.getvalue() + "".join(f"{line}\n" for line in said)
        print(f"== {title} ({elapsed:.1f} s)\n{output}")
        self.parts.append(f"## {title}\n\n```python\n{code.strip()}\n```\n\n```text\n{output.rstrip()}\n```\n")

    def figure(self, name: str, fig) -> None:
        path = self.out / f"{name}.png"
        fig.savefig(path, dpi=90, bbox_inches="tight")
        self.parts.append(f"![{name}]({path.name})\n")

    def save(self) -> Path:
        path = self.out / "walkthrough.md"
        path.write_text("\n".join(self.parts))
        return path


STEPS: list[tuple[str, str]] = [
    ("A HandyFrame", """
hdf = titanic(spark).toHandy()
print(type(hdf).__name__, isinstance(hdf, DataFrame), hdf.shape)
print(hdf.cols.numerical)
print(hdf.cols.continuous)
"""),
    ("Fetching rows", """
print(hdf.cols['Name'][:5])
print(hdf.cols[['Fare', 'Age']][:5])
"""),
    ("Column statistics", """
print(hdf.cols[['Age', 'Fare']].mean())
print(hdf.cols['Fare'].median(), hdf.cols['Fare'].median(relativeError=0))
print(hdf.cols['Embarked'].value_counts(dropna=False))
print(hdf.isnull(ratio=True))
print(hdf.nunique())
print(hdf.cols[['Age', 'Fare', 'SibSp', 'Parch']].corr(method='spearman'))
print(hdf.cols[['Embarked', 'Sex', 'Pclass']].mutual_info())
print(hdf.set_response('Survived').classes)
"""),
    ("Stratify", """
print(hdf.stratify(['Pclass']).cols['Embarked'].value_counts())
print(hdf.stratify(['Sex', Bucket('Age', 2)]).cols['Embarked'].value_counts())
print(hdf.stratify(['Pclass', 'Sex']).cols['Age'].mean())
"""),
    ("Filling missing values", """
hdf_filled = hdf.fill(categorical=['Embarked'])
print(hdf_filled.cols['Embarked'].value_counts()['S'])
hdf_filled = hdf_filled.stratify(['Pclass', 'Sex']).fill(continuous=['Age'], strategy=['mean'])
pprint(hdf_filled.statistics_)
"""),
    ("Outliers and fences", """
print(hdf.outliers(method='tukey', k=3.))
# after filling Age with stratified means one value lies beyond Q3 + 3 IQR (pandas agrees)
print(hdf_filled.outliers(method='tukey', k=3.)['Age'])
hdf_fenced = hdf_filled.fence(['Fare'])
print(hdf_fenced.fences_)
print(hdf.cols[['Age', 'Fare', 'SibSp']].get_outliers(critical_value=.90).count())
"""),
    ("Transformers in a pipeline", """
from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.feature import StringIndexer, VectorAssembler
from pyspark.ml.classification import LogisticRegression
imputer = hdf_fenced.transformers.imputer()
fencer = hdf_fenced.transformers.fencer()
pipeline = Pipeline(stages=[
    imputer, fencer,
    StringIndexer(inputCol='Sex', outputCol='sex_idx'),
    VectorAssembler(inputCols=['Pclass', 'Age', 'SibSp', 'Parch', 'Fare', 'sex_idx'], outputCol='features'),
    LogisticRegression(featuresCol='features', labelCol='Survived'),
])
model = pipeline.fit(hdf)
model.write().overwrite().save(str(OUT / 'model'))
predictions = PipelineModel.load(str(OUT / 'model')).transform(hdf)
print(predictions.select('Survived', 'prediction').limit(5).toPandas())
"""),
    ("pandas functions", """
import numpy as np
from pyspark.sql.types import ArrayType, DoubleType, StringType
some_ports = hdf.pandas['Embarked'].isin(values=['C', 'Q'])
col_mrs = hdf.pandas['Name'].str.find(sub='Mrs.')
hdf_pandas = hdf.assign(is_c_or_q=some_ports, is_mrs=col_mrs > 0,
                        logFare=lambda Fare: np.log(Fare + 1),
                        fare_times_age=lambda Fare, Age: Fare * Age,
                        fare_text=StringType.ret(lambda Fare: Fare.map('${:,.2f}'.format)))
print(hdf_pandas.cols[['is_c_or_q', 'is_mrs', 'logFare', 'fare_times_age', 'fare_text']][:5])
"""),
    ("Model evaluation", """
bcm = BinaryClassificationMetrics(predictions, scoreCol='probability', labelCol='Survived')
print('areaUnderROC', bcm.areaUnderROC, 'areaUnderPR', bcm.areaUnderPR)
print(bcm.getMetricsByThreshold().limit(5).toPandas())
bcm.print_confusion_matrix(0.5)
print('log loss', bcm.log_loss())
"""),
    ("Safety", """
big = spark.range(5000).toHandy()
print(len(big.collect()), len(big.safety_off().collect()), len(big.take(1500)))
"""),
    ("Errors", """
try:
    hdf.assign(bad=lambda Fare: Fare / undefined_name).collect()
except HandyException as exc:
    print(str(exc).splitlines()[0])
try:
    hdf.cols['Fair']
except HandyException as exc:
    print(type(exc).__name__, exc)
"""),
]

# the walkthrough's last step (not one of the notebook's, which shares STEPS): the Titanic profile, written
# as the report and as JSON beside walkthrough.md
PROFILE_STEP = ("The profile", """
profile = hdf.profile()  # every column's figures, top values and histogram, and the correlations: 4 Spark jobs
print(profile.overview)
print(profile.table.loc[['Age', 'Fare', 'Embarked'], ['count', 'missing', 'distinct', 'mean', '50%']])
profile.to_html(str(OUT / 'titanic_profile.html'), title='Titanic')
(OUT / 'titanic_profile.json').write_text(profile.to_json(indent=1))
print('wrote titanic_profile.html and titanic_profile.json')
""")

FIGURES = [
    ("hist_embarked", "hdf.cols['Embarked'].hist(ax=ax)"),
    ("hist_fare", "hdf.cols['Fare'].hist(ax=ax, bins=10)"),
    ("boxplot_age", "hdf.cols['Age'].boxplot(ax=ax, k=1.5, showfliers=True)"),
    ("scatter_fare_age", "hdf.cols[['Fare', 'Age']].scatterplot(ax=ax)"),
    ("roc_curve", "bcm.plot_roc_curve(ax=ax)"),
    ("pr_curve", "bcm.plot_pr_curve(ax=ax)"),
    ("probability_histogram", "bcm.plot_probability_histogram(ax=ax)"),
    ("loss_histogram", "bcm.plot_loss_histogram(ax=ax)"),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="outputs", help="folder for walkthrough.md and the figures")
    parser.add_argument("--connect", action="store_true", help="run on a local Spark Connect session")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    from pprint import pprint

    import matplotlib.pyplot as plt
    from pyspark.sql import DataFrame, SparkSession

    import handyspark
    from handyspark import BinaryClassificationMetrics, Bucket, HandyException
    from handyspark.datasets import titanic

    builder = SparkSession.builder.remote("local[2]") if args.connect else SparkSession.builder.master("local[2]")
    # quiet: no progress bars, and Spark's own log off (every error reaches the walkthrough as an exception,
    # which the report prints; the executor's copy of a failing step's traceback would only repeat it)
    spark = (builder.appName("handyspark-walkthrough").config("spark.sql.shuffle.partitions", "4")
             .config("spark.ui.showConsoleProgress", "false").config("spark.log.level", "OFF").getOrCreate())

    report = Report(out)
    namespace = dict(spark=spark, titanic=titanic, DataFrame=DataFrame, Bucket=Bucket, pprint=pprint,
                     BinaryClassificationMetrics=BinaryClassificationMetrics, HandyException=HandyException,
                     OUT=out, handyspark=handyspark)
    for title, code in [*STEPS, PROFILE_STEP]:
        report.step(title, code, namespace)
    report.parts.append("The report: [titanic_profile.html](titanic_profile.html).\n")
    for name, call in FIGURES:
        fig, ax = plt.subplots(figsize=(6, 4))
        namespace["ax"] = ax
        eval(call, namespace)  # noqa: S307 - our own walkthrough code
        report.figure(name, fig)
        plt.close(fig)
    fig = namespace["hdf"].stratify(["Sex", Bucket("Age", 2)]).cols["Embarked"].hist(figsize=(8, 6))
    report.figure("hist_embarked_stratified", getattr(fig, "figure", None) or _figure_of(fig))
    path = report.save()
    print(f"walkthrough written to {path}")
    spark.stop()
    return 0


def _figure_of(axes):
    import numpy as np

    return np.asarray(axes).flat[0].figure


if __name__ == "__main__":
    sys.exit(main())
