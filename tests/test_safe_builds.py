"""Builds never lose work: temporary folder + swap, no target inside the source, backups when asked (issue 15)."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from crm_lessons.publish import _staging, course_html, handouts, slides

ROOT = Path(__file__).resolve().parent.parent


def _chapter(text: str = "# 01 · Test") -> nbformat.NotebookNode:
    v4 = nbformat.v4
    return v4.new_notebook(cells=[v4.new_markdown_cell(text), v4.new_code_cell("x = 1")])


def _source(tmp_path: Path) -> Path:
    src = tmp_path / "nb"
    src.mkdir()
    nbformat.write(_chapter(), src / "01_test.ipynb")
    return src


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _leftovers(parent: Path) -> list[str]:
    return [p.name for p in parent.iterdir() if p.name.endswith((".building", ".old"))]


def test_building_into_the_source_is_refused_and_the_source_kept(tmp_path):
    src = _source(tmp_path)
    (src / "my_own.ipynb").write_text("{}", encoding="utf-8")
    before = _snapshot(src)
    result = subprocess.run([sys.executable, "-m", "crm_lessons.publish.handouts", str(src), str(src)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode != 0
    assert "is the source folder itself" in result.stderr
    assert "Traceback" not in result.stderr
    assert _snapshot(src) == before


@pytest.mark.parametrize("target", ["nb/student", "nb/a/b", ".", ""])
def test_a_target_inside_or_around_the_source_is_refused(tmp_path, target):
    src = _source(tmp_path)
    before = _snapshot(tmp_path)
    with pytest.raises(_staging.UnsafeTargetError, match="inside the source|contains the source"):
        handouts.build(src, tmp_path / target if target else tmp_path)
    assert _snapshot(tmp_path) == before


def test_a_learners_folder_is_never_emptied(tmp_path):
    src = _source(tmp_path)
    mine = tmp_path / "my-work"
    mine.mkdir()
    (mine / "05_segmentation.ipynb").write_text('{"my": "edits"}', encoding="utf-8")
    (mine / "notes.txt").write_text("my notes", encoding="utf-8")
    before = _snapshot(mine)
    with pytest.raises(_staging.UnsafeTargetError, match=r"2 file\(s\) this build did not create.*--overwrite"):
        handouts.build(src, mine)
    assert _snapshot(mine) == before
    assert _leftovers(tmp_path) == []


def test_overwrite_replaces_but_keeps_a_backup(tmp_path):
    src = _source(tmp_path)
    mine = tmp_path / "out"
    mine.mkdir()
    (mine / "05_segmentation.ipynb").write_text('{"my": "edits"}', encoding="utf-8")
    handouts.build(src, mine, overwrite=True)
    backups = sorted(tmp_path.glob("out.backup-*"))
    assert len(backups) == 1
    assert (backups[0] / "05_segmentation.ipynb").read_text(encoding="utf-8") == '{"my": "edits"}'
    assert (mine / "notebooks" / "01_test.ipynb").exists() and not (mine / "05_segmentation.ipynb").exists()


def test_rebuilding_its_own_output_needs_no_flag_and_leaves_no_backup(tmp_path):
    src = _source(tmp_path)
    out = tmp_path / "out"
    handouts.build(src, out)
    nbformat.write(_chapter("# 01 · Changed"), src / "01_test.ipynb")
    handouts.build(src, out)
    assert "Changed" in (out / "notebooks" / "01_test.ipynb").read_text(encoding="utf-8")
    assert not list(tmp_path.glob("out.backup-*")) and _leftovers(tmp_path) == []


def test_a_built_file_edited_by_hand_counts_as_not_ours(tmp_path):
    src = _source(tmp_path)
    out = tmp_path / "out"
    handouts.build(src, out)
    (out / "notebooks" / "01_test.ipynb").write_text('{"edited": true}', encoding="utf-8")
    with pytest.raises(_staging.UnsafeTargetError, match="notebooks/01_test.ipynb"):
        handouts.build(src, out)
    assert (out / "notebooks" / "01_test.ipynb").read_text(encoding="utf-8") == '{"edited": true}'


def test_a_failing_build_leaves_the_previous_build_untouched(tmp_path):
    src = _source(tmp_path)
    out = tmp_path / "out"
    handouts.build(src, out)
    before = _snapshot(out)
    (src / "02_broken.ipynb").write_text("not a notebook", encoding="utf-8")
    with pytest.raises(nbformat.reader.NotJSONError):
        handouts.build(src, out)
    assert _snapshot(out) == before
    assert _leftovers(tmp_path) == []


def test_a_zip_this_build_did_not_make_is_not_replaced(tmp_path):
    src = _source(tmp_path)
    (tmp_path / "build").mkdir()
    foreign = tmp_path / "build" / "crm-lessons-student.zip"
    foreign.write_bytes(b"my own archive")
    with pytest.raises(_staging.UnsafeTargetError, match="not made by this build"):
        handouts.build(src, tmp_path / "build" / "student", make_zip=True)
    assert foreign.read_bytes() == b"my own archive"
    assert not (tmp_path / "build" / "student").exists()
    handouts.build(src, tmp_path / "build" / "student", make_zip=True, overwrite=True)
    assert zipfile.is_zipfile(foreign)
    (backup,) = (tmp_path / "build").glob("crm-lessons-student.zip.backup-*")
    assert backup.read_bytes() == b"my own archive"


@pytest.mark.parametrize("builder", [course_html.build, slides.build], ids=["html", "slides"])
def test_missing_assets_leave_an_existing_site_untouched(tmp_path, builder):
    src = _source(tmp_path)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>my index</p>", encoding="utf-8")
    (site / "about.html").write_text("<p>about me</p>", encoding="utf-8")
    before = _snapshot(site)
    with pytest.raises((FileNotFoundError, _staging.UnsafeTargetError)):
        builder(src, site, vendor=tmp_path / "no-vendor", overwrite=True)
    assert _snapshot(site) == before
    assert _leftovers(tmp_path) == []


def test_a_site_that_is_not_a_build_is_refused_before_any_work(tmp_path):
    src = _source(tmp_path)
    site = tmp_path / "site"
    site.mkdir()
    (site / "about.html").write_text("<p>about me</p>", encoding="utf-8")
    with pytest.raises(_staging.UnsafeTargetError, match="about.html"):
        course_html.build(src, site, vendor=tmp_path / "no-vendor")
