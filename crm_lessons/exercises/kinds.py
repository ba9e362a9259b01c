"""What the checker says about a learner's value: its kind in plain words, a short echo, a verdict.

Shared by the comparisons (:mod:`.compare`, :mod:`.numbers`, :mod:`.words`); nothing
here raises on learner input, however strange.
"""
from __future__ import annotations

import reprlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..i18n import _

#: Characters of a learner's value echoed in feedback at most.
ECHO_LIMIT = 60


@dataclass(frozen=True)
class Verdict:
    """Outcome of one comparison: ``status`` and a friendly ``detail``."""

    status: str
    detail: str = ""
    #: True for "close" verdicts (rounded too far, within 1 %): shown without the "not quite" frame.
    close: bool = False


CORRECT = Verdict("correct")


def is_number(obj: Any) -> bool:
    """True for real numbers (not bools), including numpy scalars and 0-d arrays.

    >>> is_number(2), is_number(True), is_number("2")
    (True, False, False)
    """
    if isinstance(obj, (bool, np.bool_)):
        return False
    if isinstance(obj, np.ndarray):
        return (obj.ndim == 0 and np.issubdtype(obj.dtype, np.number)
                and not np.issubdtype(obj.dtype, np.complexfloating))
    return isinstance(obj, (int, float, np.integer, np.floating))


def short(obj: Any, limit: int = ECHO_LIMIT) -> str:
    """A short, safe ``repr`` of ``obj`` for feedback: cut with "…" and never raising.

    >>> short("x" * 200)[-17:], len(short("x" * 200)) < 80
    (' (202 characters)', True)
    """
    try:
        text = repr(obj) if isinstance(obj, str) else reprlib.repr(obj)
    except Exception:
        return _("<a {type} that cannot be shown>").format(type=_type_name(obj))
    if len(text) > limit:
        text = f"{text[:limit - 1]}… ({len(text):,} characters)" if isinstance(obj, str) else text[:limit - 1] + "…"
    return text


def _type_name(obj: Any) -> str:
    try:
        return str(type(obj).__name__)
    except Exception:
        return "value"


def describe_type(obj: Any) -> str:
    """Name the kind of ``obj`` in learner words.

    >>> describe_type(3.5), describe_type("a"), describe_type(pd.DataFrame())
    ('a number', 'a piece of text (str)', 'a DataFrame')
    """
    if obj is None:
        return _("None (did you forget to assign a value?)")
    if isinstance(obj, (bool, np.bool_)):
        return _("True/False (bool)")
    if is_number(obj):
        return _("a number")
    if isinstance(obj, str):
        return _("a piece of text (str)")
    if isinstance(obj, pd.DataFrame):
        return _("a DataFrame")
    if isinstance(obj, pd.Series):
        return _("a Series")
    if isinstance(obj, (pd.Timedelta, np.timedelta64)):
        return _("a Timedelta (a length of time)")
    if isinstance(obj, (pd.Timestamp, np.datetime64)):
        return _("a Timestamp (a date)")
    if isinstance(obj, (set, frozenset)):
        return _("a set")
    if isinstance(obj, Mapping):
        return _("a dict")
    return _("a {type}").format(type=_type_name(obj))
