"""How errors look in a notebook: a short, named message instead of a traceback through our source.

Loaded as an IPython extension in every kernel of the course environment (the package installs
``etc/ipython/ipython_kernel_config.py``) and again by ``crm.setup()``. Two cases change:

- an error raised in (or under) a ``crm`` function shows only its type, the function the learner
  called and the message, which already says what was wrong and what to do;
- a ``NameError`` in a kernel where the set-up cell has not run (a notebook opened with its stored
  outputs looks as if it had run, but a new kernel starts empty) says, kindly, to run the cells
  above first: the long explanation once, a short reminder after that.

Every other error keeps IPython's usual traceback.
"""
from __future__ import annotations

import traceback
from pathlib import Path
from types import TracebackType
from typing import Any

from .i18n import N_, tr

PACKAGE_DIR = Path(__file__).resolve().parent
_state = {"cold_hint_shown": False}

COLD_START = N_("{name!r} is not defined in this session yet. A notebook opened from disk shows the outputs of an "
                 "earlier run, but a new kernel starts empty, so the cells above have not run here. Run them "
                 "first (menu Run > Run All Above Selected Cell), then run this cell again.")
COLD_AGAIN = N_("{name!r} is not defined yet: run the cells above first (Run > Run All Above Selected Cell).")


def is_package_frame(filename: str) -> bool:
    """True when ``filename`` is a source file of crm_lessons.

    >>> is_package_frame(__file__), is_package_frame("/tmp/notebook.py")
    (True, False)
    """
    try:
        return Path(filename).resolve().is_relative_to(PACKAGE_DIR)
    except (OSError, ValueError):
        return False


def _entry_point(frames: list[traceback.FrameSummary]) -> str:
    """``crm.<module>.<function>`` for the first package frame: the function the learner called."""
    for frame in frames:
        if is_package_frame(frame.filename):
            module = Path(frame.filename).resolve().relative_to(PACKAGE_DIR).with_suffix("")
            parts = [p for p in module.parts if p != "__init__" and not p.startswith("_")]
            return ".".join(["crm", *parts, frame.name])
    return "crm"


def short_message(etype: type[BaseException], value: BaseException, tb: TracebackType | None) -> list[str] | None:
    """The lines to show for an error that passed through crm_lessons, or None for any other error.

    >>> try:
    ...     import crm_lessons as crm
    ...     crm.glossary.term(42)
    ... except Exception as err:
    ...     lines = short_message(type(err), err, err.__traceback__)
    >>> lines[0].startswith("TypeError in crm.glossary.term:")
    True
    """
    frames = traceback.extract_tb(tb)
    if not any(is_package_frame(f.filename) for f in frames):
        return None
    where = _entry_point(frames)
    lines = [tr("{error} in {where}: {message}", error=etype.__name__, where=where, message=value)]
    if not is_package_frame(frames[-1].filename):
        lines.append(tr("This error came from a library that crm_lessons called, so our own checks missed it. "
                        "Look at the input named above; if it looks right, please tell your instructor."))
    return lines


def cold_start_message(name: str, setup_done: bool) -> str | None:
    """The kind message for a ``NameError`` in a kernel whose set-up cell has not run, else None.

    >>> cold_start_message("crm", setup_done=False).startswith("'crm' is not defined in this session yet")
    True
    >>> cold_start_message("crm", setup_done=True) is None
    True
    """
    if setup_done:
        return None
    text = COLD_AGAIN if _state["cold_hint_shown"] else COLD_START
    _state["cold_hint_shown"] = True
    return tr(text, name=name)


def _handler(shell: Any, etype: type[BaseException], value: BaseException, tb: TracebackType | None,
             tb_offset: int | None = None) -> None:
    lines = None
    if isinstance(value, NameError) and getattr(value, "name", None):
        from . import session

        message = cold_start_message(value.name, session.setup_done())
        lines = None if message is None else [f"NameError: {message}"]
    if lines is None:
        lines = short_message(etype, value, tb)
    if lines is None:
        shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
    else:
        shell._showtraceback(etype, value, lines)


def load_ipython_extension(shell: Any) -> None:
    """Install the handler in an IPython shell (``%load_ext crm_lessons._notebook_errors``)."""
    shell.set_custom_exc((Exception,), _handler)


def install() -> None:
    """Install the handler in the running IPython kernel, if there is one."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        load_ipython_extension(shell)
