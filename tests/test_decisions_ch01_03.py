"""Decision exercises of chapters 1-3: the tempting wrong choice is rejected, and the model reasons quote the data."""
from __future__ import annotations

import pytest

import crm_lessons as crm
from crm_lessons import datasets, loyalty
from crm_lessons.exercises import core

REASONS = "I chose this because the numbers in the table point to it, as the summary above shows clearly."


@pytest.mark.parametrize("exercise_id, tempting", [
    ("1.7", "telemarketing"),      # the highest response rate, but it loses money
    ("1.8", "new"),
    ("2.7", "C01930"),             # second-highest revenue among valuable customers with an open problem
    ("3.7", "development"),
    ("3.8", "satisfaction"),       # satisfied leavers are as satisfied as satisfied stayers
])
def test_the_tempting_choice_is_wrong_with_good_reasons(exercise_id, tempting):
    feedback = crm.check(exercise_id, {"choice": tempting, "why": REASONS})
    assert not feedback.correct and "not the one the data support" in feedback.message


def test_open_decision_accepts_any_listed_claim_but_not_an_unlisted_one():
    for claim in crm.marketing_history.benefit_claims()["measure"]:
        assert crm.check("2.8", {"choice": claim, "why": REASONS}).correct
    assert not crm.check("2.8", {"choice": "market share", "why": REASONS}).correct


def test_model_reasons_quote_the_data():
    channel = crm.campaigns.campaign_summary(datasets.load("campaign"), by="channel")
    reasons = core.get("1.7").decision.model_reasons
    def pct(x):
        return f"{x:.0%}".replace("%", " %")

    assert pct(channel.at["email", "roi"]) in reasons and pct(channel.at["telemarketing", "roi"]) in reasons
    group = crm.campaigns.campaign_summary(datasets.load("campaign"), by="customer_group")
    reasons = core.get("1.8").decision.model_reasons
    assert f"{group.at['lapsed', 'contacts']:,}" in reasons and pct(group.at["lapsed", "roi"]) in reasons
    means = loyalty.intentions_by_stage(datasets.load("survey"))["recommendation"]
    assert f"{means['stability']:.1f}" in core.get("3.7").decision.model_reasons
    survey, orders = datasets.load("survey"), datasets.load("orders")
    profile = loyalty.defection_profile(loyalty.defection_table(survey, orders, months=6, satisfied_at=5.0))
    gap = profile.at["satisfied, stayed", "perceived_value"] - profile.at["satisfied, defected", "perceived_value"]
    assert f"{gap:.2f}" in core.get("3.8").decision.model_reasons


def test_rubrics_have_several_criteria():
    for exercise_id in ("1.7", "1.8", "2.7", "2.8", "3.7", "3.8"):
        assert len(crm.exercises.rubric(exercise_id).criteria) >= 3
