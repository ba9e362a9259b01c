"""Student handouts: solutions removed, exercise outputs cleared, everything else kept; the zip stands alone."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import nbformat
import pytest

from crm_lessons.publish import handouts

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
# What a version without solution cells must not speak of ("resolution" and "dissolution" are fine).
# Talk of the solution cells the student version removes ("a business solution" is not such talk).
SOLUTION_TALK = re.compile(r"\bsolution cells?\b|\b(?:open|see|run|read)(?: a| the)? solutions?\b"
                           r"|\bsolutions? (?:below|above)\b|model answers?\b|⋯|\bcollapsed\b|click the three dots"
                           r"|参考答案|完整版|折叠", re.I)


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
        names = set(zf.namelist())
    assert "crm-lessons-student/notebooks/01_test.ipynb" in names
    assert "crm-lessons-student/notebooks/scratch.ipynb" not in names
    for part in ("README.md", "pyproject.toml", "LICENSE", "crm_lessons/__init__.py",
                 "crm_lessons/exercises/core.py", "datasets/checksums.sha256", "datasets/orders.csv"):
        assert f"crm-lessons-student/{part}" in names, part
    tooling = [n for n in names if "/publish/" in n or "grading" in n or n.endswith(".pyc")]
    assert tooling == [], "build, grading tooling and caches stay out of the student zip"


def test_student_version_rewords_solution_talk_drops_full_only_cells_and_opens_binder_on_itself():
    v4 = nbformat.v4
    nb = v4.new_notebook(cells=[
        v4.new_markdown_cell("[![Open in Binder](https://mybinder.org/badge_logo.svg)]"
                             "(https://mybinder.org/v2/gh/o/r/HEAD?urlpath=lab/tree/notebooks/01_test.ipynb)"),
        v4.new_markdown_cell("- Every chapter: explanation → exercises (answer, check, hint, solution) → widget."),
        v4.new_markdown_cell("Instructor note", metadata={"tags": ["full-only"]}),
    ])
    student = handouts.student_version(nb)
    assert [c.source for c in student.cells] == [
        ("[![Open in Binder](https://mybinder.org/badge_logo.svg)]"
         "(https://mybinder.org/v2/gh/o/r/HEAD?urlpath=lab/tree/student/notebooks/01_test.ipynb)"),
        "- Every chapter: explanation → exercises (answer, check, hint) → widget.",
    ]


def test_speaker_notes_are_for_the_lecturer_not_in_the_student_version():
    v4 = nbformat.v4
    nb = v4.new_notebook(cells=[v4.new_markdown_cell("## 1. Scores"),
                                v4.new_markdown_cell("- Ask the room who owns a loyalty card.",
                                                     metadata={"tags": ["notes"]})])
    assert [c.source for c in handouts.student_version(nb).cells] == ["## 1. Scores"]
    for path in NOTEBOOKS:
        full = nbformat.read(path, as_version=4)
        assert any("notes" in c.metadata.get("tags", []) for c in full.cells), f"{path.name} has speaker notes"
        student = handouts.student_version(full)
        assert not [c.id for c in student.cells if "notes" in c.metadata.get("tags", [])], path.name


EDITIONS = NOTEBOOKS + sorted((ROOT / "notebooks" / "zh").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("path", EDITIONS, ids=[f"{p.parent.name}/{p.stem}" for p in EDITIONS])
def test_student_notebooks_do_not_mention_solutions_they_do_not_have(path):
    """Prose, code and stored outputs (hint outputs aside: their wording belongs to the checker), both editions."""
    student = handouts.student_version(nbformat.read(path, as_version=4), path.parent.relative_to(ROOT).as_posix())
    found = []
    for i, cell in enumerate(student.cells):
        texts = [cell.source]
        if cell.cell_type == "code" and "crm.hint(" not in cell.source:
            texts += [str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", "")) for o in cell.outputs]
        found += [f"cell {i}: …{m.string[max(0, m.start() - 40):m.end() + 20]}…"
                  for text in texts for m in SOLUTION_TALK.finditer(text)]
    assert not found, found


def test_the_binder_badges_of_the_student_version_open_the_copy_postbuild_writes(tmp_path):
    """postBuild writes student/ on Binder; every student badge must open a notebook that is there."""
    postbuild = (ROOT / "postBuild").read_text(encoding="utf-8")
    match = re.search(r'python -m crm_lessons\.publish\.handouts notebooks "\$\{CRM_LESSONS_STUDENT_DIR:-(\w+)\}"',
                      postbuild)
    assert match, "postBuild must build the student version for the Binder badges"
    folder = tmp_path / "repo"
    handouts.build(ROOT / "notebooks", folder / match.group(1))
    for path in NOTEBOOKS:
        title = handouts.student_version(nbformat.read(path, as_version=4)).cells[0].source
        (urlpath,) = re.findall(r"mybinder\.org/v2/gh/[^?\s)]+\?urlpath=lab/tree/([^)\s]+)", title)
        assert urlpath == f"student/notebooks/{path.name}"
        assert (folder / urlpath).is_file(), urlpath


@pytest.mark.slow
def test_the_zip_installs_and_runs_a_notebook_on_a_clean_machine(tmp_path):
    """Unzip, follow the README's command in a new virtual environment, run a student notebook.

    Dependencies come from this environment's site-packages (no downloads), but crm_lessons
    itself must come from the zip: the venv does not see this checkout.
    """
    (archive,) = [p for p in handouts.build(ROOT / "notebooks", tmp_path / "build" / "student", make_zip=True)
                  if p.suffix == ".zip"]
    machine = tmp_path / "machine"
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(machine)
    home = machine / "crm-lessons-student"
    readme = (home / "README.md").read_text(encoding="utf-8")
    assert "python -m pip install . && python -m jupyter lab notebooks/00_start_here.ipynb" in readme
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                          capture_output=True, text=True, check=True).stdout.strip()
    # The dependencies (pandas, jupyter, hatchling, ...) as if already installed; not this checkout.
    Path(site, "deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "CRM_LESSONS_DATA")}
    env["CRM_LESSONS_PROGRESS"] = str(tmp_path / "progress.json")
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "."],
                   cwd=home, env=env, check=True)
    where = subprocess.run([python, "-c", "import crm_lessons; print(crm_lessons.__file__)"], cwd=tmp_path,
                           env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert where.startswith(site), f"crm_lessons came from {where}, not from the zip's install"
    notebook = home / "notebooks" / "00_start_here.ipynb"
    run = subprocess.run([python, "-m", "nbconvert", "--to", "notebook", "--execute", "--inplace",
                          "--ExecutePreprocessor.timeout=300", notebook.name], cwd=notebook.parent, env=env,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]
    ran = nbformat.read(notebook, as_version=4)
    errors = [o for c in ran.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors and all(c.execution_count for c in ran.cells if c.cell_type == "code" and c.source.strip())


def test_build_without_notebooks_says_so(tmp_path):
    with pytest.raises(FileNotFoundError, match="No chapter notebooks"):
        handouts.build(tmp_path, tmp_path / "out")


def test_the_start_notebook_says_which_edition_is_open():
    """The full 00 names the full edition; its student version says it is the student edition, in its language."""
    for path, full_words, student_words in (
            (ROOT / "notebooks" / "00_start_here.ipynb", "Full edition", "Student edition"),
            (ROOT / "notebooks" / "zh" / "00_start_here.ipynb", "完整版", "学生版")):
        nb = nbformat.read(path, as_version=4)
        tagged = [c for c in nb.cells if "edition" in c.get("metadata", {}).get("tags", [])]
        assert len(tagged) == 1 and full_words in tagged[0].source
        student = handouts.student_version(nb)
        text = "\n".join(c.source for c in student.cells if c.cell_type == "markdown")
        assert student_words in text and full_words not in text
