"""The documentation builds with warnings as errors, and the README's examples run."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

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


def _python_blocks(text: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def test_readme_examples_run(classic_spark, capsys):
    blocks = _python_blocks((ROOT / "README.md").read_text())
    assert len(blocks) >= 2
    namespace = {"spark": classic_spark}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102
    assert namespace["hdf"].shape == (891, 12)
