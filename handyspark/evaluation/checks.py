"""Rows that cannot be evaluated: counted inside every aggregation, reported one way.

A row needs a finite score and a label of 0 or 1. It is invalid when

* its label is not 0 or 1 (null and NaN included): ``bad_label``;
* its score is null or NaN (a null probability vector included): ``missing``;
* its score is ``+inf`` or ``-inf`` (scikit-learn refuses them too): ``infinite``;
* its probability vector (or array) has other than 2 elements: ``bad_size``;
* with a ``weightCol``, its weight is null, NaN, negative or infinite: ``bad_weight``
  (a weight of 0 is fine: the row counts for nothing, as in scikit-learn).

Every evaluation query counts these rows in the aggregation that computes its
result (no extra Spark job), and :func:`check_counts` raises one
:class:`InvalidRowsError` (an :class:`~handyspark.errors.ArgumentError`) that
starts ``rows that cannot be evaluated: <count>`` and names the columns and
the number of rows of each kind.

The per-score aggregations group rows by their score (or bin edge), and an
invalid score keeps its raw value (null, NaN, ``±inf``) as its group key: the
invalid rows sit in groups of their own. Per group, :func:`group_problems`
turns ``n`` (rows), ``pos``, ``neg`` (labels 1 and 0) and ``bad_size`` into the
counts; summed over the groups (by an aggregation or pandas) they are the
counts of the whole frame. With weights, ``pos`` and ``neg`` are summed
weights, so the groups also count their rows with a bad label (``bad_label``),
a bad weight (``bad_weight``) and either (``bad_row``); the counts stay row
counts. The lazy ``getMetricsByThreshold`` table is built
only after :func:`~handyspark.evaluation.table.check_predictions` (one
aggregation of :func:`row_problems`) found no invalid row.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import pandas as pd
import pyspark.sql.functions as F

from .._compat import Column
from ..errors import ArgumentError
from .scores import ScoreSpec

__all__ = [
    "InvalidRowsError",
    "RowCounts",
    "is_weighted",
    "WEIGHTED_COUNTS",
    "finite",
    "group_problems",
    "row_problems",
    "counts_from_groups",
    "describe",
    "check_counts",
    "check_rows",
]

INF = float("inf")
_HEAD = "rows that cannot be evaluated: "
_ADVICE = (
    ". Binary classification metrics need a finite score and a label of 0 or 1 on every row: "
    "filter or fill these rows first"
)
#: Each kind of invalid row: its count, the column it concerns, its verb (singular, plural) and its words.
_KINDS = (
    ("bad_label", "labelCol", ("has", "have"), "a label other than 0 or 1 (null and NaN included)"),
    ("missing", "scoreCol", ("has", "have"), "a missing score (null or NaN)"),
    ("infinite", "scoreCol", ("has", "have"), "an infinite score (+inf or -inf)"),
    ("bad_size", "scoreCol", ("holds", "hold"), "a probability vector without exactly 2 elements"),
    ("bad_weight", "weightCol", ("has", "have"), "a weight that is null, NaN, negative or infinite"),
)
#: The per-group columns that a weighted grouping adds (see :func:`group_problems`).
WEIGHTED_COUNTS = ("bad_label", "bad_weight", "bad_row")


class InvalidRowsError(ArgumentError):
    """Some predictions have no finite score or no 0/1 label; the message says which columns and how many rows."""


@dataclass(frozen=True)
class RowCounts:
    """How many rows a query saw, how many are invalid (``invalid``), and how many of each kind.

    A row may be of two kinds (a missing score and a missing label): ``invalid`` counts it once.
    """

    rows: int = 0
    invalid: int = 0
    bad_label: int = 0
    missing: int = 0
    infinite: int = 0
    bad_size: int = 0
    bad_weight: int = 0

    @classmethod
    def of(cls, values: dict) -> RowCounts:
        """From a dict (a collected Row's ``asDict()``), reading a null sum as 0."""
        return cls(**{f.name: int(values.get(f.name) or 0) for f in fields(cls)})


def is_weighted(table: pd.DataFrame) -> bool:
    """Whether a per-score table's ``pos`` and ``neg`` are summed weights (floats), not row counts (integers).

    Examples
    --------
    >>> is_weighted(pd.DataFrame({"pos": [1, 2]})), is_weighted(pd.DataFrame({"pos": [0.5, 2.0]}))
    (False, True)
    """
    return table["pos"].dtype.kind == "f"


def finite(value: Column) -> Column:
    """True where ``value`` is a finite number (false for null, NaN and ``±inf``: Spark orders NaN above inf)."""
    return F.coalesce(F.abs(value) < F.lit(INF), F.lit(False))


def describe(spec: ScoreSpec, counts: RowCounts) -> str | None:
    """The message for invalid rows, or None when there are none.

    Examples
    --------
    >>> from handyspark.evaluation.scores import resolve_scores
    >>> spec = resolve_scores(predictions, "probability", "Survived")
    >>> describe(spec, RowCounts(rows=30, invalid=1, missing=1))
    "rows that cannot be evaluated: 1 (scoreCol 'probability': 1 row has a missing score (null or NaN)). Binary ..."
    """
    if not counts.invalid:
        return None
    columns = {"labelCol": spec.labelCol, "scoreCol": spec.scoreCol, "weightCol": spec.weightCol}
    parts = []
    for name, column, verb, what in _KINDS:
        n = getattr(counts, name)
        if n:
            rows = f"{n} row {verb[0]}" if n == 1 else f"{n} rows {verb[1]}"
            parts.append(f"{column} {columns[column]!r}: {rows} {what}")
    advice = _ADVICE.replace("a label of 0 or 1", "a label of 0 or 1 and a finite weight >= 0") if spec.weighted \
        else _ADVICE
    return f"{_HEAD}{counts.invalid} ({'; '.join(parts)}){advice}"


def check_counts(spec: ScoreSpec, counts: RowCounts) -> None:
    """Raise :class:`InvalidRowsError` (an :class:`~handyspark.errors.ArgumentError`) when any row is invalid."""
    message = describe(spec, counts)
    if message is not None:
        raise InvalidRowsError(message)


def check_rows(counts: RowCounts) -> None:
    """Raise :class:`~handyspark.errors.ArgumentError` when there is no row to evaluate (scikit-learn raises too)."""
    if counts.rows == 0:
        raise ArgumentError("the predictions DataFrame has no rows: there is nothing to evaluate")


_ALL_NAMES = tuple(f.name for f in fields(RowCounts))  # hoisted: mypy cannot see a generator's name in a default
_COUNT_NAMES = tuple(name for name in _ALL_NAMES if name != "bad_weight")  # without weights


def group_problems(names: tuple[str, ...] | None = None, weighted: bool = False) -> dict[str, Column]:
    """Each group's share of the counts, from the columns ``threshold, n, pos, neg, bad_size`` of a grouping.

    A wrong-sized vector has a null key: its rows are ``bad_size``, not ``missing``.
    Only the counts in ``names`` are built (each Column costs driver round trips on classic);
    by default all of them (``bad_weight`` only when ``weighted``). A ``weighted`` grouping's
    ``pos``/``neg`` are summed weights: its bad rows are read from ``bad_label``, ``bad_weight``
    and ``bad_row`` (:data:`WEIGHTED_COUNTS`).
    """
    if names is None:
        names = _ALL_NAMES if weighted else _COUNT_NAMES
    n = F.col("n")
    bad_label = (lambda: F.col("bad_label")) if weighted else (lambda: n - F.col("pos") - F.col("neg"))
    bad_row = (lambda: F.col("bad_row")) if weighted else bad_label
    build = {
        "rows": lambda: n,
        "invalid": lambda: F.when(F.abs("threshold") < INF, bad_row()).otherwise(n),
        "bad_label": bad_label,
        "bad_weight": (lambda: F.col("bad_weight")) if weighted else (lambda: F.lit(0)),
        "missing": lambda: F.when(F.isnull("threshold") | F.isnan("threshold"), n - F.col("bad_size")).otherwise(0),
        "infinite": lambda: F.when(F.abs("threshold") == INF, n).otherwise(0),
        "bad_size": lambda: F.col("bad_size"),
    }
    return {name: build[name]() for name in names}


def row_problems(spec: ScoreSpec) -> dict[str, Column]:
    """The counts as aggregate expressions over the rows themselves (for a query that does not group by score)."""
    key, size_ok, label_ok = spec.key(), spec.score_size_ok(), spec.label_ok()
    ok = label_ok & spec.weight_ok() if spec.weighted else label_ok
    problems = {
        "rows": F.count(F.lit(1)),
        "invalid": F.count_if(~(finite(key) & ok)),
        "bad_label": F.count_if(~label_ok),
        "missing": F.count_if((key.isNull() | F.isnan(key)) & size_ok),
        "infinite": F.count_if(F.abs(key) == F.lit(INF)),
        "bad_size": F.count_if(~size_ok),
    }
    if spec.weighted:
        problems["bad_weight"] = F.count_if(~spec.weight_ok())
    return problems


def counts_from_groups(groups: pd.DataFrame) -> RowCounts:
    """The counts from collected groups (``threshold, n, pos, neg, bad_size``), as :func:`group_problems`.

    Groups of a weighted grouping (with the columns ``bad_label, bad_weight, bad_row``) are read as such.
    """
    key = groups["threshold"].astype(np.float64).to_numpy()
    n, bad_size = groups["n"].to_numpy(np.int64), groups["bad_size"].to_numpy(np.int64)
    weighted = all(name in groups.columns for name in WEIGHTED_COUNTS)
    if weighted:
        bad_label = groups["bad_label"].to_numpy(np.int64)
        bad_row, bad_weight = groups["bad_row"].to_numpy(np.int64), int(groups["bad_weight"].sum())
    else:
        bad_label = n - groups["pos"].to_numpy(np.int64) - groups["neg"].to_numpy(np.int64)
        bad_row, bad_weight = bad_label, 0
    ok = np.isfinite(key)
    return RowCounts(
        rows=int(n.sum()),
        invalid=int(n[~ok].sum() + bad_row[ok].sum()),
        bad_label=int(bad_label.sum()),
        missing=int((n - bad_size)[np.isnan(key)].sum()),
        infinite=int(n[np.isinf(key)].sum()),
        bad_size=int(bad_size.sum()),
        bad_weight=bad_weight,
    )
