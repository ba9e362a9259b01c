"""Grading (issue 14): mock submissions re-run in isolation and scored by the instructor's checks."""
from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from crm_lessons.exercises import core
from crm_lessons.publish import _staging, grading

ROOT = Path(__file__).resolve().parent.parent
v4 = nbformat.v4

# Instructor-only checks: exercise 0.9 exists only here, not in the package students install.
INSTRUCTOR_CHECKS = '''
@decision("0.9", title="Keep the customer list?", options=["keep", "drop"], hints=["Count the rows."],
          rubric=["Quotes the number of customers.", "Says what the list is used for."],
          model_reasons="It holds every one of our customers, so we keep it for the campaigns.")
def _():
    return "keep"
'''
RIGHT_0_1 = "answer_0_1 = len(crm.datasets.load('customers'))"
RIGHT_0_2 = "answer_0_2 = str(crm.datasets.load('order_lines')['category'].value_counts().index[0])"
# Ada's 0.1 is right only if the network is refused inside the graded kernel.
NETWORK_PROBE = """import socket
try:
    socket.create_connection(("127.0.0.1", 9), timeout=1)
    blocked = False
except OSError as err:
    blocked = "switched off while grading" in str(err)
answer_0_1 = len(crm.datasets.load('customers')) if blocked else -1"""
REASONS = "We have one row per customer, a thousand of them, and the autumn campaign mails every one of them."


def _nb(*cells: str, metadata: dict | None = None, markdown: str = "# 00 · Start here") -> nbformat.NotebookNode:
    made = [v4.new_markdown_cell(markdown), v4.new_code_cell("import crm_lessons as crm")]
    for source in cells:
        if source.startswith("SOLUTION:"):
            made.append(v4.new_code_cell(source[9:], metadata={"tags": ["solution"]}))
        else:
            made.append(v4.new_code_cell(source))
    return v4.new_notebook(cells=made, metadata=metadata or {})


def _check(ex_id: str) -> str:
    return f'crm.check("{ex_id}", answer_{ex_id.replace(".", "_")})'


def _write_submissions(folder: Path) -> None:
    folder.mkdir()
    decision = f'answer_0_9 = {{"choice": "keep", "why": "{REASONS}"}}'
    mocks = {
        "ada.ipynb": _nb(NETWORK_PROBE, _check("0.1"), RIGHT_0_2, _check("0.2"), decision, _check("0.9"),
                         metadata={"crm_lessons": {"student": "Ada"}}),
        "b-notebook.ipynb": _nb(RIGHT_0_1, _check("0.1"),
                                RIGHT_0_2.replace("index[0]", "index[-1]"),
                                _check("0.2"), 'answer_0_9 = {"choice": "drop", "why": "Too old."}', _check("0.9"),
                                metadata={"authors": [{"name": "Ben"}]}),
        "carla.ipynb": _nb(RIGHT_0_1, _check("0.1"), "import os\nos._exit(1)", RIGHT_0_2, _check("0.2")),
        "dan.ipynb": _nb(RIGHT_0_1, _check("0.1"), "while True:\n    pass", RIGHT_0_2, _check("0.2")),
        "eve.ipynb": _nb("answer_0_1 = 5", _check("0.1"), "answer_0_2 = 'Toys'", _check("0.2")),
        "fay.ipynb": _nb('answer_0_1 = crm.exercises.core.get("0.1").expected_answer()', _check("0.1"),
                         'from crm_lessons.exercises import core\nanswer_0_2 = core.get("0.2").expected_answer()',
                         _check("0.2")),
        "gao.ipynb": _nb(RIGHT_0_1, _check("0.1"), "answer_0_2 = ...", _check("0.2"),
                         "SOLUTION:" + RIGHT_0_2 + "\n" + _check("0.2"),
                         markdown="# 00 · 从这里开始\n\n每个练习都有一个检查。",
                         metadata={"crm_lessons": {"student": "高"}}),
        "hal.ipynb": _nb(RIGHT_0_2, _check("0.2")),
    }
    # Eve's stored outputs claim success; they must not count.
    fake = v4.new_output("execute_result", {"text/plain": "✅ Exercise 0.1: correct, well done!"}, execution_count=3)
    mocks["eve.ipynb"].cells[3].outputs = [fake]
    for name, nb in mocks.items():
        nbformat.write(nb, folder / name)
    (folder / "broken.ipynb").write_text("this is not a notebook", encoding="utf-8")


@pytest.fixture
def instructor_checks(tmp_path):
    path = tmp_path / "instructor_checks.py"
    path.write_text(INSTRUCTOR_CHECKS, encoding="utf-8")
    yield path
    core._REGISTRY.pop("0.9", None)


