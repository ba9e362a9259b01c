"""Take your work to a new session: one zip with your progress and your notebooks.

``crm.progress.export()`` packs the exercises you passed and every notebook of the
workbook folder *and* of its ``my-work/`` folder (where an earlier restore put your
notebooks) into ``crm-lessons-my-work.zip``, and lists exactly what it packed.
``crm.progress.restore()`` finds the newest such zip in the folder (whatever the
browser called it, e.g. ``crm-lessons-my-work (1).zip``), checks it, merges its
progress with this session's and unpacks the notebooks into ``my-work/``.

Both refuse what could lose or expose work: links are never followed (a linked
notebook is not packed, nothing is written through a linked ``my-work``), an
archive may hold at most :data:`MAX_MEMBERS` files and :data:`MAX_UNPACKED_BYTES`
in total, and a notebook that would be replaced is first copied into
``my-work/backup-<time>/``. Every refusal is a :class:`SavedWorkError` (a
``ValueError``) that says what to do.
"""
from __future__ import annotations

import html
import importlib
import json
import os
import re
import stat
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from .i18n import N_, gettext, tr

__all__ = ["ARCHIVE_NAME", "MAX_MEMBERS", "MAX_UNPACKED_BYTES", "RESTORE_FOLDER", "Archive",
           "ArchiveNotFoundError", "Restored", "SavedWorkError", "export", "restore"]

ARCHIVE_NAME = "crm-lessons-my-work.zip"
RESTORE_FOLDER = "my-work"
MAX_MEMBERS = 500
MAX_UNPACKED_BYTES = 200 * 2**20      # a whole workbook with outputs is about 20 MB
MAX_ARCHIVE_BYTES = 200 * 2**20
_MEMBER_PROGRESS = "progress.json"
_MEMBER_NOTEBOOKS = "notebooks/"
_MEMBER_MY_WORK = f"notebooks/{RESTORE_FOLDER}/"
# What browsers and people make of the name: "crm-lessons-my-work (1).zip", "…-my-work(2).zip", "…-my-work-3.zip".
_DOWNLOAD_NAME = re.compile(r"^crm-lessons-my-work.*\.zip$", re.IGNORECASE)
_MAGIC = [(b"\x89PNG", N_("a PNG image")), (b"\xff\xd8\xff", N_("a JPEG image")),
          (b"%PDF", N_("a PDF document")), (b"\x1f\x8b", N_("a gzip file")), (b"GIF8", N_("a GIF image"))]
_README = """CRM Lessons: your saved work
============================

progress.json          the exercises you passed (exercise id -> first and last time, how often)
notebooks/             the notebooks of the workbook folder, as saved when you exported
notebooks/my-work/     the notebooks of its my-work/ folder (where an earlier restore put them)

To continue in a new session (for example a new Binder session): upload this zip file
into the notebooks folder (the Upload button above the file browser), open any notebook and run

    import crm_lessons as crm
    crm.progress.restore()

Your progress comes back, and your notebooks are unpacked into the folder my-work/.
Do not double-click the zip in JupyterLab: it is not a text file. Right-click it and choose Download.
"""


def _records() -> Any:
    """The progress-record module (imported on use: it imports this module at its end)."""
    return importlib.import_module(".progress", __package__)


class SavedWorkError(ValueError):
    """A saved-work archive cannot be written or restored; the message says what to do.

    A damaged progress record inside an archive raises
    :class:`crm_lessons.progress.ProgressError` instead (also a ``ValueError``).
    """


class ArchiveNotFoundError(SavedWorkError, FileNotFoundError):
    """No saved-work archive where restore looked (usually: it has not been uploaded yet)."""


# --- export ----------------------------------------------------------------------------------------

