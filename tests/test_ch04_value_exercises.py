"""Chapter 04's CLV, wallet and pruning exercises accept the right answers and reject the tempting wrong ones.

The generic rules (stubs, perturbed values, junk) are in tests/test_exercises.py;
here each exercise meets the specific mistakes a learner is likely to make.
"""
from __future__ import annotations

import pytest

import crm_lessons as crm
from crm_lessons import clv, gamma_gamma
from crm_lessons.exercises import ch04

WHY = "A justification of a dozen words or more that quotes the numbers from the table above."


@pytest.fixture(scope="module")
def clv_table():
    return clv.customer_lifetime_values(crm.datasets.load("cdnow_sample"), as_of="1997-09-30")


def test_4_8_aggregate_share_not_the_mean_share():
    orders = crm.datasets.load("orders")
    customers = crm.datasets.load("customers")
    value_table = crm.value.customer_value(orders, cost_per_order=8.0, cost_per_customer=customers.set_index(
        "customer_id")["channel"].map(ch04.ACQUISITION_COST))
    sow = crm.wallet.share_of_wallet(crm.datasets.load("survey"), orders, as_of="2024-01-15")
    best = sow.join(crm.value.value_tiers(value_table["profit"]))
    best = best[best["tier"].isin(["strategic", "key"])]
    assert crm.check("4.8", best["our_spend"].sum() / best["total_spend"].sum()).correct
    assert not crm.check("4.8", best["share_of_wallet"].mean()).correct      # mean of ratios
    assert not crm.check("4.8", 2 / 3).correct                                # the target, not the fact


def test_4_9_only_the_lapsed_unprotected_customer_is_pruned():
    candidates = ch04.pruning_candidates()
    assert len(candidates) == 4
    assert candidates.index.is_unique                     # four profiles, four different customers
    assert crm.check("4.9", {"choice": "C02220", "why": WHY}).correct
    # the pruned customer is the one lapsed candidate with no reason to keep them (not new, demanding or strict)
    unprotected = candidates["lapsed"] & ~candidates[["new", "demanding", "strict"]].any(axis=1)
    assert unprotected[unprotected].index.tolist() == ["C02220"]
    for other in candidates.index.drop("C02220"):
        assert not crm.check("4.9", {"choice": other, "why": WHY}).correct


def test_4_10_population_mean_not_the_sample_average():
    spend = gamma_gamma.spend_summary(crm.datasets.load("cdnow_sample"), calibration_end="1997-09-30")
    assert crm.check("4.10", gamma_gamma.fit_gamma_gamma(spend).population_mean_spend).correct
    assert not crm.check("4.10", spend.loc[spend["frequency"] > 0, "monetary_value"].mean()).correct


def test_4_11_sum_of_probabilities_not_a_count(clv_table):
    assert crm.check("4.11", clv_table["p_alive"].sum()).correct
    assert not crm.check("4.11", int((clv_table["p_alive"] > 0.5).sum())).correct
    assert not crm.check("4.11", len(clv_table)).correct


def test_4_12_margin_on_clv_not_revenue_or_past_spend(clv_table):
    ceiling = 0.3 * clv_table.loc[1560, "clv"]
    assert crm.check("4.12", {"choice": round(ceiling), "why": WHY}).correct
    assert not crm.check("4.12", {"choice": clv_table.loc[1560, "clv"], "why": WHY}).correct   # revenue, no margin
    past = crm.datasets.load("cdnow_sample").query("customer_id == 1560")["amount"].sum()
    assert not crm.check("4.12", {"choice": 0.3 * past, "why": WHY}).correct                 # past, not future
