"""value_counts, entropy and mutual information against pandas / scipy / scikit-learn."""

import numpy as np
import pandas as pd
import pytest
from scipy.stats import entropy as scipy_entropy
from sklearn.metrics import mutual_info_score

import handyspark  # noqa: F401


def test_value_counts_spec(titanic):
    counts = titanic.toHandy().cols["Embarked"].value_counts(dropna=False)
    assert counts.name == "count" and counts.index.name == "Embarked"
    assert counts.iloc[:3].to_dict() == {"S": 644, "C": 168, "Q": 77}
    assert pd.isna(counts.index[3]) and counts.iloc[3] == 2


@pytest.mark.parametrize("column", ["Embarked", "Pclass", "Sex", "Age", "Cabin"])
@pytest.mark.parametrize("dropna", [True, False])
def test_value_counts_equal_pandas(titanic, titanic_pd, column, dropna):
    got = titanic.toHandy().cols[column].value_counts(dropna=dropna)
    want = titanic_pd[column].value_counts(dropna=dropna)
    pd.testing.assert_series_equal(got.sort_index(), want.sort_index(), check_index_type=False)
    assert got.is_monotonic_decreasing
    assert got.tolist() == sorted(want.tolist(), reverse=True)


def test_value_counts_of_combinations(titanic, titanic_pd):
    got = titanic.toHandy().cols[["Pclass", "Sex"]].value_counts()
    want = titanic_pd[["Pclass", "Sex"]].value_counts()
    assert got.index.names == ["Pclass", "Sex"]
    assert got.to_dict() == want.to_dict()
    assert got.tolist() == want.tolist()


def test_entropy(titanic, titanic_pd):
    columns = ["Embarked", "Sex", "Pclass", "Age"]
    got = titanic.toHandy().cols[columns].entropy()
    for column in columns:
        want = scipy_entropy(titanic_pd[column].value_counts().to_numpy(), base=2)
        assert got[column] == pytest.approx(want, rel=1e-12)
    assert titanic.toHandy().cols["Sex"].entropy() == pytest.approx(got["Sex"])


def test_mutual_info(titanic, titanic_pd):
    columns = ["Embarked", "Sex", "Pclass", "Survived"]
    got = titanic.toHandy().cols[columns].mutual_info()
    assert list(got.index) == columns and list(got.columns) == columns
    for a in columns:
        for b in columns:
            both = titanic_pd[list(dict.fromkeys([a, b]))].dropna()
            want = mutual_info_score(both[a].astype(str), both[b].astype(str)) / np.log(2)
            assert got.loc[a, b] == pytest.approx(want, rel=1e-9, abs=1e-12), (a, b)


@pytest.mark.parametrize("dtype", ["double", "float"])
def test_signed_zeros_are_one_value_as_in_pandas(spark, dtype):
    """-0.0 and 0.0 are one value for every counting statistic (pandas' hash tables hold them as one)."""
    from handyspark.stats import binning

    x = [0.0, -0.0, -0.0, -1.0, -1.0, None, float("nan"), 2.0]
    g = ["a", "a", "b", "b", None, "a", "b", "a"]
    pdf = pd.DataFrame({"x": pd.Series(x, dtype="float64" if dtype == "double" else "float32"), "g": g})
    hdf = spark.createDataFrame(list(zip(x, g)), f"x {dtype}, g string").toHandy()
    column = hdf.cols["x"]
    assert column.nunique() == pdf["x"].nunique() == 3
    assert column.mode() == pdf["x"].mode()[0] == 0.0  # zeros: 3, -1.0: 2
    assert column.value_counts().to_dict() == pdf["x"].value_counts().to_dict() == {0.0: 3, -1.0: 2, 2.0: 1}
    assert column.value_counts().index[0] == 0.0
    assert column.entropy() == pytest.approx(scipy_entropy(pdf["x"].value_counts().to_numpy(), base=2), rel=1e-12)
    both = pdf.dropna()
    want = mutual_info_score(both["x"].to_numpy(), both["g"].to_numpy()) / np.log(2)
    assert hdf.cols[["x", "g"]].mutual_info().loc["x", "g"] == pytest.approx(want, rel=1e-9)
    categorical = binning.histogram(hdf, "x", kind="categorical")
    assert dict(zip(categorical.categories, categorical.counts.tolist())) == {0.0: 3, -1.0: 2, 2.0: 1}
    by_g = hdf.stratify(["g"]).cols["x"]
    want_n = pdf.groupby("g", dropna=False)["x"].nunique()
    assert by_g.nunique().tolist() == want_n.tolist() == [2, 2, 1]
    assert by_g.value_counts().loc["a"].to_dict() == {0.0: 2, 2.0: 1}
    assert hdf.nunique()["x"] == 3


def test_map_columns_are_refused_naming_the_column(spark):
    """Issue 14: pandas could not order the dicts Spark returned (a raw TypeError); Spark cannot compare maps."""
    from handyspark.errors import ColumnTypeError

    df = spark.createDataFrame([({"k": 1},), (None,)], "`m'ap` map<string,int>").toHandy()
    with pytest.raises(ColumnTypeError, match="value_counts cannot count map values.*m'ap"):
        df.cols["m'ap"].value_counts(dropna=False)
