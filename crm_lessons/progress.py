"""Saved progress: which exercises a learner has passed, and taking it to a new session.

``crm.check`` records every passed exercise in a small JSON file:
``$CRM_LESSONS_PROGRESS`` when that variable is set, otherwise
``~/.crm_lessons/progress.json``. From a notebook:

- ``crm.progress()`` shows one row per chapter (passed / total), and
  ``crm.progress(5)`` one row per exercise of chapter 5;
- ``crm.progress.export()`` packs the progress and every notebook of the current
  folder into one zip file (``crm-lessons-my-work.zip``) to download;
- ``crm.progress.restore("crm-lessons-my-work.zip")`` merges that progress into a
  new session and unpacks the notebooks into ``my-work/`` beside the archive.

Running a solution cell counts as passing too: the record is for the learner's own
overview, not for grading.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
import types
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pandas as pd

ENV_VAR = "CRM_LESSONS_PROGRESS"
FORMAT = "crm-lessons-progress"
VERSION = 1
ARCHIVE_NAME = "crm-lessons-my-work.zip"
RESTORE_FOLDER = "my-work"
_MEMBER_PROGRESS = "progress.json"
_MEMBER_NOTEBOOKS = "notebooks/"
_README = """CRM Lessons: your saved work
============================

progress.json   the exercises you passed (exercise id -> first and last time, how often)
notebooks/      your notebooks as they were saved when you exported

To continue in a new session (for example a new Binder session): upload this zip file
into the notebooks folder, open any notebook and run

    import crm_lessons as crm
    crm.progress.restore("{name}")

