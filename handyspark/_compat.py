"""PySpark version and Spark Connect differences: the only place for them.

handyspark runs on PySpark 3.5 and every 4.x. What an older PySpark lacks is listed in
:data:`FEATURES` (the documentation's version table is checked against it); asking for one of
those features raises :class:`~handyspark.errors.VersionError`, naming the feature and the
version needed, before any Spark job runs.
"""

from __future__ import annotations

import importlib
from typing import Any, NamedTuple

try:
    import pyspark
    from pyspark.sql import Column, DataFrame, SparkSession
except ImportError:  # pragma: no cover - exercised in a subprocess test
    raise ImportError(
        "handyspark needs PySpark >= 3.5: run  pip install 'handyspark[spark]'  "
        "(or 'handyspark[connect]' for Spark Connect)"
    ) from None

import pandas as pd

from . import errors
from .errors import VersionError

#: The oldest PySpark handyspark runs on.
MIN_PYSPARK = (3, 5)


def _version(text: str) -> tuple[int, int]:
    major, minor = (text.split("+")[0].split(".") + ["0"])[:2]
    return int(major), int("".join(ch for ch in minor if ch.isdigit()) or 0)


#: ``(major, minor)`` of the installed PySpark.
PYSPARK_VERSION = _version(pyspark.__version__)
#: ``(major, minor)`` of the installed pandas.
PANDAS_VERSION = _version(pd.__version__)

if PYSPARK_VERSION < MIN_PYSPARK:  # pragma: no cover
    raise ImportError(
        f"handyspark needs PySpark >= {MIN_PYSPARK[0]}.{MIN_PYSPARK[1]}, found {pyspark.__version__}: "
        "run  pip install -U 'handyspark[spark]'"
    )

if PYSPARK_VERSION < (4, 0):
    # PySpark 4 renamed the Spark errors' getErrorClass() getCondition(): handyspark's errors answer both
    errors.TWIN_METHODS["getCondition"] = lambda self: self.getErrorClass()

__all__ = [
    "Column",
    "DataFrame",
    "SparkSession",
    "is_connect",
    "PYSPARK_VERSION",
    "PANDAS_VERSION",
    "MIN_PYSPARK",
    "Feature",
    "FEATURES",
    "supports",
    "require",
    "require_pandas_on_spark",
    "check_frame",
    "separate_connect_frame_classes",
    "modes",
    "by_keys_and_total",
]


class Feature(NamedTuple):
    """A feature that not every supported PySpark has.

    Attributes
    ----------
    name : str
        What the user calls, as the error message and the documentation name it.
    classic : tuple of int or None
        The PySpark ``(major, minor)`` it needs on a classic session (None: any supported one).
    connect : tuple of int or None
        The PySpark ``(major, minor)`` it needs on a Spark Connect session (None: any supported one).
    """

    name: str
    classic: tuple[int, int] | None
    connect: tuple[int, int] | None


#: Every feature that needs a newer PySpark than :data:`MIN_PYSPARK`, by key.
FEATURES: dict[str, Feature] = {
    # PySpark 3.5's Connect DataFrame and Column are classes of their own, not pyspark.sql.DataFrame
    # and Column (PySpark 4.0 made them subclasses), and pyspark.ml has no Connect support before 4.0.
    "connect": Feature("handyspark on a Spark Connect session (every call, Spark ML stages included)", None, (4, 0)),
    "toArrow": Feature("HandyFrame.toArrow()", (4, 0), (4, 0)),
}


def _text(version: tuple[int, int]) -> str:
    return f"{version[0]}.{version[1]}"


def supports(key: str, *, connect: bool = False, version: tuple[int, int] | None = None) -> bool:
    """Whether PySpark ``version`` (by default the installed one) has feature ``key`` on that kind of session.

    Examples
    --------
    >>> supports("toArrow", version=(3, 5))
    False
    """
    feature = FEATURES[key]
    needed = feature.connect if connect else feature.classic
    return needed is None or (version or PYSPARK_VERSION) >= needed


