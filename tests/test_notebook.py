"""The Titanic notebook runs top to bottom on a local session, and matches the walkthrough."""

import json
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow  # a kernel runs the whole notebook, ~2-3 minutes: .ci/run runs it after the fast suite
def test_notebook_executes_without_error():
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_notebook", ROOT / "notebooks" / "build_notebook.py")
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)

    committed = nbformat.read(ROOT / "notebooks" / "Exploring_Titanic.ipynb", as_version=4)
    sources = [c.source for c in committed.cells]
    assert sources == [c.source for c in builder.build().cells], "notebook is stale: run notebooks/build_notebook.py"
    assert any(o.get("output_type") == "display_data" for c in committed.cells for o in c.get("outputs", []))

    executed = builder.execute(committed)  # raises CellExecutionError on any error
    outputs = "".join(
        o.get("text", "") if isinstance(o.get("text", ""), str) else json.dumps(o)
        for c in executed.cells for o in c.get("outputs", [])
    )
    assert "646" in outputs and "[-26.724, 65.6344]" in outputs
    # quiet: no progress bars, no Spark log lines, no executor stack trace of the deliberate error step
    # (the setup cell's JVM launch messages come before the quiet settings can apply)
    stderr = "".join(o["text"] for c in executed.cells[2:] for o in c.get("outputs", [])
                     if o.get("output_type") == "stream" and o.get("name") == "stderr")
    for noise in ("[Stage", "WARN ", "ERROR ", "Traceback", "\tat org.apache", "Exception"):
        assert noise not in stderr, noise
    assert "[Stage" not in outputs and "\tat org.apache" not in outputs
