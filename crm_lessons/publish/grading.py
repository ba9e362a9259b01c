"""Grade submitted notebooks: re-run each in isolation, score every exercise, write a gradebook.

``make grade SUBMISSIONS=dir`` (``python -m crm_lessons.publish.grading dir --out build/grades``):

- every ``*.ipynb`` in the folder is one submission; the student is named by the notebook's
  metadata (``metadata.crm_lessons.student``, else the first of ``metadata.authors``), else
  by the file name;
- stored outputs are never trusted: they are removed, and the notebook runs again in a
  fresh kernel of its own (its own working folder, home and progress file, a time limit
  per cell, network connections refused), without the cells tagged ``solution`` or
  starting ``# model answer``;
- in that kernel ``crm.check`` only *records* each answer; the exercises' answer code is
  not there (looking it up fails and is flagged). The recorded answers are scored here,
  by the instructor's checks: the package's registered checks, overridden by any in an
  instructor-only file (``--checks my_checks.py``, using the same ``@exercise`` and
  ``@decision`` decorators; keep it out of what students get);
- exercises are found by their ``crm.check("N.M", ...)`` ids, never by prose, so another
  language edition grades the same; the expected exercises of a chapter are all those
  registered for it, so a missing cell scores 0.

Writes to the output folder: ``gradebook.csv`` (student x exercise, 1 = correct),
``feedback/<student>.md``, ``decisions.md`` (the written reasons of every decision exercise,
with its rubric, for marking by hand) and ``class_results.png``.
"""
from __future__ import annotations

import csv
import os
import pickle
import re
import runpy
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from . import _staging

CHECK_ID = re.compile(r"""crm\.check\(\s*["'](\d+\.\d+)["']""")
# Code that reaches for the answers instead of computing them.
LOOKUP = re.compile(r"expected_answer|model_submission|_REGISTRY|exercises\.core|exercises\.ch\d\d|__globals__"
                    r"|exercises\s+import\s+(?:core|ch\d\d)|importlib|inspect\.getsource")
MODEL_ANSWER = "# model answer"

# First cell of every graded run: record answers, hide the answer code, refuse the network.
_PREAMBLE = '''\
import pickle as _pickle, socket as _socket, sys as _sys, types as _types, pathlib as _pathlib
_ANSWERS = _pathlib.Path({answers!r})
_TITLES = {titles!r}

def _no_network(*args, **kwargs):
    raise OSError("The network is switched off while grading.")
_socket.socket.connect = _no_network
_socket.socket.connect_ex = _no_network
_socket.create_connection = _no_network

class _Recorded:
    def __init__(self, exercise_id):
        self.exercise_id = exercise_id
    def __repr__(self):
        return f"Exercise {{self.exercise_id}}: answer recorded for grading."

def _check(exercise_id, answer=...):
    exercise_id = str(exercise_id).strip()
    path = _ANSWERS / f"{{len(list(_ANSWERS.iterdir())):05d}}.pkl"
    try:
        data = _pickle.dumps((exercise_id, answer))
    except Exception as err:
        data = _pickle.dumps((exercise_id, ("__unpicklable__", f"{{type(err).__name__}}: {{err}}")))
    path.write_bytes(data)
    return _Recorded(exercise_id)

def _hidden(*args, **kwargs):
    raise PermissionError("The exercises' answers are not available while grading.")

class _Summary:
    def __init__(self, exercise_id):
        self.exercise_id, self.title, self.hints = exercise_id, _TITLES[exercise_id], []
    expected_answer = model_submission = _hidden

def _get(exercise_id):
    if exercise_id not in _TITLES:
        raise KeyError(exercise_id)
    return _Summary(exercise_id)

_stub = _types.ModuleType("crm_lessons.exercises")
_stub.check, _stub.get, _stub.known_ids = _check, _get, lambda: list(_TITLES)
_stub.hint = lambda *a, **k: "Hints are not shown while grading."
_stub.rubric = lambda *a, **k: "The rubric is shown after grading."
def _missing(name):
    raise AttributeError(f"crm_lessons.exercises.{{name}} is not available while grading.")
_stub.__getattr__ = _missing
for _name in ["crm_lessons.exercises", "crm_lessons.exercises.core"] + [
        f"crm_lessons.exercises.ch{{k:02d}}" for k in range(100)]:
    _sys.modules[_name] = _stub
import crm_lessons as _crm
_crm.exercises, _crm.check, _crm.hint = _stub, _check, _stub.hint
'''


@dataclass
class Submission:
    """One graded notebook: who, what ran, and the score per exercise."""

    student: str
    file: str
    chapters: list[int] = field(default_factory=list)
    status: str = "ran to the end"
    scores: dict[str, int] = field(default_factory=dict)
    feedback: dict[str, str] = field(default_factory=dict)
    reasons: dict[str, tuple[Any, str]] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)


