"""Pearson and Spearman correlation against pandas (pairwise complete observations)."""

import pandas as pd
import pytest

import handyspark  # noqa: F401
from handyspark.errors import ArgumentError

COLUMNS = ["Age", "Fare", "SibSp", "Parch", "Pclass"]


@pytest.mark.parametrize("method", ["pearson", "spearman"])
def test_corr_equals_pandas(titanic, titanic_pd, method):
    got = titanic.toHandy().cols[COLUMNS].corr(method=method)
    want = titanic_pd[COLUMNS].corr(method=method)
    pd.testing.assert_frame_equal(got, want, rtol=1e-9, atol=1e-12)


def test_stratified_corr_equals_pandas_groupby(titanic, titanic_pd):
    got = titanic.toHandy().stratify(["Sex"]).cols[["Age", "Fare"]].corr(method="spearman")
    want = titanic_pd.groupby("Sex")[["Age", "Fare"]].corr(method="spearman")
    assert got.index.names == ["Sex", None]
    pd.testing.assert_frame_equal(got, want, rtol=1e-9, check_names=False)


def test_corr_errors(titanic):
    with pytest.raises(ArgumentError, match="kendall"):
        titanic.toHandy().cols[["Age", "Fare"]].corr(method="kendall")