def require(key: str, *, connect: bool = False) -> None:
    """Raise :class:`~handyspark.errors.VersionError` when the installed PySpark lacks feature ``key``.

    Parameters
    ----------
    key : str
        A key of :data:`FEATURES`.
    connect : bool
        Whether the feature is asked for on a Spark Connect session.

    Raises
    ------
    VersionError
        Naming the feature, the PySpark version it needs and the one installed.

    Examples
    --------
    >>> require("toArrow")  # nothing happens on PySpark >= 4.0
    """
    if supports(key, connect=connect):
        return
    feature = FEATURES[key]
    needed = feature.connect if connect else feature.classic
    assert needed is not None  # supports() is True otherwise
    where = " on Spark Connect" if connect and feature.classic != feature.connect and "Connect" not in feature.name else ""
    raise VersionError(
        f"{feature.name}{where} needs PySpark >= {_text(needed)}, found {pyspark.__version__}: "
        f"run  pip install -U 'pyspark>={_text(needed)}'  (see the documentation's version table)"
    )


def require_pandas_on_spark() -> None:
    """Raise :class:`~handyspark.errors.VersionError` when ``pyspark.pandas`` does not import with this pandas.

    PySpark's pandas-on-Spark (``DataFrame.pandas_api``) imports pandas internals that pandas 3 moved: on
    PySpark 4.3 it fails with pandas 3 (``cannot import name 'DateOffset'``). Nothing else in handyspark
    needs it.

    Examples
    --------
    >>> require_pandas_on_spark()  # nothing happens where pyspark.pandas imports
    """
    try:
        importlib.import_module("pyspark.pandas")
    except ImportError as error:
        raise VersionError(
            f"pandas_api() needs pyspark.pandas, which does not import with pandas {pd.__version__} on "
            f"PySpark {pyspark.__version__} ({error}): install pandas < 3 for it  (pip install 'pandas<3')"
        ) from error


def is_connect(obj: object) -> bool:
    """Whether a DataFrame or SparkSession belongs to Spark Connect."""
    return any(cls.__module__.startswith("pyspark.sql.connect") for cls in type(obj).__mro__)


def check_frame(df: Any, what: str = "toHandy") -> None:
    """Raise unless ``df`` is a DataFrame handyspark can work with on this PySpark.

    A Spark Connect DataFrame on PySpark 3.5 raises :class:`~handyspark.errors.VersionError`;
    anything else that is not a ``pyspark.sql.DataFrame`` raises
    :class:`~handyspark.errors.ArgumentError`.

    Examples
    --------
    >>> check_frame(df)
    """
    from .errors import ArgumentError

    if is_connect(df):
        require("connect", connect=True)
    if not isinstance(df, DataFrame):
        raise ArgumentError(f"{what} needs a pyspark.sql.DataFrame, got {type(df).__name__}")


def separate_connect_frame_classes() -> list[type]:
    """Spark Connect DataFrame classes that are not ``pyspark.sql.DataFrame`` subclasses (PySpark 3.5).

    ``import handyspark`` gives them a ``toHandy()`` that says which PySpark handyspark needs there,
    rather than leaving an AttributeError. Empty when the Connect client is not installed.
    """
    if PYSPARK_VERSION >= (4, 0):
        return []
    try:
        from pyspark.sql.connect.dataframe import DataFrame as ConnectDataFrame
    except Exception:  # noqa: BLE001 - the Connect client's own dependencies (grpc...) are missing
        return []
    return [] if issubclass(ConnectDataFrame, DataFrame) else [ConnectDataFrame]


