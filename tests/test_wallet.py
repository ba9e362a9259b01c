"""Share of wallet: our spend in a window, divided by the customer's total category spend."""
from __future__ import annotations

import datetime

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crm_lessons as crm
from crm_lessons import wallet as W


@pytest.fixture()
def orders():
    return pd.DataFrame({"customer_id": ["A", "A", "A", "B", "C"],
                         "order_date": ["2023-01-01", "2023-06-30", "2024-01-01", "2023-12-31", "2022-12-31"],
                         "amount": [100.0, 50.0, 999.0, 30.0, 70.0]})


def test_spend_window_excludes_as_of_and_older_orders(orders):
    # window [2023-01-01, 2024-01-01): A's 2024-01-01 order is out, C's 2022 order is out
    spend = W.spend_in_window(orders, as_of="2024-01-01")
    assert spend.to_dict() == {"A": 150.0, "B": 30.0}
    assert spend.name == "our_spend" and spend.index.name == "customer_id"
    assert W.spend_in_window(orders, as_of=datetime.date(2024, 1, 1), days=1).to_dict() == {"B": 30.0}
    assert W.spend_in_window(orders, as_of=pd.Timestamp("2030-01-01")).empty


def test_share_of_wallet_from_orders_hand_worked(orders):
    survey = pd.DataFrame({"customer_id": ["B", "A", "D"], "category_spend_year": [60, 600, 200]})
    sow = W.share_of_wallet(survey, orders, as_of="2024-01-01")
    assert list(sow.index) == ["B", "A", "D"]                    # the order of the data is kept
    assert sow["our_spend"].tolist() == [30.0, 150.0, 0.0]      # D never ordered: 0, not dropped
    assert sow["share_of_wallet"].tolist() == [0.5, 0.25, 0.0]
    assert "capped" not in sow.columns


def test_share_of_wallet_from_a_column():
    data = pd.DataFrame({"id": ["x", "y"], "ours": [10.0, 45.0], "total": [40.0, 50.0]})
    sow = W.share_of_wallet(data, customer="id", our_spend="ours", total_spend="total")
    assert sow["share_of_wallet"].tolist() == [0.25, 0.9]


def test_cap_marks_customers_who_spent_more_than_they_stated():
    data = pd.DataFrame({"customer_id": ["x", "y"], "our_spend": [80.0, 10.0], "category_spend_year": [50, 40]})
    with pytest.raises(ValueError, match=r"1 customer\(s\) spent more with us than their stated total .*\['x'\]"):
        W.share_of_wallet(data)
    sow = W.share_of_wallet(data, cap=True)
    assert sow["share_of_wallet"].tolist() == [1.0, 0.25]
    assert sow["capped"].tolist() == [True, False]


def test_wallet_summary_pools_market_share_and_averages_shares():
    sow = pd.DataFrame({"our_spend": [90.0, 10.0, 0.0], "total_spend": [100.0, 1000.0, 100.0],
                        "share_of_wallet": [0.9, 0.01, 0.0]})
    summary = W.wallet_summary(sow)
    assert summary["market_share"] == pytest.approx(100 / 1200)
    assert summary["mean_share_of_wallet"] == pytest.approx(0.91 / 3)
    assert summary["median_share_of_wallet"] == pytest.approx(0.01)
    assert summary["customers"] == 3


def test_bundled_survey_matches_the_order_history():
    survey = crm.datasets.load("survey")
    orders = crm.datasets.load("orders")
    sow = W.share_of_wallet(survey, orders, as_of=survey["survey_date"].max())
    assert len(sow) == len(survey)
    # independent: sum the orders of one respondent in the year before the survey by hand
    cid = sow["our_spend"].idxmax()
    mine = orders[(orders["customer_id"] == cid) & (orders["order_date"] >= "2023-01-15")
                  & (orders["order_date"] < "2024-01-15")]
    assert sow.at[cid, "our_spend"] == pytest.approx(mine["amount"].sum())
    assert sow["share_of_wallet"].between(0, 1).all()
    summary = W.wallet_summary(sow)
    assert 0 < summary["market_share"] < 1
    assert summary["market_share"] == pytest.approx(sow["our_spend"].sum() / survey["category_spend_year"].sum())


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 1e4), st.floats(1, 1e4)), min_size=1, max_size=30))
def test_share_is_ours_over_total_and_within_0_1(pairs):
    data = pd.DataFrame({"customer_id": [f"c{i}" for i in range(len(pairs))],
                         "our_spend": [min(o, t) for o, t in pairs], "category_spend_year": [t for _, t in pairs]})
    sow = W.share_of_wallet(data)
    assert np.allclose(sow["share_of_wallet"], sow["our_spend"] / sow["total_spend"])
    assert sow["share_of_wallet"].between(0, 1).all()
    summary = W.wallet_summary(sow)
    assert summary["market_share"] <= sow["share_of_wallet"].max() + 1e-12