def student_name(notebook: nbformat.NotebookNode, path: Path) -> str:
    """Who handed the notebook in: its metadata, else the file name (made safe for a file name).

    >>> nb = nbformat.v4.new_notebook(metadata={"authors": [{"name": "Li Wei"}]})
    >>> student_name(nb, Path("05_segmentation.ipynb")), student_name(nbformat.v4.new_notebook(), Path("ann b.ipynb"))
    ('Li Wei', 'ann_b')
    """
    meta = notebook.get("metadata", {})
    name = meta.get("crm_lessons", {}).get("student") if isinstance(meta.get("crm_lessons"), dict) else None
    authors = meta.get("authors")
    if not name and isinstance(authors, list) and authors and isinstance(authors[0], dict):
        name = authors[0].get("name")
    if isinstance(name, str) and name.strip():
        return name.strip()[:80]
    return re.sub(r"[^\w.-]+", "_", path.stem)[:80]


def exercise_ids(notebook: nbformat.NotebookNode) -> list[str]:
    """The exercise ids a notebook checks, in order of first appearance (from ``crm.check`` calls).

    >>> exercise_ids(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('crm.check("5.2", a)')]))
    ['5.2']
    """
    found = []
    for cell in notebook.cells:
        if cell.cell_type == "code":
            found += [i for i in CHECK_ID.findall(cell.source) if i not in found]
    return found


def _is_model_answer(cell: dict) -> bool:
    tags = cell.get("metadata", {}).get("tags", [])
    return "solution" in tags or cell.get("source", "").lstrip().startswith(MODEL_ANSWER)


def graded_copy(notebook: nbformat.NotebookNode, answers: Path, titles: dict[str, str]) -> nbformat.NotebookNode:
    """The notebook that runs: no outputs, no model answers, the recording preamble first.

    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("answer_0_1 = 3"),
    ...     nbformat.v4.new_code_cell("# model answer\\nanswer_0_1 = 1000")])
    >>> [c.source for c in graded_copy(nb, Path("answers"), {}).cells[1:]]
    ['answer_0_1 = 3']
    """
    cells = [nbformat.v4.new_code_cell(_PREAMBLE.format(answers=str(answers), titles=titles))]
    for cell in notebook.cells:
        if cell.cell_type != "code" or _is_model_answer(cell):
            continue
        cells.append(nbformat.v4.new_code_cell(cell.source))
    return nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "language": "python",
                                                                          "display_name": "Python 3"}})


def load_checks(path: Path | None) -> None:
    """Register the instructor's own checks (a Python file using ``@exercise``/``@decision``).

    They override the package's checks of the same id, in this process only.

    >>> load_checks(None)  # only the package's checks
    """
    from ..exercises import core

    core.known_ids()  # the package's checks first, so the instructor's override them
    if path is not None:
        runpy.run_path(str(path), init_globals={"exercise": core.exercise, "decision": core.decision})


def _run(graded: nbformat.NotebookNode, workdir: Path, cell_timeout: int) -> str:
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    # A cell over the time limit is interrupted and the run goes on with the next cell.
    client = NotebookClient(graded, timeout=cell_timeout, allow_errors=True, interrupt_on_timeout=True,
                            kernel_name="python3", resources={"metadata": {"path": str(workdir)}})
    try:
        client.execute(env=_kernel_env(workdir))
    except CellTimeoutError:
        return f"stopped: a cell ran longer than {cell_timeout} s and could not be interrupted"
    except DeadKernelError:
        return "stopped: the kernel died"
    errors = [o for c in graded.cells[1:] for o in c.get("outputs", []) if o.output_type == "error"]
    stopped = sum(o.ename == "KeyboardInterrupt" for o in errors)
    parts = [f"{stopped} cell(s) stopped after {cell_timeout} s"] if stopped else []
    parts += [f"{len(errors) - stopped} cell(s) raised an error"] if len(errors) > stopped else []
    return "ran; " + ", ".join(parts) if parts else "ran to the end"


