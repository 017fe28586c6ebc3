"""The rows of an Arrow batch by stratum: what the numpy work of the pair statistics runs on, per partition."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa

__all__ = ["stratum_groups"]


def _key_of(arrays: Sequence[pa.Array], j: int) -> tuple:
    """A hashable identity of row ``j`` of the key ``arrays``: null, NaN and values kept apart."""
    out: list[Any] = []
    for array in arrays:
        value = array[j].as_py()
        out.append(("null",) if value is None else ("nan",) if value != value else ("value", value))
    return tuple(out)


def stratum_groups(batch: pa.RecordBatch, keys: int) -> list[tuple[tuple, list[pa.Array], np.ndarray]]:
    """The rows of ``batch`` per stratum of its first ``keys`` columns: ``(identity, key arrays, row
    numbers)`` per stratum met, where ``identity`` tells null, NaN and values apart and the key arrays
    hold the stratum's key values (one element each). Without keys, one group of every row.

    Examples
    --------
    >>> batch = pa.RecordBatch.from_pydict({"k0": ["a", None, "a"], "x": [1.0, 2.0, 3.0]})
    >>> [(g[0], g[2].tolist()) for g in stratum_groups(batch, 1)]
    [((('value', 'a'),), [0, 2]), ((('null',),), [1])]
    """
    if not keys:
        return [((), [], np.arange(batch.num_rows))]
    table = pa.Table.from_batches([batch.select(list(range(keys)))])
    names = table.column_names
    table = table.append_column("__row", pa.array(np.arange(batch.num_rows)))
    grouped = table.group_by(names, use_threads=False).aggregate([("__row", "list")])
    key_columns = [grouped.column(k).combine_chunks() for k in range(keys)]
    rows_of = grouped.column(keys).combine_chunks()
    return [(_key_of(key_columns, j), [c.slice(j, 1) for c in key_columns],
             np.asarray(rows_of[j].values.to_numpy(), dtype=np.int64))
            for j in range(grouped.num_rows)]
