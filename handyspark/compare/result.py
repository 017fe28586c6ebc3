"""A comparison as plain data: per column (per stratum) the counts of both sides on shared bins and their
figures; the drift measures, flags and pandas views computed from them; exact JSON."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._json_values import JsonRecord
from ..errors import ArgumentError
from ..strata import Strata
from .compute import NUMERIC, QUANTILES
from .measures import EPSILON, flag, js, psi, worst

__all__ = ["Comparison", "MEASURES", "COLUMNS"]


#: The measures flagged against ``options["thresholds"]``.
MEASURES = ("psi", "ks", "js", "missing")

#: The columns of :attr:`Comparison.table`, in order.
COLUMNS = ("kind", "flag", "psi", "ks", "ks_bound", "js", "missing_ref", "missing_cur", "missing_change",
           "mean_ref", "mean_cur", "mean_change", *(f"{q}_change" for q in QUANTILES), "appeared", "vanished",
           "count_ref", "count_cur", "rows_ref", "rows_cur", *(f"{m}_flag" for m in MEASURES))


def _rate(side: dict) -> float:
    return side["missing"] / side["rows"] if side["rows"] else math.nan


@dataclass(eq=False)
class Comparison(JsonRecord):
    """What changed from a reference to a current frame, per column (and per stratum).

    Made by ``hdf.compare(other)``, ``hdf.stratify([...]).compare(other)`` and ``profile.compare(...)``.
    It holds, per stratum and column, both sides' counts on shared bins (``cells``: the reference's
    quantile bins with an open bin at each end for numbers, categories for strings and booleans) and
    figures (rows, values, missing, mean, quantiles); the measures and flags of :attr:`table` are
    computed from them:

    - ``psi``: the population stability index over the shared bins, a share below
      :data:`~handyspark.compare.measures.EPSILON` (1e-4) raised to it on either side;
    - ``ks``: the Kolmogorov–Smirnov statistic (numbers only) — exact, as ``scipy.stats.ks_2samp``,
      when both sides are frames; from a saved profile, its lower bound at the bin edges, with
      ``ks_bound`` the upper bound (equal to ``ks`` when exact);
    - ``js``: the Jensen–Shannon *distance* in base 2 over the shared bins, as
      ``scipy.spatial.distance.jensenshannon(p, q, base=2)`` (in [0, 1]; its square is the divergence);
    - the missing rates, means and :data:`~handyspark.compare.compute.QUANTILES` of both sides and their
      changes (current minus reference); ``appeared``/``vanished``: the number of categories found only
      in the current / the reference frame.

    Each measure is flagged ``ok``/``warn``/``alarm`` against ``options["thresholds"]`` (``missing``: the
    absolute change of the missing rate), ``flag`` is the worst of them.

    Examples
    --------
    >>> c = hdf.where(F.col("Sex") == "male").toHandy().compare(hdf.where(F.col("Sex") == "female"), ["Age", "Embarked"])
    >>> c.table[["psi", "flag"]].round(4)
                 psi  flag
    column
    Age       0.0919  warn
    Embarked  0.0642  warn
    >>> Comparison.from_json(c.to_json()) == c
    True
    """

    KIND = "comparison"

    names: list[str]
    kinds: list[str]
    strata: list[dict] | None
    keys: list[list]
    cells: list[list[dict]]
    source: str
    options: dict

    # ------------------------------------------------------------------ measures
    def _index(self, inner: list, name: str | None, per_stratum: int) -> pd.Index:
        if self.strata is None:
            return pd.Index(inner, name=name, tupleize_cols=False)
        keys = [tuple(k) for k in self.keys for _ in range(per_stratum)]
        return Strata.from_json(self.strata).index(keys, extra={name: inner})

    def _row(self, cell: dict, kind: str) -> dict[str, Any]:
        ref, cur = cell["sides"]
        counts = cell["counts"]
        epsilon = self.options.get("epsilon", EPSILON)
        row: dict[str, Any] = {"kind": kind, "psi": psi(counts[0], counts[1], epsilon=epsilon), "js": js(counts[0], counts[1]),
                               "ks": cell.get("ks", math.nan), "ks_bound": cell.get("ks_bound", math.nan)}
        row.update(missing_ref=_rate(ref), missing_cur=_rate(cur), mean_ref=ref["mean"], mean_cur=cur["mean"],
                   count_ref=ref["count"], count_cur=cur["count"], rows_ref=ref["rows"], rows_cur=cur["rows"])
        row["missing_change"] = row["missing_cur"] - row["missing_ref"]
        row["mean_change"] = row["mean_cur"] - row["mean_ref"]
        for label, a, b in zip(QUANTILES, ref["quantiles"], cur["quantiles"]):
            row[f"{label}_change"] = b - a
        row["appeared"], row["vanished"] = cell.get("n_appeared"), cell.get("n_vanished")
        thresholds = self.options.get("thresholds", {})
        values = {"psi": row["psi"], "ks": row["ks"], "js": row["js"], "missing": abs(row["missing_change"])}
        for m in MEASURES:
            pair = thresholds.get(m)
            row[f"{m}_flag"] = flag(values[m], None if pair is None else tuple(pair))
        row["flag"] = worst([row[f"{m}_flag"] for m in MEASURES])
        return row

    @property
    def table(self) -> pd.DataFrame:
        """One row per column (strata as leading index levels), the columns of :data:`COLUMNS`."""
        records = [self._row(cell, kind) for per in self.cells for cell, kind in zip(per, self.kinds)]
        index = self._index(self.names * len(self.keys), "column", len(self.names))
        table = pd.DataFrame(records, columns=list(COLUMNS), index=index)
        for name in ("appeared", "vanished"):
            counted = [r[name] for r in records]
            table[name] = pd.array([None if v is None else int(v) for v in counted], dtype="Int64")
        return table

    @property
    def flags(self) -> pd.DataFrame:
        """The flags of :attr:`table` alone: ``flag`` and one per measure."""
        return self.table[["flag", *(f"{m}_flag" for m in MEASURES)]]

    @property
    def alarm(self) -> bool:
        """Whether any column (in any stratum) is flagged ``alarm``."""
        return bool((self.table["flag"] == "alarm").any())

    @property
    def quantiles(self) -> pd.DataFrame:
        """Both sides' quantiles: one row per column and side (``reference``, ``current``), strata leading."""
        rows, inner, sides = [], [], []
        for per in self.cells:
            for name, cell in zip(self.names, per):
                for side, figures in zip(("reference", "current"), cell["sides"]):
                    rows.append(figures["quantiles"])
                    inner.append(name)
                    sides.append(side)
        keys = [tuple(k) for k in self.keys for _ in range(2 * len(self.names))]
        if self.strata is None:
            index = pd.MultiIndex.from_arrays([inner, sides], names=["column", "side"])
        else:
            index = Strata.from_json(self.strata).index(keys, extra={"column": inner, "side": sides})
        return pd.DataFrame(rows, index=index, columns=list(QUANTILES), dtype=float)

    def _position(self, column: str) -> int:
        if column not in self.names:
            raise ArgumentError(f"{column!r} is not a compared column; the comparison has {self.names}")
        return self.names.index(column)

    def bins(self, column: str) -> pd.DataFrame:
        """The shared bins of ``column`` with both sides' counts and shares (strata leading the index).

        Numbers: ``left`` and ``right`` edges (``-inf``/``inf`` for the open end bins); categories: ``value``
        (``"other"`` for the categories past ``max_categories``, or outside a profile's top values).
        """
        j = self._position(column)
        frames = []
        for per in self.cells:
            cell = per[j]
            ref, cur = (np.asarray(c, dtype=np.int64) for c in cell["counts"])
            if self.kinds[j] == NUMERIC:
                edges = [-math.inf, *cell["edges"], math.inf]
                part = pd.DataFrame({"left": edges[:-1], "right": edges[1:]})
            else:
                labels = [*cell["values"], *(["other"] if cell["other"] else [])]
                part = pd.DataFrame({"value": pd.Series(labels, dtype=object)})
            part["reference"], part["current"] = ref, cur
            part["reference_share"] = ref / ref.sum() if ref.sum() else np.nan
            part["current_share"] = cur / cur.sum() if cur.sum() else np.nan
            frames.append(part)
        out = pd.concat(frames, ignore_index=True)
        if self.strata is None:
            return out
        keys = [tuple(k) for k, f in zip(self.keys, frames) for _ in range(len(f))]
        out.index = Strata.from_json(self.strata).index(keys, extra={None: [i for f in frames for i in range(len(f))]})
        return out

    def categories(self, column: str) -> dict[str, list]:
        """The categories of ``column`` found only in the current (``appeared``) or the reference frame
        (``vanished``), among those shown on their own (per stratum: lists in the order of ``keys``)."""
        j = self._position(column)
        return {"appeared": [per[j].get("appeared", []) for per in self.cells],
                "vanished": [per[j].get("vanished", []) for per in self.cells]}

    # ------------------------------------------------------------------ drawing and HTML
    def plot(self, columns: list[str] | str | None = None, *, figsize: tuple[float, float] | None = None) -> Any:
        """Both distributions of each column overlaid on the shared bins: one panel per column and stratum
        (see :func:`handyspark.plotting.compare.plot_comparison`); returns a
        :class:`~handyspark.plotting.grid.PanelGrid` (unpacks as ``fig, axs``).

        Examples
        --------
        >>> fig, axs = hdf.where(F.col("Pclass") == 1).toHandy().compare(hdf, ["Age", "Sex"]).plot()
        >>> len(axs)
        2
        """
        from ..plotting.compare import plot_comparison

        return plot_comparison(self, columns, figsize=figsize)

    def to_html(self, path: str | os.PathLike[str] | None = None, *, title: str = "Comparison",
                max_strata: int = 12) -> str | None:
        """The report as one self-contained HTML page (inline SVG, no script), written to ``path`` or
        returned when ``path`` is None: the flags of every column, then per column its measures and both
        distributions on the shared bins (see :mod:`handyspark.compare.report`).

        Examples
        --------
        >>> page = hdf.where(F.col("Pclass") == 1).toHandy().compare(hdf, ["Age"]).to_html()
        >>> page.count('<section class="column"')
        1
        """
        from .report import to_html

        return to_html(self, path, title=title, max_strata=max_strata)

    def __repr__(self) -> str:
        strata = "" if self.strata is None else f", {len(self.keys)} strata"
        return f"Comparison({len(self.names)} columns{strata}, {self.source})"
