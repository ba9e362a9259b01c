"""Student handouts: the chapter notebooks without their solutions, packed to run on their own.

The student version is generated, never hand-edited:

- cells tagged ``solution``, the lecturer's speaker notes (``notes``) and any cell tagged
  ``full-only`` are removed, and the stored
  outputs of exercise cells (the ``answer_...`` stubs and their ``crm.check`` cells) are
  cleared; everything else keeps its outputs;
- sentences that speak of the solution cells are reworded for a version without them
  (:data:`STUDENT_WORDING`, applied here so the notebooks' prose stays one text);
- each notebook's Binder badge opens the student copy that ``postBuild`` generates on
  Binder (``student/notebooks/``) instead of the full notebook; links that leave the
  notebooks folder (``../README.md#chapters``) point at the repository on GitHub.

The target folder stands alone: ``README.md`` (install and run in one command), the
student ``notebooks/``, the ``crm_lessons`` package without its build tooling
(:mod:`crm_lessons.publish`, grading included), the bundled ``datasets/``,
``pyproject.toml`` and ``LICENSE``. ``--zip`` packs it as ``crm-lessons-student.zip``.

Command line::

    python -m crm_lessons.publish.handouts [SOURCE_DIR] [TARGET_DIR] [--zip] [--overwrite]
"""
from __future__ import annotations

import re
import shutil
import sys
import zipfile
from pathlib import Path

import nbformat

from . import _links, _staging

EXERCISE_CELL = re.compile(r"^\s*answer_\d+_\d+\s*=|crm\.check\(", re.M)
PACKAGE = Path(__file__).resolve().parent.parent
REPOSITORY_ROOT = PACKAGE.parent
# Where a student notebook's Binder badge leads: the copy postBuild writes on Binder.
BINDER_STUDENT_FOLDER = "student/notebooks"
_BINDER_URLPATH = re.compile(r"(https://mybinder\.org/v2/gh/[^?\s)]+\?urlpath=lab/tree/)notebooks/")
BINDER_STUDENT_FOLDER_ZH = "student-zh/notebooks"
_BINDER_URLPATH_ZH = re.compile(r"(https://mybinder\.org/v2/gh/[^?\s)]+\?urlpath=lab/tree/)notebooks/zh/")
# Full-version sentences about solution cells -> their wording in the student version.
STUDENT_WORDING = [
    ("- answer an exercise, check it, ask for a hint and open a solution;",
     "- answer an exercise, check it and ask for a hint;"),
    ("Each exercise has four cells:", "Each exercise has three cells:"),
    (("run it to get feedback at once;\n4. a **solution cell**, collapsed (click the three dots `⋯` to open it). "
      "Try first!"), "run it to get feedback at once."),
    (" Running a solution cell counts too: the record is for your own overview, not a grade.",
     " The record is for your own overview, not a grade."),
    (("The original notebooks are in the workbook's repository; your\ninstructor can also give you the "
      "*student version*, which has the solution cells removed."),
     "Unpack the handout again, or ask your instructor for a new copy."),
    ("(answer, check, hint, solution)", "(answer, check, hint)"),
    ("- answer an exercise, check it, ask for a hint and compare with a model answer;",
     "- answer an exercise, check it and ask for a hint;"),
    (("run it to get feedback at once;\n4. in the full version only, a **model answer** cell, collapsed (click the "
      "three dots `⋯` to open it).\n   Try first! The student version your instructor hands out leaves the model "
      "answers out."), "run it to get feedback at once."),
    ("(answer, check, hint; a model answer in the full version)", "(answer, check, hint)"),
    ("; your reasons are marked with the rubric in the model answer.",
     "; your instructor marks your reasons with a rubric."),
    # The Chinese edition's sentences about model answers.
    ("- 完成一道练习：作答、检查、索取提示，并与参考答案对照；", "- 完成一道练习：作答、检查、索取提示；"),
    ("每道练习有三个单元格，完整版中还有第四个：", "每道练习有三个单元格："),
    (("运行它，立即得到反馈；\n4. 仅在完整版中有：折叠起来的**参考答案**单元格"
      "（点击三个点 `⋯` 即可展开）。请先自己尝试！\n   任课教师发给你的学生版不含参考答案。"),
     "运行它，立即得到反馈。"),
    ("运行参考答案单元格也会被记录：这份记录只是\n供你自己了解进度", "这份记录只是\n供你自己了解进度"),
    ("原始笔记本在本手册的代码仓库中；任课教师也可以发给你*学生版*，其中去掉了参考答案单元格。",
     "重新解压讲义，或者向任课教师索取一份新的副本。"),
    ("（作答、检查、提示；完整版附参考答案）", "（作答、检查、提示）"),
    ("你的理由则按参考答案中的评分标准评分。", "你的理由由任课教师按评分标准评分。"),
]
# Parts of the package a learner does not need: the build and grading tooling.
EXCLUDED = ("publish", "__pycache__", "bundled_datasets")
README = """# CRM Lessons: student version

A hands-on workbook for the course in Customer Relationship Management: {count} chapter notebooks
in `notebooks/`, the helper package `crm_lessons` and the datasets they use (all offline).

## Install and start (one command)

You need Python 3.11 or newer. In a terminal, in this folder:

    python -m pip install . && python -m jupyter lab notebooks/00_start_here.ipynb

The first part installs the package, its datasets and JupyterLab (once); the second opens the
start notebook in your browser. Next time, only `python -m jupyter lab notebooks/00_start_here.ipynb`.
To keep the course apart from other Python work, create a virtual environment first:
`python -m venv .venv`, then `source .venv/bin/activate` (Windows: `.venv\\Scripts\\activate`).

## How the notebooks work

Each exercise has an answer cell (`answer_5_1 = ...`: replace the `...` and run it) and a check cell
(`crm.check("5.1", answer_5_1)`) that tells you at once whether you are right. `crm.hint("5.1")`
gives a hint; run it again for the next one. `crm.progress()` shows how far you are.

## Without installing anything

Each notebook's "Open in Binder" badge opens this student version in your browser. Binder does
not keep your work: run `crm.progress.export()` and download the zip before you leave.

## Licence

See `LICENSE`: the code is MIT-licensed, the text and data carry the licences named there.
"""


