"""Safety limit: collect, toPandas and cols[...][:] stop at the limit; take/limit are explicit."""

import warnings

import pytest

import handyspark  # noqa: F401
from handyspark import SafetyWarning


@pytest.fixture
def big(spark):
    return spark.range(1500).toHandy()


def test_collect_and_to_pandas_are_limited(big):
    with pytest.warns(SafetyWarning, match="1000"):
        assert len(big.collect()) == 1000
    with pytest.warns(SafetyWarning):
        assert len(big.toPandas()) == 1000


def test_set_safety_limit(big):
    small = big.set_safety_limit(10)
    with pytest.warns(SafetyWarning, match="10 rows"):
        assert len(small.collect()) == 10
    assert small.filter(small["id"] > 100).safety_limit == 10


def test_safety_off_lasts_one_action(big):
    with warnings.catch_warnings():
        warnings.simplefilter("error", SafetyWarning)
        assert len(big.safety_off().collect()) == 1500
    with pytest.warns(SafetyWarning):
        assert len(big.collect()) == 1000
    with warnings.catch_warnings():
        warnings.simplefilter("error", SafetyWarning)
        assert len(big.safety_off().toPandas()) == 1500


def test_take_and_limit_are_explicit(big):
    with warnings.catch_warnings():
        warnings.simplefilter("error", SafetyWarning)
        assert len(big.take(1200)) == 1200
        assert len(big.head(1100)) == 1100
        assert len(big.limit(1200).collect()) == 1200
        assert len(big.limit(1200).toPandas()) == 1200
        assert len(big.tail(3)) == 3


def test_under_the_limit_nothing_is_said(titanic):
    with warnings.catch_warnings():
        warnings.simplefilter("error", SafetyWarning)
        assert len(titanic.toHandy().collect()) == 891


def test_cols_fetch_follows_the_limit(big):
    with pytest.warns(SafetyWarning):
        assert len(big.cols["id"][:]) == 1000
    with pytest.warns(SafetyWarning):
        assert len(big.cols["id"][:1200]) == 1000
    with warnings.catch_warnings():
        warnings.simplefilter("error", SafetyWarning)
        assert big.cols["id"][:5].tolist() == [0, 1, 2, 3, 4]
        assert len(big.safety_off().cols["id"][:]) == 1500
