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

__all__ = [
    "HandyException",
    "ColumnNotFoundError",
    "ColumnTypeError",
    "ArgumentError",
    "UnsupportedSliceError",
    "NotFittedError",
    "SafetyWarning",
    "spark_errors",
    "summarize_spark_error",
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


class SafetyWarning(UserWarning):
    """A driver-bound result was truncated to the safety limit."""


_PY_FRAME = re.compile(r'^\s*File "(?P<file>[^"]+)", line (?P<line>\d+), in (?P<func>.+)$')
_EXC_LINE = re.compile(r"^(?P<type>[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt|Warning)): ?(?P<msg>.*)$")
_SPARK_INTERNALS = ("/pyspark/", "/py4j/", "<frozen ")


def summarize_spark_error(exc: BaseException) -> str:
    """Condense a (possibly very long) Spark error into one line.

    For errors raised inside a Python worker (a pandas UDF), the summary is the
    user's exception type and message followed by the user's own frame; for
    other Spark errors it is the error class and the first line of its message.

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
    text = str(exc)
    lines = text.splitlines()
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
    if last_exc is not None:
        return f"{last_exc} (in {user_frame})"
    first = next((ln.strip() for ln in lines if ln.strip()), "")
    return f"{type(exc).__name__}: {first}"


def _is_spark_error(exc: BaseException) -> bool:
    module = type(exc).__module__ or ""
    return module.startswith(("pyspark.", "py4j.", "grpc"))


@contextlib.contextmanager
def spark_errors() -> Iterator[None]:
    """Turn errors coming from Spark into :class:`HandyException`.

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
        raise HandyException(summarize_spark_error(exc)) from exc
