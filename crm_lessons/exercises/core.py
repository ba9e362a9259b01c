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
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .compare import Verdict, compare, contains_placeholder
from .decisions import DecisionSpec, Rubric, check_options, judge

_REGISTRY: dict[str, "Exercise"] = {}
_HINTS_SHOWN: dict[str, int] = {}

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
        if choice is None:
            choice = self.decision.options[0]
        return {"choice": choice, "why": self.decision.model_reasons}


def exercise(exercise_id: str, *, hints: list[str], title: str = "", rtol: float = 1e-4,
             atol: float = 1e-9, ordered: bool = False,
             comparer: Callable[[Any, Any], Verdict] | None = None,
             explanation: str = "") -> Callable[[Callable[[], Any]], Callable[[], Any]]:
    """Register the decorated zero-argument function as the answer of ``exercise_id``.

    Examples
    --------
    >>> @exercise("0.9", hints=["Add two and two."], title="Warm-up")
    ... def _():
    ...     return 2 + 2
    """
    if not hints:
        raise ValueError(f"Exercise {exercise_id} needs at least one hint.")

    def register(fn: Callable[[], Any]) -> Callable[[], Any]:
        _REGISTRY[exercise_id] = Exercise(exercise_id, fn, list(hints), title, rtol, atol,
                                          ordered, comparer, explanation)
        return fn

    return register


def decision(exercise_id: str, *, hints: list[str], rubric: list[str], model_reasons: str, title: str = "",
             options: list[Any] | None = None, rtol: float = 1e-4, atol: float = 1e-9,
             comparer: Callable[[Any, Any], Verdict] | None = None, explanation: str = "",
             min_words: int | None = None) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
    """Register a decision exercise: the function returns the right choice, or ``None`` for an open one.

    The learner answers ``{"choice": ..., "why": "..."}``; ``rubric`` lists what an instructor
    looks for in the reasons (shown by :func:`rubric` in the model answer), ``model_reasons``
    is the model justification.

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
        raise ValueError(f"Exercise {exercise_id} needs at least one hint.")
    if not rubric or not model_reasons:
        raise ValueError(f"Decision exercise {exercise_id} needs a rubric and model reasons.")
    from .decisions import MIN_WORDS

    spec = DecisionSpec(check_options(options), tuple(rubric), model_reasons,
                        MIN_WORDS if min_words is None else int(min_words))

    def register(fn: Callable[[], Any]) -> Callable[[], Any]:
        _REGISTRY[exercise_id] = Exercise(exercise_id, fn, list(hints), title, rtol, atol, False, comparer,
                                          explanation, spec)
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
        raise ValueError(f"Exercise {exercise_id} is a practice check; only decision exercises have a rubric.")
    return Rubric(ex.exercise_id, ex.decision.rubric)


def _chapter_module(exercise_id: str) -> str | None:
    head = exercise_id.split(".")[0]
    return f"{__package__}.ch{int(head):02d}" if head.isdigit() else None


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
    return sorted(_REGISTRY, key=lambda k: tuple(int(p) if p.isdigit() else p for p in k.split(".")))


def get(exercise_id: str) -> Exercise:
    """Return the registered :class:`Exercise` for ``exercise_id`` (KeyError if unknown).

    >>> get("0.1").title
    'How many customers?'
    """
    _load(exercise_id)
    return _REGISTRY[exercise_id]


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
        return f"(Your progress could not be saved: {type(err).__name__}: {err})"
    return ""


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
    label = f"Exercise {exercise_id}"
    try:
        exercise_id = str(exercise_id).strip()
        try:
            ex = get(exercise_id)
        except KeyError:
            ids = ", ".join(known_ids())
            return Feedback(exercise_id, "unknown_exercise",
                            f"There is no exercise {exercise_id!r}. Known exercises: {ids}.")
        if contains_placeholder(answer):
            part = "" if answer is Ellipsis else " Some parts of your answer are still `...`."
            return Feedback(exercise_id, "not_attempted",
                            f"{label}: not attempted yet.{part} Replace the `...` with your answer, "
                            f"run that cell, then run this check again. Stuck? Try crm.hint({exercise_id!r}).")
        try:
            expected = ex.expected_answer()
        except Exception as err:  # our bug, not the learner's: say so kindly
            return Feedback(exercise_id, "error",
                            f"{label}: the checker itself failed ({type(err).__name__}: {err}). "
                            "This is not your fault; please tell your instructor.")
        if ex.decision is not None:
            verdict = judge(answer, expected, ex.decision, rtol=ex.rtol, atol=ex.atol, comparer=ex.comparer)
        elif ex.comparer is not None:
            verdict = ex.comparer(answer, expected)
        else:
            verdict = compare(answer, expected, rtol=ex.rtol, atol=ex.atol, ordered=ex.ordered)
    except Exception as err:  # never raise on learner input
        return Feedback(str(exercise_id), "error",
                        f"{label}: your answer could not be checked ({type(err).__name__}: {err}). "
                        "Look at what you assigned and try again.")
    if verdict.status == "correct" and ex.decision is not None:
        judged = "is the one the data support" if expected is not None else "is recorded"
        extra = f" {ex.explanation}" if ex.explanation else ""
        return Feedback(exercise_id, "correct",
                        f"{label}: correct, well done! Your choice {judged}.{extra} Your reasons are marked "
                        "by your instructor with the rubric in the model answer.",
                        note=_record_pass(exercise_id))
    if verdict.status == "correct":
        extra = f" {ex.explanation}" if ex.explanation else ""
        return Feedback(exercise_id, "correct", f"{label}: correct, well done!{extra}",
                        note=_record_pass(exercise_id))
    if verdict.status == "wrong_type":
        return Feedback(exercise_id, "wrong_type",
                        f"{label}: wrong kind of answer: {verdict.detail} Try crm.hint({exercise_id!r}).")
    return Feedback(exercise_id, "wrong_value",
                    f"{label}: not quite: {verdict.detail} Check your steps, or try crm.hint({exercise_id!r}).")


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

    Examples
    --------
    >>> hint("0.1", 1).text.startswith("Hint 1")
    True
    """
    exercise_id = str(exercise_id).strip()
    try:
        ex = get(exercise_id)
    except KeyError:
        return Hint(exercise_id, f"There is no exercise {exercise_id!r}. Known exercises: {', '.join(known_ids())}.")
    total = len(ex.hints)
    if number is None:
        number = min(_HINTS_SHOWN.get(exercise_id, 0) + 1, total)
    if not isinstance(number, int) or not 1 <= number <= total:
        return Hint(exercise_id, f"Exercise {exercise_id} has hints 1 to {total}.")
    _HINTS_SHOWN[exercise_id] = max(_HINTS_SHOWN.get(exercise_id, 0), number)
    tail = (" That was the last hint: the collapsed solution cell below the check shows one way to do it."
            if number == total else f" Run crm.hint({exercise_id!r}) again for the next hint.")
    return Hint(exercise_id, f"Hint {number} of {total} for Exercise {exercise_id}: {ex.hints[number - 1]}{tail}")
