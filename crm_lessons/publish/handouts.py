"""Student handouts: the chapter notebooks without their solution cells.

The student version is generated, never hand-edited: cells tagged ``solution`` are
removed, and the stored outputs of exercise cells (the ``answer_...`` stubs and
their ``crm.check`` cells) are cleared; everything else keeps its outputs. Links
that leave the notebooks folder (``../README.md#chapters``) point at the
repository on GitHub instead, since the handout zip holds only the notebooks.

Command line::

    python -m crm_lessons.publish.handouts [SOURCE_DIR] [TARGET_DIR] [--zip]
"""
from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

import nbformat

from . import _links

EXERCISE_CELL = re.compile(r"^\s*answer_\d+_\d+\s*=|crm\.check\(", re.M)


def is_solution(cell: dict) -> bool:
    """True for a cell tagged ``solution``.

    >>> is_solution({"metadata": {"tags": ["solution"]}})
    True
    """
    return "solution" in cell.get("metadata", {}).get("tags", [])


def student_version(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return a copy of ``notebook`` without solutions and with exercise outputs cleared.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("answer_1_1 = ..."),
    ...     nbformat.v4.new_code_cell("answer_1_1 = 2", metadata={"tags": ["solution"]})])
    >>> len(student_version(nb).cells)
    1
    """
    copy = nbformat.from_dict(notebook)
    cells = []
    for cell in copy.cells:
        if is_solution(cell):
            continue
        if cell.cell_type == "code" and EXERCISE_CELL.search(cell.source):
            cell.outputs = []
            cell.execution_count = None
        if cell.cell_type == "markdown":
            cell.source = _links.rewrite(cell.source, _links.to_repository)
        cells.append(cell)
    copy.cells = cells
    return copy


def build(source: Path = Path("notebooks"), target: Path = Path("build/student"), *,
          make_zip: bool = False) -> list[Path]:
    """Write the student version of every ``NN_*.ipynb`` in ``source`` into ``target``.

    Returns the written paths; with ``make_zip`` also writes ``target/../crm-lessons-student.zip``.

    >>> paths = build(Path("notebooks"), Path("build/student"))  # doctest: +SKIP
    """
    source, target = Path(source), Path(target)
    notebooks = sorted(source.glob("[0-9][0-9]_*.ipynb"))
    if not notebooks:
        raise FileNotFoundError(f"No chapter notebooks (NN_name.ipynb) found in {source.resolve()}.")
    target.mkdir(parents=True, exist_ok=True)
    for stale in target.glob("*.ipynb"):
        stale.unlink()
    written = []
    for path in notebooks:
        out = target / path.name
        nbformat.write(student_version(nbformat.read(path, as_version=4)), out)
        written.append(out)
    if make_zip:
        archive = target.parent / "crm-lessons-student.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            for out in written:
                zf.write(out, f"crm-lessons-student/{out.name}")
        written.append(archive)
    return written


def _main(argv: list[str]) -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m crm_lessons.publish.handouts",
                                     description="Write student notebooks (solution cells removed).")
    parser.add_argument("source", nargs="?", default="notebooks", help="folder of NN_*.ipynb (default: notebooks)")
    parser.add_argument("target", nargs="?", default="build/student", help="output folder (default: build/student)")
    parser.add_argument("--zip", action="store_true", help="also write crm-lessons-student.zip next to the target")
    args = parser.parse_args(argv)
    for path in build(Path(args.source), Path(args.target), make_zip=args.zip):
        print(f"wrote {path}")


if __name__ == "__main__":
    _main(sys.argv[1:])
