"""Campaign effects against a control group: holdout construction, uplift, control-group sizing, break-even."""
from __future__ import annotations

import pandas as pd
import pytest

import crm_lessons as crm
from crm_lessons import uplift


def _toy():
    orders = pd.DataFrame({
        "customer_id": ["A", "A", "B", "C", "D"],
        "order_date": pd.to_datetime(["2024-03-01", "2024-04-05", "2023-01-01", "2024-04-10", "2024-04-02"]),
        "margin": [5.0, 7.0, 3.0, 9.0, 2.0],
    })
    customers = pd.DataFrame({"customer_id": ["A", "B", "C", "D", "E"],
                              "acquisition_date": ["2022-01-01", "2022-06-01", "2024-02-01", "2024-03-30",
                                                   "2022-01-01"]})
    return orders, customers


def test_holdout_groups_outcomes_and_eligibility():
    orders, customers = _toy()
    holdout = uplift.campaign_holdout(orders, customers, pd.DataFrame({"customer_id": ["A", "B"]}))
    assert "D" not in holdout.index                  # acquired 2 days before: not eligible
    assert holdout["contacted"].to_dict() == {"A": True, "B": True, "C": False, "E": False}
    # A bought 31 days before (active), B last in 2023 (lapsed), C joined 60 days before (new), E never bought
    assert holdout["group"].to_dict() == {"A": "active", "B": "lapsed", "C": "new", "E": "lapsed"}
    assert holdout["ordered"].to_dict() == {"A": True, "B": False, "C": True, "E": False}
    assert holdout.loc["A", "margin"] == 7.0         # only the order inside the 28-day window


def test_uplift_is_contacted_minus_control():
    holdout = pd.DataFrame({"contacted": [True] * 4 + [False] * 4,
                            "ordered": [True, True, True, False, True, False, False, False],
                            "margin": [10.0, 10.0, 10.0, 0.0, 10.0, 0.0, 0.0, 0.0]})
    row = uplift.uplift_table(holdout, by=None).loc["all"]
    assert row["rate_contacted"] == 0.75 and row["rate_control"] == 0.25
    assert row["uplift"] == pytest.approx(0.5)
    assert row["margin_uplift"] == pytest.approx(7.5 - 2.5)
    assert row["uplift_se"] == pytest.approx((0.75 * 0.25 / 4 + 0.25 * 0.75 / 4) ** 0.5)


def test_uplift_needs_both_groups():
    holdout = pd.DataFrame({"contacted": [True, True], "ordered": [True, False], "margin": [1.0, 0.0]})
    with pytest.raises(ValueError, match="both contacted and control"):
        uplift.uplift_table(holdout, by=None)


def test_bundled_campaign_left_a_two_percent_control_group():
    holdout = uplift.campaign_holdout(crm.datasets.load("orders"), crm.datasets.load("customers"),
                                      crm.datasets.load("campaign"))
    # the campaign file (datasets/campaign.csv) lists 2,800 contacted customers
    assert int(holdout["contacted"].sum()) == 2800
    assert 0.01 < 1 - holdout["contacted"].mean() < 0.03


def test_margin_of_error_shrinks_with_a_larger_control_group_and_refuses_percentages():
    small, large = (uplift.uplift_margin_of_error(3000, s, 0.2) for s in (0.02, 0.25))
    assert small > 2 * large
    # 1.96 * sqrt(0.2 * 0.8 * (1/1500 + 1/1500)) = 0.02862
    assert uplift.uplift_margin_of_error(3000, 0.5, 0.2) == pytest.approx(0.02862, abs=1e-5)
    with pytest.raises(ValueError, match="fraction"):
        uplift.uplift_margin_of_error(3000, 25, 0.2)
    with pytest.raises(ValueError, match="empty group"):
        uplift.uplift_margin_of_error(10, 0.01, 0.2)


def test_break_even_save_rate_zeroes_the_plans_profit():
    plan = pd.DataFrame({"churn_prob": [0.5, 0.2, 0.9], "value": [100.0, 300.0, 5.0],
                         "contact": [True, True, False]})
    s = uplift.break_even_save_rate(plan, contact_cost=1.2, offer_value=10)
    chosen = plan[plan["contact"]]
    p, v = chosen["churn_prob"], chosen["value"]
    profit = (s * p * v - 1.2 - 10 * (1 - p + s * p)).sum()
    assert profit == pytest.approx(0, abs=1e-9)
    with pytest.raises(ValueError, match="contacts nobody"):
        uplift.break_even_save_rate(plan.assign(contact=False), contact_cost=1.2, offer_value=10)