@pytest.mark.slow
def test_grading_the_mock_class_gives_the_expected_gradebook(tmp_path, instructor_checks, monkeypatch):
    monkeypatch.setenv("CRM_LESSONS_PROGRESS", str(tmp_path / "instructor-progress.json"))
    submissions, out = tmp_path / "submissions", tmp_path / "grades"
    _write_submissions(submissions)
    grading.grade(submissions, out, checks=instructor_checks, cell_timeout=8)

    with (out / "gradebook.csv").open(encoding="utf-8") as handle:
        rows = {r["student"]: r for r in csv.DictReader(handle)}
    got = {s: (r["0.1"], r["0.2"], r["0.9"]) for s, r in rows.items()}
    assert got == {
        "Ada": ("1", "1", "1"),          # all right, decision included (and the network was off)
        "Ben": ("1", "0", "0"),          # partly right; the other choice
        "carla": ("1", "0", "0"),        # the kernel died after 0.1
        "dan": ("1", "1", "0"),          # a loop, interrupted; the rest still graded
        "eve": ("0", "0", "0"),          # wrong answers behind edited "correct" outputs
        "fay": ("0", "0", "0"),          # looked the answers up
        "高": ("1", "0", "0"),            # other edition; 0.2 only in a model-answer cell, which is not run
        "hal": ("0", "1", "0"),          # the 0.1 cells are missing
        "broken": ("", "", ""),          # not a notebook
    }
    assert rows["Ada"]["total"] == "3" and rows["Ada"]["out_of"] == "3"
    assert rows["Ada"]["status"] == "ran to the end" and rows["Ada"]["flags"] == ""
    assert rows["carla"]["status"] == "stopped: the kernel died"
    assert "stopped after 8 s" in rows["dan"]["status"]
    assert "answer lookup attempted" in rows["fay"]["flags"]
    assert "1 model-answer cell(s) not run" in rows["高"]["flags"]
    assert rows["broken"]["status"].startswith("not a readable notebook")

    feedback = (out / "feedback" / "hal.md").read_text(encoding="utf-8")
    assert "Score: 1 of 3." in feedback and "no answer was checked" in feedback
    assert sorted(p.stem for p in (out / "feedback").iterdir()) == sorted(rows)
    decisions = (out / "decisions.md").read_text(encoding="utf-8")
    assert "Exercise 0.9: Keep the customer list?" in decisions and "- [ ] Quotes the number of customers." in decisions
    assert REASONS in decisions and "Too old." in decisions
    assert (out / "class_results.png").read_bytes()[:4] == b"\x89PNG"
    assert not (tmp_path / "instructor-progress.json").exists(), "grading must not record passes for the instructor"


def test_exercises_are_found_by_their_check_ids_not_by_prose():
    nb = _nb(RIGHT_0_1, _check("0.1"), "x = 1  # crm.check('0.2', x) in a comment counts too", markdown="# 练习 5.3")
    assert grading.exercise_ids(nb) == ["0.1", "0.2"]


def test_the_graded_copy_drops_outputs_and_model_answers_and_blocks_lookups():
    nb = _nb(RIGHT_0_1, _check("0.1"), "SOLUTION:" + RIGHT_0_2, "# model answer\nanswer_0_2 = 'x'")
    nb.cells[2].outputs = [v4.new_output("stream", text="stored")]
    graded = grading.graded_copy(nb, Path("/tmp/answers"), {"0.1": "t"})
    sources = [c.source for c in graded.cells]
    assert sources[1:] == ["import crm_lessons as crm", RIGHT_0_1, _check("0.1")]
    assert all(c.outputs == [] for c in graded.cells)
    assert "PermissionError" in sources[0] and "_socket.create_connection = _no_network" in sources[0]


def test_student_identity_from_metadata_or_file_name():
    assert grading.student_name(_nb(metadata={"crm_lessons": {"student": " Li Wei "}}), Path("x.ipynb")) == "Li Wei"
    assert grading.student_name(_nb(metadata={"authors": [{"name": "Ann"}]}), Path("x.ipynb")) == "Ann"
    assert grading.student_name(_nb(), Path("05 (copy) ann.ipynb")) == "05_copy_ann"


def test_grading_refuses_an_output_folder_inside_the_submissions_or_not_its_own(tmp_path):
    submissions = tmp_path / "subs"
    submissions.mkdir()
    nbformat.write(_nb(), submissions / "a.ipynb")
    with pytest.raises(_staging.UnsafeTargetError, match="inside the source"):
        grading.grade(submissions, submissions / "grades")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "marks.xlsx").write_bytes(b"my marks")
    with pytest.raises(_staging.UnsafeTargetError, match="marks.xlsx"):
        grading.grade(submissions, mine)
    assert (mine / "marks.xlsx").read_bytes() == b"my marks"


def test_the_command_names_a_missing_folder_without_a_traceback(tmp_path):
    result = subprocess.run([sys.executable, "-m", "crm_lessons.publish.grading", str(tmp_path / "none")],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode != 0 and "is not a folder" in result.stderr and "Traceback" not in result.stderr


def test_the_student_zip_has_no_grading_code_or_instructor_checks(tmp_path):
    from crm_lessons.publish import handouts

    handouts.build(ROOT / "notebooks", tmp_path / "student")
    shipped = [p.relative_to(tmp_path).as_posix() for p in (tmp_path / "student").rglob("*.py")]
    assert shipped and not [p for p in shipped if "publish" in p or "grading" in p]
