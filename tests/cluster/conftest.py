"""Tests that need a Spark standalone cluster (``./dev cluster-test`` starts one and runs them).

The root ``spark`` fixture gives a classic session whose master is ``HANDYSPARK_TEST_MASTER``
and a Spark Connect session on ``HANDYSPARK_TEST_REMOTE``, a server in front of the same cluster.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STATE = ROOT / ".cluster"  # scripts/cluster.sh keeps its pids, logs and work dirs here


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/cluster" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.cluster)


@pytest.fixture(scope="session")
def cluster():
    """The running cluster's state folder and master URL; a clear failure without one."""
    master = os.environ.get("HANDYSPARK_TEST_MASTER")
    if not master or not os.environ.get("HANDYSPARK_TEST_REMOTE"):
        pytest.fail("the cluster tests need a cluster: run them with ./dev cluster-test")
    return STATE, master
