"""Compare two frames, a saved profile with a frame, or two saved profiles: what ``compare`` runs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

import pyspark.sql.functions as F

from .._compat import DataFrame, check_frame
from .._validation import as_column_list, check_columns, check_positive_int, field_types
from ..errors import ArgumentError
from ..stats.grouped import grouped_aggregate
from ..strata import Strata
from .assemble import by_stratum, empty_side, frame_cell, profile_cell, profile_side, reference_bins, sort_keys
from .compute import CATEGORICAL, NUMERIC, binned_counts, check_kinds, column_kind, long_values
from .measures import EPSILON, check_thresholds
from .result import Comparison

if TYPE_CHECKING:
    from pyspark.sql import types as T

__all__ = ["compare", "compare_profile", "compare_profiles", "ProfileLike", "SPARK_JOBS"]

#: The Spark jobs of a comparison with a frame (without adaptive execution): one; a stratified
#: comparison adds one to check ``max_strata`` the first time its strata are used.
SPARK_JOBS = 1


class ProfileLike(Protocol):
    """What a comparison reads of a saved :class:`~handyspark.profile.Profile`."""

    names: list[str]
    types: list[str]
    strata: list[dict] | None
    keys: list[list]
    frame: list[dict]
    stats: list[list[dict]]
    histograms: list[list[dict | None]]


def _names(df: DataFrame, columns: str | Sequence[str] | None, what: str) -> list[str]:
    if columns is None:
        return check_kinds(df, list(df.columns), explicit=False, what=what)
    names = as_column_list(columns)
    check_columns(df, names)
    if len(set(names)) != len(names):
        raise ArgumentError(f"columns lists a column twice: {names}")
    return check_kinds(df, names, explicit=True, what=what)


def _plain(df: Any) -> Any:
    """A HandyFrame as a plain DataFrame (whose actions the safety limit does not cut), anything else as it is."""
    method: Any = getattr(df, "notHandy", None) if isinstance(df, DataFrame) else None
    return method() if callable(method) else df


def _check_current(current: Any, names: Sequence[str], kinds: Sequence[str], what: str) -> None:
    """``current`` is a frame with every compared column, each of the same kind as the reference's."""
    if not isinstance(current, DataFrame):
        raise ArgumentError(f"{what} needs a DataFrame to compare with, got {type(current).__name__}")
    check_frame(current, what)
    missing = [n for n in names if n not in current.columns]
    if missing:
        raise ArgumentError(f"{what}: the current frame has no column {missing[0]!r} (compared columns: {list(names)})")
    types: dict[str, T.DataType] = field_types(current)
    for name, kind in zip(names, kinds):
        if column_kind(types[name]) != kind:
            raise ArgumentError(f"{what}: column {name!r} is {kind} in the reference but "
                                f"{types[name].simpleString()} in the current frame")


def _options(bins: int, max_categories: int, thresholds: Mapping[str, Any] | None) -> dict[str, Any]:
    check_positive_int(bins, "bins")
    check_positive_int(max_categories, "max_categories")
    pairs = check_thresholds(thresholds)
    return {"bins": bins, "max_categories": max_categories, "epsilon": EPSILON,
            "thresholds": {k: None if v is None else list(v) for k, v in pairs.items()}}


def _check_strata(df: DataFrame, strata: Strata | None) -> None:
    """The first grouping by ``strata`` checks their number against ``max_strata`` (one Spark job, once)."""
    if strata is not None and not strata.cap_checked:
        grouped_aggregate(df, {"rows": F.count(F.lit(1))}, strata)