def is_solution(cell: dict) -> bool:
    """True for a cell tagged ``solution``.

    >>> is_solution({"metadata": {"tags": ["solution"]}})
    True
    """
    return "solution" in cell.get("metadata", {}).get("tags", [])


def _full_only(cell: dict) -> bool:
    """Cells for the full version only: tagged ``full-only``, or ``notes`` (talking points for the lecturer)."""
    return bool({"full-only", "notes"} & set(cell.get("metadata", {}).get("tags", [])))


#: What a cell tagged ``edition`` says in the student version (it names the full edition in the notebook).
STUDENT_EDITION = {
    "en": ("> **Student edition.** Each exercise has an answer cell, a check and hints (`crm.hint(\"N.M\")`); "
           "your instructor keeps the worked answers."),
    "zh": "> **学生版**：每道练习都有作答单元格、检查单元格和提示（`crm.hint(\"N.M\")`）；参考解答由任课教师保存。",
}


def notebook_language(notebook: nbformat.NotebookNode) -> str:
    """``"zh"`` for a notebook of the Chinese edition (its set-up cell asks for it), else ``"en"``.

    >>> notebook_language(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('crm.setup(lang="zh")')]))
    'zh'
    """
    code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    return "zh" if 'crm.setup(lang="zh")' in code else "en"


def student_link(target: str, folder: str = "notebooks") -> str:
    """Where a link in a student notebook of ``folder`` points: out of the folder to GitHub, Binder to the
    student copy (``student/`` for the English edition, ``student-zh/`` for ``notebooks/zh``).

    >>> student_link("https://mybinder.org/v2/gh/a/b/HEAD?urlpath=lab/tree/notebooks/05_x.ipynb")
    'https://mybinder.org/v2/gh/a/b/HEAD?urlpath=lab/tree/student/notebooks/05_x.ipynb'
    >>> student_link("https://mybinder.org/v2/gh/a/b/HEAD?urlpath=lab/tree/notebooks/zh/05_x.ipynb", "notebooks/zh")
    'https://mybinder.org/v2/gh/a/b/HEAD?urlpath=lab/tree/student-zh/notebooks/05_x.ipynb'
    """
    target = _links.to_repository(target, folder)
    target = _BINDER_URLPATH_ZH.sub(rf"\1{BINDER_STUDENT_FOLDER_ZH}/", target)
    return _BINDER_URLPATH.sub(rf"\1{BINDER_STUDENT_FOLDER}/", target)


