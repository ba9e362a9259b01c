"""crm.lifecycle: the course deck's lifecycle table, as the deck gives it."""
from __future__ import annotations

import math

import pytest

import crm_lessons as crm
from crm_lessons import lifecycle


def test_stage_names_and_loyalty_forms_are_the_decks():
    # course_decks/000, 生命周期不同阶段的忠诚形式与客户行为意向强度
    table = lifecycle.stage_table()
    assert table["chinese"].tolist() == ["识别期", "发展期", "稳定期", "衰退期"]
    assert table["loyalty_form_chinese"].tolist()[:3] == ["满意、信任", "行为忠诚", "精神忠诚、可持续忠诚"]
    assert table.index.tolist() == crm.loyalty.STAGES          # the survey's stage labels


def test_intention_strengths_are_the_decks_word_for_word():
    table = lifecycle.stage_table()
    deck = {"identification": ["一般", "小", "无", "无"],
            "development": ["较强", "一般", "弱", "无或弱"],
            "stability": ["强", "强", "强", "强"]}
    for stage, words in deck.items():
        got = [str(cell).split(" (")[0] for cell in table.loc[stage, lifecycle.INTENTIONS]]
        assert got == words, stage
    # the deck gives no strengths for decline: nothing is invented
    assert table.loc["decline", lifecycle.INTENTIONS].isna().all()
    assert lifecycle.stage_table(numeric=True).loc["decline", lifecycle.INTENTIONS].isna().all()


def test_numeric_levels_keep_the_decks_order_and_the_survey_agrees():
    numeric = lifecycle.stage_table(numeric=True)
    assert numeric.loc["development", "recommendation"] == 0.5
    assert numeric.loc["identification", "cross_buying"] == 0
    measured = crm.loyalty.intentions_by_stage(crm.datasets.load("survey"))
    for intention in lifecycle.INTENTIONS:
        ranked = numeric[intention].dropna().sort_values().index.tolist()
        assert measured.loc[ranked, intention].is_monotonic_increasing, intention


def test_bad_numeric_flag_is_named():
    with pytest.raises(TypeError, match="numeric must be True or False, got str"):
        lifecycle.stage_table(numeric="yes")


def test_theory_chart_skips_the_stage_without_strengths():
    import matplotlib.pyplot as plt

    numeric = lifecycle.stage_table(numeric=True)
    means = crm.loyalty.intentions_by_stage(crm.datasets.load("survey"))
    names = {0.0: "none", 0.5: "none or weak", 1.0: "weak / small", 2.0: "moderate", 3.0: "fairly strong",
             4.0: "strong"}
    ax = crm.plots.theory_vs_measured_chart(numeric, means, level_names=names)
    points = sum(len(c.get_offsets()) for c in ax.collections)
    assert points == 3 * 4                                   # three stages with strengths, four intentions
    assert [t.get_text() for t in ax.get_xticklabels()] == ["none", "none or weak", "weak / small", "moderate",
                                                            "fairly strong", "strong"]
    assert not any(math.isnan(y) for c in ax.collections for _, y in c.get_offsets())
    plt.close("all")
