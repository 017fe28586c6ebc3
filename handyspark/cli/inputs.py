"""What the command reads: the format of an input (its name, its files' names, its first bytes) and the read.

Local paths are checked here, before Spark starts: a missing file and a file that is not in the format
asked for are :class:`~handyspark.errors.ArgumentError`; URLs of other file systems go to Spark as they are.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator
from pathlib import Path

from .._compat import DataFrame, SparkSession
from ..errors import ArgumentError, HandyException, summarize_spark_error

__all__ = ["FORMATS", "input_format", "read_input"]

#: The formats ``--format`` takes; the file names that tell them when it is not given.
FORMATS = {"csv": (".csv",), "parquet": (".parquet", ".pq"), "json": (".json", ".jsonl", ".ndjson"), "orc": (".orc",)}
_COMPRESSION = {".gz", ".bz2", ".deflate", ".lz4", ".snappy", ".zst", ".zstd", ".xz", ".zlib", ".lzo", ".br"}
#: The signatures of the binary formats: how a file starts, and how it ends (ORC: its postscript's magic
#: field, number 8000, then the postscript's length).
_MAGIC = {"parquet": ((b"PAR1", b"PARE"), lambda tail: tail[-4:] in (b"PAR1", b"PARE")),
          "orc": ((b"ORC",), lambda tail: tail[-8:-1] == b"\x82\xf4\x03\x03ORC")}
_READ_OPTIONS = {"csv": {"header": "true", "inferSchema": "true", "escape": '"'}}  # escape: quotes as RFC 4180


def _local(path: str) -> str | None:
    """``path`` on this machine's file system, or None for a URL of another file system (hdfs://, s3a://...)."""
    if "://" not in path:
        return path
    scheme, rest = path.split("://", 1)
    return rest if scheme == "file" else None


def _format_of_name(name: str) -> str | None:
    """The format a file or folder name tells (``part-0.snappy.parquet``, ``data.csv.gz``), if any."""
    for suffix in reversed([s.lower() for s in Path(name.rstrip("/")).suffixes]):
        if suffix not in _COMPRESSION:
            return next((fmt for fmt, ends in FORMATS.items() if suffix in ends), None)
    return None


def _data_files(path: str, limit: int = 100) -> Iterator[str]:
    """The first data files of a local file, folder (Spark's ``_``/``.`` files left out) or glob."""
    count = 0
    for match in sorted(glob.glob(path)) if glob.has_magic(path) else [path]:
        if os.path.isfile(match):
            yield match
            count += 1
        for folder, dirs, files in os.walk(match):
            dirs[:] = sorted(d for d in dirs if not d.startswith(("_", ".")))
            for name in sorted(files):
                if count >= limit:
                    return
                if not name.startswith(("_", ".")):
                    yield os.path.join(folder, name)
                    count += 1


def _magic(path: str) -> str | None:
    """``parquet`` or ``orc`` when a file starts and ends as those do (None for text formats)."""
    with open(path, "rb") as f:
        head = f.read(4)
        f.seek(max(os.path.getsize(path) - 8, 0))
        tail = f.read(8)
    return next((fmt for fmt, (starts, ends) in _MAGIC.items() if head.startswith(starts) and ends(tail)), None)


def input_format(path: str, given: str | None = None) -> str:
    """The format to read ``path`` as: ``given``, or the one its name (a folder: its files' names) tells.

    A local file that starts and ends as Parquet or ORC files do is read as that format; the format is
    parquet (Spark's default data source) when nothing tells.

    Parameters
    ----------
    path : str
        A file, a folder or a glob: local, or a URL Spark reads (``hdfs://``, ``s3a://``: not looked at).
    given : {'csv', 'parquet', 'json', 'orc'}, optional
        The format asked for (``--format``).

    Returns
    -------
    str
        One of :data:`FORMATS`.

    Raises
    ------
    ArgumentError
        A local path that does not exist; a local file whose content is not the format ``given``.

    Examples
    --------
    >>> from handyspark.datasets import titanic_path
    >>> input_format(titanic_path()), input_format("hdfs://data/events"), input_format("s3a://b/t/part-0.json.gz")
    ('csv', 'parquet', 'json')
    """
    local = _local(path)
    if local is None:  # another file system: Spark will say whether it exists
        return given or _format_of_name(path) or "parquet"
    if not (glob.glob(local) if glob.has_magic(local) else os.path.exists(local)):
        raise ArgumentError(f"no such file or folder: {path}")
    files = list(_data_files(local))
    first = next((f for f in files if os.path.getsize(f) > 0), None)
    magic = _magic(first) if first is not None else None
    if given is not None:
        if magic is not None and magic != given:
            raise ArgumentError(f"cannot read {path} as {given}: {first} is a {magic} file (give --format {magic})")
        if first is not None and given in ("parquet", "orc") and magic is None:
            raise ArgumentError(f"cannot read {path} as {given}: {first} is not a {given} file "
                                f"(give the --format it is written in)")
        return given
    named = _format_of_name(local) or next((f for f in map(_format_of_name, files) if f), None)
    return magic or named or "parquet"


def read_input(spark: SparkSession, path: str, fmt: str, options: dict[str, str]) -> DataFrame:
    """``path`` read as ``fmt``, its schema known (read now, on Spark Connect too).

    A CSV is read with a header, inferred types and ``escape='"'`` (quotes inside values as RFC 4180 and
    pandas have them); ``options`` go to the reader after those.

    Parameters
    ----------
    spark : SparkSession
    path : str
    fmt : {'csv', 'parquet', 'json', 'orc'}
    options : dict of str to str
        Reader options (``--option KEY=VALUE``).

    Raises
    ------
    ArgumentError
        When Spark cannot read the file as ``fmt`` (its one-line summary of why), or, for JSON, when no
        line is a JSON record.

    Examples
    --------
    >>> from handyspark.datasets import titanic_path
    >>> read_input(spark, titanic_path(), "csv", {"samplingRatio": "0.5"}).columns[:3]
    ['PassengerId', 'Survived', 'Pclass']
    """
    try:
        df = spark.read.format(fmt).options(**{**_READ_OPTIONS.get(fmt, {}), **options}).load(path)
        names = df.columns  # Spark reads the schema now (on Connect too)
    except HandyException:
        raise
    except Exception as exc:  # noqa: BLE001 - every Spark error of the read is an unreadable input
        raise ArgumentError(f"cannot read {path} as {fmt}: {summarize_spark_error(exc)}") from exc
    if fmt == "json" and names == ["_corrupt_record"]:
        raise ArgumentError(f"cannot read {path} as json: no line is a JSON record")
    return df
