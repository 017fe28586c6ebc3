"""Safety limit: collect, toPandas and cols[...][:] stop at the limit; take/limit are explicit."""

import warnings

import pytest

import handyspark  # noqa: F401
from handyspark import SafetyWarning
from handyspark._compat import PYSPARK_VERSION, supports
from handyspark.errors import VersionError

ARROW = supports("toArrow")


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


def _quiet():
    """A block in which a SafetyWarning fails the test (nothing was cut)."""
    block = warnings.catch_warnings()
    block.__enter__()
    warnings.simplefilter("error", SafetyWarning)
    return block


def test_set_safety_limit_returns_a_new_frame(big):
    """Issue 15: it changed the frame in place while set_response returned a copy."""
    small = big.set_safety_limit(10)
    assert small is not big and small.safety_limit == 10 and big.safety_limit == 1000


@pytest.mark.filterwarnings("ignore:toPandas attempted Arrow optimization")
def test_every_path_to_the_driver_is_bounded(titanic):
    """Issue 15: groupBy results, toArrow and toLocalIterator ignored the limit (891 rows for a limit of 10)."""
    hdf = titanic.toHandy().set_safety_limit(10)
    grouped = hdf.groupBy("Name").count()
    assert type(grouped).__name__ == "HandyFrame" and grouped.safety_limit == 10
    arrow = [(grouped.toArrow, lambda t: t.num_rows)] if ARROW else []  # toArrow: PySpark >= 4.0
    for action, size in ((grouped.collect, len), (grouped.toPandas, len), *arrow,
                         (lambda: list(grouped.toLocalIterator()), len),
                         (lambda: hdf.groupby("Name").agg({"Age": "max"}).collect(), len),
                         (lambda: hdf.rollup("Name").count().collect(), len),
                         (lambda: hdf.join(hdf.select("PassengerId"), "PassengerId").collect(), len),
                         (lambda: hdf.union(hdf).toPandas(), len),
                         (lambda: hdf.cols["Name"][:], len)):
        with pytest.warns(SafetyWarning, match="10 rows"):
            assert size(action()) == 10
    block = _quiet()
    assert len(grouped.take(20)) == 20 and len(hdf.limit(20).collect()) == 20  # explicit sizes
    assert titanic.groupBy("Name").count().count() == 891  # the oracle: 891 names
    block.__exit__(None, None, None)


def test_safety_off_lifts_the_next_action_of_the_frame_it_returns_only(titanic, titanic_pd):
    """Issue 15: safety_off().filter(...).collect() was cut, and the switch stayed armed on the parent."""
    hdf = titanic.toHandy().set_safety_limit(10)
    off = hdf.safety_off()
    block = _quiet()
    rows = off.filter("Age > 0").collect()  # a derived frame's action uses the lift
    block.__exit__(None, None, None)
    assert len(rows) == int((titanic_pd["Age"] > 0).sum()) == 714
    with pytest.warns(SafetyWarning):  # used up: the next action is bounded again
        assert len(off.collect()) == 10
    with pytest.warns(SafetyWarning):  # the parent was never armed
        assert len(hdf.collect()) == 10
    block = _quiet()
    assert not ARROW or len(hdf.safety_off().toArrow()) == 891
    assert len(list(hdf.safety_off().toLocalIterator())) == 891
    assert len(hdf.safety_off().cols["Name"][:]) == 891
    block.__exit__(None, None, None)


def test_the_safety_page_example_runs_as_pasted_and_shows_true_figures(classic_spark):
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "docs" / "safety.md").read_text()
    block = re.findall(r"```python\n(.*?)```", text, flags=re.S)[0]
    namespace = {"spark": classic_spark}
    with pytest.warns(SafetyWarning):  # the groupBy and the last collect of `small` are cut
        exec(compile(block, "docs/safety.md", "exec"), namespace)  # noqa: S102
    assert len(namespace["rows"]) == 891 and len(namespace["names"]) == 10
    assert len(namespace["every"]) == 714 and len(namespace["again"]) == 10 and len(namespace["five"]) == 20
    assert namespace["hdf"].safety_limit == 1000


@pytest.mark.filterwarnings("ignore::UserWarning")
def _pandas_on_spark_imports() -> bool:
    try:
        import pyspark.pandas  # noqa: F401
    except ImportError:  # PySpark 4.3 with pandas 3
        return False
    return True


def test_pandas_api_is_not_bounded_and_says_how_to_bound_it(titanic):
    """docs/safety.md: pandas-on-Spark's own conversions are left whole (bounding them would cut its internals)."""
    hdf = titanic.toHandy().set_safety_limit(10)
    if not _pandas_on_spark_imports():
        with pytest.raises(VersionError, match="pandas_api.. needs pyspark.pandas.*pandas < 3"):
            hdf.pandas_api()
        return
    if PYSPARK_VERSION[:2] == (4, 0) and titanic.sparkSession.conf.get("spark.sql.ansi.enabled") == "true":
        with pytest.raises(Exception, match="PANDAS_API_ON_SPARK_FAIL_ON_ANSI_MODE") as refused:  # Spark's own
            hdf.pandas_api()
        assert type(refused.value).__name__ == "UnsupportedOperationException"
        return
    psdf = hdf.pandas_api()
    assert len(psdf.to_pandas()) == 891
    assert psdf["Embarked"].value_counts().to_dict() == {"S": 644, "C": 168, "Q": 77}  # pandas' counts
    assert len(hdf.limit(5).pandas_api().to_pandas()) == 5


def test_rows_through_the_limit_are_the_first_rows_in_the_frames_order(titanic, titanic_pd):
    # the user's order (a sort across partitions) and the source's order both survive the limit;
    # tests/cluster checks the same on a cluster, where limit(n).toPandas() returned the rows rotated
    by_fare = titanic.repartition(3).orderBy(titanic.Fare.desc(), titanic.PassengerId).toHandy().set_safety_limit(100)
    expected = titanic_pd.sort_values(["Fare", "PassengerId"], ascending=[False, True])["PassengerId"].tolist()
    with pytest.warns(SafetyWarning):
        assert by_fare.toPandas()["PassengerId"].tolist() == expected[:100]
    if ARROW:
        with pytest.warns(SafetyWarning):
            assert by_fare.toArrow().column("PassengerId").to_pylist() == expected[:100]
    with pytest.warns(SafetyWarning):
        assert [r.PassengerId for r in by_fare.toLocalIterator()] == expected[:100]
    assert titanic.toHandy().toPandas()["PassengerId"].tolist() == titanic_pd["PassengerId"].tolist()
