"""Every registered exercise: stub -> not attempted, solution -> correct, anything else -> not correct.

Then the accepted/rejected table of the issues: rounded answers, named mistakes, words and Chinese.
"""
from __future__ import annotations

import math

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


NUMERIC = [i for i in IDS if core.get(i).kind == "practice" and isinstance(core.get(i).expected_answer(), float)
           and core.get(i).expected_answer() != 0]


@pytest.mark.parametrize("exercise_id", NUMERIC)
def test_every_numeric_exercise_follows_the_one_tolerance_policy(exercise_id):
    expected = core.get(exercise_id).expected_answer()
    digits = 2 - math.floor(math.log10(abs(expected)))       # three significant figures
    assert crm.check(exercise_id, round(expected, digits)).correct
    coarse = round(expected, digits - 2)                      # one significant figure
    # A float keeps no trailing zeros: 0.4 for 0.4027 is also 0.40, the answer to two decimals with two
    # significant figures, which the policy accepts (numbers.precise_enough), so it is not "too coarse".
    reads_as_two_decimals = coarse == round(expected, 2) and abs(coarse) >= 0.1
    if coarse != 0 and abs(coarse - expected) > 0.5 * 10.0 ** -digits and not reads_as_two_decimals:
        assert "close — keep more decimals" in crm.check(exercise_id, coarse).message
    if 0 < abs(expected) < 1:
        assert "percentage" in crm.check(exercise_id, expected * 100).message


# --- The accepted/rejected table of issue #12 §6 and #15 item 12 -------------------------------
# The answers are the ones the issues list (typed as a learner would, at the precision the
# notebooks print). Each accepted rounded answer is first verified to be the real expected
# value rounded, so the table cannot drift from the data; each rejected answer must stay
# rejected, with a reason a learner can act on.

def _expected(exercise_id):
    return core.get(exercise_id).expected_answer()


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


# Issue #12 §6: answers given at the precision the notebook prints (as typed); the values are those of the
# data in the Chinese setting (issue #13 item 6: CNY, acquisitions to 2024-12-31).
PRINTED = [("7.3", "0.807"), ("7.7", "2.84"), ("8.1", "0.792"), ("8.5", "0.843"), ("7.1", "0.495"),
           ("7.5", "0.504"), ("2.5", "0.293"), ("4.6", "0.511"), ("5.3", "0.703"), ("5.3", "0.70"),
           ("4.3", "0.3879"), ("6.3", "1.0162"), ("4.1", "272.73"), ("5.7", "110.1"), ("1.5", "8256"),
           ("3.6", "-0.50"), ("4.7", "1653.4")]


@pytest.mark.parametrize("exercise_id, typed", PRINTED)
def test_an_answer_at_printed_precision_is_accepted(exercise_id, typed):
    expected = _expected(exercise_id)
    # the figure really is the expected value rounded to the decimals typed
    assert abs(float(typed) - expected) <= 0.5 * 10 ** -_decimals(typed)
    feedback = crm.check(exercise_id, float(typed))
    assert feedback.correct, feedback.message


def test_a_series_at_two_decimals_is_accepted():
    expected = _expected("3.1")
    assert crm.check("3.1", expected.round(2)).correct          # 3.40, 4.37, 3.31, 5.38
    assert crm.check("3.1", expected.round(3)).correct


# (exercise, answer, status, words the feedback must contain); before this change, see the comments.
REJECTED = [
    ("7.3", 0.8, "wrong_value", "close — keep more decimals"),     # before: "too low"
    ("7.1", 0.5, "wrong_value", "close — keep more decimals"),     # before: "too high"
    ("5.7", 100, "wrong_value", "close — keep more decimals"),     # before: "too high"
    ("7.3", 0.8073, "wrong_value", "close, but not quite"),        # cut off, not rounded; before: "too low"
    ("7.3", 0.9, "wrong_value", "too high"),
    ("7.3", 80.7, "wrong_value", "percentage"),
    ("6.1", 4, "wrong_value", "share between 0 and 1"),            # before: "4 is too high"
    ("6.1", 40, "wrong_value", "percentage"),
    ("0.1", 4000.3, "wrong_value", "whole number"),                # before: correct (atol 0.5)
    ("1.2", float("nan"), "wrong_value", "empty"),                 # before: "nan is too low"
    ("4.3", float("inf"), "wrong_value", "divide by zero"),
    ("1.2", pd.Series([], dtype=float), "wrong_type", "no rows"),
    ("1.2", "0.05", "wrong_type", "remove the quotes"),
    ("6.5", 33, "wrong_value", "too high"),                        # no lift filter; before: 14 passed either way
    ("6.5", 24, "wrong_value", "too high"),                        # no confidence filter
    ("1.5", 8253.0, "wrong_value", "close, but not quite"),
    ("1.5", 7000.0, "wrong_value", "too low"),
    ("2.2", {"main goal": "A", "technique": "A", "path": "C", "commonality vs individuality": "D"},
     "wrong_value", "'main goal'"),
    ("3.3", "trust", "wrong_value", "not the answer"),
    ("3.3", "信任", "wrong_value", "not the answer"),
    ("8.7", "strategic", "wrong_value", "not the answer"),
    ("8.7", "战略客户", "wrong_value", "not the answer"),
    ("1.1", ["推销观念", "生产观念", "利润导向", "以客户为中心"], "wrong_value", "item 1"),
    ("8.3", "small", "wrong_value", "not the answer"),
]