@dataclass
class Archive:
    """The file written by :func:`export`; shows a download link in a notebook."""

    path: Path
    notebooks: list[str]
    exercises: int
    skipped_links: list[str] = field(default_factory=list)

    def _what(self) -> str:
        text = (f"Saved {self.exercises} passed exercise(s) and {len(self.notebooks)} notebook(s) to "
                f"{self.path.name}: {', '.join(self.notebooks)}.")
        if self.skipped_links:
            text += (f" Not packed, because they are links to files elsewhere: {', '.join(self.skipped_links)} "
                     "(copy the notebook into the folder if it is your work).")
        return text

    def __repr__(self) -> str:
        return (f"{self._what()} Download it: right-click {self.path.name} in the file browser and choose "
                "Download (double-clicking opens it as text, which fails: a zip is not text). In a new session, "
                "upload it into the notebooks folder and run crm.progress.restore().")

    def _repr_html_(self) -> str:
        name = html.escape(self.path.name)
        href = html.escape(Path(os.path.relpath(self.path.resolve(), Path.cwd().resolve())).as_posix())
        return (f'<div style="border-left: 6px solid #009E73; padding: 0.4em 0.8em;">💾 '
                f"{html.escape(self._what())}<br><b>Download it:</b> click "
                f'<a href="{href}" download="{name}">{name}</a> (or right-click the file in the file browser '
                "and choose Download; double-clicking it there opens it as text and shows a “not UTF-8” error, "
                "because a zip is not text). In a new session, upload it into the notebooks folder and run "
                "<code>crm.progress.restore()</code>.</div>")


def export(folder: str | os.PathLike | None = None, *, name: str = ARCHIVE_NAME) -> Archive:
    """Pack your progress and all your notebooks into one zip file to download.

    Packs the notebooks of the workbook folder and of its ``my-work/`` folder, so it
    makes no difference whether you run it from a chapter notebook or from a
    notebook inside ``my-work/``. Save your notebooks first (Ctrl+S): the archive
    holds what is on disk. Notebooks that are links to files elsewhere are not
    packed (and are listed).

    Parameters
    ----------
    folder : path, optional
        The folder with your notebooks; by default the current folder, which in
        JupyterLab is the folder of the open notebook. ``my-work/`` itself stands
        for the folder above it.
    name : str
        File name of the archive, written into the workbook folder.

    Returns
    -------
    Archive
        Shows what was packed and a download link.

    Examples
    --------
    >>> import crm_lessons as crm
    >>> saved = crm.progress.export("notebooks")  # doctest: +SKIP
    """
    root = Path.cwd() if folder is None else Path(_require_path(folder, "folder"))
    if not root.is_dir():
        raise SavedWorkError(tr("folder {root!r} is not a folder: pass the folder that holds your notebooks.",
                                root=str(root)))
    if root.resolve().name == RESTORE_FOLDER:
        root = root.resolve().parent
    if not isinstance(name, str) or not name.endswith(".zip") or Path(name).name != name or name.startswith("."):
        raise SavedWorkError(tr("name must be a plain file name ending in .zip, got {name!r}.", name=name))
    members, links = _notebooks_to_pack(root)
    if not members:
        raise SavedWorkError(tr("No notebooks (*.ipynb) in {folder} or its {RESTORE_FOLDER}/ folder: run this from "
                                "a notebook of the workbook, or pass folder='path/to/your/notebooks'.",
                                folder=root.resolve(), RESTORE_FOLDER=RESTORE_FOLDER))
    target = _archive_folder(root) / name
    if target.is_symlink():
        raise SavedWorkError(tr("{target} is a link to another file; it was left alone. Remove the link or pass "
                                "another name='….zip'.", target=target))
    records = _records().passed()
    handle, tmp = tempfile.mkstemp(prefix=".export-", suffix=".zip", dir=target.parent)
    os.close(handle)
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
            contents = {"format": _records().FORMAT, "version": _records().VERSION, "exported": _records()._now(),
                        "passed": records}
            zf.writestr(_MEMBER_PROGRESS, json.dumps(contents, indent=1, ensure_ascii=False))
            zf.writestr("README.txt", _README)
            for shown, path in members.items():
                zf.write(path, _MEMBER_NOTEBOOKS + shown)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Archive(target, list(members), len(records), links)


#: Where the archive goes instead of the workbook folder (the test runs set it, so that running the
#: notebooks as tests never writes into a learner's folder such as build/student).
ARCHIVE_DIR_ENV = "CRM_LESSONS_ARCHIVE_DIR"


