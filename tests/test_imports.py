"""The package's imports flow one way: no cycle, type-only imports included (read from the source's ast)."""

from __future__ import annotations

import ast
from pathlib import Path

import handyspark

PACKAGE = Path(handyspark.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, name: str, modules: set[str]) -> set[str]:
    """Every handyspark module ``path`` imports, anywhere in the file (functions and TYPE_CHECKING included).

    ``from . import cleaning`` imports the module ``cleaning``; ``from . import Bucket`` the package.
    """
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("handyspark")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if not module.startswith("handyspark"):
                continue
            for alias in node.names:
                found.add(f"{module}.{alias.name}" if f"{module}.{alias.name}" in modules else module)
    return found


def _graph() -> dict[str, set[str]]:
    paths = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: {m for m in _imports(path, name, set(paths)) if m in paths and m != name}
            for name, path in paths.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_checker_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycle_in_the_package():
    graph = _graph()
    assert "handyspark.frame" in graph and "handyspark.stratified_frame" in graph["handyspark.frame"]
    # the package's __init__ imports the facades to offer them; modules below import only submodules
    assert not any("handyspark" in targets for name, targets in graph.items() if name != "handyspark")
    assert _cycle({name: targets for name, targets in graph.items() if name != "handyspark"}) is None


def test_nothing_below_a_facade_imports_it():
    facades = {"handyspark.frame", "handyspark.stratified_frame", "handyspark.columns"}
    graph = _graph()
    below = {"handyspark.cleaning", "handyspark.stats", "handyspark.strata", "handyspark.imputation",
             "handyspark.fencing", "handyspark.outliers", "handyspark.evaluation", "handyspark.plotting"}
    offenders = {m: graph[m] & facades for m in graph if any(m.startswith(b) for b in below) and graph[m] & facades}
    assert offenders == {}


def test_old_import_paths_keep_working():
    import warnings

    from handyspark.binary_metrics import BinaryClassificationMetrics
    from handyspark.metrics import BinaryClassificationMetrics as OldMetrics
    from handyspark.pandas_functions import PandasColumns
    from handyspark.stats import boxstats
    from handyspark.stratified import StratifiedFrame as OldStratified
    from handyspark.stratified_frame import StratifiedFrame
    from handyspark.udf import PandasColumns as OldPandasColumns

    assert OldMetrics is BinaryClassificationMetrics and OldStratified is StratifiedFrame
    assert OldPandasColumns is PandasColumns
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        from handyspark.stats.binning import box_stats
    assert box_stats is boxstats.box_stats
    assert [w.category for w in caught] == [FutureWarning] and "handyspark.stats.boxstats" in str(caught[0].message)
