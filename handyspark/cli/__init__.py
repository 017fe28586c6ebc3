"""The ``handyspark`` command: ``handyspark profile INPUT --out report.html`` profiles a file with Spark;
``handyspark compare REFERENCE CURRENT --out drift.html`` compares two (see :func:`main` for exit codes).

Also ``python -m handyspark profile ...``, and :func:`main` from a spark-submit job
(``examples/profile_job.py``). The command uses the process's active SparkSession when there is one
(a spark-submit job's, a notebook's) and leaves it running; otherwise it starts one (``--master``,
``local[*]`` by default, or ``--remote sc://...`` for Spark Connect) and stops it at the end. Progress
goes to stderr, one line per phase, and one summary line to stdout; bad input gets one line on stderr
and exit code 2. What it reads, and how: :mod:`.inputs`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

from .._compat import DataFrame, SparkSession
from .._validation import check_columns, check_positive_int, check_relative_error
from ..compare import Comparison, compare, compare_profile
from ..errors import ArgumentError, HandyException
from ..profile import Profile, profile
from ..stats.descriptive import DEFAULT_RELATIVE_ERROR
from ..strata import DEFAULT_MAX_STRATA, resolve_strata
from .inputs import FORMATS, input_format, read_input

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not the usage block
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="handyspark", description="handyspark's command line (see docs/profile.md).")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = commands.add_parser("profile", help="profile a file: every column's figures, as HTML or JSON",
                            description="Profile a file with Spark and write the report (HTML) or the profile (JSON).")
    p.add_argument("input", metavar="INPUT", help="a file, a folder of files or a glob; local or any URL Spark reads")
    p.add_argument("--out", required=True, metavar="FILE",
                   help="report.html (the report) or profile.json (Profile.to_json)")
    p.add_argument("--format", choices=list(FORMATS),
                   help="default: from INPUT's name (a folder: its files'), else parquet")
    p.add_argument("--by", nargs="+", action="extend", metavar="COL", help="stratify by these columns")
    p.add_argument("--columns", nargs="+", action="extend", metavar="COL", help="profile these columns only")
    p.add_argument("--k", type=int, default=10, metavar="K", help="top values per column (default 10)")
    p.add_argument("--bins", type=int, default=10, metavar="N", help="bins of the numeric histograms (default 10)")
    p.add_argument("--relative-error", type=float, default=DEFAULT_RELATIVE_ERROR, metavar="E",
                   help="the quantiles' relativeError (default 1e-4; 0 is exact)")
    p.add_argument("--approx", action="store_true", help="HyperLogLog++ distinct counts")
    p.add_argument("--spearman", choices=["auto", "pairwise", "ranks"], default="auto",
                   help="Spearman with missing values: each pair's rows ranked anew (pairwise, as pandas' corr), "
                        "each column ranked once (ranks), or pairwise while cheap (auto, the default)")
    p.add_argument("--max-strata", type=int, default=DEFAULT_MAX_STRATA, metavar="N",
                   help="the most strata --by may make (default 100)")
    p.add_argument("--option", action="append", default=[], metavar="KEY=VALUE",
                   help="a reader option, e.g. sep=; (csv reads header, inferSchema and escape='\"' by default)")
    _session_options(p)
    c = commands.add_parser("compare", help="compare two files (or a saved profile and a file): drift per column",
                            description="Compare CURRENT with REFERENCE (a file, or a profile.json saved by "
                                        "'handyspark profile') and write the report (HTML) or the comparison (JSON). "
                                        "Exit code 0: no column crossed an alarm threshold; 1: some did; 2: bad input.")
    c.add_argument("reference", metavar="REFERENCE", help="a file, folder or glob; or a profile saved as .json")
    c.add_argument("current", metavar="CURRENT", help="a file, a folder of files or a glob")
    c.add_argument("--out", required=True, metavar="FILE", help="drift.html (the report) or drift.json")
    c.add_argument("--format", choices=list(FORMATS), help="the files' format (default: from their names)")
    c.add_argument("--by", nargs="+", action="extend", metavar="COL",
                   help="compare per stratum of these columns (a saved profile brings its own strata)")
    c.add_argument("--columns", nargs="+", action="extend", metavar="COL", help="compare these columns only")
    c.add_argument("--bins", type=int, default=10, metavar="N", help="quantile bins of the numbers (default 10)")
    c.add_argument("--max-categories", type=int, default=50, metavar="N",
                   help="categories shown on their own (default 50)")
    c.add_argument("--psi", type=float, nargs=2, metavar=("WARN", "ALARM"), help="PSI thresholds (default 0.1 0.25)")
    c.add_argument("--ks", type=float, nargs=2, metavar=("WARN", "ALARM"), help="KS thresholds (default 0.1 0.2)")
    c.add_argument("--max-strata", type=int, default=DEFAULT_MAX_STRATA, metavar="N",
                   help="the most strata --by may make (default 100)")
    c.add_argument("--option", action="append", default=[], metavar="KEY=VALUE", help="a reader option")
    _session_options(c)
    return parser


def _session_options(p: argparse.ArgumentParser) -> None:
    where = p.add_mutually_exclusive_group()
    where.add_argument("--master", metavar="URL", help="the master of the session it starts (default local[*])")
    where.add_argument("--remote", metavar="URL",
                       help="a Spark Connect server to start the session on, e.g. sc://host:15002")


def _bad_input(command: str, exc: Exception) -> int:
    """Say what was wrong on one line of stderr; the exit code of bad input, 2."""
    print(f"handyspark {command}: error: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}",
          file=sys.stderr)
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``handyspark`` command; return its exit code (0 done, 2 bad input).

    Parameters
    ----------
    argv : list of str, optional
        The arguments after the program's name (``sys.argv[1:]`` by default).

    Returns
    -------
    int
        0 when the report is written (``compare``: and no column crossed an alarm threshold; 1 when one
        did); 2 for bad input (one line on stderr: argparse's usage errors,
        a missing file, an unknown column, a file not in its format, any
        :class:`~handyspark.errors.HandyException`). Other failures raise.

    Examples
    --------
    >>> import os, tempfile
    >>> from handyspark.datasets import titanic_path
    >>> out = os.path.join(tempfile.mkdtemp(), "titanic.json")
    >>> main(["profile", titanic_path(), "--out", out, "--columns", "Age", "Sex"])  # progress goes to stderr
    /...titanic.csv: 891 rows, 2 columns, 744 duplicate rows -> /...titanic.json in ... s
    0
    """
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # usage errors (2) and --help (0)
        return exc.code if isinstance(exc.code, int) else 2
    started = time.perf_counter()
    if args.command == "compare":
        return _compare_main(args, started)
    spark, created = None, False
    try:
        options = _checked(args)
        fmt = input_format(args.input, args.format)
        spark, created = _session(args.master, args.remote)
        with _phase(f"reading {args.input} as {fmt}", announce=False) as said:
            df = read_input(spark, args.input, fmt, options)
            check_columns(df, [*(args.by or []), *(args.columns or [])])  # before any job of the profile
            said.append(f"({len(df.columns)} columns)")
        by = f" by {', '.join(args.by)}" if args.by else ""
        with _phase(f"profiling {len(args.columns or df.columns)} columns{by}"):
            result = _profile(df, args)
        with _phase(f"writing {args.out}"):
            _write(result, args.out, title=f"Profile of {args.input}")
    except HandyException as exc:
        return _bad_input("profile", exc)
    finally:
        if created and spark is not None:
            spark.stop()
    print(_summary(result, args.input, args.out, time.perf_counter() - started))
    return 0


