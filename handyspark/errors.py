"""Exception and warning classes, and the translation of Spark errors.

Every error handyspark raises is a :class:`HandyException`. The more specific
classes also inherit the matching builtin (``KeyError``, ``TypeError``,
``ValueError``, ``IndexError``) so that existing ``except ValueError`` code keeps
working, as scikit-learn does with its own errors.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Any

__all__ = [
    "HandyException",
    "ColumnNotFoundError",
    "ColumnTypeError",
    "ArgumentError",
    "UnsupportedSliceError",
    "NotFittedError",
    "QuantileBracketError",
    "VersionError",
    "SafetyWarning",
    "spark_errors",
    "summarize_spark_error",
    "as_handy_exception",
]


class HandyException(Exception):
    """The library's error type.

    When it comes from Spark, the first line of the message is a short summary
    (the original error type and message and, where known, the user's own line)
    and the full Spark error is kept as ``__cause__``.

    Examples
    --------
    >>> try:
    ...     raise HandyException("ValueError: boom")
    ... except HandyException as exc:
    ...     print(exc)
    ValueError: boom
    """


class ColumnNotFoundError(HandyException, KeyError):
    """A column that the frame does not have was named."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class ColumnTypeError(HandyException, TypeError):
    """A column has a type the operation cannot handle."""


class ArgumentError(HandyException, ValueError):
    """An argument has a value the operation cannot handle."""


class UnsupportedSliceError(HandyException, IndexError):
    """Distributed data only supports leading slices such as ``[:5]``."""


class NotFittedError(HandyException, ValueError, AttributeError):
    """A transformer was used before it learned its values."""


class QuantileBracketError(HandyException, RuntimeError):
    """Exact quantiles found an order statistic outside every bracket Spark's approximate ranks gave.

    Spark's ``percentile_approx`` promised a rank error it did not keep, even with wider brackets;
    no value is returned rather than a wrong one. The message names the columns.
    """


class VersionError(HandyException, NotImplementedError):
    """The installed PySpark (or pandas) lacks a feature: the message names it and the version needed.

    Raised before any Spark job runs. The features and the versions they need are listed in
    ``handyspark._compat.FEATURES`` (and in the documentation's version table).

    Examples
    --------
    >>> try:
    ...     raise VersionError("toArrow() needs PySpark >= 4.0 (found 3.5.9)")
    ... except NotImplementedError as exc:
    ...     print(exc)
    toArrow() needs PySpark >= 4.0 (found 3.5.9)
    """


class SafetyWarning(UserWarning):
    """A driver-bound result was truncated to the safety limit."""


_PY_FRAME = re.compile(r'^\s*File "(?P<file>[^"]+)", line (?P<line>\d+), in (?P<func>.+)$')
_EXC_LINE = re.compile(r"^(?P<type>[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt|Warning)): ?(?P<msg>.*)$")
_SPARK_INTERNALS = ("/pyspark/", "/py4j/", "<frozen ")


def _condition(exc: BaseException) -> str | None:
    """The error condition PySpark gives (``UNRESOLVED_COLUMN.WITH_SUGGESTION``), or None."""
    # getErrorClass only where getCondition is missing (PySpark 3.5): PySpark 4 warns that it is deprecated
    get = getattr(exc, "getCondition", None) or getattr(exc, "getErrorClass", None)
    if not callable(get):
        return None
    try:
        found = get()
    except Exception:  # noqa: BLE001 - a Py4J error without a JVM side, say
        found = None
    return str(found) if found else None


def _parameters(exc: BaseException) -> dict:
    get = getattr(exc, "getMessageParameters", None)
    try:
        found = get() if callable(get) else None
    except Exception:  # noqa: BLE001
        found = None
    return dict(found or {})


def _worker_error(lines: list[str]) -> str | None:
    """The user's exception and own line in a Python worker's traceback (text is all a worker error carries)."""
    user_frame = None
    last_exc = None
    for i, line in enumerate(lines):
        frame = _PY_FRAME.match(line)
        if frame and not any(part in frame["file"] for part in _SPARK_INTERNALS):
            following = lines[i + 1] if i + 1 < len(lines) else ""
            is_code = following[:1].isspace() and not (_PY_FRAME.match(following) or _EXC_LINE.match(following.strip()))
            user_frame = f'{frame["func"]}, line {frame["line"]}' + (f": {following.strip()}" if is_code else "")
        m = _EXC_LINE.match(line.strip())
        if m and user_frame is not None:
            last_exc = f'{m["type"].rsplit(".", 1)[-1]}: {m["msg"].removesuffix(" SQLSTATE: 38000").strip()}'
    return None if last_exc is None else f"{last_exc} (in {user_frame})"


def summarize_spark_error(exc: BaseException) -> str:
    """Condense a (possibly very long) Spark error into one line.

    For errors raised inside a Python worker (a pandas UDF), the summary is the
    user's exception type and message followed by the user's own frame. Other
    Spark errors give their type, their condition (``getCondition()``) and the
    first line of their message; when the message has no line of its own, the
    message parameters (``getMessageParameters()``).

    Parameters
    ----------
    exc : BaseException
        The error raised by PySpark.

    Returns
    -------
    str
        A single line.

    Examples
    --------
    >>> summarize_spark_error(ValueError("bad value\\nmore"))
    'ValueError: bad value'
    """
    lines = str(exc).splitlines()
    worker = _worker_error(lines)
    if worker is not None:
        return worker
    first = next((ln.strip() for ln in lines if ln.strip()), "")
    condition = _condition(exc)
    if condition is not None and f"[{condition}]" not in first:
        first = f"[{condition}] {first}".strip()
    if not first:
        first = ", ".join(f"{k}={v}" for k, v in _parameters(exc).items())
    return f"{type(exc).__name__}: {first}"


def _is_spark_error(exc: BaseException) -> bool:
    module = type(exc).__module__ or ""
    return module.startswith(("pyspark.", "py4j.", "grpc"))


_TWINS: dict[type, type] = {}
#: Methods a twin class adds when its Spark class lacks them (``handyspark._compat`` fills it for older PySpark).
TWIN_METHODS: dict[str, Any] = {}


def _twin_class(cls: type) -> type:
    """A class that is both a :class:`HandyException` and ``cls`` (made once per Spark error class)."""
    twin = _TWINS.get(cls)
    if twin is None:
        twin = type(cls.__name__, (HandyException, cls), {
            "__module__": __name__,
            "__doc__": f"A {cls.__module__}.{cls.__qualname__} raised through handyspark (also a HandyException).",
            "__str__": lambda self: self._handy_summary,
            **{name: method for name, method in TWIN_METHODS.items() if not hasattr(cls, name)},
        })
        _TWINS[cls] = twin
    return twin


def as_handy_exception(exc: BaseException) -> HandyException:
    """``exc`` as a HandyException that is still an instance of its own Spark class.

    Its ``str`` is the one-line summary (:func:`summarize_spark_error`); every
    attribute and method of the Spark error (``getCondition()``, ``getSqlState()``...)
    answers as before, so ``except AnalysisException`` keeps working.

    Examples
    --------
    >>> from pyspark.errors import AnalysisException
    >>> try:
    ...     df.select("nope")
    ... except AnalysisException as e:
    ...     err = as_handy_exception(e)
    >>> isinstance(err, AnalysisException) and isinstance(err, HandyException)
    True
    """
    summary = summarize_spark_error(exc)
    try:
        twin = _twin_class(type(exc))
        err: Any = Exception.__new__(twin)
        err.__dict__.update(getattr(exc, "__dict__", {}))
        err.args = (summary,)
        err._handy_summary = summary
        return err
    except TypeError:  # a class that cannot be combined (a layout conflict): the summary alone
        return HandyException(summary)


@contextlib.contextmanager
def spark_errors() -> Iterator[None]:
    """Turn errors coming from Spark into :class:`HandyException` instances that keep their Spark class.

    The summary line comes first; the original error is chained as the cause.
    Errors that handyspark raised itself pass through unchanged.

    Examples
    --------
    >>> with spark_errors():
    ...     pass
    """
    try:
        yield
    except HandyException:
        raise
    except Exception as exc:
        if not _is_spark_error(exc):
            raise
        raise as_handy_exception(exc) from exc
