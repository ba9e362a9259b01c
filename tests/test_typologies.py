"""Loyalty typologies: one function per typology, each with its source's labels (deck 003 where it has them)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm_lessons import segments, typologies
from crm_lessons.typologies import (
    BRANDT_TYPES,
    TYPOLOGIES,
    dick_basu,
    jones_sasser,
    knox,
    reinartz_kumar,
)

# --- quadrant typologies --------------------------------------------------------------------------------------------

def test_typologies_hand_worked():
    d = pd.DataFrame({"relative_attitude": [6, 6, 2, 2, 4], "repeat_patronage": [8, 1, 8, 1, 3]},
                     index=list("ABCDE"))
    out = dick_basu(d, attitude_cut=4, patronage_cut=3)
    assert out["type"].tolist() == ["Loyalty", "Latent loyalty", "Spurious loyalty", "No loyalty", "Loyalty"]
    assert out.index.equals(d.index)
    assert out.attrs["typology"] == {"name": "dick_basu", "x": "repeat_patronage", "y": "relative_attitude",
                                     "x_cut": 3.0, "y_cut": 4.0}
    median = dick_basu(d)                       # medians: attitude 4, patronage 3 -> the same split
    assert median["type"].tolist() == out["type"].tolist()

    # Knox as deck 003 draws it: involvement (投入程度) x number of brands bought (购买品牌的数量)
    k = pd.DataFrame({"inv": [6, 2, 6, 2, 4], "brands": [1, 2, 3, 6, 3]})
    out = knox(k, involvement="inv", brands="brands", involvement_cut=4, brands_cut=3)
    assert out["type"].tolist() == ["Loyals", "Habitual buyers", "Multi-brand buyers", "Brand switchers",
                                    "Multi-brand buyers"]     # 3 brands and involvement 4: at the cuts, high
    assert out.attrs["typology"]["x"] == "brands" and out.attrs["typology"]["y"] == "inv"
    r = pd.DataFrame({"margin": [900.0, 40.0, 800.0, 30.0], "days": [700, 650, 60, 30]})
    assert reinartz_kumar(r, profit="margin", duration="days")["type"].tolist() == [
        "True friends", "Barnacles", "Butterflies", "Strangers"]


def test_jones_sasser_needs_both_intentions_and_uses_their_names():
    d = pd.DataFrame({"sat": [6.0, 6.0, 6.0, 3.0, 3.0, 5.0],
                      "recommendation": [7, 4, 6, 6, 3, 5],
                      "repurchase": [6, 7, 4, 5, 2, 5]})
    out = jones_sasser(d, satisfaction="sat")
    assert out["type"].tolist() == ["Loyalists", "Mercenaries", "Mercenaries", "Hostages", "Defectors", "Loyalists"]
    assert out["commitment"].tolist() == [6, 4, 4, 5, 2, 5]
    assert jones_sasser(d, satisfaction="sat", satisfied_at=6.5)["type"].tolist()[0] == "Hostages"


def test_typology_tables_are_complete():
    for name, table in TYPOLOGIES.items():
        assert len(table) == 4 and table["type"].is_unique, name
        assert set(zip(table["x_high"], table["y_high"])) == {(True, True), (True, False), (False, True),
                                                              (False, False)}, name
        assert table["strategy"].str.len().gt(20).all(), name


def test_typologies_bad_input():
    d = pd.DataFrame({"relative_attitude": [6, 2], "repeat_patronage": [1, np.nan]})
    with pytest.raises(ValueError, match=r"Column 'repeat_patronage' of data \(patronage=\) has 1 missing"):
        dick_basu(d)
    with pytest.raises(ValueError,
                       match=r"data has no column for brands='brands_bought', involvement='involvement'"):
        knox(d)
    with pytest.raises(TypeError, match=r"Column 'relative_attitude' of data \(profit=\) must be numeric"):
        reinartz_kumar(d.fillna(0).assign(relative_attitude=["a", "b"]), profit="relative_attitude",
                       duration="repeat_patronage")
    with pytest.raises(TypeError, match="attitude_cut must be a number"):
        dick_basu(d.fillna(0), attitude_cut="high")
    with pytest.raises(TypeError, match="data is still `...`"):
        jones_sasser(...)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 10, allow_nan=False), st.floats(0, 10, allow_nan=False)), min_size=1,
                max_size=40))
def test_typology_quadrants_match_the_cuts(rows):
    d = pd.DataFrame(rows, columns=["profit", "duration"])
    out = reinartz_kumar(d)
    cuts = out.attrs["typology"]
    table = TYPOLOGIES["reinartz_kumar"].set_index("type")
    for (_, row), kind in zip(d.iterrows(), out["type"]):
        assert table.loc[kind, "x_high"] == (row["duration"] >= cuts["x_cut"])
        assert table.loc[kind, "y_high"] == (row["profit"] >= cuts["y_cut"])
    assert out["type"].value_counts().sum() == len(d)


def test_each_typology_has_one_function_and_one_set_of_labels():
    # deck 003: 忠诚者 / 习惯性购买者 / 多品牌购买者 / 品牌改换者 and 安全的 / 满意的 / 脆弱的 / 不满意的客户
    assert TYPOLOGIES["knox"]["type"].tolist() == ["Loyals", "Habitual buyers", "Multi-brand buyers",
                                                   "Brand switchers"]
    assert BRANDT_TYPES["type"].tolist() == ["Secure", "Satisfied", "Vulnerable", "Dissatisfied"]
    assert not {"KNOX_DECK_LABELS", "JONES_SASSER_NAMES", "satisfaction_split"} & set(dir(typologies))
    assert not {"dick_basu", "knox", "reinartz_kumar", "TYPOLOGIES"} & set(dir(segments))


def test_every_label_has_the_decks_chinese_name():
    from crm_lessons import i18n

    labels = [t for table in TYPOLOGIES.values() for t in table["type"]] + BRANDT_TYPES["type"].tolist()
    i18n.set_language("zh")
    try:
        names = dict(zip(labels, i18n.data_names(labels)))
    finally:
        i18n.set_language("en")
    assert all(names[label] != label for label in labels), [k for k, v in names.items() if k == v]
    assert [names[t] for t in TYPOLOGIES["knox"]["type"]] == ["忠诚者", "习惯性购买者", "多品牌购买者", "品牌改换者"]
    assert [names[t] for t in BRANDT_TYPES["type"]] == ["安全的客户", "满意的客户", "脆弱的客户", "不满意的客户"]
    assert [names[t] for t in TYPOLOGIES["reinartz_kumar"]["type"]] == ["真正的朋友", "花蝴蝶", "藤壶", "陌生人"]


def test_typology_chart_shows_knoxs_axes_as_the_deck_draws_them():
    import matplotlib.pyplot as plt

    from crm_lessons import i18n, plots

    typed = knox(pd.DataFrame({"involvement": [6, 2, 6, 2], "brands_bought": [1, 1, 5, 5]}),
                 involvement_cut=4, brands_cut=3)
    ax = plots.typology_chart(typed, title="t", xlabel="Brands bought", ylabel="Involvement")
    # few brands on the left, high involvement at the top: loyals top left, brand switchers bottom right
    where = {text.get_text().split("\n")[0]: text.get_position() for text in ax.texts}
    assert where == {"Loyals": (0, 1), "Multi-brand buyers": (1, 1), "Habitual buyers": (0, 0),
                     "Brand switchers": (1, 0)}
    i18n.set_language("zh")
    try:
        ax = plots.typology_chart(typed, title="t", xlabel="x", ylabel="y")
        assert sorted(text.get_text().split("\n")[0] for text in ax.texts) == sorted(
            ["忠诚者", "习惯性购买者", "多品牌购买者", "品牌改换者"])
    finally:
        i18n.set_language("en")
        plt.close("all")


# --- Brandt and profit net of the cost to serve ------------------------------------------------------------

def test_brandt_types_follow_the_decks_three_criteria():
    answers = pd.DataFrame({
        "satisfaction":   [7, 6, 5, 5, 4, 2, 6, 3],
        "recommendation": [6, 5, 5, 5, 4, 3, 6, 6],
        "repurchase":     [5, 7, 5, 4, 4, 1, 4, 2],
    })
    got = typologies.brandt_split(answers)["type"].tolist()
    # 1: very satisfied, definitely recommends, keeps buying -> secure
    # 2: very satisfied but only "probably" recommends -> satisfied (does keep buying)
    # 4: satisfied but unsure about buying again -> vulnerable (the deck: satisfied customers DO keep buying)
    # 7: very satisfied and recommends, but unsure about buying again -> vulnerable, not secure
    # 8: dissatisfied, won't buy, yet would recommend -> mixed signals, vulnerable
    assert got == ["Secure", "Satisfied", "Satisfied", "Vulnerable", "Vulnerable", "Dissatisfied",
                   "Vulnerable", "Vulnerable"]


def test_brandt_refuses_missing_answers_and_bad_thresholds():
    with pytest.raises(ValueError, match="missing value"):
        typologies.brandt_split(pd.DataFrame({"satisfaction": [5, None], "recommendation": [5, 5],
                                              "repurchase": [5, 5]}))
    with pytest.raises(ValueError, match="unsure <= basic <= very"):
        typologies.brandt_split(pd.DataFrame({"satisfaction": [5], "recommendation": [5], "repurchase": [5]}),
                                very=4, basic=5)
    with pytest.raises(ValueError, match="repurchase"):
        typologies.brandt_split(pd.DataFrame({"satisfaction": [5], "recommendation": [5]}))


def test_net_profit_subtracts_order_and_ticket_costs():
    orders = pd.DataFrame({"customer_id": ["A", "A", "A", "B"], "margin": [4.0, 4.0, 4.0, 50.0],
                           "order_date": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01", "2024-01-15"])})
    table = typologies.net_relationship_profit(orders, order_cost=3, ticket_cost=10,
                                               tickets_per_customer=pd.Series({"A": 1, "Z": 4}))
    assert table.loc["A", "cost_to_serve"] == 3 * 3 + 10
    assert table.loc["A", "profit"] == 12 - 19          # many small orders and a complaint: a loss
    assert table.loc["B", "profit"] == 47
    assert table.loc["A", "duration"] == 60


@pytest.mark.parametrize("bad", [-1, "3", None, True])
def test_net_profit_refuses_bad_costs(bad):
    orders = pd.DataFrame({"customer_id": ["A"], "margin": [4.0], "order_date": pd.to_datetime(["2024-01-01"])})
    with pytest.raises(ValueError, match="order_cost"):
        typologies.net_relationship_profit(orders, order_cost=bad)


def test_net_profit_refuses_tickets_that_are_not_a_series():
    orders = pd.DataFrame({"customer_id": ["A"], "margin": [4.0], "order_date": pd.to_datetime(["2024-01-01"])})
    with pytest.raises(TypeError, match="tickets_per_customer"):
        typologies.net_relationship_profit(orders, order_cost=1, tickets_per_customer={"A": 1})