def _checked(args: argparse.Namespace) -> dict[str, str]:
    """Check the arguments that need no Spark; the reader options by key."""
    check_positive_int(args.k, "--k")
    check_positive_int(args.bins, "--bins")
    check_positive_int(args.max_strata, "--max-strata")
    check_relative_error(args.relative_error, "--relative-error")
    if _kind(args.out) is None:
        raise ArgumentError(f"--out must end in .html or .json, got {args.out!r}")
    if os.path.isdir(args.out):
        raise ArgumentError(f"--out {args.out!r} is a folder: give a file name ending in .html or .json")
    options = {}
    for item in args.option:
        key, eq, value = item.partition("=")
        if not eq or not key:
            raise ArgumentError(f"--option takes KEY=VALUE, got {item!r}")
        options[key] = value
    return options


def _kind(out: str) -> str | None:
    suffix = Path(out).suffix.lower()
    return "html" if suffix in (".html", ".htm") else "json" if suffix == ".json" else None


def _session(master: str | None, remote: str | None) -> tuple[SparkSession, bool]:
    """The active session, or one started for the command (and whether it was)."""
    active = SparkSession.getActiveSession()  # of the kind in use in this process
    if active is not None:
        return active, False
    if remote is not None:
        return SparkSession.builder.appName("handyspark-profile").remote(remote).getOrCreate(), True
    builder = (SparkSession.builder.appName("handyspark-profile").master(master or "local[*]")
               .config("spark.ui.showConsoleProgress", "false").config("spark.log.level", "ERROR"))
    return builder.getOrCreate(), True


def _profile(df: DataFrame, args: argparse.Namespace) -> Profile:
    """``hdf.profile(columns)``, or ``hdf.stratify(by).profile(columns)`` with ``--by``."""
    strata = resolve_strata(df, args.by, max_strata=args.max_strata) if args.by else None
    return profile(df, args.columns, strata, k=args.k, bins=args.bins, relativeError=args.relative_error,
                   approx=args.approx, spearman=args.spearman)


