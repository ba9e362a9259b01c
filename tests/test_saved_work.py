"""Saving work (issue #15 items 2, 4, 10, 11; issue #18): export packs everything, restore refuses
what could lose or expose work, and every failure is a named message with what to do."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import traceback
import zipfile
from pathlib import Path

import nbformat
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import crm_lessons as crm
from crm_lessons import saved_work as sw
from crm_lessons.progress import ProgressError

ROOT = Path(__file__).resolve().parent.parent
_OK_ENTRY = {"first": "2025-01-01T00:00:00+00:00", "last": "2025-01-02T00:00:00+00:00", "times": 2}


@pytest.fixture
def progress_path(tmp_path, monkeypatch):
    path = tmp_path / "state" / "progress.json"
    monkeypatch.setenv("CRM_LESSONS_PROGRESS", str(path))
    return path


@pytest.fixture
def session(tmp_path, progress_path, monkeypatch):
    """A fresh session folder, as the notebooks folder on Binder, set as the working folder."""
    folder = tmp_path / "session"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def _notebook(path: Path, text: str) -> None:
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(text)]), path)


def _zip(path: Path, members: dict[str, bytes | str], progress: object = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        payload = {"format": "crm-lessons-progress", "version": 1, "passed": {}} if progress is None else progress
        zf.writestr("progress.json", payload if isinstance(payload, (str, bytes)) else json.dumps(payload))
        for name, data in members.items():
            zf.writestr(name, data)
    return path


# --- item 2: export packs all of the learner's work and says exactly what -------------------------

def test_export_packs_the_restored_my_work_folder_from_anywhere(session):
    _notebook(session / "05_segmentation.ipynb", "chapter copy")
    (session / "my-work").mkdir()
    _notebook(session / "my-work" / "05_segmentation.ipynb", "my edited answers")
    for start in (session, session / "my-work"):
        os.chdir(start)
        archive = crm.progress.export()
        assert archive.path == session / "crm-lessons-my-work.zip"
        assert archive.notebooks == ["05_segmentation.ipynb", "my-work/05_segmentation.ipynb"]
        assert "2 notebook(s)" in repr(archive) and "my-work/05_segmentation.ipynb" in repr(archive)
        with zipfile.ZipFile(archive.path) as zf:
            assert "my edited answers" in zf.read("notebooks/my-work/05_segmentation.ipynb").decode()


def test_test_runs_can_send_the_archive_elsewhere(session, tmp_path, monkeypatch):
    """Running the notebooks as tests must not leave a zip in a learner's folder (e.g. build/student)."""
    _notebook(session / "05.ipynb", "chapter copy")
    monkeypatch.setenv("CRM_LESSONS_ARCHIVE_DIR", str(tmp_path / "archives"))
    archive = crm.progress.export()
    assert archive.path == tmp_path / "archives" / "crm-lessons-my-work.zip" and archive.path.is_file()
    assert not list(session.glob("*.zip")) and archive.notebooks == ["05.ipynb"]


def test_round_trip_keeps_both_copies_when_they_differ(session, tmp_path):
    _notebook(session / "05.ipynb", "chapter copy")
    (session / "my-work").mkdir()
    _notebook(session / "my-work" / "05.ipynb", "my edited answers")
    archive = crm.progress.export()
    new = tmp_path / "next-session"
    new.mkdir()
    (new / "crm-lessons-my-work.zip").write_bytes(archive.path.read_bytes())
    os.chdir(new)
    result = crm.progress.restore()
    assert result.notebooks == ["05.chapter-folder.ipynb", "05.ipynb"]
    assert "my edited answers" in (new / "my-work" / "05.ipynb").read_text()
    assert "chapter copy" in (new / "my-work" / "05.chapter-folder.ipynb").read_text()


