"""crm.check / crm.hint: four distinct kind messages and tolerant comparison."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
        assert short.status == "wrong_value" and "reasons are short (1 word)" in short.message
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


def test_hints_count_only_what_the_learner_asked_for():
    crm.exercises.core._HINTS_SHOWN.pop("0.1", None)
    demo = crm.hint("0.1", 1)            # the demonstration cell of notebook 00 (Run All runs it)
    assert demo.text.startswith("Hint 1 of 2") and "crm.hint('0.1', 2)" in demo.text
    assert crm.hint("0.1").text.startswith("Hint 1 of 2")   # the learner's own first request
    assert crm.hint("0.1").text.startswith("Hint 2 of 2")


def test_the_last_hint_is_true_with_and_without_solution_cells():
    last = crm.hint("0.2", len(crm.exercises.core.get("0.2").hints)).text
    assert "last hint" in last
    assert "solution cell below" not in last and "if your copy of the notebook has a model answer" in last


@pytest.mark.parametrize("bad_id", ["²", "9" * 5000, "٣.١", "1.2.3", "", " ", "0.1\n" * 3, "Ⅻ.1"])
def test_malformed_ids_are_unknown_not_errors(bad_id):
    hint = crm.hint(bad_id)
    assert "no exercise" in hint.text and len(hint.text) < 1000
    feedback = crm.check(bad_id, 42)
    assert feedback.status == "unknown_exercise" and "answer" not in feedback.message
    assert len(feedback.message) < 1000


class _Hostile:
    """An object whose every conversion to text fails."""

    def __format__(self, spec):
        raise RuntimeError("format")

    def __str__(self):
        raise RuntimeError("str")

    def __repr__(self):
        raise RuntimeError("repr")

    def __eq__(self, other):
        raise RuntimeError("eq")

    __hash__ = object.__hash__


def test_hostile_objects_never_make_check_or_hint_raise():
    assert crm.check(_Hostile(), 1).status == "unknown_exercise"
    assert "no exercise" in crm.hint(_Hostile()).text
    for exercise_id in ("0.1", "0.2", "5.1", "6.7", "3.1", "1.1"):
        feedback = crm.check(exercise_id, _Hostile())
        assert feedback.status in {"wrong_type", "wrong_value", "error"} and not feedback.correct
        repr(feedback), feedback._repr_html_()
    nested = crm.check("5.1", {"recency": _Hostile(), "frequency": 1, "monetary": 1.0})
    assert not nested.correct


def test_a_huge_answer_is_not_echoed_whole():
    answer = "x" * 200_000
    feedback = crm.check("0.2", answer)
    assert feedback.status == "wrong_value" and len(feedback.message) < 400
    assert "200,002 characters" in feedback.message
    assert len(crm.check("0.1", list(range(100_000))).message) < 400


def test_close_is_its_own_verdict():
    close = crm.check("4.2", 0.3)
    assert close.status == "wrong_value" and "close — keep more decimals" in close.message
    assert "not quite" not in close.message


# --- property-based: check and hint never raise and never accept what they should not --------

_answers = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=50) | st.just(...),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=8)


@settings(max_examples=200)
@given(exercise_id=st.text(max_size=12) | st.sampled_from(crm.exercises.known_ids()), answer=_answers)
def test_check_never_raises(exercise_id, answer):
    feedback = crm.check(exercise_id, answer)
    assert feedback.status in {"correct", "not_attempted", "wrong_type", "wrong_value", "unknown_exercise",
                               "error"}
    assert isinstance(repr(feedback), str) and len(feedback.message) < 2000


@settings(max_examples=200)
@given(exercise_id=st.text(max_size=5000), number=st.none() | st.integers(-5, 10) | st.floats())
def test_hint_never_raises(exercise_id, number):
    text = crm.hint(exercise_id, number).text
    assert isinstance(text, str) and len(text) < 2000


@settings(max_examples=300)
@given(value=st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e9),
       expected=st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e9))
def test_numbers_accepted_only_when_rounding_the_answer(value, expected):
    verdict = compare(value, expected)
    if verdict.status == "correct":
        # right: within computation noise, or the expected value rounded to some decimals
        # with at least three significant figures or two decimals
        assert any(abs(value - expected) <= max(1e-4 * abs(expected), 1e-9) + 1e-12
                   or (abs(value - expected) <= 0.5 * 10.0 ** -d * (1 + 1e-9) + 1e-12 * abs(expected)
                       and (abs(value) >= 10.0 ** (2 - d) * (1 - 1e-12)
                            or (d >= 2 and abs(value) >= 10.0 ** (1 - d))))
                   for d in range(-7, 16))


@settings(max_examples=200)
@given(expected=st.floats(min_value=1e-6, max_value=1e6), sig=st.integers(3, 8))
def test_the_expected_value_rounded_to_three_or_more_figures_is_accepted(expected, sig):
    decimals = sig - 1 - math.floor(math.log10(expected))
    rounded = round(expected, decimals)
    assert compare(rounded, expected).status == "correct", (rounded, expected)


@settings(max_examples=200)
@given(count=st.integers(0, 10**6), offset=st.floats(min_value=0.01, max_value=0.99))
def test_counts_must_be_exact(count, offset):
    assert compare(count + offset, count).status == "wrong_value"
    assert compare(float(count), count).status == "correct"


def test_decision_choices_are_judged_like_practice_answers():
    from crm_lessons.exercises import core

    why = "The data show this clearly: the share is the highest of all, and the cost is the lowest one."

    @core.decision("0.96", title="Which share?", hints=["Read the table.", "The largest."],
                   rubric=["Quotes the share."], model_reasons=why)
    def _():
        return 0.7407308

    @core.decision("0.95", title="Keep or prune?", options=["keep", "prune"], hints=["Profit.", "Loss."],
                   rubric=["Quotes the profit."], model_reasons=why, accept={"prune": ["剪除"]})
    def _():
        return "prune"

    @core.decision("0.94", title="Treatment per cell", hints=["Cells.", "Treat."], rubric=["Names each cell."],
                   model_reasons=why)
    def _():
        return {"true loyalty": 2, "spurious loyalty": 1}

    try:
        assert crm.check("0.96", {"choice": 0.74, "why": why}).correct            # rounded, as for practice
        coarse = crm.check("0.96", {"choice": 0.7, "why": why})
        assert coarse.status == "wrong_value" and "keep more decimals" in coarse.message
        assert "percentage" in crm.check("0.96", {"choice": 74.07, "why": why}).message
        assert crm.check("0.95", {"choice": "剪除", "why": why}).correct           # accepted words
        long_choice = crm.check("0.95", {"choice": "x" * 100_000, "why": why})
        assert long_choice.status == "wrong_value" and len(long_choice.message) < 400
        none_choice = crm.check("0.95", {"choice": None, "why": why})
        assert none_choice.status == "wrong_type" and "'choice'" in none_choice.message
        typed = crm.check("0.94", {"choice": {"true loyalty": "2", "spurious loyalty": 1}, "why": why})
        assert typed.status == "wrong_type" and "'true loyalty'" in typed.message
        assert crm.check("0.94", {"choice": {"True Loyalty": 2, "spurious_loyalty": 1}, "why": why}).correct
        assert not crm.check("0.95", {"choice": _Hostile(), "why": why}).correct
    finally:
        for exercise_id in ("0.96", "0.95", "0.94"):
            core._REGISTRY.pop(exercise_id, None)


def test_an_open_decision_without_options_has_a_model_submission():
    from crm_lessons.exercises import core

    @core.decision("0.93", title="Your plan", hints=["Think.", "Write."], rubric=["Has a plan."],
                   model_reasons="A plan with numbers: contact the top decile first, then the second decile.")
    def _():
        return None

    try:
        assert crm.check("0.93", core.get("0.93").model_submission()).correct
    finally:
        core._REGISTRY.pop("0.93", None)
