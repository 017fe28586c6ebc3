"""The package's docstring examples that need no session run here (those marked +SKIP need a session)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import handyspark


def test_docstring_examples_run():
    attempted, failures = 0, []
    for info in pkgutil.walk_packages(handyspark.__path__, "handyspark."):
        module = importlib.import_module(info.name)
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, report=False)
        attempted += result.attempted
        if result.failed:
            failures.append((info.name, result.failed))
    assert failures == []
    assert attempted >= 40  # the examples are really collected (bin_edges, edge_texts, HandyState, ...)