def _archive_folder(root: Path) -> Path:
    """The workbook folder, or the folder named by ``CRM_LESSONS_ARCHIVE_DIR`` (created if needed)."""
    configured = os.environ.get(ARCHIVE_DIR_ENV, "").strip()
    if not configured:
        return root
    folder = Path(configured)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _notebooks_to_pack(root: Path) -> tuple[dict[str, Path], list[str]]:
    """Shown name (``05.ipynb`` or ``my-work/05.ipynb``) -> file, and the links left out."""
    members: dict[str, Path] = {}
    links: list[str] = []
    my_work = root / RESTORE_FOLDER
    places = [(root, "")]
    if my_work.is_symlink():
        links.append(f"{RESTORE_FOLDER}/")
    elif my_work.is_dir():
        places.append((my_work, f"{RESTORE_FOLDER}/"))
    for place, prefix in places:
        for path in sorted(place.glob("*.ipynb")):
            if path.is_symlink():
                links.append(prefix + path.name)
            elif path.is_file() and not path.name.startswith("."):
                members[prefix + path.name] = path
    return members, links


# --- restore ---------------------------------------------------------------------------------------

@dataclass
class Restored:
    """What :func:`restore` did."""

    archive: Path
    exercises: int
    new: int
    notebooks: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    folder: Path | None = None
    backup: Path | None = None
    notes: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        text = (f"Restored {self.exercises} passed exercise(s) from {self.archive.name} "
                f"({self.new} new to this session). Run crm.progress() to see them.")
        if self.notebooks:
            text += f" Notebooks unpacked into {self.folder.name}/: {', '.join(self.notebooks)}."
        if self.unchanged:
            text += f" Already there and identical: {', '.join(self.unchanged)}."
        if self.backup is not None:
            text += f" The versions they replaced are kept in {self.folder.name}/{self.backup.name}/."
        return " ".join([text, *self.notes])


def _require_path(value: Any, arg: str) -> str | os.PathLike:
    if value is Ellipsis:
        raise TypeError(tr("{arg} is still `...`: pass a file or folder name as text.", arg=arg))
    if not isinstance(value, (str, os.PathLike)):
        raise TypeError(tr("{arg} must be a path (text), got {kind}.", arg=arg, kind=type(value).__name__))
    return value


def _find_archive(archive: str | os.PathLike | None) -> tuple[Path, list[str]]:
    """The archive to restore and notes on how it was chosen."""
    if archive is not None:
        path = Path(_require_path(archive, "archive"))
        if path.is_file():
            newer = [p.name for p in _downloads(path.parent) if p.stat().st_mtime > path.stat().st_mtime]
            return path, ([f"Newer uploads are here too: {', '.join(newer)}; pass one of those names to "
                           "restore it instead."] if newer else [])
        if path.name != ARCHIVE_NAME:
            raise ArchiveNotFoundError(
                tr("archive {path!r} not found: upload the file you downloaded with crm.progress.export() into this "
                   "folder ({cwd}) first (the Upload button above the file browser), or give its full path.",
                   path=str(path), cwd=Path.cwd()))
        folder = path.parent
    else:
        folder = Path.cwd()
    found = _downloads(folder)
    if not found:
        raise ArchiveNotFoundError(
            tr("No saved work (crm-lessons-my-work….zip) in {folder} yet: first upload the zip you downloaded with "
               "crm.progress.export() into this folder (the Upload button above the file browser, or drag it there), "
               "then run crm.progress.restore() again.", folder=folder.resolve()))
    latest = found[-1]
    note = f"Chose {latest.name}, the newest of {len(found)} upload(s)." if len(found) > 1 else ""
    return latest, [note] if note else []


def _downloads(folder: Path) -> list[Path]:
    """Saved-work archives in ``folder``, oldest first."""
    try:
        found = [p for p in folder.iterdir() if _DOWNLOAD_NAME.match(p.name) and p.is_file()]
    except OSError:
        return []
    return sorted(found, key=lambda p: (p.stat().st_mtime, p.name))


