"""Tests for crm_lessons.clv (per-customer CLV, Fader, Hardie & Lee 2005b) and its charts.

CLV is checked against its definition: margin x expected spend (Gamma-Gamma)
x DERT, where DERT is compared with a direct sum of the model's expected
purchases week by week, discounted, over a long horizon.
"""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import crm_lessons as crm  # noqa: E402
from crm_lessons import clv  # noqa: E402
from crm_lessons.gamma_gamma import GammaGammaFit  # noqa: E402
from crm_lessons.pareto_nbd import ParetoNBDFit  # noqa: E402

PURCHASES = ParetoNBDFit(0.5534, 10.5802, 0.6061, 11.6711, float("nan"), 0, True)
SPEND = GammaGammaFit(6.25, 3.74, 15.44, float("nan"), 0, True)


@pytest.fixture(scope="module")
def table():
    return clv.customer_lifetime_values(crm.datasets.load("cdnow_sample"), as_of="1997-09-30")


def test_one_call_values_every_customer_of_the_sample(table):
    assert len(table) == 2357 and table.index.is_unique
    assert table["clv"].is_monotonic_decreasing
    assert ((table["p_alive"] > 0) & (table["p_alive"] <= 1)).all()
    assert (table["clv"] >= 0).all()
    # the fitted models are the published ones (Fader & Hardie 2005 note; 2013 note)
    assert [round(v, 2) for v in table.attrs["purchase_model"].params] == [0.55, 10.58, 0.61, 11.67]
    assert [round(v, 2) for v in table.attrs["spend_model"].params] == [6.25, 3.74, 15.44]
    assert round(table.attrs["discount_rate"], 4) == 0.0027    # 15 % a year, weekly (FHL 2005b)
    expected = table["expected_spend"] * table["dert"]
    np.testing.assert_allclose(table["clv"], expected)


def test_dert_is_the_discounted_sum_of_expected_purchases():
    s = pd.DataFrame({"frequency": [0, 4], "recency": [0.0, 30.0], "T": [38.0, 38.0]})
    delta = 0.0027
    dert = PURCHASES.discounted_expected_transactions(s, delta)
    # expected purchases in each of the next 3000 weeks, discounted at mid-week
    weeks = np.arange(1, 3001, dtype=float)
    for i in range(len(s)):
        cumulative = np.array([PURCHASES.conditional_expected_purchases(s.iloc[[i]], t).iloc[0] for t in weeks])
        per_week = np.diff(np.concatenate([[0.0], cumulative]))
        direct = (per_week * np.exp(-delta * (weeks - 0.5))).sum()
        assert dert.iloc[i] == pytest.approx(direct, rel=2e-3)


def test_margin_scales_value_and_a_higher_discount_lowers_it():
    tx = crm.datasets.load("cdnow_sample")
    base = clv.customer_lifetime_values(tx, as_of="1997-09-30")
    half = clv.customer_lifetime_values(tx, as_of="1997-09-30", margin=0.5)
    dear = clv.customer_lifetime_values(tx, as_of="1997-09-30", annual_discount=0.30)
    np.testing.assert_allclose(half["clv"].sort_index(), 0.5 * base["clv"].sort_index())
    assert (dear["clv"].sort_index() < base["clv"].sort_index()).all()


def test_iso_value_grid_rises_with_frequency_and_recency():
    grid = clv.iso_value_grid(PURCHASES, SPEND, T=39, monetary_value=35, max_frequency=6, recency_step=3,
                              discount_rate=0.0027)
    assert grid.loc[0.0, 0] > 0 and grid[0].iloc[1:].isna().all()
    assert (grid.loc[39.0].diff().dropna() > 0).all()           # more purchases, more value (if recent)
    assert (grid[6].diff().dropna() > 0).all()                  # more recent, more value
    # a frequent buyer silent for most of the year is worth less than a recent one-repeat buyer
    assert grid.loc[6.0, 6] < grid.loc[39.0, 1]


def test_tier_changes_counts_moves():
    before = pd.Series(["key", "risk", "key", "strategic"], index=list("abcd"))
    after = pd.Series(["risk", "key", "key", "strategic"], index=list("dcba"))
    table = clv.tier_changes(before, after)
    assert table.attrs["changed"] == 3
    assert table.loc["all", "all"] == 4
    with pytest.raises(ValueError, match="same customers"):
        clv.tier_changes(before, after.iloc[:3])


def test_bad_arguments_are_named():
    tx = crm.datasets.load("cdnow_sample")
    with pytest.raises(ValueError, match="annual_discount"):
        clv.customer_lifetime_values(tx, annual_discount=15)
    with pytest.raises(TypeError, match="annual_discount"):
        clv.customer_lifetime_values(tx, annual_discount="15%")
    with pytest.raises(ValueError, match="margin"):
        clv.customer_lifetime_values(tx, margin=1.5)
    with pytest.raises(ValueError, match="amount="):
        clv.customer_lifetime_values(tx.drop(columns="amount"))
    with pytest.raises(TypeError, match="fit_pareto_nbd"):
        clv.iso_value_grid(SPEND, SPEND, T=39, monetary_value=35, discount_rate=0.0027)


def test_charts_state_their_axes():
    grid = clv.iso_value_grid(PURCHASES, SPEND, T=39, monetary_value=35, max_frequency=6, recency_step=3,
                              discount_rate=0.0027)
    ax = crm.plots.iso_value_chart(grid, title="Recent frequent buyers are worth most")
    assert "Recency" in ax.get_xlabel() and "Frequency" in ax.get_ylabel()
    with pytest.raises(ValueError, match="actual"):
        crm.plots.models_by_frequency_chart(pd.DataFrame({"x": [1]}), title="t")
    plt.close("all")


def test_dates_that_are_not_dates_are_named():
    tx = crm.datasets.load("cdnow_sample")
    with pytest.raises(ValueError, match="as_of"):
        clv.customer_lifetime_values(tx, as_of="end of September")
    with pytest.raises(TypeError, match="calibration_end"):
        crm.gamma_gamma.spend_summary(tx, calibration_end=1997)
