"""Execute every chapter notebook in a fresh kernel and print its run time and slowest cell.

Runs on temporary copies, so the stored notebooks are never touched.

    .venv/bin/python benchmarks/notebook_times.py [notebooks/NN_name.ipynb ...]
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


def _cell_seconds(cell: dict) -> float:
    timing = cell.get("metadata", {}).get("execution", {})
    start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
    if not start or not end:
        return 0.0
    parse = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))  # noqa: E731
    return (parse(end) - parse(start)).total_seconds()


def run(path: Path) -> tuple[float, float, str]:
    """Execute ``path`` (a copy of it); return total seconds, slowest cell seconds and its first line."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / path.name
        shutil.copy(path, copy)
        nb = nbformat.read(copy, as_version=4)
        client = NotebookClient(nb, timeout=120, kernel_name="python3", record_timing=True,
                                resources={"metadata": {"path": str(path.parent)}})
        start = time.perf_counter()
        client.execute()
        total = time.perf_counter() - start
    slowest = max((c for c in nb.cells if c.cell_type == "code"), key=_cell_seconds)
    return total, _cell_seconds(slowest), slowest.source.splitlines()[0][:60]


if __name__ == "__main__":
    os.environ.setdefault("CRM_LESSONS_STRICT", "1")
    paths = [Path(p) for p in sys.argv[1:]] or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    print(f"{'notebook':32} {'total s':>8} {'slowest cell s':>15}  slowest cell")
    for path in paths:
        total, slow, first_line = run(path)
        print(f"{path.name:32} {total:8.1f} {slow:15.2f}  {first_line}")
