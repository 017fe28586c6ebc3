"""Render the figures of docs/plots.md, docs/profile.md and docs/evaluation.md from the Titanic data on a
local classic session.

Run from the repository root:  python docs/render_figures.py  (or  python docs/render_figures.py evaluation
for the evaluation figures only, compare for docs/compare.md's; the profile report's picture needs Chromium: scripts/browser.sh installs it)
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from pyspark.sql import SparkSession  # noqa: E402

import handyspark  # noqa: E402, F401 - adds DataFrame.toHandy
from handyspark import BinaryClassificationMetrics, Bucket  # noqa: E402
from handyspark.datasets import titanic  # noqa: E402

OUT = Path(__file__).parent / "img"


def save(name: str, what) -> None:
    fig = (what[0] if hasattr(what, "__len__") else what).figure
    fig.savefig(OUT / f"{name}.png", dpi=80)
    plt.close(fig)
    print("wrote", OUT / f"{name}.png")


def report_picture(profile, name: str = "profile_report", height: int = 1500) -> None:
    """The top of ``profile``'s HTML report as headless Chromium draws it (1280 pixels wide)."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("chromium is missing: scripts/browser.sh installs it")
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "report.html"
        profile.to_html(page, title="Titanic, by sex")
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        f"--user-data-dir={tmp}/chromium", f"--window-size=1280,{height}",
                        f"--screenshot={OUT / f'{name}.png'}", page.as_uri()],
                       check=True, capture_output=True, timeout=300)
    print("wrote", OUT / f"{name}.png")


def evaluation_figures(spark: SparkSession) -> None:
    """The per-segment ROC curves of docs/evaluation.md's logistic regression, per sex and age group."""
    from pyspark.ml import Pipeline
    from pyspark.ml.classification import LogisticRegression
    from pyspark.ml.feature import StringIndexer, VectorAssembler

    data = titanic(spark).fillna({"Age": 30.0})
    model = Pipeline(stages=[
        StringIndexer(inputCol="Sex", outputCol="SexIdx"),
        VectorAssembler(inputCols=["Pclass", "Age", "SibSp", "Parch", "Fare", "SexIdx"], outputCol="features"),
        LogisticRegression(labelCol="Survived"),
    ]).fit(data)
    predictions = model.transform(data)
    seg = predictions.toHandy().stratify(["Sex", Bucket("Age", 2)]).evaluate("probability", "Survived")
    save("evaluation_segments", seg.plot_roc_curves(figsize=(8, 6.5)))

    bcm = BinaryClassificationMetrics(predictions, scoreCol="probability", labelCol="Survived")
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.8), layout="constrained")
    bcm.plot_calibration_curve(ax=axes[0], n_bins=10)
    bcm.plot_gains_curve(ax=axes[1])
    bcm.plot_ks(ax=axes[2])
    save("evaluation_calibration_ranking", axes[0])


def compare_figure(spark: SparkSession) -> None:
    """docs/compare.md's figure: first class (the reference) against third class, four columns."""
    hdf = titanic(spark).toHandy()
    c = hdf.where("Pclass = 1").toHandy().compare(hdf.where("Pclass = 3"), ["Age", "Fare", "Sex", "Embarked"])
    save("compare", c.plot(figsize=(11, 7)).axes)


def main(only: str = "") -> None:
    spark = (SparkSession.builder.master("local[2]").config("spark.sql.shuffle.partitions", "2")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    OUT.mkdir(exist_ok=True)
    if only == "compare":
        compare_figure(spark)
        spark.stop()
        return
    evaluation_figures(spark)
    if only == "evaluation":
        spark.stop()
        return
    hdf = titanic(spark).toHandy()

    fig, axes = plt.subplots(1, 3, figsize=(12, 3.5), layout="constrained")
    hdf.cols["Age"].hist(ax=axes[0], bins=10)
    hdf.cols["Pclass"].hist(ax=axes[1])
    hdf.cols["Embarked"].hist(ax=axes[2])
    save("hist", axes[0])

    save("boxplot", hdf.cols[["Age", "Fare"]].boxplot(k=1.5, figsize=(7, 4)))
    save("scatterplot", hdf.cols[["Fare", "Age"]].scatterplot(figsize=(6, 4.5)))
    save("hist_stratified", hdf.stratify(["Sex", Bucket("Age", 2)]).cols["Embarked"].hist(figsize=(9, 5.5)))
    save("boxplot_stratified", hdf.stratify(["Pclass"]).cols[["Age"]].boxplot(figsize=(9, 3.2)))
    save("scatterplot_stratified", hdf.stratify(["Survived"]).cols[["Fare", "Age"]].scatterplot(figsize=(9, 3.8)))
    report_picture(hdf.stratify(["Sex"]).profile())
    compare_figure(spark)
    spark.stop()


if __name__ == "__main__":
    import sys

    main(*sys.argv[1:2])
