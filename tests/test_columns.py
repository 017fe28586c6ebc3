"""cols[...]: leading-slice fetching, column groups, names taken literally."""

import pandas as pd
import pytest

import handyspark  # noqa: F401
from handyspark.errors import ArgumentError, ColumnNotFoundError, ColumnTypeError, UnsupportedSliceError


def test_fetch_one_column_is_a_series(titanic, titanic_pd):
    s = titanic.toHandy().cols["Name"][:5]
    assert isinstance(s, pd.Series)
    pd.testing.assert_series_equal(s, titanic_pd["Name"][:5])


def test_fetch_several_columns_is_a_dataframe(titanic, titanic_pd):
    hdf = titanic.toHandy()
    pd.testing.assert_frame_equal(hdf.cols[["Fare", "Age"]][:5], titanic_pd[["Fare", "Age"]][:5])
    every = hdf.cols[:][:5]
    assert list(every.columns) == list(titanic_pd.columns)
    assert len(every) == 5
    assert hdf.cols["Age"][:0].empty


@pytest.mark.parametrize("key", [slice(1, 5), slice(None, 5, 2), slice(None, -1), slice(None, 2.5)])
def test_other_slices_are_clear_errors(titanic, key):
    with pytest.raises(UnsupportedSliceError, match="leading slice|non-negative"):
        titanic.toHandy().cols["Age"][key]


def test_selection_errors(titanic):
    hdf = titanic.toHandy()
    with pytest.raises(ColumnNotFoundError, match="Agee"):
        hdf.cols["Agee"]
    with pytest.raises(ColumnNotFoundError, match="Nope"):
        hdf.cols[["Age", "Nope"]]
    with pytest.raises(UnsupportedSliceError, match="select columns first"):
        hdf.cols[:5]
    with pytest.raises(ArgumentError):
        hdf.cols[3]
    with pytest.raises(ArgumentError, match="select columns first"):
        hdf.cols.mean()
    with pytest.raises(ColumnTypeError, match="Name"):
        hdf.cols[["Age", "Name"]].mean()


def test_column_groups(titanic):
    cols = titanic.toHandy().cols
    assert cols.numerical == ["PassengerId", "Survived", "Pclass", "Age", "SibSp", "Parch", "Fare"]
    assert cols.continuous == ["Age", "Fare"]
    assert cols.categorical == ["PassengerId", "Survived", "Pclass", "Name", "Sex", "SibSp", "Parch", "Ticket",
                                "Cabin", "Embarked"]
    assert cols.string == ["Name", "Sex", "Ticket", "Cabin", "Embarked"]
    assert cols.array == []


def test_names_with_dots_spaces_and_backticks_are_just_names(spark):
    pdf = pd.DataFrame({"a.b": [1.0, 2.0, 4.0], "c d": ["x", "y", "x"], "e`f": [1, 1, 2]})
    hdf = spark.createDataFrame(pdf).toHandy()
    assert hdf.cols["a.b"].mean() == pytest.approx(7 / 3)
    assert hdf.cols["a.b"][:3].tolist() == [1.0, 2.0, 4.0]
    assert hdf.cols["c d"].value_counts().to_dict() == {"x": 2, "y": 1}
    assert hdf.cols["e`f"].nunique() == 2
    counts = hdf.stratify(["c d"]).cols["a.b"].mean()
    assert counts.to_dict() == {"x": 2.5, "y": 2.0}
