"""Tests for crm_lessons.tradefair: renewal, value, non-renewal features, actions and the budget split."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crm_lessons as crm
from crm_lessons import tradefair


def _ex():
    # E1: 2023-2025; E2: 2023 only; E3: 2024-2025; E4: new in 2025.
    return pd.DataFrame({
        "exhibitor_id": ["E1", "E2", "E1", "E3", "E1", "E3", "E4"],
        "edition": [2023, 2023, 2024, 2024, 2025, 2025, 2025],
        "first_edition": [2023, 2023, 2023, 2024, 2023, 2024, 2025],
        "booth_sqm": [20, 10, 20, 40, 30, 40, 9],
        "spend": [6000.0, 3000.0, 6200.0, 12000.0, 9000.0, 12500.0, 2700.0],
        "services_spend": [500.0, 0.0, 800.0, 1000.0, 1000.0, 500.0, 300.0],
        "leads": [40, 4, 30, 100, 60, 80, 9],
        "satisfaction": [8, 3, 7, 9, 8, 6, 5],
        "renewed": ["True", "False", "True", "True", None, None, None],     # as text, like a CSV
        "company_size": ["medium", "small", "medium", "large", "medium", "large", "small"],
    })


def test_exhibitor_panel_adds_revenue_leads_and_history():
    panel = tradefair.exhibitor_panel(_ex())
    e1 = panel[panel["exhibitor_id"] == "E1"]
    assert e1["revenue"].tolist() == [6500.0, 7000.0, 10000.0]
    assert e1["leads_per_sqm"].tolist() == [2.0, 1.5, 2.0]
    assert e1["editions_attended"].tolist() == [1, 2, 3]
    assert e1["new"].tolist() == [True, False, False]
    assert panel["renewed"].dtype == "boolean" and panel["renewed"].isna().sum() == 3


@pytest.mark.parametrize("change, error, match", [
    (lambda d: d.drop(columns="leads"), ValueError, "leads"),
    (lambda d: d.assign(satisfaction=[11, 3, 7, 9, 8, 6, 5]), ValueError, "between 1 and 10"),
    (lambda d: d.assign(spend=[-1.0] + [1.0] * 6), ValueError, "negative"),
    (lambda d: d.assign(booth_sqm=[0] + [9] * 6), ValueError, "0 m²"),
    (lambda d: d.assign(renewed=["maybe"] * 7), ValueError, "True/False"),
    (lambda d: d.assign(edition=[2023] * 7), ValueError, "one row per exhibitor and edition"),
    (lambda d: d.assign(leads=["many"] * 7), TypeError, "must hold numbers"),
    (lambda d: d.assign(first_edition=[2030] * 7), ValueError, "first_edition after edition"),
])
def test_exhibitor_panel_rejects_bad_tables(change, error, match):
    with pytest.raises(error, match=match):
        tradefair.exhibitor_panel(change(_ex()))


def test_renewal_by_edition_hand_worked():
    t = tradefair.renewal_by_edition(_ex())
    assert t.index.tolist() == [2023, 2024, 2025]
    assert t["exhibitors"].tolist() == [2, 2, 3]
    assert t["new"].tolist() == [2, 1, 1] and t["returning"].tolist() == [0, 1, 2]
    assert t["renewed"].tolist() == [1, 2, 0]
    assert t["renewal_rate"].tolist()[:2] == [0.5, 1.0] and np.isnan(t.loc[2025, "renewal_rate"])
    assert t["retention_rate"].tolist()[1:] == [0.5, 1.0]
    assert t.loc[2025, "revenue"] == pytest.approx(10000 + 13000 + 3000)


def test_renewal_rates_by_group_uses_known_editions_only():
    rates = tradefair.renewal_rates(_ex(), "company_size")
    # known rows: E1 2023 (medium, renewed), E2 2023 (small, no), E1 2024 (medium, yes), E3 2024 (large, yes)
    assert rates["exhibitor_editions"].to_dict() == {"large": 1, "medium": 2, "small": 1}
    assert rates["renewal_rate"].to_dict() == {"large": 1.0, "medium": 1.0, "small": 0.0}
    with pytest.raises(ValueError, match="by\\[0\\]='colour'"):
        tradefair.renewal_rates(_ex(), "colour")


def test_exhibitor_value_sums_the_window():
    v = tradefair.exhibitor_value(_ex(), window=2)
    assert v.index.tolist() == ["E1", "E3", "E4"]
    assert v["value"].tolist() == [7000.0 + 10000.0, 13000.0 + 13000.0, 3000.0]
    assert v["editions_attended"].tolist() == [3, 2, 1]
    v3 = tradefair.exhibitor_value(_ex(), edition=2024, window=3)
    assert v3["value"].to_dict() == {"E1": 13500.0, "E3": 13000.0}
    with pytest.raises(ValueError, match="edition must be one of"):
        tradefair.exhibitor_value(_ex(), edition=2030)
    with pytest.raises(ValueError, match="window"):
        tradefair.exhibitor_value(_ex(), window=0)


def test_renewal_frame_label_and_features():
    f = tradefair.renewal_frame(_ex(), [2023, 2024])
    assert f.index.names == ["exhibitor_id", "edition"]
    assert f["left"].tolist() == [0, 1, 0, 0]
    assert f.loc[("E2", 2023), "leads_per_sqm"] == 0.4
    now = tradefair.renewal_frame(_ex(), [2025])
    assert now["left"].isna().all()
    with pytest.raises(ValueError, match="not in ex"):
        tradefair.renewal_frame(_ex(), [2019])
    with pytest.raises(TypeError, match="editions"):
        tradefair.renewal_frame(_ex(), 2024)


def test_next_best_action_rule_order():
    t = pd.DataFrame({"satisfaction": [4, 4, 9, 9, 9, 9],
                      "leads_per_sqm": [0.1, 3.0, 0.1, 3.0, 3.0, 3.0],
                      "editions_attended": [1, 3, 1, 1, 4, 4],
                      "tier": ["key", "small", "strategic", "key", "strategic", "small"]})
    action = tradefair.next_best_action(t, low_leads=1.0)
    kinds = action.str.split(":").str[0].tolist()
    # recovery beats everything, then leads, then onboarding, then the tier's own action
    assert kinds == ["service recovery", "service recovery", "lead programme", "onboarding", "tier", "tier"]
    assert action.iloc[4].endswith(tradefair.TREATMENTS.loc["strategic", "action"])
    with pytest.raises(ValueError, match="expected"):
        tradefair.next_best_action(t.assign(tier="gold"))


def _table():
    return pd.DataFrame({"tier": ["strategic", "key", "transactional", "small"],
                         "leave_prob": [0.1, 0.5, 0.5, 0.9],
                         "revenue_last": [1400000.0, 350000.0, 70000.0, 14000.0]},
                        index=["S", "K", "T", "R"])


def test_budget_split_hand_worked():
    plan = tradefair.budget_split(_table(), 7000, margin_rate=0.5)
    # expected profit = 0.5 * p * save * revenue - cost (costs in yuan: 6000, 2000, 400, 30):
    # S: 0.5 * 0.1 * 0.40 * 1400000 - 6000 = 22000 (3.67 per yuan)
    # K: 0.5 * 0.5 * 0.30 * 350000 - 2000 = 24250 (12.1 per yuan)
    # T: 0.5 * 0.5 * 0.15 * 70000 - 400 = 2225 (5.56 per yuan)
    # R: 0.5 * 0.9 * 0.05 * 14000 - 30 = 285 (9.5 per yuan)
    assert plan.index.tolist() == ["K", "R", "T", "S"]
    assert plan["expected_profit"].tolist() == pytest.approx([24250, 285, 2225, 22000])
    # K, R, T cost 2430 in all; S (6000) no longer fits in 7000
    assert plan["treat"].tolist() == [True, True, True, False]
    summary = tradefair.budget_summary(plan)
    assert summary.index.tolist() == ["strategic", "key", "transactional", "small", "total"]
    assert summary.loc["total", "budget"] == 2430
    assert summary.loc["total", "expected_renewals_kept"] == pytest.approx(0.15 + 0.075 + 0.045)
    assert summary.loc["key", "budget_share"] == pytest.approx(2000 / 2430)
    assert summary.loc["total", "revenue_share"] == pytest.approx(1.0)
    assert summary.loc["total", "expected_leavers"] == pytest.approx(2.0)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(list(tradefair.TREATMENTS.index)), st.floats(0, 1),
                          st.floats(0, 1e6)), min_size=1, max_size=40),
       st.floats(0, 20000))
def test_budget_split_properties(rows, budget):
    table = pd.DataFrame(rows, columns=["tier", "leave_prob", "revenue_last"],
                         index=[f"E{i}" for i in range(len(rows))])
    plan = tradefair.budget_split(table, budget)
    treated = plan[plan["treat"]]
    assert treated["cost"].sum() <= budget + 1e-6
    assert (treated["expected_profit"] > 0).all()
    ratio = (plan["expected_profit"] / plan["cost"]).to_numpy()
    assert (np.diff(ratio) <= 1e-9).all()
    summary = tradefair.budget_summary(plan)
    assert summary.loc["total", "treated"] == len(treated)
    assert summary.loc["total", "budget"] == pytest.approx(treated["cost"].sum())


def test_budget_split_rejects_bad_input():
    with pytest.raises(ValueError, match="budget"):
        tradefair.budget_split(_table(), -5)
    with pytest.raises(ValueError, match="probabilities"):
        tradefair.budget_split(_table().assign(leave_prob=[0.1, 2, 0.3, 0.4]), 100)
    with pytest.raises(ValueError, match="no row for tier"):
        tradefair.budget_split(_table(), 100, treatments=tradefair.TREATMENTS.drop(index="small"))
    with pytest.raises(ValueError, match="leave_prob"):
        tradefair.budget_split(_table().drop(columns="leave_prob"), 100)


# --------------------------------------------------------------------------------------------
# The bundled exhibitor data
# --------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def bundled():
    return crm.datasets.load("exhibitors")


def test_retention_equals_previous_renewal_on_the_bundled_data(bundled):
    t = tradefair.renewal_by_edition(bundled)
    # nobody skips an edition and comes back, so this year's returners are last year's renewals
    assert t["retention_rate"].iloc[1:].to_numpy() == pytest.approx(t["renewal_rate"].iloc[:-1].to_numpy())
    assert (t["returning"].iloc[1:].to_numpy() == t["renewed"].iloc[:-1].to_numpy()).all()


@pytest.mark.slow
def test_planted_renewal_drivers_come_out_on_top(bundled):
    from sklearn.metrics import roc_auc_score

    train = tradefair.renewal_frame(bundled, range(2019, 2024))
    test = tradefair.renewal_frame(bundled, [2024])
    X_train, y_train = train.drop(columns="left"), train["left"].astype(int)
    X_test, y_test = test.drop(columns="left"), test["left"].astype(int)
    model = crm.models.churn_pipeline(X_train).fit(X_train, y_train)
    assert roc_auc_score(y_test, model.predict_proba(X_test)[:, 1]) > 0.8
    top = crm.models.permutation_drivers(model, X_test, y_test, n_repeats=3).index[:3]
    assert set(top) == {"leads_per_sqm", "satisfaction", "editions_attended"}
    coef = crm.models.logistic_drivers(model)["coefficient"]
    assert coef["leads_per_sqm"] < 0 and coef["satisfaction"] < 0 and coef["editions_attended"] < 0
    assert coef["company_size_large firm"] < coef["company_size_small firm"]


def test_value_tiers_of_the_2025_exhibitors(bundled):
    table = tradefair.exhibitor_value(bundled)
    tiers = crm.value.value_tiers(table["value"])
    counts = tiers.value_counts()
    n = len(table)
    assert counts["strategic"] == round(0.05 * n) and counts["key"] == round(0.20 * n) - round(0.05 * n)
    # the strategic exhibitors hold more value each than any key exhibitor
    assert table.loc[tiers == "strategic", "value"].min() >= table.loc[tiers == "key", "value"].max()


def test_capstone_charts_and_widget_run(bundled):
    import matplotlib.pyplot as plt

    table = tradefair.exhibitor_value(bundled)
    table["tier"] = crm.value.value_tiers(table["value"])
    table["leave_prob"] = 0.2
    summary = tradefair.budget_summary(tradefair.budget_split(table, 5000))
    crm.plots.edition_chart(tradefair.renewal_by_edition(bundled), title="t")
    crm.plots.renewal_rate_chart(tradefair.renewal_rates(bundled, "satisfaction"), title="t", xlabel="x")
    crm.plots.value_risk_map(table, title="t")
    crm.plots.budget_split_chart(summary, title="t")
    box = crm.widgets.budget_split_planner(table, budget=5000)
    box.children[0].value = 10000          # re-runs the plan without error
    plt.close("all")
    with pytest.raises(ValueError, match="sliders"):
        crm.widgets.budget_split_planner(table, budget=500000)          # the slider stops at ¥420,000


def test_budget_summary_uses_the_plans_margin_even_without_attrs():
    table = pd.DataFrame({"tier": ["strategic", "small"], "leave_prob": [0.5, 0.5],
                          "revenue_last": [700000.0, 14000.0]}, index=["E1", "E2"])
    plan = tradefair.budget_split(table, 6000, margin_rate=0.2)
    plan.attrs = {}                                  # pandas drops attrs in many operations
    summary = tradefair.budget_summary(plan)
    # E1 treated: save rate 0.4 x 0.5 leave prob x 700,000 = 140,000 revenue kept; margin 20 % = 28,000; cost 6,000
    kept, cost = 0.5 * tradefair.TREATMENTS.loc["strategic", "save_rate"] * 700000.0, 6000.0
    assert cost == tradefair.TREATMENTS.loc["strategic", "cost"]
    assert summary.loc["total", "roi"] == pytest.approx((0.2 * kept - cost) / cost)