def compare(
    reference: DataFrame,
    current: DataFrame,
    columns: str | Sequence[str] | None = None,
    strata: Strata | None = None,
    *,
    bins: int = 10,
    max_categories: int = 50,
    thresholds: Mapping[str, Any] | None = None,
) -> Comparison:
    """Compare ``current`` with ``reference``, per column (per stratum): one Spark job reading each frame once.

    Numbers are counted on the reference's ``k / bins`` quantiles (inverted CDF, exact, as
    ``numpy.quantile(..., method="inverted_cdf")``; equal quantiles make one bin) with an open bin at each
    end, ``(-inf, q1), [q1, q2), ..., [q_last, inf)``; their KS statistic is exact (a merged sorted pass:
    cumulative counts by value in Spark, only the largest difference collected), and so are their
    quantiles (linear interpolation, as numpy and pandas). Strings and booleans are counted per
    category, the ``max_categories`` most frequent of both frames on their own and the rest as one bin
    (``"other"``). Only a few rows per column, stratum and bin reach the driver.

    Parameters
    ----------
    reference, current : DataFrame
        The frames; ``current`` must have every compared column, of the same kind (numeric or categorical).
    columns : str or list of str, optional
        The columns to compare; by default every numeric, string and boolean column of ``reference``.
    strata : Strata, optional
        Compare per stratum (the reference's strata applied to both frames; a stratum found in one frame
        only is compared with an empty side). Adds one job the first time the strata are used (the
        ``max_strata`` check).
    bins : int, default 10
        Quantile bins of the numbers (at most; fewer when quantiles are equal).
    max_categories : int, default 50
        Categories shown on their own; the others are one bin.
    thresholds : dict, optional
        ``(warn, alarm)`` per measure, overriding :data:`~handyspark.compare.measures.THRESHOLDS`
        (``{"psi": (0.1, 0.25)}``; None flags a measure never).

    Examples
    --------
    >>> c = compare(df.where(F.col("Pclass") == 1), df.where(F.col("Pclass") == 3), ["Fare"])
    >>> round(float(c.table.loc["Fare", "ks"]), 4), c.table.loc["Fare", "flag"]
    (0.8663, 'alarm')
    """
    reference, current = _plain(reference), _plain(current)
    check_frame(reference, "compare")
    names = _names(reference, columns, "compare")
    kinds = [column_kind(field_types(reference)[n]) or CATEGORICAL for n in names]
    _check_current(current, names, kinds, "compare")
    options = _options(bins, max_categories, thresholds)
    _check_strata(reference, strata)
    long = long_values(reference, names, kinds, strata, 0).unionByName(long_values(current, names, kinds, strata, 1))
    rows = binned_counts(long, kinds, strata, bins=bins, max_categories=max_categories)
    found = by_stratum(rows, strata.key_names if strata is not None else [])
    keys = sort_keys(list(found)) if strata is not None else [()]
    cells = []
    for key in keys:
        here = found.get(key, {})
        frame_rows = here.get(-1, [])
        counts = (int(frame_rows[0]["n0"]), int(frame_rows[0]["n1"])) if frame_rows else (0, 0)
        cells.append([frame_cell(kind, here.get(j, []), counts, max_categories) for j, kind in enumerate(kinds)])
    return Comparison(names=names, kinds=kinds, strata=None if strata is None else strata.to_json(),
                      keys=[list(k) for k in keys], cells=cells, source="frames", options=options)


def _profile_columns(profile: ProfileLike, columns: str | Sequence[str] | None) -> list[str]:
    kinds = {n: _profile_kind(profile, n) for n in profile.names}
    if columns is None:
        return [n for n in profile.names if kinds[n] is not None]
    names = as_column_list(columns)
    for name in names:
        if name not in profile.names:
            raise ArgumentError(f"{name!r} is not a profiled column; the profile has {profile.names}")
        if kinds[name] is None:
            raise ArgumentError(f"compare cannot compare column {name!r} of type "
                                f"{profile.types[profile.names.index(name)]}: it compares numeric, string and boolean columns")
    return names


_NUMERIC_TYPES = ("tinyint", "smallint", "int", "bigint", "float", "double")


def _profile_kind(profile: ProfileLike, name: str) -> str | None:
    kind = profile.types[profile.names.index(name)]
    if kind in _NUMERIC_TYPES or kind.startswith("decimal"):
        return NUMERIC
    return CATEGORICAL if kind in ("string", "boolean") else None


