"""Every registered exercise: stub -> not attempted, solution -> correct, anything else -> not correct."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import crm_lessons as crm
from crm_lessons.exercises import core


def _perturb(value):
    """A clearly wrong answer of the same kind as ``value``."""
    if isinstance(value, (bool, np.bool_)):
        return not bool(value)
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value) * 1.5 + 1
    if isinstance(value, str):
        return value + " (not this)"
    if isinstance(value, pd.DataFrame):
        wrong = value.copy()
        col = next((c for c in wrong.columns if pd.api.types.is_numeric_dtype(wrong[c])
                    and not pd.api.types.is_bool_dtype(wrong[c])), wrong.columns[0])
        if pd.api.types.is_numeric_dtype(wrong[col]) and not pd.api.types.is_bool_dtype(wrong[col]):
            wrong[col] = wrong[col].astype(float) * 1.5 + 1
        else:
            wrong[col] = wrong[col].astype(str) + " (not this)"
        return wrong
    if isinstance(value, pd.Series):
        if pd.api.types.is_numeric_dtype(value) and not pd.api.types.is_bool_dtype(value):
            return value.astype(float) * 1.5 + 1
        return value.astype(str) + " (not this)"
    if isinstance(value, dict):
        return {k: _perturb(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_perturb(v) for v in value] if value else ["(not this)"]
    if isinstance(value, (set, frozenset)):
        return {_perturb(v) for v in value} if value else {"(not this)"}
    if isinstance(value, np.ndarray):
        return value.astype(float) * 1.5 + 1
    raise AssertionError(f"no perturbation for {type(value).__name__}")


IDS = core.known_ids()


def test_there_are_exercises():
    assert len(IDS) >= 2


@pytest.mark.parametrize("exercise_id", IDS)
def test_stub_is_not_attempted(exercise_id):
    assert crm.check(exercise_id, ...).status == "not_attempted"


@pytest.mark.parametrize("exercise_id", IDS)
def test_expected_answer_is_correct(exercise_id):
    feedback = crm.check(exercise_id, core.get(exercise_id).model_submission())
    assert feedback.correct, feedback.message


@pytest.mark.parametrize("exercise_id", IDS)
def test_wrong_answers_are_rejected_without_raising(exercise_id):
    ex = core.get(exercise_id)
    expected = ex.expected_answer()
    if ex.kind == "decision":
        model = ex.model_submission()
        if expected is not None:   # a wrong choice with good reasons is still wrong
            assert not crm.check(exercise_id, {**model, "choice": _perturb(expected)}).correct
        assert not crm.check(exercise_id, {**model, "why": "Because."}).correct
        assert crm.check(exercise_id, {**model, "why": ...}).status == "not_attempted"
    else:
        assert not crm.check(exercise_id, _perturb(expected)).correct
    for junk in (object(), None, [[1, 2], 3], "?", -123456.789):
        feedback = crm.check(exercise_id, junk)
        assert feedback.status in {"wrong_type", "wrong_value"}, (junk, feedback)


@pytest.mark.parametrize("exercise_id", IDS)
def test_each_exercise_has_hints_and_a_title(exercise_id):
    ex = core.get(exercise_id)
    assert len(ex.hints) >= 2 and ex.title
    first = crm.hint(exercise_id, 1).text
    assert first.startswith(f"Hint 1 of {len(ex.hints)} for Exercise {exercise_id}")
