"""Hostile data for the hostile-input suite, and the rules every check follows.

The frame has two columns of every scalar Spark type: a *wild* one (the extremes of
the type, infinities, NaN, null) and a *tame* one (ordinary values with repeats,
nulls, NaN and -0.0 where the type has them), each under a hostile name (spaces,
dots, backticks, quotes, unicode, SQL keywords, leading digits), plus struct,
array and map columns and a row number ``#``.

Every check compares handyspark with pandas (the oracle, computed on ``toPandas()``
of the same Spark frame) or accepts a :class:`~handyspark.HandyException` subclass
whose message names the column (see :func:`refusal`); anything else fails, with a
message that says what handyspark did and what pandas gives.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from handyspark import Bucket, HandyException

N_ROWS = 24
NA = "<NA>"  # what missing values (None, NaN, NaT) are compared as

I8, I16, I32, I64 = (-(2**7), 2**7 - 1), (-(2**15), 2**15 - 1), (-(2**31), 2**31 - 1), (-(2**63), 2**63 - 1)
F32_MAX, F32_TINY = float(np.finfo(np.float32).max), float(np.float32(1.401298464324817e-45))
F64_MAX, F64_TINY = float(np.finfo(np.float64).max), 5e-324
D38_MAX = Decimal("99999999999999999999.999999999999999999")
D38_MIN = Decimal("-99999999999999999999.999999999999999999")  # not -D38_MAX: the default context keeps 28 digits
INF, NAN = float("inf"), float("nan")
HOSTILE_STRINGS = ["it's", 'say "hi"', "' OR 1=1 --", "line\nbreak", "", "数据 ünï", "`tick`", "select", "NaN",
                   "null", "  ", "a\tb", "\\", "%_*", "Robert'); DROP TABLE t;--", "\u00a0", "🙂", "x" * 300]


def _wild_int(lo: int, hi: int) -> list:
    return [lo, hi, 0, -1, 1, None, hi, lo, 5, 3, 7, 7, 2, -5, 11, 0, 4, 9, 7, None, 8, 2, -3, 6]


def _wide_int(lo: int, hi: int) -> list:
    spread = [lo + (hi - lo) * k // 20 for k in range(21)]
    return spread[:10] + [None, spread[3]] + spread[10:] + [None]


def _wild_float(big: float, tiny: float) -> list:
    return [NAN, INF, -INF, -0.0, 0.0, big, -big, tiny, None, 1.5, 2.5, -3.25, 4.0, 4.0, 4.0, 0.5, -1.0, 10.0,
            7.75, 3.0, 2.0, None, -0.0, 6.0]


TAME_FLOAT = [-0.0, 0.0, 1.5, 1.5, 2.25, NAN, None, 3.0, -7.5, 0.0, 1.5, 2.25, 9.0, -0.0, 4.5, 5.0, None, 2.0, 3.5,
              1.0, 0.25, 6.0, NAN, 8.0]


def _decimals(texts: Sequence[str | None]) -> list:
    return [None if t is None else Decimal(t) for t in texts]


WILD_DEC5 = _decimals(["999.99", "-999.99", "0.00", "0.01", "-0.01", None, "1.67", "2.50", "2.50", "3.33", "100.00",
                       "-50.25", None, "12.34", "5.00", "5.00", "5.00", "7.77", "0.10", "8.88", "9.99", "-1.00",
                       "4.44", "6.66"])
TAME_DEC5 = _decimals(["1.00", "2.00", "2.00"] * 7 + [None] * 3)
WILD_DEC38 = [D38_MAX, D38_MIN, Decimal(0), Decimal("1E-18"), Decimal("-1E-18"), None,
              *_decimals(["1.5", "2.5", "-3.25", "4", "4", "4", "0.5", "-1", "10", "7.75", "3", "2", None, "6",
                          "8.125", "0.000000000000000001", "-12345678901234567890.123456789012345678", "9"])]
TAME_DEC38 = _decimals(["1.000000000000000001", "2.5", "2.5", None, "-3.75", "0", "4.25", "2.5", "7", "1.5", None,
                        "3.333333333333333333", "8", "2.5", "-1", "6", "5.5", "0.5", "9.75", "1", "4", "3", None,
                        "2"])
WILD_BOOL = [True, False, None, True, True, False, None, False, True, True, False, True, None, False, True, False,
             True, True, False, None, True, False, True, False]
TAME_BOOL = [True] * 10 + [False, None] + [True] * 12
WILD_STRING = HOSTILE_STRINGS + [None, "it's", "' OR 1=1 --", None, "select", "it's"]
TAME_STRING = (["a", "b", "' OR 1=1 --", None, 'say "hi"', "a"] * 4)
_D = dt.date
WILD_DATE = [_D(1, 1, 1), _D(9999, 12, 31), _D(1970, 1, 1), None, _D(2000, 2, 29), _D(1969, 12, 31),
             _D(1582, 10, 10), _D(1582, 10, 15), _D(1900, 1, 1), None, _D(2024, 12, 31), _D(1970, 1, 1),
             _D(1970, 1, 1), _D(2038, 1, 19), _D(1, 1, 2), _D(9999, 12, 30), _D(2020, 2, 29), _D(1999, 12, 31),
             _D(2000, 1, 1), _D(1066, 10, 14), None, _D(2262, 4, 12), _D(1677, 9, 20), _D(2000, 2, 29)]
TAME_DATE = [_D(2020, 1, 1), _D(2020, 1, 2), None, _D(2020, 1, 1), _D(2021, 6, 30), _D(2020, 1, 2)] * 4
_T = dt.datetime
WILD_TS = [_T(1677, 9, 22), _T(2262, 4, 10, 23, 59, 59, 999999), _T(1970, 1, 1), _T(1969, 12, 31, 23, 59, 59, 999999),
           None, _T(2024, 3, 10, 2, 30), _T(2024, 11, 3, 1, 30), _T(2000, 2, 29, 12), _T(1900, 1, 1), None,
           _T(1970, 1, 1), _T(2038, 1, 19, 3, 14, 8), _T(2020, 1, 1, 0, 0, 0, 1), _T(1999, 12, 31, 23, 59, 59),
           _T(2000, 1, 1), _T(1970, 1, 1), _T(2001, 9, 9, 1, 46, 40), _T(1677, 9, 22, 0, 0, 1), None,
           _T(2262, 4, 10), _T(2015, 6, 30, 23, 59, 59), _T(2016, 12, 31, 23, 59, 59), _T(1980, 1, 6),
           _T(2000, 2, 29, 12)]
TAME_TS = [_T(2020, 1, 1, 12), _T(2020, 1, 1, 13), None, _T(2020, 1, 1, 12), _T(2021, 6, 30), _T(2020, 1, 1, 13)] * 4
ROW_IDS = list(range(N_ROWS))


@dataclass(frozen=True)
class Col:
    """One column of the hostile frame."""

    name: str
    type: str  # Spark DDL type
    kind: str  # 'wild', 'tame', 'nested' or 'id'
    values: tuple

    @property
    def id(self) -> str:
        return f"{self.type}|{self.kind}|{self.name!r}"

    @property
    def numeric(self) -> bool:
        return self.type in ("tinyint", "smallint", "int", "bigint", "float", "double") or self.type.startswith("decimal")

    @property
    def floating(self) -> bool:
        return self.type in ("float", "double")


def _col(name: str, type_: str, kind: str, values: Sequence) -> Col:
    assert len(values) == N_ROWS, (name, len(values))
    return Col(name, type_, kind, tuple(values))


COLUMNS: list[Col] = [
    _col("#", "bigint", "id", ROW_IDS),
    _col("select", "tinyint", "wild", _wild_int(*I8)),
    _col("b`y.te 1", "tinyint", "tame", _wide_int(*I8)),
    _col("from", "smallint", "wild", _wild_int(*I16)),
    _col("sh'ort", "smallint", "tame", _wide_int(*I16)),
    _col("order", "int", "wild", _wild_int(*I32)),
    _col('in"t"', "int", "tame", _wide_int(*I32)),
    _col("1st", "bigint", "wild", _wild_int(*I64)),
    _col("lo ng.x", "bigint", "tame", _wide_int(*I64)),
    _col("a b", "float", "wild", _wild_float(F32_MAX, F32_TINY)),
    _col("ƒløat", "float", "tame", TAME_FLOAT),
    _col("a.b", "double", "wild", _wild_float(F64_MAX, F64_TINY)),
    _col("do`uble", "double", "tame", TAME_FLOAT),
    _col("it's", "decimal(5,2)", "wild", WILD_DEC5),
    _col("dec 5.2", "decimal(5,2)", "tame", TAME_DEC5),
    _col('say "hi"', "decimal(38,18)", "wild", WILD_DEC38),
    _col("38.dec", "decimal(38,18)", "tame", TAME_DEC38),
    _col("ünï©ødé 数", "boolean", "wild", WILD_BOOL),
    _col("x' OR 1=1 --", "boolean", "tame", TAME_BOOL),
    _col("a`b", "string", "wild", WILD_STRING),
    _col("str.in g", "string", "tame", TAME_STRING),
    _col("date", "date", "wild", WILD_DATE),
    _col("d'ate", "date", "tame", TAME_DATE),
    _col("timestamp", "timestamp", "wild", WILD_TS),
    _col("ts.1 `x`", "timestamp", "tame", TAME_TS),
    _col("ntz 数", "timestamp_ntz", "wild", WILD_TS),
    _col("1ntz", "timestamp_ntz", "tame", TAME_TS),
    _col("st.ruct `x`", "struct<x:int,`y z`:string>", "nested",
         [None if i % 7 == 3 else (i % 3, HOSTILE_STRINGS[i % len(HOSTILE_STRINGS)]) for i in range(N_ROWS)]),
    _col("ar ray", "array<double>", "nested",
         [None if i % 5 == 2 else [float(i), NAN, -0.0][: i % 4] for i in range(N_ROWS)]),
    _col("m'ap", "map<string,int>", "nested",
         [None if i % 6 == 1 else {HOSTILE_STRINGS[i % 5]: i, "k": None} for i in range(N_ROWS)]),
]
BY_NAME = {c.name: c for c in COLUMNS}
SCALAR = [c for c in COLUMNS if c.kind in ("wild", "tame")]
NESTED = [c for c in COLUMNS if c.kind == "nested"]
NUMERIC = [c for c in COLUMNS if c.numeric and c.kind != "id"]
TAME = [c for c in SCALAR if c.kind == "tame"]


def ddl(columns: Sequence[Col]) -> str:
    """A DDL schema of ``columns`` with every name in backticks."""
    return ", ".join(f"`{c.name.replace('`', '``')}` {c.type}" for c in columns)


def rows(columns: Sequence[Col]) -> list[tuple]:
    return [tuple(c.values[i] for c in columns) for i in range(N_ROWS)]


def ids(columns: Sequence[Col]) -> list[str]:
    return [c.id for c in columns]


# ---------------------------------------------------------------------- outcomes
@dataclass
class Outcome:
    """What a call did: its value, or the exception it raised."""

    value: Any = None
    error: BaseException | None = None


def attempt(fn: Callable[[], Any]) -> Outcome:
    try:
        return Outcome(fn())
    except Exception as exc:  # noqa: BLE001 - every error is judged by refusal()
        return Outcome(error=exc)


def _spark_error(exc: BaseException | None) -> bool:
    if exc is None:
        return False
    return (type(exc).__module__ or "").startswith(("pyspark.", "py4j.", "grpc"))


def refusal(exc: BaseException, names: Sequence[str], user_function: bool = False) -> str | None:
    """Why ``exc`` is not an acceptable answer to hostile input on ``names``, or None if it is.

    Acceptable: a HandyException that handyspark raised on purpose (not a Spark error
    passed through ``spark_errors``) whose message names one of the columns. With
    ``user_function``, an error raised inside the user's own function (a pandas UDF),
    summarised as the SPEC says, is acceptable too if it names the column.
    """
    summary = f"{type(exc).__module__}.{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:400]
    if not isinstance(exc, HandyException):
        return f"raised a non-HandyException {summary}"
    from_udf = user_function and type(exc.__cause__).__name__ == "PythonException"
    if _spark_error(exc.__cause__) and not from_udf:  # a Spark error passed through (it keeps its Spark class)
        return f"raised a Spark error passed through as HandyException ({summary})"
    if not any(name in str(exc) for name in names):
        return f"raised {summary} without naming {list(names)}"
    return None


def check(outcome: Outcome, names: Sequence[str], oracle: Callable[[], Any], same: Callable[[Any, Any], str | None],
          user_function: bool = False):
    """Assert that ``outcome`` equals the oracle, or is an acceptable refusal naming ``names``."""
    if outcome.error is not None:
        why = refusal(outcome.error, names, user_function)
        assert why is None, why
        return
    want = attempt(oracle)
    if want.error is not None:
        raise AssertionError(f"returned {short(outcome.value)} where pandas raises "
                             f"{type(want.error).__name__}: {want.error} (expected a HandyException naming {list(names)})")
    diff = same(outcome.value, want.value)
    assert diff is None, diff


def short(value: Any, n: int = 300) -> str:
    text = repr(value)
    return text if len(text) <= n else text[:n] + "..."


# ---------------------------------------------------------------------- comparing values
def is_na(v: Any) -> bool:
    if v is None or v is pd.NaT:
        return True
    if isinstance(v, (float, np.floating)):
        return math.isnan(v)
    try:
        return bool(pd.isna(v)) if np.ndim(v) == 0 else False
    except (TypeError, ValueError):
        return False


def plain(v: Any) -> Any:
    """A plain Python value for comparing: NA for missing, numpy scalars unwrapped, Timestamps as datetimes."""
    if hasattr(v, "asDict"):  # a Row (struct)
        return {k: plain(x) for k, x in v.asDict().items()}
    if isinstance(v, np.ndarray):
        return [plain(x) for x in v.tolist()]
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if is_na(v):
        return NA
    if isinstance(v, pd.Timestamp):
        return v.to_pydatetime()
    if isinstance(v, pd.Interval):
        return (plain(v.left), plain(v.right), v.closed)
    if isinstance(v, np.generic):
        return v.item()
    return v


def _number(v: Any) -> bool:
    return isinstance(v, (int, float, Decimal)) and not isinstance(v, bool)


def same_value(got: Any, want: Any, rel: float = 1e-9, abs_tol: float = 0.0) -> str | None:
    """None when ``got`` equals ``want`` (NA equals NA; numbers within ``rel``), else a description.

    A float32 result of pandas (computed in single precision) is compared at single precision.
    """
    if isinstance(got, np.float32) or isinstance(want, np.float32):
        rel = max(rel, 1e-6)
    if isinstance(got, Decimal) and got.is_finite():  # a decimal result holds its type's digits, rounded (fills:
        abs_tol = max(abs_tol, 10.0 ** got.as_tuple().exponent)  # nearest; fences: inward): one unit of its last place
    g, w = plain(got), plain(want)
    if g == NA or w == NA:
        return None if g == w else f"got {short(got)}, pandas {short(want)}"
    if isinstance(g, bool) or isinstance(w, bool):
        return None if type(g) is type(w) and g == w else f"got {short(got)}, pandas {short(want)}"
    if _number(g) and _number(w):
        fg, fw = float(g), float(w)
        if fg == fw or (math.isfinite(fg) and math.isfinite(fw) and math.isclose(fg, fw, rel_tol=rel, abs_tol=abs_tol)):
            return None
        return f"got {short(got)}, pandas {short(want)}"
    if isinstance(g, list) and isinstance(w, list):
        if len(g) != len(w):
            return f"got {short(got)}, pandas {short(want)}"
        diffs = [same_value(a, b, rel, abs_tol) for a, b in zip(g, w)]
        return None if all(d is None for d in diffs) else f"got {short(got)}, pandas {short(want)}"
    if isinstance(g, dict) and isinstance(w, dict):
        if set(g) != set(w) or any(same_value(g[k], w[k], rel, abs_tol) for k in g):
            return f"got {short(got)}, pandas {short(want)}"
        return None
    if isinstance(g, dt.datetime) and isinstance(w, dt.datetime):
        return None if g.replace(tzinfo=None) == w.replace(tzinfo=None) else f"got {got!r}, pandas {want!r}"
    return None if g == w else f"got {short(got)}, pandas {short(want)}"


def same_sequence(got: Sequence, want: Sequence, what: str = "values", rel: float = 1e-9,
                  abs_tol: float = 0.0) -> str | None:
    """Element-wise comparison; describes the first few differing positions (float32 data: single precision)."""
    if np.float32 in (getattr(got, "dtype", None), getattr(want, "dtype", None)):
        rel = max(rel, 1e-6)
    got, want = list(got), list(want)
    if len(got) != len(want):
        return f"{what}: {len(got)} rows, pandas {len(want)}"
    bad = [(i, d) for i, (a, b) in enumerate(zip(got, want)) if (d := same_value(a, b, rel, abs_tol)) is not None]
    if not bad:
        return None
    shown = "; ".join(f"row {i}: {d}" for i, d in bad[:4])
    return f"{what}: {len(bad)} of {len(want)} differ ({shown})"


def hashable(v: Any) -> Any:
    """A hashable, comparable key for a value (missing values are NA; -0.0 equals 0.0 as in pandas)."""
    p = plain(v)
    if isinstance(p, list):
        return ("list", tuple(hashable(x) for x in p))
    if isinstance(p, dict):
        return ("dict", tuple(sorted((str(k), hashable(x)) for k, x in p.items())))
    if isinstance(v, pd.Interval):  # bins: edges compared to 12 significant digits
        return ("interval", float(f"{v.left:.12g}"), float(f"{v.right:.12g}"), v.closed)
    if isinstance(p, float) and p == 0.0:
        return 0.0
    if isinstance(p, int) and not isinstance(p, bool) and abs(p) > 2**53:
        return float(p)  # pandas holds a bigint column with nulls as float64
    return p


def same_mapping(got: dict, want: dict, what: str, rel: float = 1e-9,
                 abs_tol: float | Callable[[Any], float] = 0.0) -> str | None:
    """Compare two dicts keyed by :func:`hashable` keys (``abs_tol`` may depend on the key)."""
    missing = [k for k in want if k not in got]
    extra = [k for k in got if k not in want]
    tol_of = abs_tol if callable(abs_tol) else (lambda _: abs_tol)
    diffs = [(k, d) for k in want if k in got and (d := same_value(got[k], want[k], rel, tol_of(k))) is not None]
    if not (missing or extra or diffs):
        return None
    parts = []
    if missing:
        parts.append(f"missing keys {short(missing, 200)}")
    if extra:
        parts.append(f"extra keys {short(extra, 200)}")
    if diffs:
        parts.append("; ".join(f"{short(k, 80)}: {d}" for k, d in diffs[:4]))
    return f"{what}: " + ", ".join(parts)


def keyed_tuples(series: pd.Series) -> dict:
    """As :func:`keyed`, with every key a tuple (one element per index level)."""
    out = keyed(series)
    return out if series.index.nlevels > 1 else {(k,): v for k, v in out.items()}


def strata_codes(keys: Sequence[pd.Series]) -> tuple[pd.Series, dict[int, tuple]]:
    """Number the strata (distinct tuples of :func:`hashable` keys; missing values form their own stratum,
    as ``groupby(dropna=False)``): the code of every row, and each code's key tuple."""
    tuples = list(zip(*[[hashable(v) for v in k] for k in keys]))
    index: dict[tuple, int] = {}
    codes = [index.setdefault(t, len(index)) for t in tuples]
    return pd.Series(codes, index=keys[0].index), {c: t for t, c in index.items()}


