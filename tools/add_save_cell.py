"""Put a "Save my work" section at the end of every chapter notebook, just before its References.

Idempotent: the two cells carry fixed ids (``save-my-work-md``, ``save-my-work-code``), so a
second run finds them and only brings their text up to date; it never adds them twice. The
code cell's output depends on the folder it runs in, so it is tagged ``nbval-ignore-output``, and
``local-only`` (the HTML course and the slides show its code without the link it printed).

Usage (from the repository root)::

    python tools/add_save_cell.py                 # every notebooks/NN_*.ipynb
    python tools/add_save_cell.py notebooks/05_segmentation.ipynb
    python tools/add_save_cell.py --check         # exit 1 if a notebook lacks the section

Re-execute the changed notebooks afterwards (``make notebooks``) so their outputs are stored.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

MARKDOWN_ID = "save-my-work-md"
CODE_ID = "save-my-work-code"
MARKDOWN = """## Save my work

Your notebooks and the exercises you passed live only in this session; on Binder they are gone when
the session ends. To keep them: save this notebook (Ctrl+S), then run the cell below. It packs your
progress and every notebook of this folder and of `my-work/` into `crm-lessons-my-work.zip` and lists
what it packed. **Click the link it shows to download the zip** (or right-click the file in the file
browser and choose *Download*; double-clicking it there opens it as text, which fails, because a zip
is not text).

Next time, upload the zip into the notebooks folder (the *Upload* button above the file browser) and
run `crm.progress.restore()`: your progress comes back and your notebooks appear in `my-work/`."""
CODE = """import crm_lessons as crm

crm.progress.export()"""


def _markdown_cell() -> nbformat.NotebookNode:
    cell = nbformat.v4.new_markdown_cell(MARKDOWN)
    cell["id"] = MARKDOWN_ID
    cell["metadata"] = {"slideshow": {"slide_type": "slide"}}
    return cell


def _code_cell() -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(CODE)
    cell["id"] = CODE_ID
    cell["metadata"] = {"tags": ["nbval-ignore-output", "local-only"]}
    return cell


def _references_index(cells: list) -> int:
    """Position of the ``## References`` cell, or the end of the notebook when there is none."""
    for index, cell in enumerate(cells):
        if cell.cell_type == "markdown" and cell.source.lstrip().startswith("## References"):
            return index
    return len(cells)


def add_save_cells(path: Path) -> bool:
    """Add or update the section in the notebook at ``path``; True when the file changed."""
    nb = nbformat.read(path, as_version=4)
    before = nbformat.writes(nb)
    ids = {cell.get("id"): i for i, cell in enumerate(nb.cells)}
    if MARKDOWN_ID in ids and CODE_ID in ids:
        nb.cells[ids[MARKDOWN_ID]].source = MARKDOWN
        code = nb.cells[ids[CODE_ID]]
        code.source = CODE
        tags = code.metadata.setdefault("tags", [])
        for tag in ("nbval-ignore-output", "local-only"):
            if tag not in tags:
                tags.append(tag)
    else:
        nb.cells = [c for c in nb.cells if c.get("id") not in (MARKDOWN_ID, CODE_ID)]
        at = _references_index(nb.cells)
        nb.cells[at:at] = [_markdown_cell(), _code_cell()]
    after = nbformat.writes(nb)
    if after == before:
        return False
    nbformat.validate(nb)
    nbformat.write(nb, path)
    return True


def has_save_cells(path: Path) -> bool:
    """True when the notebook already has the section."""
    ids = {cell.get("id") for cell in nbformat.read(path, as_version=4).cells}
    return {MARKDOWN_ID, CODE_ID} <= ids


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/NN_*.ipynb")
    parser.add_argument("--check", action="store_true", help="only report notebooks without the section")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(Path("notebooks").glob("[0-9][0-9]_*.ipynb"))
    if not paths:
        parser.error("no notebooks found: run from the repository root or name the notebooks")
    if args.check:
        missing = [p for p in paths if not has_save_cells(p)]
        for p in missing:
            print(f"{p}: no 'Save my work' section")
        return 1 if missing else 0
    for path in paths:
        print(f"{path}: {'updated' if add_save_cells(path) else 'already up to date'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
