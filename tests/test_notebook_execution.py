"""Every notebook of both editions runs to the end under nbclient (what `make notebooks` uses) without a stall.

nbval drives its own kernel; nbclient is what an instructor's `jupyter nbconvert --execute` or a
CI of their own uses, and it once hung on two widget cells until its timeout. Each notebook is
executed here in a fresh kernel with a short per-cell timeout, and the slowest cell is named when
it comes anywhere near that timeout.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = [*sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb")),
             *sorted((NOTEBOOK_DIR / "zh").glob("[0-9][0-9]_*.ipynb"))]
CELL_TIMEOUT = 60          # seconds: a stall hits this, a healthy cell takes a few seconds
SLOW_CELL = 20             # seconds: no cell of a workbook should come near this


def _seconds(cell) -> float:
    timing = cell.get("metadata", {}).get("execution", {})
    start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
    if not (start and end):
        return 0.0
    return (datetime.fromisoformat(end.replace("Z", "+00:00"))
            - datetime.fromisoformat(start.replace("Z", "+00:00"))).total_seconds()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[f"{p.parent.name}/{p.stem}" for p in NOTEBOOKS])
def test_notebook_runs_under_nbclient_without_a_stall(path):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3", record_timing=True,
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except CellTimeoutError as err:
        pytest.fail(f"{path.name}: a cell stalled for the whole {CELL_TIMEOUT} s timeout: {err}")
    times = [(_seconds(c), i) for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    slowest, index = max(times)
    assert slowest < SLOW_CELL, (f"{path.name}: cell {index} took {slowest:.1f} s:\n"
                                 f"{nb.cells[index].source[:300]}")
