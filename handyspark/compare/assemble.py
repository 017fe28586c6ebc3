"""From the collected bins to each column's cell: the counts of both sides on shared bins, the KS statistic,
missing values, means and quantiles (plain data, as a :class:`~handyspark.compare.result.Comparison` holds them)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from .compute import NUMERIC, QUANTILES
from .measures import ks_from_bins, linear_quantile

__all__ = ["by_stratum", "frame_cell", "empty_side", "sort_keys", "side_figures"]


def _number(value: Any) -> float:
    return math.nan if value is None else float(value)


def sort_keys(keys: Sequence[tuple]) -> list[tuple]:
    """Stratum keys in order, nulls last (as the grouped results order them)."""
    return sorted(keys, key=lambda key: tuple((v is None, v if v is not None else 0) for v in key))


def by_stratum(rows: list[dict], key_names: Sequence[str]) -> dict[tuple, dict[int, list[dict]]]:
    """The collected bins by raw stratum key, then by column number (``-1``: the rows of the frames)."""
    out: dict[tuple, dict[int, list[dict]]] = {}
    for row in rows:
        key = tuple(row[k] for k in key_names)
        out.setdefault(key, {}).setdefault(int(row["i"]), []).append(row)
    return out


def side_figures(bins: list[dict], side: int, rows: int) -> dict[str, Any]:
    """One side's ``rows``, ``count`` (values), ``missing``, ``mean`` and ``quantiles`` from a column's bins."""
    count = sum(int(b[f"n{side}"]) for b in bins)
    sums = [_number(b[f"sum{side}"]) for b in bins if b[f"sum{side}"] is not None]
    quantiles = []
    for k, prob in enumerate(QUANTILES.values()):
        lows = [b[f"q{side}_{k}_lo"] for b in bins if b[f"q{side}_{k}_lo"] is not None]
        highs = [b[f"q{side}_{k}_hi"] for b in bins if b[f"q{side}_{k}_hi"] is not None]
        quantiles.append(linear_quantile(min(lows), min(highs), count, prob) if lows and highs else math.nan)
    return {"rows": rows, "count": count, "missing": rows - count, "mean": sum(sums) / count if count and sums else math.nan,
            "quantiles": quantiles}


def empty_side(rows: int) -> dict[str, Any]:
    """A side without values (the column is all missing, or the stratum is not in that frame)."""
    return {"rows": rows, "count": 0, "missing": rows, "mean": math.nan, "quantiles": [math.nan] * len(QUANTILES)}


def frame_cell(kind: str, bins: list[dict], rows: tuple[int, int], max_categories: int) -> dict[str, Any]:
    """A column's cell in one stratum from its bins on the reference's own bins (frame against frame)."""
    sides = [side_figures(bins, s, rows[s]) if bins else empty_side(rows[s]) for s in (0, 1)]
    if kind == NUMERIC:
        bins_here = {int(b["bin"]): b for b in bins}
        labels = sorted(bins_here)
        if sides[0]["count"] == 0:  # no reference values: one bin, (-inf, inf)
            edges: list[float] = []
            counts = [[0], [sides[1]["count"]]]
        else:
            labels = [0, *[k for k in labels if k > 0]]
            edges = [float(bins_here[k]["edge"]) for k in labels[1:]]
            counts = [[int(bins_here[k]["n0"]) if k in bins_here else 0 for k in labels],
                      [int(bins_here[k]["n1"]) if k in bins_here else 0 for k in labels]]
        ds = [b["d"] for b in bins if b["d"] is not None]
        product = sides[0]["count"] * sides[1]["count"]
        ks = int(max(ds)) / product if ds and product else math.nan  # int / int: the exact ratio, rounded once
        los = [b["lo"] for b in bins if b["lo"] is not None]
        his = [b["hi"] for b in bins if b["hi"] is not None]
        return {"sides": sides, "edges": edges, "closed_last": False, "counts": counts, "ks": ks, "ks_bound": ks,
                "lo": min(los) if los else None, "hi": max(his) if his else None}
    ordered = sorted(bins, key=lambda b: int(b["bin"]))
    named = [b for b in ordered if int(b["bin"]) < max_categories]
    other = [b for b in ordered if int(b["bin"]) >= max_categories]
    counts = [[int(b["n0"]) for b in ordered], [int(b["n1"]) for b in ordered]]
    return {"sides": sides, "values": [b["cat"] for b in named], "other": bool(other), "counts": counts,
            "appeared": [b["cat"] for b in named if int(b["n0"]) == 0],
            "vanished": [b["cat"] for b in named if int(b["n1"]) == 0],
            "n_appeared": sum(int(b["appeared"]) for b in ordered),
            "n_vanished": sum(int(b["vanished"]) for b in ordered)}


def profile_side(stats: dict, rows: int) -> dict[str, Any]:
    """The reference side of a cell from a profile's figures of one column in one stratum."""
    count = stats.get("count") or 0
    mean = stats.get("mean")
    return {"rows": rows, "count": int(count), "missing": int(stats.get("missing") or 0),
            "mean": _number(mean) if isinstance(mean, (int, float)) else math.nan,
            "quantiles": [_number(stats.get(label)) if isinstance(stats.get(label), (int, float)) else math.nan
                          for label in QUANTILES]}