def student_wording(markdown: str) -> str:
    """Reword the sentences that speak of solution cells (:data:`STUDENT_WORDING`).

    >>> student_wording("- Every chapter: exercises (answer, check, hint, solution).")
    '- Every chapter: exercises (answer, check, hint).'
    """
    for full, student in STUDENT_WORDING:
        markdown = markdown.replace(full, student)
    return markdown


def student_version(notebook: nbformat.NotebookNode, folder: str = "notebooks") -> nbformat.NotebookNode:
    """Return a copy of ``notebook`` (which lives in ``folder``) without solutions, exercise outputs cleared.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("answer_1_1 = ..."),
    ...     nbformat.v4.new_code_cell("answer_1_1 = 2", metadata={"tags": ["solution"]})])
    >>> len(student_version(nb).cells)
    1
    """
    copy = nbformat.from_dict(notebook)
    language = notebook_language(copy)
    cells = []
    for cell in copy.cells:
        if cell.cell_type == "markdown" and "edition" in cell.get("metadata", {}).get("tags", []):
            cell.source = STUDENT_EDITION[language]
        if is_solution(cell) or _full_only(cell):
            continue
        if cell.cell_type == "code" and EXERCISE_CELL.search(cell.source):
            cell.outputs = []
            cell.execution_count = None
        if cell.cell_type == "markdown":
            cell.source = student_wording(_links.rewrite(cell.source, lambda t: student_link(t, folder)))
        cells.append(cell)
    copy.cells = cells
    return copy


def _datasets_folder() -> Path:
    for folder in (REPOSITORY_ROOT / "datasets", PACKAGE / "bundled_datasets"):
        if (folder / "checksums.sha256").exists():
            return folder
    raise FileNotFoundError(f"The bundled datasets were not found next to {PACKAGE}: build the handout "
                            "from a checkout of the repository.")


def _copy_package(folder: Path) -> None:
    shutil.copytree(PACKAGE, folder / "crm_lessons", ignore=lambda d, names: [
        n for n in names if n in EXCLUDED or n.endswith((".pyc", ".pyo"))])
    shutil.copytree(_datasets_folder(), folder / "datasets")
    for name in ("pyproject.toml", "LICENSE"):
        if not (REPOSITORY_ROOT / name).exists():
            raise FileNotFoundError(f"{name} was not found in {REPOSITORY_ROOT}: build the handout from a checkout.")
        shutil.copy2(REPOSITORY_ROOT / name, folder / name)


ZIP_COMMENT = b"crm-lessons student handout"


def _is_our_zip(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            return zf.comment == ZIP_COMMENT
    except (OSError, zipfile.BadZipFile):
        return False


def build(source: Path = Path("notebooks"), target: Path = Path("build/student"), *,
          make_zip: bool = False, overwrite: bool = False) -> list[Path]:
    """Write the stand-alone student handout of the ``NN_*.ipynb`` in ``source`` into ``target``.

    Returns the student notebooks (``target/notebooks/``); with ``make_zip`` also the zip
    ``target/../crm-lessons-student.zip`` of the whole folder.
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

    try:
        where = source.resolve().relative_to(REPOSITORY_ROOT.resolve()).as_posix()
    except ValueError:
        where = "notebooks"

    def write(folder: Path) -> list[Path]:
        (folder / "notebooks").mkdir()
        written = []
        for path in notebooks:
            out = folder / "notebooks" / path.name
            nbformat.write(student_version(nbformat.read(path, as_version=4), where), out)
            written.append(out)
        _copy_package(folder)
        (folder / "README.md").write_text(README.format(count=len(notebooks)), encoding="utf-8")
        return written

    written, backup = _staging.staged_build(source, target, write, overwrite=overwrite)
    if backup is not None:
        print(f"kept the previous {target} as {backup}")
    if make_zip:
        def pack(path: Path) -> None:
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
                zf.comment = ZIP_COMMENT
                for file in sorted(p for p in target.rglob("*") if p.is_file()):
                    name = file.relative_to(target).as_posix()
                    if name != _staging.MANIFEST:
                        zf.write(file, f"crm-lessons-student/{name}")

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