def _write(result: Profile, out: str, title: str) -> None:
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    if _kind(out) == "html":
        result.to_html(out, title=title)
    else:
        Path(out).write_text(result.to_json(indent=1) + "\n", encoding="utf-8")


@contextmanager
def _phase(what: str, announce: bool = True) -> Iterator[list[str]]:
    """One line of progress on stderr, ``what ... 1.2 s``: printed as the phase starts and completed as it
    ends, or, with ``announce=False``, printed when it ends (with the words added to the list it yields)."""
    started = time.perf_counter()
    if announce:
        print(f"{what} ... ", end="", file=sys.stderr, flush=True)
    more: list[str] = []
    try:
        yield more
    except BaseException:
        if announce:
            print("failed", file=sys.stderr, flush=True)
        raise
    took = f"{time.perf_counter() - started:.1f} s"
    print(took if announce else " ".join([what, *more, "...", took]), file=sys.stderr, flush=True)


def _summary(result: Profile, name: str, out: str, seconds: float) -> str:
    """``titanic.csv: 891 rows, 12 columns (3 strata), 0 duplicate rows -> report.html in 14.2 s``."""
    rows = sum(f["rows"] for f in result.frame)
    strata = f" ({len(result.keys)} strata)" if result.strata is not None else ""
    duplicates = [f["duplicates"] for f in result.frame]
    dup = "" if None in duplicates else f", {sum(duplicates):,} duplicate rows"
    return f"{name}: {rows:,} rows, {len(result.names)} columns{strata}{dup} -> {out} in {seconds:.1f} s"


def _saved_profile(path: str) -> Profile | None:
    """The profile in ``path`` when it is a local ``.json`` file written by ``Profile.to_json``, else None."""
    if not path.lower().endswith(".json") or not os.path.isfile(path):
        return None
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):  # JSON lines: data
        return None
    if isinstance(data, dict) and "histograms" in data and "format" in data:
        return Profile.from_dict(data)
    return None


def _compare_main(args: argparse.Namespace, started: float) -> int:
    """``handyspark compare``: 0 no alarm, 1 some column crossed an alarm threshold, 2 bad input."""
    spark, created = None, False
    try:
        options = _checked(argparse.Namespace(**{**vars(args), "k": 1, "relative_error": 0.0}))
        check_positive_int(args.max_categories, "--max-categories")
        thresholds = {name: tuple(getattr(args, name)) for name in ("psi", "ks") if getattr(args, name)}
        saved = _saved_profile(args.reference)
        if saved is not None and args.by:
            raise ArgumentError("--by cannot be used with a saved profile: it brings its own strata")
        fmt = input_format(args.current, args.format)
        ref_fmt = None if saved is not None else input_format(args.reference, args.format)
        spark, created = _session(args.master, args.remote)
        with _phase(f"reading {args.current} as {fmt}", announce=False):
            current = read_input(spark, args.current, fmt, options)
            reference = None if ref_fmt is None else read_input(spark, args.reference, ref_fmt, options)
            check_columns(reference if reference is not None else current, [*(args.by or []), *(args.columns or [])])
        with _phase("comparing"):
            if reference is None:
                assert saved is not None
                result = compare_profile(saved, current, args.columns, thresholds=thresholds)
            else:
                strata = resolve_strata(reference, args.by, max_strata=args.max_strata) if args.by else None
                result = compare(reference, current, args.columns, strata, bins=args.bins,
                                 max_categories=args.max_categories, thresholds=thresholds)
        with _phase(f"writing {args.out}"):
            Path(args.out).parent.mkdir(parents=True, exist_ok=True)
            if _kind(args.out) == "html":
                result.to_html(args.out, title=f"{args.current} against {args.reference}")
            else:
                Path(args.out).write_text(result.to_json(indent=1) + "\n", encoding="utf-8")
    except HandyException as exc:
        return _bad_input("compare", exc)
    finally:
        if created and spark is not None:
            spark.stop()
    print(_compare_summary(result, args.current, args.out, time.perf_counter() - started))
    return 1 if result.alarm else 0


def _compare_summary(result: Comparison, name: str, out: str, seconds: float) -> str:
    """``current.csv: 12 columns, 3 alarm, 2 warn -> drift.html in 9.1 s``."""
    flags = result.table["flag"].value_counts()
    strata = f" in {len(result.keys)} strata" if result.strata is not None else ""
    return (f"{name}: {len(result.names)} columns{strata}, {int(flags.get('alarm', 0))} alarm, "
            f"{int(flags.get('warn', 0))} warn -> {out} in {seconds:.1f} s")