Your progress comes back, and your notebooks are unpacked into the folder my-work/.
"""


def progress_file() -> Path:
    """The JSON file that holds the learner's progress.

    ``$CRM_LESSONS_PROGRESS`` if set (the tests point it at a temporary file),
    otherwise ``~/.crm_lessons/progress.json``.

    Examples
    --------
    >>> progress_file().name.endswith(".json")
    True
    """
    configured = os.environ.get(ENV_VAR, "").strip()
    return Path(configured).expanduser() if configured else Path.home() / ".crm_lessons" / "progress.json"


def _parse(text: str, source: str) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise ValueError(f"{source} is not valid JSON ({err.msg} at line {err.lineno}); "
                         "it was left untouched. Move it away to start a fresh record.") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("passed"), dict):
        raise ValueError(f"{source} is not a CRM Lessons progress file "
                         f"(expected a JSON object with format {FORMAT!r} and a 'passed' mapping).")
    passed = {}
    for ex_id, entry in data["passed"].items():
        if not (isinstance(entry, dict) and isinstance(entry.get("first"), str)
                and isinstance(entry.get("last"), str) and isinstance(entry.get("times"), int)):
            raise ValueError(f"{source}: the entry for exercise {ex_id!r} needs 'first', 'last' (ISO times) "
                             f"and 'times' (a count), got {entry!r}.")
        passed[str(ex_id)] = {"first": entry["first"], "last": entry["last"], "times": entry["times"]}
    return passed


def passed() -> dict[str, dict[str, Any]]:
    """The recorded passes: exercise id -> ``{"first", "last", "times"}``.

    An absent file means nothing passed yet; a damaged file raises ``ValueError``
    naming it (it is never overwritten).

    Examples
    --------
    >>> isinstance(passed(), dict)
    True
    """
    path = progress_file()
    if not path.exists():
        return {}
    return _parse(path.read_text(encoding="utf-8"), str(path))


def _write(records: Mapping[str, Mapping[str, Any]]) -> None:
    path = progress_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"format": FORMAT, "version": VERSION,
               "passed": {k: dict(records[k]) for k in sorted(records, key=_sort_key)}}
    handle, tmp = tempfile.mkstemp(prefix=".progress-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(payload, out, indent=1, ensure_ascii=False)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _sort_key(exercise_id: str) -> tuple:
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in exercise_id.split("."))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def record(exercise_id: str) -> None:
    """Record that ``exercise_id`` was passed just now (``crm.check`` calls this).

    Raises ``OSError`` when the file cannot be written and ``ValueError`` when it
    is damaged; ``crm.check`` turns either into a quiet note.

    Examples
    --------
    >>> record("0.1")  # doctest: +SKIP
    """
    if not isinstance(exercise_id, str) or not exercise_id.strip():
        raise TypeError(f"exercise_id must be a non-empty string such as '5.2', got {exercise_id!r}.")
    records = passed()
    now = _now()
    entry = records.get(exercise_id)
    if entry is None:
        records[exercise_id] = {"first": now, "last": now, "times": 1}
    else:
        entry.update(last=now, times=entry["times"] + 1)
    _write(records)


def _chapter(exercise_id: str) -> int | None:
    head = exercise_id.split(".")[0]
    return int(head) if head.isdigit() else None


def progress(chapter: int | None = None) -> pd.DataFrame:
    """Your progress: one row per chapter, or one row per exercise of ``chapter``.

    Parameters
    ----------
    chapter : int, optional
        Show the exercises of this chapter instead of the chapter summary.

    Returns
    -------
    pandas.DataFrame
        Per chapter: ``passed``, ``total``, ``done`` (share 0..1) and ``to_do``
        (the exercise ids still open). Per exercise: ``title``, ``passed``
        (True/False) and ``first_passed`` (UTC time, or empty).

    Also reachable as ``crm.progress.export`` and ``crm.progress.restore``.

    Examples
    --------
    >>> table = progress()
    >>> list(table.columns)
    ['passed', 'total', 'done', 'to_do']
    """
    from .exercises.core import get, known_ids

    if chapter is not None and (isinstance(chapter, bool) or not isinstance(chapter, int)):
        raise TypeError(f"chapter must be a chapter number such as 5, got {type(chapter).__name__}.")
    done = passed()
    ids = known_ids()
    unknown = sorted(set(done) - set(ids), key=_sort_key)
    if unknown:
        print(f"Also recorded, but not exercises of this version of the workbook: {', '.join(unknown)}.")
    if chapter is not None:
        mine = [i for i in ids if _chapter(i) == chapter]
        if not mine:
            chapters = sorted({c for c in map(_chapter, ids) if c is not None})
            raise ValueError(f"chapter {chapter} has no exercises; chapters with exercises: {chapters}.")
        return pd.DataFrame(
            {"title": [get(i).title for i in mine],
             "passed": [i in done for i in mine],
             "first_passed": [done[i]["first"].replace("T", " ")[:16] if i in done else "" for i in mine]},
            index=pd.Index(mine, name="exercise"))
    rows = {}
    for ex_id in ids:
        row = rows.setdefault(_chapter(ex_id), {"passed": 0, "total": 0, "to_do": []})
        row["total"] += 1
        if ex_id in done:
            row["passed"] += 1
        else:
            row["to_do"].append(ex_id)
    table = pd.DataFrame.from_dict(rows, orient="index", columns=["passed", "total", "to_do"])
    table.index.name = "chapter"
    table["done"] = table["passed"] / table["total"]
    table["to_do"] = table["to_do"].map(", ".join)
    return table[["passed", "total", "done", "to_do"]]


@dataclass
class Archive:
    """The file written by :func:`export`; shows a download link in a notebook."""

    path: Path
    notebooks: list[str]
    exercises: int

    def __repr__(self) -> str:
        return (f"Saved {self.exercises} passed exercise(s) and {len(self.notebooks)} notebook(s) to "
                f"{self.path.name}. Download it from the file browser (right-click, Download); "
                f"restore it in a new session with crm.progress.restore({self.path.name!r}).")

    def _repr_html_(self) -> str:
        import html

        name = html.escape(self.path.name)
        href = html.escape(Path(os.path.relpath(self.path.resolve(), Path.cwd().resolve())).as_posix())
        return (f'<div style="border-left: 6px solid #009E73; padding: 0.4em 0.8em;">💾 Saved '
                f"{self.exercises} passed exercise(s) and {len(self.notebooks)} notebook(s) to "
                f'<a href="{href}" download="{name}">{name}</a>. Download it (click the link, or right-click '
                f"the file in the file browser and choose Download); restore it in a new session with "
                f"<code>crm.progress.restore({html.escape(repr(self.path.name))})</code>.</div>")


def export(folder: str | os.PathLike | None = None, *, name: str = ARCHIVE_NAME) -> Archive:
    """Pack your progress and the notebooks of ``folder`` into one zip file to download.

    Save your notebooks first (Ctrl+S): the archive holds what is on disk.

    Parameters
    ----------
    folder : path, optional
        The folder with your notebooks; by default the current folder, which in
        JupyterLab is the folder of the open notebook.
    name : str
        File name of the archive, written into ``folder``.

    Examples
    --------
    >>> crm_archive = export("notebooks")  # doctest: +SKIP
    """
    folder = Path.cwd() if folder is None else Path(_require_path(folder, "folder"))
    if not folder.is_dir():
        raise ValueError(f"folder {str(folder)!r} is not a folder: pass the folder that holds your notebooks.")
    if not isinstance(name, str) or not name.endswith(".zip") or Path(name).name != name:
        raise ValueError(f"name must be a plain file name ending in .zip, got {name!r}.")
    notebooks = sorted(p for p in folder.glob("*.ipynb") if p.is_file())
    if not notebooks:
        raise ValueError(f"No notebooks (*.ipynb) in {folder.resolve()}: run this from a notebook of the "
                         "workbook, or pass folder='path/to/your/notebooks'.")
    records = passed()
    target = folder / name
    handle, tmp = tempfile.mkstemp(prefix=".export-", suffix=".zip", dir=folder)
    os.close(handle)
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(_MEMBER_PROGRESS, json.dumps(
                {"format": FORMAT, "version": VERSION, "exported": _now(), "passed": records},
                indent=1, ensure_ascii=False))
            zf.writestr("README.txt", _README.format(name=name))
            for path in notebooks:
                zf.write(path, _MEMBER_NOTEBOOKS + path.name)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Archive(target, [p.name for p in notebooks], len(records))


@dataclass
class Restored:
    """What :func:`restore` did."""

    archive: Path
    exercises: int
    new: int
    notebooks: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    folder: Path | None = None

    def __repr__(self) -> str:
        text = (f"Restored {self.exercises} passed exercise(s) from {self.archive.name} "
                f"({self.new} new to this session). Run crm.progress() to see them.")
        if self.notebooks:
            text += f" Notebooks unpacked into {self.folder.name}/: {', '.join(self.notebooks)}."
        if self.unchanged:
            text += f" Already there and identical: {', '.join(self.unchanged)}."
        return text


def _require_path(value: Any, arg: str) -> str | os.PathLike:
    if value is Ellipsis:
        raise TypeError(f"{arg} is still `...`: pass a file or folder name as text.")
    if not isinstance(value, (str, os.PathLike)):
        raise TypeError(f"{arg} must be a path (text), got {type(value).__name__}.")
    return value


def _merge(mine: Mapping[str, Mapping[str, Any]],
           theirs: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Union of two progress records: earliest first pass, latest last pass, the larger count."""
    merged = {k: dict(v) for k, v in mine.items()}
    for ex_id, entry in theirs.items():
        own = merged.get(ex_id)
        if own is None:
            merged[ex_id] = dict(entry)
        else:
            merged[ex_id] = {"first": min(own["first"], entry["first"]), "last": max(own["last"], entry["last"]),
                             "times": max(own["times"], entry["times"])}
    return merged


