"""Exercise registry, ``check`` and ``hint``.

Chapter modules (``crm_lessons/exercises/chNN.py``) register exercises with the
:func:`exercise` decorator; the decorated function computes the expected answer
from the data or the analytics layer (never a pasted number). ``check`` never
raises on anything a learner passes.
"""
from __future__ import annotations

import html
import importlib
import pkgutil
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..i18n import N_, _, tr
from .compare import Verdict, compare, contains_placeholder, short
from .decisions import DecisionSpec, Rubric, check_options, judge
from .words import Accept

_REGISTRY: dict[str, Exercise] = {}
#: Per exercise, the last hint the learner asked for with ``crm.hint(id)`` (numbered requests do not count).
_HINTS_SHOWN: dict[str, int] = {}
_ID = re.compile(r"[0-9]{1,2}\.[0-9]{1,3}")
_LAST_HINT = N_(" That was the last hint. The worked example above this exercise uses the same steps; if your "
              "copy of the notebook has a model answer below the check, open it to compare.")

ICONS = {"correct": "✅", "not_attempted": "✏️", "wrong_type": "🔶", "wrong_value": "❌",
         "unknown_exercise": "❓", "error": "⚠️"}
COLOURS = {"correct": "#0072B2", "not_attempted": "#999999", "wrong_type": "#E69F00",
           "wrong_value": "#D55E00", "unknown_exercise": "#CC79A7", "error": "#D55E00"}


@dataclass
class Exercise:
    """One registered exercise: how to compute and compare its answer."""

    exercise_id: str
    expected: Callable[[], Any]
    hints: list[str]
    title: str = ""
    rtol: float = 1e-4
    atol: float = 1e-9
    ordered: bool = False
    comparer: Callable[[Any, Any], Verdict] | None = None
    explanation: str = ""
    decision: DecisionSpec | None = None
    accept: Accept | None = None
    also: Callable[[], list] | None = None
    _cache: list = field(default_factory=list, repr=False)

    @property
    def kind(self) -> str:
        """``"practice"`` (a computed answer) or ``"decision"`` (a choice and its reasons)."""
        return "practice" if self.decision is None else "decision"

    def expected_answer(self) -> Any:
        """Compute (once) and return the expected answer (for a decision: the right choice or None)."""
        if not self._cache:
            self._cache.append(self.expected())
        return self._cache[0]

    def model_submission(self) -> Any:
        """What a model answer assigns: the expected answer, or for a decision a choice with reasons."""
        if self.decision is None:
            return self.expected_answer()
        choice = self.expected_answer()
        if choice is None:   # an open decision: any option (or, without options, any choice) is fine
            choice = self.decision.options[0] if self.decision.options else "my choice"
        return {"choice": choice, "why": self.decision.model_reasons}


def exercise(exercise_id: str, *, hints: list[str], title: str = "", rtol: float = 1e-4,
             atol: float = 1e-9, ordered: bool = False,
             comparer: Callable[[Any, Any], Verdict] | None = None,
             explanation: str = "", accept: Accept | None = None,
             also: Callable[[], list] | None = None) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
    """Register the decorated zero-argument function as the answer of ``exercise_id``.

    Numbers are judged by the one tolerance policy of :mod:`.numbers` (``rtol`` only adds
    room for computation noise); ``accept`` maps an expected text to other words that
    answer it (the chapter's own words, Chinese terms); ``also`` returns further answers
    that are right too, computed from the data (e.g. the result under pandas' default
    tie order).

    Examples
    --------
    >>> @exercise("0.9", hints=["Add two and two."], title="Warm-up")
    ... def _():
    ...     return 2 + 2
    """
    if not hints:
        raise ValueError(tr("Exercise {exercise_id} needs at least one hint.", exercise_id=exercise_id))

    def register(fn: Callable[[], Any]) -> Callable[[], Any]:
        _REGISTRY[exercise_id] = Exercise(exercise_id, fn, list(hints), title, rtol, atol,
                                          ordered, comparer, explanation, accept=accept, also=also)
        return fn

    return register


