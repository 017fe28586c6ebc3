"""HandySpark 0.2's documented calls, in the order of its README walkthrough, against pandas (both sessions).

The walkthrough is the python block of docs/migrating.md, run as pasted: so the page is checked too.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from handyspark import HandyFrame

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.filterwarnings("ignore:toPandas attempted Arrow optimization")


@pytest.fixture(scope="module")
def walkthrough(spark, activate):
    activate(spark)
    block = re.findall(r"```python\n(.*?)```", (ROOT / "docs" / "migrating.md").read_text(), flags=re.S)[0]
    namespace = {"spark": spark}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        exec(compile(block, "docs/migrating.md", "exec"), namespace)  # noqa: S102
    namespace["_caught"] = caught
    return namespace


def test_fetching_counting_and_stratified_counts_equal_pandas(walkthrough, titanic_pd):
    w = walkthrough
    assert w["names"].tolist() == titanic_pd["Name"][:5].tolist()
    want = titanic_pd["Embarked"].value_counts(dropna=False)
    assert dict(zip(w["ports"].index.fillna("NaN"), w["ports"])) == dict(zip(want.index.fillna("NaN"), want))
    assert w["ports"].tolist() == [644, 168, 77, 2]
    want = titanic_pd.groupby("Pclass")["Embarked"].value_counts()
    assert w["by_class"].sort_index().to_dict() == want.sort_index().to_dict()
    age = titanic_pd["Age"]
    codes = np.where(age.isna(), -1, (age >= (age.min() + age.max()) / 2).astype(int))  # two equal-width bins
    want = titanic_pd.assign(a=codes).groupby(["Sex", "a"])["Embarked"].value_counts()

    def code(label):  # our Age level: an Interval per bin, missing for the null-Age stratum (0.2 dropped it)
        return int(label.left > 1) if isinstance(label, pd.Interval) else -1

    assert {(s, code(a), e): n for (s, a, e), n in w["by_sex_age"].items()} == dict(want.items())
    assert len(w["axs"]) == 6 and w["fig"] is w["axs"][0].figure  # Sex x (2 bins + null Age)


def test_missing_fill_outliers_and_fences_equal_pandas(walkthrough, titanic_pd):
    w = walkthrough
    pd.testing.assert_series_equal(w["missing"], titanic_pd.isnull().mean(), check_names=False)
    assert w["missing"].name == "missing(ratio)"
    stats = w["hdf_filled"].statistics_
    assert stats["Embarked"] == "S" == titanic_pd["Embarked"].mode()[0]
    means = titanic_pd.groupby(["Pclass", "Sex"])["Age"].mean()
    assert stats["Age"] == {f'Pclass == "{p}" and Sex == "{s}"': pytest.approx(v) for (p, s), v in means.items()}
    assert w["fill_values"] == stats
    q1, q3 = titanic_pd["Fare"].quantile([0.25, 0.75])
    assert w["fences"] == {"Fare": [pytest.approx(q1 - 1.5 * (q3 - q1)), pytest.approx(q3 + 1.5 * (q3 - q1))]}
    assert w["fence_values"] == w["fences"]
    fare = titanic_pd["Fare"]
    lo, hi = fare.quantile(0.25) - 3 * (q3 - q1), fare.quantile(0.75) + 3 * (q3 - q1)
    assert w["outliers"]["Fare"] == int(((fare < lo) | (fare > hi)).sum()) == 53


def test_pandas_functions_and_assign_equal_pandas(walkthrough, titanic_pd):
    w = walkthrough
    out = w["hdf_fenced"].safety_off().toPandas()
    embarked = titanic_pd["Embarked"].fillna("S")
    assert out["is_c_or_q"].tolist() == embarked.isin(["C", "Q"]).tolist()
    assert out["is_mrs"].tolist() == (titanic_pd["Name"].str.find("Mrs.") > 0).tolist()
    fenced = titanic_pd["Fare"].clip(*w["fences"]["Fare"])
    np.testing.assert_allclose(out["logFare"], np.log(fenced + 1))
    assert out["str_fare"].tolist() == fenced.map("${:,.2f}".format).tolist()
    assert [list(v) for v in out["fare_list"][:3]] == [[f, f * 2] for f in fenced[:3]]
    assert isinstance(w["plain"], type(w["sdf"])) and not isinstance(w["plain"], HandyFrame)


def test_old_spellings_warn_once_each_naming_the_new_one(walkthrough, titanic_pd):
    w = walkthrough
    future = [str(c.message) for c in w["_caught"] if c.category is FutureWarning and "HandySpark 0.2" in str(c.message)]
    assert sorted(future) == sorted([
        "HandyImputer.getDictValues() is the HandySpark 0.2 spelling: use HandyImputer.statistics_ (it behaves "
        "the same)",
        "HandyFencer.getDictValues() is the HandySpark 0.2 spelling: use HandyFencer.fences_ (it behaves the same)",
        "precision= is the HandySpark 0.2 spelling: use relativeError= (it behaves the same)",
    ])
    assert w["median_fare"] == w["hdf"].cols["Fare"].median(relativeError=0.01)
    assert titanic_pd["Fare"].quantile(0.49) <= w["median_fare"] <= titanic_pd["Fare"].quantile(0.51)


def test_stratified_corr_of_every_column_uses_the_numeric_ones(walkthrough, titanic_pd):
    got = walkthrough["class_corr"]
    want = titanic_pd.groupby("Sex").corr(numeric_only=True)
    pd.testing.assert_frame_equal(got.sort_index(), want.sort_index(), check_names=False, atol=1e-12)
    from handyspark.errors import ColumnTypeError

    with pytest.raises(ColumnTypeError, match="Name"):
        walkthrough["hdf"].cols[["Age", "Name"]].corr()


def test_the_rest_of_the_table(walkthrough, titanic_pd, spark):
    from pyspark.sql import functions as F
    from sklearn.metrics import confusion_matrix

    from handyspark import BinaryClassificationMetrics

    hdf = walkthrough["hdf"]
    assert repr(hdf).startswith("HandyFrame[PassengerId: int, ") and str(hdf.cols["Fare"]) == "HandyColumns[Fare]"
    outliers = hdf.cols[["Age", "Fare"]].get_outliers(critical_value=0.99)
    assert list(outliers.cols[["Age", "Fare"]][:5].columns) == ["Age", "Fare"]
    means = hdf.groupby("Pclass").agg(F.mean("Fare").alias("fare")).cols["fare"][:].sort_values().tolist()
    assert means == pytest.approx(sorted(titanic_pd.groupby("Pclass")["Fare"].mean()))
    with pytest.warns(FutureWarning, match="relativeError="):
        hdf.cols["Fare"].boxplot(precision=0.01)
    for plot in (lambda s: s.cols["Fare"].boxplot(figsize=(15, 5)), lambda s: s.cols[["Fare", "Age"]].scatterplot()):
        fig, axs = plot(hdf.stratify(["Pclass"]))
        assert len(axs) == 3 and fig is axs[0].figure
    preds = hdf.select("Survived", ((hdf["Sex"] == "female").cast("double") * 0.6 + 0.2).alias("p"))
    with pytest.warns(FutureWarning, match="to_numpy"):
        got = BinaryClassificationMetrics(preds, "p", "Survived").confusionMatrix(0.5).toArray()
    want = confusion_matrix(titanic_pd["Survived"], (titanic_pd["Sex"] == "female").astype(int), labels=[0, 1])
    assert got.tolist() == want.tolist()


def test_the_notebooks_other_calls_equal_pandas(walkthrough, titanic_pd):
    """Every other call of 0.2's README and Titanic notebook, as the walkthrough makes it."""
    from scipy.stats import entropy
    from sklearn.metrics import mutual_info_score

    w = walkthrough
    pd.testing.assert_frame_equal(w["first_rows"], titanic_pd.head(5), check_dtype=False)
    pd.testing.assert_series_equal(w["null_counts"], titanic_pd.isnull().sum(), check_names=False, check_dtype=False)
    assert w["null_counts"][["Age", "Cabin", "Embarked"]].tolist() == [177, 687, 2]
    want = titanic_pd.groupby("Pclass")["Fare"].mean()
    assert w["class_fare"].tolist() == pytest.approx(want.tolist(), rel=1e-12)
    assert w["ax_hist"] is w["ax1"] and len(w["ax1"].patches) == 20
    assert w["ax_box"] is w["ax2"] and w["ax_scatter"] is w["ax3"]
    for column in ["Embarked", "Sex", "Pclass"]:
        assert w["entropies"][column] == pytest.approx(entropy(titanic_pd[column].value_counts(), base=2), rel=1e-12)
    both = titanic_pd[["Embarked", "Survived"]].dropna()
    want_mi = mutual_info_score(both["Embarked"], both["Survived"]) / np.log(2)
    assert w["mutual"].loc["Embarked", "Survived"] == pytest.approx(want_mi, rel=1e-9)
    log_fare = np.log(titanic_pd["Fare"] + 1)
    for pclass, fences in zip(sorted(titanic_pd["Pclass"].unique()), w["class_fences"]["logFare"].values()):
        q1, q3 = log_fare[titanic_pd["Pclass"] == pclass].quantile([0.25, 0.75])
        assert fences == [pytest.approx(q1 - 1.5 * (q3 - q1)), pytest.approx(q3 + 1.5 * (q3 - q1))]
    assert list(w["class_fences"]) == ["logFare"]  # only what this frame's lineage fenced (0.2 leaked Fare)
    assert w["outlying"].count() + w["kept"].count() == 891 and w["outlying"].count() > 0


