"""Safe builds: write into a temporary folder, then swap it in; never lose a file the build did not make.

Every build (handouts, slides, HTML course) follows the same rules:

- the target may not be the source, lie inside it, or contain it;
- the build writes into a temporary folder next to the target; if anything fails, the
  temporary folder is removed and the target is left exactly as it was;
- the finished folder records what it holds (``.crm-build.json``: each file and its
  SHA-256), so a later build knows which files it made. A target that holds anything
  else (a learner's notebook, an edited page, a folder that was never a build) is
  replaced only when asked (``overwrite=True`` / ``--overwrite``), and then the old
  folder is kept as ``<target>.backup-<time>``.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

MANIFEST = ".crm-build.json"


class UnsafeTargetError(ValueError):
    """A build target that would destroy the source or files the build did not create."""


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def check_target(source: Path, target: Path) -> None:
    """Refuse a target that is the source, lies inside it, or contains it.

    >>> try:
    ...     check_target(Path("notebooks"), Path("notebooks/student"))
    ... except UnsafeTargetError as err:
    ...     print(str(err)[:52])
    The target notebooks/student is inside the source no
    """
    src, dst = Path(source).resolve(), Path(target).resolve()
    if dst == src:
        raise UnsafeTargetError(f"The target {target} is the source folder itself: the build would replace the "
                                f"notebooks it reads. Choose another folder, e.g. build/{Path(source).name}.")
    if src in dst.parents:
        raise UnsafeTargetError(f"The target {target} is inside the source {source}: the build would write into "
                                f"the notebooks it reads. Choose a folder outside it, e.g. build/{dst.name}.")
    if dst in src.parents:
        raise UnsafeTargetError(f"The target {target} contains the source {source}: replacing it would remove the "
                                "source. Choose a folder of its own, e.g. build/student.")


def foreign_files(target: Path) -> list[str]:
    """Files in ``target`` that no earlier build made (or that were changed since): never replaced silently.

    >>> foreign_files(Path("no/such/folder"))
    []
    """
    target = Path(target)
    if not target.exists() and not target.is_symlink():
        return []
    if target.is_symlink() or not target.is_dir():
        return [str(target)]
    try:
        made = json.loads((target / MANIFEST).read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        made = {}
    foreign = []
    for path in _files(target):
        name = path.relative_to(target).as_posix()
        if name == MANIFEST:
            continue
        if path.is_symlink() or made.get(name) != _digest(path):
            foreign.append(name)
    return foreign


def backup_name(target: Path) -> Path:
    """Where a replaced target is kept: ``<target>.backup-YYYYmmdd-HHMMSS`` (a new name every time)."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    candidate, k = target.with_name(f"{target.name}.backup-{stamp}"), 1
    while candidate.exists():
        candidate, k = target.with_name(f"{target.name}.backup-{stamp}-{k}"), k + 1
    return candidate


def _refusal(target: Path, foreign: list[str]) -> UnsafeTargetError:
    shown = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more" if len(foreign) > 5 else "")
    return UnsafeTargetError(
        f"{target} holds {len(foreign)} file(s) this build did not create ({shown}); building there would "
        "replace them. Choose an empty or new folder, or pass --overwrite (overwrite=True) to replace it: "
        f"the old folder is then kept as {target.name}.backup-<time>.")


def ensure_replaceable(source: Path, target: Path, *, overwrite: bool = False) -> list[str]:
    """Check a target before any work: :func:`check_target`, then refuse foreign files unless ``overwrite``.

    Returns the foreign files (non-empty only with ``overwrite``).

    >>> ensure_replaceable(Path("notebooks"), Path("no/such/folder"))
    []
    """
    check_target(source, target)
    foreign = foreign_files(target)
    if foreign and not overwrite:
        raise _refusal(Path(target), foreign)
    return foreign


def staged_build(source: Path, target: Path, write: Callable[[Path], list[Path]], *,
                 overwrite: bool = False) -> tuple[list[Path], Path | None]:
    """Run ``write(temporary_folder)`` and swap the result in as ``target``.

    Returns the written paths (as they are under ``target``) and the backup folder, if
    an existing target with foreign files was replaced (only with ``overwrite``).

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> (root / "src").mkdir()
    >>> def write(folder):
    ...     (folder / "a.txt").write_text("made")
    ...     return [folder / "a.txt"]
    >>> paths, backup = staged_build(root / "src", root / "out", write)
    >>> [p.name for p in paths], backup, (root / "out" / "a.txt").read_text()
    (['a.txt'], None, 'made')
    """
    source, target = Path(source), Path(target)
    foreign = ensure_replaceable(source, target, overwrite=overwrite)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".building", dir=target.parent))
    try:
        written = write(staging)
        manifest = {"files": {p.relative_to(staging).as_posix(): _digest(p) for p in _files(staging)}}
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    backup = None
    if target.exists() or target.is_symlink():
        backup = backup_name(target) if foreign else Path(tempfile.mkdtemp(prefix=f".{target.name}.",
                                                                           suffix=".old", dir=target.parent))
        if not foreign:
            backup.rmdir()
        os.replace(target, backup)
    os.replace(staging, target)
    if backup is not None and not foreign:
        shutil.rmtree(backup)
        backup = None
    return [target / p.relative_to(staging) for p in written], backup


def replace_file(path: Path, write: Callable[[Path], None], *, is_ours: Callable[[Path], bool],
                 overwrite: bool = False) -> Path | None:
    """Write a single file (e.g. a zip) through a temporary name; same rules as :func:`staged_build`.

    An existing ``path`` is replaced silently only when ``is_ours(path)`` says an earlier
    build made it; otherwise only with ``overwrite``, keeping a backup (returned).
    """
    path = Path(path)
    foreign = path.exists() and not is_ours(path)
    if foreign and not overwrite:
        raise _refusal(path, [path.name])
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".building", dir=path.parent)
    os.close(fd)
    temporary = Path(name)
    try:
        write(temporary)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    backup = None
    if foreign:
        backup = backup_name(path)
        os.replace(path, backup)
    os.replace(temporary, path)
    return backup