def decision(exercise_id: str, *, hints: list[str], rubric: list[str], model_reasons: str, title: str = "",
             options: list[Any] | None = None, rtol: float = 1e-4, atol: float = 1e-9,
             comparer: Callable[[Any, Any], Verdict] | None = None, explanation: str = "",
             min_words: int | None = None,
             accept: Accept | None = None) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
    """Register a decision exercise: the function returns the right choice, or ``None`` for an open one.

    The learner answers ``{"choice": ..., "why": "..."}``; ``rubric`` lists what an instructor
    looks for in the reasons (shown by :func:`rubric` in the model answer), ``model_reasons``
    is the model justification. The choice is judged like a practice answer (same tolerance
    policy, same text rules, ``accept`` for other words that name an option).

    Examples
    --------
    >>> @decision("0.98", title="Keep or prune?", options=["keep", "prune"], hints=["Look at profit.", "Loss-making."],
    ...           rubric=["Quotes the customer's profit."], model_reasons="The customer loses money every year.")
    ... def _():
    ...     return "prune"
    >>> get("0.98").kind, rubric("0.98").criteria
    ('decision', ("Quotes the customer's profit.",))
    >>> _ = _REGISTRY.pop("0.98")
    """
    if not hints:
        raise ValueError(tr("Exercise {exercise_id} needs at least one hint.", exercise_id=exercise_id))
    if not rubric or not model_reasons:
        raise ValueError(tr("Decision exercise {exercise_id} needs a rubric and model reasons.",
                            exercise_id=exercise_id))
    from .decisions import MIN_WORDS

    spec = DecisionSpec(check_options(options), tuple(rubric), model_reasons,
                        MIN_WORDS if min_words is None else int(min_words))

    def register(fn: Callable[[], Any]) -> Callable[[], Any]:
        _REGISTRY[exercise_id] = Exercise(exercise_id, fn, list(hints), title, rtol, atol, False, comparer,
                                          explanation, spec, accept=accept)
        return fn

    return register


def rubric(exercise_id: str) -> Rubric:
    """The marking rubric of decision exercise ``exercise_id`` (shown in its model answer).

    >>> rubric("0.1")
    Traceback (most recent call last):
    ...
    ValueError: Exercise 0.1 is a practice check; only decision exercises have a rubric.
    """
    ex = get(str(exercise_id).strip())
    if ex.decision is None:
        raise ValueError(_("Exercise {id} is a practice check; only decision exercises have a rubric.").format(
            id=exercise_id))
    return Rubric(ex.exercise_id, tuple(_(criterion) for criterion in ex.decision.rubric))


def _chapter_module(exercise_id: str) -> str | None:
    """The module that registers ``exercise_id`` ("5.2" -> ...ch05), or None for a malformed id."""
    if not _ID.fullmatch(exercise_id):
        return None
    return f"{__package__}.ch{int(exercise_id.split('.')[0]):02d}"


def _load(exercise_id: str | None = None) -> None:
    if exercise_id is not None and exercise_id in _REGISTRY:
        return
    name = _chapter_module(exercise_id) if exercise_id else None
    if name is not None:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as err:
            if err.name != name:
                raise
        if exercise_id in _REGISTRY:
            return
    package = importlib.import_module(__package__)
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("ch"):
            importlib.import_module(f"{__package__}.{info.name}")


def known_ids() -> list[str]:
    """All registered exercise ids, in chapter order.

    >>> "0.1" in known_ids()
    True
    """
    _load()
    return sorted(_REGISTRY, key=lambda k: tuple((0, int(p), "") if p.isascii() and p.isdigit() else (1, 0, p)
                                                 for p in k.split(".")))


def get(exercise_id: str) -> Exercise:
    """Return the registered :class:`Exercise` for ``exercise_id`` (KeyError if unknown).

    >>> get("0.1").title
    'How many customers?'
    """
    if exercise_id not in _REGISTRY and _ID.fullmatch(str(exercise_id)):
        _load(exercise_id)
    return _REGISTRY[exercise_id]


