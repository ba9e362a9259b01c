"""Saved progress: crm.check records passes, crm.progress() summarises, export/restore carry it over."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile

import nbformat
import pytest
from hypothesis import given
from hypothesis import strategies as st

import crm_lessons as crm
from crm_lessons import progress as prog
from crm_lessons.exercises.core import get, known_ids


@pytest.fixture
def progress_path(tmp_path, monkeypatch):
    path = tmp_path / "state" / "progress.json"
    monkeypatch.setenv("CRM_LESSONS_PROGRESS", str(path))
    return path


def _right(ex_id):
    return get(ex_id).expected_answer()


def _chapter_ids(chapter):
    return [i for i in known_ids() if i.split(".")[0] == str(chapter)]


def _write_notebook(path, text):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(text)])
    nbformat.write(nb, path)


def test_progress_file_follows_the_environment_then_the_home_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("CRM_LESSONS_PROGRESS", str(tmp_path / "mine.json"))
    assert prog.progress_file() == tmp_path / "mine.json"
    monkeypatch.delenv("CRM_LESSONS_PROGRESS")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert prog.progress_file() == tmp_path / ".crm_lessons" / "progress.json"


def test_check_records_passes_only(progress_path):
    assert crm.check("0.1", ...).status == "not_attempted"
    assert crm.check("0.1", "many").status == "wrong_type"
    assert not progress_path.exists(), "only a pass is recorded"
    first = crm.check("0.1", _right("0.1"))
    assert first.correct and first.note == ""
    crm.check("0.1", _right("0.1"))
    data = json.loads(progress_path.read_text())
    assert data["format"] == "crm-lessons-progress"
    assert list(data["passed"]) == ["0.1"]
    entry = data["passed"]["0.1"]
    assert entry["times"] == 2 and entry["first"] <= entry["last"]


def test_summary_has_one_row_per_chapter(progress_path):
    chapter0 = _chapter_ids(0)
    assert len(chapter0) >= 2
    crm.check(chapter0[0], _right(chapter0[0]))
    table = crm.progress()
    chapters = sorted({int(i.split(".")[0]) for i in known_ids()})
    assert table.index.tolist() == chapters
    row = table.loc[0]
    assert row["passed"] == 1 and row["total"] == len(chapter0)
    assert row["done"] == pytest.approx(1 / len(chapter0))
    assert row["to_do"] == ", ".join(chapter0[1:])
    others = table.drop(index=0)
    assert (others["passed"] == 0).all()
    assert others["total"].sum() == len(known_ids()) - len(chapter0)
    for ex_id in chapter0[1:]:
        crm.check(ex_id, _right(ex_id))
    done = crm.progress().loc[0]
    assert done["passed"] == done["total"] and done["done"] == 1.0 and done["to_do"] == ""


def test_chapter_detail_lists_each_exercise(progress_path):
    chapter0 = _chapter_ids(0)
    crm.check(chapter0[-1], _right(chapter0[-1]))
    detail = crm.progress(0)
    assert detail.index.tolist() == chapter0
    assert detail["passed"].tolist() == [i == chapter0[-1] for i in chapter0]
    assert detail.loc[chapter0[0], "title"] == get(chapter0[0]).title
    assert detail.loc[chapter0[0], "first_passed"] == ""
    assert detail.loc[chapter0[-1], "first_passed"][:2] == "20"


def test_progress_is_reachable_both_ways():
    """``crm.progress`` may be the function or the (callable) module: both offer the same commands."""
    assert callable(prog) and prog.export is prog.progress.export
    assert crm.progress.restore is prog.restore


def test_a_write_error_is_a_quiet_note_not_a_traceback(tmp_path, monkeypatch):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("CRM_LESSONS_PROGRESS", str(tmp_path / "ok.json"))
    saved = crm.check("0.1", _right("0.1"))
    monkeypatch.setenv("CRM_LESSONS_PROGRESS", str(blocker / "progress.json"))
    feedback = crm.check("0.1", _right("0.1"))
    assert feedback.correct
    assert feedback.message == saved.message, "the learner's message stays the same"
    assert "could not be saved" in feedback.note
    assert feedback.note in repr(feedback) and "could not be saved" in feedback._repr_html_()


def test_a_damaged_file_is_reported_and_never_overwritten(progress_path):
    progress_path.parent.mkdir(parents=True)
    progress_path.write_text("{half a file")
    feedback = crm.check("0.1", _right("0.1"))
    assert feedback.correct and "not valid JSON" in feedback.note
    assert progress_path.read_text() == "{half a file"
    with pytest.raises(ValueError, match="not valid JSON"):
        crm.progress()
    progress_path.write_text(json.dumps({"format": "something else", "passed": {}}))
    with pytest.raises(ValueError, match="not a CRM Lessons progress file"):
        crm.progress()
    progress_path.write_text(json.dumps({"format": "crm-lessons-progress", "passed": {"0.1": {"times": 1}}}))
    with pytest.raises(ValueError, match="entry for exercise '0.1'"):
        crm.progress()


def test_round_trip_into_a_new_session(tmp_path, progress_path):
    """Export in one session, restore in a fresh Python process with an empty progress file."""
    work = tmp_path / "notebooks"
    work.mkdir()
    _write_notebook(work / "00_start_here.ipynb", "my answers to chapter 0")
    _write_notebook(work / "my_scratch.ipynb", "my own notes")
    (work / "data.csv").write_text("a,b\n1,2\n")
    ids = _chapter_ids(0)
    for ex_id in ids:
        crm.check(ex_id, _right(ex_id))
    archive = crm.progress.export(work)
    assert archive.path == work / "crm-lessons-my-work.zip"
    assert archive.notebooks == ["00_start_here.ipynb", "my_scratch.ipynb"] and archive.exercises == len(ids)
    assert 'download="crm-lessons-my-work.zip"' in archive._repr_html_()
    with zipfile.ZipFile(archive.path) as zf:
        assert sorted(zf.namelist()) == ["README.txt", "notebooks/00_start_here.ipynb",
                                         "notebooks/my_scratch.ipynb", "progress.json"]

    new_session = tmp_path / "binder" / "notebooks"
    new_session.mkdir(parents=True)
    (new_session / archive.path.name).write_bytes(archive.path.read_bytes())
    env = {**os.environ, "CRM_LESSONS_PROGRESS": str(tmp_path / "fresh" / "progress.json")}
    code = ("import json, crm_lessons as crm\n"
            "before = int(crm.progress()['passed'].sum())\n"
            "result = crm.progress.restore('crm-lessons-my-work.zip')\n"
            "table = crm.progress(0)\n"
            "print(json.dumps({'before': before, 'new': result.new,\n"
            "                  'passed': table.index[table['passed']].tolist()}))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=new_session, env=env,
                         capture_output=True, text=True, check=True).stdout
    report = json.loads(out.strip().splitlines()[-1])
    assert report == {"before": 0, "new": len(ids), "passed": ids}
    restored = new_session / "my-work"
    assert sorted(p.name for p in restored.iterdir()) == ["00_start_here.ipynb", "my_scratch.ipynb"]
    assert (restored / "00_start_here.ipynb").read_bytes() == (work / "00_start_here.ipynb").read_bytes()


def test_restore_refuses_to_overwrite_changed_notebooks(tmp_path, progress_path):
    _write_notebook(tmp_path / "01_x.ipynb", "first version")
    archive = crm.progress.export(tmp_path)
    first = crm.progress.restore(archive.path)
    assert first.notebooks == ["01_x.ipynb"]
    again = crm.progress.restore(archive.path)
    assert again.notebooks == [] and again.unchanged == ["01_x.ipynb"]
    (tmp_path / "my-work" / "01_x.ipynb").write_text("changed since")
    with pytest.raises(ValueError, match="already has different versions of 01_x.ipynb"):
        crm.progress.restore(archive.path)
    assert (tmp_path / "my-work" / "01_x.ipynb").read_text() == "changed since"
    assert crm.progress.restore(archive.path, overwrite=True).notebooks == ["01_x.ipynb"]
    assert crm.progress.restore(archive.path, notebooks=False).notebooks == []


def test_restore_keeps_archive_members_inside_the_folder(tmp_path, progress_path):
    archive = tmp_path / "sneaky.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("progress.json", json.dumps({"format": "crm-lessons-progress", "passed": {}}))
        zf.writestr("notebooks/../escape.ipynb", "{}")
        zf.writestr("notebooks/sub/deep.ipynb", "{}")
        zf.writestr("notebooks/ok.ipynb", "{}")
    result = crm.progress.restore(archive)
    assert result.notebooks == ["ok.ipynb"]
    assert not (tmp_path / "escape.ipynb").exists() and not (tmp_path / "my-work" / "sub").exists()


def test_restore_accepts_a_bare_progress_file(tmp_path, progress_path):
    bare = tmp_path / "old.json"
    bare.write_text(json.dumps({"format": "crm-lessons-progress", "version": 1, "passed": {
        "0.2": {"first": "2025-01-01T00:00:00+00:00", "last": "2025-01-02T00:00:00+00:00", "times": 2}}}))
    result = crm.progress.restore(bare)
    assert (result.exercises, result.new) == (1, 1)
    assert prog.passed()["0.2"]["times"] == 2


def test_bad_input_gets_clear_messages(tmp_path, progress_path):
    with pytest.raises(TypeError, match="still `...`"):
        crm.progress.restore(...)
    with pytest.raises(TypeError, match="archive must be a path"):
        crm.progress.restore(42)
    with pytest.raises(FileNotFoundError, match="not found: upload the file"):
        crm.progress.restore(tmp_path / "nope.zip")
    stray = tmp_path / "stray.zip"
    with zipfile.ZipFile(stray, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(ValueError, match="has no progress.json"):
        crm.progress.restore(stray)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ValueError, match="No notebooks"):
        crm.progress.export(empty)
    with pytest.raises(ValueError, match="is not a folder"):
        crm.progress.export(tmp_path / "missing")
    _write_notebook(empty / "a.ipynb", "x")
    with pytest.raises(ValueError, match="plain file name ending in .zip"):
        crm.progress.export(empty, name="../out.zip")
    with pytest.raises(TypeError, match="chapter must be a chapter number"):
        crm.progress("5")
    with pytest.raises(ValueError, match="chapter 99 has no exercises"):
        crm.progress(99)
    with pytest.raises(TypeError, match="exercise_id must be a non-empty string"):
        prog.record("")


def test_unknown_recorded_ids_are_mentioned_not_dropped(progress_path, capsys):
    progress_path.parent.mkdir(parents=True)
    progress_path.write_text(json.dumps({"format": "crm-lessons-progress", "passed": {
        "42.1": {"first": "2025-01-01T00:00:00+00:00", "last": "2025-01-01T00:00:00+00:00", "times": 1}}}))
    table = crm.progress()
    assert table["passed"].sum() == 0
    assert "42.1" in capsys.readouterr().out
    crm.check("0.1", _right("0.1"))
    assert "42.1" in prog.passed(), "recording a pass keeps entries this version does not know"


_TIMES = st.sampled_from(["2025-01-01T00:00:00+00:00", "2025-03-01T12:00:00+00:00", "2025-06-30T23:59:59+00:00"])
_ENTRY = st.tuples(_TIMES, _TIMES, st.integers(1, 9)).map(
    lambda t: {"first": min(t[0], t[1]), "last": max(t[0], t[1]), "times": t[2]})
_RECORDS = st.dictionaries(st.sampled_from(["0.1", "0.2", "3.1", "4.7", "9.9"]), _ENTRY, max_size=5)


@given(_RECORDS, _RECORDS)
def test_merging_loses_nothing_and_is_order_free(mine, theirs):
    merged = prog._merge(mine, theirs)
    assert set(merged) == set(mine) | set(theirs)
    assert merged == prog._merge(theirs, mine)
    assert prog._merge(merged, theirs) == merged, "restoring the same archive twice changes nothing"
    for ex_id, entry in merged.items():
        sides = [r[ex_id] for r in (mine, theirs) if ex_id in r]
        assert entry["first"] == min(s["first"] for s in sides)
        assert entry["last"] == max(s["last"] for s in sides)
        assert entry["times"] == max(s["times"] for s in sides)
