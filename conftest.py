"""Test sessions: one JVM serves a classic local[2] session and a Spark Connect session.

``HANDYSPARK_TEST_SESSIONS`` (default ``classic,connect``) chooses which kinds run.
On a cluster (``./dev cluster-test``), ``HANDYSPARK_TEST_MASTER`` (``spark://...``) is the classic
session's master and ``HANDYSPARK_TEST_REMOTE`` (``sc://...``) the Spark Connect server in front of it.
"""

from __future__ import annotations

import os
import socket
import sys

import pytest

os.environ["PYSPARK_PYTHON"] = sys.executable  # pandas UDFs must run on this interpreter
os.environ.setdefault("MPLBACKEND", "Agg")

KINDS = [k.strip() for k in os.environ.get("HANDYSPARK_TEST_SESSIONS", "classic,connect").split(",") if k.strip()]
_SESSIONS: dict = {}


CLUSTER_MASTER = os.environ.get("HANDYSPARK_TEST_MASTER")
CLUSTER_REMOTE = os.environ.get("HANDYSPARK_TEST_REMOTE")


def _remote_url() -> str:
    """The Spark Connect server: the cluster's, or the one in the test JVM."""
    return CLUSTER_REMOTE or f"sc://127.0.0.1:{_SESSIONS['port']}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _classic():
    if "classic" not in _SESSIONS:
        from pyspark.sql import SparkSession

        builder = SparkSession.builder.appName("handyspark-tests")
        if CLUSTER_MASTER:  # executors on the cluster's workers: one core each, other processes
            builder = (builder.master(CLUSTER_MASTER).config("spark.executor.cores", "1")
                       .config("spark.cores.max", "2").config("spark.executor.memory", "768m")
                       .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1"))
        else:  # one JVM: local[2], with a Spark Connect server in it when Connect sessions are tested
            builder = builder.master("local[2]")
            if "connect" in KINDS:  # (PySpark 3.5's package has no Connect server: classic only there)
                port = _free_port()
                _SESSIONS["port"] = port
                builder = (builder.config("spark.plugins", "org.apache.spark.sql.connect.SparkConnectPlugin")
                           .config("spark.connect.grpc.binding.address", "127.0.0.1")
                           .config("spark.connect.grpc.binding.port", str(port)))
        _SESSIONS["classic"] = (
            builder
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.default.parallelism", "2")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.execution.arrow.pyspark.enabled", "true")
            .config("spark.log.level", "ERROR")
            .config("spark.driver.memory", "2g")
            # anything row-level brought to the driver by a big test fails loudly
            .config("spark.driver.maxResultSize", "8m")
            .getOrCreate()
        )
    return _SESSIONS["classic"]


def _connect():
    if "connect" not in _SESSIONS:
        from pyspark.sql.connect.session import SparkSession as RemoteSparkSession

        if not CLUSTER_REMOTE:
            _classic()
        _use_kind("connect")
        _SESSIONS["connect"] = RemoteSparkSession.builder.remote(_remote_url()).getOrCreate()
    return _SESSIONS["connect"]


def _use_kind(kind: str | None) -> None:
    # pyspark.sql.functions builds classic or Connect Columns by this variable;
    # a process that holds both kinds of session must say which one is in use.
    if kind == "connect":
        os.environ["SPARK_CONNECT_MODE_ENABLED"] = "1"
    else:
        os.environ.pop("SPARK_CONNECT_MODE_ENABLED", None)


def _activate(session):
    """Select the kind of ``session`` for the ``F.*`` calls that follow; return it."""
    from handyspark._compat import is_connect  # by class name: PySpark 3.5 without grpc has no Connect classes

    _use_kind("connect" if is_connect(session) else "classic")
    return session


@pytest.fixture(scope="session")
def activate():
    """``activate(session)`` for module-scoped fixtures: they are set up before the per-test
    selection below runs, so they must select their session's kind themselves."""
    return _activate


@pytest.fixture(scope="session", params=KINDS)
def spark(request):
    """A SparkSession of each kind in ``HANDYSPARK_TEST_SESSIONS``."""
    session = _classic() if request.param == "classic" else _connect()
    _use_kind(request.param)
    return session


@pytest.fixture(autouse=True)
def _session_kind(request):
    callspec = getattr(request.node, "callspec", None)
    _use_kind(callspec.params.get("spark") if callspec else None)
    yield


@pytest.fixture(scope="session")
def classic_spark():
    """The classic session alone (for JVM-side checks such as job counts)."""
    if "classic" not in KINDS:
        pytest.skip("classic session not selected")
    return _classic()


@pytest.fixture
def both_sessions():
    """``(classic, connect)`` for tests that move work from one kind of session to the other.

    Each ``F.*`` call builds Columns of the kind last selected: call ``use(kind)`` before
    building expressions for the other session.
    """
    if not {"classic", "connect"} <= set(KINDS):
        pytest.skip("needs both kinds of session")
    sessions = {"classic": _classic(), "connect": _connect()}
    yield sessions, _use_kind
    _use_kind(None)


@pytest.fixture(scope="session")
def connect_url():
    """The address of the Spark Connect server in front of the test JVM (for other processes)."""
    if "connect" not in KINDS:
        pytest.skip("needs the Spark Connect session")
    _connect()
    return _remote_url()


@pytest.fixture(scope="session")
def titanic_pd():
    """The pandas oracle: the Titanic CSV as pandas reads it."""
    import pandas as pd

    from handyspark.datasets import titanic_path

    return pd.read_csv(titanic_path())


@pytest.fixture(scope="session")
def titanic(spark):
    """The Titanic data as a Spark DataFrame on the session under test."""
    from handyspark.datasets import titanic as load

    return load(spark)


class _JobCount:
    def __init__(self, sc):
        self._sc = sc
        self.jobs = None

    def __enter__(self):
        import uuid

        self._group = f"handyspark-{uuid.uuid4().hex}"
        self._sc.setJobGroup(self._group, "counted by a test")
        return self

    def __exit__(self, *exc):
        self.jobs = len(self._sc.statusTracker().getJobIdsForGroup(self._group))
        self._sc.setLocalProperty("spark.jobGroup.id", None)
        return False


@pytest.fixture
def no_aqe(classic_spark):
    """Adaptive execution runs a shuffle's map stage as a job of its own; without it a scan is one job."""
    classic_spark.conf.set("spark.sql.adaptive.enabled", "false")
    yield
    classic_spark.conf.set("spark.sql.adaptive.enabled", "true")


@pytest.fixture
def count_jobs(classic_spark):
    """``with count_jobs() as c: ...`` then ``c.jobs`` is the number of Spark jobs run (classic session)."""
    return lambda: _JobCount(classic_spark.sparkContext)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


def pytest_sessionfinish(session, exitstatus):
    for kind in ("connect", "classic"):
        s = _SESSIONS.pop(kind, None)
        if s is not None:
            try:
                s.stop()
            except Exception:
                pass