def _clean_id(exercise_id: Any) -> str:
    """The id as text, stripped; never raises (an id that cannot be shown becomes '?')."""
    try:
        text = str(exercise_id).strip()
    except Exception:
        return "?"
    return text if isinstance(text, str) else "?"


def _unknown(exercise_id: str) -> str:
    return _("There is no exercise {id}. Known exercises: {known}.").format(id=short(exercise_id, 24),
                                                                          known=", ".join(known_ids()))


def _safe(err: BaseException) -> str:
    """``TypeName: message`` of an error, short and never raising."""
    try:
        text = str(err)
    except Exception:
        text = _("(no message)")
    return f"{type(err).__name__}: {text[:200]}"


@dataclass
class Feedback:
    """What ``check`` returns: shown as a coloured box in a notebook."""

    exercise_id: str
    status: str
    message: str
    note: str = ""

    @property
    def correct(self) -> bool:
        """True when the answer was right."""
        return self.status == "correct"

    def __bool__(self) -> bool:
        return self.correct

    def __repr__(self) -> str:
        tail = f"\n{self.note}" if self.note else ""
        return f"{ICONS[self.status]} {self.message}{tail}"

    def _repr_html_(self) -> str:
        colour = COLOURS[self.status]
        tail = f'<br><small style="color: #666666;">{html.escape(self.note)}</small>' if self.note else ""
        return (f'<div style="border-left: 6px solid {colour}; padding: 0.4em 0.8em; '
                f'margin: 0.3em 0;">{ICONS[self.status]} {html.escape(self.message)}{tail}</div>')


def _record_pass(exercise_id: str) -> str:
    """Save a passed exercise to the learner's progress; a failure becomes a quiet note, never an error."""
    try:
        from ..progress import record

        record(exercise_id)
    except Exception as err:
        return _("(Your progress could not be saved: {error})").format(error=f"{type(err).__name__}: {err}")
    return ""


def _verdict(ex: Exercise, answer: Any, expected: Any) -> Verdict:
    """Judge ``answer`` against ``expected`` (and the exercise's other right answers)."""
    if ex.decision is not None:
        return judge(answer, expected, ex.decision, rtol=ex.rtol, atol=ex.atol, comparer=ex.comparer,
                     accept=ex.accept)
    if ex.comparer is not None:
        return ex.comparer(answer, expected)
    verdict = compare(answer, expected, rtol=ex.rtol, atol=ex.atol, ordered=ex.ordered, accept=ex.accept)
    if verdict.status != "correct" and ex.also is not None:
        for other in ex.also():
            if compare(answer, other, rtol=ex.rtol, atol=ex.atol, ordered=ex.ordered,
                       accept=ex.accept).status == "correct":
                return Verdict("correct")
    return verdict


