"""Decision exercises: the learner chooses from data and justifies the choice in words.

A decision answer is a dict with two keys::

    answer_5_8 = {
        "choice": "C00123",          # what you decide (a name, a number, a dict of choices ...)
        "why": "Two or three sentences that use the numbers you found.",
    }

``check`` judges the choice where the data single out a right one (the registered
function returns it) and only asks for a sensible length of reasons otherwise; the
reasons themselves are marked by an instructor with the rubric shown in the model
answer (``crm.exercises.rubric("5.8")``).
"""
from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..i18n import _, tr
from .compare import CORRECT, Verdict, compare, describe_type, short
from .words import Accept

#: Words (or Chinese characters, counted two to a word) a justification needs at least.
MIN_WORDS = 12
_WORD = re.compile(r"[A-Za-z0-9À-ÿ'’-]+")
_HAN = re.compile(r"[\u3400-\u9fff]")


def count_words(text: str) -> int:
    """Words in ``text``; two Chinese characters count as one word.

    >>> count_words("Keep the barnacles, they pay."), count_words("保留高价值客户")
    (5, 3)
    """
    return len(_WORD.findall(text)) + len(_HAN.findall(text)) // 2


@dataclass(frozen=True)
class DecisionSpec:
    """What a decision exercise accepts and how its reasons are marked."""

    options: tuple[Any, ...] | None
    rubric: tuple[str, ...]
    model_reasons: str
    min_words: int = MIN_WORDS


@dataclass
class Rubric:
    """The marking rubric of a decision exercise, shown in its model answer."""

    exercise_id: str
    criteria: tuple[str, ...]

    def __repr__(self) -> str:
        lines = "\n".join(f"  {i}. {c}" for i, c in enumerate(self.criteria, 1))
        return _("Rubric for Exercise {id} (one point each):").format(id=self.exercise_id) + f"\n{lines}"

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{html.escape(c)}</li>" for c in self.criteria)
        return ('<div style="border-left: 6px solid #56B4E9; padding: 0.4em 0.8em; margin: 0.3em 0;">'
                + _("<b>Rubric for Exercise {id}</b> (one point each)").format(id=html.escape(self.exercise_id))
                + f"<ol>{items}</ol></div>")


def judge(answer: Any, expected: Any, spec: DecisionSpec, *, rtol: float, atol: float,
          comparer: Callable[[Any, Any], Verdict] | None, accept: Accept | None = None) -> Verdict:
    """Judge a decision answer: its shape, its choice, then the length of its reasons.

    ``expected`` is the right choice, or ``None`` when any option can be defended. The
    choice is compared like a practice answer (the tolerance policy for numbers, case,
    spacing, the words in ``accept`` and the glossary's Chinese for text).

    >>> spec = DecisionSpec(options=("keep", "prune"), rubric=("Uses the margin.",), model_reasons="")
    >>> judge({"choice": "prune", "why": "x"}, "keep", spec, rtol=1e-4, atol=0, comparer=None).status
    'wrong_value'
    """
    if not isinstance(answer, Mapping) or "choice" not in answer or "why" not in answer:
        return Verdict("wrong_type", _("a decision answer is a dict with two keys, 'choice' and 'why'; you gave "
                                       "{kind}.").format(kind=describe_type(answer)))
    choice, why = answer["choice"], answer["why"]
    if choice is None:
        return Verdict("wrong_type", _("your 'choice' is None: put your decision after \"choice\":."))
    if spec.options is not None and not any(
            compare(choice, option, rtol=rtol, atol=atol, accept=accept).status == "correct"
            for option in spec.options):
        listed = ", ".join(short(o) for o in spec.options)
        return Verdict("wrong_value", _("your choice {choice} is not one of the options: {options}.").format(
            choice=short(choice), options=listed))
    if expected is not None:
        verdict = comparer(choice, expected) if comparer else compare(choice, expected, rtol=rtol, atol=atol,
                                                                       accept=accept)
        if verdict.status == "wrong_type":
            return Verdict("wrong_type", _("your 'choice' has the wrong kind: {detail}").format(detail=verdict.detail))
        if verdict.status != "correct":
            detail = verdict.detail or _("the data point to another choice.")
            return Verdict(verdict.status, _("your choice is not the one the data support: {detail}").format(
                detail=detail))
    if not isinstance(why, str):
        return Verdict("wrong_type", _("'why' should be your reasons as text (a str in quotes); you gave "
                                       "{kind}.").format(kind=describe_type(why)))
    words = count_words(why)
    if words < spec.min_words:
        counted = _("1 word") if words == 1 else _("{count} words").format(count=words)
        return Verdict("wrong_value", _("your choice is recorded, but your reasons are short ({counted}): write two "
                                        "or three sentences ({minimum} words or more) that use the numbers you "
                                        "found.").format(counted=counted, minimum=spec.min_words))
    return CORRECT


def check_options(options: Sequence[Any] | None) -> tuple[Any, ...] | None:
    """Validate the options a decision offers (``None``: open choice).

    >>> check_options(["keep", "prune"])
    ('keep', 'prune')
    """
    if options is None:
        return None
    if isinstance(options, (str, bytes)) or len(options) < 2:
        raise ValueError(tr("options must list at least two choices, or be None for an open choice."))
    return tuple(options)
