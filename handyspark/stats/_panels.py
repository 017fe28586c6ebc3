"""Per-stratum results: the stratum labels, clauses and titles shared by the plot statistics."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from ..strata import Strata


def stratum_positions(table: pd.DataFrame, strata: Strata | None) -> tuple[list[tuple], np.ndarray]:
    """The distinct raw stratum keys of a grouped result (in order) and each row's stratum position."""
    if strata is None:
        return [()], np.zeros(len(table), dtype=int)
    raw = list(table[strata.key_names].itertuples(index=False, name=None))
    order: dict[tuple, int] = {}
    pos = np.array([order.setdefault(k, len(order)) for k in raw], dtype=int)
    return list(order), pos


def stratum_labels(strata: Strata | None, keys: list[tuple]) -> tuple[pd.Index | None, tuple[str, ...] | None]:
    if strata is None:
        return None, None
    return strata.index(keys), tuple(strata.clause(k) for k in keys)


@dataclass(eq=False)
class PanelResult:
    """Base of the plot results: ``strata`` labels and ``clauses`` (None without strata), one per panel."""

    strata: pd.Index | None = field(default=None, kw_only=True)
    clauses: tuple[str, ...] | None = field(default=None, kw_only=True)

    @property
    def n_panels(self) -> int:
        """The number of strata (1 without strata)."""
        return 1 if self.strata is None else len(self.strata)

    def title(self, i: int) -> str:
        """A short title for stratum ``i``, e.g. ``Sex = male, Age in [0.42, 40.21)``."""
        if self.strata is None:
            return ""
        label = self.strata[i]
        parts = label if isinstance(label, tuple) else (label,)
        return ", ".join(_show_level(name, v) for name, v in zip(self.strata.names, parts))


def _show_level(name: str, value: object) -> str:
    """``name = value``; a bin as ``name in [40.21, 80.0]``, written as the index of the result prints it.

    One text for a bin everywhere: the stratum labels of a result's index are
    ``pandas.Interval`` objects, and the title uses the Interval's own ``str``.
    """
    if isinstance(value, pd.Interval):
        return f"{name} in {value}"
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return f"{name} is null"
    return f"{name} = {value}"