def _kernel_env(workdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CRM_LESSONS_", "JPY_", "JUPYTER_"))}
    env.update(HOME=str(workdir), CRM_LESSONS_PROGRESS=str(workdir / "progress.json"), MPLBACKEND="Agg",
               no_proxy="*", http_proxy="http://0.0.0.0:9", https_proxy="http://0.0.0.0:9")
    return env


def _score(sub: Submission, recorded: dict[str, Any], expected: list[str]) -> None:
    from ..exercises import core

    for ex_id in expected:
        ex = core.get(ex_id)
        if ex_id not in recorded:
            sub.scores[ex_id] = 0
            sub.feedback[ex_id] = "no answer was checked (the cell is missing, or the notebook stopped before it)"
            continue
        answer = recorded[ex_id]
        if isinstance(answer, tuple) and answer[:1] == ("__unpicklable__",):
            sub.scores[ex_id], sub.feedback[ex_id] = 0, f"the answer could not be read back ({answer[1]})"
            continue
        feedback = core.check(ex_id, answer)
        sub.scores[ex_id] = int(feedback.correct)
        sub.feedback[ex_id] = feedback.message
        if ex.kind == "decision":
            why = answer.get("why") if isinstance(answer, dict) else None
            sub.reasons[ex_id] = (answer.get("choice") if isinstance(answer, dict) else answer,
                                  why if isinstance(why, str) else "(no reasons given)")


def grade_notebook(path: Path, *, cell_timeout: int = 60) -> Submission:
    """Re-run one submission in isolation and score it with the registered checks.

    >>> grade_notebook(Path("handed-in/ann.ipynb")).scores  # doctest: +SKIP
    {'5.1': 1, '5.2': 0, '5.3': 1}
    """
    from ..exercises import core

    path = Path(path)
    try:
        notebook = nbformat.read(path, as_version=4)
    except Exception as err:
        sub = Submission(re.sub(r"[^\w.-]+", "_", path.stem), path.name)
        sub.status = f"not a readable notebook ({type(err).__name__})"
        return sub
    sub = Submission(student_name(notebook, path), path.name)
    ids = exercise_ids(notebook)
    heads = [int(i.split(".")[0]) for i in ids] or ([int(path.name[:2])] if path.name[:2].isdigit() else [])
    sub.chapters = sorted(set(heads))
    known = core.known_ids()
    expected = [i for i in known if int(i.split(".")[0]) in sub.chapters]
    code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code" and not _is_model_answer(c))
    if LOOKUP.search(code):
        sub.flags.append("answer lookup attempted: " + LOOKUP.search(code).group(0))
    dropped = sum(_is_model_answer(c) for c in notebook.cells)
    if dropped:
        sub.flags.append(f"{dropped} model-answer cell(s) not run")
    with tempfile.TemporaryDirectory(prefix="crm-grade-") as tmp:
        workdir, answers = Path(tmp) / "work", Path(tmp) / "answers"
        workdir.mkdir()
        answers.mkdir()
        titles = {i: core.get(i).title for i in known}
        sub.status = _run(graded_copy(notebook, answers, titles), workdir, cell_timeout)
        recorded: dict[str, Any] = {}
        for item in sorted(answers.iterdir()):
            try:
                ex_id, answer = pickle.loads(item.read_bytes())
            except Exception as err:
                ex_id, answer = None, None
                sub.flags.append(f"a recorded answer could not be read ({type(err).__name__})")
            if ex_id is not None:
                recorded[ex_id] = answer  # the last check of an exercise counts
    with tempfile.TemporaryDirectory() as quiet:  # check() records passes: not into the instructor's progress
        before = os.environ.get("CRM_LESSONS_PROGRESS")
        os.environ["CRM_LESSONS_PROGRESS"] = str(Path(quiet) / "progress.json")
        try:
            _score(sub, recorded, expected)
        finally:
            if before is None:
                os.environ.pop("CRM_LESSONS_PROGRESS", None)
            else:
                os.environ["CRM_LESSONS_PROGRESS"] = before
    return sub


def _file_name(student: str) -> str:
    return re.sub(r"[^\w.-]+", "_", student)


def _unique(subs: list[Submission]) -> None:
    seen: dict[str, int] = {}
    for sub in subs:
        seen[sub.student] = seen.get(sub.student, 0) + 1
        if seen[sub.student] > 1:
            sub.student = f"{sub.student} ({seen[sub.student]})"


def write_reports(subs: list[Submission], out: Path) -> dict[str, Path]:
    """Write the gradebook, the feedback files, the decision reasons and the class chart into ``out``.

    >>> sorted(write_reports([Submission("Ann", "ann.ipynb", scores={"0.1": 1}, feedback={"0.1": "ok"})],
    ...                      Path(tempfile.mkdtemp())))
    ['chart', 'decisions', 'feedback', 'gradebook']
    """
    from ..exercises import core

    ids = sorted({i for s in subs for i in s.scores}, key=lambda k: tuple(int(p) for p in k.split(".")))
    book = out / "gradebook.csv"
    with book.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "file", *ids, "total", "out_of", "status", "flags"])
        for s in subs:
            writer.writerow([s.student, s.file, *[s.scores.get(i, "") for i in ids], sum(s.scores.values()),
                             len(s.scores), s.status, "; ".join(s.flags)])
    folder = out / "feedback"
    folder.mkdir(exist_ok=True)
    for s in subs:
        lines = [f"# Feedback for {s.student}", "", f"Notebook: `{s.file}` ({s.status}).",
                 f"Score: {sum(s.scores.values())} of {len(s.scores)}.", ""]
        lines += [f"- **{i}** ({'correct' if s.scores[i] else 'not correct'}): {s.feedback[i]}" for i in s.scores]
        lines += ["", *[f"Note: {f}" for f in s.flags]]
        (folder / f"{_file_name(s.student)}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    decisions = out / "decisions.md"
    parts = ["# Written reasons of the decision exercises, for marking with the rubric", ""]
    for i in ids:
        if core.get(i).kind != "decision":
            continue
        parts += [f"## Exercise {i}: {core.get(i).title}", "", "Rubric:",
                  *[f"- [ ] {c}" for c in core.rubric(i).criteria], ""]
        for s in subs:
            choice, why = s.reasons.get(i, (None, "(no answer)"))
            verdict = "accepted" if s.scores.get(i) else "not accepted"
            parts += [f"### {s.student}", f"Choice: `{choice!r}` (choice {verdict})",
                      "", why, ""]
    decisions.write_text("\n".join(parts), encoding="utf-8")
    chart = out / "class_results.png"
    _chart(subs, ids, chart)
    return {"gradebook": book, "feedback": folder, "decisions": decisions, "chart": chart}


def _chart(subs: list[Submission], ids: list[str], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from ..plots.theme import PALETTE

    shares = [100 * sum(s.scores.get(i, 0) for s in subs) / max(len(subs), 1) for i in ids]
    # constrained, as in the workbook theme (crm.plots.apply_theme): tight_layout on such a figure warns
    fig, ax = plt.subplots(figsize=(max(6, 0.6 * len(ids) + 2), 4), layout="constrained")
    ax.bar(ids, shares, color=PALETTE[0])
    ax.set_xlabel("Exercise")
    ax.set_ylabel("Students with a correct answer (%)")
    ax.set_ylim(0, 100)
    if ids:
        best, worst = ids[shares.index(max(shares))], ids[shares.index(min(shares))]
        ax.set_title(f"Exercise {best} was solved most often, {worst} least ({len(subs)} submissions)")
    fig.savefig(path, dpi=120)
    plt.close(fig)


def grade(submissions: Path, out: Path, *, checks: Path | None = None, cell_timeout: int = 60,
          overwrite: bool = False) -> list[Submission]:
    """Grade every ``*.ipynb`` in ``submissions``; write the reports into ``out``.

    ``out`` is written like every build (:mod:`~crm_lessons.publish._staging`): all at once,
    never inside ``submissions``, and a folder holding files it did not make only with
    ``overwrite`` (then kept as a backup).

    >>> grade(Path("submissions"), Path("build/grades"))  # doctest: +SKIP
    """
    submissions, out = Path(submissions), Path(out)
    if not submissions.is_dir():
        raise FileNotFoundError(f"SUBMISSIONS={submissions} is not a folder: put the handed-in notebooks in one.")
    paths = sorted(p for p in submissions.glob("*.ipynb") if not p.is_symlink())
    if not paths:
        raise FileNotFoundError(f"No notebooks (*.ipynb) in {submissions}.")
    _staging.ensure_replaceable(submissions, out, overwrite=overwrite)  # before the long part
    load_checks(checks)
    subs = [grade_notebook(p, cell_timeout=cell_timeout) for p in paths]
    _unique(subs)
    _, backup = _staging.staged_build(submissions, out, lambda folder: list(write_reports(subs, folder).values()),
                                      overwrite=overwrite)
    if backup is not None:
        print(f"kept the previous {out} as {backup}")
    return subs


def _main(argv: list[str]) -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m crm_lessons.publish.grading", description=__doc__.split("\n")[0])
    parser.add_argument("submissions", help="folder of handed-in notebooks")
    parser.add_argument("--out", default="build/grades", help="where to write the reports (default: build/grades)")
    parser.add_argument("--checks", type=Path, help="instructor-only checks (a .py file) that override the package's")
    parser.add_argument("--cell-timeout", type=int, default=60, help="seconds per cell before it is interrupted")
    parser.add_argument("--overwrite", action="store_true",
                        help="replace an output folder holding files grading did not make (kept as a backup)")
    args = parser.parse_args(argv)
    subs = grade(Path(args.submissions), Path(args.out), checks=args.checks, cell_timeout=args.cell_timeout,
                 overwrite=args.overwrite)
    for s in subs:
        print(f"{s.student}: {sum(s.scores.values())}/{len(s.scores)} ({s.status}){' !' if s.flags else ''}")
    print(f"reports in {args.out}: gradebook.csv, feedback/, decisions.md, class_results.png")


if __name__ == "__main__":
    try:
        _main(sys.argv[1:])
    except (FileNotFoundError, _staging.UnsafeTargetError) as err:
        raise SystemExit(f"error: {err}") from None