def test_export_needs_only_the_package_import(tmp_path):
    folder = tmp_path / "nb"
    folder.mkdir()
    _notebook(folder / "00.ipynb", "x")
    env = {**os.environ, "CRM_LESSONS_PROGRESS": str(tmp_path / "p.json"), "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", "import crm_lessons as crm; print(repr(crm.progress.export()))"],
                         cwd=folder, env=env, capture_output=True, text=True, check=True).stdout
    assert out.startswith("Saved 0 passed exercise(s) and 1 notebook(s) to crm-lessons-my-work.zip: 00.ipynb.")


def test_export_message_says_how_to_download_without_the_text_editor(session):
    _notebook(session / "00.ipynb", "x")
    archive = crm.progress.export()
    page = archive._repr_html_()
    assert 'download="crm-lessons-my-work.zip"' in page and "right-click" in page and "not UTF-8" in page
    assert "choose Download" in repr(archive)
    with zipfile.ZipFile(archive.path) as zf:
        assert "crm.progress.restore()" in zf.read("README.txt").decode()


# --- item 11: links are never followed ------------------------------------------------------------

def test_export_leaves_linked_notebooks_out_and_says_so(session, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("password=hunter2")
    _notebook(session / "00.ipynb", "x")
    (session / "evil.ipynb").symlink_to(secret)
    (session / "my-work").symlink_to(tmp_path)
    archive = crm.progress.export()
    assert archive.notebooks == ["00.ipynb"] and archive.skipped_links == ["my-work/", "evil.ipynb"]
    assert "links to files elsewhere: my-work/, evil.ipynb" in repr(archive)
    with zipfile.ZipFile(archive.path) as zf:
        assert all(b"hunter2" not in zf.read(n) for n in zf.namelist())


def test_restore_never_writes_through_a_linked_my_work(session, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (session / "my-work").symlink_to(elsewhere)
    _zip(session / "crm-lessons-my-work.zip", {"notebooks/a.ipynb": "{}"})
    with pytest.raises(sw.SavedWorkError, match="is a link to another folder; nothing was restored"):
        crm.progress.restore()
    assert list(elsewhere.iterdir()) == []


def test_restore_replaces_an_existing_link_instead_of_writing_through_it(session, tmp_path):
    target = tmp_path / "victim.txt"
    target.write_text("precious")
    (session / "my-work").mkdir()
    (session / "my-work" / "a.ipynb").symlink_to(target)
    _zip(session / "crm-lessons-my-work.zip", {"notebooks/a.ipynb": "{}"})
    with pytest.raises(sw.SavedWorkError, match="a.ipynb is a link or a folder"):
        crm.progress.restore(overwrite=True)
    assert target.read_text() == "precious"


def test_restore_ignores_link_members_of_the_zip(session):
    archive = session / "crm-lessons-my-work.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("progress.json", json.dumps({"format": "crm-lessons-progress", "passed": {}}))
        link = zipfile.ZipInfo("notebooks/link.ipynb")
        link.external_attr = (0o120777 << 16)
        zf.writestr(link, "/etc/passwd")
        zf.writestr("notebooks/ok.ipynb", "{}")
    assert crm.progress.restore().notebooks == ["ok.ipynb"]
    assert not (session / "my-work" / "link.ipynb").exists()


# --- item 4: a backup of what is replaced ---------------------------------------------------------

def test_overwrite_keeps_a_backup_of_newer_work(session):
    _zip(session / "crm-lessons-my-work.zip", {"notebooks/01.ipynb": "from the archive"})
    (session / "my-work").mkdir()
    (session / "my-work" / "01.ipynb").write_text("newer work")
    result = crm.progress.restore(overwrite=True)
    assert (session / "my-work" / "01.ipynb").read_text() == "from the archive"
    assert result.backup is not None and (result.backup / "01.ipynb").read_text() == "newer work"
    assert f"kept in my-work/{result.backup.name}/" in repr(result)


# --- issue #18: the latest download, whatever the browser called it; restore before upload --------

def test_restore_finds_the_latest_download_whatever_its_name(session):
    older = _zip(session / "crm-lessons-my-work.zip", {"notebooks/a.ipynb": "old"})
    newer = _zip(session / "crm-lessons-my-work (1).zip", {"notebooks/a.ipynb": "new"})
    os.utime(older, (time.time() - 100, time.time() - 100))
    result = crm.progress.restore()
    assert result.archive == newer and "newest of 2 upload(s)" in repr(result)
    assert (session / "my-work" / "a.ipynb").read_text() == "new"
    older.unlink()
    newer.rename(session / "crm-lessons-my-work(2).zip")
    assert crm.progress.restore("crm-lessons-my-work.zip").archive.name == "crm-lessons-my-work(2).zip"


def test_an_explicit_older_name_is_used_and_the_newer_upload_mentioned(session):
    older = _zip(session / "crm-lessons-my-work.zip", {})
    _zip(session / "crm-lessons-my-work (1).zip", {})
    os.utime(older, (time.time() - 100, time.time() - 100))
    result = crm.progress.restore("crm-lessons-my-work.zip")
    assert result.archive == older and "Newer uploads are here too: crm-lessons-my-work (1).zip" in repr(result)


def test_restore_before_uploading_says_what_to_do(session):
    with pytest.raises(sw.ArchiveNotFoundError, match="first upload the zip you downloaded") as info:
        crm.progress.restore()
    assert isinstance(info.value, ValueError) and isinstance(info.value, FileNotFoundError)
    with pytest.raises(sw.ArchiveNotFoundError, match="Upload button"):
        crm.progress.restore("my-old-name.zip")


# --- item 10: limits and validation: named errors, never a traceback from deep inside --------------

def _progress_with(**changes):
    return {"format": "crm-lessons-progress", "version": 1, "passed": {"0.1": dict(_OK_ENTRY)}, **changes}


@pytest.mark.parametrize("progress, message", [
    (_progress_with(version=99), "written by a newer version of the workbook"),
    (_progress_with(passed={"0.1": {**_OK_ENTRY, "times": -5}}), "passed -5 times"),
    (_progress_with(passed={"0.1": {**_OK_ENTRY, "times": True}}), "needs 'first', 'last'"),
    (_progress_with(passed={"0.1": {**_OK_ENTRY, "first": "yesterday"}}), "not ISO dates"),
    (_progress_with(passed={"0.1": {**_OK_ENTRY, "first": "2026-01-01T00:00:00+00:00"}}), "after it was last"),
    (_progress_with(passed={"9" * 5000: dict(_OK_ENTRY)}), "not an exercise id"),
    ("\xff\xfe not utf-8".encode("latin-1"), "is not UTF-8 text"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply|not a CRM Lessons progress file"),
    ("{truncated", "is not valid JSON"),
])
def test_damaged_progress_is_refused_with_a_named_message(session, progress, message):
    _zip(session / "crm-lessons-my-work.zip", {}, progress)
    with pytest.raises(ProgressError, match=message):
        crm.progress.restore()
    assert not crm.progress.file().exists(), "nothing may be merged or saved"


def test_deeply_nested_progress_file_on_disk_is_named(progress_path):
    progress_path.parent.mkdir(parents=True)
    progress_path.write_text('{"format": "crm-lessons-progress", "passed": ' + "[" * 200_000 + "]" * 200_000 + "}")
    with pytest.raises(ProgressError, match="nested too deeply|not a CRM Lessons progress file"):
        crm.progress()


def test_truncated_download_png_and_file_named_my_work(session, tmp_path):
    good = _zip(tmp_path / "good.zip", {"notebooks/a.ipynb": "{}" * 1000})
    (session / "crm-lessons-my-work.zip").write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(sw.SavedWorkError, match="damaged or incomplete zip.*Download it again"):
        crm.progress.restore()
    (session / "crm-lessons-my-work.zip").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    with pytest.raises(sw.SavedWorkError, match="is a PNG image, not the zip"):
        crm.progress.restore()
    _zip(session / "crm-lessons-my-work.zip", {"notebooks/a.ipynb": "{}"})
    (session / "my-work").write_text("I am a file")
    with pytest.raises(sw.SavedWorkError, match="is a file, not a folder.*Rename that file"):
        crm.progress.restore()
    assert not crm.progress.file().exists()


def test_a_small_zip_cannot_unpack_into_a_huge_notebook(session):
    archive = session / "crm-lessons-my-work.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("progress.json", json.dumps({"format": "crm-lessons-progress", "passed": {}}))
        with zf.open("notebooks/bomb.ipynb", "w") as member:
            chunk = bytes(2**24)
            for _ in range((sw.MAX_UNPACKED_BYTES // len(chunk)) + 2):
                member.write(chunk)
    assert archive.stat().st_size < 2**20, "the archive itself is under 1 MB"
    with pytest.raises(sw.SavedWorkError, match="unpacks to more than 200 MB"):
        crm.progress.restore()
    assert not (session / "my-work").exists()


def test_too_many_members_are_refused(session, monkeypatch):
    monkeypatch.setattr(sw, "MAX_MEMBERS", 5)
    _zip(session / "crm-lessons-my-work.zip", {f"notebooks/{i}.ipynb": "{}" for i in range(10)})
    with pytest.raises(sw.SavedWorkError, match="holds 11 files, more than saved work can"):
        crm.progress.restore()


# --- property test: whatever bytes or members an archive holds, restore either works or names it ---

_MEMBER_NAMES = st.sampled_from(["notebooks/a.ipynb", "notebooks/my-work/a.ipynb", "notebooks/../x.ipynb",
                                 "notebooks/.hidden.ipynb", "notebooks/sub/b.ipynb", "README.txt", "/abs.ipynb"])
_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner,
                                                                                  max_size=3), max_leaves=8)
_ENTRY = st.fixed_dictionaries({"first": st.sampled_from(["2025-01-01T00:00:00+00:00", "x", ""]),
                                "last": st.sampled_from(["2025-02-01T00:00:00+00:00", "2024-01-01"]),
                                "times": st.integers(-3, 3) | st.booleans()})
_VALID = st.fixed_dictionaries({"format": st.just("crm-lessons-progress"), "version": st.just(1),
                                "passed": st.dictionaries(st.sampled_from(["0.1", "5.2", "9.3"]),
                                                          st.just(_OK_ENTRY), max_size=3)})
_PROGRESS = _VALID | (st.fixed_dictionaries({"format": st.just("crm-lessons-progress"),
                                    "version": st.integers(-1, 100),
                                    "passed": st.dictionaries(st.text(max_size=6), _ENTRY | _JSON, max_size=3)})
             | _JSON)
GENERATED = {"restore": 0}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(progress=_PROGRESS, members=st.dictionaries(_MEMBER_NAMES, st.binary(max_size=50), max_size=4),
       cut=st.none() | st.integers(0, 400), raw=st.none() | st.binary(max_size=200))
def test_restore_never_raises_anything_but_a_named_error(tmp_path_factory, monkeypatch, progress, members, cut, raw):
    GENERATED["restore"] += 1
    folder = tmp_path_factory.mktemp("restore")
    monkeypatch.setenv("CRM_LESSONS_PROGRESS", str(folder / "state" / "progress.json"))
    archive = folder / "crm-lessons-my-work.zip"
    if raw is not None:
        archive.write_bytes(raw)
    else:
        _zip(archive, members, progress)
        if cut is not None:
            archive.write_bytes(archive.read_bytes()[:cut])
    try:
        result = sw.restore(archive)
    except (ValueError, TypeError) as err:
        assert type(err).__module__.startswith("crm_lessons"), f"raw {type(err).__name__}: {err}"
        assert "crm_lessons" in traceback.extract_tb(err.__traceback__)[-1].filename
        event(f"refused: {type(err).__name__}")
        assert "nothing" in str(err).lower() or "upload" in str(err).lower() or "download" in str(err).lower() \
            or "untouched" in str(err).lower() or "not" in str(err).lower()
        assert not (folder / "state" / "progress.json").exists()
    else:
        event("restored")
        written = sorted(p.name for p in (folder / "my-work").iterdir()) if (folder / "my-work").exists() else []
        assert written == sorted(result.notebooks)
        assert all(name.endswith(".ipynb") and "/" not in name for name in written)