def per_stratum(table: pd.Series | pd.DataFrame, labels: dict[int, tuple]) -> dict:
    """A result grouped by stratum codes (and maybe one more level) as {(stratum keys..., [inner]): value}."""
    if isinstance(table, pd.DataFrame):
        table = table.stack(future_stack=True)
    out = {}
    for key, value in table.items():
        code, *inner = key if isinstance(key, tuple) else (key,)
        out[(*labels[code], *(hashable(i) for i in inner))] = value
    return out


def keyed(series: pd.Series) -> dict:
    """A Series as {hashable index key: value}; two index entries with one key are a difference (kept as a list)."""
    out: dict = {}
    levels = series.index.nlevels
    for key, value in series.items():
        k = tuple(hashable(x) for x in key) if levels > 1 else hashable(key)
        if k in out:
            out[k] = ["DUPLICATE KEY", out[k], value]
        else:
            out[k] = value
    return out


def value_counts_oracle(s: pd.Series, dropna: bool) -> dict:
    """pandas' value_counts as {hashable value: count}."""
    from collections import Counter

    keys = [hashable(v) for v in s]
    return dict(Counter(k for k in keys if not (dropna and k == NA)))


def numeric(s: pd.Series) -> pd.Series:
    """A column as float64 for pandas arithmetic (decimals come from toPandas as objects)."""
    if s.dtype == object:
        return s.map(lambda v: np.nan if v is None else float(v)).astype("float64")
    return s.astype("float64")


