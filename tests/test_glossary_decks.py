"""The glossary uses the course decks' terms (issue 12)."""
from __future__ import annotations

import crm_lessons as crm


def test_lifecycle_stages_carry_the_decks_names():
    # course_decks/000: 识别期 / 发展期 / 稳定期, and 衰退期 for decline
    for term, chinese in {"identification stage": "识别期", "development stage": "发展期",
                          "stability stage": "稳定期", "decline stage": "衰退期"}.items():
        assert crm.glossary.term(term).chinese == chinese


def test_customer_tiers_carry_the_decks_names_and_risk_is_not_small():
    # course_decks/003: 战略客户 / 主要客户 / 交易客户 / 风险客户; course_decks/002 warns about pruning small customers
    terms = ("strategic customer", "key customer", "transactional customer", "risk customer")
    assert [crm.glossary.term(t).chinese for t in terms] == ["战略客户", "主要客户", "交易客户", "风险客户"]
    risk = crm.glossary.term("risk customer")
    assert "小客户" not in risk.chinese and "not the same as a small customer" in risk.definition.lower()
    assert "bad debt" in risk.definition and "坏账" in risk.definition_zh
    small = crm.glossary.term("小客户")
    assert small.term == "small customer" and "not the same as a risk customer" in small.definition


def test_knox_and_brandt_use_the_decks_labels():
    # deck 003's labels, the same as crm.typologies.knox returns
    assert [crm.glossary.term(zh).term for zh in ("忠诚者", "习惯性购买者", "多品牌购买者", "品牌改换者")] == [
        "loyals", "habitual buyers", "multi-brand buyers", "brand switchers"]
    assert "number of brands" in crm.glossary.term("loyalty diamond").definition
    assert crm.glossary.term("满意的客户").term == "satisfied customer"


def test_3r_is_reichheld_and_sasser_and_belonging_is_the_wish_to_stay():
    assert "Reichheld & Sasser 1990" in crm.glossary.term("3R").definition
    assert "Schultz" not in crm.glossary.term("3R").definition
    assert "long-term relationship" in crm.glossary.term("归属感").definition
