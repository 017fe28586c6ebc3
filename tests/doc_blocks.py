"""Run a page's ```python blocks as pasted and check every figure their comments state.

A ``>>>`` block runs as doctest runs it (its outputs must match). Elsewhere, a figure is a number written in a comment: on a statement's line (``hdf.shape  # (891, 12)``) or on
the comment lines that follow it (a printed result, copied). Each must be found in what the statement
computed: the value of an expression statement, the names an assignment bound, or what it printed;
numbers that are part of the statement's own code (``[:5]  # the first 5``) count as found.
``0.198653`` is found when a value rounds to it at the decimals written; ``1,000`` is one thousand.
"""

from __future__ import annotations

import ast
import contextlib
import doctest
import io
import math
import re
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

NUMBER = re.compile(r"(?<![\w.])-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:e-?\d+)?(?![\w])")


def python_blocks(text: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def numbers_in(text: str) -> list[str]:
    return NUMBER.findall(text)


def _as_float(token: str) -> float:
    return float(token.replace(",", ""))


def _decimals(token: str) -> int:
    mantissa = token.replace(",", "").split("e")[0]
    return len(mantissa.split(".")[1]) if "." in mantissa else 0


def values_of(value: Any, depth: int = 0) -> Iterator[float]:
    """Every number a value holds (data, index labels, names, numbers inside strings)."""
    if depth > 6:
        return
    if isinstance(value, bool):
        return
    if isinstance(value, (int, float, np.integer, np.floating)):
        yield float(value)
    elif isinstance(value, str):
        for token in numbers_in(value):
            yield _as_float(token)
    elif isinstance(value, pd.DataFrame):
        yield from values_of(value.to_numpy().ravel().tolist(), depth + 1)
        yield from values_of(list(value.index), depth + 1)
        yield from values_of(list(value.columns), depth + 1)
    elif isinstance(value, (pd.Series, pd.Index)):
        yield from values_of(value.tolist(), depth + 1)
        if isinstance(value, pd.Series):
            yield from values_of(list(value.index), depth + 1)
    elif isinstance(value, pd.Interval):
        yield from values_of([value.left, value.right], depth + 1)
    elif isinstance(value, np.ndarray):
        yield from values_of(value.ravel().tolist(), depth + 1)
    elif isinstance(value, dict):
        yield from values_of(list(value.keys()), depth + 1)
        yield from values_of(list(value.values()), depth + 1)
    elif hasattr(value, "asDict"):  # a pyspark Row
        yield from values_of(value.asDict(), depth + 1)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from values_of(item, depth + 1)
        if isinstance(value, (list, tuple)):
            yield float(len(value))  # "10 rows"
    elif hasattr(value, "shape") and hasattr(value, "columns"):  # a HandyFrame: its shape
        yield from values_of(value.shape, depth + 1)


def found(token: str, candidates: list[float]) -> bool:
    want, decimals = _as_float(token), _decimals(token)
    tolerance = 0.5 * 10 ** -decimals if decimals else 0.5
    return any(math.isfinite(v) and abs(v - want) <= tolerance + 1e-12 for v in candidates)


@dataclass
class Figure:
    line: int
    token: str
    statement: str


def _comments(block: str) -> dict[int, str]:
    """Comment text by line number (1-based) of the block."""
    out: dict[int, str] = {}
    for tok in tokenize.generate_tokens(io.StringIO(block).readline):
        if tok.type == tokenize.COMMENT:
            out[tok.start[0]] = tok.string
    return out


def run_block(block: str, namespace: dict, filename: str) -> list[Figure]:
    """Execute ``block`` statement by statement in ``namespace``; the figures not found."""
    tree = ast.parse(block, filename)
    comments = _comments(block)
    lines = block.splitlines()
    missing: list[Figure] = []
    statements = tree.body
    for i, stmt in enumerate(statements):
        end = stmt.end_lineno or stmt.lineno
        until = statements[i + 1].lineno - 1 if i + 1 < len(statements) else len(lines)
        stated = [(n, comments[n]) for n in range(stmt.lineno, until + 1) if n in comments]
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            if isinstance(stmt, ast.Expr):
                value = eval(compile(ast.Expression(stmt.value), filename, "eval"), namespace)  # noqa: S307
                values = [value]
            else:
                exec(compile(ast.Module([stmt], []), filename, "exec"), namespace)  # noqa: S102
                names = [n.id for n in ast.walk(stmt) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)]
                values = [namespace[n] for n in names if n in namespace]
        if not stated:
            continue
        code = "\n".join(lines[stmt.lineno - 1:end])
        for n, text in comments.items():
            if stmt.lineno <= n <= end:
                code = code.replace(text, "")
        candidates = [v for value in values for v in values_of(value)]
        candidates += [_as_float(t) for t in numbers_in(printed.getvalue())]
        in_code = {_as_float(t) for t in numbers_in(code)}
        for n, text in stated:
            for token in numbers_in(text):
                if _as_float(token) in in_code or found(token, candidates):
                    continue
                missing.append(Figure(n, token, code.strip().splitlines()[0]))
    return missing


def run_session(block: str, namespace: dict, filename: str) -> list[str]:
    """Run a ``>>>`` block as doctest does: its printed outputs are compared with what runs."""
    test = doctest.DocTestParser().get_doctest(block, namespace, filename, filename, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    report = io.StringIO()
    runner.run(test, out=report.write, clear_globs=False)
    return [report.getvalue()] if runner.failures else []


def run_page(path: Path, spark) -> list[str]:
    """Run every block of a page in order, in one namespace holding only ``spark``; problems found."""
    namespace: dict = {"spark": spark}
    problems = []
    for k, block in enumerate(python_blocks(path.read_text())):
        if block.lstrip().startswith(">>>"):
            problems += run_session(block, namespace, f"{path.name}[block {k + 1}]")
            continue
        for figure in run_block(block, namespace, f"{path.name}[block {k + 1}]"):
            problems.append(f"{path.name} block {k + 1} line {figure.line}: {figure.token!r} not in what "
                            f"{figure.statement!r} computed")
    return problems