def _read_archive(path: Path) -> tuple[dict[str, dict[str, Any]], dict[str, bytes]]:
    """The progress records and notebooks (shown name -> bytes) of an archive, every limit checked."""
    size = path.stat().st_size
    if size > MAX_ARCHIVE_BYTES:
        raise SavedWorkError(tr("{name} is {value:.0f} MB, more than saved work can be ({value2} MB): this is not a "
                                "file from crm.progress.export().",
                                name=path.name, value=size / 2**20, value2=MAX_ARCHIVE_BYTES // 2**20))
    with path.open("rb") as handle:
        head = handle.read(8)
    if not zipfile.is_zipfile(path):
        for magic, kind in _MAGIC:
            if head.startswith(magic):
                raise SavedWorkError(tr("{name} is {kind}, not the zip written by crm.progress.export(). Upload the "
                                        "crm-lessons-my-work zip you downloaded.", name=path.name, kind=gettext(kind)))
        if head.startswith(b"PK"):
            raise SavedWorkError(tr("{name} is a damaged or incomplete zip (the download was probably cut short). "
                                    "Download it again from the session where you exported it, or use an earlier "
                                    "copy.", name=path.name))
        return _records()._parse(_read_capped(path.open("rb"), path.name), path.name), {}
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_MEMBERS:
                raise SavedWorkError(tr("{name} holds {n:,} files, more than saved work can ({MAX_MEMBERS}): it was "
                                        "not written by crm.progress.export().",
                                        name=path.name, n=len(infos), MAX_MEMBERS=MAX_MEMBERS))
            names = {i.filename for i in infos}
            if _MEMBER_PROGRESS not in names:
                raise SavedWorkError(tr("{name} has no {MEMBER_PROGRESS}: it was not written by "
                                        "crm.progress.export(). Upload the crm-lessons-my-work zip you downloaded.",
                                        name=path.name, MEMBER_PROGRESS=_MEMBER_PROGRESS))
            budget = [MAX_UNPACKED_BYTES]
            theirs = _records()._parse(_read_member(zf, zf.getinfo(_MEMBER_PROGRESS), path.name, budget),
                            f"{path.name}/{_MEMBER_PROGRESS}")
            notebooks: dict[str, bytes] = {}
            for info in infos:
                shown = _notebook_name(info)
                if shown is not None:
                    notebooks[shown] = _read_member(zf, info, path.name, budget)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as err:
        raise SavedWorkError(tr("{name} is a damaged zip ({err}). Download it again from the session where you "
                                "exported it, or use an earlier copy.", name=path.name, err=err)) from None
    return theirs, notebooks


def _notebook_name(info: zipfile.ZipInfo) -> str | None:
    """``05.ipynb`` or ``my-work/05.ipynb`` for a packed notebook; None for anything else (links too)."""
    if stat.S_ISLNK(info.external_attr >> 16) or info.is_dir():
        return None
    for prefix, shown in ((_MEMBER_MY_WORK, f"{RESTORE_FOLDER}/"), (_MEMBER_NOTEBOOKS, "")):
        if info.filename.startswith(prefix):
            base = info.filename[len(prefix):]
            if base.endswith(".ipynb") and Path(base).name == base and not base.startswith(".") and "\\" not in base:
                return shown + base
            return None
    return None


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, archive: str, budget: list[int]) -> bytes:
    """A member's bytes, reading no more than what is left of the size budget (whatever the header claims)."""
    data = _read_capped(zf.open(info), f"{archive}/{info.filename}", budget[0])
    budget[0] -= len(data)
    return data


def _read_capped(stream: Any, label: str, limit: int = MAX_UNPACKED_BYTES) -> bytes:
    with stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise SavedWorkError(tr("{label} unpacks to more than {value} MB, more than saved work can be: it was not "
                                "written by crm.progress.export(). Nothing was restored.",
                                label=label, value=MAX_UNPACKED_BYTES // 2**20))
    return data


def _target_folder(archive: Path) -> Path:
    folder = archive.parent / RESTORE_FOLDER
    if folder.is_symlink():
        raise SavedWorkError(tr("{folder} is a link to another folder; nothing was restored, so nothing is written "
                                "there. Remove the link (or rename it) and run crm.progress.restore() again.",
                                folder=folder))
    if folder.exists() and not folder.is_dir():
        raise SavedWorkError(tr("{folder} is a file, not a folder, so the notebooks cannot be unpacked there; "
                                "nothing was restored. Rename that file, then run crm.progress.restore() again.",
                                folder=folder))
    return folder


def _placement(notebooks: dict[str, bytes]) -> dict[str, bytes]:
    """File name in ``my-work/`` -> bytes. A notebook packed from both the workbook folder and
    ``my-work/`` keeps the ``my-work/`` copy under its name and the other, if different, as
    ``<name>.chapter-folder.ipynb``, so neither is lost."""
    placed = {shown.removeprefix(f"{RESTORE_FOLDER}/"): data for shown, data in notebooks.items()
              if shown.startswith(f"{RESTORE_FOLDER}/")}
    for shown, data in notebooks.items():
        if shown.startswith(f"{RESTORE_FOLDER}/"):
            continue
        if shown not in placed:
            placed[shown] = data
        elif placed[shown] != data:
            placed[shown.removesuffix(".ipynb") + ".chapter-folder.ipynb"] = data
    return dict(sorted(placed.items()))


def restore(archive: str | os.PathLike | None = None, *, notebooks: bool = True,
            overwrite: bool = False) -> Restored:
    """Bring back progress and notebooks saved with :func:`export`, e.g. in a new Binder session.

    Upload the zip into the notebooks folder first. The archive's progress is merged
    with this session's (nothing is lost on either side); its notebooks are unpacked
    into ``my-work/`` beside the archive, so the workbook's own notebooks stay as
    they are.

    Parameters
    ----------
    archive : path, optional
        The zip written by :func:`export` (or a bare ``progress.json``). By default
        the newest ``crm-lessons-my-work*.zip`` in the current folder, whatever the
        browser called it (``crm-lessons-my-work (1).zip``).
    notebooks : bool
        Also unpack the notebooks (default True).
    overwrite : bool
        Replace notebooks in ``my-work/`` that differ from the archive's copies (the
        replaced versions are first copied into ``my-work/backup-<time>/``); without
        it such a clash raises :class:`SavedWorkError` and nothing is written.

    Returns
    -------
    Restored
        Says what was merged, unpacked, left alone and backed up.

    Examples
    --------
    >>> import crm_lessons as crm
    >>> crm.progress.restore()  # doctest: +SKIP
    """
    if not isinstance(notebooks, bool) or not isinstance(overwrite, bool):
        raise TypeError(tr("notebooks= and overwrite= must be True or False."))
    path, notes = _find_archive(archive)
    theirs, packed = _read_archive(path)
    mine = _records().passed()
    placed = _placement(packed) if notebooks else {}
    folder = _target_folder(path) if placed else None
    written: list[str] = []
    unchanged: list[str] = []
    backup = None
    if folder is not None:
        linked = [n for n in placed
                  if (folder / n).is_symlink() or ((folder / n).exists() and not (folder / n).is_file())]
        if linked:
            raise SavedWorkError(tr("In {folder}, {names} is a link or a folder, not a notebook file; nothing was "
                                    "restored. Move it away and run crm.progress.restore() again.",
                                    folder=folder, names=', '.join(linked)))
        clashes = [n for n, data in placed.items() if (folder / n).exists() and (folder / n).read_bytes() != data]
        if clashes and not overwrite:
            raise SavedWorkError(tr("{folder} already has different versions of {names}; nothing was restored. "
                                    "Rename that folder, or pass overwrite=True to replace them (the replaced "
                                    "versions are kept in a backup folder).", folder=folder, names=', '.join(clashes)))
        if clashes:
            backup = _backup(folder, clashes)
        folder.mkdir(exist_ok=True)
        for name, data in placed.items():
            target = folder / name
            if target.exists() and name not in clashes:
                unchanged.append(name)
                continue
            _write_new(target, data)
            written.append(name)
    _records()._write(_records()._merge(mine, theirs))
    return Restored(path.absolute(), len(theirs), len(set(theirs) - set(mine)), written, unchanged, folder, backup,
                    notes)


def _backup(folder: Path, names: list[str]) -> Path:
    """Copy the files about to be replaced into a new ``backup-<time>/`` folder inside ``folder``."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = folder / f"backup-{stamp}"
    suffix = 1
    while backup.exists() or backup.is_symlink():
        suffix += 1
        backup = folder / f"backup-{stamp}-{suffix}"
    backup.mkdir()
    for name in names:
        _write_new(backup / name, (folder / name).read_bytes())
    return backup


def _write_new(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` via a new file swapped in, so a link at ``target`` is replaced, not followed."""
    handle, tmp = tempfile.mkstemp(prefix=".restore-", suffix=".ipynb", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
