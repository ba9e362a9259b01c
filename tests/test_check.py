"""crm.check / crm.hint: four distinct kind messages and tolerant comparison."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import crm_lessons as crm
from crm_lessons.exercises.compare import compare


def test_four_distinct_messages():
    expected = crm.exercises.core.get("0.1").expected_answer()
    messages = {
        "not_attempted": crm.check("0.1", ...),
        "wrong_type": crm.check("0.1", "forty"),
        "wrong_value": crm.check("0.1", expected * 2 + 1),
        "correct": crm.check("0.1", expected),
    }
    for status, feedback in messages.items():
        assert feedback.status == status
    assert "not attempted yet" in messages["not_attempted"].message
    assert "wrong kind of answer" in messages["wrong_type"].message
    assert "not quite" in messages["wrong_value"].message and "too high" in messages["wrong_value"].message
    assert "correct" in messages["correct"].message
    assert len({f.message for f in messages.values()}) == 4
    html = messages["correct"]._repr_html_()
    assert html.startswith("<div") and "well done" in html


def test_unknown_exercise_lists_known_ids():
    feedback = crm.check("99.9", 1)
    assert feedback.status == "unknown_exercise"
    assert "0.1" in feedback.message and "99.9" in feedback.message


def test_check_never_raises_on_strange_input():
    class Explodes:
        def __eq__(self, other):
            raise RuntimeError("boom")

        def __float__(self):
            raise RuntimeError("boom")

    for answer in (Explodes(), {"a": ...}, [..., 1], float("nan"), b"bytes", lambda: 1, np.array([1, 2])):
        feedback = crm.check("0.1", answer)
        assert feedback.status in {"not_attempted", "wrong_type", "wrong_value", "error"}
        assert not feedback.correct
    assert crm.check("0.1", [..., 1]).status == "not_attempted"
    assert crm.check(None, 1).status == "unknown_exercise"


def test_hints_advance_and_stop_at_the_last():
    ex = crm.exercises.core.get("0.2")
    crm.exercises.core._HINTS_SHOWN.pop("0.2", None)
    texts = [crm.hint("0.2").text for _ in range(len(ex.hints) + 1)]
    assert texts[0].startswith("Hint 1 of") and texts[1].startswith("Hint 2 of")
    assert texts[-1] == texts[-2] and "last hint" in texts[-1]
    assert "has hints 1 to" in crm.hint("0.2", 99).text
    assert "no exercise" in crm.hint("42.42").text


@pytest.mark.parametrize("answer, expected, status", [
    (0.3333, 1 / 3, "correct"), (25.0, 0.25, "wrong_value"), (2, 2.0, "correct"),
    ("2", 2, "wrong_type"), (True, 1, "wrong_type"), (np.float64(1.0), 1, "correct"),
    (pd.Series([7.0]), 7, "correct"),
    ("  At_Risk ", "at risk", "correct"), ("Loyal", "at risk", "wrong_value"), (3, "x", "wrong_type"),
    (["b", "a"], {"a", "b"}, "correct"), (["a"], {"a", "b"}, "wrong_value"), ("ab", {"a", "b"}, "wrong_type"),
    ({"A": 1.0, "b": 2}, {"a": 1, "B": 2}, "correct"), ({"a": 1}, {"a": 1, "b": 2}, "wrong_value"),
    (True, False, "wrong_value"), (1, True, "wrong_type"),
])
def test_compare_by_kind(answer, expected, status):
    assert compare(answer, expected, rtol=1e-3).status == status


def test_percentage_nudge():
    verdict = compare(25.0, 0.25)
    assert "percentage" in verdict.detail


def test_frames_ignore_row_and_column_order_but_not_values():
    expected = pd.DataFrame({"segment": ["a", "b", "c"], "n": [1, 2, 3]})
    shuffled = expected.iloc[[2, 0, 1]][["n", "segment"]].assign(extra=0)
    assert compare(shuffled, expected).status == "correct"
    wrong = expected.assign(n=[1, 2, 4])
    verdict = compare(wrong, expected)
    assert verdict.status == "wrong_value" and "'n'" in verdict.detail
    assert "missing" in compare(expected[["n"]], expected).detail
    assert compare(expected.head(2), expected).detail.startswith("expected 3 rows")
    assert compare([1, 2], expected).status == "wrong_type"


def test_series_align_on_labels():
    expected = pd.Series({"North": 1.0, "South": 2.0})
    assert compare(pd.Series({"south": 2.0, "north": 1.0}), expected).status == "correct"
    assert compare(pd.Series({"North": 2.0, "South": 1.0}), expected).status == "wrong_value"
    assert compare(pd.Series({"East": 1.0, "South": 2.0}), expected).detail.startswith("the labels")


def _register_decision(options, right):
    from crm_lessons.exercises import core

    @core.decision("0.97", title="Keep or prune?", options=options, hints=["Profit.", "Loss."],
                   rubric=["Quotes the profit.", "Names the cost to serve."],
                   model_reasons="This customer cost more to serve than the margin brought in over three years.")
    def _():
        return right


def test_decision_judges_choice_then_reasons():
    from crm_lessons.exercises import core

    _register_decision(["keep", "prune"], "prune")
    try:
        why = "The customer lost us money in each of the last three years, more than any other in the list."
        assert crm.check("0.97", {"choice": ..., "why": ...}).status == "not_attempted"
        wrong = crm.check("0.97", {"choice": "keep", "why": why})
        assert wrong.status == "wrong_value" and "not the one the data support" in wrong.message
        other = crm.check("0.97", {"choice": "sell", "why": why})
        assert other.status == "wrong_value" and "'keep', 'prune'" in other.message
        short = crm.check("0.97", {"choice": "prune", "why": "money"})
        assert short.status == "wrong_value" and "reasons are short (1 words)" in short.message
        assert crm.check("0.97", {"choice": "PRUNE", "why": why}).correct
        assert crm.check("0.97", "prune").status == "wrong_type"
        assert crm.check("0.97", {"choice": "prune", "why": 3}).status == "wrong_type"
        assert core.rubric("0.97").criteria == ("Quotes the profit.", "Names the cost to serve.")
    finally:
        core._REGISTRY.pop("0.97", None)


def test_open_decision_accepts_any_option_with_reasons():
    from crm_lessons.exercises import core

    _register_decision(["keep", "prune"], None)
    try:
        why = "留住他，因为他的钱包份额还很低，交叉销售还有很大的空间，而且服务成本不高。"
        assert crm.check("0.97", {"choice": "keep", "why": why}).correct
        assert crm.check("0.97", {"choice": "prune", "why": why}).correct
    finally:
        core._REGISTRY.pop("0.97", None)