@pytest.mark.parametrize("data, kwargs, error, message", [
    (..., {}, TypeError, "data is still `...`"),
    (pd.DataFrame({"customer_id": ["a"]}), {}, ValueError, "data has no column for total_spend='category_spend_year'"),
    (pd.DataFrame({"customer_id": ["a"], "category_spend_year": [10]}), {}, ValueError,
     "data has no column for our_spend='our_spend'"),
    (pd.DataFrame({"customer_id": ["a", "a"], "category_spend_year": [10, 20], "our_spend": [1.0, 2.0]}), {},
     ValueError, r"must list each customer once; repeated: \['a'\]"),
    (pd.DataFrame({"customer_id": ["a"], "category_spend_year": [0], "our_spend": [0.0]}), {}, ValueError,
     "must be above 0 for every customer"),
    (pd.DataFrame({"customer_id": ["a"], "category_spend_year": ["lots"], "our_spend": [1.0]}), {}, TypeError,
     "Column 'category_spend_year' of data must be numeric"),
    (pd.DataFrame({"customer_id": ["a"], "category_spend_year": [10], "our_spend": [-1.0]}), {}, ValueError,
     "Column 'our_spend' of data has 1 negative value"),
    (pd.DataFrame({"customer_id": ["a"], "category_spend_year": [10], "our_spend": [1.0]}), {"cap": "no"},
     TypeError, "cap must be True or False"),
    (pd.DataFrame({"customer_id": ["a"], "category_spend_year": [10], "our_spend": [1.0]}),
     {"as_of": "2024-01-01"}, ValueError, "as_of is only used with orders"),
])
def test_share_of_wallet_rejects_bad_input(data, kwargs, error, message):
    with pytest.raises(error, match=message):
        W.share_of_wallet(data, **kwargs)


def test_order_window_rejects_bad_input(orders):
    survey = pd.DataFrame({"customer_id": ["A"], "category_spend_year": [100]})
    with pytest.raises(ValueError, match="as_of is required with orders"):
        W.share_of_wallet(survey, orders)
    with pytest.raises(TypeError, match="as_of must be a date such as '2024-01-15', got int"):
        W.spend_in_window(orders, as_of=2024)
    with pytest.raises(ValueError, match="as_of must be a date such as '2024-01-15', got 'soon'"):
        W.spend_in_window(orders, as_of="soon")
    with pytest.raises(ValueError, match="days must be at least 1, got 0"):
        W.spend_in_window(orders, as_of="2024-01-01", days=0)
    with pytest.raises(TypeError, match="days must be a whole number of days, got float"):
        W.spend_in_window(orders, as_of="2024-01-01", days=30.5)
    with pytest.raises(ValueError, match="Column 'order_date' of orders has 1 value"):
        W.spend_in_window(orders.assign(order_date=["2023-01-01", "x", "2023-01-01", "2023-01-01", "2023-01-01"]),
                          as_of="2024-01-01")
    with pytest.raises(ValueError, match="orders has no column for amount='amount'"):
        W.spend_in_window(orders.drop(columns="amount"), as_of="2024-01-01")


def test_share_of_wallet_chart_counts_the_growth_quadrant():
    import matplotlib.pyplot as plt

    sow = pd.DataFrame({"total_spend": [100.0, 900.0, 400.0, 2000.0], "share_of_wallet": [0.5, 0.1, 0.3, 0.6]})
    # medians: total 650, share 0.4 -> only the 900 / 0.1 customer has a big wallet and a small share
    ax = crm.plots.share_of_wallet_chart(sow)
    assert " ".join(ax.get_title().split()) == "1 of 4 customers spend a lot in the category but little with us"
    assert ax.get_xscale() == "log"
    with pytest.raises(ValueError, match=r"sow has no column\(s\) 'share_of_wallet'"):
        crm.plots.share_of_wallet_chart(sow.drop(columns="share_of_wallet"))
    plt.close("all")