def restore(archive: str | os.PathLike, *, notebooks: bool = True, overwrite: bool = False) -> Restored:
    """Bring back progress (and notebooks) saved with :func:`export`, e.g. in a new Binder session.

    The archive's progress is merged with this session's (nothing is lost on
    either side). Its notebooks are unpacked into ``my-work/`` beside the archive,
    so the workbook's own notebooks stay as they are.

    Parameters
    ----------
    archive : path
        The zip file written by :func:`export` (or a bare ``progress.json``).
    notebooks : bool
        Also unpack the notebooks (default True).
    overwrite : bool
        Replace notebooks in ``my-work/`` that differ from the archive's copies;
        without it such a clash raises ``ValueError`` and nothing is written.

    Examples
    --------
    >>> restore("crm-lessons-my-work.zip")  # doctest: +SKIP
    """
    path = Path(_require_path(archive, "archive"))
    if not path.is_file():
        raise FileNotFoundError(f"archive {str(path)!r} not found: upload the file you downloaded with "
                                "crm.progress.export() into this folder first, or give its full path.")
    members: dict[str, bytes] = {}
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
            if _MEMBER_PROGRESS not in names:
                raise ValueError(f"{path.name} has no {_MEMBER_PROGRESS}: it was not written by crm.progress.export().")
            theirs = _parse(zf.read(_MEMBER_PROGRESS).decode("utf-8"), f"{path.name}/{_MEMBER_PROGRESS}")
            for member in names:
                base = member[len(_MEMBER_NOTEBOOKS):]
                if (member.startswith(_MEMBER_NOTEBOOKS) and base.endswith(".ipynb")
                        and Path(base).name == base and not base.startswith(".")):
                    members[base] = zf.read(member)
    else:
        theirs = _parse(path.read_text(encoding="utf-8"), path.name)
    mine = passed()
    new = len(set(theirs) - set(mine))
    written: list[str] = []
    unchanged: list[str] = []
    folder = path.parent / RESTORE_FOLDER
    if notebooks and members:
        clashes = [n for n, data in members.items()
                   if (folder / n).exists() and (folder / n).read_bytes() != data]
        if clashes and not overwrite:
            raise ValueError(f"{folder} already has different versions of {', '.join(sorted(clashes))}; "
                             "nothing was restored. Rename that folder, or pass overwrite=True to replace them.")
        folder.mkdir(exist_ok=True)
        for name_, data in sorted(members.items()):
            target = folder / name_
            if target.exists() and target.read_bytes() == data:
                unchanged.append(name_)
                continue
            target.write_bytes(data)
            written.append(name_)
    _write(_merge(mine, theirs))
    return Restored(path, len(theirs), new, written, unchanged, folder if members and notebooks else None)


# ``crm.progress`` is the function ``progress`` on first use (the package shortcut) and this
# module once it has been imported (Python then sets it as the package attribute). Both must
# behave alike: the function carries the module's commands, and the module can be called.
progress.export = export  # type: ignore[attr-defined]
progress.restore = restore  # type: ignore[attr-defined]
progress.file = progress_file  # type: ignore[attr-defined]


class _CallableModule(types.ModuleType):
    def __call__(self, chapter: int | None = None) -> pd.DataFrame:
        return progress(chapter)


sys.modules[__name__].__class__ = _CallableModule
