"""scatter: binned scatter counts computed by Spark equal numpy's ``histogram2d``.

The bins they share with histograms (edges, values on edges, extreme ranges) are tested in
tests/test_binning.py, on both.
"""

import numpy as np
import pytest

import handyspark  # noqa: F401
from handyspark.errors import ArgumentError, ColumnTypeError
from handyspark.stats.scatter import scatter_counts
from handyspark.strata import resolve_strata


def test_scatter_counts_equal_histogram2d(titanic, titanic_pd):
    sc = scatter_counts(titanic, "Fare", "Age", bins=30)
    both = titanic_pd[["Fare", "Age"]].dropna()
    counts, x_edges, y_edges = np.histogram2d(both["Fare"], both["Age"], bins=30)
    np.testing.assert_array_equal(sc.x_edges, x_edges)
    np.testing.assert_array_equal(sc.y_edges, y_edges)
    np.testing.assert_array_equal(sc.counts, counts)
    assert sc.missing == 891 - len(both)
    assert (sc.cells["count"] > 0).all() and len(sc.cells) == np.count_nonzero(counts)
    first = sc.cells.iloc[0]
    assert first["x"] == pytest.approx((x_edges[int(first["ix"])] + x_edges[int(first["ix"]) + 1]) / 2)


def test_stratified_scatter_counts_equal_groupby(titanic, titanic_pd):
    strata = resolve_strata(titanic, ["Survived"])
    sc = scatter_counts(titanic, "Fare", "Age", bins=(8, 5), strata=strata)
    both = titanic_pd[["Fare", "Age", "Survived"]].dropna()
    _, x_edges, y_edges = np.histogram2d(both["Fare"], both["Age"], bins=(8, 5))
    assert sc.counts.shape == (2, 8, 5)
    for i, (key, part) in enumerate(both.groupby("Survived")):
        want = np.histogram2d(part["Fare"], part["Age"], bins=[x_edges, y_edges])[0]
        np.testing.assert_array_equal(sc.counts[i], want, err_msg=str(key))
        np.testing.assert_array_equal(sc.panel(i).counts, want)
    assert sc.missing.sum() == 177


def test_scatter_counts_errors(titanic):
    with pytest.raises(ColumnTypeError, match="Sex"):
        scatter_counts(titanic, "Sex", "Age")
    with pytest.raises(ArgumentError, match="bins"):
        scatter_counts(titanic, "Fare", "Age", bins=(3, 4, 5))
