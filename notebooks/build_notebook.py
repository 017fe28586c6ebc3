"""Build and execute notebooks/Exploring_Titanic.ipynb from the walkthrough's steps.

    .venv/bin/python notebooks/build_notebook.py

The notebook and ``examples/titanic_walkthrough.py`` share their steps, so they cannot drift apart.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

SETUP = """\
%matplotlib inline
import os, sys, tempfile
os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
from pprint import pprint
import matplotlib.pyplot as plt
from pyspark.sql import DataFrame, SparkSession
import handyspark
from handyspark import BinaryClassificationMetrics, Bucket, HandyException, Quantile
from handyspark.datasets import titanic

# quiet: no progress bars, and Spark's own log off (every error reaches the notebook as an exception)
spark = (SparkSession.builder.master("local[2]").appName("Exploring Titanic")
         .config("spark.sql.shuffle.partitions", "4").config("spark.ui.enabled", "false")
         .config("spark.ui.showConsoleProgress", "false").config("spark.log.level", "OFF").getOrCreate())
OUT = __import__("pathlib").Path(tempfile.mkdtemp())
"""


def _walkthrough():
    spec = importlib.util.spec_from_file_location("titanic_walkthrough", ROOT / "examples" / "titanic_walkthrough.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build() -> nbformat.NotebookNode:
    walk = _walkthrough()
    cells = [
        nbformat.v4.new_markdown_cell(
            "# Exploring the Titanic with handyspark\n\n"
            "Every statistic and plot below is computed by Spark; only small aggregates reach the driver. "
            "The same steps run as a script: `./dev walkthrough`."
        ),
        nbformat.v4.new_code_cell(SETUP),
    ]
    for title, code in walk.STEPS:
        cells.append(nbformat.v4.new_markdown_cell(f"## {title}"))
        cells.append(nbformat.v4.new_code_cell(code.strip()))
    cells.append(nbformat.v4.new_markdown_cell("## Plots computed by Spark"))
    for _name, call in walk.FIGURES:
        cells.append(nbformat.v4.new_code_cell(f"fig, ax = plt.subplots(figsize=(6, 4))\n{call};"))
    cells.append(nbformat.v4.new_code_cell(
        "hdf.stratify(['Sex', Bucket('Age', 2)]).cols['Embarked'].hist(figsize=(8, 6));"))
    cells.append(nbformat.v4.new_code_cell("spark.stop()"))
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def execute(nb: nbformat.NotebookNode, timeout: int = 600) -> nbformat.NotebookNode:
    """Run every cell top to bottom; raises on the first error."""
    NotebookClient(nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(HERE)}}).execute()
    return nb


def main() -> int:
    nb = execute(build())
    setup = nb.cells[1]  # the JVM's launch messages (log4j profile, host name) precede the quiet settings:
    setup.outputs = [o for o in setup.outputs if not (o.output_type == "stream" and o.name == "stderr")]
    path = HERE / "Exploring_Titanic.ipynb"
    nbformat.write(nb, path)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
