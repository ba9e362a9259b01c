"""Saved progress: which exercises a learner has passed, and taking it to a new session.

``crm.check`` records every passed exercise in a small JSON file:
``$CRM_LESSONS_PROGRESS`` when that variable is set, otherwise
``~/.crm_lessons/progress.json``. From a notebook:

- ``crm.progress()`` shows one row per chapter (passed / total), and
  ``crm.progress(5)`` one row per exercise of chapter 5;
- ``crm.progress.export()`` packs the progress and every notebook of the
  workbook folder and of ``my-work/`` into one zip file to download;
- ``crm.progress.restore()`` merges that progress into a new session and unpacks
  the notebooks into ``my-work/`` (see :mod:`crm_lessons.saved_work`).

Running a solution cell counts as passing too: the record is for the learner's own
overview, not for grading.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
import types
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from .i18n import gettext, tr

ENV_VAR = "CRM_LESSONS_PROGRESS"
FORMAT = "crm-lessons-progress"
VERSION = 1


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


class ProgressError(ValueError):
    """Saved progress or a saved-work archive cannot be used; the message says what to do."""


_MAX_ID_LENGTH = 40


def _parse(text: str | bytes, source: str) -> dict[str, dict[str, Any]]:
    """The ``passed`` records of a progress file, every field checked.

    Raises :class:`ProgressError` naming ``source`` for text that is not UTF-8,
    not JSON (or nested too deeply to read), not a progress file, written by a
    newer version of the workbook, or holding an entry that is not a real pass.
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ProgressError(tr("{source} is not UTF-8 text, so it is not a progress file written by crm_lessons; "
                                   "nothing was changed. Use the file crm.progress.export() wrote.",
                                   source=source)) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise ProgressError(tr("{source} is not valid JSON ({msg} at line {lineno}); it was left untouched. Move it "
                               "away to start a fresh record.",
                               source=source, msg=err.msg, lineno=err.lineno)) from None
    except RecursionError:
        raise ProgressError(tr("{source} is nested too deeply to be a progress file; it was left untouched. Move it "
                               "away to start a fresh record.", source=source)) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("passed"), dict):
        raise ProgressError(tr("{source} is not a CRM Lessons progress file (expected a JSON object with format "
                               "{FORMAT!r} and a 'passed' mapping).", source=source, FORMAT=FORMAT))
    version = data.get("version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ProgressError(tr("{source} has version {version!r}; a progress file has version 1 to {VERSION}; "
                               "nothing was changed. Use the file crm.progress.export() wrote.",
                               source=source, version=version, VERSION=VERSION))
    if version > VERSION:
        raise ProgressError(tr("{source} was written by a newer version of the workbook (progress format {version}, "
                               "this one reads up to {VERSION}); nothing was changed. Update the workbook (git pull, "
                               "or a new Binder session) and try again.",
                               source=source, version=version, VERSION=VERSION))
    passed = {}
    for ex_id, entry in data["passed"].items():
        problem = _entry_problem(ex_id, entry)
        if problem:
            raise ProgressError(tr("{source}: the entry for exercise {ex_id!r} {problem}; nothing was changed.",
                                   source=source, ex_id=str(ex_id)[:_MAX_ID_LENGTH], problem=problem))
        passed[ex_id] = {"first": entry["first"], "last": entry["last"], "times": entry["times"]}
    return passed


def _entry_problem(ex_id: str, entry: Any) -> str | None:
    """What is wrong with one record, or None."""
    if len(ex_id) > _MAX_ID_LENGTH or not ex_id.strip():
        return tr("has an id that is not an exercise id such as '5.2'")
    if not (isinstance(entry, dict) and isinstance(entry.get("first"), str)
            and isinstance(entry.get("last"), str) and isinstance(entry.get("times"), int)
            and not isinstance(entry.get("times"), bool)):
        return tr("needs 'first', 'last' (ISO times) and 'times' (a count), got {entry}", entry=str(entry)[:80])
    if entry["times"] < 1:
        return tr("says it was passed {times} times (a count of 1 or more is needed)", times=entry["times"])
    try:
        first, last = (datetime.fromisoformat(entry[k]) for k in ("first", "last"))
    except ValueError:
        return tr("has times that are not ISO dates: {first!r}, {last!r}", first=entry["first"][:40],
                  last=entry["last"][:40])
    if (first.tzinfo is None) != (last.tzinfo is None) or first > last:
        return tr("was first passed ({first}) after it was last passed ({last})", first=entry["first"],
                  last=entry["last"])
    return None


def passed() -> dict[str, dict[str, Any]]:
    """The recorded passes: exercise id -> ``{"first", "last", "times"}``.

    An absent file means nothing passed yet; a damaged file raises
    :class:`ProgressError` (a ``ValueError``) naming it (it is never overwritten).

    Examples
    --------
    >>> isinstance(passed(), dict)
    True
    """
    path = progress_file()
    if not path.exists():
        return {}
    return _parse(path.read_bytes(), str(path))


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
    return datetime.now(UTC).isoformat(timespec="seconds")


def record(exercise_id: str) -> None:
    """Record that ``exercise_id`` was passed just now (``crm.check`` calls this).

    Raises ``OSError`` when the file cannot be written and ``ValueError`` when it
    is damaged; ``crm.check`` turns either into a quiet note.

    Examples
    --------
    >>> record("0.1")  # doctest: +SKIP
    """
    if not isinstance(exercise_id, str) or not exercise_id.strip():
        raise TypeError(tr("exercise_id must be a non-empty string such as '5.2', got {exercise_id!r}.",
                           exercise_id=exercise_id))
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
        (True/False) and ``first_passed`` (UTC time, or empty). Titles are shown in the
        reader's language (``crm.setup(lang="zh")``); the column names are the same in both.

    Also reachable as ``crm.progress.export`` and ``crm.progress.restore``.

    Examples
    --------
    >>> table = progress()
    >>> list(table.columns)
    ['passed', 'total', 'done', 'to_do']
    """
    from .exercises.core import get, known_ids

    if chapter is not None and (isinstance(chapter, bool) or not isinstance(chapter, int)):
        raise TypeError(tr("chapter must be a chapter number such as 5, got {kind}.", kind=type(chapter).__name__))
    done = passed()
    ids = known_ids()
    unknown = sorted(set(done) - set(ids), key=_sort_key)
    if unknown:
        print(tr("Also recorded, but not exercises of this version of the workbook: {ids}.", ids=", ".join(unknown)))
    if chapter is not None:
        mine = [i for i in ids if _chapter(i) == chapter]
        if not mine:
            chapters = sorted({c for c in map(_chapter, ids) if c is not None})
            raise ValueError(tr("chapter {chapter} has no exercises; chapters with exercises: {chapters}.",
                                chapter=chapter, chapters=chapters))
        return pd.DataFrame(
            {"title": [gettext(get(i).title) for i in mine],  # in the reader's language
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


# ``crm.progress`` is the function ``progress`` on first use (the package shortcut) and this
# module once it has been imported (Python then sets it as the package attribute). Both must
# behave alike: the function carries the module's commands, and the module can be called.
from .saved_work import export, restore  # noqa: E402  (they use the record functions above)

progress.export = export  # type: ignore[attr-defined]
progress.restore = restore  # type: ignore[attr-defined]
progress.file = progress_file  # type: ignore[attr-defined]
file = progress_file


class _CallableModule(types.ModuleType):
    def __call__(self, chapter: int | None = None) -> pd.DataFrame:
        return progress(chapter)


sys.modules[__name__].__class__ = _CallableModule