def scale(s: pd.Series) -> float:
    """The largest magnitude among a column's finite values (0 for non-numeric columns)."""
    try:
        x = numeric(s).to_numpy()
    except (TypeError, ValueError):
        return 0.0
    x = x[np.isfinite(x)]
    return float(np.abs(x).max()) if len(x) else 0.0


def tol(s: pd.Series, power: int = 1) -> float:
    """An absolute tolerance at double precision for a statistic of a column (its mean, quantiles, deviation:
    ``power=1``; its variance: ``power=2``). Doubles carry ~16 digits of the data's own size: a mean of
    values near ±9.2e18 is only known to a few thousand, whatever the algorithm."""
    size = scale(s)
    if size > 1e100:  # the statistic itself is at the edge of the double range: compare exactly
        return 0.0
    return 1e-12 * size**power


def entropy_oracle(s: pd.Series) -> float:
    counts = s.map(hashable, na_action="ignore").value_counts(dropna=True).to_numpy(dtype=float)
    p = counts / counts.sum()
    return float(-(p * np.log2(p)).sum())


def present(s: pd.Series) -> pd.Series:
    """The non-missing values of a column (pandas' ``skipna``)."""
    return s[~s.isna()]


@contextlib.contextmanager
def spark_conf(spark, key: str, value: str):
    """Set a session conf for the block and restore it after."""
    old = spark.conf.get(key, None)
    spark.conf.set(key, value)
    try:
        yield
    finally:
        if old is None:
            spark.conf.unset(key)
        else:
            spark.conf.set(key, old)


