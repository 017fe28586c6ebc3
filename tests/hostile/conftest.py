"""Shared hostile frames, built once per kind of session (the ``spark`` fixture is the root one)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any

import pytest
from _hostile import COLUMNS, Outcome, attempt, ddl, rows

from handyspark import HandyException

_TRACE = os.environ.get("HANDYSPARK_HOSTILE_TRACE")


class Hostile:
    """A Spark frame, its HandyFrame, the pandas oracle and a cache of outcomes shared by the checks.

    Several checks read one batched call (e.g. ``cols[[...]].min()`` over every column);
    :meth:`once` runs each call once per session kind.
    """

    def __init__(self, spark, df) -> None:
        self.spark = spark
        self.df = df
        self.hdf = df.toHandy()
        self.pdf = df.toPandas()
        self._cache: dict[Any, Outcome] = {}

    def once(self, key: Any, fn: Callable[[], Any]) -> Outcome:
        if key not in self._cache:
            start = time.perf_counter()
            self._cache[key] = attempt(fn)
            if _TRACE:  # HANDYSPARK_HOSTILE_TRACE=file: what each call did and took
                error = self._cache[key].error
                with open(_TRACE, "a") as out:
                    kind = "connect" if "connect" in type(self.spark).__module__ else "classic"
                    out.write(f"{time.perf_counter() - start:6.2f}s {kind} {key!r}: "
                              f"{'ok' if error is None else type(error).__name__ + ': ' + str(error)[:200]!r}\n")
        return self._cache[key]

    def per_column(self, op: Any, names: list[str], name: str, batch: Callable[[list[str]], Any],
                   single: Callable[[str], Any], pick: Callable[[Any, str], Any] | None = None) -> Outcome:
        """The outcome of an operation for column ``name``.

        Columns in ``names`` share one batched call (``pick(result, name)``, by default
        ``result[name]``); when the batch raises, it is split (the columns the error names and
        the others, or halves) until each column's own outcome is known (a column alone is asked
        with ``single(name)``), so that one refused column neither hides what the others get nor
        costs a Spark job per column.
        Columns not in ``names`` are asked alone.
        """
        if name not in names:
            return self.once((op, name), lambda: single(name))
        return self._resolve(op, tuple(names), batch, single, pick or (lambda result, n: result[n]))[name]

    def _resolve(self, op, names: tuple, batch, single, pick) -> dict[str, Outcome]:
        key = ("resolved", op, names)
        if key not in self._cache:
            if len(names) == 1:
                result = {names[0]: self.once((op, names[0]), lambda: single(names[0]))}
            else:
                outcome = self.once((op, names), lambda: batch(list(names)))
                if outcome.error is None:
                    result = {n: attempt(lambda n=n: pick(outcome.value, n)) for n in names}
                else:
                    result = {}
                    for part in _split(names, outcome.error):
                        result.update(self._resolve(op, part, batch, single, pick))
            self._cache[key] = result
        return self._cache[key]


def _split(names: tuple, error: BaseException) -> list[tuple]:
    """The columns a refusal names, and the others; or two halves when it names none (or all)."""
    named = tuple(n for n in names if isinstance(error, HandyException) and n in str(error))
    if 0 < len(named) < len(names):
        return [named, tuple(n for n in names if n not in named)]
    half = len(names) // 2
    return [names[:half], names[half:]]


@pytest.fixture(scope="session")
def hostile(spark):
    """The hostile frame (see ``_hostile.COLUMNS``) on the session under test."""
    df = spark.createDataFrame(rows(COLUMNS), ddl(COLUMNS)).cache()  # read the Python rows once
    yield Hostile(spark, df)
    df.unpersist()



def pytest_collection_modifyitems(config, items):
    """The hostile checks run with the slow part (``-m slow``; .ci/run runs both parts).

    Both kinds of session run every check (some 5 minutes on 2 cores); they move out of the fast
    suite to keep it within its 15 minutes.
    """
    for item in items:
        if "hostile" in str(item.fspath):
            item.add_marker(pytest.mark.slow)