def check(exercise_id: Any, answer: Any = ...) -> Feedback:
    """Check a learner's ``answer`` to ``exercise_id`` and return friendly feedback.

    Parameters
    ----------
    exercise_id : str
        The exercise number as printed in the notebook, e.g. ``"5.2"``.
    answer : object
        The learner's answer; ``...`` means "not attempted yet".

    Examples
    --------
    >>> check("0.1", ...).status
    'not_attempted'
    """
    exercise_id = _clean_id(exercise_id)
    label = _("Exercise {id}").format(id=exercise_id)
    try:
        ex = get(exercise_id)
    except KeyError:
        return Feedback(short(exercise_id, 24), "unknown_exercise", _unknown(exercise_id))
    try:
        if contains_placeholder(answer):
            part = "" if answer is Ellipsis else _(" Some parts of your answer are still `...`.")
            return Feedback(exercise_id, "not_attempted",
                            _("{label}: not attempted yet.{part} Replace the `...` with your answer, run that "
                              "cell, then run this check again. Stuck? Try crm.hint({id!r}).").format(
                                label=label, part=part, id=exercise_id))
        try:
            expected = ex.expected_answer()
        except Exception as err:  # our bug, not the learner's: say so kindly
            return Feedback(exercise_id, "error",
                            _("{label}: the checker itself failed ({error}). This is not your fault; please "
                              "tell your instructor.").format(label=label, error=_safe(err)))
        verdict = _verdict(ex, answer, expected)
    except Exception as err:  # never raise on learner input
        return Feedback(exercise_id, "error",
                        _("{label}: your answer could not be checked ({error}). Look at what you assigned and "
                          "try again.").format(label=label, error=_safe(err)))
    extra = _(" {explanation}").format(explanation=_(ex.explanation)) if ex.explanation else ""
    if verdict.status == "correct" and ex.decision is not None:
        message = (_("{label}: correct, well done! Your choice is the one the data support.{extra} Your reasons "
                     "are marked by your instructor with the rubric in the model answer.") if expected is not None
                   else _("{label}: correct, well done! Your choice is recorded.{extra} Your reasons are marked "
                          "by your instructor with the rubric in the model answer."))
        return Feedback(exercise_id, "correct", message.format(label=label, extra=extra),
                        note=_record_pass(exercise_id))
    if verdict.status == "correct":
        return Feedback(exercise_id, "correct", _("{label}: correct, well done!{extra}").format(
            label=label, extra=extra), note=_record_pass(exercise_id))
    if verdict.status == "wrong_type":
        return Feedback(exercise_id, "wrong_type",
                        _("{label}: wrong kind of answer: {detail} Try crm.hint({id!r}).").format(
                            label=label, detail=verdict.detail, id=exercise_id))
    if verdict.close:
        return Feedback(exercise_id, "wrong_value", f"{label}: {verdict.detail}")
    return Feedback(exercise_id, "wrong_value",
                    _("{label}: not quite: {detail} Check your steps, or try crm.hint({id!r}).").format(
                        label=label, detail=verdict.detail, id=exercise_id))


@dataclass
class Hint:
    """One hint, shown as a box in a notebook."""

    exercise_id: str
    text: str

    def __repr__(self) -> str:
        return f"💡 {self.text}"

    def _repr_html_(self) -> str:
        return (f'<div style="border-left: 6px solid #F0E442; padding: 0.4em 0.8em; '
                f'margin: 0.3em 0;">💡 {html.escape(self.text)}</div>')


def hint(exercise_id: Any, number: int | None = None) -> Hint:
    """Show the next hint for ``exercise_id`` (or hint ``number``, counting from 1).

    Only ``crm.hint(id)`` moves on to the next hint; a numbered request such as the
    demonstration ``crm.hint("0.1", 1)`` shows that hint and leaves the count alone.

    Examples
    --------
    >>> hint("0.1", 1).text.startswith("Hint 1")
    True
    """
    exercise_id = _clean_id(exercise_id)
    try:
        ex = get(exercise_id)
    except KeyError:
        return Hint(short(exercise_id, 24), _unknown(exercise_id))
    total = len(ex.hints)
    asked = number is None
    if asked:
        number = min(_HINTS_SHOWN.get(exercise_id, 0) + 1, total)
    if isinstance(number, np.integer):
        number = int(number)
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= total:
        return Hint(exercise_id, _("Exercise {id} has hints 1 to {total}: crm.hint({id!r}, 1) shows the "
                                   "first.").format(id=exercise_id, total=total))
    if asked:
        _HINTS_SHOWN[exercise_id] = number
        tail = _(" Run crm.hint({id!r}) again for the next hint.")
    else:
        tail = _(" crm.hint({id!r}, {next}) shows the next one.")
    tail = _(_LAST_HINT) if number == total else tail.format(id=exercise_id, next=number + 1)
    return Hint(exercise_id, _("Hint {number} of {total} for Exercise {id}: {text}{tail}").format(
        number=number, total=total, id=exercise_id, text=_(ex.hints[number - 1]), tail=tail))