# ---------------------------------------------------------------------- strata, fill and fence oracles
OUT_OF_RANGE = "out of range"  # the stratum of ±inf in a Bucket/Quantile column (docs/cleaning.md)


def bin_labels(values: pd.Series, edges: Sequence[float]) -> pd.Series:
    """The bin of each value as ``pd.Interval`` (closed left, the last closed on both sides; NaN missing).

    As docs/cleaning.md says: bins are cut from the finite values, and ``±inf`` falls in the stratum
    ``out of range``.
    """
    edges = list(edges)
    out: list = []
    for v in values:
        if is_na(v):
            out.append(np.nan)
            continue
        if math.isinf(float(v)):
            out.append(OUT_OF_RANGE)
            continue
        i = int(np.searchsorted(edges, v, side="right")) - 1
        i = min(i, len(edges) - 2)
        out.append(pd.Interval(edges[i], edges[i + 1], closed="both" if i == len(edges) - 2 else "left"))
    return pd.Series(out, index=values.index, dtype=object)


def _finite(values: pd.Series) -> np.ndarray:
    x = numeric(values).dropna().to_numpy()
    return x[np.isfinite(x)]


def bucket_edges(values: pd.Series, bins: int) -> list[float]:
    """``Bucket`` edges as numpy's histogram makes them from the finite values (raises, as numpy, on a range
    too wide for a double)."""
    with np.errstate(over="raise", invalid="raise"):
        return list(np.histogram_bin_edges(_finite(values), bins=bins))


