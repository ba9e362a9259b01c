"""Decision exercises of chapters 05-08: only the choice the data support passes; answers are judged fairly."""
from __future__ import annotations

import pytest

import crm_lessons as crm
from crm_lessons.exercises import ch05, ch06, ch07, ch08, core

REASONS = "I compared the options with the numbers from the data and chose the one with the best result for the firm."

DECISIONS = {
    "5.8": ch05.NOT_LOYAL_CELLS, "5.9": ch05.WIN_BACK_OPTIONS,
    "6.8": [ch06._rule_label(a, c) for a, c in ch06.CAMPAIGN_RULES],
    "7.8": ch07.CONTROL_SHARES, "7.9": ch07.CAMPAIGN_GROUPS,
    "8.8": ch08.TIERS, "8.9": ["stop", "keep"],
}


@pytest.mark.parametrize("exercise_id", sorted(DECISIONS))
def test_exactly_one_option_passes(exercise_id):
    passing = [o for o in DECISIONS[exercise_id] if crm.check(exercise_id, {"choice": o, "why": REASONS}).correct]
    assert passing == [core.get(exercise_id).expected_answer()]


def test_the_decisions_are_not_the_naive_choice():
    # 5.9: the segment with the most value per head is not where the budget does most (45 customers only)
    assert ch05._win_back_value()["monetary"].idxmax() == "Can't lose them"
    assert core.get("5.9").expected_answer() == "At risk"
    # 6.8: neither the most confident nor the highest-lift rule is the most valuable once margins count
    rules = ch06._campaign_rule_value()
    assert core.get("6.8").expected_answer() not in {rules["confidence"].idxmax(), rules["lift"].idxmax()}
    # 7.8: April's 2 % control group cannot measure the uplift to +/- 4 points
    assert core.get("7.8").expected_answer() > 0.02


def test_rules_to_drop_accept_any_spelling_of_the_arrow_and_reject_partial_sets():
    expected = core.get("6.9").expected_answer()
    assert expected and all("Scented candle" in rule for rule in expected)
    spelled = {rule.replace(" -> ", "→").upper() for rule in expected}
    assert crm.check("6.9", {"choice": spelled, "why": REASONS}).correct
    partial = set(sorted(expected)[:-1])
    verdict = crm.check("6.9", {"choice": partial, "why": REASONS})
    assert not verdict.correct and "still in" in verdict.message
    assert crm.check("6.9", {"choice": "Sleeping bag -> Scented candle", "why": REASONS}).status == "wrong_type"


def test_short_reasons_are_not_enough():
    verdict = crm.check("8.9", {"choice": "keep", "why": "They pay."})
    assert not verdict.correct and "short" in verdict.message
