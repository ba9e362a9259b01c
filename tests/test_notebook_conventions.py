"""Every chapter notebook follows the workbook's conventions, and its stored outputs are clean.

nbval re-runs the notebooks and compares outputs; this file checks what nbval cannot:
structure (header, setup cell, exercises with collapsed solutions, widget, closing
sections), that the stored outputs come from one clean top-to-bottom run, and that
exercises show "not attempted" for the stub and "correct" for the solution.
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("[0-9][0-9]_*.ipynb"))
IDS = [p.stem for p in NOTEBOOKS]
CHECK_CALL = re.compile(r'crm\.check\(\s*"(\d+\.\d+)"\s*,\s*(answer_\d+_\d+)\s*\)')


def _load(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def _text(output: dict) -> str:
    if output.get("output_type") == "stream":
        return output.get("text", "")
    data = output.get("data", {})
    return data.get("text/plain", "") + data.get("text/html", "")


def _tags(cell: dict) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def test_there_are_chapter_notebooks():
    assert NOTEBOOKS and NOTEBOOKS[0].name == "00_start_here.ipynb"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_header_and_closing_sections(path):
    nb = _load(path)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# "), "first cell must be the title"
    assert "mybinder.org" in first.source, "title cell needs the Open in Binder link"
    assert "Contents" in first.source, "title cell needs the navigation line"
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for heading in ("## Learning objectives", "## Key terms", "## So what for the business?",
                    "## Key takeaways", "## References"):
        assert heading in markdown, f"missing section {heading!r}"
    for label in ("**Prerequisites:**", "**Datasets:**", "**Estimated time:**"):
        assert label in markdown, f"missing header line {label!r}"
    key_terms = markdown.split("## Key terms", 1)[1].split("\n#", 1)[0]
    assert re.search(r"[\u4e00-\u9fff]", key_terms), "key terms need their Chinese names"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_first_code_cell_is_setup(path):
    code = [c for c in _load(path).cells if c.cell_type == "code"]
    assert "import crm_lessons as crm" in code[0].source and "crm.setup()" in code[0].source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_outputs_stored_from_one_clean_run(path):
    nb = _load(path)
    counts = []
    for cell in nb.cells:
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        assert cell.execution_count is not None, f"cell never executed:\n{cell.source[:200]}"
        counts.append(cell.execution_count)
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error", f"stored error in:\n{cell.source[:200]}"
            if output.get("name") == "stderr":
                assert "Warning" not in output.get("text", ""), f"stored warning in:\n{cell.source[:200]}"
    assert counts == list(range(1, len(counts) + 1)), "outputs must come from one top-to-bottom run (make notebooks)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_exercises_have_stub_check_and_collapsed_solution(path):
    nb = _load(path)
    chapter = int(path.name[:2])
    cells = nb.cells
    found = []
    for i, cell in enumerate(cells):
        if cell.cell_type != "code" or "solution" in _tags(cell):
            continue
        match = CHECK_CALL.search(cell.source)
        if not match:
            continue
        ex_id, name = match.groups()
        found.append(ex_id)
        assert int(ex_id.split(".")[0]) == chapter, f"exercise {ex_id} is numbered for another chapter"
        stub = cells[i - 1]
        practice_stub = re.search(rf"^{name}\s*=\s*\.\.\.\s*$", stub.source, re.M)
        decision_stub = (re.search(rf"^{name}\s*=\s*\{{", stub.source, re.M)
                         and re.search(r'"choice":\s*\.\.\.', stub.source)
                         and re.search(r'"why":\s*\.\.\.', stub.source))
        assert practice_stub or decision_stub, (f"exercise {ex_id}: stub cell must set {name} = ... (or, for a "
                                                f'decision, {name} = {{"choice": ..., "why": ...}})')
        prompt = "\n".join(c.source for c in cells[max(0, i - 4):i] if c.cell_type == "markdown")
        assert f"Exercise {ex_id}" in prompt, f"exercise {ex_id}: needs a markdown prompt headed 'Exercise {ex_id}'"
        stub_out = "".join(_text(o) for o in cell.get("outputs", []))
        assert "not attempted" in stub_out, f"exercise {ex_id}: the stub's check must say 'not attempted'"
        solution = cells[i + 1]
        assert "solution" in _tags(solution), f"exercise {ex_id}: the cell after the check must be tagged solution"
        hidden = solution.metadata.get("jupyter", {})
        assert hidden.get("source_hidden") is True, f"exercise {ex_id}: solution must be collapsed"
        assert hidden.get("outputs_hidden") is True, f"exercise {ex_id}: solution output must be collapsed"
        assert f'crm.check("{ex_id}"' in solution.source, f"exercise {ex_id}: solution must end with its check"
        sol_out = "".join(_text(o) for o in solution.get("outputs", []))
        assert "correct, well done" in sol_out, f"exercise {ex_id}: the solution does not pass its own check"
    if chapter > 0:
        assert len(found) >= 3, "each chapter needs self-checking exercises"
    else:
        assert len(found) >= 2
    assert len(found) == len(set(found)), "exercise ids must be unique"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_solution_cell_is_collapsed_with_its_outputs_under_a_model_answer_line(path):
    """JupyterLab 4 honours both flags; a collapsed cell still shows its first line (NOTEBOOK_TESTING.md)."""
    for i, cell in enumerate(_load(path).cells):
        if "solution" not in _tags(cell):
            continue
        hidden = cell.metadata.get("jupyter", {})
        assert hidden.get("source_hidden") is True and hidden.get("outputs_hidden") is True, (
            f"cell {i}: a solution cell needs metadata.jupyter source_hidden and outputs_hidden "
            "(python -m crm_lessons.publish.slides annotate sets both)")
        assert cell.source.split("\n", 1)[0] == "# model answer", f"cell {i}: a solution starts with '# model answer'"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_has_a_widget(path):
    code = "\n".join(c.source for c in _load(path).cells if c.cell_type == "code")
    assert "crm.widgets." in code, "every chapter has at least one widget"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_figure_has_a_caption(path):
    cells = _load(path).cells
    for i, cell in enumerate(cells):
        if cell.cell_type != "code" or "nbval-ignore-output" in _tags(cell) or "solution" in _tags(cell):
            continue
        if any("image/png" in o.get("data", {}) for o in cell.get("outputs", [])):
            nxt = cells[i + 1] if i + 1 < len(cells) else None
            assert nxt is not None and nxt.cell_type == "markdown" and nxt.source.lstrip().startswith("*Figure"), (
                f"figure without a caption after:\n{cell.source[:200]}")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_later_cell_uses_a_solution_name(path):
    cells = _load(path).cells
    for i, cell in enumerate(cells):
        if "solution" not in _tags(cell):
            continue
        defined = set(re.findall(r"^([A-Za-z_]\w*)\s*=", cell.source, re.M))
        defined -= {m for m in re.findall(r"^(answer_\d+_\d+)\s*=", cell.source, re.M)}
        earlier = "\n".join(c.source for c in cells[:i] if c.cell_type == "code")
        defined = {n for n in defined if not re.search(rf"^{n}\s*=", earlier, re.M)}
        later = "\n".join(c.source for c in cells[i + 1:] if c.cell_type == "code" and "solution" not in _tags(c))
        for name in defined:
            assert not re.search(rf"\b{name}\b", later), f"{name} is defined only in a solution cell but used later"
