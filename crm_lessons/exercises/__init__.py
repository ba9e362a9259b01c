"""Self-checking exercises: ``check``, ``hint`` and the registry behind them.

Each chapter registers its exercises in ``chNN.py`` with :func:`exercise` (practice checks)
or :func:`decision` (a choice from data plus written reasons, marked with a rubric).
"""
from .core import Feedback, Hint, check, decision, exercise, hint, known_ids, rubric

__all__ = ["Feedback", "Hint", "check", "decision", "exercise", "hint", "known_ids", "rubric"]
