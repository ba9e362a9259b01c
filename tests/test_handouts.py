"""Student handouts: solutions removed, exercise outputs cleared, everything else kept."""
from __future__ import annotations

import zipfile

import nbformat
import pytest

from crm_lessons.publish import handouts


def _notebook():
    v4 = nbformat.v4
    output = v4.new_output("execute_result", {"text/plain": "42"}, execution_count=1)
    return v4.new_notebook(cells=[
        v4.new_markdown_cell("# 01 · Test"),
        v4.new_code_cell("x = 41 + 1\nx", execution_count=1, outputs=[output]),
        v4.new_code_cell("answer_1_1 = ...", execution_count=2),
        v4.new_code_cell('crm.check("1.1", answer_1_1)', execution_count=3, outputs=[output]),
        v4.new_code_cell('answer_1_1 = 42\ncrm.check("1.1", answer_1_1)', execution_count=4, outputs=[output],
                         metadata={"tags": ["solution"], "jupyter": {"source_hidden": True}}),
    ])


def test_student_version_removes_solutions_and_clears_exercise_outputs():
    student = handouts.student_version(_notebook())
    sources = [c.source for c in student.cells]
    assert not any("answer_1_1 = 42" in s for s in sources)
    assert len(student.cells) == 4
    check = student.cells[3]
    assert check.outputs == [] and check.execution_count is None
    assert student.cells[1].outputs[0]["data"]["text/plain"] == "42"


def test_build_writes_every_chapter_and_a_zip(tmp_path):
    src = tmp_path / "nb"
    src.mkdir()
    nbformat.write(_notebook(), src / "01_test.ipynb")
    nbformat.write(_notebook(), src / "scratch.ipynb")
    written = handouts.build(src, tmp_path / "out", make_zip=True)
    assert [p.name for p in written] == ["01_test.ipynb", "crm-lessons-student.zip"]
    with zipfile.ZipFile(written[-1]) as zf:
        assert zf.namelist() == ["crm-lessons-student/01_test.ipynb"]


def test_build_without_notebooks_says_so(tmp_path):
    with pytest.raises(FileNotFoundError, match="No chapter notebooks"):
        handouts.build(tmp_path, tmp_path / "out")