def quantile_edges(values: pd.Series, bins: int) -> list[float]:
    """``Quantile(..., relativeError=0)`` edges: min, the exact (interpolated) k/bins quantiles, max of the
    finite values; distinct."""
    x = pd.Series(_finite(values))
    points = [x.min(), *x.quantile([k / bins for k in range(1, bins)]).tolist(), x.max()]
    return sorted({float(p) for p in points})


def mode_of(s: pd.Series) -> Any:
    """pandas' first mode of the non-missing values (ties: the smallest), or NaN."""
    values = present(s)
    return values.mode().iloc[0] if len(values) else np.nan


def fill_oracle(pdf: pd.DataFrame, keys: pd.Series | None, plan: Sequence[tuple[str, str]]) -> pd.DataFrame:
    """The frame filled as pandas would: per stratum (``keys``: codes from :func:`strata_codes`), the global
    value where a stratum has no value; ``plan`` holds ``(column, 'mode' | 'mean' | 'median')``."""
    out = pdf.copy()
    for column, how in plan:
        s = pdf[column] if how == "mode" else numeric(pdf[column])
        glob = mode_of(s) if how == "mode" else getattr(s, how)()
        if keys is None:
            per_row = pd.Series([glob] * len(s), index=s.index, dtype=object)
        else:
            per = s.groupby(keys).transform(mode_of if how == "mode" else how)
            per_row = pd.Series([glob if is_na(v) else v for v in per], index=s.index, dtype=object)
        out[column] = [f if is_na(v) else v for v, f in zip(s, per_row)]
    return out


