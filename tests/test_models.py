"""Tests for crm_lessons.models: churn labels and features, gains, targeting, cross-selling, drivers."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crm_lessons as crm
from crm_lessons import models

OBS = ("2023-07-01", "2024-06-30")
OUT = ("2024-07-01", "2024-12-31")


# --------------------------------------------------------------------------------------------
# gains_table
# --------------------------------------------------------------------------------------------
def test_gains_table_hand_worked_example():
    # 8 customers, 3 events; sorted by score the labels read 1 1 | 0 1 | 0 0 | 0 0.
    y = [1, 1, 0, 1, 0, 0, 0, 0]
    s = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2]
    g = models.gains_table(y, s, bins=4)
    assert g["customers"].tolist() == [2, 2, 2, 2]
    assert g["events"].tolist() == [2, 1, 0, 0]
    assert g["event_rate"].tolist() == [1.0, 0.5, 0.0, 0.0]
    # overall rate 3/8: lift = rate / (3/8)
    assert g["lift"].tolist() == pytest.approx([8 / 3, 4 / 3, 0, 0])
    assert g["cum_event_share"].tolist() == pytest.approx([2 / 3, 1, 1, 1])
    assert g["cum_customer_share"].tolist() == pytest.approx([0.25, 0.5, 0.75, 1.0])
    assert g["cum_lift"].tolist() == pytest.approx([8 / 3, 2, 4 / 3, 1])
    assert g["max_score"].tolist() == [0.9, 0.7, 0.5, 0.3]


def test_gains_table_does_not_depend_on_row_order():
    rng = np.random.default_rng(3)
    y = rng.integers(0, 2, 500)
    s = rng.random(500)
    perm = rng.permutation(500)
    pd.testing.assert_frame_equal(models.gains_table(y, s), models.gains_table(y[perm], s[perm]))


def test_gains_table_keeps_tied_scores_together():
    # four customers tie at the top: they all go to group 1, the two zeros start at position 4 -> group 3
    g = models.gains_table([1, 0, 1, 0, 1, 0], [1, 1, 1, 1, 0, 0], bins=3)
    assert g.index.tolist() == [1, 3]
    assert g["customers"].tolist() == [4, 2]
    assert g["events"].tolist() == [2, 1]


def test_gains_table_aligns_series_by_customer():
    y = pd.Series([1, 0, 0, 0], index=["a", "b", "c", "d"])
    s = pd.Series([0.1, 0.2, 0.3, 0.9], index=["d", "c", "b", "a"])   # a has the highest score
    g = models.gains_table(y, s, bins=2)
    assert g["events"].tolist() == [1, 0]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.floats(-1e6, 1e6, allow_nan=False)), min_size=2, max_size=300),
       st.integers(2, 12))
def test_gains_cumulative_shares_end_at_100_percent(pairs, bins):
    y = [int(a) for a, _ in pairs]
    s = [b for _, b in pairs]
    if sum(y) == 0 or bins > len(y):
        return
    g = models.gains_table(y, s, bins=bins)
    assert g["cum_event_share"].iloc[-1] == pytest.approx(1.0)
    assert g["cum_customer_share"].iloc[-1] == pytest.approx(1.0)
    assert g["customers"].sum() == len(y) and g["events"].sum() == sum(y)
    assert (np.diff(g["cum_event_share"]) >= -1e-12).all()
    assert g.index.is_monotonic_increasing and g.index.min() == 1 and g.index.max() <= bins


@settings(max_examples=5, deadline=None)
@given(st.integers(0, 2**31 - 1), st.floats(0.05, 0.6))
def test_lift_of_a_random_score_is_about_one(seed, rate):
    rng = np.random.default_rng(seed)
    n = 200_000
    y = (rng.random(n) < rate).astype(int)
    g = models.gains_table(y, rng.random(n), bins=10)
    # each decile holds 20,000 customers: the sd of its lift is below 0.02 for these rates
    assert np.abs(g["lift"] - 1).max() < 0.1
    assert np.abs(g["cum_lift"] - 1).max() < 0.1


def test_gains_table_of_a_perfect_score():
    y = np.r_[np.ones(20), np.zeros(80)]
    g = models.gains_table(y, -np.arange(100), bins=10)
    assert g["lift"].tolist()[:2] == [5.0, 5.0] and g["lift"].iloc[2:].eq(0).all()


@pytest.mark.parametrize("y, s, kwargs, error, match", [
    ([0, 1, 1], [0.1, 0.2], {}, ValueError, "same length"),
    ([0, 1, 2], [0.1, 0.2, 0.3], {}, ValueError, "only 0/1"),
    (["yes", "no"], [0.1, 0.2], {}, ValueError, "only 0/1"),
    ([0, 0, 0], [0.1, 0.2, 0.3], {"bins": 2}, ValueError, "no 1s"),
    ([0, 1, 1], [0.1, np.nan, 0.3], {"bins": 2}, ValueError, "missing or infinite"),
    ([0, 1, 1], [0.1, 0.2, 0.3], {"bins": 1}, ValueError, "bins must be between 2"),
    ([0, 1, 1], [0.1, 0.2, 0.3], {"bins": 4}, ValueError, "bins must be between 2"),
    ([0, 1, 1], [0.1, 0.2, 0.3], {"bins": 2.0}, TypeError, "bins must be a whole number"),
    (..., [0.1], {}, TypeError, "still `...`"),
    ([0, 1], ..., {}, TypeError, "still `...`"),
    ([0, 1], ["a", "b"], {}, TypeError, "numbers"),
])
def test_gains_table_rejects_bad_input(y, s, kwargs, error, match):
    with pytest.raises(error, match=match):
        models.gains_table(y, s, **kwargs)


def test_gains_table_rejects_series_about_different_customers():
    with pytest.raises(ValueError, match="different customers"):
        models.gains_table(pd.Series([0, 1], index=["a", "b"]), pd.Series([0.1, 0.2], index=["a", "c"]))


# --------------------------------------------------------------------------------------------
# churn_labels
# --------------------------------------------------------------------------------------------
def _tx():
    return pd.DataFrame({
        "customer_id": ["A", "A", "A", "B", "C", "D", "D"],
        "order_id": [1, 2, 2, 3, 4, 5, 6],          # order 2 has two lines
        "order_date": ["2024-01-05", "2024-03-01", "2024-03-01", "2024-02-10", "2024-07-15", "2023-12-01",
                       "2024-08-20"],
        "amount": [10.0, 20.0, 5.0, 7.0, 30.0, 12.0, 9.0],
    })


def test_churn_labels_hand_worked_example():
    labels = models.churn_labels(_tx(), ("2024-01-01", "2024-06-30"), ("2024-07-01", "2024-08-20"))
    # A ordered twice (3 lines) in the observation window, never after: churned.
    # B once, nothing after: churned.  C and D did not order in the observation window: excluded.
    assert labels.index.tolist() == ["A", "B"]
    assert labels["orders_observation"].tolist() == [2, 1]
    assert labels["churned"].tolist() == [1, 1]
    assert labels.attrs["excluded"] == 2


def test_churn_labels_retained_customer_and_row_counting():
    tx = _tx()
    tx.loc[len(tx)] = ["B", 7, "2024-08-01", 3.0]
    labels = models.churn_labels(tx, ("2024-01-01", "2024-06-30"), ("2024-07-01", "2024-08-20"))
    assert labels.loc["B", "churned"] == 0 and labels.loc["B", "orders_outcome"] == 1
    rows = models.churn_labels(tx, ("2024-01-01", "2024-06-30"), ("2024-07-01", "2024-08-20"), order=None)
    assert rows.loc["A", "orders_observation"] == 3      # counts rows when there is no order id


@pytest.mark.parametrize("observation, outcome, match", [
    (("2024-01-01", "2024-06-30"), ("2024-06-30", "2024-08-20"), "overlap"),
    (("2024-01-01", "2024-06-30"), ("2024-03-01", "2024-08-20"), "leakage"),
    (("2024-01-01", "2024-06-30"), ("2024-07-01", "2024-12-31"), "after the last order"),
    (("2024-06-30", "2024-01-01"), ("2024-07-01", "2024-08-20"), "ends .* before it starts"),
    (("2024-01-01", "not a date"), ("2024-07-01", "2024-08-20"), "must be a date"),
    (("2025-01-01", "2025-06-30"), ("2025-07-01", "2025-07-02"), "after the last order"),
])
def test_churn_labels_rejects_bad_windows(observation, outcome, match):
    with pytest.raises(ValueError, match=match):
        models.churn_labels(_tx(), observation, outcome)


def test_churn_labels_rejects_bad_types_and_columns():
    with pytest.raises(TypeError, match="pair of dates"):
        models.churn_labels(_tx(), "2024-01-01", ("2024-07-01", "2024-08-20"))
    with pytest.raises(TypeError, match="DataFrame"):
        models.churn_labels(..., ("2024-01-01", "2024-06-30"), ("2024-07-01", "2024-08-20"))
    with pytest.raises(ValueError, match="customer='client'"):
        models.churn_labels(_tx(), ("2024-01-01", "2024-06-30"), ("2024-07-01", "2024-08-20"), customer="client")


# --------------------------------------------------------------------------------------------
# churn_features
# --------------------------------------------------------------------------------------------
def _customers():
    return pd.DataFrame({"customer_id": ["A", "B", "C", "D"],
                         "acquisition_date": ["2023-06-30", "2024-01-31", "2024-07-01", "2023-11-30"],
                         "email": ["a@x.example", "B@x.example", "c@x.example", "d@x.example"],
                         "region": ["North", "South", "North", "East"]})


def _tickets():
    return pd.DataFrame({
        "customer_email": [" A@X.example ", "a@x.example", "b@x.EXAMPLE", "zz@other.example", "a@x.example"],
        "opened_date": ["2024-02-01", "2024-06-01", "2024-03-01", "2024-03-02", "2024-07-10"],
        "resolved": [True, False, False, True, False],
    })


def _campaign():
    return pd.DataFrame({"customer_id": ["A", "B", "C"], "campaign_date": ["2024-04-01"] * 3,
                         "responded": [0, 1, 0]})


def test_churn_features_hand_worked_example():
    f = models.churn_features(_tx(), ("2024-01-01", "2024-06-30"), customers=_customers(), tickets=_tickets(),
                              campaign=_campaign(), attributes=["region"])
    assert f.index.tolist() == ["A", "B"]
    # A: last order 2024-03-01 -> 121 days to 2024-06-30; 2 orders; 10 + 20 + 5 yuan; acquired 366 days before.
    assert f.loc["A", ["recency", "frequency", "monetary", "tenure"]].tolist() == [121, 2, 35.0, 366]
    assert f.loc["B", ["recency", "frequency", "monetary", "tenure"]].tolist() == [141, 1, 7.0, 151]
    # tickets matched on trimmed, lower-case e-mail; the July ticket is after the window
    assert f.loc["A", ["tickets", "unresolved_tickets"]].tolist() == [2, 1]
    assert f.loc["B", ["tickets", "unresolved_tickets"]].tolist() == [1, 1]
    assert f.attrs["tickets_unmatched"] == 1
    assert f.loc["A", ["contacted", "responded"]].tolist() == [1, 0]
    assert f.loc["B", ["contacted", "responded"]].tolist() == [1, 1]
    assert f["region"].tolist() == ["North", "South"]


def test_churn_features_never_look_past_the_window():
    window = ("2024-01-01", "2024-06-30")
    base = models.churn_features(_tx(), window, customers=_customers(), tickets=_tickets(), campaign=_campaign())
    tx = pd.concat([_tx(), pd.DataFrame({"customer_id": ["A", "B"], "order_id": [90, 91],
                                         "order_date": ["2024-07-01", "2024-09-09"], "amount": [99.0, 99.0]})])
    tickets = pd.concat([_tickets(), pd.DataFrame({"customer_email": ["b@x.example"], "opened_date": ["2024-07-01"],
                                                   "resolved": [False]})])
    campaign = pd.concat([_campaign(), pd.DataFrame({"customer_id": ["A"], "campaign_date": ["2024-07-02"],
                                                     "responded": [1]})])
    later = models.churn_features(tx, window, customers=_customers(), tickets=tickets, campaign=campaign)
    pd.testing.assert_frame_equal(base, later)
    assert later.attrs["campaign_rows_outside"] == 1


def test_churn_features_tenure_without_customers_uses_first_order():
    f = models.churn_features(_tx(), ("2024-01-01", "2024-06-30"))
    assert f.loc["A", "tenure"] == 177      # first order 2024-01-05
    assert list(f.columns) == ["recency", "frequency", "monetary", "tenure"]


def test_churn_features_rejects_bad_input():
    window = ("2024-01-01", "2024-06-30")
    with pytest.raises(ValueError, match="customers is needed"):
        models.churn_features(_tx(), window, tickets=_tickets())
    with pytest.raises(ValueError, match="resolved='closed'"):
        models.churn_features(_tx(), window, customers=_customers(), tickets=_tickets(), resolved="closed")
    bad = _tickets().assign(resolved=["yes"] * 5)
    with pytest.raises(TypeError, match="True/False"):
        models.churn_features(_tx(), window, customers=_customers(), tickets=bad)
    with pytest.raises(ValueError, match="not in customers"):
        models.churn_features(_tx(), window, customers=_customers().iloc[1:], tickets=_tickets())
    with pytest.raises(ValueError, match="only 0/1"):
        models.churn_features(_tx(), window, campaign=_campaign().assign(responded=[0, 2, 1]))
    with pytest.raises(ValueError, match="No order"):
        models.churn_features(_tx(), ("2020-01-01", "2020-06-30"))


# --------------------------------------------------------------------------------------------
# Models and drivers on small synthetic data
# --------------------------------------------------------------------------------------------
def _synthetic(n=4000, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(0, 2, n)
    noise = rng.normal(0, 1, n)
    region = rng.choice(["North", "South"], n)
    y = (rng.random(n) < 1 / (1 + np.exp(-(-1 + 0.5 * x)))).astype(int)
    X = pd.DataFrame({"x": x, "noise": noise, "region": region}, index=[f"C{i}" for i in range(n)])
    return X, pd.Series(y, index=X.index, name="churned")


def test_logistic_drivers_recover_a_known_effect_per_unit():
    X, y = _synthetic(20_000)
    drivers = models.logistic_drivers(models.churn_pipeline(X).fit(X, y))
    assert drivers.index[0] == "x"
    # the data were made with log-odds 0.5 per unit of x
    assert drivers.loc["x", "odds_ratio_per_unit"] == pytest.approx(np.exp(0.5), rel=0.05)
    assert drivers.loc["x", "coefficient"] == pytest.approx(0.5 * X["x"].std(ddof=0), rel=0.05)
    assert np.isnan(drivers.loc["region_North", "odds_ratio_per_unit"])


def test_split_fit_score_and_permutation_drivers():
    X, y = _synthetic()
    X_train, X_test, y_train, y_test = models.split_customers(X, y, test_size=0.25, random_state=1)
    assert len(X_test) == 1000 and not set(X_train.index) & set(X_test.index)
    assert y_test.mean() == pytest.approx(y.mean(), abs=0.01)     # stratified
    again = models.split_customers(X, y, test_size=0.25, random_state=1)[1]
    assert again.index.equals(X_test.index)
    fitted = models.fit_churn_models(X_train, y_train)
    scores = models.model_scores(fitted, X_test, y_test)
    assert list(scores.index) == ["logistic regression", "random forest"]
    assert (scores["roc_auc"] > 0.7).all() and (scores["top_decile_lift"] > 1.5).all()
    drivers = models.permutation_drivers(fitted["random forest"], X_test, y_test, n_repeats=3)
    assert drivers.index[0] == "x" and drivers.loc["x", "importance"] > 10 * abs(drivers.loc["noise", "importance"])


def test_confusion_table_hand_worked():
    table = models.confusion_table([0, 0, 1, 1, 1], [0.1, 0.7, 0.4, 0.9, 0.6], threshold=0.5)
    assert table.loc["actual: stayed"].tolist() == [1, 1]
    assert table.loc["actual: churned"].tolist() == [1, 2]
    assert table.attrs["precision"] == pytest.approx(2 / 3)
    assert table.attrs["recall"] == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match="threshold"):
        models.confusion_table([0, 1], [0.1, 0.2], threshold=1.5)


def test_model_helpers_reject_bad_input():
    X, y = _synthetic(200)
    with pytest.raises(ValueError, match="same customers"):
        models.split_customers(X, y.iloc[:-1])
    with pytest.raises(ValueError, match="only one class"):
        models.split_customers(X, y * 0)
    with pytest.raises(ValueError, match="missing values"):
        models.churn_pipeline(X.assign(x=np.nan))
    with pytest.raises(ValueError, match="kind must be one of"):
        models.churn_pipeline(X, kind="svm")
    with pytest.raises(TypeError, match="random_state"):
        models.churn_pipeline(X, random_state="1")
    with pytest.raises(TypeError, match="logistic-regression pipeline"):
        models.logistic_drivers(models.churn_pipeline(X, "forest").fit(X, y))


# --------------------------------------------------------------------------------------------
# Targeting under a budget
# --------------------------------------------------------------------------------------------
def test_targeting_plan_hand_worked():
    p = pd.Series([0.8, 0.5, 0.1], index=["A", "B", "C"])
    plan = models.targeting_plan(p, 100.0, budget=20, contact_cost=1, offer_value=5, save_rate=0.5)
    # A: saves 0.4, cost 1 + 5 * (0.2 + 0.4) = 4, profit 40 - 4 = 36
    # B: saves 0.25, cost 1 + 5 * (0.5 + 0.25) = 4.75, profit 25 - 4.75 = 20.25
    # C: saves 0.05, cost 1 + 5 * (0.9 + 0.05) = 5.75, profit 5 - 5.75 = -0.75 -> not contacted
    assert plan.index.tolist() == ["A", "B", "C"]
    assert plan["expected_cost"].tolist() == pytest.approx([4, 4.75, 5.75])
    assert plan["expected_profit"].tolist() == pytest.approx([36, 20.25, -0.75])
    assert plan["contact"].tolist() == [True, True, False]
    total = models.targeting_summary(plan)
    assert total["contacts"] == 2 and total["expected_profit"] == pytest.approx(56.25)
    assert total["expected_saves"] == pytest.approx(0.65) and total["budget_left"] == pytest.approx(11.25)
    assert total["expected_retained_value"] == pytest.approx(65.0)


def test_targeting_plan_respects_the_budget_and_values_per_customer():
    p = pd.Series([0.8, 0.5, 0.1], index=["A", "B", "C"])
    plan = models.targeting_plan(p, 100.0, budget=5, contact_cost=1, offer_value=5, save_rate=0.5)
    assert plan["contact"].tolist() == [True, False, False]
    value = pd.Series({"C": 1000.0, "B": 10.0, "A": 10.0})
    ranked = models.targeting_plan(p, value, budget=100, contact_cost=1, offer_value=0, save_rate=0.5)
    assert ranked.index[0] == "C"      # 0.05 * 1000 = 50 beats 0.4 * 10 = 4


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0, 1), min_size=1, max_size=60), st.floats(0, 500), st.floats(0, 5), st.floats(0, 30),
       st.floats(0, 1))
def test_targeting_plan_properties(probs, budget, contact_cost, offer_value, save_rate):
    p = pd.Series(probs, index=[f"C{i}" for i in range(len(probs))])
    plan = models.targeting_plan(p, 200.0, budget=budget, contact_cost=contact_cost, offer_value=offer_value,
                                 save_rate=save_rate)
    chosen = plan[plan["contact"]]
    assert chosen["expected_cost"].sum() <= budget + 1e-6
    assert (chosen["expected_profit"] > 0).all()
    assert (np.diff(plan["expected_profit"]) <= 1e-12).all()
    # the contacted customers are a best-first prefix of the ranking
    assert plan["contact"].tolist() == sorted(plan["contact"].tolist(), reverse=True)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"budget": -1}, ValueError, "budget must be zero or more"),
    ({"contact_cost": "1"}, TypeError, "contact_cost must be a number"),
    ({"save_rate": 1.5}, ValueError, "save_rate"),
])
def test_targeting_plan_rejects_bad_input(kwargs, error, match):
    args = {"budget": 10, "contact_cost": 1, "offer_value": 5, **kwargs}
    with pytest.raises(error, match=match):
        models.targeting_plan(pd.Series([0.5], index=["A"]), 100.0, **args)


def test_targeting_plan_rejects_bad_probabilities_and_values():
    with pytest.raises(TypeError, match="churn_prob must be a Series"):
        models.targeting_plan([0.5], 1.0, budget=1, contact_cost=1, offer_value=1)
    with pytest.raises(ValueError, match="between 0 and 1"):
        models.targeting_plan(pd.Series([1.5]), 1.0, budget=1, contact_cost=1, offer_value=1)
    with pytest.raises(ValueError, match="same customers"):
        models.targeting_plan(pd.Series([0.5], index=["A"]), pd.Series([1.0], index=["B"]), budget=1,
                              contact_cost=1, offer_value=1)


# --------------------------------------------------------------------------------------------
# Cross-selling
# --------------------------------------------------------------------------------------------
def test_cross_sell_frame_hand_worked():
    orders = pd.DataFrame({"order_id": [1, 2, 3, 4], "customer_id": ["A", "B", "A", "B"],
                           "order_date": ["2024-01-05", "2024-02-01", "2024-08-01", "2024-08-02"],
                           "amount": [20.0, 5.0, 9.0, 4.0]})
    lines = pd.DataFrame({"order_id": [1, 1, 2, 3, 4], "category": ["Tea", "Tea", "Books", "Books", "Tea"]})
    frame = models.cross_sell_frame(lines, orders, "Books", ("2024-01-01", "2024-06-30"), ("2024-07-01", "2024-08-02"))
    assert frame.loc["A", ["Books", "Tea", "frequency", "buys_next"]].tolist() == [0, 2, 1, 1]
    assert frame.loc["B", ["Books", "Tea", "frequency", "buys_next"]].tolist() == [1, 0, 1, 0]
    with pytest.raises(ValueError, match="not a category"):
        models.cross_sell_frame(lines, orders, "Toys", ("2024-01-01", "2024-06-30"), ("2024-07-01", "2024-08-02"))
    with pytest.raises(ValueError, match="overlap"):
        models.cross_sell_frame(lines, orders, "Books", ("2024-01-01", "2024-07-30"), ("2024-07-01", "2024-08-02"))
    with pytest.raises(ValueError, match="not in orders"):
        models.cross_sell_frame(pd.concat([lines, pd.DataFrame({"order_id": [9], "category": ["Tea"]})]), orders,
                                "Books", ("2024-01-01", "2024-06-30"), ("2024-07-01", "2024-08-02"))


def test_rule_scores_hand_worked():
    history = pd.DataFrame({"customer_id": ["A", "B", "B", "C"],
                            "product": ["Tent", "Tea", "Kettle", "Kettle"]})
    rules = pd.DataFrame({"antecedent": ["Tent", "Kettle + Tea", "Kettle"],
                          "consequent": ["Sleeping bag", "Cups", "Cups"],
                          "confidence": [0.6, 0.5, 0.2]})
    scores = models.rule_scores(history, rules, ["Cups"])
    # A has no rule to Cups; B fires both Cups rules (best 0.5); C only the single-item one
    assert scores.to_dict() == {"A": 0.0, "B": 0.5, "C": 0.2}
    with pytest.raises(TypeError, match="target_items"):
        models.rule_scores(history, rules, "Cups")


# --------------------------------------------------------------------------------------------
# The bundled data: the planted churn drivers come out on top
# --------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def bundled():
    orders = crm.datasets.load("orders")
    customers = crm.datasets.load("customers")
    labels = models.churn_labels(orders, OBS, OUT)
    feats = models.churn_features(orders, OBS, customers=customers, tickets=crm.datasets.load("service_tickets"),
                                  campaign=crm.datasets.load("campaign"),
                                  attributes=["region", "age_band", "channel"])
    X_train, X_test, y_train, y_test = models.split_customers(feats, labels)
    return {"labels": labels, "feats": feats, "X_test": X_test, "y_test": y_test,
            "models": models.fit_churn_models(X_train, y_train)}


@pytest.mark.slow
def test_planted_churn_drivers_come_out_on_top(bundled):
    X_test, y_test, fitted = bundled["X_test"], bundled["y_test"], bundled["models"]
    scores = models.model_scores(fitted, X_test, y_test)
    assert (scores["roc_auc"] > 0.78).all()
    # The customer group's base hazard shows through recency, frequency and money spent:
    for model in fitted.values():
        top = models.permutation_drivers(model, X_test, y_test).index[:3]
        assert set(top) == {"recency", "frequency", "monetary"}
    # Unresolved tickets raise churn: the model gives them a positive weight, and among customers who raised
    # tickets those with one left unresolved churn clearly more than those whose tickets were all resolved.
    # (This replaces "larger than every unplanted attribute's coefficient": over five random streams of the
    # same generator the planted coefficient ranged 0.13-0.33 and the largest of some twenty unplanted dummy
    # coefficients 0.19-0.34, so that comparison passed or failed by chance. Raw churn by "has an unresolved
    # ticket" shows nothing either, because ticket writers are frequent buyers; within ticket writers it does.)
    coef = models.logistic_drivers(fitted["logistic regression"])["coefficient"]
    assert coef["unresolved_tickets"] > 0
    feats = bundled["feats"].join(bundled["labels"]["churned"], how="inner")
    writers = feats[feats["tickets"] > 0]
    unresolved = writers.loc[writers["unresolved_tickets"] > 0, "churned"]
    resolved = writers.loc[writers["unresolved_tickets"] == 0, "churned"]
    assert len(unresolved) >= 50 and len(resolved) >= 50
    assert unresolved.mean() > resolved.mean() + 0.08
    assert coef["recency"] > 0 and coef["frequency"] < 0


@pytest.mark.slow
def test_surveyed_attitudes_lower_churn_as_planted(bundled):
    survey = crm.datasets.load("survey")
    items = {k: v for k, v in crm.loyalty.CONSTRUCTS.items() if k in crm.loyalty.DRIVERS}
    attitudes = crm.loyalty.construct_scores(survey, items, keep=["customer_id"]).set_index("customer_id")
    feats = bundled["feats"].drop(columns=["region", "age_band", "channel"]).join(attitudes, how="inner")
    y = bundled["labels"]["churned"].loc[feats.index]
    coef = models.logistic_drivers(models.churn_pipeline(feats).fit(feats, y))["coefficient"]
    # planted: perceived value and switching cost lower the hazard most, satisfaction hardly at all
    assert coef["perceived_value"] < 0 and coef["switching_cost"] < 0
    assert coef["perceived_value"] + coef["switching_cost"] < coef["satisfaction"] + coef["trust"]


def test_model_charts_and_retention_widget_run():
    import matplotlib.pyplot as plt

    y = [0, 1, 0, 1, 1, 0, 1, 0]
    s = [0.1, 0.9, 0.3, 0.7, 0.6, 0.2, 0.8, 0.4]
    tx = pd.DataFrame({"order_id": [1, 2], "order_date": ["2024-01-05", "2024-08-01"]})
    crm.plots.churn_windows_chart(tx, ("2024-01-01", "2024-06-30"), ("2024-07-01", "2024-08-31"), title="t")
    crm.plots.roc_chart(y, {"a": s}, title="t")
    crm.plots.lift_chart({"a": models.gains_table(y, s, bins=4)}, title="t")
    crm.plots.gains_chart(models.gains_table(y, s, bins=4), title="t")
    crm.plots.driver_chart(pd.DataFrame({"coefficient": [0.5, -0.2]}, index=["a", "b"]), column="coefficient",
                           title="t")
    risk = pd.Series([0.8, 0.5, 0.1], index=["A", "B", "C"])
    crm.plots.targeting_profit_chart(models.targeting_plan(risk, 100.0, budget=20, contact_cost=1, offer_value=5),
                                     title="t")
    box = crm.widgets.retention_planner(risk, 700.0, budget=140)     # yuan: contact ¥8, offer ¥70
    box.children[0].value = 35.0
    assert "Contact:</b> 1 customers" in box.children[4].value
    plt.close("all")
    with pytest.raises(ValueError, match="title must be a non-empty string"):
        crm.plots.lift_chart(models.gains_table(y, s, bins=4), title="")
    with pytest.raises(ValueError, match="gains_table"):
        crm.plots.lift_chart(pd.DataFrame({"x": [1]}), title="t")


def test_churn_labels_reads_time_zone_aware_dates_on_their_local_day():
    tx = pd.DataFrame({"customer_id": ["A", "A", "B", "C"], "order_id": [1, 2, 3, 4],
                       "order_date": ["2024-01-10 09:00", "2024-06-30 23:30", "2024-02-01 12:00", "2024-07-31 18:00"]})
    naive = tx.assign(order_date=pd.to_datetime(tx["order_date"]))
    aware = naive.assign(order_date=naive["order_date"].dt.tz_localize("Asia/Shanghai"))
    windows = dict(observation=("2024-01-01", "2024-06-30"), outcome=("2024-07-01", "2024-07-31"))
    expected = models.churn_labels(naive, **windows)
    assert models.churn_labels(aware, **windows).equals(expected)
    assert expected["churned"].to_dict() == {"A": 1, "B": 1}     # A's 23:30 order on 30 June is not in July
