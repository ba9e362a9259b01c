"""tools/add_save_cell.py: a "Save my work" section before the References of every chapter, added once."""
from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("add_save_cell", ROOT / "tools" / "add_save_cell.py")
tool = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tool)


def test_adds_the_section_once_before_the_references(tmp_path):
    copies = []
    for source in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        copies.append(tmp_path / source.name)
        shutil.copy(source, copies[-1])
    assert tool.main(["--check", *map(str, copies)]) == (0 if all(map(tool.has_save_cells, copies)) else 1)
    assert tool.main([str(p) for p in copies]) == 0
    first = [p.read_bytes() for p in copies]
    assert tool.main([str(p) for p in copies]) == 0
    assert [p.read_bytes() for p in copies] == first, "a second run changes nothing"
    assert tool.main(["--check", *map(str, copies)]) == 0
    for path in copies:
        cells = nbformat.read(path, as_version=4).cells
        ids = [c.get("id") for c in cells]
        assert ids.count("save-my-work-md") == 1 and ids.count("save-my-work-code") == 1
        at = ids.index("save-my-work-md")
        assert cells[at + 1].source.endswith("crm.progress.export()")
        assert "import crm_lessons as crm" in cells[at + 1].source
        assert "nbval-ignore-output" in cells[at + 1].metadata["tags"]
        assert cells[at + 2].source.startswith("## References"), path.name
        assert "Download" in cells[at].source and "crm.progress.restore()" in cells[at].source


def test_an_old_version_of_the_section_is_updated_not_duplicated(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 01 · x"),
                                         nbformat.v4.new_markdown_cell("## References\n\n- A (2000). B.")])
    path = tmp_path / "01_x.ipynb"
    nbformat.write(nb, path)
    tool.add_save_cells(path)
    nb = nbformat.read(path, as_version=4)
    nb.cells[1].source = "## Save my work\n\nold text"
    nbformat.write(nb, path)
    assert tool.add_save_cells(path) is True
    cells = nbformat.read(path, as_version=4).cells
    assert [c.get("id") for c in cells][1:3] == ["save-my-work-md", "save-my-work-code"]
    assert cells[1].source == tool.MARKDOWN and len(cells) == 4
