"""Student handouts: the chapter notebooks without their solution cells.

The student version is generated, never hand-edited: cells tagged ``solution`` are
removed, and the stored outputs of exercise cells (the ``answer_...`` stubs and
their ``crm.check`` cells) are cleared; everything else keeps its outputs. Links
that leave the notebooks folder (``../README.md#chapters``) point at the
repository on GitHub instead, since the handout zip holds only the notebooks.

Command line::

    python -m crm_lessons.publish.handouts [SOURCE_DIR] [TARGET_DIR] [--zip] [--overwrite]
"""
from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

import nbformat

from . import _links, _staging

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


ZIP_COMMENT = b"crm-lessons student handout"


def _is_our_zip(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            return zf.comment == ZIP_COMMENT
    except (OSError, zipfile.BadZipFile):
        return False


def build(source: Path = Path("notebooks"), target: Path = Path("build/student"), *,
          make_zip: bool = False, overwrite: bool = False) -> list[Path]:
    """Write the student version of every ``NN_*.ipynb`` in ``source`` into ``target``.

    Returns the written paths; with ``make_zip`` also writes ``target/../crm-lessons-student.zip``.
    Safe (:mod:`~crm_lessons.publish._staging`): ``target`` is replaced in one step when every
    notebook is written, never when it is (or is inside) ``source``, and a folder or zip holding
    files the build did not make only with ``overwrite`` (the old one is kept as a backup).

    >>> paths = build(Path("notebooks"), Path("build/student"))  # doctest: +SKIP
    """
    source, target = Path(source), Path(target)
    notebooks = sorted(source.glob("[0-9][0-9]_*.ipynb"))
    if not notebooks:
        raise FileNotFoundError(f"No chapter notebooks (NN_name.ipynb) found in {source.resolve()}.")
    archive = target.parent / "crm-lessons-student.zip"
    if make_zip and archive.exists() and not _is_our_zip(archive) and not overwrite:
        raise _staging.UnsafeTargetError(f"{archive} exists and was not made by this build. Move it away, "
                                         "or pass --overwrite (it is then kept as a backup).")

    def write(folder: Path) -> list[Path]:
        written = []
        for path in notebooks:
            out = folder / path.name
            nbformat.write(student_version(nbformat.read(path, as_version=4)), out)
            written.append(out)
        return written

    written, backup = _staging.staged_build(source, target, write, overwrite=overwrite)
    if backup is not None:
        print(f"kept the previous {target} as {backup}")
    if make_zip:
        def pack(path: Path) -> None:
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
                zf.comment = ZIP_COMMENT
                for out in written:
                    zf.write(out, f"crm-lessons-student/{out.name}")

        old = _staging.replace_file(archive, pack, is_ours=_is_our_zip, overwrite=overwrite)
        if old is not None:
            print(f"kept the previous {archive.name} as {old}")
        written.append(archive)
    return written


def _main(argv: list[str]) -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m crm_lessons.publish.handouts",
                                     description="Write student notebooks (solution cells removed).")
    parser.add_argument("source", nargs="?", default="notebooks", help="folder of NN_*.ipynb (default: notebooks)")
    parser.add_argument("target", nargs="?", default="build/student", help="output folder (default: build/student)")
    parser.add_argument("--zip", action="store_true", help="also write crm-lessons-student.zip next to the target")
    parser.add_argument("--overwrite", action="store_true",
                        help="replace a target holding files this build did not make (the old one is kept as a backup)")
    args = parser.parse_args(argv)
    for path in build(Path(args.source), Path(args.target), make_zip=args.zip, overwrite=args.overwrite):
        print(f"wrote {path}")


if __name__ == "__main__":
    try:
        _main(sys.argv[1:])
    except (_staging.UnsafeTargetError, FileNotFoundError) as err:
        raise SystemExit(f"error: {err}") from None
