"""Add the lecturer's talking points (tools/speaker_notes_en.py) to the English chapter notebooks.

Each notes cell is a markdown cell tagged ``notes`` with the id ``notes-<section heading id>``, placed
at the end of its section (before the next ``#``/``##`` heading). Running it again changes nothing.
Afterwards run ``python -m crm_lessons.publish.slides annotate`` on the notebooks.

    python tools/add_speaker_notes.py
"""
from __future__ import annotations

import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from speaker_notes_en import NOTES  # noqa: E402

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def _starts_section(cell) -> bool:
    first = cell.source.lstrip("\n").split("\n", 1)[0]
    return cell.cell_type == "markdown" and (first.startswith("# ") or first.startswith("## "))


def add_notes(notebook: nbformat.NotebookNode, notes: dict[str, str]) -> int:
    """Insert missing notes cells at the end of their sections; return how many were added."""
    ids = [c.get("id") for c in notebook.cells]
    added = 0
    for section, text in notes.items():
        note_id = f"notes-{section}"
        if note_id in ids:
            continue
        if section not in ids:
            raise ValueError(f"no cell with id {section!r}: the section heading moved; update speaker_notes_en.py")
        at = ids.index(section) + 1
        while at < len(notebook.cells) and not _starts_section(notebook.cells[at]):
            at += 1
        cell = nbformat.v4.new_markdown_cell(text, metadata={"tags": ["notes"], "slideshow": {"slide_type": "notes"}})
        cell.id = note_id
        notebook.cells.insert(at, cell)
        ids.insert(at, note_id)
        added += 1
    return added


def main() -> None:
    for stem, notes in NOTES.items():
        path = NOTEBOOKS / f"{stem}.ipynb"
        notebook = nbformat.read(path, as_version=4)
        added = add_notes(notebook, notes)
        if added:
            nbformat.write(notebook, path)
        print(f"{path.name}: {added} notes cells added, {len(notes)} in all")


if __name__ == "__main__":
    main()