def modes(
    df: DataFrame, values: dict[str, Column], keys: list[Any], total: bool = False
) -> tuple[DataFrame, dict[str, Column]]:
    """The frame to aggregate and an aggregate Column per entry of ``values``: its mode.

    The mode is the most frequent non-null value; ties go to the smallest value, as pandas'
    first mode. PySpark 4 has it as ``mode(col, deterministic=True)``, and the frame comes back
    unchanged. PySpark 3.5's ``mode`` gives any of the tied values: there each value's count
    is a window count added to the frame (per ``keys``, the ungrouped stratum keys, and, with
    ``total``, over the whole frame too), and the mode is the value with the highest count,
    then the smallest. That costs a shuffle of the rows per column, on 3.5 only.

    Parameters
    ----------
    df : DataFrame
        The frame the aggregation will run on.
    values : dict of str to Column
        The values (row-level expressions of ``df``) whose modes are wanted, by result name.
    keys : list of str or Column
        The grouping keys of the aggregation, without aliases (empty: no grouping).
    total : bool
        The aggregation groups by ``keys`` and by the whole frame (grouping sets); the
        mode Columns then give, in the whole frame's row, the whole frame's mode.

    Returns
    -------
    tuple of DataFrame and dict of str to Column

    Examples
    --------
    >>> import pyspark.sql.functions as F
    >>> frame, aggs = modes(df, {"Embarked": F.col("Embarked")}, [])
    >>> frame.agg(*aggs.values()).first()[0]
    'S'
    """
    import pyspark.sql.functions as F
    from pyspark.sql import Window

    if PYSPARK_VERSION >= (4, 0):
        return df, {name: F.mode(value, True) for name, value in values.items()}
    aggs = {}
    for i, (name, value) in enumerate(values.items()):
        v, n, n_all = f"__handy_mode_value_{i}", f"__handy_mode_count_{i}", f"__handy_mode_count_all_{i}"
        df = df.withColumn(v, value)
        df = df.withColumn(n, F.count(F.col(v)).over(Window.partitionBy(*keys, F.col(v))))

        def best(count: str, v: str = v) -> Column:  # the highest count first, then the smallest value
            return F.min(F.when(F.col(v).isNotNull(), F.struct((-F.col(count)).alias("n"), F.col(v).alias("v"))))["v"]

        aggs[name] = best(n)
        if total and keys:
            df = df.withColumn(n_all, F.count(F.col(v)).over(Window.partitionBy(F.col(v))))
            aggs[name] = F.when(F.grouping_id() == 0, best(n)).otherwise(best(n_all))
    return df, aggs

def by_keys_and_total(df: DataFrame, keys: list[Any], gid: str, exprs: list[Column]) -> DataFrame:
    """``exprs`` per group of ``keys`` and over the whole frame, in one scan.

    The result has the ``keys``, then the grouping id named ``gid`` (0 for a group, non-zero
    for the whole frame), then ``exprs``. PySpark 4 groups by the two grouping sets; 3.5
    (no ``DataFrame.groupingSets``) by a rollup of the keys, whose partial totals are dropped.

    Examples
    --------
    >>> import pyspark.sql.functions as F
    >>> by_keys_and_total(df, ["Pclass"], "gid", [F.count(F.lit(1))]).count()
    4
    """
    import pyspark.sql.functions as F

    # keys that are expressions become columns first: PySpark 4.0 groups grouping sets of aliased
    # expressions wrongly (every key null, grouping ids 2 and 3); a projection costs nothing
    named = {f"__handy_key_{i}": k for i, k in enumerate(keys) if not isinstance(k, str)}
    if named:
        df = df.withColumns(named)
        keys = [k if isinstance(k, str) else f"__handy_key_{i}" for i, k in enumerate(keys)]
    grouping = F.grouping_id().alias(gid)
    if PYSPARK_VERSION >= (4, 0):
        return df.groupingSets([keys, []], *keys).agg(grouping, *exprs)
    query = df.rollup(*keys).agg(grouping, *exprs)
    return query.filter(F.col(gid).isin(0, (1 << len(keys)) - 1))