def test_the_notebooks_evaluation_equals_sklearn(walkthrough):
    from sklearn.metrics import confusion_matrix, roc_auc_score

    w = walkthrough
    scored = w["predictions"].select("Survived", "probability").toPandas()
    y, p = scored["Survived"].to_numpy(), np.array([v[1] for v in scored["probability"]])
    assert w["auc_roc"] == pytest.approx(roc_auc_score(y, p), rel=1e-9)
    recalls, precisions = [], []  # Spark's areaUnderPR: trapezoids over each distinct score, from (0, first precision)
    for t in np.unique(p)[::-1]:
        tp = np.sum((p >= t) & (y == 1))
        recalls.append(tp / np.sum(y == 1))
        precisions.append(tp / np.sum(p >= t))
    r, q = np.array([0.0, *recalls]), np.array([precisions[0], *precisions])
    assert w["auc_pr"] == pytest.approx(float(np.sum(np.diff(r) * (q[1:] + q[:-1]) / 2)), rel=1e-9)
    assert len(w["by_threshold"]) == len(np.unique(p))
    assert list(w["by_threshold"].columns[:4]) == ["threshold", "fpr", "recall", "precision"]
    want = confusion_matrix(y, (p >= 0.572006).astype(int), labels=[0, 1])
    assert w["matrix"].to_numpy().tolist() == want.tolist()
    assert w["roc_ax"].lines and w["pr_ax"].lines
    assert not isinstance(w["predictions"], HandyFrame)  # Spark ML's own result, as the table says
