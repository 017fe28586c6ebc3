"""The documentation builds with warnings as errors, and every block of the README and the guides runs as pasted."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.doc_blocks import python_blocks, run_block, run_page

ROOT = Path(__file__).resolve().parents[1]


def test_docs_build_strict(tmp_path):
    mkdocs = Path(sys.executable).parent / "mkdocs"
    if not mkdocs.exists():
        pytest.fail("mkdocs is not installed: it is a dev extra (pip install -e '.[dev]')")
    result = subprocess.run([str(mkdocs), "build", "--strict", "-d", str(tmp_path / "site")],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    api = (tmp_path / "site" / "api" / "index.html").read_text()
    for member in ("show", "columns", "fill", "statistics_", "transformers", "safety_off", "toArrow"):
        assert f'id="handyspark.frame.HandyFrame.{member}"' in api, member  # inherited members included
    for member in ("fill", "fence", "outliers", "cols"):
        assert f'id="handyspark.stratified_frame.StratifiedFrame.{member}"' in api, member


PAGES = ["README.md", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "docs").glob("*.md"))]
OWN_TESTS = {"docs/migrating.md": "tests/test_migration.py", "docs/safety.md": "tests/test_safety.py"}


@pytest.mark.filterwarnings("ignore::UserWarning", "ignore::FutureWarning")
@pytest.mark.parametrize("page", [
    pytest.param(p, marks=() if p == "README.md" else pytest.mark.slow)  # the guides run with the slow part
    for p in PAGES if p not in OWN_TESTS and python_blocks((ROOT / p).read_text())
])
def test_every_block_runs_as_pasted_and_shows_true_figures(page, classic_spark, activate, tmp_path, monkeypatch):
    """Each page's blocks run in order from a namespace holding only ``spark``; every figure in a comment is checked."""
    import matplotlib.pyplot as plt

    activate(classic_spark)
    monkeypatch.chdir(tmp_path)  # pages that save models write under a scratch folder
    try:
        assert run_page(ROOT / page, classic_spark) == []
    finally:
        plt.close("all")


def test_the_figure_checker_can_fail(classic_spark, activate):
    activate(classic_spark)
    ns: dict = {"spark": classic_spark}
    assert run_block("x = 2 + 2  # 4\ny = [1, 2]  # 3 items\n", ns, "t") != []
    assert run_block("z = 0.198653  # 0.1987\n(891, 12)  # (891, 12)\nprint(1000)  # 1,000\n", ns, "t") == []