@pytest.mark.parametrize("exercise_id, answer, status, words", REJECTED)
def test_wrong_answers_stay_rejected_with_a_reason(exercise_id, answer, status, words):
    feedback = crm.check(exercise_id, answer)
    assert feedback.status == status, feedback.message
    assert words in feedback.message, feedback.message


def test_counts_read_as_people_write_them():
    message = crm.check("2.3", 19051).message
    assert "19,051" in message and "e+" not in message


def test_a_whole_series_in_percent_is_named():
    feedback = crm.check("3.1", _expected("3.1") * 100)
    assert feedback.status == "wrong_value" and "percentages" in feedback.message


def test_a_wrong_type_inside_a_dict_is_named():
    expected = _expected("5.1")
    answer = {**expected, "recency": pd.Timedelta(days=expected["recency"])}
    feedback = crm.check("5.1", answer)
    assert feedback.status == "wrong_type"
    assert "'recency'" in feedback.message and "Timedelta" in feedback.message and ".days" in feedback.message
    assert crm.check("5.1", {**expected, "monetary": "550"}).status == "wrong_type"


def test_a_duplicated_item_is_rejected():
    expected = _expected("6.7")
    feedback = crm.check("6.7", expected + [expected[-1]])
    assert feedback.status == "wrong_value" and "more than once" in feedback.message
    assert crm.check("6.7", list(reversed(expected))).correct


def test_ties_either_order_is_accepted():
    campaign = crm.datasets.load("campaign")
    results = {}
    for kind in ("stable", "quicksort"):
        ranked = campaign.sort_values("days_since_last_order", kind=kind)
        kept = ranked[ranked["contact_cost"].cumsum() <= 6000]
        results[kind] = (len(kept), kept["margin"].sum() - kept["contact_cost"].sum())
        assert crm.check("1.5", results[kind][1]).correct, kind
    # pandas' default sort on the CNY data (budget ¥6,000): 1,011 contacts, ¥7,635.04 (the issue quoted
    # 1,049 contacts and EUR 2,473.42 for the old European data)
    assert results["quicksort"][0] == 1011 and math.isclose(results["quicksort"][1], 7635.04, abs_tol=0.005)
    assert "tie" in crm.hint("1.5", 1).text


def test_the_lift_filter_of_6_5_matters():
    baskets = crm.basket.basket_matrix(crm.datasets.load("order_lines"))
    without_lift = crm.basket.association_rules(baskets, min_support=0.005, min_confidence=0.1)
    with_lift = crm.basket.association_rules(baskets, min_support=0.005, min_confidence=0.1, min_lift=1)
    without_confidence = crm.basket.association_rules(baskets, min_support=0.005, min_confidence=0, min_lift=1)
    assert len(with_lift) < len(without_lift) and len(with_lift) < len(without_confidence)
    assert crm.check("6.5", len(with_lift)).correct
    assert not crm.check("6.5", len(without_lift)).correct
    assert not crm.check("6.5", len(without_confidence)).correct


# Words the chapter uses, and the glossary's Chinese (issue #12 §6, brief: answers in Chinese).
WORDS = [
    ("3.3", "转移成本"), ("3.3", "Switching cost"), ("8.7", "主要客户"), ("8.7", "key customers"),
    ("8.7", "重要客户"), ("7.4", "最近一次购买"), ("8.3", "大型企业"),
    ("1.1", ["生产观念", "推销观念", "利润导向", "以客户为中心"]),
    ("1.1", ["production orientation", "sales orientation", "profit orientation", "customer-centred orientation"]),
]


@pytest.mark.parametrize("exercise_id, answer", WORDS)
def test_chinese_and_chapter_words_are_accepted(exercise_id, answer):
    feedback = crm.check(exercise_id, answer)
    assert feedback.correct, feedback.message


def test_definition_families_in_the_chapters_words():
    expected = _expected("2.1")
    words = {"philosophy": "理念", "mechanism": "机制", "system": "technology"}
    assert crm.check("2.1", {k: words[v] for k, v in expected.items()}).correct
    assert crm.check("2.1", {k: {"system": "技术"}.get(v, v) for k, v in expected.items()}).correct
    swapped = {k: {"system": "philosophy", "philosophy": "system"}.get(v, v) for k, v in expected.items()}
    assert not crm.check("2.1", swapped).correct


def test_dict_keys_may_be_chinese_glossary_terms():
    expected = _expected("3.4")
    chinese = {crm.glossary.term(f"{stage} stage").chinese: driver for stage, driver in expected.items()}
    assert crm.check("3.4", chinese).correct


@pytest.mark.parametrize("exercise_id", IDS)
def test_no_hint_points_to_a_cell_the_student_version_lacks(exercise_id):
    texts = [crm.hint(exercise_id, n).text for n in range(1, len(core.get(exercise_id).hints) + 1)]
    for text in texts:
        assert "solution cell" not in text.casefold() and "collapsed" not in text.casefold(), text


def test_missing_values_are_explained_not_compared():
    for missing in (float("nan"), pd.NA, np.float64("nan")):
        feedback = crm.check("1.2", missing)
        assert feedback.status == "wrong_value" and "NaN" in feedback.message and "too low" not in feedback.message
