"""Brandt's typology as the deck states it, Knox's deck labels, profit net of the cost to serve."""
from __future__ import annotations

import pandas as pd
import pytest

from crm_lessons import segments, typologies


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


def test_deck_label_maps_cover_every_type_the_quadrant_functions_return():
    assert set(typologies.KNOX_DECK_LABELS) == set(segments.TYPOLOGIES["knox"]["type"])
    assert set(typologies.JONES_SASSER_NAMES) == set(segments.TYPOLOGIES["satisfaction"]["type"])
    assert typologies.KNOX_DECK_LABELS["Variety seekers"] == "Multi-brand buyers"   # deck 003: 多品牌购买者


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