def compare_profile(
    profile: ProfileLike,
    current: DataFrame,
    columns: str | Sequence[str] | None = None,
    *,
    thresholds: Mapping[str, Any] | None = None,
) -> Comparison:
    """Compare ``current`` with a saved profile (its reference): one Spark job on ``current``, none on the
    reference's data.

    The current frame is counted on the profile's own bins — numbers on its histogram's equal-width edges
    (between the reference's minimum and maximum; the last bin closed, as ``numpy.histogram``) with an
    open bin at each end for values outside, categories on its top values plus ``"other"`` — per the
    profile's strata. The reference's figures are the profile's (its quantiles are as exact as its
    ``relativeError``); the current frame's are exact. KS is known only at the bin edges: ``ks`` is the
    largest difference there, a lower bound of the true statistic, and ``ks_bound`` an upper bound
    (see :func:`~handyspark.compare.measures.ks_from_bins`: at most ``ks`` plus the largest bin share).
    Categories that appeared are counted only when the profile's top values are all its categories
    (its ``other`` is 0); otherwise ``appeared``/``vanished`` are unknown (``<NA>``).

    Examples
    --------
    >>> p = hdf.where(F.col("Pclass") == 1).toHandy().profile(["Fare"])
    >>> c = compare_profile(p, df.where(F.col("Pclass") == 3))
    >>> bool(c.table.loc["Fare", "ks"] <= 0.8663 <= c.table.loc["Fare", "ks_bound"])
    True
    """
    current = _plain(current)
    names = _profile_columns(profile, columns)
    kinds = [_profile_kind(profile, n) or CATEGORICAL for n in names]
    _check_current(current, names, kinds, "compare")
    options = _options(int(getattr(profile, "options", {}).get("bins", 10)), 50, thresholds)
    strata = None if profile.strata is None else Strata.from_json(profile.strata)
    positions = [profile.names.index(n) for n in names]
    references = [[reference_bins(profile.histograms[s][j], profile.stats[s][j], kind)
                   for j, kind in zip(positions, kinds)] for s in range(len(profile.keys))]
    edges = [_first(references, c, "edges") if kind == NUMERIC else [] for c, kind in enumerate(kinds)]
    categories = [list(dict.fromkeys(v for per in references for v in per[c]["values"])) if kind == CATEGORICAL
                  else [] for c, kind in enumerate(kinds)]
    rows = binned_counts(long_values(current, names, kinds, strata, 1), kinds, strata, edges=edges,
                         categories=categories)
    found = by_stratum(rows, strata.key_names if strata is not None else [])
    profiled = [tuple(k) for k in profile.keys]
    keys = sort_keys(list(dict.fromkeys([*profiled, *found]))) if strata is not None else [()]
    cells = []
    for key in keys:
        here = found.get(key, {})
        current_rows = int(here[-1][0]["n1"]) if -1 in here else 0
        s = profiled.index(key) if key in profiled else None
        per = []
        for c, (j, kind) in enumerate(zip(positions, kinds)):
            if s is None:
                reference = _empty_reference(references, c, kind)
                ref_side = empty_side(0)
            else:
                reference = references[s][c]
                ref_side = profile_side(profile.stats[s][j], int(profile.frame[s]["rows"]))
            per.append(profile_cell(kind, reference, ref_side, here.get(c, []), current_rows, categories[c]))
        cells.append(per)
    return Comparison(names=names, kinds=kinds, strata=profile.strata, keys=[list(k) for k in keys], cells=cells,
                      source="profile", options=options)


def _first(references: list[list[dict]], c: int, field: str) -> list:
    """The bins of column ``c`` (the same in every stratum of a profile)."""
    return list(references[0][c][field]) if references else []


def _empty_reference(references: list[list[dict]], c: int, kind: str) -> dict:
    """A column's bins with no reference values (a stratum the profile does not have)."""
    if kind == NUMERIC:
        edges = _first(references, c, "edges")
        return {"edges": edges, "counts": [0] * (len(edges) + 1 if edges else 1)}
    return {"values": [], "counts": [0], "other": 0}