def reference_bins(histogram: dict | None, stats: dict, kind: str) -> dict[str, Any]:
    """A profile's histogram of one column as shared bins: numeric edges (the profile's, or the column's
    single value when its histogram has none) with an open bin at each end, or its top values."""
    if kind == NUMERIC:
        if histogram is not None and "edges" in histogram:
            return {"edges": [float(e) for e in histogram["edges"]], "counts": [0, *histogram["counts"], 0]}
        lo = stats.get("min")
        edges = [] if not isinstance(lo, (int, float)) or math.isnan(lo) else [float(lo), float(lo)]
        return {"edges": edges, "counts": [0, int(stats.get("count") or 0), 0] if edges else [0]}
    values = [] if histogram is None else [_category(v) for v in histogram["values"]]
    counts = [] if histogram is None else list(histogram["counts"])
    other = 0 if histogram is None else int(histogram["other"])
    return {"values": values, "counts": [*counts, other], "other": other}


def _category(value: Any) -> str:
    """A profile's top value as the comparison's category text (booleans as Spark casts them)."""
    return str(value).lower() if isinstance(value, bool) else str(value)


def profile_cell(kind: str, reference: dict[str, Any], ref_side: dict[str, Any], bins: list[dict],
                 rows: int, listed: Sequence[str] = ()) -> dict[str, Any]:
    """A column's cell in one stratum: a profile's bins and figures against the current frame's counts on them.

    ``bins`` are the current frame's counts on the profile's edges (numbers) or on ``listed``, the top
    values of every stratum of the profile (categories): a stratum's own top values are read from them
    and the rest folded into its ``"other"``.
    """
    current = side_figures(bins, 1, rows) if bins else empty_side(rows)
    here = {int(b["bin"]): b for b in bins}
    if kind == NUMERIC:
        size = len(reference["counts"])
        cur_counts = [int(here[k]["n1"]) if k in here else 0 for k in range(size)]
        if not reference["edges"]:
            cur_counts = [current["count"]]
        counts = [list(reference["counts"]) if ref_side["count"] else [0] * len(cur_counts), cur_counts]
        low, high = ks_from_bins(*counts) if ref_side["count"] and current["count"] else (math.nan, math.nan)
        los = [b["lo"] for b in bins if b["lo"] is not None]
        his = [b["hi"] for b in bins if b["hi"] is not None]
        return {"sides": [ref_side, current], "edges": reference["edges"], "closed_last": True, "counts": counts,
                "ks": low, "ks_bound": high, "lo": min(los) if los else None, "hi": max(his) if his else None}
    values = reference["values"]
    union = {v: int(here[k]["n1"]) if k in here else 0 for k, v in enumerate(listed)}
    own = [union.get(v, 0) for v in values]
    cur_counts = [*own, current["count"] - sum(own)]
    ref_counts = list(reference["counts"]) if ref_side["count"] else [0] * len(cur_counts)
    exact = reference["other"] == 0  # the profile's top values are all its categories (in this stratum)
    other_bin = here.get(len(listed))
    new = sum(1 for v, n in union.items() if n > 0 and v not in values)
    return {"sides": [ref_side, current], "values": values, "other": True, "counts": [ref_counts, cur_counts],
            "appeared": [v for v, n in union.items() if n > 0 and v not in values] if exact else [],
            "vanished": [v for v, n in zip(values, own) if n == 0],
            "n_appeared": (int(other_bin["appeared"]) if other_bin else 0) + new if exact else None,
            "n_vanished": sum(1 for n in own if n == 0) if exact else None}