def fence_oracle(pdf: pd.DataFrame, keys: pd.Series | None, columns: Sequence[str], k: float = 1.5):
    """(the clipped frame, {column: sorted list of [lower, upper] fences}) as pandas computes them."""
    out = pdf.copy()
    fences = {}
    for column in columns:
        s = numeric(pdf[column])
        groups = [(None, s)] if keys is None else list(s.groupby(keys))
        clipped = s.copy()
        pairs = []
        for _, part in groups:
            if part.notna().sum() == 0:
                continue
            q1, q3 = part.quantile(0.25), part.quantile(0.75)
            lo, hi = q1 - k * (q3 - q1), q3 + k * (q3 - q1)
            pairs.append([lo, hi])
            clipped[part.index] = part.clip(lo, hi)
        out[column] = clipped
        fences[column] = sorted(pairs)
    return out, fences


def outliers_oracle(pdf: pd.DataFrame, codes: pd.Series | None, labels: dict | None, columns: Sequence[str],
                    k: float, ratio: bool) -> dict:
    """{(stratum keys..., column) or column: count (or fraction of rows) outside Tukey's fences}."""
    out = {}
    for column in columns:
        s = numeric(pdf[column])
        groups = [(None, s)] if codes is None else list(s.groupby(codes))
        for code, part in groups:
            q1, q3 = part.quantile(0.25), part.quantile(0.75)
            lo, hi = q1 - k * (q3 - q1), q3 + k * (q3 - q1)
            n = int(((part < lo) | (part > hi)).sum())
            value = n / len(part) if ratio else n
            out[(*labels[code], column) if codes is not None else column] = value
    return out


def same_frame(got: pd.DataFrame, want: pd.DataFrame, rel: float = 1e-9) -> str | None:
    """Same columns in the same order, same number of rows, every cell equal (see :func:`same_value`;
    numbers also within :func:`tol` of the column)."""
    if list(got.columns) != list(want.columns):
        return f"columns {list(got.columns)}, expected {list(want.columns)}"
    diffs = [d for c in want.columns
             if (d := same_sequence(got[c], want[c], repr(c), rel, tol(want[c]))) is not None]
    return "; ".join(diffs) or None


def pandas_keys(pdf: pd.DataFrame, items) -> tuple[pd.Series, dict[int, tuple]]:
    """The stratum of every row as pandas sees it (bins as Intervals), numbered (see ``strata_codes``)."""
    keys = []
    for item in items:
        if isinstance(item, str):
            keys.append(pdf[item])
        elif isinstance(item, Bucket):
            keys.append(bin_labels(pdf[item.col], bucket_edges(pdf[item.col], item.bins)))
        else:
            keys.append(bin_labels(pdf[item.col], quantile_edges(pdf[item.col], item.bins)))
    return strata_codes(keys)