def compare_profiles(
    reference: ProfileLike,
    current: ProfileLike,
    columns: str | Sequence[str] | None = None,
    *,
    thresholds: Mapping[str, Any] | None = None,
) -> Comparison:
    """Compare two saved profiles: no Spark job.

    Their numeric histograms must have the same edges (profiles of data with the same minimum and
    maximum and the same ``bins``; otherwise :class:`~handyspark.errors.ArgumentError`: compare a profile
    with the frame itself instead). Categories are compared on the top values the two profiles share,
    all others one bin; KS is bounded as in :func:`compare_profile`; the current side's quantiles are its
    profile's; which categories appeared or vanished is unknown.

    Examples
    --------
    >>> p = hdf.profile(["Age", "Sex"])
    >>> float(compare_profiles(p, p).table.loc["Age", "psi"])
    0.0
    """
    names = _profile_columns(reference, columns)
    missing = [n for n in names if n not in current.names]
    if missing:
        raise ArgumentError(f"compare: the current profile has no column {missing[0]!r}")
    kinds = [_profile_kind(reference, n) or CATEGORICAL for n in names]
    for name, kind in zip(names, kinds):
        if _profile_kind(current, name) != kind:
            raise ArgumentError(f"compare: column {name!r} is {kind} in the reference profile but "
                                f"{current.types[current.names.index(name)]} in the current one")
    if reference.strata != current.strata:
        raise ArgumentError("compare: the two profiles have different strata")
    options = _options(int(getattr(reference, "options", {}).get("bins", 10)), 50, thresholds)
    keys = sort_keys(list(dict.fromkeys([tuple(k) for k in [*reference.keys, *current.keys]])))
    if reference.strata is None:
        keys = [()]
    cells = []
    for key in keys:
        per = []
        for name, kind in zip(names, kinds):
            sides = [_stratum_bins(p, key, name, kind) for p in (reference, current)]
            per.append(_profiles_cell(name, kind, sides))
        cells.append(per)
    return Comparison(names=names, kinds=kinds, strata=reference.strata, keys=[list(k) for k in keys], cells=cells,
                      source="profiles", options=options)


def _stratum_bins(profile: ProfileLike, key: tuple, name: str, kind: str) -> tuple[dict, dict]:
    """A profile's bins and figures of column ``name`` in stratum ``key`` (empty when it has no such stratum)."""
    j = profile.names.index(name)
    keys = [tuple(k) for k in profile.keys]
    if key not in keys:
        return {"edges": None, "values": [], "counts": [], "other": 0}, empty_side(0)
    s = keys.index(key)
    return (reference_bins(profile.histograms[s][j], profile.stats[s][j], kind),
            profile_side(profile.stats[s][j], int(profile.frame[s]["rows"])))


def _profiles_cell(name: str, kind: str, sides: list[tuple[dict, dict]]) -> dict[str, Any]:
    (ref_bins, ref_side), (cur_bins, cur_side) = sides
    if kind == NUMERIC:
        from .measures import ks_from_bins

        known = [b["edges"] for b in (ref_bins, cur_bins) if b["edges"] is not None]
        if len(known) == 2 and known[0] != known[1] and ref_side["count"] and cur_side["count"]:
            raise ArgumentError(f"compare: the two profiles' histograms of {name!r} have different edges "
                                f"({len(known[0])} and {len(known[1])} edges from {known[0][:1]} and {known[1][:1]}); "
                                "compare the saved profile with the current frame instead (profile.compare(df))")
        edges = known[0] if known else []
        size = len(edges) + 1 if edges else 1
        counts = [b["counts"] if b["edges"] is not None and len(b["counts"]) == size else [0] * size
                  for b in (ref_bins, cur_bins)]
        low, high = ks_from_bins(*counts) if ref_side["count"] and cur_side["count"] else (float("nan"),) * 2
        return {"sides": [ref_side, cur_side], "edges": edges, "closed_last": True, "counts": counts,
                "ks": low, "ks_bound": high, "lo": None, "hi": None}
    shared = [v for v in ref_bins["values"] if v in cur_bins["values"]]
    counts = []
    for b, side in ((ref_bins, ref_side), (cur_bins, cur_side)):
        own = dict(zip(b["values"], b["counts"]))
        listed = [int(own[v]) for v in shared]
        counts.append([*listed, side["count"] - sum(listed)])
    return {"sides": [ref_side, cur_side], "values": shared, "other": True, "counts": counts,
            "appeared": [], "vanished": [], "n_appeared": None, "n_vanished": None}
