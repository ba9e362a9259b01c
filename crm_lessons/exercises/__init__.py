"""Self-checking exercises: ``check``, ``hint`` and the registry behind them.

Each chapter registers its exercises in ``chNN.py`` with :func:`exercise`.
"""
from .core import Feedback, Hint, check, exercise, hint, known_ids

__all__ = ["Feedback", "Hint", "check", "exercise", "hint", "known_ids"]
